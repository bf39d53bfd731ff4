import type { PlanCell, PlanSheet } from "../domain/workbookPlan";
import { cellAddress, columnLetters, MAX_COLUMNS, MAX_ROWS } from "./a1";
import { toFileFormula } from "./formula";
import type { StyleSheetWriter } from "./styleSheet";
import { PlanRenderError } from "./errors";
import { escapeAttr, escapeSpreadsheetText, escapeText, XML_DECLARATION } from "./xml";

/** SpreadsheetML for one generated sheet: cells, formats, column widths, panes, print setup. */

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** Text that Excel would take as a formula if typed: kept as text with the quote prefix. */
export function looksLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 /* = */ || c === 43 /* + */ || c === 45 /* - */ || c === 64 /* @ */;
}

/** Characters that need escaping in cell text (XML specials, `_` for `_xHHHH_`, controls, surrogates). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>_\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

function needsSpacePreserve(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first <= 32 || last <= 32 || text.indexOf("\n") >= 0;
}

/**
 * Excel stores a column width as characters plus padding: for the default 7-pixel digit width,
 * `chars + 5/7`, truncated to 1/256. The plan gives the width a user sees (characters).
 */
export function fileColumnWidth(characters: number): number {
  return Math.trunc(((characters * 7 + 5) / 7) * 256) / 256;
}

function numberText(value: number, where: string): string {
  if (!Number.isFinite(value)) throw new PlanRenderError(`The plan has a non-finite number (${value}) at ${where}.`);
  return Object.is(value, -0) ? "0" : String(value);
}

/** Cell format ids by style, number format and quote prefix, without building a key per cell. */
class CellFormatIds {
  private readonly plain = new Map<string, Map<string, number>>();
  private readonly quoted = new Map<string, Map<string, number>>();

  constructor(private readonly styles: StyleSheetWriter) {}

  id(style: PlanCell["style"], numberFormat: string | undefined, quotePrefix: boolean): number {
    const byStyle = quotePrefix ? this.quoted : this.plain;
    let byFormat = byStyle.get(style ?? "");
    if (!byFormat) byStyle.set(style ?? "", (byFormat = new Map()));
    let id = byFormat.get(numberFormat ?? "");
    if (id === undefined) {
      id = this.styles.cellFormat(quotePrefix ? { style, numberFormat, quotePrefix } : { style, numberFormat });
      byFormat.set(numberFormat ?? "", id);
    }
    return id;
  }
}

function cellXml(cell: PlanCell, ref: string, sheetName: string, ids: CellFormatIds): string {
  switch (cell.kind) {
    case "text": {
      const s = ids.id(cell.style, cell.numberFormat, looksLikeFormula(cell.text));
      const space = cell.text !== "" && needsSpacePreserve(cell.text) ? ' xml:space="preserve"' : "";
      const body = NEEDS_ESCAPE.test(cell.text) ? escapeSpreadsheetText(cell.text) : cell.text;
      return `<c r="${ref}"${s ? ` s="${s}"` : ""} t="inlineStr"><is><t${space}>${body}</t></is></c>`;
    }
    case "number": {
      const s = ids.id(cell.style, cell.numberFormat, false);
      return `<c r="${ref}"${s ? ` s="${s}"` : ""}><v>${numberText(cell.value, `'${sheetName}'!${ref}`)}</v></c>`;
    }
    case "formula": {
      const s = ids.id(cell.style, cell.numberFormat, false);
      const f = toFileFormula(cell.formula.trim());
      if (f === "") throw new PlanRenderError(`The plan has an empty formula at '${sheetName}'!${ref}.`);
      return `<c r="${ref}"${s ? ` s="${s}"` : ""}><f>${NEEDS_ESCAPE.test(f) ? escapeText(f) : f}</f></c>`;
    }
  }
}

export interface WorksheetXmlOptions {
  styles: StyleSheetWriter;
  /** Relationship id of the sheet's drawing part (charts), when it has one. */
  drawingRelId?: string;
}

