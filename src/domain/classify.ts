/**
 * Classification of pilot line items into the production cost categories. Pure.
 *
 * Precedence, per line: the user's override (keyed by the amount cell's address) > the source's
 * category column when it names a category > keyword rules on the label > `unclassified`.
 */
import { CATEGORIES, CATEGORY_KEYS, isCategoryKey, type BucketKey, type CategoryKey } from "./categories";
import type { ClassificationOverrides, ClassifiedItem, LineItem } from "./lineItems";

interface KeywordEntry {
  /** Normalised keyword (see `normalizeText`). */
  keyword: string;
  category: CategoryKey;
  categoryOrder: number;
  /** Keywords of three letters or fewer (`sap`, `erp`, `gpu`) must end at a word boundary (or plural `s`). */
  needsEndBoundary: boolean;
}

/**
 * Lower-case; hyphens, underscores and slashes become spaces; runs of spaces collapse.
 * `Cloud-Hosting` and `cloud hosting` match the same keyword; `CRM/ERP` is two words.
 */
export function normalizeText(text: string): string {
  return normalizeForScan(text).trim();
}

const SEPARATORS_RE = /[-_/\u2010-\u2015\s]+/g;
/** Cheap test first: most labels need no replacement (single plain spaces, no hyphens). */
const NEEDS_SEPARATOR_FIX_RE = /[^\S ]| {2}|[-_/\u2010-\u2015]/;

/** `normalizeText` without the trim: the scanner treats leading and trailing spaces as boundaries anyway. */
function normalizeForScan(text: string): string {
  const lower = text.toLowerCase();
  return NEEDS_SEPARATOR_FIX_RE.test(lower) ? lower.replace(SEPARATORS_RE, " ") : lower;
}

const NON_ASCII_WORD_CHAR_RE = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  if (Number.isNaN(code)) return false;
  return NON_ASCII_WORD_CHAR_RE.test(text.charAt(index));
}

function buildIndexes(): {
  prefix: Map<number, KeywordEntry[]>;
  suffix: Map<number, KeywordEntry[]>;
} {
  const prefix = new Map<number, KeywordEntry[]>();
  const suffix = new Map<number, KeywordEntry[]>();
  const english = new Set<string>();
  for (const category of CATEGORIES) for (const k of category.keywords.en) english.add(normalizeText(k));
  const seen = new Set<string>();
  CATEGORIES.forEach((category, categoryOrder) => {
    const all = [
      ...category.keywords.en.map((k) => ({ k, german: false })),
      ...category.keywords.de.map((k) => ({ k, german: true })),
    ];
    for (const { k, german } of all) {
      const keyword = normalizeText(k);
      if (keyword.length < 2) continue; // lookups are keyed by the first two characters
      const entry: KeywordEntry = { keyword, category: category.key, categoryOrder, needsEndBoundary: keyword.length <= 3 };
      // The first category listing a keyword owns it (display order).
      if (!seen.has(keyword)) {
        seen.add(keyword);
        pushTo(prefix, pairKey(keyword, 0), entry);
      }
      // German compounds put the head last (`Mitarbeiterschulung`, `Datenschutzprüfung`): German
      // keywords of 5+ letters also match at the end of a word, unless they are English words too
      // (`change` would otherwise match `exchange`).
      const suffixEligible = german && keyword.length >= 5 && !keyword.includes(" ") && !english.has(keyword) && keyword !== "change";
      if (suffixEligible) pushTo(suffix, pairKey(keyword, keyword.length - 2), entry);
    }
  });
  for (const list of prefix.values()) list.sort(byLengthDesc);
  for (const list of suffix.values()) list.sort(byLengthDesc);
  return { prefix, suffix };
}

