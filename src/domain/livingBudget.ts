/**
 * The living budget: deciding, from what the workbook holds now, whether the pilot has cost lines
 * the generated budget does not cover (or the budget has lines the pilot lost). Pure.
 *
 * The budget's amount cells are live references to the pilot's cells, and Excel moves them when
 * rows are inserted or deleted. So the lines "the budget was generated from" are read back from
 * the budget sheet as they are now (`BudgetLine.live`), not remembered: a row inserted above the
 * list moves both the pilot's cells and the budget's references, and nothing is reported; a
 * deleted line leaves `#REF!` and is reported as removed. Edits of existing amounts change no
 * address and are never reported: the formulas already follow them.
 */
import { formatAddress, formatRange, MAX_COLUMN_COUNT, MAX_ROW_COUNT, normalizeAddress, parseAddress, parseRange, splitSheetRef } from "./a1";
import type { LineItem } from "./lineItems";
import { isEmptyCell, type SourceGrid } from "./source";

/** One pilot line of the generated budget sheet. */
export interface BudgetLine {
  /** The pilot's amount cell when the budget was generated, e.g. `D7` (the "Source cell" column). */
  recorded: string;
  /**
   * The cell the budget's amount formula references now (Excel moves it with inserted and deleted
   * rows); `null` when it was deleted (`#REF!`); absent when the amount is a constant (parsed from
   * the pilot's text, not a reference).
   */
  live?: string | null;
}

/** `Excel.DataChangeType` as reported with a change of the pilot's sheet. */
export type SheetChangeType =
  | "RangeEdited"
  | "RowInserted"
  | "RowDeleted"
  | "ColumnInserted"
  | "ColumnDeleted"
  | "CellInserted"
  | "CellDeleted"
  | "Unknown";

export interface SheetChange {
  /** The changed cells, usually without sheet (`B20:D20`, `21:23` for whole rows). */
  address: string;
  changeType: SheetChangeType | string;
}

