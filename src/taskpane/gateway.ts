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
  | { kind: "auto" };

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

export interface WorkbookGateway {
  readSource(request: SourceRequest): Promise<SourceReadResult>;
  listNamedSources(): Promise<NamedSource[]>;
  readSavedState(): Promise<SavedStateRaw | null>;
  /** Atomic: on failure the workbook is left exactly as it was, and the promise rejects. */
  generate(plan: WorkbookPlan, onProgress?: (progress: GenerateProgress) => void): Promise<GenerateResult>;
  /** Select a cell (e.g. a skipped cell) so the user sees it. */
  selectCell(sheetName: string, address: string): Promise<void>;
  activateSheet(sheetName: string): Promise<void>;
}
