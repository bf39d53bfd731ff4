import { FluentProvider } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import { Root } from "./components/App";
import { NotInExcel } from "./components/NotInExcel";
import { lazyGateway } from "./lazyGateway";
import { themeForOffice } from "./theme";
import { lightTheme } from "./themeTokens";

/** The Office.js adapter, in the same chunk as the planner (see useTaskpane's loadPlanner). */
const officeGateway = lazyGateway(() =>
  import(/* webpackChunkName: "excel" */ "../excel/gateway").then((m) => m.createOfficeGateway()),
);

/**
 * Entry point of the task pane page. Renders after `Office.onReady`: inside Excel, the app over
 * the Office.js gateway; anywhere else (a plain browser tab, office.js blocked or offline), a page
 * that says how to open the add-in in Excel.
 */

/** How long to wait for Office.js before showing the "open in Excel" page (it may still arrive). */
const OFFICE_READY_PATIENCE_MS = 10_000;

function officeIsLoaded(): boolean {
  return typeof Office !== "undefined" && typeof Office.onReady === "function";
}

function currentOfficeTheme(): Office.OfficeTheme | undefined {
  try {
    return Office.context?.officeTheme ?? undefined;
  } catch {
    // officeTheme is not available on every platform (e.g. older builds of Excel on the web).
    return undefined;
  }
}

function renderOutsideExcel(root: ReturnType<typeof createRoot>) {
  root.render(
    <FluentProvider theme={lightTheme} className="p2p-provider">
      <NotInExcel />
    </FluentProvider>,
  );
}

async function boot(): Promise<void> {
  const container = document.getElementById("container");
  if (!container) throw new Error("taskpane.html has no #container element");
  const root = createRoot(container);
  if (!officeIsLoaded()) {
    renderOutsideExcel(root);
    return;
  }
  const patience = window.setTimeout(() => renderOutsideExcel(root), OFFICE_READY_PATIENCE_MS);
  const info = await Office.onReady();
  window.clearTimeout(patience);
  if (info.host !== Office.HostType.Excel) {
    renderOutsideExcel(root);
    return;
  }
  const theme = await themeForOffice(currentOfficeTheme());
  root.render(<Root gateway={officeGateway} theme={theme} />);
}

void boot();
