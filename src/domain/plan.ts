import { columnIndexToLetters, quoteSheetName } from "./a1";
import {
  CONTINGENCY_BASIS,
  defaultAssumptions,
  HORIZON_BASIS,
  MULTIPLIER_BASIS,
  PHASING_BASIS,
  SCENARIO_KEYS,
  SCENARIO_NAMES,
  WEIGHT_DEFAULTS,
  type Assumptions,
  type ScenarioKey,
} from "./assumptions";
import { CATEGORIES, UNCLASSIFIED_NAME, bucketName } from "./categories";
import type { ClassificationBasis, ClassificationOverrides, ClassifiedItem, SkippedCell } from "./lineItems";
import { STATE_FORMAT_VERSION, STATE_SHEET_NAME } from "./savedState";
import { SheetBuilder } from "./sheetBuilder";
import type { PlanChart, PlanName, PlanSheet, WorkbookPlan } from "./workbookPlan";

/** Everything the planner needs; gathered by the caller (task pane or CLI) before planning. */
export interface PlanInput {
  source: { sheetName: string; address?: string };
  items: readonly ClassifiedItem[];
  skipped: readonly SkippedCell[];
  assumptions: Assumptions;
  overrides: ClassificationOverrides;
  /** Number format for money, e.g. the source's currency format. */
  currencyFormat?: string;
  /** ISO 8601 timestamp of this generation (passed in: the domain reads no clock). */
  generatedAt: string;
}

export const ASSUMPTIONS_SHEET = "Assumptions";
export const BUDGET_SHEET = "Production Budget";

/** Workbook-scoped names of single cells: the budget's inputs and headline outputs. */
export const NAMES = {
  pilotTotal: "PilotTotal",
  production: { low: "ProductionLow", base: "ProductionBase", high: "ProductionHigh" },
  multiplier: { low: "MultiplierLow", base: "MultiplierBase", high: "MultiplierHigh" },
  contingency: "Contingency",
  horizonYears: "HorizonYears",
} as const;

const DEFAULT_MONEY_FORMAT = "#,##0;(#,##0)";
const MULTIPLIER_FORMAT = '0.0"×"';
const SHARE_FORMAT = "0.0%";
/** A check passes when the difference is below a tenth of a cent, or 0.01 percentage point for shares. */
const MONEY_TOLERANCE = "0.001";
const SHARE_TOLERANCE = "0.0001";

const BASIS_LABEL: Readonly<Record<ClassificationBasis, string>> = {
  override: "your choice",
  "source-column": "source category column",
  keyword: "keyword rule",
  none: "no rule matched",
};

const col = columnIndexToLetters;

/** A sheet name as it must appear before `!` in a formula, with the `!`. */
function sheetPrefix(name: string): string {
  return `${quoteSheetName(name)}!`;
}

/** Row numbers of the Assumptions sheet, shared by the sheet itself, the budget formulas and the state rows. */
interface AssumptionsLayout {
  multiplierRow: Record<ScenarioKey, number>;
  contingencyRow: number;
  horizonRow: number;
  firstWeightRow: number;
  weightTotalRow: number;
  firstPhasingRow: number;
  firstDefaultPhasingRow: number;
  lastRow: number;
}

function layoutAssumptions(): AssumptionsLayout {
  const n = CATEGORIES.length;
  const firstWeightRow = 14;
  const weightTotalRow = firstWeightRow + n;
  const firstPhasingRow = weightTotalRow + 5;
  const firstDefaultPhasingRow = firstPhasingRow + n + 3;
  return {
    multiplierRow: { low: 6, base: 7, high: 8 },
    contingencyRow: 9,
    horizonRow: 10,
    firstWeightRow,
    weightTotalRow,
    firstPhasingRow,
    firstDefaultPhasingRow,
    lastRow: firstDefaultPhasingRow + n,
  };
}

