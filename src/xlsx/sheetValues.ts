import type { SourceCell } from "../domain/source";
import { MAX_COLUMNS } from "./a1";
import { decodeEntities, decodeSpreadsheetText, textBetween, XmlSyntaxError } from "./xml";

/**
 * Cell values of worksheet parts and the shared strings, read straight from their XML with a
 * forward scan (no element tree): a 100k-row sheet is one pass of `indexOf` over the part's text.
 * Formula cells give their cached value, or null when the file has none.
 *
 * Used by the input reader (`readWorkbook.ts`) for every sheet it is asked about, and by the
 * renderer for the add-in's state sheet.
 */

// ---------------------------------------------------------------------------------------------
// Small scanning helpers

/** `>`, `/` or XML white space: the character after an element name in a tag. */
function endsName(code: number): boolean {
  return code === 62 || code === 47 || code === 32 || code === 9 || code === 10 || code === 13;
}

/** True when a start tag named `tag` (`<x:c`, `<row` …, given with its `<`) begins at `at`. */
function tagAt(xml: string, at: number, tag: string): boolean {
  return xml.startsWith(tag, at) && endsName(xml.charCodeAt(at + tag.length));
}

/** `x:` when the document element is written with the prefix `x`, else "". */
export function documentPrefix(xml: string): string {
  let i = 0;
  for (;;) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) return "";
    const next = xml.charCodeAt(lt + 1);
    if (next === 63 /* ? */ || next === 33 /* ! */) {
      i = lt + 2;
      continue;
    }
    let j = lt + 1;
    while (j < xml.length && !endsName(xml.charCodeAt(j))) j++;
    const name = xml.slice(lt + 1, j);
    const colon = name.indexOf(":");
    return colon < 0 ? "" : name.slice(0, colon + 1);
  }
}

/** The end of the start tag that begins at `lt` (index of its `>`), honouring quoted attribute values. */
function startTagEnd(xml: string, lt: number): number {
  let quote = 0;
  for (let j = lt + 1, n = xml.length; j < n; j++) {
    const c = xml.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return j;
  }
  throw new XmlSyntaxError("Unterminated start tag");
}

/** The attributes `r`, `s` and `t` of a `<c>` or `<row>` start tag (between `from` and `to`). */
interface CellAttributes {
  r: string | undefined;
  s: string | undefined;
  t: string | undefined;
}

