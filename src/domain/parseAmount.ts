/**
 * Reading an amount from one source cell, and recognising currency number formats. Pure.
 *
 * Numeric cells are taken as they are (live: the budget references them). Text is parsed in
 * either number convention (`€12,500.00`, `1.234,50 €`, `12 500`, `CHF 1'200.50`, `(2,000)`), but
 * such an amount is a constant: Excel's `SUM` would treat the text cell as 0.
 */
import { isErrorCell, type SourceCell } from "./source";

export type AmountResult =
  /** A usable amount. `currency` is the symbol or code written in the text, when there was one. */
  | { kind: "amount"; amount: number; source: "cell" | "text"; currency?: CurrencyMark }
  /** `null`, `""` or only white space. */
  | { kind: "empty" }
  /** An Excel error value, or text that looks like one (`#N/A`, `#REF!`). */
  | { kind: "error"; error: string }
  /** Anything else: words, booleans, percentages, non-finite numbers. */
  | { kind: "not-a-number"; text: string };

/** A currency symbol or code as written in a text amount, and on which side of the number. */
export interface CurrencyMark {
  /** `€`, `$`, `US$`, or an upper-case ISO code such as `EUR`, `CHF`. */
  symbol: string;
  position: "before" | "after";
}

/** A number parsed from text, with the currency it was written with. */
export interface ParsedAmountText {
  amount: number;
  currency?: CurrencyMark;
}

const ERROR_TEXTS: ReadonlySet<string> = new Set(
  [
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
    "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!",
    "#TIMEOUT!", "#NV", "#WERT!", "#BEZUG!", "#NAME?", "#ZAHL!", "#DIV/0!", "#NULL!", "#ÜBERLAUF!",
  ].map((s) => s.toUpperCase()),
);

/** Text that an Excel error value turns into when copied as text (`#N/A`, `#REF!`, German `#NV`, `#BEZUG!`). */
export function isErrorText(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.charCodeAt(0) === 35 /* # */ && ERROR_TEXTS.has(trimmed.toUpperCase());
}

/** Reads one cell. Never throws, whatever the value. */
export function parseAmount(cell: SourceCell | undefined): AmountResult {
  if (cell === null || cell === undefined) return { kind: "empty" };
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return { kind: "not-a-number", text: String(cell) };
    return { kind: "amount", amount: cell === 0 ? 0 : cell, source: "cell" };
  }
  if (typeof cell === "string") return parseTextCell(cell);
  if (typeof cell === "boolean") return { kind: "not-a-number", text: cell ? "TRUE" : "FALSE" };
  if (isErrorCell(cell)) return { kind: "error", error: String(cell.error) };
  return { kind: "not-a-number", text: safeString(cell) };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "(unreadable value)";
  }
}

function parseTextCell(text: string): AmountResult {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "empty" };
  if (trimmed.charCodeAt(0) === 35 && isErrorText(trimmed)) return { kind: "error", error: trimmed.toUpperCase() };
  const parsed = parseAmountText(trimmed);
  if (!parsed) return { kind: "not-a-number", text };
  return parsed.currency === undefined
    ? { kind: "amount", amount: parsed.amount, source: "text" }
    : { kind: "amount", amount: parsed.amount, source: "text", currency: parsed.currency };
}