function planAssumptionsSheet(input: PlanInput, L: AssumptionsLayout): PlanSheet {
  const a = input.assumptions;
  const d = defaultAssumptions(a.horizonYears);
  const H = a.horizonYears;
  const b = new SheetBuilder();
  // Columns: A labels; B.. the phasing years, then its total, check and changed markers. The basis
  // of each default goes in the first column right of all of them, so no number sits in a wide column.
  const firstYear = 1;
  const lastYear = H;
  const totalCol = H + 1;
  const checkCol = H + 2;
  const changedCol = H + 3;
  const basisCol = Math.max(4, changedCol + 1);
  b.text(1, 0, "Assumptions: production budget", "title");
  b.text(
    2,
    0,
    `Inputs are blue on yellow. Change them here and every figure on '${BUDGET_SHEET}' follows. Each default shows its source.`,
    "subtitle",
  );

  b.text(4, 0, "Scenario multipliers and reserve", "sectionHeader");
  b.headers(5, 0, ["Input", "Value", "Default", "Changed"]);
  b.text(5, basisCol, "Basis", "columnHeader");
  const changed = (row: number) => `=IF(B${row}<>C${row},"Changed","")`;
  for (const s of SCENARIO_KEYS) {
    const row = L.multiplierRow[s];
    b.text(row, 0, `${SCENARIO_NAMES[s]} multiplier (× pilot total, whole horizon)`, "label");
    b.number(row, 1, a.multipliers[s], MULTIPLIER_FORMAT, "input");
    b.number(row, 2, d.multipliers[s], MULTIPLIER_FORMAT, "calc");
    b.formula(row, 3, changed(row), undefined, "check");
    b.text(row, basisCol, MULTIPLIER_BASIS[s], "note");
  }
  const cr = L.contingencyRow;
  b.text(cr, 0, "Contingency (added on top of each scenario)", "label");
  b.number(cr, 1, a.contingency, SHARE_FORMAT, "input");
  b.number(cr, 2, d.contingency, SHARE_FORMAT, "calc");
  b.formula(cr, 3, changed(cr), undefined, "check");
  b.text(cr, basisCol, CONTINGENCY_BASIS, "note");
  const hr = L.horizonRow;
  b.text(hr, 0, "Horizon (years)", "label");
  b.number(hr, 1, H, "0", "input");
  b.number(hr, 2, 3, "0", "calc");
  b.formula(hr, 3, `=IF(B${hr}<>${H},"Regenerate to apply",IF(B${hr}<>C${hr},"Changed",""))`, undefined, "check");
  b.text(hr, basisCol, HORIZON_BASIS, "note");

  b.text(L.firstWeightRow - 2, 0, "Category weights (share of the production budget)", "sectionHeader");
  b.headers(L.firstWeightRow - 1, 0, ["Category", "Weight", "Default", "Changed"]);
  b.text(L.firstWeightRow - 1, basisCol, "Basis", "columnHeader");
  CATEGORIES.forEach((c, i) => {
    const row = L.firstWeightRow + i;
    b.text(row, 0, c.name, "label");
    b.number(row, 1, a.weights[c.key], SHARE_FORMAT, "input");
    b.number(row, 2, d.weights[c.key], SHARE_FORMAT, "calc");
    b.formula(row, 3, changed(row), undefined, "check");
    b.text(row, basisCol, WEIGHT_DEFAULTS[c.key].basis, "note");
  });
  const wt = L.weightTotalRow;
  const wFirst = L.firstWeightRow;
  b.text(wt, 0, "Total", "total");
  b.formula(wt, 1, `=SUM(B${wFirst}:B${wt - 1})`, SHARE_FORMAT, "total");
  b.formula(wt, 2, `=SUM(C${wFirst}:C${wt - 1})`, SHARE_FORMAT, "total");
  b.formula(wt, 3, `=IF(ABS(B${wt}-1)<${SHARE_TOLERANCE},"OK","Must sum to 100%")`, undefined, "check");

  const yearHeaders = Array.from({ length: H }, (_, y) => `Year ${y + 1}`);
  b.text(L.firstPhasingRow - 2, 0, "Phasing (share of each category's budget per year)", "sectionHeader");
  b.headers(L.firstPhasingRow - 1, 0, ["Category", ...yearHeaders, "Total", "Check", "Changed"]);
  b.text(L.firstDefaultPhasingRow - 2, 0, "Default phasing", "sectionHeader");
  b.headers(L.firstDefaultPhasingRow - 1, 0, ["Category", ...yearHeaders, "Total"]);
  CATEGORIES.forEach((c, i) => {
    const row = L.firstPhasingRow + i;
    const defRow = L.firstDefaultPhasingRow + i;
    b.text(row, 0, c.name, "label");
    b.text(defRow, 0, c.name, "label");
    for (let y = 0; y < H; y++) {
      b.number(row, firstYear + y, a.phasing[c.key][y] ?? 0, SHARE_FORMAT, "input");
      b.number(defRow, firstYear + y, d.phasing[c.key][y] ?? 0, SHARE_FORMAT, "calc");
    }
    const range = (r: number) => `${col(firstYear)}${r}:${col(lastYear)}${r}`;
    b.formula(row, totalCol, `=SUM(${range(row)})`, SHARE_FORMAT, "calc");
    b.formula(row, checkCol, `=IF(ABS(${col(totalCol)}${row}-1)<${SHARE_TOLERANCE},"OK","Must sum to 100%")`, undefined, "check");
    const diffs = yearHeaders.map((_, y) => `${col(firstYear + y)}${row}<>${col(firstYear + y)}${defRow}`).join(",");
    b.formula(row, changedCol, `=IF(OR(${diffs}),"Changed","")`, undefined, "check");
    b.formula(defRow, totalCol, `=SUM(${range(defRow)})`, SHARE_FORMAT, "calc");
  });
  b.text(L.firstPhasingRow + CATEGORIES.length, 0, PHASING_BASIS, "note");

  const widths = [44, ...Array.from({ length: basisCol - 1 }, () => 12), 90];
  return {
    name: ASSUMPTIONS_SHEET,
    role: "assumptions",
    visibility: "visible",
    rows: b.build(),
    columnWidths: widths,
    freeze: { rows: 2, columns: 1 },
    print: { orientation: "landscape", fitToWidth: true, printArea: `A1:${col(basisCol)}${L.lastRow}`, repeatRows: "1:2" },
    tabColor: "#FFC000",
  };
}

