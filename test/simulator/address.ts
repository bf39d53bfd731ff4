/**
 * A1 addresses as the simulated Excel reads and writes them. Written independently of the add-in's
 * own helpers on purpose: the simulator is a test oracle and must not share the code it checks.
 * Browser-safe (no node imports).
 */

export const SHEET_ROWS = 1_048_576;
export const SHEET_COLUMNS = 16_384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function rectRows(rect: Rect): number {
  return rect.r1 - rect.r0 + 1;
}

export function rectColumns(rect: Rect): number {
  return rect.c1 - rect.c0 + 1;
}

export function rectCellCount(rect: Rect): number {
  return rectRows(rect) * rectColumns(rect);
}

export function intersectRects(a: Rect, b: Rect): Rect | null {
  const r0 = Math.max(a.r0, b.r0);
  const c0 = Math.max(a.c0, b.c0);
  const r1 = Math.min(a.r1, b.r1);
  const c1 = Math.min(a.c1, b.c1);
  return r0 <= r1 && c0 <= c1 ? { r0, c0, r1, c1 } : null;
}

export function columnName(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function columnIndexOf(letters: string): number | null {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return null;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1 < SHEET_COLUMNS ? n - 1 : null;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

function parseCell(text: string): { r: number; c: number } | null {
  const m = CELL.exec(text);
  if (!m) return null;
  const c = columnIndexOf(m[1] ?? "");
  const r = Number(m[2]) - 1;
  if (c === null || r < 0 || r >= SHEET_ROWS) return null;
  return { r, c };
}

/** `A1`, `$A$1:B5`, `B:D`, `3:5` (no sheet). */
export function parseRect(text: string): Rect | null {
  const parts = text.trim().split(":");
  if (parts.length === 1) {
    const cell = parseCell(parts[0] ?? "");
    return cell ? { r0: cell.r, c0: cell.c, r1: cell.r, c1: cell.c } : null;
  }
  if (parts.length !== 2) return null;
  const [a = "", b = ""] = parts;
  const ca = parseCell(a);
  const cb = parseCell(b);
  if (ca && cb) return normalize(ca.r, ca.c, cb.r, cb.c);
  const colA = COLUMN.exec(a);
  const colB = COLUMN.exec(b);
  if (colA && colB) {
    const x = columnIndexOf(colA[1] ?? "");
    const y = columnIndexOf(colB[1] ?? "");
    return x === null || y === null ? null : normalize(0, x, SHEET_ROWS - 1, y);
  }
  const rowA = ROW.exec(a);
  const rowB = ROW.exec(b);
  if (rowA && rowB) {
    const x = Number(rowA[1]) - 1;
    const y = Number(rowB[1]) - 1;
    if (x < 0 || y < 0 || x >= SHEET_ROWS || y >= SHEET_ROWS) return null;
    return normalize(x, 0, y, SHEET_COLUMNS - 1);
  }
  return null;
}

function normalize(ra: number, ca: number, rb: number, cb: number): Rect {
  return { r0: Math.min(ra, rb), c0: Math.min(ca, cb), r1: Math.max(ra, rb), c1: Math.max(ca, cb) };
}

export function isEntireColumns(rect: Rect): boolean {
  return rect.r0 === 0 && rect.r1 === SHEET_ROWS - 1;
}

export function isEntireRows(rect: Rect): boolean {
  return rect.c0 === 0 && rect.c1 === SHEET_COLUMNS - 1;
}

/** Formats a rectangle as Excel's `Range.address` does: `B3`, `A1:D40`, `B:B`, `3:5`. */
export function formatRect(rect: Rect, absolute = false): string {
  const d = absolute ? "$" : "";
  const cols = isEntireColumns(rect);
  const rows = isEntireRows(rect);
  if (cols && !rows) return `${d}${columnName(rect.c0)}:${d}${columnName(rect.c1)}`;
  if (rows) return `${d}${rect.r0 + 1}:${d}${rect.r1 + 1}`;
  const a = `${d}${columnName(rect.c0)}${d}${rect.r0 + 1}`;
  if (rect.r0 === rect.r1 && rect.c0 === rect.c1) return a;
  return `${a}:${d}${columnName(rect.c1)}${d}${rect.r1 + 1}`;
}

/** The sheet name as Excel shows it in a formula or an address: quoted only when it must be. */
export function quoteSheet(name: string): string {
  const plain =
    /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*$/.test(name) &&
    !/^[A-Za-z]{1,3}\d+$/.test(name) &&
    !/^(?:[Rr]\d*(?:[Cc]\d*)?|[Cc]\d*)$/.test(name) &&
    !/^(?:true|false)$/i.test(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Splits `'It''s'!A1:B2` into sheet name and address; no sheet gives `sheetName: undefined`. */
export function splitQualified(text: string): { sheetName: string | undefined; address: string } | null {
  const t = text.trim().replace(/^=/, "");
  if (t.startsWith("'")) {
    let name = "";
    let i = 1;
    for (; i < t.length; i++) {
      if (t[i] === "'") {
        if (t[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        break;
      }
      name += t[i];
    }
    if (t[i] !== "'" || t[i + 1] !== "!") return null;
    return { sheetName: name, address: t.slice(i + 2) };
  }
  const bang = t.lastIndexOf("!");
  if (bang < 0) return { sheetName: undefined, address: t };
  return { sheetName: t.slice(0, bang), address: t.slice(bang + 1) };
}

/** Excel's rules for sheet names: 1..31 characters, none of `[]:*?/\`, no leading/trailing apostrophe. */
export function sheetNameProblem(name: string): string | null {
  if (name.length === 0 || name.length > 31) return "A sheet name must have 1 to 31 characters.";
  if (/[[\]:*?/\\]/.test(name)) return "A sheet name cannot contain []:*?/\\.";
  if (name.startsWith("'") || name.endsWith("'")) return "A sheet name cannot start or end with an apostrophe.";
  if (name.toLowerCase() === "history") return "History is a reserved sheet name.";
  return null;
}

/** Excel's rules for defined names (simplified): a letter, `_` or `\` first, then letters, digits, `_`, `.`; not a cell reference. */
export function definedNameProblem(name: string): string | null {
  if (!/^[A-Za-z_\\\u00C0-\uFFFF][A-Za-z0-9_.\\\u00C0-\uFFFF]*$/.test(name) || name.length > 255) return "Not a valid name.";
  if (/^[A-Za-z]{1,3}\d+$/.test(name) || /^(?:[Rr]\d*(?:[Cc]\d*)?|[Cc]\d*)$/.test(name)) return "A name cannot look like a cell reference.";
  return null;
}