function readCellAttributes(xml: string, from: number, to: number, out: CellAttributes): void {
  out.r = undefined;
  out.s = undefined;
  out.t = undefined;
  let i = from;
  while (i < to) {
    const eq = xml.indexOf("=", i);
    if (eq < 0 || eq >= to) return;
    // The attribute name: the non-space run before `=`.
    let nameEnd = eq;
    while (nameEnd > i && isSpace(xml.charCodeAt(nameEnd - 1))) nameEnd--;
    let nameStart = nameEnd;
    while (nameStart > i && !isSpace(xml.charCodeAt(nameStart - 1))) nameStart--;
    let q = eq + 1;
    while (q < to && isSpace(xml.charCodeAt(q))) q++;
    const quote = xml.charCodeAt(q);
    if (quote !== 34 && quote !== 39) return;
    const close = xml.indexOf(quote === 34 ? '"' : "'", q + 1);
    if (close < 0 || close > to) return;
    if (nameEnd - nameStart === 1) {
      const n = xml.charCodeAt(nameStart);
      if (n === 114 /* r */) out.r = xml.slice(q + 1, close);
      else if (n === 115 /* s */) out.s = xml.slice(q + 1, close);
      else if (n === 116 /* t */) out.t = xml.slice(q + 1, close);
    }
    i = close + 1;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** The offset of the end tag `</name>` that closes an element whose content starts at `from`. */
function closingTag(xml: string, from: number, endTag: string, limit = xml.length): number {
  const close = xml.indexOf(endTag, from);
  if (close < 0 || close > limit) throw new XmlSyntaxError(`Missing ${endTag}`);
  return close;
}

// ---------------------------------------------------------------------------------------------
// Strings

/**
 * Text of a string item (`<si>` or `<is>`) whose content lies between `from` and `to`: its `<t>`
 * and the `<t>` of every rich-text run, concatenated; phonetic runs (`<rPh>`) are left out.
 */
function stringItemText(xml: string, from: number, to: number, p: string): string {
  const t = `<${p}t`;
  const tEnd = `</${p}t>`;
  // Fast path: the item is one `<t>` element.
  if (xml.startsWith(`${t}>`, from)) {
    const close = xml.indexOf(tEnd, from);
    if (close >= 0 && close + tEnd.length === to) {
      const raw = xml.slice(from + t.length + 1, close);
      return decodeSpreadsheetText(raw.indexOf("<") < 0 ? decodeEntities(raw) : textBetween(xml, from + t.length + 1, close));
    }
  }
  const rPh = `<${p}rPh`;
  const rPhEnd = `</${p}rPh>`;
  let text = "";
  let i = from;
  while (i < to) {
    const lt = xml.indexOf("<", i);
    if (lt < 0 || lt >= to) break;
    if (tagAt(xml, lt, rPh)) {
      const gt = startTagEnd(xml, lt);
      i = xml.charCodeAt(gt - 1) === 47 ? gt + 1 : closingTag(xml, gt, rPhEnd, to) + rPhEnd.length;
      continue;
    }
    if (tagAt(xml, lt, t)) {
      const gt = startTagEnd(xml, lt);
      if (xml.charCodeAt(gt - 1) === 47) {
        i = gt + 1;
        continue;
      }
      const close = closingTag(xml, gt, tEnd, to);
      text += textBetween(xml, gt + 1, close);
      i = close + tEnd.length;
      continue;
    }
    if (xml.startsWith("<![CDATA[", lt)) {
      i = closingTag(xml, lt, "]]>", to) + 3;
      continue;
    }
    i = lt + 1;
  }
  return decodeSpreadsheetText(text);
}

/** The shared strings table (`xl/sharedStrings.xml`): one string per `<si>`, rich text flattened. */
export function readSharedStrings(xml: string): string[] {
  const p = documentPrefix(xml);
  const si = `<${p}si`;
  const siEnd = `</${p}si>`;
  const strings: string[] = [];
  let i = 0;
  for (;;) {
    const lt = xml.indexOf(si, i);
    if (lt < 0) break;
    if (!endsName(xml.charCodeAt(lt + si.length))) {
      i = lt + si.length;
      continue;
    }
    const gt = startTagEnd(xml, lt);
    if (xml.charCodeAt(gt - 1) === 47) {
      strings.push("");
      i = gt + 1;
      continue;
    }
    const close = closingTag(xml, gt, siEnd);
    strings.push(stringItemText(xml, gt + 1, close, p));
    i = close + siEnd.length;
  }
  return strings;
}

// ---------------------------------------------------------------------------------------------
// Worksheets

/** Serial day number of a `t="d"` (ISO 8601) cell value, or undefined when it is not a date. */
function isoDateToSerial(text: string, date1904: boolean): number | undefined {
  const s = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(s) || !s.includes("T") ? s : `${s}Z`;
  const ms = Date.parse(zoned);
  if (!Number.isFinite(ms)) return undefined;
  return 25569 + ms / 86_400_000 - (date1904 ? 1462 : 0);
}

export interface ScanOptions {
  /** Keep the formula text of formula cells (`formulas`); off by default. */
  keepFormulas?: boolean;
  /** The workbook uses the 1904 date system (only matters for `t="d"` cells). */
  date1904?: boolean;
}

/**
 * The cells of a worksheet part, in row-major order (sorted by row, then column): parallel arrays
 * rather than an object per cell. Every `<c>` in the file is listed, also those with only a style.
 */
export interface ScannedSheet {
  /** 1-based row numbers. */
  rows: number[];
  /** 1-based column numbers. */
  columns: number[];
  /** Cell format index (`s`), 0 when absent. */
  styles: number[];
  values: SourceCell[];
  /** True for a cell that holds a formula. */
  hasFormula: boolean[];
  /** Formula text by cell index (only with `keepFormulas`; "" for the followers of a shared formula). */
  formulas?: (string | undefined)[];
  /** Merged areas (`<mergeCell ref>`), as read. */
  merges: string[];
}

/** Parse the column letters and row digits of `B12`; returns false when it is not a cell reference. */
function parseRef(ref: string, out: { row: number; column: number }): boolean {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) column = column * 26 + (c - 64);
    else if (c >= 97 && c <= 122) column = column * 26 + (c - 96);
    else break;
  }
  if (i === 0 || i === ref.length) return false;
  let row = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    row = row * 10 + (c - 48);
  }
  if (row < 1 || column < 1 || column > MAX_COLUMNS) return false;
  out.row = row;
  out.column = column;
  return true;
}

/**
 * Scans the `<sheetData>` of a worksheet part. Cells are typed by `t`: numbers (`n` or none),
 * shared strings (`s`), formula strings (`str`), inline strings (`inlineStr`, rich text flattened),
 * booleans (`b`), errors (`e`) and ISO dates (`d`, as serial numbers).
 */
