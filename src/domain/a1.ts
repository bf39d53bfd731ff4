/**
 * A1 address helpers. Pure, no I/O.
 *
 * Positions are 0-based (`rowIndex` 0 is worksheet row 1, `columnIndex` 0 is column A).
 * Functions named `parse…` read user or host input and return `null` when it is not valid;
 * functions that convert numbers to text throw `RangeError` on out-of-range input, which is a
 * programming error.
 */

/** An A1 cell address without sheet, e.g. `B3` or `$B$3`. */
export type A1Address = string;

/** Excel's grid: 16,384 columns (A..XFD) and 1,048,576 rows. */
export const MAX_COLUMN_COUNT = 16_384;
export const MAX_ROW_COUNT = 1_048_576;

export interface CellPosition {
  /** 0-based row index: 0 is worksheet row 1. */
  rowIndex: number;
  /** 0-based column index: 0 is column A. */
  columnIndex: number;
}

export interface ParsedAddress extends CellPosition {
  /** `$` before the column letters. */
  columnAbsolute: boolean;
  /** `$` before the row number. */
  rowAbsolute: boolean;
}

/** A rectangular range, normalised so that `start` is the top-left and `end` the bottom-right cell. */
export interface RangePosition {
  start: CellPosition;
  end: CellPosition;
}

const ADDRESS_RE = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})$/;
const COLUMN_ONLY_RE = /^\$?([A-Za-z]{1,3})$/;
const ROW_ONLY_RE = /^\$?([0-9]{1,7})$/;

