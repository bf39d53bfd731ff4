/**
 * How a `WorkbookPlan` is cut into Office.js batches: the cell arrays each sheet gets, the style
 * rectangles, and row blocks packed so that no batch's estimated request exceeds the budget.
 * Pure: no Office.js. `renderPlan` queues exactly what this describes.
 */
import { columnIndexToLetters } from "../domain/a1";
import { TEXT_FORMAT } from "../domain/sheetBuilder";
import { STYLE_SPECS, type StyleKey } from "../domain/styles";
import type { PlanCell, PlanSheet, WorkbookPlan } from "../domain/workbookPlan";
import { retargetSheetReferences } from "./formulaRefs";
import { actionBytes, jsonBytes, objectPathBytes } from "./requestSize";
import { styleRequestBytes } from "./styles";

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
      // Text cells get `@`, written before the text, so Excel keeps `=…` labels as text.
      // Empty text is an empty cell (what a file holds too): nothing to write.
      return cell.text === "" ? [null, null] : [cell.text, TEXT_FORMAT];
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
      // Styles with nothing to set (Excel's defaults) cost a request and change nothing.
      if (!style || Object.keys(STYLE_SPECS[style]).length === 0) {
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
  return `${columnIndexToLetters(c0)}${r0 + 1}:${columnIndexToLetters(c1)}${r1 + 1}`;
}

function rectBytes(rect: StyleRect): number {
  return styleRequestBytes(STYLE_SPECS[rect.style], blockAddress(rect.r0, rect.r1, rect.c0, rect.c1));
}

/** Fixed cost of a chunk: its range and the two assignments' envelopes. */
const CHUNK_OVERHEAD_BYTES = objectPathBytes("A1048576:XFD1048576") + actionBytes(null) * 2;

function clipRects(rects: readonly StyleRect[], r0: number, r1: number): StyleRect[] {
  return rects.filter((rect) => rect.r0 <= r1 && rect.r1 >= r0).map((rect) => ({ ...rect, r0: Math.max(rect.r0, r0), r1: Math.min(rect.r1, r1) }));
}

/** Bytes of a chunk of rows r0..r1: its range, the two assignments, its rows and its (clipped) style rectangles. */
export function chunkBytes(sheet: PreparedSheet, r0: number, r1: number): number {
  let bytes = CHUNK_OVERHEAD_BYTES;
  for (let r = r0; r <= r1; r++) bytes += sheet.rowBytes[r] ?? 0;
  for (const rect of clipRects(sheet.styleRects, r0, r1)) bytes += rectBytes(rect);
  return bytes;
}

function makeChunk(sheet: PreparedSheet, r0: number, r1: number): WriteChunk {
  return { sheetIndex: sheet.index, r0, r1, styleRects: clipRects(sheet.styleRects, r0, r1), bytes: chunkBytes(sheet, r0, r1) };
}

/**
 * Halves a batch that Excel refused as too large anyway (the estimate is only an estimate): two
 * batches with half the chunks each, or the one chunk's rows cut in two. `null` when it cannot be
 * cut further. The first half keeps the setup, the second the charts.
 */
export function splitBatch(batch: WriteBatch, sheets: readonly PreparedSheet[]): [WriteBatch, WriteBatch] | null {
  let left: WriteChunk[];
  let right: WriteChunk[];
  if (batch.chunks.length >= 2) {
    const middle = Math.ceil(batch.chunks.length / 2);
    left = batch.chunks.slice(0, middle);
    right = batch.chunks.slice(middle);
  } else {
    const chunk = batch.chunks[0];
    const sheet = chunk ? sheets[chunk.sheetIndex] : undefined;
    if (!chunk || !sheet || chunk.r1 <= chunk.r0) return null;
    const middle = Math.floor((chunk.r0 + chunk.r1) / 2);
    left = [makeChunk(sheet, chunk.r0, middle)];
    right = [makeChunk(sheet, middle + 1, chunk.r1)];
  }
  const sum = (chunks: WriteChunk[]) => chunks.reduce((n, c) => n + c.bytes, 0);
  return [
    { setup: batch.setup, charts: false, chunks: left, bytes: sum(left) },
    { setup: false, charts: batch.charts, chunks: right, bytes: sum(right) },
  ];
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
 * Lays out the whole write: every sheet prepared, then its rows streamed into batches of at most
 * `budget` estimated bytes, a batch ending where its budget does (a sheet's rows may continue in
 * the next batch, several small sheets share one). A plan that fits goes out in a single batch.
 */
export function layoutWrite(plan: WorkbookPlan, tempNames: readonly string[], budget: number): WriteLayout {
  const renames = new Map<string, string>();
  plan.sheets.forEach((sheet, i) => renames.set(sheet.name.toLowerCase(), tempNames[i] ?? sheet.name));
  const sheets = plan.sheets.map((sheet, i) => prepareSheet(sheet, i, tempNames[i] ?? sheet.name, renames));
  const batches: WriteBatch[] = [];
  let current: WriteBatch = { setup: true, charts: false, chunks: [], bytes: setupBytes(plan) };
  const nextBatch = () => {
    batches.push(current);
    current = { setup: false, charts: false, chunks: [], bytes: 0 };
  };
  for (const sheet of sheets) {
    const startsAt = new Map<number, StyleRect[]>();
    for (const rect of sheet.styleRects) {
      const list = startsAt.get(rect.r0);
      if (list) list.push(rect);
      else startsAt.set(rect.r0, [rect]);
    }
    const rowCost = (row: number) => (sheet.rowBytes[row] ?? 0) + (startsAt.get(row) ?? []).reduce((n, rect) => n + rectBytes(rect), 0);
    const rowCount = sheet.inputs.length;
    let r0 = 0;
    while (r0 < rowCount) {
      // Rectangles already open where the chunk starts are cut and written again in this chunk.
      let bytes = CHUNK_OVERHEAD_BYTES;
      for (const rect of sheet.styleRects) if (rect.r0 < r0 && rect.r1 >= r0) bytes += rectBytes(rect);
      if (current.chunks.length > 0 && current.bytes + bytes + rowCost(r0) > budget) nextBatch();
      let r1 = r0 - 1;
      while (r1 + 1 < rowCount) {
        const cost = rowCost(r1 + 1);
        if (r1 >= r0 && current.bytes + bytes + cost > budget) break;
        bytes += cost;
        r1++;
      }
      current.chunks.push({ sheetIndex: sheet.index, r0, r1, styleRects: clipRects(sheet.styleRects, r0, r1), bytes });
      current.bytes += bytes;
      r0 = r1 + 1;
      if (r0 < rowCount) nextBatch();
    }
  }
  const charts = chartBytes(plan);
  if (current.chunks.length > 0 && current.bytes + charts > budget) nextBatch();
  current.charts = true;
  current.bytes += charts;
  batches.push(current);
  return { sheets, batches };
}
