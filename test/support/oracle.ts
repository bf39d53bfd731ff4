/**
 * What the LibreOffice oracle suites share (test/oracle for the xlsx renderer, test/excel for the
 * Office.js renderer): a case, one LibreOffice run for all cases, and the figures of a projection
 * with the cells of the written budget that must hold them.
 */
import { columnIndexToLetters } from "../../src/domain/a1";
import { SCENARIO_KEYS } from "../../src/domain/assumptions";
import { CATEGORY_KEYS } from "../../src/domain/categories";
import { budgetAddresses } from "../../src/domain/plan";
import type { Projection } from "../../src/domain/project";
import type { WorkbookPlan } from "../../src/domain/workbookPlan";
import { readCachedResults, recalculateWithLibreOffice, type CachedResults } from "./libreoffice";

export interface OracleCase {
  name: string;
  /** The written budget workbook. */
  file: string;
  projection: Projection;
  plan: WorkbookPlan;
  itemCount: number;
  /** Assumption inputs the user changed (their "Changed" markers must show). */
  changedInputs?: string[];
}

/** Recalculates every case's workbook in one LibreOffice run; the cached results by case name. */
export async function recalculateCases(cases: readonly OracleCase[]): Promise<Map<string, CachedResults>> {
  const recalculated = await recalculateWithLibreOffice(cases.map((c) => c.file));
  const results = new Map<string, CachedResults>();
  for (const [i, c] of cases.entries()) results.set(c.name, await readCachedResults(recalculated[i] ?? ""));
  return results;
}

/** The case of that name and its recalculated results; throws when either is missing. */
export function caseWithResults(
  cases: readonly OracleCase[],
  results: ReadonlyMap<string, CachedResults>,
  name: string,
): { c: OracleCase; r: CachedResults } {
  const c = cases.find((x) => x.name === name);
  const r = results.get(name);
  if (!c || !r) throw new Error(`case ${name} missing`);
  return { c, r };
}

/** A figure of the projection and the Budget-sheet cell that must hold it. */
export interface BudgetFigure {
  address: string;
  expected: number;
  /** E.g. `pilot infrastructure`, `base support year 2`. */
  what: string;
}

/**
 * Every category and year figure of the projection, with its address on the Budget sheet: the
 * pilot by bucket, then per scenario each category's total and years, then the scenario's years.
 */
export function budgetFigures(projection: Projection, itemCount: number): BudgetFigure[] {
  const p = projection;
  const at = budgetAddresses(itemCount, p.horizonYears);
  const figures: BudgetFigure[] = [];
  for (const [bucket, address] of Object.entries(at.pilotByBucket))
    figures.push({ address, expected: p.pilotByBucket[bucket as keyof typeof p.pilotByBucket], what: `pilot ${bucket}` });
  for (const s of SCENARIO_KEYS) {
    for (const key of CATEGORY_KEYS) {
      figures.push({ address: at.scenarioByCategory[s][key] ?? "", expected: p.scenarios[s].byCategory[key], what: `${s} ${key}` });
      (at.scenarioCategoryYear[s][key] ?? []).forEach((address, y) =>
        figures.push({ address, expected: p.scenarios[s].byCategoryYear[key][y] ?? NaN, what: `${s} ${key} year ${y + 1}` }),
      );
    }
    at.scenarioByYear[s].forEach((address, y) => figures.push({ address, expected: p.scenarios[s].byYear[y] ?? NaN, what: `${s} year ${y + 1}` }));
  }
  return figures;
}

/** A check cell of the plan (a formula styled `check`) on a sheet the user sees. */
export interface CheckCell {
  sheetName: string;
  address: string;
  formula: string;
}

/** The plan's check cells, sheet by sheet, row by row. */
export function checkCells(plan: WorkbookPlan): CheckCell[] {
  const found: CheckCell[] = [];
  for (const sheet of plan.sheets.filter((s) => s.role !== "state")) {
    sheet.rows.forEach((row, i) =>
      row.forEach((cell, j) => {
        if (cell?.kind !== "formula" || cell.style !== "check") return;
        found.push({ sheetName: sheet.name, address: `${columnIndexToLetters(j)}${i + 1}`, formula: cell.formula });
      }),
    );
  }
  return found;
}
