/**
 * One contract, two renderers: the same plan rendered by the Office.js renderer (on the simulator)
 * and by the .xlsx renderer must give identical cells (values, formulas, number formats, cell
 * formats), workbook names, column widths, freeze panes, visibility and tab colours.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { runEngine } from "../../src/domain/engine";
import type { SourceGrid } from "../../src/domain/source";
import type { WorkbookPlan } from "../../src/domain/workbookPlan";
import { createOfficeGateway } from "../../src/excel/gateway";
import { renderPlanIntoPackage } from "../../src/xlsx/renderPlan";
import { generatedPilotGrid, messyPilotGrid } from "../fixtures/grids";
import { columnName, findSheet, installSimulator, keyToPosition, splitQualified, type CellSpec, type SimCell, type SimWorkbook } from "../simulator";
import { pointsToCharacters, pointsToFileWidth } from "../simulator/exportXlsx";
import { writeGridWorkbook } from "../support/workbooks";

interface CellView {
  isFormula: boolean;
  content: string | number | boolean | null;
  numberFormat: string;
  bold: boolean;
  italic: boolean;
  fontColor: string | null;
  fontSize: number | null;
  fill: string | null;
  borderTop: boolean;
  borderBottom: boolean;
  wrapText: boolean;
  horizontal: string | null;
}

const color = (c: string | undefined | null) => (c ? `#${c.replace(/^#/, "").slice(-6).toUpperCase()}` : null);
const fontColor = (c: string | null) => (c === "#000000" ? null : c);

function fromSimulator(cell: SimCell): CellView {
  const f = cell.format ?? {};
  const value = cell.value;
  return {
    isFormula: cell.formula !== undefined,
    content: cell.formula ?? (value === undefined ? null : typeof value === "object" ? value.error : value),
    numberFormat: cell.numberFormat ?? "General",
    bold: f.bold ?? false,
    italic: f.italic ?? false,
    fontColor: fontColor(color(f.fontColor)),
    fontSize: f.fontSize ?? null,
    fill: color(f.fillColor),
    borderTop: Boolean(f.borders?.EdgeTop),
    borderBottom: Boolean(f.borders?.EdgeBottom),
    wrapText: f.wrapText ?? false,
    horizontal: f.horizontalAlignment?.toLowerCase() ?? null,
  };
}

function fromExcelJs(cell: ExcelJS.Cell): CellView {
  const v = cell.value;
  let content: CellView["content"] = null;
  if (v !== null && typeof v === "object" && "formula" in v) content = `=${String(v.formula)}`;
  else if (v !== null && typeof v === "object" && "error" in v) content = String(v.error);
  else if (v !== null && typeof v === "object" && "richText" in v) content = v.richText.map((t) => t.text).join("");
  else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") content = v;
  const fill = cell.fill && cell.fill.type === "pattern" && cell.fill.pattern === "solid" ? color(cell.fill.fgColor?.argb) : null;
  return {
    isFormula: v !== null && typeof v === "object" && "formula" in v,
    content,
    numberFormat: cell.numFmt || "General",
    bold: cell.font?.bold ?? false,
    italic: cell.font?.italic ?? false,
    fontColor: fontColor(color(cell.font?.color?.argb)),
    fontSize: cell.font?.size !== undefined && cell.font.size !== 11 ? cell.font.size : null,
    fill,
    borderTop: Boolean(cell.border?.top?.style),
    borderBottom: Boolean(cell.border?.bottom?.style),
    wrapText: cell.alignment?.wrapText ?? false,
    horizontal: cell.alignment?.horizontal ?? null,
  };
}

const EMPTY: CellView = fromSimulator({});
const isEmpty = (v: CellView) => JSON.stringify(v) === JSON.stringify(EMPTY);

function simulatorCells(wb: SimWorkbook, sheetName: string): Map<string, CellView> {
  const out = new Map<string, CellView>();
  for (const [key, cell] of findSheet(wb, sheetName)?.cells ?? []) {
    const { row, column } = keyToPosition(key);
    const view = fromSimulator(cell);
    if (!isEmpty(view)) out.set(`${columnName(column)}${row + 1}`, view);
  }
  return out;
}

function excelJsCells(ws: ExcelJS.Worksheet): Map<string, CellView> {
  const out = new Map<string, CellView>();
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      const view = fromExcelJs(cell);
      if (!isEmpty(view)) out.set(cell.address, view);
    }),
  );
  return out;
}

const dir = mkdtempSync(path.join(tmpdir(), "p2p-contract-"));

interface Rendered {
  plan: WorkbookPlan;
  sim: SimWorkbook;
  xlsx: ExcelJS.Workbook;
}
const rendered = new Map<string, Rendered>();

async function renderBoth(name: string, grid: SourceGrid): Promise<void> {
  const engine = runEngine(grid, { generatedAt: "2026-11-26T12:00:00Z" });
  if (!engine.ok) throw new Error(engine.message);
  // Office.js on the simulator.
  const rows: CellSpec[][] = grid.values.map((row, r) =>
    row.map((v, c): CellSpec => {
      const format = grid.numberFormats[r]?.[c] ?? "General";
      if (v === null || typeof v === "object") return v;
      return format === "@" ? { text: String(v) } : format !== "General" && typeof v !== "boolean" ? { value: v, numberFormat: format } : v;
    }),
  );
  const office = installSimulator({ sheets: [{ name: grid.sheetName, topLeft: grid.topLeft, rows }] });
  try {
    await createOfficeGateway().generate(engine.plan);
  } finally {
    office.uninstall();
  }
  // The .xlsx renderer into the same pilot workbook.
  const input = path.join(dir, `${name}-input.xlsx`);
  await writeGridWorkbook([grid], input);
  const output = renderPlanIntoPackage(new Uint8Array(readFileSync(input)), engine.plan);
  const xlsx = new ExcelJS.Workbook();
  await xlsx.xlsx.load(Buffer.from(output) as unknown as ExcelJS.Buffer);
  rendered.set(name, { plan: engine.plan, sim: office.sim.workbook, xlsx });
}

beforeAll(async () => {
  await renderBoth("messy", messyPilotGrid().grid);
  await renderBoth("generated-2k", generatedPilotGrid({ rows: 2_000, withCategoryColumn: true, textAmountEvery: 25 }).grid);
}, 120_000);

describe.each(["messy", "generated-2k"])("contract: Office.js (simulator) and .xlsx renderers agree on %s", (name) => {
  const get = () => {
    const r = rendered.get(name);
    if (!r) throw new Error(`${name} not rendered`);
    return r;
  };

  it("has the same sheets, in order, with the same visibility and tab colours", () => {
    const { sim, xlsx } = get();
    const visibility = { Visible: "visible", Hidden: "hidden", VeryHidden: "veryHidden" } as const;
    expect(xlsx.worksheets.map((ws) => [ws.name, ws.state, color(ws.properties.tabColor?.argb)])).toEqual(
      sim.sheets.map((s) => [s.name, visibility[s.visibility], s.tabColor ? s.tabColor : null]),
    );
  });

  it("writes identical cells: values, formulas, number formats and cell formats", () => {
    const { plan, sim, xlsx } = get();
    for (const sheet of plan.sheets) {
      const ws = xlsx.getWorksheet(sheet.name);
      if (!ws) throw new Error(`no sheet ${sheet.name} in the .xlsx`);
      const a = simulatorCells(sim, sheet.name);
      const b = excelJsCells(ws);
      const addresses = [...new Set([...a.keys(), ...b.keys()])];
      const differences = addresses
        .map((address) => ({ address, officeJs: a.get(address) ?? EMPTY, xlsx: b.get(address) ?? EMPTY }))
        .filter((d) => JSON.stringify(d.officeJs) !== JSON.stringify(d.xlsx))
        .slice(0, 5);
      expect(differences, sheet.name).toEqual([]);
      expect(a.size, sheet.name).toBeGreaterThan(10);
    }
  });

  it("defines the same workbook names", () => {
    const { sim, xlsx } = get();
    const model = xlsx.definedNames.model as { name: string; ranges: string[] }[];
    const norm = (ref: string) => {
      const parts = splitQualified(ref);
      return `${parts?.sheetName ?? ""}!${parts?.address ?? ref}`;
    };
    const fromXlsx = model.map((n) => [n.name, n.ranges.map(norm).join(",")]).sort();
    const fromSim = sim.names.map((n) => [n.name, norm(n.formula)]).sort();
    expect(fromXlsx).toEqual(fromSim);
  });

  it("sets the same column widths and freeze panes", () => {
    const { plan, sim, xlsx } = get();
    for (const sheet of plan.sheets) {
      const ws = xlsx.getWorksheet(sheet.name);
      const s = findSheet(sim, sheet.name);
      if (!ws || !s) throw new Error(sheet.name);
      sheet.columnWidths.forEach((chars, c) => {
        const points = s.columnWidths.get(c);
        expect(points, `${sheet.name} column ${c}`).toBeDefined();
        expect(pointsToCharacters(points ?? 0)).toBeCloseTo(chars, 1);
        expect(ws.getColumn(c + 1).width, `${sheet.name} column ${c} in the file`).toBe(pointsToFileWidth(points ?? 0));
      });
      const view = ws.views[0] as { state?: string; xSplit?: number; ySplit?: number } | undefined;
      const frozen = view?.state === "frozen" ? { rows: view.ySplit ?? 0, columns: view.xSplit ?? 0 } : undefined;
      expect(frozen, sheet.name).toEqual(s.freeze);
    }
  });
});