/** White space inside numbers: normal, non-breaking, narrow no-break, thin, figure spaces. */
const INNER_SPACES_RE = /[\s\u00A0\u202F\u2007\u2009\u200A\u2008\u2006\u2005\u2004\u3000]+/g;
const CURRENCY_CODES = "EUR|USD|GBP|CHF|JPY|CNY|INR|AUD|CAD|SEK|NOK|DKK|PLN|CZK|HUF|ZAR|NZD|SGD|HKD|BRL|MXN|RUB|TRY|ILS|KRW";
/** Currency at the start of the text (longest alternatives first). */
const LEADING_CURRENCY_RE = new RegExp(
  `^(?:(?:${CURRENCY_CODES})(?![A-Za-z])|US\\$|AU?\\$|C\\$|NZ\\$|HK\\$|S\\$|R\\$|SFr\\.?|Fr\\.|[€$£¥₹₽₩₺₪฿₴₦₫])`,
  "i",
);
/** Currency at the end of the text. */
const TRAILING_CURRENCY_RE = new RegExp(
  `(?:(?<![A-Za-z])(?:${CURRENCY_CODES})|SFr\\.?|(?<![A-Za-z])Fr\\.?|(?<![A-Za-z])kr\\.?|zł|[€$£¥₹₽₩₺₪฿₴₦₫])$`,
  "i",
);
const BODY_RE = /^[0-9.,'’ ]+$/;
const SCIENTIFIC_RE = /^[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+$/;
const SEPARATOR_SPLIT_RE = /([.,'’ ])/;

/**
 * Parses numeric text in either convention. Returns `null` when the text is not a plain amount
 * (words, percentages, dates, ambiguous signs, malformed digit grouping).
 *
 * Decimal separator: with both `.` and `,` present, the last one is the decimal separator. A single
 * `.` or `,` followed by exactly three digits after 1-3 leading digits (`1,234`, `1.234`) groups
 * thousands; otherwise it is decimal (`12,5` = 12.5, `0,500` = 0.5). Spaces and apostrophes
 * always group thousands.
 */
export function parseAmountText(input: string): ParsedAmountText | null {
  let text = input.replace(INNER_SPACES_RE, " ").trim();
  if (text === "" || text.length > 64) return null;
  let negative = 0;
  let plus = 0;
  let openParen = false;
  let closeParen = false;
  let currency: CurrencyMark | undefined;

  // Peel signs, parentheses and a currency off both ends, in any order.
  for (let guard = 0; guard < 8; guard++) {
    const before = text;
    const first = text.charCodeAt(0);
    if (first === 40 /* ( */) {
      if (openParen) return null;
      openParen = true;
      text = text.slice(1).trimStart();
    } else if (first === 45 /* - */ || first === 0x2212 /* − */ || first === 0x2013 /* – */) {
      negative++;
      text = text.slice(1).trimStart();
    } else if (first === 43 /* + */) {
      plus++;
      text = text.slice(1).trimStart();
    } else {
      const m = LEADING_CURRENCY_RE.exec(text);
      if (m) {
        if (currency !== undefined) return null;
        currency = { symbol: normalizeCurrency(m[0]), position: "before" };
        text = text.slice(m[0].length).trimStart();
      }
    }
    if (text === "") return null;
    const lastIndex = text.length - 1;
    const last = text.charCodeAt(lastIndex);
    if (last === 41 /* ) */) {
      if (closeParen) return null;
      closeParen = true;
      text = text.slice(0, lastIndex).trimEnd();
    } else if ((last === 45 || last === 0x2212 || last === 0x2013) && /[.,]$/.test(text.slice(0, lastIndex))) {
      // Swiss whole-franc notation: `1'200.-`
      text = text.slice(0, lastIndex - 1).trimEnd();
    } else if (last === 45 || last === 0x2212 || last === 0x2013) {
      negative++;
      text = text.slice(0, lastIndex).trimEnd();
    } else {
      const m = TRAILING_CURRENCY_RE.exec(text);
      if (m) {
        if (currency !== undefined) return null;
        currency = { symbol: normalizeCurrency(m[0]), position: "after" };
        text = text.slice(0, text.length - m[0].length).trimEnd();
      }
    }
    if (text === "") return null;
    if (text === before) break;
  }
  if (openParen !== closeParen) return null;
  const negations = negative + (openParen ? 1 : 0);
  if (negations > 1 || plus > 1 || (plus > 0 && negations > 0)) return null;

  let magnitude: number | null;
  if (SCIENTIFIC_RE.test(text)) magnitude = Number(text);
  else if (BODY_RE.test(text)) magnitude = parseDigits(text);
  else return null;
  if (magnitude === null || !Number.isFinite(magnitude)) return null;
  const amount = negations === 1 && magnitude !== 0 ? -magnitude : magnitude;
  return currency === undefined ? { amount } : { amount, currency };
}

function normalizeCurrency(token: string): string {
  return /^[a-z]{3}$/i.test(token) ? token.toUpperCase() : token;
}

/** Digits with `.`, `,`, space and apostrophe separators -> number, or `null` when malformed. */
function parseDigits(body: string): number | null {
  const pieces = body.split(SEPARATOR_SPLIT_RE);
  // pieces alternate: run, sep, run, sep, run
  const runs: string[] = [];
  const seps: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? "";
    if (i % 2 === 0) runs.push(piece);
    else seps.push(piece === "’" ? "'" : piece);
  }
  if (seps.length === 0) return runs[0] ? Number(runs[0]) : null;
  const lastRun = runs[runs.length - 1] ?? "";
  if (lastRun === "") return null;
  for (let i = 1; i < runs.length - 1; i++) if (runs[i] === "") return null;

  // Leading decimal separator: `.5`, `,25`
  if (runs[0] === "") {
    if (seps.length !== 1 || (seps[0] !== "." && seps[0] !== ",")) return null;
    return Number(`0.${lastRun}`);
  }

  const lastSep = seps[seps.length - 1] ?? "";
  let decimalIndex = -1; // index into seps
  if (lastSep === "." || lastSep === ",") {
    const occurrences = seps.filter((s) => s === lastSep).length;
    if (occurrences === 1) {
      if (seps.length > 1) decimalIndex = seps.length - 1;
      else {
        const intRun = runs[0] ?? "";
        const looksLikeThousands = lastRun.length === 3 && intRun.length <= 3 && intRun !== "0";
        decimalIndex = looksLikeThousands ? -1 : 0;
      }
    }
  }

  const groupSeps = decimalIndex >= 0 ? seps.slice(0, decimalIndex) : seps;
  const groupRuns = decimalIndex >= 0 ? runs.slice(0, decimalIndex + 1) : runs;
  if (groupSeps.length > 0) {
    const groupChar = groupSeps[0];
    if (groupSeps.some((s) => s !== groupChar)) return null;
    const firstRun = groupRuns[0] ?? "";
    if (firstRun.length < 1 || firstRun.length > 3) return null;
    for (let i = 1; i < groupRuns.length; i++) {
      const len = (groupRuns[i] ?? "").length;
      const isLast = i === groupRuns.length - 1;
      // Last group exactly 3 digits; middle groups 3 (or 2, Indian lakh grouping `1,23,45,678`).
      if (isLast ? len !== 3 : len !== 3 && len !== 2) return null;
    }
  }
  const integerDigits = groupRuns.join("");
  const fractionDigits = decimalIndex >= 0 ? lastRun : "";
  return Number(fractionDigits ? `${integerDigits}.${fractionDigits}` : integerDigits);
}

/** Currency symbols that make a number format a currency format. */
const FORMAT_CURRENCY_SYMBOLS = "€$£¥₹₽₩₺₪฿₴₦₫";
const FORMAT_CURRENCY_CODE_RE = new RegExp(`(?:^|[^A-Za-z])(?:${CURRENCY_CODES}|CHF|Fr\\.|SFr|kr)(?![A-Za-z])`, "i");

/**
 * Whether an Excel number format shows a currency: `[$€-407] #,##0.00`, `"$"#,##0`,
 * `#,##0.00 €`, `_-* #,##0.00 [$€-1]_-`, `#,##0 "CHF"`. Locale-only tags (`[$-407]`) and plain
 * number, date, text and `General` formats are not.
 */
export function isCurrencyFormat(format: string): boolean {
  if (!format || format === "General" || format === "@") return false;
  let hasPlaceholder = false;
  let hasCurrency = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] ?? "";
    if (ch === '"') {
      const end = format.indexOf('"', i + 1);
      const literal = end < 0 ? format.slice(i + 1) : format.slice(i + 1, end);
      if (containsCurrency(literal)) hasCurrency = true;
      if (end < 0) break;
      i = end;
    } else if (ch === "[") {
      const end = format.indexOf("]", i + 1);
      const inner = end < 0 ? format.slice(i + 1) : format.slice(i + 1, end);
      if (inner.startsWith("$")) {
        const dash = inner.indexOf("-");
        const symbol = (dash < 0 ? inner.slice(1) : inner.slice(1, dash)).trim();
        if (symbol.length > 0) hasCurrency = true;
      }
      if (end < 0) break;
      i = end;
    } else if (ch === "\\") {
      if (FORMAT_CURRENCY_SYMBOLS.includes(format[i + 1] ?? "")) hasCurrency = true;
      i++;
    } else if (ch === "_" || ch === "*") {
      i++; // `_x` pads the width of x, `*x` repeats x: neither shows a currency
    } else if (ch === "0" || ch === "#") {
      hasPlaceholder = true;
    } else if (FORMAT_CURRENCY_SYMBOLS.includes(ch)) {
      hasCurrency = true;
    }
  }
  return hasCurrency && hasPlaceholder;
}

function containsCurrency(literal: string): boolean {
  for (const ch of literal) if (FORMAT_CURRENCY_SYMBOLS.includes(ch)) return true;
  return FORMAT_CURRENCY_CODE_RE.test(literal);
}

/**
 * The most frequent currency format among the given number formats (e.g. the formats of the
 * amount cells), or `undefined` when none is a currency format. Ties go to the first seen.
 */
export function detectCurrencyFormat(formats: Iterable<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  const verdicts = new Map<string, boolean>();
  for (const format of formats) {
    if (!format) continue;
    let isCurrency = verdicts.get(format);
    if (isCurrency === undefined) {
      isCurrency = isCurrencyFormat(format);
      verdicts.set(format, isCurrency);
    }
    if (isCurrency) counts.set(format, (counts.get(format) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [format, count] of counts) {
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  return best;
}

/**
 * A currency number format for amounts that were typed as text with a currency (`€12,500.00` ->
 * `"€"#,##0.00`, `1.234,50 €` -> `#,##0.00 "€"`, `CHF 1'200` -> `"CHF "#,##0.00`): the symbol on the
 * side the text had it, two decimals, thousands grouped.
 */
export function currencyFormatFor(currency: CurrencyMark): string {
  const symbol = currency.symbol.replace(/"/g, "");
  const isCode = /^[A-Z]{3}$/.test(symbol);
  if (currency.position === "before") return `"${symbol}${isCode ? " " : ""}"#,##0.00`;
  return `#,##0.00 "${symbol}"`;
}