interface BudgetLayout {
  summaryRow: number;
  firstCategoryRow: number;
  unclassifiedRow: number;
  categoryTotalRow: number;
  categoryCheckRow: number;
  /** First row of each scenario's phasing table body. */
  phasingFirstRow: Record<ScenarioKey, number>;
  lastPrintedRow: number;
  itemsHeaderRow: number;
  firstItemRow: number;
  lastItemRow: number;
}

/** Columns of the category table: pilot, weight, then one per scenario. */
const SCENARIO_COL: Readonly<Record<ScenarioKey, number>> = { low: 3, base: 4, high: 5 };
/** Columns of the line item table. */
const ITEM_COL = { label: 0, source: 1, category: 2, amount: 3, status: 4, basis: 5 } as const;

function layoutBudget(itemCount: number): BudgetLayout {
  const n = CATEGORIES.length;
  const summaryRow = 7;
  const firstCategoryRow = 12;
  const unclassifiedRow = firstCategoryRow + n;
  const categoryTotalRow = unclassifiedRow + 1;
  const categoryCheckRow = categoryTotalRow + 1;
  const phasingFirstRow = {} as Record<ScenarioKey, number>;
  let row = categoryCheckRow + 3;
  for (const s of SCENARIO_KEYS) {
    phasingFirstRow[s] = row;
    row += n + 2 /* total + check */ + 3 /* gap, section, header */;
  }
  const lastPrintedRow = row - 3;
  const itemsHeaderRow = row + 1;
  const firstItemRow = itemsHeaderRow + 1;
  // With no items the ranges still span one (empty) row so every formula stays valid.
  const lastItemRow = firstItemRow + Math.max(itemCount, 1) - 1;
  return {
    summaryRow,
    firstCategoryRow,
    unclassifiedRow,
    categoryTotalRow,
    categoryCheckRow,
    phasingFirstRow,
    lastPrintedRow,
    itemsHeaderRow,
    firstItemRow,
    lastItemRow,
  };
}

