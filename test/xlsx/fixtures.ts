import ExcelJS from "exceljs";
import { STATE_FORMAT_VERSION, STATE_SHEET_NAME } from "../../src/domain/savedState";
import type { PlanCell, PlanChart, PlanRow, PlanSheet, WorkbookPlan } from "../../src/domain/workbookPlan";

/** Hand-built plans and input workbooks for the renderer tests (independent of the planner). */

export const PILOT_SHEET = "Q3 Pilot's costs";
export const PILOT_AMOUNTS = [1200, 2500.5, 300, 4000, 999.5] as const;
export const PILOT_TOTAL = 9000;
export const FORMULA_LOOKING_LABELS = ["=HYPERLINK(\"http://evil\",\"x\")", "+49 30 1234", "-minus first", "@SUM(A1)"] as const;

export const text = (t: string, extra: Partial<Extract<PlanCell, { kind: "text" }>> = {}): PlanCell => ({ kind: "text", text: t, ...extra });
export const num = (value: number, extra: Partial<Extract<PlanCell, { kind: "number" }>> = {}): PlanCell => ({ kind: "number", value, ...extra });
export const formula = (f: string, extra: Partial<Extract<PlanCell, { kind: "formula" }>> = {}): PlanCell => ({ kind: "formula", formula: f, ...extra });

