/**
 * The workbook behind the component tests. TEMPORARY in-memory gateway over the e2e sample
 * workbook spec, until `createOfficeGateway` (src/excel) lands; then this file installs the Excel
 * API simulator and returns the real Office.js gateway over it, with the same harness API.
 */
import { columnIndexToLetters, parseAddress, parseRange, splitSheetRef } from "../../src/domain/a1";
import { STATE_SHEET_NAME } from "../../src/domain/savedState";
import type { SourceCell, SourceGrid } from "../../src/domain/source";
import type { PlanCell, WorkbookPlan } from "../../src/domain/workbookPlan";
import type { NamedSource, SourceRequest, WorkbookGateway } from "../../src/taskpane/gateway";
import type { CellSpec, WorkbookSpec } from "../simulator";
import { PILOT_SHEET, SAMPLE_WORKBOOK } from "../e2e/sampleWorkbook";

export interface Harness {
  gateway: WorkbookGateway;
  selection(): { sheet: string; address: string };
  activeSheet(): string;
  sheetNames(): string[];
  snapshot(): unknown;
  failNextGenerate(): void;
  progressMessages(): string[];
}

/** A pilot sheet with `count` cost lines (every 7th one matches no keyword rule). */
export function bigPilotWorkbook(count: number): Partial<WorkbookSpec> & { sheets: WorkbookSpec["sheets"] } {
  const labels = ["Data labelling batch", "GPU hosting", "CRM integration", "Training session", "Drift monitoring", "Security audit", "Catering"];
  const rows: CellSpec[][] = [["Line item", "Cost"]];
  for (let i = 0; i < count; i++) rows.push([`${labels[i % labels.length] ?? "Line"} ${i + 1}`, 100 + (i % 50)]);
  return { sheets: [{ name: "Big pilot", rows }], activeSheet: "Big pilot", selection: `A1:B${count + 1}` };
}

function sourceCell(spec: CellSpec | undefined): SourceCell {
  if (spec === undefined || spec === null) return null;
  if (typeof spec !== "object") return spec;
  if ("error" in spec) return { error: spec.error };
  if ("formula" in spec) return spec.value === undefined ? null : (spec.value as SourceCell);
  if ("text" in spec) return spec.text;
  return spec.value;
}

function formatOf(spec: CellSpec | undefined): string {
  if (spec && typeof spec === "object" && "numberFormat" in spec && spec.numberFormat) return spec.numberFormat;
  if (spec && typeof spec === "object" && "text" in spec) return "@";
  return "General";
}

export function createHarness(overrides: Partial<WorkbookSpec> = {}): Harness {
  const spec: WorkbookSpec = { ...SAMPLE_WORKBOOK, ...overrides };
  const firstSheet = spec.sheets[0]?.name ?? PILOT_SHEET;
  let selection = { sheet: spec.activeSheet ?? firstSheet, address: spec.selection ?? "A1" };
  let active = spec.activeSheet ?? firstSheet;
  let generated: { plan: WorkbookPlan; cells: Map<string, PlanCell | null> } | null = null;
  let failNext = false;
  const progress: string[] = [];

  function grid(sheetName: string, address: string): SourceGrid {
    const sheet = spec.sheets.find((s) => s.name === sheetName);
    const range = parseRange(address);
    if (!sheet || !range) throw new Error(`No range ${sheetName}!${address}`);
    const values: SourceCell[][] = [];
    const numberFormats: string[][] = [];
    for (let r = range.start.rowIndex; r <= range.end.rowIndex; r++) {
      const row = sheet.rows?.[r] ?? [];
      values.push([]);
      numberFormats.push([]);
      for (let c = range.start.columnIndex; c <= range.end.columnIndex; c++) {
        values[values.length - 1]?.push(sourceCell(row[c]));
        numberFormats[numberFormats.length - 1]?.push(formatOf(row[c]));
      }
    }
    return { sheetName, topLeft: `${columnIndexToLetters(range.start.columnIndex)}${range.start.rowIndex + 1}`, values, numberFormats };
  }

  function named(): NamedSource[] {
    const out: NamedSource[] = [];
    for (const t of spec.tables ?? []) out.push({ kind: "table", name: t.name, sheetName: t.sheet, address: t.address });
    for (const n of spec.names ?? []) {
      const ref = splitSheetRef(n.formula.replace(/^=/, ""));
      if (ref?.sheetName) out.push({ kind: "name", name: n.name, sheetName: ref.sheetName, address: ref.address.replace(/\$/g, "") });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  const gateway: WorkbookGateway = {
    async readSource(request: SourceRequest) {
      if (request.kind === "named") {
        const n = named().find((x) => x.name === request.name);
        if (!n) return { ok: false, message: `There is no table or name called ${request.name}.` };
        return { ok: true, grid: grid(n.sheetName, n.address), description: `${n.sheetName}!${n.address}` };
      }
      const address = request.kind === "selection" ? selection.address : "A1:D19";
      return { ok: true, grid: grid(selection.sheet, address), description: `${selection.sheet}!${address}` };
    },
    async listNamedSources() {
      return named();
    },
    async readSavedState() {
      if (!generated) return null;
      const state = generated.plan.sheets.find((s) => s.name === STATE_SHEET_NAME);
      if (!state) return null;
      const resolve = (cell: PlanCell | null): SourceCell => {
        if (!cell) return null;
        if (cell.kind === "text") return cell.text;
        if (cell.kind === "number") return cell.value;
        const ref = splitSheetRef(cell.formula.replace(/^=/, ""));
        const at = ref?.sheetName && parseAddress(ref.address);
        if (!ref?.sheetName || !at) return null;
        return resolve(generated?.cells.get(`${ref.sheetName}!${columnIndexToLetters(at.columnIndex)}${at.rowIndex + 1}`) ?? null);
      };
      return { stateRows: state.rows.map((row) => row.map(resolve)) };
    },
    async generate(plan, onProgress) {
      onProgress?.({ fraction: 0.1, message: "Creating the sheets" });
      progress.push("Creating the sheets");
      await new Promise((r) => setTimeout(r, 10));
      if (failNext) {
        failNext = false;
        throw Object.assign(new Error("Simulated failure in the middle of the write"), { code: "GeneralException" });
      }
      const cells = new Map<string, PlanCell | null>();
      for (const sheet of plan.sheets)
        sheet.rows.forEach((row, r) => row.forEach((cell, c) => cells.set(`${sheet.name}!${columnIndexToLetters(c)}${r + 1}`, cell)));
      generated = { plan, cells };
      onProgress?.({ fraction: 1, message: "Done" });
      progress.push("Done");
      return { sheetNames: plan.sheets.map((s) => s.name), syncCount: 3 };
    },
    async selectCell(sheetName, address) {
      selection = { sheet: sheetName, address };
      active = sheetName;
    },
    async activateSheet(sheetName) {
      active = sheetName;
    },
  };

  return {
    gateway,
    selection: () => selection,
    activeSheet: () => active,
    sheetNames: () => [...spec.sheets.map((s) => s.name), ...(generated?.plan.sheets.map((s) => s.name) ?? [])],
    snapshot: () => JSON.parse(JSON.stringify({ sheets: spec.sheets, generated: generated?.plan ?? null })),
    failNextGenerate: () => {
      failNext = true;
    },
    progressMessages: () => progress,
  };
}