/** Header labels of the budget sheet's line item table, in column order from A. */
const ITEM_HEADERS = ["Line item", "Source cell", "Category", "Amount", "Status", "Classified by"] as const;

/**
 * Where the budget sheet lists the pilot lines it is built from: the header row (1-based), the
 * column of each line's recorded source cell and the column of its amount (a live reference to
 * the pilot's cell, or a constant for an amount parsed from text). Read back to notice pilot lines
 * that are not in the budget.
 */
export function budgetLineTable(): { headerRow: number; sourceColumn: string; amountColumn: string; sourceHeader: string; amountHeader: string } {
  return {
    headerRow: layoutBudget(0).itemsHeaderRow,
    sourceColumn: col(ITEM_COL.source),
    amountColumn: col(ITEM_COL.amount),
    sourceHeader: ITEM_HEADERS[ITEM_COL.source],
    amountHeader: ITEM_HEADERS[ITEM_COL.amount],
  };
}

function planBudgetSheet(input: PlanInput, A: AssumptionsLayout, L: BudgetLayout): { sheet: PlanSheet; chart: PlanChart } {
  const money = input.currencyFormat ?? DEFAULT_MONEY_FORMAT;
  const H = input.assumptions.horizonYears;
  const asm = sheetPrefix(ASSUMPTIONS_SHEET);
  const src = sheetPrefix(input.source.sheetName);
  const b = new SheetBuilder();
  const sourceLabel = `${src.slice(0, -1)}${input.source.address ? `!${input.source.address}` : ""}`;

  b.text(1, 0, "Production budget", "title");
  b.text(
    2,
    0,
    `From ${sourceLabel}: ${input.items.length} line items, generated ${input.generatedAt}. Every figure is a live formula over the pilot cells and the Assumptions sheet.`,
    "subtitle",
  );

  const amountRange = `$${col(ITEM_COL.amount)}$${L.firstItemRow}:$${col(ITEM_COL.amount)}$${L.lastItemRow}`;
  const categoryRange = `$${col(ITEM_COL.category)}$${L.firstItemRow}:$${col(ITEM_COL.category)}$${L.lastItemRow}`;

  // Summary: pilot total and the three scenarios side by side.
  b.text(4, 0, "Summary", "sectionHeader");
  b.headers(5, 0, ["", "Pilot", "", "Low", "Base", "High"]);
  const sr = L.summaryRow;
  b.text(sr - 1, 0, "Multiplier (× pilot total)", "label");
  b.text(sr, 0, `Total cost over ${H} year${H === 1 ? "" : "s"}`, "total");
  b.formula(sr, 1, `=SUM(${amountRange})`, money, "total");
  for (const s of SCENARIO_KEYS) {
    const c = SCENARIO_COL[s];
    b.formula(sr - 1, c, `=${NAMES.multiplier[s]}`, MULTIPLIER_FORMAT, "calc");
    b.formula(sr, c, `=${NAMES.pilotTotal}*${NAMES.multiplier[s]}*(1+${NAMES.contingency})`, money, "total");
  }
  const firstCat = L.firstCategoryRow;
  const lastCat = L.unclassifiedRow - 1;
  b.text(sr + 1, 0, "Cost categories the pilot never budgeted", "label");
  b.formula(sr + 1, 1, `=COUNTIF(B${firstCat}:B${lastCat},0)`, `0" of ${CATEGORIES.length}"`, "calc");

  // By category, whole horizon.
  b.text(firstCat - 2, 0, `By category (whole horizon)`, "sectionHeader");
  b.headers(firstCat - 1, 0, ["Category", "Pilot", "Weight", "Low", "Base", "High", "Note"]);
  CATEGORIES.forEach((c, i) => {
    const row = firstCat + i;
    b.text(row, 0, c.name, "label");
    b.formula(row, 1, `=SUMIFS(${amountRange},${categoryRange},$A${row})`, money, "calc");
    b.formula(row, 2, `=${asm}$B$${A.firstWeightRow + i}`, SHARE_FORMAT, "calc");
    for (const s of SCENARIO_KEYS) b.formula(row, SCENARIO_COL[s], `=${NAMES.production[s]}*$C${row}`, money, "calc");
    b.formula(row, 6, `=IF(B${row}=0,"Not in the pilot: new in production","")`, undefined, "warning");
  });
  const ur = L.unclassifiedRow;
  b.text(ur, 0, UNCLASSIFIED_NAME, "label");
  b.formula(ur, 1, `=SUMIFS(${amountRange},${categoryRange},$A${ur})`, money, "calc");
  b.formula(ur, 6, `=IF(B${ur}<>0,"Pilot lines not yet classified: they count in the pilot total only","")`, undefined, "warning");
  const tr = L.categoryTotalRow;
  b.text(tr, 0, "Total", "total");
  b.formula(tr, 1, `=SUM(B${firstCat}:B${ur})`, money, "total");
  b.formula(tr, 2, `=SUM(C${firstCat}:C${lastCat})`, SHARE_FORMAT, "total");
  for (const s of SCENARIO_KEYS) {
    const c = col(SCENARIO_COL[s]);
    b.formula(tr, SCENARIO_COL[s], `=SUM(${c}${firstCat}:${c}${lastCat})`, money, "total");
  }
  const ck = L.categoryCheckRow;
  b.text(ck, 0, "Check", "label");
  b.formula(ck, 1, `=IF(ABS(B${tr}-${NAMES.pilotTotal})<${MONEY_TOLERANCE},"OK","Differs from pilot total")`, undefined, "check");
  b.formula(ck, 2, `=IF(ABS(C${tr}-1)<${SHARE_TOLERANCE},"OK","Weights must sum to 100%")`, undefined, "check");
  for (const s of SCENARIO_KEYS) {
    const c = col(SCENARIO_COL[s]);
    b.formula(ck, SCENARIO_COL[s], `=IF(ABS(${c}${tr}-${NAMES.production[s]})<${MONEY_TOLERANCE},"OK","Check weights")`, undefined, "check");
  }

  // Multi-year phasing, one table per scenario.
  const yearHeaders = Array.from({ length: H }, (_, y) => `Year ${y + 1}`);
  const firstPhaseCol = 1;
  const totalCol = H + 1;
  for (const s of SCENARIO_KEYS) {
    const first = L.phasingFirstRow[s];
    const scenarioCol = col(SCENARIO_COL[s]);
    b.text(first - 2, 0, `${SCENARIO_NAMES[s]} scenario by year`, "sectionHeader");
    b.headers(first - 1, 0, ["Category", ...yearHeaders, "Total"]);
    CATEGORIES.forEach((c, i) => {
      const row = first + i;
      b.text(row, 0, c.name, "label");
      for (let y = 0; y < H; y++)
        b.formula(row, firstPhaseCol + y, `=$${scenarioCol}$${firstCat + i}*${asm}${col(1 + y)}$${A.firstPhasingRow + i}`, money, "calc");
      b.formula(row, totalCol, `=SUM(${col(firstPhaseCol)}${row}:${col(H)}${row})`, money, "calc");
    });
    const total = first + CATEGORIES.length;
    b.text(total, 0, "Total", "total");
    for (let y = 0; y <= H; y++) {
      const c = col(firstPhaseCol + y);
      b.formula(total, firstPhaseCol + y, `=SUM(${c}${first}:${c}${total - 1})`, money, "total");
    }
    b.text(total + 1, 0, "Check", "label");
    b.formula(
      total + 1,
      totalCol,
      `=IF(ABS(${col(totalCol)}${total}-${NAMES.production[s]})<${MONEY_TOLERANCE},"OK","Phasing must sum to 100% per category")`,
      undefined,
      "check",
    );
  }

  // The pilot line items: live references to the source cells.
  const ih = L.itemsHeaderRow;
  b.text(ih - 1, 0, `Pilot line items from ${sourceLabel}`, "sectionHeader");
  b.headers(ih, 0, ITEM_HEADERS);
  input.items.forEach((item, i) => {
    const row = L.firstItemRow + i;
    b.text(row, ITEM_COL.label, item.label, "label");
    b.text(row, ITEM_COL.source, item.amountAddress, "calc");
    b.text(row, ITEM_COL.category, bucketName(item.category), "calc");
    if (item.amountSource === "cell") {
      b.formula(row, ITEM_COL.amount, `=${src}${item.amountAddress}`, money, "calc");
      b.text(row, ITEM_COL.status, "live", "calc");
    } else {
      b.number(row, ITEM_COL.amount, item.amount, money, "input");
      b.text(row, ITEM_COL.status, "parsed from text: fix the source cell to keep it live", "warning");
    }
    b.text(row, ITEM_COL.basis, BASIS_LABEL[item.basis], "calc");
  });

  // Cells the parser did not count, so nothing disappears silently.
  if (input.skipped.length > 0) {
    const sk = L.lastItemRow + 3;
    b.text(sk, 0, `Cells not counted (${input.skipped.length})`, "sectionHeader");
    b.headers(sk + 1, 0, ["Reason", "Source cell"]);
    input.skipped.forEach((cell, i) => {
      b.text(sk + 2 + i, 0, cell.message, "note");
      b.text(sk + 2 + i, 1, cell.address, "calc");
    });
  }

  const sheet: PlanSheet = {
    name: BUDGET_SHEET,
    role: "budget",
    visibility: "visible",
    rows: b.build(),
    columnWidths: [44, 16, 26, 16, 16, 16, 40],
    freeze: { rows: 2, columns: 1 },
    print: { orientation: "landscape", fitToWidth: true, printArea: `A1:${col(Math.max(6, totalCol))}${L.lastPrintedRow}`, repeatRows: "1:2" },
    tabColor: "#2F5597",
  };
  const chart: PlanChart = {
    sheetName: BUDGET_SHEET,
    title: "Production budget by category: Low, Base, High",
    type: "columnClustered",
    categoriesAddress: `A${firstCat}:A${lastCat}`,
    series: SCENARIO_KEYS.map((s) => ({
      name: SCENARIO_NAMES[s],
      valuesAddress: `${col(SCENARIO_COL[s])}${firstCat}:${col(SCENARIO_COL[s])}${lastCat}`,
    })),
    topLeft: "I4",
    bottomRight: "R24",
  };
  return { sheet, chart };
}

