/**
 * Sheet qualifiers inside formula text. The renderer writes a generation into temporary sheets,
 * so formulas that point at another generated sheet are written against the temporary name and
 * Excel rewrites them when the temporary sheet is renamed to its final name. Pure.
 */

interface Qualifier {
  start: number;
  /** Just after the `!`. */
  end: number;
  sheetName: string;
}

const NAME_START = /[A-Za-z_\\\u00C0-\uFFFF]/;
const NAME_PART = /[A-Za-z0-9_.\u00C0-\uFFFF]/;

/** The `Sheet!` and `'Sheet name'!` qualifiers in a formula, outside string literals and brackets. */
function qualifiers(formula: string): Qualifier[] {
  const out: Qualifier[] = [];
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula.charAt(i);
    if (ch === '"') {
      i++;
      while (i < n && !(formula.charAt(i) === '"' && formula.charAt(i + 1) !== '"')) i += formula.charAt(i) === '"' ? 2 : 1;
      i++;
    } else if (ch === "[") {
      let depth = 0;
      for (; i < n; i++) {
        if (formula.charAt(i) === "[") depth++;
        else if (formula.charAt(i) === "]" && --depth === 0) break;
      }
      i++;
      // `[Book.xlsx]Sheet1!A1` names a sheet of another workbook: leave it alone.
      while (i < n && NAME_PART.test(formula.charAt(i))) i++;
    } else if (ch === "'") {
      const start = i;
      let name = "";
      i++;
      while (i < n) {
        if (formula.charAt(i) === "'") {
          if (formula.charAt(i + 1) !== "'") break;
          name += "'";
          i += 2;
        } else name += formula.charAt(i++);
      }
      i++;
      if (formula.charAt(i) === "!") {
        out.push({ start, end: i + 1, sheetName: name });
        i++;
      }
    } else if (NAME_START.test(ch) && (i === 0 || (!NAME_PART.test(formula.charAt(i - 1)) && formula.charAt(i - 1) !== "#"))) {
      const start = i;
      while (i < n && NAME_PART.test(formula.charAt(i))) i++;
      if (formula.charAt(i) === "!") {
        out.push({ start, end: i + 1, sheetName: formula.slice(start, i) });
        i++;
      }
    } else i++;
  }
  return out;
}

/** Always-valid quoting: `'name'` with apostrophes doubled. */
export function quotedSheetPrefix(sheetName: string): string {
  return `'${sheetName.replace(/'/g, "''")}'!`;
}

/**
 * Rewrites the sheet qualifiers whose sheet (case-insensitively) is a key of `renames` to the
 * mapped name: `=Assumptions!B5` with `{assumptions -> P2P~1}` becomes `='P2P~1'!B5`.
 * Keys must be lower case.
 */
export function retargetSheetReferences(formula: string, renames: ReadonlyMap<string, string>): string {
  const found = qualifiers(formula);
  if (found.length === 0) return formula;
  let out = "";
  let last = 0;
  for (const q of found) {
    const target = renames.get(q.sheetName.toLowerCase());
    if (target === undefined) continue;
    out += formula.slice(last, q.start) + quotedSheetPrefix(target);
    last = q.end;
  }
  return out + formula.slice(last);
}

/** Names of the sheets a formula refers to, as written. */
export function referencedSheetNames(formula: string): string[] {
  return qualifiers(formula).map((q) => q.sheetName);
}
