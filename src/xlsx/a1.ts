import { parseAddress, parseColumnLetters, parseRange as parseDomainRange } from "../domain/a1";
import { PlanRenderError } from "./errors";

/** A1 addresses, ranges and sheet-name quoting as used in SpreadsheetML files. */

export { MAX_COLUMN_COUNT as MAX_COLUMNS, MAX_ROW_COUNT as MAX_ROWS } from "../domain/a1";

export interface CellPosition {
  /** 1-based */
  row: number;
  /** 1-based */
  column: number;
}

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const letterCache: string[] = [];

/** 1 → `A`, 27 → `AA`. */
export function columnLetters(column: number): string {
  const cached = letterCache[column];
  if (cached !== undefined) return cached;
  let n = column;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  if (column < 1024) letterCache[column] = out;
  return out;
}

/** `A` → 1, `AA` → 27; 0 for anything else. */
export function columnNumber(letters: string): number {
  return (parseColumnLetters(letters) ?? -1) + 1;
}

export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row}`;
}

/** Parse `B3` or `$B$3` (no sheet): the domain's `parseAddress`, 1-based. */
export function parseCellAddress(address: string): CellPosition | undefined {
  const parsed = parseAddress(address);
  return parsed ? { row: parsed.rowIndex + 1, column: parsed.columnIndex + 1 } : undefined;
}

/**
 * Parse a range without sheet: `A1:D40`, `B3`, whole columns `B:D`, whole rows `3:10`
 * (`$` allowed). Corners are normalised so that top ≤ bottom and left ≤ right. The domain's
 * `parseRange`, 1-based.
 */
export function parseRange(range: string): CellRange | undefined {
  const parsed = parseDomainRange(range);
  if (!parsed) return undefined;
  const { start, end } = parsed;
  return { top: start.rowIndex + 1, left: start.columnIndex + 1, bottom: end.rowIndex + 1, right: end.columnIndex + 1 };
}

export function formatRange(range: CellRange): string {
  const a = cellAddress(range.top, range.left);
  const b = cellAddress(range.bottom, range.right);
  return a === b ? a : `${a}:${b}`;
}

/** `A1:H40` → `$A$1:$H$40`; `1:3` → `$1:$3`; `B:C` → `$B:$C`. Throws on anything else. */
export function absoluteReference(reference: string): string {
  const parts = reference.trim().replace(/\$/g, "").split(":");
  if (parts.length < 1 || parts.length > 2 || !parseRange(reference)) throw new PlanRenderError(`Not an A1 reference: ${reference}`);
  return parts
    .map((p) => {
      if (/^\d+$/.test(p)) return `$${p}`;
      const m = /^([A-Za-z]+)(\d*)$/.exec(p);
      if (!m) throw new PlanRenderError(`Not an A1 reference: ${reference}`);
      return m[2] ? `$${(m[1] ?? "").toUpperCase()}$${m[2]}` : `$${(m[1] ?? "").toUpperCase()}`;
    })
    .join(":");
}

/** Sheet names are quoted in formulas by the domain's one rule (`src/domain/a1.ts`). */
export { quoteSheetName } from "../domain/a1";

/** Why a sheet name is invalid in Excel, or undefined when it is fine. */
export function sheetNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "a sheet name cannot be blank";
  if (name.length > 31) return `the sheet name "${name}" is longer than 31 characters`;
  if (/[[\]:*?/\\]/.test(name)) return `the sheet name "${name}" contains one of [ ] : * ? / \\`;
  if (name.startsWith("'") || name.endsWith("'")) return `the sheet name "${name}" starts or ends with an apostrophe`;
  if (name.toLowerCase() === "history") return 'Excel reserves the sheet name "History"';
  return undefined;
}

/** Excel compares sheet and defined names case-insensitively. */
export function sameName(a: string, b: string): boolean {
  return a.toLocaleUpperCase("en-US") === b.toLocaleUpperCase("en-US");
}

/**
 * Sheet names a formula refers to (`Sheet1!A1`, `'My sheet'!A1`, `'A:B'!A1` 3-D spans give both
 * ends). String literals are skipped.
 */
export function referencedSheetNames(formula: string): string[] {
  const names: string[] = [];
  const n = formula.length;
  let i = 0;
  while (i < n) {
    const c = formula[i];
    if (c === '"') {
      i++;
      while (i < n) {
        if (formula[i] === '"') {
          if (formula[i + 1] === '"') i += 2;
          else break;
        } else i++;
      }
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let name = "";
      while (j < n) {
        if (formula[j] === "'") {
          if (formula[j + 1] === "'") {
            name += "'";
            j += 2;
            continue;
          }
          break;
        }
        name += formula[j];
        j++;
      }
      if (formula[j + 1] === "!") names.push(...splitSpan(name));
      i = j + 2;
      continue;
    }
    const m = /^[A-Za-z0-9_.\u00A1-\uFFFF:[\]]+!/.exec(formula.slice(i, i + 300));
    if (m && (i === 0 || !/[A-Za-z0-9_.#\u00A1-\uFFFF]/.test(formula[i - 1] ?? ""))) {
      const body = m[0].slice(0, -1).replace(/^\[\d+\]/, "");
      names.push(...splitSpan(body));
      i += m[0].length;
      continue;
    }
    i++;
  }
  return names;
}

function splitSpan(name: string): string[] {
  const withoutBook = name.replace(/^\[[^\]]*\]/, "");
  return withoutBook.includes(":") ? withoutBook.split(":") : [withoutBook];
}