function planStateSheet(input: PlanInput, A: AssumptionsLayout, sheetNames: readonly string[]): PlanSheet {
  const b = new SheetBuilder();
  let row = 1;
  const put = (...cells: (string | number)[]) => {
    cells.forEach((v, c) => (typeof v === "number" ? b.number(row, c, v) : b.text(row, c, v)));
    row++;
  };
  const asm = sheetPrefix(ASSUMPTIONS_SHEET);
  const input_ = (path: string, address: string) => {
    b.text(row, 0, "input");
    b.text(row, 1, path);
    b.formula(row, 2, `=${asm}${address}`);
    row++;
  };
  put("p2p-state", STATE_FORMAT_VERSION);
  for (const name of sheetNames) put("generated-sheet", name);
  put("source", input.source.sheetName, input.source.address ?? "");
  put("generated-at", input.generatedAt);
  for (const [address, key] of Object.entries(input.overrides)) put("override", address, key);
  for (const s of SCENARIO_KEYS) input_(`multipliers.${s}`, `$B$${A.multiplierRow[s]}`);
  input_("contingency", `$B$${A.contingencyRow}`);
  input_("horizonYears", `$B$${A.horizonRow}`);
  CATEGORIES.forEach((c, i) => input_(`weights.${c.key}`, `$B$${A.firstWeightRow + i}`));
  CATEGORIES.forEach((c, i) => {
    for (let y = 0; y < input.assumptions.horizonYears; y++)
      input_(`phasing.${c.key}.${y + 1}`, `$${col(1 + y)}$${A.firstPhasingRow + i}`);
  });
  return { name: STATE_SHEET_NAME, role: "state", visibility: "veryHidden", rows: b.build(), columnWidths: [16, 28, 16] };
}

