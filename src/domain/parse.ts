/**
 * parse: a `SourceGrid` -> pilot line items, with a report of every cell not counted. Pure.
 *
 * 1. Layout: find the header row (English or German headers, possibly below title rows) and the
 *    label, amount and optional category columns; without a header, infer them (a text column
 *    followed by a mostly-numeric column).
 * 2. Rows: every row below the header (or, without a header, from the first row whose amount cell
 *    is not empty: rows above it are taken as titles) is read. Blank rows are skipped silently; total rows are excluded; error values, non-numeric text
 *    and labels without an amount are reported. Addresses are worksheet addresses (`topLeft` applied).
 *
 * User-data problems are returned as values (`{ok: false, message}` or `skipped`); this never throws
 * on arbitrary cell values.
 */
import { columnIndexToLetters, MAX_COLUMN_COUNT, MAX_ROW_COUNT, parseAddress } from "./a1";
import { namesCategoryExactly } from "./classify";
import type { DetectedLayout, LineItem, ParseResult, SkippedCell } from "./lineItems";
import { currencyFormatFor, isCurrencyFormat, parseAmount, type AmountResult, type CurrencyMark } from "./parseAmount";
import { isEmptyCell, isErrorCell, type SourceCell, type SourceGrid } from "./source";

/** How many rows from the top may hold title rows and the header. */
const HEADER_SCAN_ROWS = 50;
/** Rows sampled to judge whether a column is numeric or text. */
const SAMPLE_ROWS = 500;
/** Labels are quoted in messages up to this length. */
const MESSAGE_LABEL_MAX = 40;

/** User-facing sentences, in one place. */
export const PARSE_MESSAGES = {
  emptyGrid: (where: string) =>
    `${where.charAt(0).toUpperCase()}${where.slice(1)} is empty. Select the pilot's cost table (a column of cost labels and a column of amounts) and try again.`,
  badTopLeft: (topLeft: string) =>
    `The source range starts at "${topLeft}", which is not a cell address. Select the pilot's cost table again.`,
  noAmountColumn: (where: string) =>
    `No amount column found in ${where}. Add a header such as "Cost" or "Amount" above the amounts ` +
    `(or "Kosten" / "Betrag"), or select just the label and amount columns, and try again.`,
  errorValue: (address: string, error: string, label: string) =>
    `${address}${labelNote(label)} holds the error value ${error} and was not counted. Fix the source cell to include it.`,
  notANumber: (address: string, text: string, label: string) =>
    `${address}${labelNote(label)} holds "${truncate(text)}", which is not a number, and was not counted.`,
  totalRow: (address: string, label: string, rowNumber: number) =>
    `Row ${rowNumber} ("${truncate(label)}") is a total row; ${address} was excluded so nothing is counted twice.`,
  noAmount: (address: string, label: string, labelAddress: string) =>
    `"${truncate(label)}" in ${labelAddress} has no amount in ${address} and was not counted.`,
  noLabel: (address: string) => `(no label) ${address}`,
} as const;

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MESSAGE_LABEL_MAX ? `${oneLine.slice(0, MESSAGE_LABEL_MAX - 1)}…` : oneLine;
}

function labelNote(label: string): string {
  return label ? ` ("${truncate(label)}")` : "";
}

// ---------------------------------------------------------------------------------------------
// Cell helpers

/** Text of a cell for labels and category: strings as they are (trimmed), never evaluated. */
export function cellText(cell: SourceCell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return cell.trim();
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  if (isErrorCell(cell)) return String(cell.error);
  return "";
}

// ---------------------------------------------------------------------------------------------
// Total rows

