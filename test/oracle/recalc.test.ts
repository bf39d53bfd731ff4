/**
 * The proof that the sheets compute what the engine computes: every test workbook is written the way
 * the CLI writes it (exceljs-read input → engine → plan added to the original package), recalculated
 * by LibreOffice Calc with a profile that forces a full recalculation, and every named output, every
 * category figure and every year figure is compared with the engine's own projection.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAssumptions, SCENARIO_KEYS, type Assumptions } from "../../src/domain/assumptions";
import { runEngine } from "../../src/domain/engine";
import type { ClassificationOverrides } from "../../src/domain/lineItems";
import { ASSUMPTIONS_SHEET, BUDGET_SHEET, NAMES } from "../../src/domain/plan";
import type { SourceGrid } from "../../src/domain/source";
import { main } from "../../src/cli/main";
import { openInputWorkbook } from "../../src/xlsx/readWorkbook";
import { renderPlanIntoPackage } from "../../src/xlsx/renderPlan";
import { generatedPilotGrid, germanPilotGrid, gridFromRows, headerlessGrid, messyPilotGrid, PILOT_SHEET_NAME } from "../fixtures/grids";
import type { CachedResults } from "../support/libreoffice";
import { budgetFigures, caseWithResults, checkCells, recalculateCases, type OracleCase } from "../support/oracle";
import { setNumberInPackage, writeGridWorkbook, writeTableWorkbook } from "../support/workbooks";

const dir = mkdtempSync(path.join(tmpdir(), "p2p-oracle-"));
const cases: OracleCase[] = [];
let results = new Map<string, CachedResults>();
let checks = 0;

function notesSheet(): SourceGrid {
  return gridFromRows([["Free text the tool must leave alone"], ["=not a formula, just text"]], { sheetName: "Notes" });
}

/** Writes the input workbook, then does what the CLI does, in process. Returns the output bytes. */
async function build(
  name: string,
  grids: SourceGrid[],
  options: { assumptions?: Assumptions; overrides?: ClassificationOverrides; range?: string; changedInputs?: string[] } = {},
): Promise<{ output: Uint8Array; input: string; caseEntry: OracleCase }> {
  const input = path.join(dir, `${name}-input.xlsx`);
  await writeGridWorkbook(grids, input);
  const original = new Uint8Array(readFileSync(input));
  const workbook = await openInputWorkbook(original);
  const pilot = grids[0];
  if (!pilot) throw new Error("no pilot grid");
  const grid = workbook.readGrid(pilot.sheetName, options.range);
  const result = runEngine(grid, {
    generatedAt: "2026-11-26T12:00:00Z",
    ...(options.assumptions ? { assumptions: options.assumptions } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  if (!result.ok) throw new Error(`${name}: ${result.message}`);
  const output = renderPlanIntoPackage(original, result.plan);
  const file = path.join(dir, `${name}.xlsx`);
  writeFileSync(file, output);
  const caseEntry: OracleCase = { name, file, projection: result.projection, plan: result.plan, itemCount: result.items.length };
  if (options.changedInputs) caseEntry.changedInputs = options.changedInputs;
  cases.push(caseEntry);
  return { output, input, caseEntry };
}

function numberAt(r: CachedResults, sheet: string, address: string): number {
  const v = r.value(sheet, address);
  if (typeof v !== "number") throw new Error(`${sheet}!${address} is ${JSON.stringify(v)}, not a number`);
  return v;
}

function expectClose(actual: number, expected: number, what: string): void {
  checks++;
  const tolerance = Math.max(1e-6, Math.abs(expected) * 1e-12);
  expect(Math.abs(actual - expected), `${what}: LibreOffice ${actual}, engine ${expected}`).toBeLessThanOrEqual(tolerance);
}

beforeAll(async () => {
  const messy = messyPilotGrid().grid;
  const { output: messyOutput } = await build("messy", [messy, notesSheet()]);
  await build("german", [germanPilotGrid().grid]);
  await build("headerless", [headerlessGrid().grid]);
  await build("generated-20k", [generatedPilotGrid({ rows: 20_000, withCategoryColumn: true, textAmountEvery: 50 }).grid]);

  const custom = defaultAssumptions(5);
  custom.multipliers = { low: 4, base: 6, high: 9 };
  custom.contingency = 0.1;
  custom.weights.dataEngineering = 0.33;
  custom.weights.support = 0.01;
  await build("custom-5y", [generatedPilotGrid({ rows: 500, sheetName: "Pilot", topLeft: "C4" }).grid], {
    assumptions: custom,
    changedInputs: ["B6", "B7", "B8", "B9", "B10", "B14", "B21"],
  });
  await build("horizon-1y", [messy], { assumptions: defaultAssumptions(1), changedInputs: ["B10"] });
  await build("overrides", [messy], { overrides: { D7: "support", D16: "compliance" } });

  // The pilot as an Excel table on a sheet whose name needs quoting.
  {
    const tableGrid = generatedPilotGrid({ rows: 300, topLeft: "B3", withCategoryColumn: true }).grid;
    const input = path.join(dir, "table-input.xlsx");
    await writeTableWorkbook(tableGrid, "PilotCosts", input);
    const output = path.join(dir, "table.xlsx");
    const code = await main(["project", input, "--out", output]);
    if (code !== 0) throw new Error(`CLI exited ${code} on the table workbook`);
    const expectedTable = runEngine(tableGrid, { generatedAt: "2026-11-26T12:00:00Z" });
    if (!expectedTable.ok) throw new Error(expectedTable.message);
    cases.push({ name: "table-on-quoted-sheet", file: output, projection: expectedTable.projection, plan: expectedTable.plan, itemCount: expectedTable.items.length });
  }

  // A user edits a pilot cell in the written workbook: the budget must follow.
  const editedGrid = messyPilotGrid().grid;
  const row = editedGrid.values[4];
  if (!row || row[2] !== 12500) throw new Error("fixture changed: D6 should hold 12500");
  row[2] = 20000;
  const edited = runEngine(editedGrid, { generatedAt: "2026-11-26T12:00:00Z" });
  if (!edited.ok) throw new Error(edited.message);
  const editedFile = path.join(dir, "messy-edited.xlsx");
  writeFileSync(editedFile, setNumberInPackage(messyOutput, PILOT_SHEET_NAME, "D6", 20000));
  cases.push({ name: "edited-pilot-cell", file: editedFile, projection: edited.projection, plan: edited.plan, itemCount: edited.items.length });

  // A user changes the Base multiplier on the Assumptions sheet, then regenerates with the CLI:
  // the new workbook keeps 9× and the budget uses it.
  const tweaked = path.join(dir, "messy-user-assumption.xlsx");
  writeFileSync(tweaked, setNumberInPackage(messyOutput, ASSUMPTIONS_SHEET, "B7", 9));
  const regenerated = path.join(dir, "messy-regenerated.xlsx");
  const code = await main(["project", tweaked, "--out", regenerated]);
  if (code !== 0) throw new Error(`CLI exited ${code}`);
  const withNine = defaultAssumptions(3);
  withNine.multipliers.base = 9;
  const expectedRegen = runEngine(messyPilotGrid().grid, { generatedAt: "2026-11-26T12:00:00Z", assumptions: withNine });
  if (!expectedRegen.ok) throw new Error(expectedRegen.message);
  cases.push({
    name: "regenerated-with-user-assumption",
    file: regenerated,
    projection: expectedRegen.projection,
    plan: expectedRegen.plan,
    itemCount: expectedRegen.items.length,
    changedInputs: ["B7"],
  });

  results = await recalculateCases(cases);
}, 600_000);

afterAll(() => {
  console.log(`LibreOffice recalculation checks: ${checks} figures compared on ${cases.length} workbooks`);
});

describe("LibreOffice recalculation agrees with the engine", () => {
  const names = [
    "messy",
    "german",
    "headerless",
    "generated-20k",
    "custom-5y",
    "horizon-1y",
    "overrides",
    "table-on-quoted-sheet",
    "edited-pilot-cell",
    "regenerated-with-user-assumption",
  ];

  it.each(names)("%s: named outputs", (name) => {
    const { c, r } = caseWithResults(cases, results, name);
    const p = c.projection;
    const named = (n: string): number => {
      const v = r.names[n];
      if (typeof v !== "number") throw new Error(`name ${n} is ${JSON.stringify(v)}`);
      return v;
    };
    expectClose(named(NAMES.pilotTotal), p.pilotTotal, `${name} PilotTotal`);
    for (const s of SCENARIO_KEYS) {
      expectClose(named(NAMES.production[s]), p.scenarios[s].total, `${name} ${NAMES.production[s]}`);
      expectClose(named(NAMES.multiplier[s]), p.scenarios[s].multiplier, `${name} ${NAMES.multiplier[s]}`);
    }
  });

  it.each(names)("%s: every category and year figure", (name) => {
    const { c, r } = caseWithResults(cases, results, name);
    for (const { address, expected, what } of budgetFigures(c.projection, c.itemCount))
      expectClose(numberAt(r, BUDGET_SHEET, address), expected, `${name} ${what}`);
  });

  it.each(names)("%s: every check cell says OK and Changed markers match the user's edits", (name) => {
    const { c, r } = caseWithResults(cases, results, name);
    for (const { sheetName, address, formula } of checkCells(c.plan)) {
      const value = r.value(sheetName, address);
      checks++;
      if (formula.includes('"OK"')) expect(value, `${name} ${sheetName}!${address}`).toBe("OK");
      else if (formula.includes('"Changed"')) {
        const changed = sheetName === ASSUMPTIONS_SHEET && (c.changedInputs ?? []).some((a) => formula.includes(`${a}<>`));
        expect(value ?? "", `${name} ${sheetName}!${address}`).toBe(changed ? "Changed" : "");
      }
    }
  });

  it("the table workbook really holds an Excel table, and the output keeps it", () => {
    const c = cases.find((x) => x.name === "table-on-quoted-sheet");
    if (!c) throw new Error("case missing");
    const parts = Object.keys(unzipSync(new Uint8Array(readFileSync(c.file))));
    expect(parts.filter((p) => /^xl\/tables\/[^/]+\.xml$/.test(p))).toHaveLength(1);
  });

  it("a line parsed from text stays a constant and a live line follows its pilot cell", () => {
    const original = results.get("messy");
    const edited = results.get("edited-pilot-cell");
    if (!original || !edited) throw new Error("cases missing");
    expect(numberAt(edited, PILOT_SHEET_NAME, "D6")).toBe(20000);
    expect(numberAt(edited, BUDGET_SHEET, "B7") - numberAt(original, BUDGET_SHEET, "B7")).toBeCloseTo(7500, 9);
  });
});