/**
 * The whole workbook to write: Assumptions, Production Budget and the hidden state sheet, with the
 * named outputs and a chart. Pure: the same input always gives the same plan.
 */
export function planWorkbook(input: PlanInput): WorkbookPlan {
  const A = layoutAssumptions();
  const L = layoutBudget(input.items.length);
  const assumptions = planAssumptionsSheet(input, A);
  const { sheet: budget, chart } = planBudgetSheet(input, A, L);
  const visibleNames = [assumptions.name, budget.name];
  const state = planStateSheet(input, A, [...visibleNames, STATE_SHEET_NAME]);

  const names: PlanName[] = [
    { name: NAMES.pilotTotal, sheetName: BUDGET_SHEET, address: `$B$${L.summaryRow}`, comment: "Sum of the pilot line items." },
    ...SCENARIO_KEYS.map((s) => ({
      name: NAMES.production[s],
      sheetName: BUDGET_SHEET,
      address: `$${col(SCENARIO_COL[s])}$${L.summaryRow}`,
      comment: `${SCENARIO_NAMES[s]} scenario: production cost over the horizon.`,
    })),
    ...SCENARIO_KEYS.map((s) => ({
      name: NAMES.multiplier[s],
      sheetName: ASSUMPTIONS_SHEET,
      address: `$B$${A.multiplierRow[s]}`,
      comment: `${SCENARIO_NAMES[s]} multiplier on the pilot total.`,
    })),
    { name: NAMES.contingency, sheetName: ASSUMPTIONS_SHEET, address: `$B$${A.contingencyRow}`, comment: "Reserve on top of each scenario." },
    { name: NAMES.horizonYears, sheetName: ASSUMPTIONS_SHEET, address: `$B$${A.horizonRow}`, comment: "Years of the production horizon." },
  ];
  return { sheets: [assumptions, budget, state], names, charts: [chart] };
}