/** A user workbook with a pilot sheet (name with a space and an apostrophe), a second sheet and a comment. */
export async function buildInputWorkbook(options: { rows?: number; withComment?: boolean; extraSheets?: string[] } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(PILOT_SHEET);
  ws.getCell("A1").value = "Pilot costs, Q3";
  ws.getCell("A3").value = "Item";
  ws.getCell("B3").value = "Category";
  ws.getCell("C3").value = "Cost";
  const labels = ["GPU hours", "Data labelling", "SSO setup", "Consultants", "Licences"];
  PILOT_AMOUNTS.forEach((amount, i) => {
    ws.getCell(`A${4 + i}`).value = labels[i] ?? `Item ${i}`;
    ws.getCell(`C${4 + i}`).value = amount;
    ws.getCell(`C${4 + i}`).numFmt = '"€"#,##0.00';
  });
  for (let i = 0; i < (options.rows ?? 0); i++) {
    ws.getCell(`A${10 + i}`).value = `Extra line ${i}`;
    ws.getCell(`C${10 + i}`).value = 100 + (i % 97);
  }
  if (options.withComment !== false) ws.getCell("C4").note = "Checked with finance";
  const other = wb.addWorksheet("Other data");
  other.getCell("A1").value = "keep me";
  other.getCell("B2").value = { formula: "SUM(1,2)", result: 3 };
  for (const name of options.extraSheets ?? []) wb.addWorksheet(name).getCell("A1").value = `user sheet ${name}`;
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

export const ASSUMPTIONS = "Assumptions";
export const BUDGET = "Production Budget";
export const NOTES = "Notes 'n' more";

function sheet(name: string, rows: PlanRow[], extra: Partial<PlanSheet> = {}): PlanSheet {
  return { name, role: "budget", visibility: "visible", rows, columnWidths: [], ...extra };
}

/**
 * A plan in the shape the planner produces: an Assumptions sheet with inputs, a budget sheet whose
 * formulas reference the pilot sheet and the Assumptions sheet, a third sheet with an apostrophe
 * in its name, the very hidden state sheet, names, print setup and a chart.
 *
 * Expected values: pilot total 9000; Low 45000, Base 67500, High 90000 (× (1 + contingency 0)).
 */
export function buildSamplePlan(options: { itemRows?: number; includeState?: boolean } = {}): WorkbookPlan {
  const pilot = `'${PILOT_SHEET.replace(/'/g, "''")}'`;
  const assumptions = sheet(
    ASSUMPTIONS,
    [
      [text("Assumptions", { style: "title" })],
      [text("Scenario", { style: "columnHeader" }), text("Multiplier", { style: "columnHeader" }), text("Basis", { style: "columnHeader" })],
      [text("Low"), num(5, { style: "input", numberFormat: '0.0"x"' }), text("The pilot budget covers about 20% of need.", { style: "note" })],
      [text("Base"), num(7.5, { style: "input", numberFormat: '0.0"x"' }), text("Midpoint.")],
      [text("High"), num(10, { style: "input", numberFormat: '0.0"x"' }), text("The pilot is about 10% of production.")],
      [text("Contingency"), num(0, { style: "input", numberFormat: "0%" })],
      ...FORMULA_LOOKING_LABELS.map((label) => [text(label, { style: "label" })]),
      [text("  leading and trailing spaces  "), text("literal _x0041_ stays"), text("tab\there, line\nbreak")],
    ],
    { role: "assumptions", columnWidths: [28, 12, 60], freeze: { rows: 2, columns: 0 }, tabColor: "#FFC000" },
  );

  const itemRows = options.itemRows ?? 0;
  const budgetRows: PlanRow[] = [
    [text("Production budget", { style: "title" })],
    [text("Line item", { style: "columnHeader" }), text("Pilot amount", { style: "columnHeader" })],
  ];
  PILOT_AMOUNTS.forEach((_, i) => {
    budgetRows.push([formula(`=${pilot}!A${4 + i}`), formula(`=${pilot}!C${4 + i}`, { numberFormat: '"€"#,##0.00', style: "calc" })]);
  });
  // Row 8: totals; row 10-12: scenarios; row 14: checks.
  budgetRows.push([text("Pilot total", { style: "total" }), formula("=SUM(B3:B7)", { style: "total", numberFormat: '"€"#,##0.00' })]);
  budgetRows.push([]);
  budgetRows.push([text("Low"), formula("=B8*Assumptions!$B$3*(1+Assumptions!$B$6)", { numberFormat: "#,##0" })]);
  budgetRows.push([text("Base"), formula("=B8*Assumptions!$B$4*(1+Assumptions!$B$6)", { numberFormat: "#,##0" })]);
  budgetRows.push([text("High"), formula("=B8*Assumptions!$B$5*(1+Assumptions!$B$6)", { numberFormat: "#,##0" })]);
  budgetRows.push([]);
  budgetRows.push([text("Check", { style: "check" }), formula('=IFS(B12>=B11,"OK",TRUE,"order")', { style: "check" })]);
  budgetRows.push([text("Max", { style: "calc" }), formula("=MAXIFS(B10:B12,B10:B12,\">0\")")]);
  for (let i = 0; i < itemRows; i++) {
    budgetRows.push([text(`Generated line ${i} =not a formula`), num(i * 1.5, { numberFormat: "#,##0.00" }), formula(`=B${budgetRows.length + 1}*2`)]);
  }

  const budget = sheet(BUDGET, budgetRows, {
    columnWidths: [32, 16, 16],
    freeze: { rows: 2, columns: 1 },
    print: { orientation: "landscape", fitToWidth: true, printArea: "A1:C16", repeatRows: "1:2" },
    tabColor: "#1F3864",
  });

  const notes = sheet(NOTES, [
    [text("Twice the pilot total"), formula(`='${BUDGET}'!B8*2`)],
    [text("Named output"), formula("=ProductionBase/PilotTotal")],
    [text("Back-reference to self"), formula(`='${NOTES.replace(/'/g, "''")}'!B1+1`)],
  ]);

  const sheets: PlanSheet[] = [assumptions, budget, notes];
  if (options.includeState !== false) {
    const generated = [ASSUMPTIONS, BUDGET, NOTES, STATE_SHEET_NAME];
    sheets.push({
      name: STATE_SHEET_NAME,
      role: "state",
      visibility: "veryHidden",
      columnWidths: [16, 28, 16],
      rows: [
        [text("p2p-state"), num(STATE_FORMAT_VERSION)],
        ...generated.map((name) => [text("generated-sheet"), text(name)]),
        [text("source"), text(PILOT_SHEET), text("A3:C8")],
        [text("input"), text("multipliers.low"), formula("=Assumptions!$B$3")],
        [text("input"), text("multipliers.base"), formula("=Assumptions!$B$4")],
        [text("input"), text("multipliers.high"), formula("='Assumptions'!$B$5")],
      ],
    });
  }

  const chart: PlanChart = {
    sheetName: BUDGET,
    title: "Production cost by scenario",
    type: "columnClustered",
    categoriesAddress: "A10:A12",
    series: [{ name: "Production", valuesAddress: "B10:B12" }],
    topLeft: "E3",
    bottomRight: "L18",
  };

  return {
    sheets,
    names: [
      { name: "PilotTotal", sheetName: BUDGET, address: "$B$8", comment: "Sum of the pilot line items." },
      { name: "ProductionLow", sheetName: BUDGET, address: "$B$10" },
      { name: "ProductionBase", sheetName: BUDGET, address: "$B$11" },
      { name: "ProductionHigh", sheetName: BUDGET, address: "$B$12" },
      { name: "MultiplierLow", sheetName: ASSUMPTIONS, address: "$B$3" },
    ],
    charts: [chart],
  };
}

export const EXPECTED = {
  pilotTotal: PILOT_TOTAL,
  low: PILOT_TOTAL * 5,
  base: PILOT_TOTAL * 7.5,
  high: PILOT_TOTAL * 10,
} as const;