/** Column index (0-based) -> letters: 0 -> `A`, 25 -> `Z`, 26 -> `AA`, 16383 -> `XFD`. */
export function columnIndexToLetters(columnIndex: number): string {
  if (!Number.isInteger(columnIndex) || columnIndex < 0 || columnIndex >= MAX_COLUMN_COUNT) {
    throw new RangeError(`Column index out of range (0..${MAX_COLUMN_COUNT - 1}): ${columnIndex}`);
  }
  let n = columnIndex + 1;
  let letters = "";
  while (n > 0) {
    const remainder = (n - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * Column letters -> 0-based index, or `null` when the text is not a column of Excel's grid
 * (`A`..`XFD`, case-insensitive).
 */
export function parseColumnLetters(letters: string): number | null {
  if (letters.length < 1 || letters.length > 3) return null;
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const code = letters.charCodeAt(i) & ~32; // upper-case ASCII letters
    if (code < 65 || code > 90) return null;
    n = n * 26 + (code - 64);
  }
  const index = n - 1;
  return index < MAX_COLUMN_COUNT ? index : null;
}

/** Column letters -> 0-based index. Throws `RangeError` when the letters are not a column. */
export function columnLettersToIndex(letters: string): number {
  const index = parseColumnLetters(letters);
  if (index === null) throw new RangeError(`Not a column: ${JSON.stringify(letters)}`);
  return index;
}

/** Parses `B3`, `$B$3`, `b3`, `B$3` (surrounding spaces allowed). `null` when not a valid cell address. */
export function parseAddress(text: string): ParsedAddress | null {
  const match = ADDRESS_RE.exec(text.trim());
  if (!match) return null;
  const [, colDollar = "", letters = "", rowDollar = "", digits = ""] = match;
  const columnIndex = parseColumnLetters(letters);
  const rowNumber = Number(digits);
  if (columnIndex === null || rowNumber < 1 || rowNumber > MAX_ROW_COUNT) return null;
  return { rowIndex: rowNumber - 1, columnIndex, columnAbsolute: colDollar === "$", rowAbsolute: rowDollar === "$" };
}

export interface FormatAddressOptions {
  /** `true` for `$B$3`; or choose per part. Default: relative `B3`. */
  absolute?: boolean | { row: boolean; column: boolean };
}

/** `{rowIndex: 2, columnIndex: 1}` -> `B3` (or `$B$3` with `absolute`). Throws `RangeError` off the grid. */
export function formatAddress(position: CellPosition, options: FormatAddressOptions = {}): A1Address {
  const { rowIndex, columnIndex } = position;
  if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex >= MAX_ROW_COUNT) {
    throw new RangeError(`Row index out of range (0..${MAX_ROW_COUNT - 1}): ${rowIndex}`);
  }
  const absolute = options.absolute ?? false;
  const columnAbsolute = typeof absolute === "boolean" ? absolute : absolute.column;
  const rowAbsolute = typeof absolute === "boolean" ? absolute : absolute.row;
  return `${columnAbsolute ? "$" : ""}${columnIndexToLetters(columnIndex)}${rowAbsolute ? "$" : ""}${rowIndex + 1}`;
}

/** Like `formatAddress`, keeping the `$` flags of a parsed address. */
function formatParsed(address: ParsedAddress): A1Address {
  return formatAddress(address, { absolute: { row: address.rowAbsolute, column: address.columnAbsolute } });
}

/**
 * Moves an address by whole rows and columns, keeping its `$` flags:
 * `offsetAddress("B3", 2, 1)` -> `C5`. Throws `RangeError` when the address is invalid or
 * the result falls off the grid.
 */
export function offsetAddress(address: A1Address, rowOffset: number, columnOffset: number): A1Address {
  const parsed = parseAddress(address);
  if (!parsed) throw new RangeError(`Not an A1 address: ${JSON.stringify(address)}`);
  return formatParsed({
    ...parsed,
    rowIndex: parsed.rowIndex + rowOffset,
    columnIndex: parsed.columnIndex + columnOffset,
  });
}

/** Strips `$` signs: `$B$3` -> `B3`. Returns `null` when not a valid address. */
export function normalizeAddress(address: string): A1Address | null {
  const parsed = parseAddress(address);
  return parsed ? formatAddress(parsed) : null;
}

/**
 * Parses a range: `A1:D40`, `$A$1:$D$40`, `D40:A1` (normalised), a single cell `B3`,
 * whole columns `B:D` and whole rows `3:5`. `null` when not valid.
 */
export function parseRange(text: string): RangePosition | null {
  const trimmed = text.trim();
  const parts = trimmed.split(":");
  if (parts.length === 1) {
    const cell = parseAddress(trimmed);
    return cell ? { start: toPosition(cell), end: toPosition(cell) } : null;
  }
  if (parts.length !== 2) return null;
  const [first = "", second = ""] = parts;
  const a = parseAddress(first);
  const b = parseAddress(second);
  if (a && b) return normalizeRange(a, b);
  const colA = COLUMN_ONLY_RE.exec(first.trim());
  const colB = COLUMN_ONLY_RE.exec(second.trim());
  if (colA && colB) {
    const startCol = parseColumnLetters(colA[1] ?? "");
    const endCol = parseColumnLetters(colB[1] ?? "");
    if (startCol === null || endCol === null) return null;
    return normalizeRange({ rowIndex: 0, columnIndex: startCol }, { rowIndex: MAX_ROW_COUNT - 1, columnIndex: endCol });
  }
  const rowA = ROW_ONLY_RE.exec(first.trim());
  const rowB = ROW_ONLY_RE.exec(second.trim());
  if (rowA && rowB) {
    const startRow = Number(rowA[1]);
    const endRow = Number(rowB[1]);
    if (startRow < 1 || endRow < 1 || startRow > MAX_ROW_COUNT || endRow > MAX_ROW_COUNT) return null;
    return normalizeRange(
      { rowIndex: startRow - 1, columnIndex: 0 },
      { rowIndex: endRow - 1, columnIndex: MAX_COLUMN_COUNT - 1 },
    );
  }
  return null;
}

function toPosition(p: CellPosition): CellPosition {
  return { rowIndex: p.rowIndex, columnIndex: p.columnIndex };
}

function normalizeRange(a: CellPosition, b: CellPosition): RangePosition {
  return {
    start: { rowIndex: Math.min(a.rowIndex, b.rowIndex), columnIndex: Math.min(a.columnIndex, b.columnIndex) },
    end: { rowIndex: Math.max(a.rowIndex, b.rowIndex), columnIndex: Math.max(a.columnIndex, b.columnIndex) },
  };
}

/** `{start: A1, end: D40}` -> `A1:D40`; a single cell formats as `B3`. */
export function formatRange(range: RangePosition, options: FormatAddressOptions = {}): string {
  const start = formatAddress(range.start, options);
  const end = formatAddress(range.end, options);
  return start === end ? start : `${start}:${end}`;
}

/** Number of rows and columns a range spans. */
export function rangeSize(range: RangePosition): { rowCount: number; columnCount: number } {
  return {
    rowCount: range.end.rowIndex - range.start.rowIndex + 1,
    columnCount: range.end.columnIndex - range.start.columnIndex + 1,
  };
}

const PLAIN_SHEET_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names Excel would read as an A1 reference (`Q3`, `AB12`), so they must be quoted. */
const A1_LIKE_RE = /^[A-Za-z]{1,3}[0-9]+$/;
/** Names Excel would read as an R1C1 reference (`R`, `C`, `R1C1`, `RC2`, `C3`). */
const R1C1_LIKE_RE = /^(?:[Rr][0-9]*(?:[Cc][0-9]*)?|[Cc][0-9]*)$/;

/**
 * The sheet name as it must appear in a formula. Plain identifier-like names stay as they are
 * (`Budget`, `Pilot_2024`); anything else is wrapped in apostrophes with embedded apostrophes
 * doubled: `Q3 Pilot's costs` -> `'Q3 Pilot''s costs'`. Names that look like a cell reference
 * (`Q3`, `R1C1`), booleans and non-ASCII names are quoted too (quoting is always valid).
 */
export function quoteSheetName(sheetName: string): string {
  if (sheetName.length === 0) throw new RangeError("A sheet name cannot be empty");
  const plain =
    PLAIN_SHEET_NAME_RE.test(sheetName) &&
    !A1_LIKE_RE.test(sheetName) &&
    !R1C1_LIKE_RE.test(sheetName) &&
    !/^(?:true|false)$/i.test(sheetName);
  return plain ? sheetName : `'${sheetName.replace(/'/g, "''")}'`;
}

/** A sheet-qualified reference for a formula: `sheetRef("Q3 Pilot's costs", "D4")` -> `'Q3 Pilot''s costs'!D4`. */
export function sheetRef(sheetName: string, address: string): string {
  return `${quoteSheetName(sheetName)}!${address}`;
}

/**
 * Splits a possibly sheet-qualified reference: `'Q3 Pilot''s costs'!D4:E9` ->
 * `{sheetName: "Q3 Pilot's costs", address: "D4:E9"}`; `A1:D40` -> `{address: "A1:D40"}`.
 * Returns `null` for malformed quoting. The address part is not validated.
 */
export function splitSheetRef(ref: string): { sheetName?: string; address: string } | null {
  const text = ref.trim();
  if (text.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < text.length) {
      const ch = text[i];
      if (ch === "'") {
        if (text[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += ch;
      i++;
    }
    if (i >= text.length || text[i + 1] !== "!" || name.length === 0) return null;
    return { sheetName: name, address: text.slice(i + 2) };
  }
  const bang = text.lastIndexOf("!");
  if (bang < 0) return { address: text };
  if (bang === 0) return null;
  return { sheetName: text.slice(0, bang), address: text.slice(bang + 1) };
}
