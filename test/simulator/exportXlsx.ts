/**
 * Exports the simulator's workbook to .xlsx with exceljs (node only), so LibreOffice can
 * recalculate what the Office.js renderer wrote: values, formulas, number formats, cell formats,
 * column widths, freeze panes, print setup, visibility, tab colours and workbook names. Charts and
 * tables are not exported (exceljs cannot write charts; tables do not affect calculation).
 */
import { writeFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { STANDARD_COLUMN_WIDTH_POINTS, isErrorValue, keyToPosition, type BorderState, type CellFormat, type SimSheet, type SimWorkbook } from "./model";
import { splitQualified } from "./address";

const VISIBILITY: Record<SimSheet["visibility"], "visible" | "hidden" | "veryHidden"> = {
  Visible: "visible",
  Hidden: "hidden",
  VeryHidden: "veryHidden",
};

function argb(color: string): { argb: string } {
  return { argb: `FF${color.replace("#", "").toUpperCase()}` };
}

/** Points (what `Range.format.columnWidth` takes) -> Excel character units as the UI shows them (padding excluded). */
export function pointsToCharacters(points: number): number {
  return Math.round((((points * 4) / 3 - 5) / 7) * 100) / 100;
}

/**
 * Points -> the `width` an .xlsx file stores: pixels over the maximum digit width (7 px for
 * Calibri 11), padding included, truncated to 1/256 (ECMA-376 §18.3.1.13). 44 characters (313 px)
 * are stored as 44.7109375.
 */
export function pointsToFileWidth(points: number): number {
  return Math.floor((((points * 4) / 3) / 7) * 256) / 256;
}

function border(b: BorderState | undefined): Partial<ExcelJS.Border> | undefined {
  if (!b || b.style === "None") return undefined;
  const weight = b.weight === "Thick" ? "thick" : b.weight === "Medium" ? "medium" : b.weight === "Hairline" ? "hair" : "thin";
  const style: ExcelJS.BorderStyle = b.style === "Dash" ? "dashed" : b.style === "Dot" ? "dotted" : b.style === "Double" ? "double" : weight;
  return { style, color: argb(b.color) };
}

function applyFormat(cell: ExcelJS.Cell, format: CellFormat): void {
  const font: Partial<ExcelJS.Font> = {};
  if (format.bold) font.bold = true;
  if (format.italic) font.italic = true;
  if (format.fontSize !== undefined) font.size = format.fontSize;
  if (format.fontName) font.name = format.fontName;
  if (format.fontColor) font.color = argb(format.fontColor);
  if (Object.keys(font).length > 0) cell.font = font;
  if (format.fillColor) cell.fill = { type: "pattern", pattern: "solid", fgColor: argb(format.fillColor) };
  const alignment: Partial<ExcelJS.Alignment> = {};
  if (format.wrapText) alignment.wrapText = true;
  if (format.horizontalAlignment) alignment.horizontal = format.horizontalAlignment.toLowerCase() as ExcelJS.Alignment["horizontal"];
  if (format.verticalAlignment) alignment.vertical = format.verticalAlignment.toLowerCase() as ExcelJS.Alignment["vertical"];
  if (Object.keys(alignment).length > 0) cell.alignment = alignment;
  if (format.borders) {
    const b: Partial<ExcelJS.Borders> = {};
    const top = border(format.borders.EdgeTop);
    const bottom = border(format.borders.EdgeBottom);
    const left = border(format.borders.EdgeLeft);
    const right = border(format.borders.EdgeRight);
    if (top) b.top = top;
    if (bottom) b.bottom = bottom;
    if (left) b.left = left;
    if (right) b.right = right;
    cell.border = b;
  }
}

/** The simulator's workbook as .xlsx bytes. */
export async function exportSimulatorWorkbook(workbook: SimWorkbook): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of workbook.sheets) {
    const ws = wb.addWorksheet(sheet.name, {
      state: VISIBILITY[sheet.visibility],
      ...(sheet.tabColor ? { properties: { tabColor: argb(sheet.tabColor) } } : {}),
      ...(sheet.freeze && (sheet.freeze.rows > 0 || sheet.freeze.columns > 0)
        ? { views: [{ state: "frozen" as const, xSplit: sheet.freeze.columns, ySplit: sheet.freeze.rows }] }
        : {}),
    });
    const layout = sheet.pageLayout;
    ws.pageSetup.orientation = layout.orientation === "Landscape" ? "landscape" : "portrait";
    if (layout.zoom?.horizontalFitToPages !== undefined) {
      ws.pageSetup.fitToPage = true;
      ws.pageSetup.fitToWidth = layout.zoom.horizontalFitToPages;
      ws.pageSetup.fitToHeight = layout.zoom.verticalFitToPages ?? 0;
    }
    if (layout.printArea) ws.pageSetup.printArea = layout.printArea.replace(/\$/g, "");
    if (layout.printTitleRows) ws.pageSetup.printTitlesRow = layout.printTitleRows.replace(/\$/g, "");
    for (const [column, points] of sheet.columnWidths) {
      if (points !== STANDARD_COLUMN_WIDTH_POINTS) ws.getColumn(column + 1).width = pointsToFileWidth(points);
    }
    for (const [key, simCell] of sheet.cells) {
      const { row, column } = keyToPosition(key);
      const cell = ws.getCell(row + 1, column + 1);
      if (simCell.formula !== undefined) {
        cell.value = { formula: simCell.formula.slice(1), date1904: false } as ExcelJS.CellFormulaValue;
      } else if (simCell.value !== undefined) {
        cell.value = isErrorValue(simCell.value) ? { error: simCell.value.error as ExcelJS.CellErrorValue["error"] } : simCell.value;
      }
      if (simCell.numberFormat && simCell.numberFormat !== "General") cell.numFmt = simCell.numberFormat;
      if (simCell.format) applyFormat(cell, simCell.format);
    }
  }
  for (const name of workbook.names) {
    // exceljs writes names of ranges only; broken (#REF!) and constant names are left out.
    const parts = splitQualified(name.formula);
    if (!parts?.sheetName || /#REF!/i.test(name.formula) || !/^\$?[A-Z]+\$?\d+(:\$?[A-Z]+\$?\d+)?$/i.test(parts.address)) continue;
    wb.definedNames.add(`'${parts.sheetName.replace(/'/g, "''")}'!${parts.address}`, name.name);
  }
  const active = workbook.sheets.findIndex((s) => s.id === workbook.activeSheetId);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: Math.max(0, active), visibility: "visible" }];
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Writes the simulator's workbook to an .xlsx file. */
export async function writeSimulatorWorkbook(workbook: SimWorkbook, path: string): Promise<void> {
  await writeFile(path, await exportSimulatorWorkbook(workbook));
}