const TOTAL_HINT_RE = /total|sum|gesamt|σ|∑|insgesamt/i;
const TOTAL_WORDS: ReadonlySet<string> = new Set([
  "total", "totals", "subtotal", "subtotals", "sum", "sums", "summe", "summen", "gesamt", "gesamtsumme",
  "zwischensumme", "endsumme", "gesamtbetrag", "gesamtkosten", "insgesamt", "σ", "∑", "teilsumme", "grandtotal",
]);
/** Words that close a total label: "Pilot total", "Kosten gesamt", "Q3 Summe". */
const TOTAL_END_WORDS: ReadonlySet<string> = new Set(["total", "totals", "subtotal", "summe", "gesamt", "insgesamt"]);
const LABEL_WORDS_SPLIT_RE = /[\s:]+/;
const LABEL_TRIM_RE = /^[\s:*.=\-–]+|[\s:*.=\-–]+$/g;
const LABEL_PARENTHESES_RE = /\([^)]*\)|\[[^\]]*\]/g;

/**
 * Whether a label marks a total or subtotal row: Total, Subtotal, Sub-total, Grand total, Sum,
 * Summe, Gesamt, Gesamtsumme, Zwischensumme, "Total:", "Total pilot cost", "Kosten gesamt" …
 * Labels of more than four words are ordinary lines ("Total cost of ownership study for IT").
 */
