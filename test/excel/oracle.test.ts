/**
 * The Office.js renderer against a real spreadsheet engine: a pilot workbook in the simulator is
 * read through the gateway, run through the engine, written back through the gateway (Office.js
 * on the simulator), exported to .xlsx and recalculated by LibreOffice. Every named output,
 * category and year figure must match the engine's projection, and every check cell must say OK.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIO_KEYS } from "../../src/domain/assumptions";
import { runEngine } from "../../src/domain/engine";
import { BUDGET_SHEET, NAMES } from "../../src/domain/plan";
import { decodeSavedState } from "../../src/domain/savedState";
import type { SourceGrid } from "../../src/domain/source";
import { createOfficeGateway } from "../../src/excel/gateway";
import { generatedPilotGrid, messyPilotGrid } from "../fixtures/grids";
import { createWorkbook, findSheet, installSimulator, type CellSpec, type InstalledSimulator, type WorkbookSpec } from "../simulator";
import { writeSimulatorWorkbook } from "../simulator/exportXlsx";
import type { CachedResults } from "../support/libreoffice";
import { budgetFigures, caseWithResults, checkCells, recalculateCases, type OracleCase } from "../support/oracle";

const FAST = { timeoutMs: 30_000, editModeRetryDelaysMs: [], sleep: () => Promise.resolve() };
const dir = mkdtempSync(path.join(tmpdir(), "p2p-officejs-oracle-"));

const cases: OracleCase[] = [];
let results: ReadonlyMap<string, CachedResults> = new Map();

/** A simulator workbook holding a grid (and its number formats) where the grid says it is. */
function workbookFromGrid(grid: SourceGrid, extra: Partial<WorkbookSpec> = {}): WorkbookSpec {
  const rows: CellSpec[][] = grid.values.map((row, r) =>
    row.map((value, c): CellSpec => {
      const format = grid.numberFormats[r]?.[c] ?? "General";
      if (value === null || typeof value === "object") return value;
      if (format === "@" || (typeof value === "string" && /^[=+\-@]/.test(value))) return { text: String(value) };
      return format !== "General" && typeof value !== "boolean" ? { value, numberFormat: format } : value;
    }),
  );
  return { sheets: [{ name: grid.sheetName, topLeft: grid.topLeft, rows }], ...extra };
}

let office: InstalledSimulator | undefined;

async function generateCase(name: string, spec: WorkbookSpec, then?: (g: ReturnType<typeof createOfficeGateway>) => Promise<void>): Promise<void> {
  office = installSimulator(createWorkbook(spec));
  const gateway = createOfficeGateway({ policy: FAST });
  let read = await gateway.readSource({ kind: "auto" });
  if (!read.ok) throw new Error(read.message);
  const first = runEngine(read.grid, { generatedAt: "2026-11-26T12:00:00Z", sourceAddress: read.description.split("!")[1] });
  if (!first.ok) throw new Error(first.message);
  await gateway.generate(first.plan);
  let final = first;
  if (then) {
    await then(gateway);
    // Regenerate the way the task pane does: saved state first, then plan with it.
    const saved = decodeSavedState((await gateway.readSavedState())?.stateRows ?? []);
    await gateway.activateSheet(read.grid.sheetName);
    read = await gateway.readSource({ kind: "auto" });
    if (!read.ok) throw new Error(read.message);
    const again = runEngine(read.grid, {
      generatedAt: "2026-11-27T12:00:00Z",
      ...(saved?.assumptions ? { assumptions: saved.assumptions } : {}),
      ...(saved ? { overrides: saved.overrides } : {}),
    });
    if (!again.ok) throw new Error(again.message);
    await gateway.generate(again.plan);
    final = again;
  }
  const file = path.join(dir, `${name}.xlsx`);
  await writeSimulatorWorkbook(office.sim.workbook, file);
  office.uninstall();
  office = undefined;
  cases.push({ name, file, projection: final.projection, plan: final.plan, itemCount: final.items.length });
}

beforeAll(async () => {
  await generateCase("messy", workbookFromGrid(messyPilotGrid().grid));
  await generateCase("generated-5k", workbookFromGrid(generatedPilotGrid({ rows: 5_000, withCategoryColumn: true, textAmountEvery: 40 }).grid));
  await generateCase("regenerated-with-user-input", workbookFromGrid(messyPilotGrid().grid), async () => {
    // The user types 9 as the Base multiplier on the generated Assumptions sheet.
    const sheet = office && findSheet(office.sim.workbook, "Assumptions");
    const cell = sheet?.cells.get(6 * 16_384 + 1);
    if (!cell) throw new Error("Assumptions!B7 missing");
    cell.value = 9;
  });
  results = await recalculateCases(cases);
}, 600_000);

afterAll(() => office?.uninstall());

function close(actual: unknown, expected: number, what: string): void {
  expect(typeof actual, what).toBe("number");
  expect(Math.abs((actual as number) - expected), `${what}: LibreOffice ${String(actual)}, engine ${expected}`).toBeLessThanOrEqual(Math.max(1e-6, Math.abs(expected) * 1e-12));
}

describe("LibreOffice recalculates what the Office.js renderer wrote, and agrees with the engine", () => {
  const names = ["messy", "generated-5k", "regenerated-with-user-input"];

  it("keeps the user's Base multiplier across the regeneration", () => {
    const c = cases.find((x) => x.name === "regenerated-with-user-input");
    expect(c?.projection.scenarios.base.multiplier).toBe(9);
  });

  it.each(names)("%s: named outputs, categories and years", (name) => {
    const { c, r } = caseWithResults(cases, results, name);
    const p = c.projection;
    close(r.names[NAMES.pilotTotal], p.pilotTotal, `${name} PilotTotal`);
    for (const s of SCENARIO_KEYS) {
      close(r.names[NAMES.production[s]], p.scenarios[s].total, `${name} ${s} total`);
      close(r.names[NAMES.multiplier[s]], p.scenarios[s].multiplier, `${name} ${s} multiplier`);
    }
    for (const f of budgetFigures(p, c.itemCount)) close(r.value(BUDGET_SHEET, f.address), f.expected, `${name} ${f.what}`);
  });

  it.each(names)("%s: every check cell says OK", (name) => {
    const { c, r } = caseWithResults(cases, results, name);
    let checked = 0;
    for (const cell of checkCells(c.plan)) {
      if (!/"OK"/.test(cell.formula)) continue;
      expect(r.value(cell.sheetName, cell.address), `${name} ${cell.sheetName}!${cell.address}`).toBe("OK");
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