/** Where the engine's figures live on the generated sheets: what a test or a reader compares. */
export interface PlanAddresses {
  pilotByBucket: Record<string, string>;
  scenarioByCategory: Record<ScenarioKey, Record<string, string>>;
  /** Per scenario, the total row's cell for each year (index 0 = year 1). */
  scenarioByYear: Record<ScenarioKey, string[]>;
  scenarioCategoryYear: Record<ScenarioKey, Record<string, string[]>>;
}

/** Cell addresses (on the budget sheet) of every category and year figure, for checks against the projection. */
export function budgetAddresses(itemCount: number, horizonYears: number): PlanAddresses {
  const L = layoutBudget(itemCount);
  const pilotByBucket: Record<string, string> = {};
  CATEGORIES.forEach((c, i) => (pilotByBucket[c.key] = `B${L.firstCategoryRow + i}`));
  pilotByBucket.unclassified = `B${L.unclassifiedRow}`;
  const scenarioByCategory = {} as Record<ScenarioKey, Record<string, string>>;
  const scenarioByYear = {} as Record<ScenarioKey, string[]>;
  const scenarioCategoryYear = {} as Record<ScenarioKey, Record<string, string[]>>;
  for (const s of SCENARIO_KEYS) {
    const first = L.phasingFirstRow[s];
    scenarioByCategory[s] = {};
    scenarioCategoryYear[s] = {};
    CATEGORIES.forEach((c, i) => {
      scenarioByCategory[s][c.key] = `${col(SCENARIO_COL[s])}${L.firstCategoryRow + i}`;
      scenarioCategoryYear[s][c.key] = Array.from({ length: horizonYears }, (_, y) => `${col(1 + y)}${first + i}`);
    });
    scenarioByYear[s] = Array.from({ length: horizonYears }, (_, y) => `${col(1 + y)}${first + CATEGORIES.length}`);
  }
  return { pilotByBucket, scenarioByCategory, scenarioByYear, scenarioCategoryYear };
}