export function scanSheet(xml: string, sharedStrings: readonly string[], options: ScanOptions = {}): ScannedSheet {
  const sheet: ScannedSheet = { rows: [], columns: [], styles: [], values: [], hasFormula: [], merges: [] };
  if (options.keepFormulas) sheet.formulas = [];
  const p = documentPrefix(xml);
  const dataTag = `<${p}sheetData`;
  let dataStart = xml.indexOf(dataTag);
  while (dataStart >= 0 && !endsName(xml.charCodeAt(dataStart + dataTag.length))) dataStart = xml.indexOf(dataTag, dataStart + 1);
  if (dataStart < 0) return sheet;
  const dataOpenEnd = startTagEnd(xml, dataStart);
  let dataEnd = dataOpenEnd + 1;
  if (xml.charCodeAt(dataOpenEnd - 1) !== 47) {
    dataEnd = closingTag(xml, dataOpenEnd, `</${p}sheetData>`);
    scanCells(xml, dataOpenEnd + 1, dataEnd, p, sharedStrings, options, sheet);
  }
  // Merged areas follow the sheet data.
  const mergeTag = `<${p}mergeCell`;
  for (let at = xml.indexOf(mergeTag, dataEnd); at >= 0; at = xml.indexOf(mergeTag, at + mergeTag.length)) {
    if (!endsName(xml.charCodeAt(at + mergeTag.length))) continue;
    const gt = startTagEnd(xml, at);
    const m = /\sref\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(xml.slice(at, gt));
    const ref = m?.[1] ?? m?.[2];
    if (ref) sheet.merges.push(ref);
  }
  sortCells(sheet);
  return sheet;
}

function scanCells(
  xml: string,
  from: number,
  to: number,
  p: string,
  sharedStrings: readonly string[],
  options: ScanOptions,
  sheet: ScannedSheet,
): void {
  const rowTag = `<${p}row`;
  const cellTag = `<${p}c`;
  const cellEnd = `</${p}c>`;
  const vTag = `<${p}v`;
  const vEnd = `</${p}v>`;
  const fTag = `<${p}f`;
  const fEnd = `</${p}f>`;
  const isTag = `<${p}is`;
  const isEnd = `</${p}is>`;
  const date1904 = options.date1904 ?? false;
  const keepFormulas = options.keepFormulas ?? false;
  const attrs: CellAttributes = { r: undefined, s: undefined, t: undefined };
  const pos = { row: 0, column: 0 };
  const { rows, columns, styles, values, hasFormula } = sheet;
  const formulas = sheet.formulas;
  let row = 0;
  let column = 0;
  let i = from;
  while (i < to) {
    const lt = xml.indexOf("<", i);
    if (lt < 0 || lt >= to) break;
    if (tagAt(xml, lt, cellTag)) {
      const gt = startTagEnd(xml, lt);
      const selfClosing = xml.charCodeAt(gt - 1) === 47;
      readCellAttributes(xml, lt + cellTag.length, selfClosing ? gt - 1 : gt, attrs);
      if (attrs.r !== undefined && parseRef(attrs.r, pos)) {
        row = pos.row;
        column = pos.column;
      } else column++;
      if (row === 0) row = 1;
      let value: SourceCell = null;
      let formula: string | undefined;
      let isFormula = false;
      if (selfClosing) i = gt + 1;
      else {
        const close = closingTag(xml, gt, cellEnd, to);
        const type = attrs.t;
        // The value `<v>`, the formula `<f>` and the inline string `<is>` are children of `<c>`.
        let v = -1;
        let vClose = -1;
        for (let k = xml.indexOf("<", gt + 1); k >= 0 && k < close; ) {
          if (tagAt(xml, k, vTag)) {
            const vGt = startTagEnd(xml, k);
            if (xml.charCodeAt(vGt - 1) === 47) {
              v = vGt + 1;
              vClose = vGt + 1;
              k = xml.indexOf("<", vGt + 1);
            } else {
              v = vGt + 1;
              vClose = closingTag(xml, v, vEnd, close);
              k = xml.indexOf("<", vClose + vEnd.length);
            }
          } else if (tagAt(xml, k, fTag)) {
            isFormula = true;
            const fGt = startTagEnd(xml, k);
            if (xml.charCodeAt(fGt - 1) === 47) {
              if (keepFormulas) formula = "";
              k = xml.indexOf("<", fGt + 1);
            } else {
              const fClose = closingTag(xml, fGt + 1, fEnd, close);
              if (keepFormulas) formula = textBetween(xml, fGt + 1, fClose);
              k = xml.indexOf("<", fClose + fEnd.length);
            }
          } else if (tagAt(xml, k, isTag)) {
            const isGt = startTagEnd(xml, k);
            if (xml.charCodeAt(isGt - 1) === 47) {
              if (type === "inlineStr") value = "";
              k = xml.indexOf("<", isGt + 1);
            } else {
              const isClose = closingTag(xml, isGt + 1, isEnd, close);
              if (type === "inlineStr") value = stringItemText(xml, isGt + 1, isClose, p);
              k = xml.indexOf("<", isClose + isEnd.length);
            }
          } else k = xml.indexOf("<", k + 1);
        }
        if (v >= 0 && (type !== "inlineStr" || value === null)) value = typedValue(xml, v, vClose, type, sharedStrings, date1904);
        // An empty inline string is an empty cell (spreadsheet programs never store one for a typed value).
        if (value === "" && type === "inlineStr") value = null;
        i = close + cellEnd.length;
      }
      rows.push(row);
      columns.push(column);
      styles.push(attrs.s === undefined ? 0 : Number(attrs.s) | 0);
      values.push(value);
      hasFormula.push(isFormula);
      if (formulas) formulas.push(formula);
      continue;
    }
    if (tagAt(xml, lt, rowTag)) {
      const gt = startTagEnd(xml, lt);
      readCellAttributes(xml, lt + rowTag.length, gt, attrs);
      const r = attrs.r === undefined ? NaN : Number(attrs.r);
      row = Number.isInteger(r) && r > 0 ? r : row + 1;
      column = 0;
      i = gt + 1;
      continue;
    }
    i = lt + 1;
  }
}

