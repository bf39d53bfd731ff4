/**
 * The workbook behind the component tests: the Excel API simulator installed as the `Excel` and
 * `Office` globals, over the e2e sample workbook (or another spec), and the real Office.js gateway
 * (`createOfficeGateway`) on top. The pane under test talks to the same code it runs in Excel.
 */
import { createOfficeGateway } from "../../src/excel/gateway";
import type { WorkbookGateway } from "../../src/taskpane/gateway";
import {
  installSimulator,
  type InstalledSimulator,
  type WorkbookSnapshot,
  type WorkbookSpec,
} from "../simulator";
import { SAMPLE_WORKBOOK } from "../e2e/sampleWorkbook";

export { bigPilotWorkbook } from "../e2e/sampleWorkbook";

export interface Harness {
  office: InstalledSimulator;
  gateway: WorkbookGateway;
  selection(): { sheet: string; address: string };
  activeSheet(): string;
  sheetNames(): string[];
  snapshot(): WorkbookSnapshot;
  /** The next generation fails half way through its first write (the simulator's failure injection). */
  failNextGenerate(): void;
  progressMessages(): string[];
}

let installed: InstalledSimulator[] = [];

/** Restores the globals; call from `afterEach`. */
export function uninstallAll(): void {
  for (const office of installed.reverse()) office.uninstall();
  installed = [];
}


export function createHarness(overrides: Partial<WorkbookSpec> = {}): Harness {
  const office = installSimulator({ ...SAMPLE_WORKBOOK, ...overrides });
  installed.push(office);
  const progress: string[] = [];
  const inner = createOfficeGateway({ policy: { timeoutMs: 10_000, editModeRetryDelaysMs: [1, 1] } });
  const gateway: WorkbookGateway = {
    ...inner,
    generate: (plan, onProgress) =>
      inner.generate(plan, (p) => {
        progress.push(p.message);
        onProgress?.(p);
      }),
  };
  return {
    office,
    gateway,
    selection: () => office.snapshot().selection,
    activeSheet: () => office.snapshot().activeSheet,
    sheetNames: () => office.snapshot().sheets.map((s) => s.name),
    snapshot: () => office.snapshot(),
    failNextGenerate: () =>
      office.sim.inject({
        sync: office.sim.syncCount + 2,
        code: "GeneralException",
        message: "Simulated failure in the middle of the write.",
      }),
    progressMessages: () => progress,
  };
}
