/**
 * The workbook behind the component tests: the Excel API simulator installed as the `Excel` and
 * `Office` globals, over the e2e sample workbook (or another spec), and the real Office.js gateway
 * (`createOfficeGateway`) on top. The pane under test talks to the same code it runs in Excel.
 */
import { createOfficeGateway } from "../../src/excel/gateway";
import type { WorkbookGateway } from "../../src/taskpane/gateway";
import {
  installSimulator,
  type CellSpec,
  type InstalledSimulator,
  type WorkbookSnapshot,
  type WorkbookSpec,
} from "../simulator";
import { SAMPLE_WORKBOOK } from "../e2e/sampleWorkbook";

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

/** A pilot sheet with `count` cost lines (every 7th one matches no keyword rule). */
export function bigPilotWorkbook(count: number): Partial<WorkbookSpec> & { sheets: WorkbookSpec["sheets"] } {
  const labels = [
    "Data labelling batch",
    "GPU hosting",
    "CRM integration",
    "Training session",
    "Drift monitoring",
    "Security audit",
    "Catering",
  ];
  const rows: CellSpec[][] = [["Line item", "Cost"]];
  for (let i = 0; i < count; i++) rows.push([`${labels[i % labels.length] ?? "Line"} ${i + 1}`, 100 + (i % 50)]);
  return {
    sheets: [{ name: "Big pilot", rows }],
    names: [],
    tables: [],
    activeSheet: "Big pilot",
    selection: `A1:B${count + 1}`,
  };
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