export function isTotalLabel(label: string): boolean {
  if (label.length === 0 || label.length > 60 || !TOTAL_HINT_RE.test(label)) return false;
  const words = label.toLowerCase().replace(LABEL_PARENTHESES_RE, " ").trim().replace(LABEL_TRIM_RE, "").split(LABEL_WORDS_SPLIT_RE).filter((w) => w !== "");
  if (words.length === 0 || words.length > 4) return false;
  const first = words[0] ?? "";
  const second = words[1] ?? "";
  const last = words[words.length - 1] ?? "";
  if (TOTAL_WORDS.has(first)) return true;
  if (first.includes("-") && TOTAL_WORDS.has(first.replace(/-/g, ""))) return true; // Sub-total
  if ((first === "grand" || first === "sub") && (second === "total" || second === "totals")) return true;
  if (TOTAL_END_WORDS.has(last)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Header vocabulary

type HeaderRole = "label" | "amount" | "category";

interface HeaderMatch {
  role: HeaderRole;
  weight: number;
}

const LABEL_HEADERS: ReadonlyMap<string, number> = weighted(3, [
  "item", "items", "line item", "line items", "lineitem", "description", "cost item", "cost items", "position",
  "positions", "posten", "beschreibung", "bezeichnung", "kostenposition", "kostenpunkt", "name", "expense",
  "expenses", "expense item", "cost line", "leistung", "artikel", "activity", "task", "aufgabe", "maßnahme",
  "item description", "cost element", "kostenelement", "title", "titel", "label", "service", "line", "vorgang",
]);
const AMOUNT_HEADERS: ReadonlyMap<string, number> = new Map([
  ...weighted(4, ["total cost", "total costs", "pilot cost", "pilot costs", "gesamtkosten", "pilotkosten", "cost total"]),
  ...weighted(3, [
    "cost", "costs", "amount", "kosten", "betrag", "istkosten", "ist kosten", "actual cost", "actual costs",
    "pilot budget", "cost amount", "amount spent",
  ]),
  ...weighted(2, [
    "budget", "spend", "actual", "actuals", "price", "preis", "total", "gesamt", "summe", "sum", "eur", "usd", "chf",
    "gbp", "expenditure", "ausgaben", "aufwand", "euro",
  ]),
  ...weighted(1, ["value", "wert", "ist", "plan"]),
]);
const CATEGORY_HEADERS: ReadonlyMap<string, number> = weighted(3, [
  "category", "categories", "kategorie", "kategorien", "cost category", "cost type", "type", "kostenart",
  "kostenkategorie", "bereich", "bucket", "group", "gruppe", "typ", "art", "cost block", "kostenblock", "area",
  "workstream", "budget category",
]);
const AMOUNT_TOKENS: ReadonlySet<string> = new Set(["cost", "costs", "amount", "budget", "spend", "price", "preis", "aufwand", "betrag", "kosten"]);
const LABEL_TOKENS: ReadonlySet<string> = new Set(["item", "description", "beschreibung", "bezeichnung", "posten", "position"]);
const UNIT_TOKENS: ReadonlySet<string> = new Set(["eur", "usd", "chf", "gbp", "in", "k", "t", "euro", "tsd", "net", "netto", "gross", "brutto"]);

function weighted(weight: number, names: readonly string[]): Map<string, number> {
  return new Map(names.map((n) => [n, weight]));
}

const HEADER_UNITS_RE = /\([^)]*\)|\[[^\]]*\]/g;
const HEADER_SYMBOLS_RE = /[€$£¥:#*.,;'"]/g;

function normalizeHeader(text: string): string {
  const base = text.toLowerCase().replace(HEADER_UNITS_RE, " ").replace(HEADER_SYMBOLS_RE, " ").replace(/[-_/]+/g, " ");
  const words = base.split(/\s+/).filter((w) => w !== "");
  // Drop unit words ("Cost in EUR", "Betrag netto") when something else remains.
  const meaningful = words.filter((w) => !UNIT_TOKENS.has(w));
  return (meaningful.length > 0 ? meaningful : words).join(" ");
}

/** What a header cell announces, if anything. Exact names beat names merely containing a keyword. */
export function classifyHeader(text: string): HeaderMatch | undefined {
  const h = normalizeHeader(text);
  if (!h || h.length > 40) return undefined;
  const label = LABEL_HEADERS.get(h);
  if (label !== undefined) return { role: "label", weight: label };
  const category = CATEGORY_HEADERS.get(h);
  if (category !== undefined) return { role: "category", weight: category };
  const amount = AMOUNT_HEADERS.get(h);
  if (amount !== undefined) return { role: "amount", weight: amount };
  const tokens = h.split(" ");
  if (tokens.some((t) => t.includes("categor") || t.includes("kategor"))) return { role: "category", weight: 1 };
  if (tokens.some((t) => AMOUNT_TOKENS.has(t) || t.endsWith("kosten") || t.endsWith("betrag"))) {
    return { role: "amount", weight: 1.5 };
  }
  if (tokens.some((t) => LABEL_TOKENS.has(t))) return { role: "label", weight: 1 };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Column statistics

interface ColumnStats {
  nonEmpty: number;
  /** Numeric cells or text that parses as an amount. */
  numeric: number;
  /** Text that is not an amount (errors excluded). */
  text: number;
  /** Text cells that name a category exactly. */
  categoryNames: number;
  distinctText: Set<string>;
}

function columnStats(values: readonly (readonly SourceCell[] | undefined)[], column: number, fromRow: number, toRow: number): ColumnStats {
  const stats: ColumnStats = { nonEmpty: 0, numeric: 0, text: 0, categoryNames: 0, distinctText: new Set() };
  for (let r = fromRow; r < toRow; r++) {
    const cell = values[r]?.[column];
    if (isEmptyCell(cell)) continue;
    stats.nonEmpty++;
    const parsed = parseAmount(cell);
    if (parsed.kind === "amount") stats.numeric++;
    else if (parsed.kind === "not-a-number" && typeof cell === "string") {
      stats.text++;
      const t = cell.trim();
      if (stats.distinctText.size < 50) stats.distinctText.add(t.toLowerCase());
      if (namesCategoryExactly(t)) stats.categoryNames++;
    }
  }
  return stats;
}

function isMostlyNumeric(s: ColumnStats): boolean {
  return s.numeric > 0 && s.numeric >= 0.5 * s.nonEmpty;
}

function isMostlyText(s: ColumnStats): boolean {
  return s.text > 0 && s.text >= 0.5 * s.nonEmpty;
}

function looksLikeCategoryColumn(s: ColumnStats): boolean {
  return s.text >= 2 && s.categoryNames >= 0.6 * s.text;
}

// ---------------------------------------------------------------------------------------------
// Layout detection

interface Layout {
  /** 0-based grid row of the header, or -1. */
  headerRowIndex: number;
  labelColumn: number;
  amountColumn: number;
  /** -1 when none. */
  categoryColumn: number;
  /** 0-based grid row where data starts. */
  firstDataRowIndex: number;
}

function detectHeaderLayout(values: readonly (readonly SourceCell[] | undefined)[], width: number): Layout | undefined {
  const scanRows = Math.min(values.length, HEADER_SCAN_ROWS);
  let best: { layout: Layout; score: number } | undefined;
  for (let r = 0; r < scanRows; r++) {
    const row = values[r];
    if (!row) continue;
    const matches: { column: number; match: HeaderMatch }[] = [];
    let nonEmpty = 0;
    for (let c = 0; c < row.length && c < width; c++) {
      const cell = row[c];
      if (isEmptyCell(cell)) continue;
      nonEmpty++;
      if (typeof cell !== "string") continue;
      const match = classifyHeader(cell);
      if (match) matches.push({ column: c, match });
    }
    // A header row has two or more cells; a lone cell counts only when it is an exact amount
    // header that is not a total label (`Cost` above a column of amounts, not a title like
    // "Pilot costs" or a "Total" row).
    const amountCandidates = matches.filter(
      (m) => m.match.role === "amount" && (nonEmpty >= 2 || (m.match.weight >= 2 && !isTotalLabel(cellText(row[m.column])))),
    );
    if (amountCandidates.length === 0) continue;

    const sampleEnd = Math.min(values.length, r + 1 + SAMPLE_ROWS);
    // Amount column: strongest header whose column holds numbers below the header.
    let amount: { column: number; weight: number; numeric: number } | undefined;
    for (const candidate of amountCandidates) {
      const stats = columnStats(values, candidate.column, r + 1, sampleEnd);
      if (stats.numeric === 0) continue;
      if (
        !amount ||
        candidate.match.weight > amount.weight ||
        (candidate.match.weight === amount.weight && stats.numeric > amount.numeric)
      ) {
        amount = { column: candidate.column, weight: candidate.match.weight, numeric: stats.numeric };
      }
    }
    if (!amount) continue;
    const amountColumn = amount.column;

    const labelHeaders = matches.filter((m) => m.match.role === "label" && m.column !== amountColumn);
    const categoryHeaders = matches.filter((m) => m.match.role === "category" && m.column !== amountColumn);
    let labelColumn = -1;
    let labelWeight = 0;
    for (const m of labelHeaders) {
      // Strongest label header; on a tie, the one nearest to the left of the amounts.
      if (m.match.weight > labelWeight || (m.match.weight === labelWeight && prefersLabelColumn(m.column, labelColumn, amountColumn))) {
        labelColumn = m.column;
        labelWeight = m.match.weight;
      }
    }
    let categoryColumn = -1;
    let categoryWeight = 0;
    for (const m of categoryHeaders) {
      if (m.column === labelColumn) continue;
      if (m.match.weight > categoryWeight) {
        categoryColumn = m.column;
        categoryWeight = m.match.weight;
      }
    }
    const score = amount.weight + labelWeight * 0.7 + categoryWeight * 0.3;
    if (!best || score > best.score) {
      best = {
        score,
        layout: { headerRowIndex: r, labelColumn, amountColumn, categoryColumn, firstDataRowIndex: r + 1 },
      };
    }
  }
  if (!best) return undefined;
  const layout = best.layout;
  const sampleEnd = Math.min(values.length, layout.firstDataRowIndex + SAMPLE_ROWS);
  if (layout.labelColumn < 0) {
    layout.labelColumn = inferLabelColumn(values, width, layout.amountColumn, layout.categoryColumn, layout.firstDataRowIndex, sampleEnd);
  }
  if (layout.categoryColumn < 0) {
    layout.categoryColumn = inferCategoryColumn(values, width, layout, layout.firstDataRowIndex, sampleEnd);
  }
  return layout;
}

function prefersLabelColumn(candidate: number, current: number, amountColumn: number): boolean {
  if (current < 0) return true;
  const candidateLeft = candidate < amountColumn;
  const currentLeft = current < amountColumn;
  if (candidateLeft !== currentLeft) return candidateLeft;
  return Math.abs(amountColumn - candidate) < Math.abs(amountColumn - current);
}

/** Nearest mostly-text column left of the amounts; else nearest non-empty column left, then right; else the amount column. */
function inferLabelColumn(
  values: readonly (readonly SourceCell[] | undefined)[],
  width: number,
  amountColumn: number,
  categoryColumn: number,
  fromRow: number,
  toRow: number,
): number {
  const stats = new Map<number, ColumnStats>();
  const statsOf = (c: number): ColumnStats => {
    let s = stats.get(c);
    if (!s) {
      s = columnStats(values, c, fromRow, toRow);
      stats.set(c, s);
    }
    return s;
  };
  for (let c = amountColumn - 1; c >= 0; c--) if (c !== categoryColumn && isMostlyText(statsOf(c))) return c;
  for (let c = amountColumn + 1; c < width; c++) if (c !== categoryColumn && isMostlyText(statsOf(c))) return c;
  for (let c = amountColumn - 1; c >= 0; c--) if (c !== categoryColumn && statsOf(c).nonEmpty > 0) return c;
  return amountColumn > 0 && amountColumn - 1 !== categoryColumn ? amountColumn - 1 : amountColumn;
}

/** A text column (not label, not amount) whose values mostly name categories. */
function inferCategoryColumn(
  values: readonly (readonly SourceCell[] | undefined)[],
  width: number,
  layout: Pick<Layout, "labelColumn" | "amountColumn">,
  fromRow: number,
  toRow: number,
): number {
  for (let c = 0; c < width; c++) {
    if (c === layout.labelColumn || c === layout.amountColumn) continue;
    if (looksLikeCategoryColumn(columnStats(values, c, fromRow, toRow))) return c;
  }
  return -1;
}

function inferHeaderlessLayout(values: readonly (readonly SourceCell[] | undefined)[], width: number): Layout | undefined {
  const sampleEnd = Math.min(values.length, SAMPLE_ROWS);
  const stats: ColumnStats[] = [];
  for (let c = 0; c < width; c++) stats.push(columnStats(values, c, 0, sampleEnd));
  let amountColumn = -1;
  let fallback = -1;
  for (let c = 0; c < width && amountColumn < 0; c++) {
    const s = stats[c];
    if (!s || !isMostlyNumeric(s)) continue;
    if (fallback < 0) fallback = c;
    for (let left = c - 1; left >= 0; left--) {
      const l = stats[left];
      if (l && isMostlyText(l)) {
        amountColumn = c;
        break;
      }
    }
  }
  if (amountColumn < 0) amountColumn = fallback;
  if (amountColumn < 0) return undefined;
  let firstDataRowIndex = 0;
  while (firstDataRowIndex < values.length && isEmptyCell(values[firstDataRowIndex]?.[amountColumn])) firstDataRowIndex++;
  const labelColumn = inferLabelColumn(values, width, amountColumn, -1, 0, sampleEnd);
  const categoryColumn = inferCategoryColumn(values, width, { labelColumn, amountColumn }, 0, sampleEnd);
  return { headerRowIndex: -1, labelColumn, amountColumn, categoryColumn, firstDataRowIndex };
}

// ---------------------------------------------------------------------------------------------
// The parser

/**
 * Reads the pilot's line items from a grid of cells. See the module comment.
 * Returns `{ok: false, message}` when the grid is empty or no amount column can be found.
 */
export function parseLineItems(grid: SourceGrid): ParseResult {
  const origin = parseAddress(grid.topLeft ?? "");
  if (!origin) return { ok: false, message: PARSE_MESSAGES.badTopLeft(String(grid.topLeft)) };
  const values: readonly (readonly SourceCell[] | undefined)[] = Array.isArray(grid.values) ? grid.values : [];
  let width = 0;
  let anyValue = false;
  for (const row of values) {
    if (!Array.isArray(row)) continue;
    if (row.length > width) width = row.length;
    if (!anyValue) for (const cell of row) if (!isEmptyCell(cell)) { anyValue = true; break; }
  }
  width = Math.min(width, MAX_COLUMN_COUNT - origin.columnIndex);
  const rowCount = Math.min(values.length, MAX_ROW_COUNT - origin.rowIndex);
  if (!anyValue || width <= 0 || rowCount <= 0) return { ok: false, message: PARSE_MESSAGES.emptyGrid(describeWhere(grid)) };

  const layout = detectHeaderLayout(values, width) ?? inferHeaderlessLayout(values, width);
  if (!layout) return { ok: false, message: PARSE_MESSAGES.noAmountColumn(describeWhere(grid)) };

  const rowBase = origin.rowIndex + 1; // worksheet row number of grid row 0
  const letters: string[] = [];
  for (let c = 0; c < width; c++) letters.push(columnIndexToLetters(origin.columnIndex + c));
  const { labelColumn, amountColumn, categoryColumn } = layout;
  const amountLetters = letters[amountColumn] ?? "";
  const labelLetters = letters[labelColumn] ?? amountLetters;
  // Cells checked for a total marker: everything up to the amounts (a text "Total" in the amount
  // column of a single-column list counts too), plus label and category.
  const totalScanEnd = Math.max(amountColumn + 1, labelColumn + 1, categoryColumn + 1);
  const hasLabelColumn = labelColumn !== amountColumn;

  const items: LineItem[] = [];
  const skipped: SkippedCell[] = [];
  /** Number formats of the numeric amount cells, counted (few distinct values). */
  const formatCounts = new Map<string, number>();
  const textCurrencies = new Map<string, { mark: CurrencyMark; count: number }>();
  const numberFormats = Array.isArray(grid.numberFormats) ? grid.numberFormats : [];
  let lastDataRowIndex = layout.firstDataRowIndex - 1;

  for (let r = layout.firstDataRowIndex; r < rowCount; r++) {
    const row = values[r];
    if (!Array.isArray(row) || row.length === 0) continue;
    const amountCell = row[amountColumn];
    const labelCell = hasLabelColumn ? row[labelColumn] : undefined;
    const amountEmpty = isEmptyCell(amountCell);
    const labelEmpty = isEmptyCell(labelCell);
    const categoryCell = categoryColumn >= 0 ? row[categoryColumn] : undefined;
    if (amountEmpty && labelEmpty && isEmptyCell(categoryCell)) {
      if (rowHasValue(row, width)) lastDataRowIndex = r;
      continue;
    }
    lastDataRowIndex = r;
    const rowNumber = rowBase + r;
    const amountAddress = amountLetters + rowNumber;
    const label = labelEmpty ? "" : cellText(labelCell);

    const totalLabel = findTotalLabel(row, totalScanEnd);
    if (totalLabel !== undefined) {
      const address = amountEmpty && hasLabelColumn ? labelLetters + rowNumber : amountAddress;
      skipped.push({ address, reason: "total-row", message: PARSE_MESSAGES.totalRow(address, totalLabel, rowNumber) });
      continue;
    }
    const parsed: AmountResult = amountEmpty ? { kind: "empty" } : parseAmount(amountCell);
    switch (parsed.kind) {
      case "empty": {
        if (!labelEmpty) {
          skipped.push({
            address: amountAddress,
            reason: "no-amount",
            message: PARSE_MESSAGES.noAmount(amountAddress, label, labelLetters + rowNumber),
          });
        }
        break;
      }
      case "error":
        skipped.push({ address: amountAddress, reason: "error-value", message: PARSE_MESSAGES.errorValue(amountAddress, parsed.error, label) });
        break;
      case "not-a-number":
        skipped.push({ address: amountAddress, reason: "not-a-number", message: PARSE_MESSAGES.notANumber(amountAddress, parsed.text, label) });
        break;
      case "amount": {
        const item: LineItem = {
          label: label || PARSE_MESSAGES.noLabel(amountAddress),
          labelAddress: hasLabelColumn ? labelLetters + rowNumber : amountAddress,
          amount: parsed.amount,
          amountAddress,
          amountSource: parsed.source,
        };
        const category = cellText(categoryCell);
        if (category) item.sourceCategory = category;
        items.push(item);
        if (parsed.source === "cell") {
          const format = numberFormats[r]?.[amountColumn];
          if (typeof format === "string" && format !== "General") formatCounts.set(format, (formatCounts.get(format) ?? 0) + 1);
        } else if (parsed.currency) {
          const key = `${parsed.currency.position}:${parsed.currency.symbol}`;
          const entry = textCurrencies.get(key);
          if (entry) entry.count++;
          else textCurrencies.set(key, { mark: parsed.currency, count: 1 });
        }
        break;
      }
    }
  }

  const layoutOut: DetectedLayout = {
    headerRow: layout.headerRowIndex >= 0 ? rowBase + layout.headerRowIndex : null,
    labelColumn: labelLetters,
    amountColumn: amountLetters,
    firstDataRow: rowBase + layout.firstDataRowIndex,
    lastDataRow: rowBase + Math.max(lastDataRowIndex, layout.firstDataRowIndex - 1),
  };
  if (categoryColumn >= 0) layoutOut.categoryColumn = letters[categoryColumn] ?? "";
  const currencyFormat = mostFrequentCurrencyFormat(formatCounts) ?? textCurrencyFormat(textCurrencies);
  return currencyFormat === undefined
    ? { ok: true, layout: layoutOut, items, skipped }
    : { ok: true, layout: layoutOut, items, skipped, currencyFormat };
}

function rowHasValue(row: readonly SourceCell[], width: number): boolean {
  const end = Math.min(row.length, width);
  for (let c = 0; c < end; c++) if (!isEmptyCell(row[c])) return true;
  return false;
}

function findTotalLabel(row: readonly SourceCell[], scanEnd: number): string | undefined {
  const end = Math.min(row.length, scanEnd);
  for (let c = 0; c < end; c++) {
    const cell = row[c];
    if (typeof cell === "string" && isTotalLabel(cell.trim())) return cell.trim();
  }
  return undefined;
}

function mostFrequentCurrencyFormat(counts: Map<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [format, count] of counts) {
    if (count > bestCount && isCurrencyFormat(format)) {
      best = format;
      bestCount = count;
    }
  }
  return best;
}

/** When every text amount with a currency used the same one, a format that shows it. */
function textCurrencyFormat(currencies: Map<string, { mark: CurrencyMark; count: number }>): string | undefined {
  let best: { mark: CurrencyMark; count: number } | undefined;
  for (const entry of currencies.values()) if (!best || entry.count > best.count) best = entry;
  return best ? currencyFormatFor(best.mark) : undefined;
}

function describeWhere(grid: SourceGrid): string {
  const sheet = typeof grid.sheetName === "string" && grid.sheetName ? `sheet "${grid.sheetName}"` : "the sheet";
  const rows = Array.isArray(grid.values) ? grid.values.length : 0;
  const origin = parseAddress(grid.topLeft ?? "");
  if (!origin || rows === 0) return `the selected range on ${sheet}`;
  let width = 1;
  for (const row of grid.values) if (Array.isArray(row) && row.length > width) width = row.length;
  const lastRow = Math.min(origin.rowIndex + rows, MAX_ROW_COUNT);
  const lastColumn = Math.min(origin.columnIndex + width - 1, MAX_COLUMN_COUNT - 1);
  return `the range ${columnIndexToLetters(origin.columnIndex)}${origin.rowIndex + 1}:${columnIndexToLetters(lastColumn)}${lastRow} on ${sheet}`;
}