/**
 * Writes the worksheet part through `write` in pieces (a row at a time), so that a sheet of
 * 100k rows never exists as one string (`XlsxPackage.setStreamed` deflates the pieces as they come).
 */
export function writeWorksheetXml(sheet: PlanSheet, options: WorksheetXmlOptions, write: (text: string) => void): void {
  const ids = new CellFormatIds(options.styles);
  if (sheet.rows.length > MAX_ROWS) throw new PlanRenderError(`The sheet "${sheet.name}" has ${sheet.rows.length} rows; Excel allows ${MAX_ROWS}.`);
  // The dimension comes before the cells: find the last row and column that hold a cell.
  let lastRow = 0;
  let lastColumn = 0;
  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = row.length - 1; c >= 0; c--) {
      if (!row[c]) continue;
      if (c + 1 > lastColumn) lastColumn = c + 1;
      lastRow = r + 1;
      break;
    }
  }

  write(XML_DECLARATION);
  write(`<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`);

  const tab = sheet.tabColor ? `<tabColor rgb="FF${sheet.tabColor.replace(/^#/, "").toUpperCase()}"/>` : "";
  const fit = sheet.print?.fitToWidth ? '<pageSetUpPr fitToPage="1"/>' : "";
  if (tab || fit) write(`<sheetPr>${tab}${fit}</sheetPr>`);

  write(`<dimension ref="${lastRow > 0 ? `A1:${cellAddress(lastRow, Math.max(lastColumn, 1))}` : "A1"}"/>`);

  const freezeRows = Math.max(0, Math.trunc(sheet.freeze?.rows ?? 0));
  const freezeColumns = Math.max(0, Math.trunc(sheet.freeze?.columns ?? 0));
  if (freezeRows > 0 || freezeColumns > 0) {
    const pane = freezeRows > 0 && freezeColumns > 0 ? "bottomRight" : freezeRows > 0 ? "bottomLeft" : "topRight";
    const topLeft = cellAddress(freezeRows + 1, freezeColumns + 1);
    write(
      '<sheetViews><sheetView workbookViewId="0">' +
        `<pane${freezeColumns > 0 ? ` xSplit="${freezeColumns}"` : ""}${freezeRows > 0 ? ` ySplit="${freezeRows}"` : ""}` +
        ` topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>` +
        `<selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/>` +
        "</sheetView></sheetViews>",
    );
  } else {
    write('<sheetViews><sheetView workbookViewId="0"/></sheetViews>');
  }
  write('<sheetFormatPr defaultRowHeight="15"/>');

  const cols = sheet.columnWidths
    .map((w, i) => (Number.isFinite(w) && w > 0 ? `<col min="${i + 1}" max="${i + 1}" width="${fileColumnWidth(w)}" customWidth="1"/>` : ""))
    .join("");
  if (cols) write(`<cols>${cols}</cols>`);

  if (lastRow === 0) write("<sheetData/>");
  else {
    write("<sheetData>");
    for (let r = 0; r < sheet.rows.length; r++) {
      const row = sheet.rows[r];
      if (!row) continue;
      const rowNumber = String(r + 1);
      let cells = "";
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell) continue;
        cells += cellXml(cell, columnLetters(c + 1) + rowNumber, sheet.name, ids);
      }
      if (row.length > MAX_COLUMNS) throw new PlanRenderError(`Row ${r + 1} of "${sheet.name}" has ${row.length} columns; Excel allows ${MAX_COLUMNS}.`);
      if (cells === "") continue;
      write(`<row r="${rowNumber}">${cells}</row>`);
    }
    write("</sheetData>");
  }

  write('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  if (sheet.print) {
    write(`<pageSetup orientation="${escapeAttr(sheet.print.orientation)}"${sheet.print.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : ""}/>`);
  }
  if (options.drawingRelId) write(`<drawing r:id="${escapeAttr(options.drawingRelId)}"/>`);
  write("</worksheet>");
}