function typedValue(xml: string, from: number, to: number, type: string | undefined, sharedStrings: readonly string[], date1904: boolean): SourceCell {
  switch (type) {
    case undefined:
    case "n": {
      const raw = xml.slice(from, to);
      const n = Number(raw);
      if (Number.isFinite(n) && raw.trim() !== "") return n;
      return raw.trim() === "" ? null : decodeEntities(raw);
    }
    case "s": {
      const index = Number(xml.slice(from, to));
      return sharedStrings[index] ?? null;
    }
    case "str":
    case "inlineStr":
      return decodeSpreadsheetText(textBetween(xml, from, to));
    case "b": {
      const raw = xml.slice(from, to).trim().toLowerCase();
      return raw === "1" || raw === "true";
    }
    case "e":
      return { error: decodeEntities(xml.slice(from, to).trim()) };
    case "d": {
      const raw = decodeEntities(xml.slice(from, to));
      return isoDateToSerial(raw, date1904) ?? raw;
    }
    default:
      return decodeSpreadsheetText(textBetween(xml, from, to));
  }
}

/** Files are written row by row, cell by cell; a file that is not gets its cells sorted. */
function sortCells(sheet: ScannedSheet): void {
  const { rows, columns } = sheet;
  let sorted = true;
  for (let k = 1; k < rows.length && sorted; k++) {
    const a = rows[k - 1] ?? 0;
    const b = rows[k] ?? 0;
    if (b < a || (b === a && (columns[k] ?? 0) <= (columns[k - 1] ?? 0))) sorted = false;
  }
  if (sorted) return;
  // Stable order by (row, column); of two cells at one address the later one wins.
  const order = rows.map((_, k) => k).sort((x, y) => (rows[x] ?? 0) - (rows[y] ?? 0) || (columns[x] ?? 0) - (columns[y] ?? 0) || x - y);
  const keep = order.filter((k, n) => {
    const next = order[n + 1];
    return next === undefined || rows[next] !== rows[k] || columns[next] !== columns[k];
  });
  const pick = <T>(a: T[]): T[] => keep.map((k) => a[k] as T);
  sheet.rows = pick(sheet.rows);
  sheet.columns = pick(sheet.columns);
  sheet.styles = pick(sheet.styles);
  sheet.values = pick(sheet.values);
  sheet.hasFormula = pick(sheet.hasFormula);
  if (sheet.formulas) sheet.formulas = pick(sheet.formulas);
}

/** Index of the first cell at or after (row, column) in a scanned sheet (binary search). */
export function firstCellAtOrAfter(sheet: ScannedSheet, row: number, column = 1): number {
  const { rows, columns } = sheet;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = rows[mid] ?? 0;
    if (r < row || (r === row && (columns[mid] ?? 0) < column)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the cell at (row, column), or -1. */
export function findCell(sheet: ScannedSheet, row: number, column: number): number {
  const k = firstCellAtOrAfter(sheet, row, column);
  return sheet.rows[k] === row && sheet.columns[k] === column ? k : -1;
}

/** Row-major values from A1 (ragged rows; missing cells are absent or null). */
export function readSheetValues(xml: string, sharedStrings: readonly string[]): SourceCell[][] {
  const sheet = scanSheet(xml, sharedStrings);
  const rows: SourceCell[][] = [];
  for (let k = 0; k < sheet.rows.length; k++) {
    const r = (sheet.rows[k] ?? 1) - 1;
    const c = (sheet.columns[k] ?? 1) - 1;
    const values = (rows[r] ??= []);
    while (values.length < c) values.push(null);
    values[c] = sheet.values[k] ?? null;
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}
