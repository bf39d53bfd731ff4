/**
 * Formula text in the simulated workbook: stored, not evaluated, but sheet references follow the
 * sheet as in Excel — renaming a sheet rewrites every formula that points at it, deleting a sheet
 * turns the references into `#REF!`. Browser-safe.
 */
import { quoteSheet } from "./address";

export interface SheetQualifier {
  /** Offset of the qualifier's first character (the quote or the name). */
  start: number;
  /** Offset just after the `!`. */
  end: number;
  sheetName: string;
}

const IDENT_START = /[A-Za-z_\\\u00C0-\uFFFF]/;
const IDENT_PART = /[A-Za-z0-9_.\u00C0-\uFFFF]/;

/** Finds the `Sheet!` / `'My sheet'!` qualifiers of a formula, skipping string literals and brackets. */
export function findSheetQualifiers(formula: string): SheetQualifier[] {
  const found: SheetQualifier[] = [];
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i] ?? "";
    if (ch === '"') {
      i++;
      while (i < formula.length) {
        if (formula[i] === '"') {
          if (formula[i + 1] === '"') {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    if (ch === "[") {
      // Structured references and external workbook prefixes: skip to the matching bracket.
      let depth = 0;
      while (i < formula.length) {
        if (formula[i] === "[") depth++;
        else if (formula[i] === "]") {
          depth--;
          if (depth === 0) break;
        }
        i++;
      }
      i++;
      // `[Book.xlsx]Sheet1!A1` is another workbook's sheet: step over its name.
      while (i < formula.length && IDENT_PART.test(formula[i] ?? "")) i++;
      continue;
    }
    if (ch === "'") {
      const start = i;
      let name = "";
      i++;
      while (i < formula.length) {
        if (formula[i] === "'") {
          if (formula[i + 1] === "'") {
            name += "'";
            i += 2;
            continue;
          }
          break;
        }
        name += formula[i];
        i++;
      }
      i++;
      if (formula[i] === "!") {
        found.push({ start, end: i + 1, sheetName: name });
        i++;
      }
      continue;
    }
    const prev = i > 0 ? (formula[i - 1] ?? "") : "";
    if (IDENT_START.test(ch) && !IDENT_PART.test(prev) && prev !== "#") {
      const start = i;
      while (i < formula.length && IDENT_PART.test(formula[i] ?? "")) i++;
      if (formula[i] === "!") {
        found.push({ start, end: i + 1, sheetName: formula.slice(start, i) });
        i++;
      }
      continue;
    }
    i++;
  }
  return found;
}

function replaceQualifiers(formula: string, replace: (q: SheetQualifier) => string | null): string {
  const qs = findSheetQualifiers(formula);
  if (qs.length === 0) return formula;
  let out = "";
  let last = 0;
  for (const q of qs) {
    const replacement = replace(q);
    if (replacement === null) continue;
    out += formula.slice(last, q.start) + replacement;
    last = q.end;
  }
  return out + formula.slice(last);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** What Excel does to a formula when the sheet `oldName` is renamed `newName`. */
export function renameSheetInFormula(formula: string, oldName: string, newName: string): string {
  return replaceQualifiers(formula, (q) => (same(q.sheetName, oldName) ? `${quoteSheet(newName)}!` : null));
}

/** What Excel does to a formula when the sheet `name` is deleted: `=Gone!B5` becomes `=#REF!B5`. */
export function deleteSheetInFormula(formula: string, name: string): string {
  return replaceQualifiers(formula, (q) => (same(q.sheetName, name) ? "#REF!" : null));
}

export function formulaReferencesSheet(formula: string, name: string): boolean {
  return findSheetQualifiers(formula).some((q) => same(q.sheetName, name));
}

// ---------------------------------------------------------------------------------------------
// Rows inserted and deleted: references follow the cells, as in Excel

/** Rows inserted (`count` > 0) or deleted (`count` < 0) at 0-based row `at` of one sheet. */
export interface RowShift {
  sheetName: string;
  at: number;
  count: number;
}

/** A reference in a formula: optional qualifier, then `A1`, `$A$1:$B$9` or `3:5`. */
const REFERENCE_RE =
  /(?<![A-Za-z0-9_.$'\]])((?:'(?:[^']|'')+'|[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*)!)?(?:(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?::(\$?)([A-Za-z]{1,3})(\$?)(\d+))?|(\$?)(\d+):(\$?)(\d+))(?![A-Za-z0-9_(!])/g;

/** The formula with string literals blanked out, so references are only found outside them. */
function maskStrings(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, (s) => " ".repeat(s.length));
}

function unquote(qualifier: string): string {
  const name = qualifier.slice(0, -1);
  return name.startsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name;
}

/** New 0-based rows of a reference's first and last row, or `null` when every row was deleted. */
function shiftRows(r0: number, r1: number, at: number, count: number): [number, number] | null {
  if (count > 0) return [r0 >= at ? r0 + count : r0, r1 >= at ? r1 + count : r1];
  const n = -count;
  const last = at + n - 1;
  if (r0 >= at && r1 <= last) return null;
  const start = r0 < at ? r0 : r0 <= last ? at : r0 - n;
  const end = r1 < at ? r1 : r1 <= last ? at - 1 : r1 - n;
  return [start, end];
}

/**
 * What Excel does to a formula when rows of `shift.sheetName` are inserted or deleted: references
 * to that sheet (qualified, or unqualified in a formula on that sheet, `hostSheet`) move with their
 * cells; a range grows or shrinks; a reference whose cells were all deleted becomes `#REF!`.
 */
export function shiftRowsInFormula(formula: string, hostSheet: string | undefined, shift: RowShift): string {
  const masked = maskStrings(formula);
  let out = "";
  let last = 0;
  for (const m of masked.matchAll(REFERENCE_RE)) {
    const index = m.index ?? 0;
    const qualifier = m[1];
    const sheet = qualifier ? unquote(qualifier) : hostSheet;
    if (sheet === undefined || !same(sheet, shift.sheetName)) continue;
    let replacement: string;
    if (m[3] !== undefined) {
      const r0 = Number(m[5]) - 1;
      const r1 = m[9] !== undefined ? Number(m[9]) - 1 : r0;
      const rows = shiftRows(Math.min(r0, r1), Math.max(r0, r1), shift.at, shift.count);
      if (!rows) replacement = "#REF!";
      else {
        const first = `${m[2] ?? ""}${m[3]}${m[4] ?? ""}${rows[0] + 1}`;
        replacement = `${qualifier ?? ""}${first}${m[7] !== undefined ? `:${m[6] ?? ""}${m[7]}${m[8] ?? ""}${rows[1] + 1}` : ""}`;
      }
    } else {
      const r0 = Number(m[11]) - 1;
      const r1 = Number(m[13]) - 1;
      const rows = shiftRows(Math.min(r0, r1), Math.max(r0, r1), shift.at, shift.count);
      replacement = rows ? `${qualifier ?? ""}${m[10] ?? ""}${rows[0] + 1}:${m[12] ?? ""}${rows[1] + 1}` : "#REF!";
    }
    out += formula.slice(last, index) + replacement;
    last = index + m[0].length;
  }
  return last === 0 ? formula : out + formula.slice(last);
}
