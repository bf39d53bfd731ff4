/**
 * How a `WorkbookPlan` is cut into Office.js batches: the cell arrays each sheet gets, the style
 * rectangles, and row blocks packed so that no batch's estimated request exceeds the budget.
 * Pure: no Office.js. `renderPlan` queues exactly what this describes.
 */
import { STYLE_SPECS, type StyleKey } from "../domain/styles";
import type { PlanCell, PlanSheet, WorkbookPlan } from "../domain/workbookPlan";
import { retargetSheetReferences } from "./formulaRefs";
import { actionBytes, jsonBytes, objectPathBytes } from "./requestSize";
import { styleRequestBytes } from "./styles";

/** Text cells get this number format, written before the text, so Excel keeps `=…` labels as text. */
export const TEXT_FORMAT = "@";

export type CellInput = string | number | null;

/** A rectangle of cells sharing a style, 0-based rows and columns, inclusive. */
export interface StyleRect {
  style: StyleKey;
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export interface PreparedSheet {
  index: number;
  plan: PlanSheet;
  /** Name the sheet is written under until the commit renames it. */
  tempName: string;
  /** Number of columns written (the widest row). */
  width: number;
  /** What `range.formulas` gets, per row: numbers, text, formulas (retargeted to temporary names), `null` for empty. */
  inputs: CellInput[][];
  /** What `range.numberFormat` gets, per row: `@` for text, the plan's format, `null` for Excel's default. */
  numberFormats: (string | null)[][];
  /** Estimated request bytes of each row's inputs and formats. */
  rowBytes: number[];
  styleRects: StyleRect[];
}

/** Rows `r0..r1` (inclusive) of one sheet, written with one `numberFormat` and one `formulas` assignment. */
export interface WriteChunk {
  sheetIndex: number;
  r0: number;
  r1: number;
  /** Style rectangles clipped to the chunk's rows. */
  styleRects: StyleRect[];
  bytes: number;
}

export interface WriteBatch {
  /** Adds the temporary sheets and sets sheet-level properties (first batch only). */
  setup: boolean;
  /** Adds the charts (last batch only). */
  charts: boolean;
  chunks: WriteChunk[];
  /** Estimated request bytes. */
  bytes: number;
}

export interface WriteLayout {
  sheets: PreparedSheet[];
  batches: WriteBatch[];
}

function cellInput(cell: PlanCell | null | undefined, renames: ReadonlyMap<string, string>): [CellInput, string | null] {
  if (!cell) return [null, null];
  switch (cell.kind) {
    case "text":
      return [cell.text, TEXT_FORMAT];
    case "number":
      return [cell.value, cell.numberFormat ?? null];
    case "formula":
      return [retargetSheetReferences(cell.formula, renames), cell.numberFormat && cell.numberFormat !== TEXT_FORMAT ? cell.numberFormat : null];
  }
}

/** Merges each row's runs of equally styled cells into rectangles spanning consecutive rows. */
export function styleRectangles(rows: PlanSheet["rows"]): StyleRect[] {
  const closed: StyleRect[] = [];
  let open = new Map<string, StyleRect>();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const next = new Map<string, StyleRect>();
    let c = 0;
    while (c < row.length) {
      const style = row[c]?.style;
      if (!style) {
        c++;
        continue;
      }
      let end = c;
      while (end + 1 < row.length && row[end + 1]?.style === style) end++;
      const key = `${c}:${end}:${style}`;
      const previous = open.get(key);
      if (previous && previous.r1 === r - 1) {
        previous.r1 = r;
        next.set(key, previous);
        open.delete(key);
      } else next.set(key, { style, r0: r, r1: r, c0: c, c1: end });
      c = end + 1;
    }
    for (const rect of open.values()) closed.push(rect);
    open = next;
  }
  for (const rect of open.values()) closed.push(rect);
  return closed.sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
}

export function prepareSheet(plan: PlanSheet, index: number, tempName: string, renames: ReadonlyMap<string, string>): PreparedSheet {
  const width = plan.rows.reduce((max, row) => Math.max(max, (row ?? []).length), 1);
  const inputs: CellInput[][] = [];
  const numberFormats: (string | null)[][] = [];
  const rowBytes: number[] = [];
  for (let r = 0; r < plan.rows.length; r++) {
    const row = plan.rows[r] ?? [];
    const input: CellInput[] = new Array<CellInput>(width).fill(null);
    const format: (string | null)[] = new Array<string | null>(width).fill(null);
    for (let c = 0; c < row.length; c++) {
      const [value, numberFormat] = cellInput(row[c], renames);
      input[c] = value;
      format[c] = numberFormat;
    }
    inputs.push(input);
    numberFormats.push(format);
    rowBytes.push(jsonBytes(input) + jsonBytes(format) + 2);
  }
  return { index, plan, tempName, width, inputs, numberFormats, rowBytes, styleRects: styleRectangles(plan.rows) };
}

