import type { BucketKey, CategoryKey } from "./categories";

/** One cost line of the pilot, as found in the source cells. */
export interface LineItem {
  /** Text of the label cell (never evaluated). */
  label: string;
  /** A1 address of the label cell, without sheet (e.g. `B7`). */
  labelAddress: string;
  amount: number;
  /** A1 address of the amount cell, without sheet (e.g. `D7`). Unique per item: its identity. */
  amountAddress: string;
  /** `cell`: a numeric cell, referenced live; `text`: parsed from text, written as a constant. */
  amountSource: "cell" | "text";
  /** Text of the source's category column on this row, when there is one. */
  sourceCategory?: string;
}

export type SkipReason =
  | "error-value"
  | "not-a-number"
  | "total-row"
  | "no-amount";

/** A cell the parser did not count, with where and why. */
export interface SkippedCell {
  /** A1 address without sheet. */
  address: string;
  reason: SkipReason;
  /** A sentence for the user, e.g. `"#REF!" is an error value`. */
  message: string;
}

export interface DetectedLayout {
  /** 1-based worksheet row number of the header row, or null when the data has no header. */
  headerRow: number | null;
  /** Column letters, e.g. `B`. */
  labelColumn: string;
  amountColumn: string;
  categoryColumn?: string;
  /** First and last worksheet rows scanned for items. */
  firstDataRow: number;
  lastDataRow: number;
}

export type ParseResult =
  | {
      ok: true;
      layout: DetectedLayout;
      items: LineItem[];
      skipped: SkippedCell[];
      /** The amounts' currency number format when the source has one (e.g. `"€"#,##0.00`). */
      currencyFormat?: string;
    }
  | { ok: false; message: string };

export type ClassificationBasis = "override" | "source-column" | "keyword" | "none";

export interface ClassifiedItem extends LineItem {
  category: BucketKey;
  basis: ClassificationBasis;
  /** The keyword rules' suggestion, shown beside the picker even when an override wins. */
  suggestion?: CategoryKey;
}

/** User choices by line, keyed by the amount cell's address. */
export type ClassificationOverrides = Readonly<Record<string, CategoryKey>>;
