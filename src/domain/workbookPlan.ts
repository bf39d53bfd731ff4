import type { StyleKey } from "./styles";

/**
 * A `WorkbookPlan` is a plain-data description of the sheets to write. It is produced by
 * `planWorkbook` (pure) and rendered by `src/excel` (Office.js) and `src/xlsx` (.xlsx files).
 * Renderers must not invent content: every value, formula, format, name and chart comes from here.
 */

export type PlanCell =
  /** Literal text. Renderers must keep it text even when it starts with `=`, `+`, `-` or `@`. */
  | { kind: "text"; text: string; style?: StyleKey; numberFormat?: string }
  /** A literal number (an input, or a pilot amount parsed from text). */
  | { kind: "number"; value: number; style?: StyleKey; numberFormat?: string }
  /** A live formula in en-US syntax with a leading `=`, e.g. `=SUM(D20:D40)`. */
  | { kind: "formula"; formula: string; style?: StyleKey; numberFormat?: string };

/** Row-major, starting at A1. `null` leaves the cell empty. */
export type PlanRow = ReadonlyArray<PlanCell | null>;

export type SheetRole = "assumptions" | "budget" | "state";

export interface PlanSheet {
  name: string;
  role: SheetRole;
  /** `veryHidden` sheets cannot be unhidden from the Excel UI (used for the add-in's state). */
  visibility: "visible" | "veryHidden";
  rows: readonly PlanRow[];
  /** Column widths in Excel character units, index 0 = column A. */
  columnWidths: readonly number[];
  /** Frozen panes: number of rows at the top and columns at the left. */
  freeze?: { rows: number; columns: number };
  print?: PlanPrintSetup;
  /** `#RRGGBB` */
  tabColor?: string;
}

export interface PlanPrintSetup {
  orientation: "portrait" | "landscape";
  /** Fit all columns on one page width; height unconstrained. */
  fitToWidth: boolean;
  /** A1 range without sheet, e.g. `A1:H40`. */
  printArea?: string;
  /** Rows repeated at the top of every printed page, e.g. `1:3`. */
  repeatRows?: string;
}

/** A workbook-scoped defined name referring to one cell or range of a generated sheet. */
export interface PlanName {
  name: string;
  sheetName: string;
  /** Absolute A1 reference without sheet, e.g. `$B$5` or `$B$12:$B$19`. */
  address: string;
  comment?: string;
}

export interface PlanChartSeries {
  name: string;
  /** A1 range on the chart's sheet, without sheet, e.g. `D10:D17`. */
  valuesAddress: string;
}

export interface PlanChart {
  sheetName: string;
  title: string;
  type: "columnClustered";
  /** A1 range on the chart's sheet holding the category labels, e.g. `A10:A17`. */
  categoriesAddress: string;
  series: readonly PlanChartSeries[];
  /** Cells the chart covers: top-left and bottom-right, e.g. `J3` and `Q20`. */
  topLeft: string;
  bottomRight: string;
}

export interface WorkbookPlan {
  /** In tab order. Every sheet is created before any formula is written (forward references). */
  sheets: readonly PlanSheet[];
  names: readonly PlanName[];
  charts: readonly PlanChart[];
}
