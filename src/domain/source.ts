/**
 * What the I/O layer hands to the domain: plain cell values read from a sheet.
 * Office.js (`src/excel`) and the .xlsx package reader (`src/xlsx`) both produce a `SourceGrid`.
 */

/** An Excel error value such as `#N/A` or `#REF!`. */
export interface ErrorCell {
  error: string;
}

/** One cell's value as read from the workbook. `null` is an empty cell. */
export type SourceCell = number | string | boolean | null | ErrorCell;

export interface SourceGrid {
  /** Name of the worksheet the cells come from, unquoted (e.g. `Q3 Pilot's costs`). */
  sheetName: string;
  /** A1 address of `values[0][0]` without sheet and without `$` (e.g. `B3`). */
  topLeft: string;
  /** Row-major cell values. Rows may be ragged; missing cells are empty. */
  values: SourceCell[][];
  /** Number formats, same shape as `values` (may be empty when unknown). */
  numberFormats: string[][];
}

export function isErrorCell(value: SourceCell): value is ErrorCell {
  return typeof value === "object" && value !== null && "error" in value;
}

/** An empty cell, or one whose text is only whitespace (missing cells of a ragged row count too). */
export function isEmptyCell(cell: SourceCell | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === "string") return cell.trim() === "";
  return false;
}