function pushTo(map: Map<number, KeywordEntry[]>, key: number, entry: KeywordEntry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function byLengthDesc(a: KeywordEntry, b: KeywordEntry): number {
  return b.keyword.length - a.keyword.length || a.categoryOrder - b.categoryOrder;
}

const INDEXES = buildIndexes();

/** One keyword found in a label. */
export interface KeywordMatch {
  keyword: string;
  category: CategoryKey;
  /** Index in the normalised label. */
  index: number;
}

type MatchSink = (entry: KeywordEntry, index: number) => void;

/**
 * Calls `sink` for every keyword match in a normalised label: the longest keyword at each word
 * start, plus German compound heads at word ends.
 */
function scanKeywords(text: string, sink: MatchSink): void {
  const n = text.length;
  let wordStart = -1;
  for (let i = 0; i <= n; i++) {
    const inWord = i < n && isWordChar(text, i);
    if (inWord && wordStart < 0) {
      wordStart = i;
      const found = matchPrefixAt(text, i);
      if (found) sink(found, i);
    } else if (!inWord && wordStart >= 0) {
      if (i - wordStart > 5) {
        const found = matchSuffixEndingAt(text, wordStart, i);
        if (found) sink(found, i - found.keyword.length);
      }
      wordStart = -1;
    }
  }
}

/** Every keyword match in a label (for explanations and tests). */
export function findKeywordMatches(label: string): KeywordMatch[] {
  const matches: KeywordMatch[] = [];
  scanKeywords(normalizeText(label), (entry, index) => matches.push({ keyword: entry.keyword, category: entry.category, index }));
  return matches;
}

/**
 * Lookup key from two characters, without allocating a string. A small integer (fast map key);
 * collisions are harmless because every candidate is verified with `startsWith`.
 */
function pairKey(text: string, index: number): number {
  return ((text.charCodeAt(index) & 0x3ff) << 10) | ((text.charCodeAt(index + 1) || 0) & 0x3ff);
}

function matchPrefixAt(text: string, start: number): KeywordEntry | undefined {
  const candidates = INDEXES.prefix.get(pairKey(text, start));
  if (!candidates) return undefined;
  for (let k = 0; k < candidates.length; k++) {
    const entry = candidates[k] as KeywordEntry;
    if (!text.startsWith(entry.keyword, start)) continue;
    if (entry.needsEndBoundary) {
      let end = start + entry.keyword.length;
      if (text.charCodeAt(end) === 115 /* s */) end++;
      if (end < text.length && isWordChar(text, end)) continue;
    }
    return entry;
  }
  return undefined;
}

function matchSuffixEndingAt(text: string, wordStart: number, wordEnd: number): KeywordEntry | undefined {
  const candidates = INDEXES.suffix.get(pairKey(text, wordEnd - 2));
  if (!candidates) return undefined;
  for (let k = 0; k < candidates.length; k++) {
    const entry = candidates[k] as KeywordEntry;
    const start = wordEnd - entry.keyword.length;
    // Strictly inside the word: a whole-word match was already found as a prefix.
    if (start > wordStart && text.startsWith(entry.keyword, start)) return entry;
  }
  return undefined;
}

// Scratch scores per category (display order), reset on every call: no allocation per label.
const LONGEST = new Int32Array(CATEGORY_KEYS.length);
const MATCHED = new Int32Array(CATEGORY_KEYS.length);
const recordMatch: MatchSink = (entry) => {
  const len = entry.keyword.length;
  const order = entry.categoryOrder;
  if (len > (LONGEST[order] ?? 0)) LONGEST[order] = len;
  MATCHED[order] = (MATCHED[order] ?? 0) + len;
};

/**
 * The keyword rules' category for a label, or `undefined` when no keyword matches.
 * The longest (most specific) keyword wins: "data warehouse integration" -> integration, not data
 * engineering; "Model retraining" -> retraining. Ties go to the category with more matched text,
 * then to the display order.
 */
export function suggestCategory(label: string): CategoryKey | undefined {
  LONGEST.fill(0);
  MATCHED.fill(0);
  scanKeywords(normalizeForScan(label), recordMatch);
  let best = -1;
  for (let k = 0; k < LONGEST.length; k++) {
    const len = LONGEST[k] ?? 0;
    if (len === 0) continue;
    if (best < 0) {
      best = k;
      continue;
    }
    const bestLen = LONGEST[best] ?? 0;
    if (len > bestLen || (len === bestLen && (MATCHED[k] ?? 0) > (MATCHED[best] ?? 0))) best = k;
  }
  return best < 0 ? undefined : CATEGORY_KEYS[best];
}

/** German display names, accepted in a source category column. */
const GERMAN_NAMES: Readonly<Record<CategoryKey, readonly string[]>> = {
  dataEngineering: ["Datenaufbereitung", "Datenmanagement"],
  infrastructure: ["Infrastruktur & Betrieb", "Infrastruktur"],
  integration: ["Integration", "Systemintegration"],
  changeManagement: ["Change-Management & Schulung", "Veränderungsmanagement", "Change-Management"],
  monitoring: ["Überwachung & Wartung", "Wartung"],
  compliance: ["Compliance & Sicherheit"],
  retraining: ["Modellaktualisierung & Nachtraining", "Modellpflege"],
  support: ["Support & Dokumentation"],
};

function normalizeName(text: string): string {
  return normalizeText(text).replace(/\s*(?:&|\+|\bund\b|\band\b)\s*/g, " and ").replace(/\s+/g, " ").trim();
}

function buildNameIndex(): Map<string, CategoryKey> {
  const index = new Map<string, CategoryKey>();
  const add = (name: string, key: CategoryKey): void => {
    const normalized = normalizeName(name);
    if (normalized && !index.has(normalized)) index.set(normalized, key);
  };
  for (const category of CATEGORIES) {
    add(category.key, category.key);
    add(category.key.replace(/([a-z])([A-Z])/g, "$1 $2"), category.key);
    for (const name of [category.name, ...GERMAN_NAMES[category.key]]) {
      add(name, category.key);
      for (const part of normalizeName(name).split(" and ")) add(part, category.key);
    }
  }
  for (const category of CATEGORIES) {
    for (const k of [...category.keywords.en, ...category.keywords.de]) add(k, category.key);
  }
  return index;
}

const NAME_INDEX = buildNameIndex();

/**
 * The category a source category cell names: its display name (English or German, whole or one
 * of its parts: "Infrastructure & operations", "Operations"), its key (`dataEngineering`), or a
 * keyword ("Cloud", "Schulung"), case-insensitive; failing those, the keyword rules on the text.
 * `undefined` when the text names no category ("Other", "Personnel").
 */
export function categoryFromSourceText(text: string): CategoryKey | undefined {
  const normalized = normalizeName(text);
  if (!normalized) return undefined;
  return NAME_INDEX.get(normalized) ?? suggestCategory(text);
}

/**
 * Whether the text names a category exactly (display name, key or keyword, not the looser keyword
 * rules). Used to recognise a category column without a header.
 */
export function namesCategoryExactly(text: string): boolean {
  return NAME_INDEX.has(normalizeName(text));
}

/** Classifies each item; see the module comment for the precedence. Keeps the input order. */
export function classifyItems(items: readonly LineItem[], overrides: ClassificationOverrides = {}): ClassifiedItem[] {
  const sourceCategories = new Map<string, CategoryKey | undefined>();
  const result: ClassifiedItem[] = new Array<ClassifiedItem>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as LineItem;
    // Not memoised by label: labels are mostly distinct, and a 100k-entry map costs more than it saves.
    const suggestion = suggestCategory(item.label);

    let category: BucketKey;
    let basis: ClassifiedItem["basis"];
    const override = Object.prototype.hasOwnProperty.call(overrides, item.amountAddress)
      ? overrides[item.amountAddress]
      : undefined;
    let fromSource: CategoryKey | undefined;
    if (override === undefined || !isCategoryKey(override)) {
      const sourceText = item.sourceCategory;
      if (sourceText !== undefined && sourceText.trim() !== "") {
        if (sourceCategories.has(sourceText)) fromSource = sourceCategories.get(sourceText);
        else {
          fromSource = categoryFromSourceText(sourceText);
          sourceCategories.set(sourceText, fromSource);
        }
      }
    }
    if (override !== undefined && isCategoryKey(override)) {
      category = override;
      basis = "override";
    } else if (fromSource !== undefined) {
      category = fromSource;
      basis = "source-column";
    } else if (suggestion !== undefined) {
      category = suggestion;
      basis = "keyword";
    } else {
      category = "unclassified";
      basis = "none";
    }
    // Built field by field: object spread is several times slower on 100k items.
    const classified: ClassifiedItem = {
      label: item.label,
      labelAddress: item.labelAddress,
      amount: item.amount,
      amountAddress: item.amountAddress,
      amountSource: item.amountSource,
      category,
      basis,
    };
    if (item.sourceCategory !== undefined) classified.sourceCategory = item.sourceCategory;
    if (suggestion !== undefined) classified.suggestion = suggestion;
    result[i] = classified;
  }
  return result;
}

/** Sum of amounts per bucket, every bucket present (0 when empty), in category order then Unclassified. */
export function totalsByBucket(items: readonly Pick<ClassifiedItem, "category" | "amount">[]): Record<BucketKey, number> {
  const totals = {} as Record<BucketKey, number>;
  for (const key of CATEGORY_KEYS) totals[key] = 0;
  totals.unclassified = 0;
  for (const item of items) totals[item.category] += item.amount;
  return totals;
}
