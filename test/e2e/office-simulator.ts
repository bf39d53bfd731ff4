/**
 * Stand-in for the Office.js CDN script in the e2e build (webpack `--env e2e`, page e2e.html):
 * installs the Excel API simulator over the sample workbook before the task pane's bundle runs,
 * and exposes it to the test runner as `window.__p2p`. Query parameters:
 *   ?theme=dark        Office reports a dark theme (Office.context.officeTheme)
 *   ?platform=PC       the simulator's platform (default OfficeOnline)
 *   ?lines=20000       a generated pilot sheet of that many cost lines instead of the sample
 */
import {
  getCell,
  installSimulator,
  sheetContents,
  type InstalledSimulator,
} from "../simulator";
import { bigPilotWorkbook, SAMPLE_WORKBOOK } from "./sampleWorkbook";


export interface E2EHandle {
  office: InstalledSimulator;
  snapshot: InstalledSimulator["snapshot"];
  getCell(qualified: string): ReturnType<typeof getCell>;
  sheetContents(sheetName: string): ReturnType<typeof sheetContents>;
}

declare global {
  interface Window {
    __p2p?: E2EHandle;
  }
}

const params = new URLSearchParams(window.location.search);
const platform = params.get("platform");
const lines = Number(params.get("lines") ?? 0);
const office = installSimulator(lines > 0 ? bigPilotWorkbook(lines) : SAMPLE_WORKBOOK, {
  platform: platform === "PC" || platform === "Mac" ? platform : "OfficeOnline",
});

const dark = params.get("theme") === "dark";
const officeTheme = dark
  ? {
      bodyBackgroundColor: "#262626",
      bodyForegroundColor: "#FFFFFF",
      controlBackgroundColor: "#333333",
      controlForegroundColor: "#FFFFFF",
      isDarkTheme: true,
    }
  : {
      bodyBackgroundColor: "#FFFFFF",
      bodyForegroundColor: "#000000",
      controlBackgroundColor: "#FFFFFF",
      controlForegroundColor: "#262626",
      isDarkTheme: false,
    };
Object.assign(office.Office.context, { officeTheme });

window.__p2p = {
  office,
  snapshot: () => office.snapshot(),
  getCell: (qualified) => getCell(office.sim.workbook, qualified),
  sheetContents: (sheetName) => sheetContents(office.sim.workbook, sheetName),
};