/** The A1 address of rows r0..r1 (0-based) and columns c0..c1. */
export function blockAddress(r0: number, r1: number, c0: number, c1: number): string {
  const col = (index: number) => {
    let n = index + 1;
    let s = "";
    while (n > 0) {
      const rem = (n - 1) % 26;
      s = String.fromCharCode(65 + rem) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  };
  return `${col(c0)}${r0 + 1}:${col(c1)}${r1 + 1}`;
}

function rectBytes(rect: StyleRect): number {
  return styleRequestBytes(STYLE_SPECS[rect.style], blockAddress(rect.r0, rect.r1, rect.c0, rect.c1));
}

/** Fixed cost of a chunk: its range and the two assignments' envelopes. */
const CHUNK_OVERHEAD_BYTES = objectPathBytes("A1048576:XFD1048576") + actionBytes(null) * 2;

/** Splits one sheet's rows into chunks whose estimated size stays within `budget`. */
export function chunkSheet(sheet: PreparedSheet, budget: number): WriteChunk[] {
  const startsAt = new Map<number, StyleRect[]>();
  for (const rect of sheet.styleRects) {
    const list = startsAt.get(rect.r0);
    if (list) list.push(rect);
    else startsAt.set(rect.r0, [rect]);
  }
  const chunks: WriteChunk[] = [];
  const rowCount = sheet.inputs.length;
  let r0 = 0;
  while (r0 < rowCount) {
    // Rectangles already open when the chunk starts are cut and written again in this chunk.
    let bytes = CHUNK_OVERHEAD_BYTES;
    for (const rect of sheet.styleRects) if (rect.r0 < r0 && rect.r1 >= r0) bytes += rectBytes(rect);
    let r1 = r0 - 1;
    while (r1 + 1 < rowCount) {
      const row = r1 + 1;
      let rowCost = sheet.rowBytes[row] ?? 0;
      for (const rect of startsAt.get(row) ?? []) rowCost += rectBytes(rect);
      if (r1 >= r0 && bytes + rowCost > budget) break;
      bytes += rowCost;
      r1 = row;
    }
    const styleRects = sheet.styleRects
      .filter((rect) => rect.r0 <= r1 && rect.r1 >= r0)
      .map((rect) => ({ ...rect, r0: Math.max(rect.r0, r0), r1: Math.min(rect.r1, r1) }));
    chunks.push({ sheetIndex: sheet.index, r0, r1, styleRects, bytes });
    r0 = r1 + 1;
  }
  return chunks;
}

/** Estimated bytes of adding the temporary sheets and their sheet-level properties. */
export function setupBytes(plan: WorkbookPlan): number {
  let bytes = 0;
  for (const sheet of plan.sheets) {
    bytes += objectPathBytes(sheet.name) * 2 + actionBytes(sheet.name) * 2; // add + load id
    bytes += sheet.columnWidths.length * (objectPathBytes("AA:AA") * 2 + actionBytes(100));
    bytes += 4 * (objectPathBytes(null) + actionBytes("A1:Z100")); // tab color, freeze, print setup
    bytes += 4 * actionBytes(sheet.print?.printArea ?? "");
  }
  return bytes + actionBytes(null) * 4; // calculation suspension, events, state read
}

/** Estimated bytes of adding the charts. */
export function chartBytes(plan: WorkbookPlan): number {
  let bytes = 0;
  for (const chart of plan.charts) {
    bytes += objectPathBytes(chart.categoriesAddress) * 3 + actionBytes(chart.title) * 3;
    bytes += chart.series.length * (objectPathBytes(chart.categoriesAddress) * 3 + actionBytes(chart.title) * 3);
  }
  return bytes;
}

/**
 * Lays out the whole write: every sheet prepared, its rows chunked, the chunks packed into batches
 * under `budget` bytes. A plan that fits goes out in a single batch.
 */
export function layoutWrite(plan: WorkbookPlan, tempNames: readonly string[], budget: number): WriteLayout {
  const renames = new Map<string, string>();
  plan.sheets.forEach((sheet, i) => renames.set(sheet.name.toLowerCase(), tempNames[i] ?? sheet.name));
  const sheets = plan.sheets.map((sheet, i) => prepareSheet(sheet, i, tempNames[i] ?? sheet.name, renames));
  const setup = setupBytes(plan);
  const charts = chartBytes(plan);
  const chunkBudget = Math.max(budget - setup - charts, Math.floor(budget / 4));
  const chunks = sheets.flatMap((sheet) => chunkSheet(sheet, chunkBudget));

  const batches: WriteBatch[] = [];
  let current: WriteBatch = { setup: true, charts: false, chunks: [], bytes: setup };
  for (const chunk of chunks) {
    if (current.chunks.length > 0 && current.bytes + chunk.bytes > budget) {
      batches.push(current);
      current = { setup: false, charts: false, chunks: [], bytes: 0 };
    }
    current.chunks.push(chunk);
    current.bytes += chunk.bytes;
  }
  if (current.bytes + charts > budget && current.chunks.length > 0) {
    batches.push(current);
    current = { setup: false, charts: false, chunks: [], bytes: 0 };
  }
  current.charts = true;
  current.bytes += charts;
  batches.push(current);
  return { sheets, batches };
}