/** Reads a budget amount formula: `='Q3 Pilot''s costs'!$D$7` -> `D7`, `=#REF!` -> `null`, a constant -> `undefined`. */
export function liveReferenceOf(formula: unknown): string | null | undefined {
  if (typeof formula !== "string" || !formula.startsWith("=")) return undefined;
  if (/#REF!/i.test(formula)) return null;
  const parts = splitSheetRef(formula.slice(1));
  const address = parts ? normalizeAddress(parts.address) : null;
  return address ?? undefined;
}

/**
 * Where each budget line's amount cell may be now: one address for a line with a reference,
 * none for a deleted one. A constant line (an amount parsed from text) has no reference to
 * follow: it moved as the nearest line above it moved, or as the nearest below (they differ when
 * rows were inserted or deleted right there), so both places are candidates.
 */
export function currentBudgetAddresses(lines: readonly BudgetLine[]): string[][] {
  const offsets: ({ rows: number; columns: number } | undefined)[] = lines.map((line) => {
    if (!line.live) return undefined;
    const from = parseAddress(line.recorded);
    const to = parseAddress(line.live);
    return from && to ? { rows: to.rowIndex - from.rowIndex, columns: to.columnIndex - from.columnIndex } : undefined;
  });
  return lines.map((line, i) => {
    if (line.live === null) return [];
    if (line.live !== undefined) {
      const address = normalizeAddress(line.live);
      return address ? [address] : [];
    }
    const at = parseAddress(line.recorded);
    if (!at) return [];
    let above: { rows: number; columns: number } | undefined;
    let below: { rows: number; columns: number } | undefined;
    for (let j = i - 1; j >= 0 && !above; j--) above = offsets[j];
    for (let j = i + 1; j < lines.length && !below; j++) below = offsets[j];
    const moves = [above, below].filter((o): o is { rows: number; columns: number } => o !== undefined);
    const candidates: string[] = [];
    for (const offset of moves.length > 0 ? moves : [{ rows: 0, columns: 0 }]) {
      const row = at.rowIndex + offset.rows;
      const column = at.columnIndex + offset.columns;
      if (row < 0 || column < 0 || row >= MAX_ROW_COUNT || column >= MAX_COLUMN_COUNT) continue;
      const address = formatAddress({ rowIndex: row, columnIndex: column });
      if (!candidates.includes(address)) candidates.push(address);
    }
    return candidates;
  });
}

export interface LineComparison {
  /** True when the pilot has lines the budget lacks, or the budget has lines the pilot lost. */
  changed: boolean;
  /** Lines in the budget sheet. */
  budgetCount: number;
  /** Cost lines in the pilot now. */
  pilotCount: number;
  /** Amount cells of pilot lines the budget does not have, in pilot order. */
  added: string[];
  /** Budget lines whose pilot cell was deleted or is no longer a cost line. */
  removed: number;
}

/** Compares the budget's lines with the pilot's cost lines now, by amount cell. */
export function compareLineItems(
  budget: readonly BudgetLine[],
  current: readonly Pick<LineItem, "amountAddress">[],
): LineComparison {
  const candidates = currentBudgetAddresses(budget);
  const inPilot = new Set(current.map((i) => normalizeAddress(i.amountAddress) ?? i.amountAddress));
  const matched = new Set<string>();
  let removed = 0;
  // Lines with a reference first: a constant line must not take the cell of a line that has one.
  const order = budget.map((line, i) => ({ i, constant: line.live === undefined })).sort((a, b) => Number(a.constant) - Number(b.constant));
  for (const { i } of order) {
    const hit = (candidates[i] ?? []).find((a) => inPilot.has(a) && !matched.has(a));
    if (hit) matched.add(hit);
    else removed++;
  }
  const added = [...inPilot].filter((a) => !matched.has(a));
  return { changed: added.length > 0 || removed > 0, budgetCount: budget.length, pilotCount: current.length, added, removed };
}

/** The cells to read again to see the pilot's list now (0-based rows and columns). */
export interface RecheckRegion {
  /** e.g. `B4:D1048576`: the list's columns from its first row to the bottom of the sheet. */
  address: string;
  top: number;
  left: number;
  right: number;
  /** The last row known to belong to the list (the source's last row or the last budget line, as moved since). */
  knownBottom: number;
}

/**
 * The list's columns from its first row down: rows typed below the list are read too. The source
 * range recorded at generation does not move with inserted rows, so it is moved by as much as
 * the first budget line's reference moved.
 */
export function recheckRegion(sourceAddress: string, lines: readonly BudgetLine[]): RecheckRegion {
  const source = parseRange(sourceAddress);
  let rows = 0;
  let columns = 0;
  let lastLive = -1;
  let anchored = false;
  for (const line of lines) {
    const to = line.live ? parseAddress(line.live) : null;
    if (!to) continue;
    lastLive = Math.max(lastLive, to.rowIndex);
    const from = parseAddress(line.recorded);
    if (!anchored && from) {
      rows = to.rowIndex - from.rowIndex;
      columns = to.columnIndex - from.columnIndex;
      anchored = true;
    }
  }
  const clampRow = (r: number) => Math.min(MAX_ROW_COUNT - 1, Math.max(0, r));
  const clampColumn = (c: number) => Math.min(MAX_COLUMN_COUNT - 1, Math.max(0, c));
  const top = source ? clampRow(source.start.rowIndex + rows) : 0;
  const left = source ? clampColumn(source.start.columnIndex + columns) : 0;
  const right = source ? clampColumn(source.end.columnIndex + columns) : MAX_COLUMN_COUNT - 1;
  const knownBottom = Math.max(source ? clampRow(source.end.rowIndex + rows) : top, lastLive);
  const address = formatRange({ start: { rowIndex: top, columnIndex: left }, end: { rowIndex: MAX_ROW_COUNT - 1, columnIndex: right } });
  return { address, top, left, right, knownBottom };
}

/**
 * The grid read from a `RecheckRegion`, cut where the list ends: every row down to the known
 * bottom, then the rows that continue it without a gap. A block further down after an empty row
 * (notes, another table) is not part of the list.
 */
export function cutToList(grid: SourceGrid, knownBottom: number): SourceGrid {
  const origin = parseAddress(grid.topLeft);
  if (!origin) return grid;
  let end = 0;
  for (let r = 0; r < grid.values.length; r++) {
    const row = grid.values[r] ?? [];
    if (origin.rowIndex + r > knownBottom && row.every(isEmptyCell)) break;
    end = r + 1;
  }
  if (end === grid.values.length) return grid;
  return { ...grid, values: grid.values.slice(0, end), numberFormats: grid.numberFormats.slice(0, end) };
}

/** Most cells a changed block may have to be checked cell by cell against the known amounts. */
const MAX_CELLS_CHECKED = 10_000;

/**
 * Whether a change of the pilot's sheet could add or remove cost lines, so the list is worth
 * reading again. Inserted or deleted rows, columns or cells, and changes Excel cannot classify:
 * yes. An edit of cells that are all amounts the budget already references: no (the formulas
 * follow it). An edit in the list's columns, from the row above the list down: yes. Elsewhere: no.
 */
export function changeMayAddOrRemoveLines(
  change: SheetChange,
  region: RecheckRegion | null,
  knownAmounts: ReadonlySet<string> = new Set(),
): boolean {
  if (change.changeType !== "RangeEdited") return true;
  const parts = splitSheetRef(change.address);
  const range = parts ? parseRange(parts.address) : null;
  if (!range) return true;
  const { start, end } = range;
  const cells = (end.rowIndex - start.rowIndex + 1) * (end.columnIndex - start.columnIndex + 1);
  if (knownAmounts.size > 0 && cells <= MAX_CELLS_CHECKED) {
    let allKnown = true;
    for (let r = start.rowIndex; r <= end.rowIndex && allKnown; r++)
      for (let c = start.columnIndex; c <= end.columnIndex && allKnown; c++)
        allKnown = knownAmounts.has(formatAddress({ rowIndex: r, columnIndex: c }));
    if (allKnown) return false;
  }
  if (!region) return true;
  return end.rowIndex >= region.top - 1 && start.columnIndex <= region.right && end.columnIndex >= region.left;
}

/**
 * Choices keyed by amount cell (classification overrides), moved to where Excel moved the budget
 * lines' cells: a regeneration after rows were inserted or deleted keeps each line's choice, and
 * does not hand it to the line that moved into its old address. Choices for cells that are not a
 * budget line stay where they are; a deleted line's choice is dropped.
 */
export function followMovedLines<T>(choices: Readonly<Record<string, T>>, lines: readonly BudgetLine[]): Record<string, T> {
  const recorded = new Set(lines.filter((l) => l.live !== undefined).map((l) => normalizeAddress(l.recorded) ?? l.recorded));
  const out: Record<string, T> = {};
  for (const [address, value] of Object.entries(choices)) if (!recorded.has(normalizeAddress(address) ?? address)) out[address] = value;
  for (const line of lines) {
    if (!line.live) continue;
    const value = choices[line.recorded];
    if (value !== undefined) out[normalizeAddress(line.live) ?? line.live] = value;
  }
  return out;
}
