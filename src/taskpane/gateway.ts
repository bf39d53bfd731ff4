import type { BudgetLine, SheetChangeType } from "../domain/livingBudget";
import type { SourceCell, SourceGrid } from "../domain/source";
import type { WorkbookPlan } from "../domain/workbookPlan";

/**
 * The task pane's port to the workbook. Components receive an implementation by prop or context
 * and never call Office.js themselves: `src/excel` implements it over Office.js, tests implement
 * it over the Excel API simulator.
 */

/** Where to read the pilot's cost cells from. */
export type SourceRequest =
  | { kind: "selection" }
  /** A table or workbook-scoped defined name picked from `listNamedSources()`. */
  | { kind: "named"; name: string }
  /** Auto-detect on the active sheet (its used range). */
  | { kind: "auto" }
  /**
   * Cells of a given sheet, cut to its used range (how the pane reads the pilot's list again when
   * the sheet changed, whatever is selected or active by then).
   */
  | { kind: "range"; sheetName: string; address: string };

export interface NamedSource {
  kind: "table" | "name";
  name: string;
  sheetName: string;
  /** A1 range without sheet. */
  address: string;
}

export type SourceReadResult =
  | { ok: true; grid: SourceGrid; /** e.g. `'Q3 Pilot''s costs'!A1:D40` */ description: string }
  | { ok: false; message: string };

/**
 * What a previous generation left in the workbook, raw: the values of the add-in's state sheet
 * (simple reference formulas already resolved to the values they point at). Decoded by the domain.
 */
export interface SavedStateRaw {
  stateRows: SourceCell[][];
}

export interface GenerateProgress {
  /** 0..1 */
  fraction: number;
  message: string;
}

export interface GenerateResult {
  /** Generated sheet names in tab order. */
  sheetNames: string[];
  syncCount: number;
}

/**
 * A change of the watched sheet's data made by the user or a co-author: never one of the
 * add-in's own writes. What Excel reports (`Excel.WorksheetChangedEventArgs`), unchanged.
 */
export interface SourceChange {
  /** The changed cells, as Excel reports them (usually without sheet): `B20:D20`, `21:23` for whole rows. */
  address: string;
  changeType: SheetChangeType;
  /** `Remote`: a co-author's edit arriving in this workbook. */
  source: "Local" | "Remote";
}

export interface WorkbookGateway {
  readSource(request: SourceRequest): Promise<SourceReadResult>;
  listNamedSources(): Promise<NamedSource[]>;
  readSavedState(): Promise<SavedStateRaw | null>;
  /** Atomic: on failure the workbook is left exactly as it was, and the promise rejects. */
  generate(plan: WorkbookPlan, onProgress?: (progress: GenerateProgress) => void): Promise<GenerateResult>;
  /** Select a cell (e.g. a skipped cell) so the user sees it. */
  selectCell(sheetName: string, address: string): Promise<void>;
  activateSheet(sheetName: string): Promise<void>;
  /**
   * Calls `onChange` when the data of the sheet `sheetName` changes, except through the add-in's
   * own writes. Resolves once Excel has registered the handler, with a function that removes it.
   * Excel does not keep handlers with the file: call again on every load. Rejects where the
   * host cannot watch (before ExcelApi 1.7) or the sheet is gone.
   */
  watchSource(sheetName: string, onChange: (change: SourceChange) => void): Promise<() => Promise<void>>;
  /**
   * The pilot lines the generated budget sheet is built from, as its references point now;
   * `null` when there is no generated budget sheet (or it cannot be read).
   */
  readBudgetLines(): Promise<BudgetLine[] | null>;
}
