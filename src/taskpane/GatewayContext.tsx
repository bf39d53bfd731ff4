import { createContext, useContext } from "react";
import type { WorkbookGateway } from "./gateway";

/** The workbook gateway for components that need it directly (most get commands by prop). */
export const GatewayContext = createContext<WorkbookGateway | null>(null);

export function useGateway(): WorkbookGateway {
  const gateway = useContext(GatewayContext);
  if (!gateway) throw new Error("useGateway() needs a <GatewayContext.Provider> above it.");
  return gateway;
}
