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
