/**
 * The simulated workbook's state: plain data the proxies read and mutate at `context.sync()`,
 * plus helpers to build a workbook from cell arrays and to read it back in tests. Browser-safe.
 */
import {
  columnName,
  formatRect,
  parseRect,
  quoteSheet,
  SHEET_COLUMNS,
  SHEET_ROWS,
  splitQualified,
  type Rect,
} from "./address";
import { deleteSheetInFormula, findSheetQualifiers, renameSheetInFormula, shiftRowsInFormula } from "./formulaText";

export interface ErrorValue {
  error: string;
}

export type CellScalar = number | string | boolean;
export type CellValue = CellScalar | ErrorValue;

export type BorderEdge = "EdgeTop" | "EdgeBottom" | "EdgeLeft" | "EdgeRight";

export interface BorderState {
  style: string;
  color: string;
  weight: string;
}

/** Formatting of one cell, as set through `range.format`. Absent keys are Excel's defaults. */
export interface CellFormat {
  bold?: boolean;
  italic?: boolean;
  fontColor?: string;
  fontSize?: number;
  fontName?: string;
  fillColor?: string;
  wrapText?: boolean;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  borders?: Partial<Record<BorderEdge, BorderState>>;
}

export interface SimCell {
  /** The constant, or a formula's cached result (absent when never calculated). */
  value?: CellValue;
  /** With leading `=`. */
  formula?: string;
  /** `General` when absent. */
  numberFormat?: string;
  format?: CellFormat;
}

export interface SimChartSeries {
  name: string;
  /** A formula-like reference, e.g. `='Production Budget'!$D$12:$D$19`. Follows sheet renames. */
  values: string;
  categories?: string;
}

export interface SimChart {
  id: string;
  name: string;
  chartType: string;
  title: string;
  topLeft?: string;
  bottomRight?: string;
  series: SimChartSeries[];
}

export interface SimPageLayout {
  orientation: "Portrait" | "Landscape";
  printArea?: string;
  printTitleRows?: string;
  zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
}

export interface SimSheet {
  id: string;
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  /** `#RRGGBB`, empty for automatic. */
  tabColor: string;
  /** Key: `row * SHEET_COLUMNS + column`. */
  cells: Map<number, SimCell>;
  /** Column widths in points, by 0-based column index. */
  columnWidths: Map<number, number>;
  freeze?: { rows: number; columns: number };
  pageLayout: SimPageLayout;
  charts: SimChart[];
  showGridlines: boolean;
}

export interface SimTable {
  id: string;
  name: string;
  sheetId: string;
  rect: Rect;
  showHeaders: boolean;
}

export interface SimName {
  name: string;
  /** With leading `=`. */
  formula: string;
  comment: string;
  visible: boolean;
}

export interface SimWorkbook {
  sheets: SimSheet[];
  names: SimName[];
  tables: SimTable[];
  activeSheetId: string;
  /** The selection on the active sheet: one address or several separated by commas. */
  selection: { sheetId: string; address: string };
  /** Counter for ids; not part of a snapshot. */
  nextId: number;
}

/** Excel's standard column width (8.43 characters of Calibri 11) in points. */
export const STANDARD_COLUMN_WIDTH_POINTS = 48;

export function cellKey(row: number, column: number): number {
  return row * SHEET_COLUMNS + column;
}

export function keyToPosition(key: number): { row: number; column: number } {
  return { row: Math.floor(key / SHEET_COLUMNS), column: key % SHEET_COLUMNS };
}

export function isErrorValue(value: unknown): value is ErrorValue {
  return typeof value === "object" && value !== null && "error" in value;
}

export function newId(workbook: SimWorkbook, prefix: string): string {
  workbook.nextId++;
  return `{${prefix}-${String(workbook.nextId).padStart(8, "0")}}`;
}

export function findSheet(workbook: SimWorkbook, name: string): SimSheet | undefined {
  const lower = name.toLowerCase();
  return workbook.sheets.find((s) => s.name.toLowerCase() === lower);
}

export function findName(workbook: SimWorkbook, name: string): SimName | undefined {
  const lower = name.toLowerCase();
  return workbook.names.find((n) => n.name.toLowerCase() === lower);
}

export function emptySheet(workbook: SimWorkbook, name: string): SimSheet {
  return {
    id: newId(workbook, "SHEET"),
    name,
    visibility: "Visible",
    tabColor: "",
    cells: new Map(),
    columnWidths: new Map(),
    pageLayout: { orientation: "Portrait" },
    charts: [],
    showGridlines: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Building a workbook from cell arrays

/**
 * A cell in a builder row: a constant, `null` for empty, an error, a formula (with an optional
 * cached value the simulator returns when reading `values`), or text forced to stay text (`@`).
 */
export type CellSpec =
  | CellScalar
  | null
  | ErrorValue
  | { formula: string; value?: CellValue; numberFormat?: string }
  | { text: string }
  | { value: CellScalar; numberFormat: string };

export interface SheetSpec {
  name: string;
  /** Row-major cells starting at `topLeft` (default `A1`). */
  rows?: readonly (readonly CellSpec[])[];
  topLeft?: string;
  visibility?: SimSheet["visibility"];
  tabColor?: string;
}

export interface WorkbookSpec {
  sheets: readonly SheetSpec[];
  /** Workbook-scoped names: `{ name: "Costs", formula: "=Pilot!$A$1:$B$9" }` (or a bare reference). */
  names?: readonly { name: string; formula: string; comment?: string }[];
  tables?: readonly { name: string; sheet: string; address: string; showHeaders?: boolean }[];
  /** Default: the first sheet. */
  activeSheet?: string;
  /** On the active sheet; several areas separated by commas. Default `A1`. */
  selection?: string;
}

export function createWorkbook(spec: WorkbookSpec): SimWorkbook {
  const workbook: SimWorkbook = {
    sheets: [],
    names: [],
    tables: [],
    activeSheetId: "",
    selection: { sheetId: "", address: "A1" },
    nextId: 0,
  };
  for (const s of spec.sheets) {
    const sheet = emptySheet(workbook, s.name);
    sheet.visibility = s.visibility ?? "Visible";
    sheet.tabColor = s.tabColor ?? "";
    workbook.sheets.push(sheet);
    const origin = parseRect(s.topLeft ?? "A1");
    if (!origin) throw new Error(`Bad topLeft ${s.topLeft}`);
    (s.rows ?? []).forEach((row, r) =>
      row.forEach((cell, c) => {
        const built = buildCell(cell);
        if (built) sheet.cells.set(cellKey(origin.r0 + r, origin.c0 + c), built);
      }),
    );
  }
  for (const n of spec.names ?? []) {
    workbook.names.push({
      name: n.name,
      formula: n.formula.startsWith("=") ? n.formula : `=${n.formula}`,
      comment: n.comment ?? "",
      visible: true,
    });
  }
  for (const t of spec.tables ?? []) {
    const sheet = findSheet(workbook, t.sheet);
    const rect = parseRect(t.address);
    if (!sheet || !rect) throw new Error(`Bad table ${t.name}`);
    workbook.tables.push({ id: newId(workbook, "TABLE"), name: t.name, sheetId: sheet.id, rect, showHeaders: t.showHeaders ?? true });
  }
  const active = spec.activeSheet ? findSheet(workbook, spec.activeSheet) : workbook.sheets[0];
  if (!active) throw new Error("A workbook needs a sheet");
  workbook.activeSheetId = active.id;
  workbook.selection = { sheetId: active.id, address: spec.selection ?? "A1" };
  return workbook;
}

function buildCell(spec: CellSpec): SimCell | null {
  if (spec === null) return null;
  if (typeof spec !== "object") return { value: spec };
  if ("error" in spec) return { value: { error: spec.error } };
  if ("formula" in spec) {
    const cell: SimCell = { formula: spec.formula.startsWith("=") ? spec.formula : `=${spec.formula}` };
    if (spec.value !== undefined) cell.value = spec.value;
    if (spec.numberFormat) cell.numberFormat = spec.numberFormat;
    return cell;
  }
  if ("text" in spec) return { value: spec.text, numberFormat: "@" };
  return { value: spec.value, numberFormat: spec.numberFormat };
}

// ---------------------------------------------------------------------------------------------
// Cell semantics

/** True when the cell holds nothing a `valuesOnly` used range would count. */
function hasContent(cell: SimCell): boolean {
  return cell.formula !== undefined || (cell.value !== undefined && cell.value !== "");
}

function hasFormatting(cell: SimCell): boolean {
  return (cell.numberFormat !== undefined && cell.numberFormat !== "General") || (cell.format !== undefined && Object.keys(cell.format).length > 0);
}

/** The smallest rectangle holding every used cell, or `null` for a blank sheet. */
export function usedRect(sheet: SimSheet, valuesOnly: boolean): Rect | null {
  let rect: Rect | null = null;
  for (const [key, cell] of sheet.cells) {
    if (!(hasContent(cell) || (!valuesOnly && hasFormatting(cell)))) continue;
    const { row, column } = keyToPosition(key);
    if (!rect) rect = { r0: row, c0: column, r1: row, c1: column };
    else {
      rect.r0 = Math.min(rect.r0, row);
      rect.c0 = Math.min(rect.c0, column);
      rect.r1 = Math.max(rect.r1, row);
      rect.c1 = Math.max(rect.c1, column);
    }
  }
  return rect;
}

export function cellAt(sheet: SimSheet, row: number, column: number): SimCell | undefined {
  return sheet.cells.get(cellKey(row, column));
}

export function ensureCell(sheet: SimSheet, row: number, column: number): SimCell {
  const key = cellKey(row, column);
  let cell = sheet.cells.get(key);
  if (!cell) {
    cell = {};
    sheet.cells.set(key, cell);
  }
  return cell;
}

export function pruneCell(sheet: SimSheet, row: number, column: number): void {
  const key = cellKey(row, column);
  const cell = sheet.cells.get(key);
  if (cell && !hasContent(cell) && !hasFormatting(cell) && cell.value === undefined) sheet.cells.delete(key);
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Writes what a user would type (Excel's rules for `range.values` and `range.formulas`): text
 * starting with `=` becomes a formula, and so does text starting with `+`, `-` or `@` that is not
 * a number, unless the cell is formatted as text (`@`), in which case everything stays text.
 * Numeric and boolean text in a non-text cell becomes a number or boolean.
 */
export function writeInput(sheet: SimSheet, row: number, column: number, input: unknown): void {
  if (input === null || input === undefined) return; // null leaves the cell unchanged
  const cell = ensureCell(sheet, row, column);
  delete cell.formula;
  delete cell.value;
  if (typeof input === "number" || typeof input === "boolean") {
    cell.value = input;
  } else if (typeof input === "string") {
    if (input === "") {
      // cleared
    } else if (cell.numberFormat === "@") {
      cell.value = input;
    } else if (input.startsWith("=") && input.length > 1) {
      cell.formula = input;
    } else if (NUMBER_TEXT.test(input.trim())) {
      cell.value = Number(input.trim());
    } else if (/^(true|false)$/i.test(input)) {
      cell.value = input.toLowerCase() === "true";
    } else if ((input.startsWith("+") || input.startsWith("-") || input.startsWith("@")) && input.length > 1) {
      cell.formula = input.startsWith("@") ? `=${input}` : `=${input}`;
    } else {
      cell.value = input;
    }
  } else {
    throw new TypeError(`Unsupported cell input ${JSON.stringify(input)}`);
  }
  pruneCell(sheet, row, column);
}

/** The value `range.values` returns for a cell: constants as stored, formulas as far as the simulator can evaluate. */
export function readValue(workbook: SimWorkbook, sheet: SimSheet, row: number, column: number, depth = 0): CellValue | "" {
  const cell = cellAt(sheet, row, column);
  if (!cell) return "";
  if (cell.formula === undefined) return cell.value ?? "";
  const evaluated = evaluateSimple(workbook, sheet, cell.formula, depth);
  if (evaluated !== undefined) return evaluated;
  return cell.value ?? "";
}

/**
 * Evaluates the formulas the add-in reads back: a reference (`=Assumptions!$B$5`, `=B5`), a
 * defined name, a number or a string literal. Anything else returns `undefined` (the simulator
 * does not calculate; the LibreOffice oracle does).
 */
function evaluateSimple(workbook: SimWorkbook, sheet: SimSheet, formula: string, depth: number): CellValue | "" | undefined {
  if (depth > 20) return { error: "#REF!" };
  const body = formula.slice(1).trim();
  if (/^#REF!/i.test(body)) return { error: "#REF!" };
  if (NUMBER_TEXT.test(body)) return Number(body);
  const str = /^"((?:[^"]|"")*)"$/.exec(body);
  if (str) return (str[1] ?? "").replace(/""/g, '"');
  const ref = resolveReference(workbook, sheet, body);
  if (ref === "error") return { error: "#REF!" };
  if (ref) {
    if (ref.rect.r0 !== ref.rect.r1 || ref.rect.c0 !== ref.rect.c1) return undefined;
    const v = readValue(workbook, ref.sheet, ref.rect.r0, ref.rect.c0, depth + 1);
    return v === "" ? 0 : v;
  }
  const name = findName(workbook, body);
  if (name) return evaluateSimple(workbook, sheet, name.formula, depth + 1);
  return undefined;
}

/** Resolves `Sheet!A1`, `'My sheet'!$A$1:$B$2` or `A1` against the workbook. */
export function resolveReference(
  workbook: SimWorkbook,
  sheet: SimSheet | undefined,
  text: string,
): { sheet: SimSheet; rect: Rect } | "error" | null {
  const parts = splitQualified(text);
  if (!parts) return null;
  const rect = parseRect(parts.address);
  if (!rect) return parts.sheetName !== undefined && /#REF!/i.test(parts.address) ? "error" : null;
  if (parts.sheetName === undefined) return sheet ? { sheet, rect } : null;
  if (/#REF!/i.test(parts.sheetName)) return "error";
  const target = findSheet(workbook, parts.sheetName);
  return target ? { sheet: target, rect } : "error";
}

export function valueType(value: CellValue | ""): Excel.RangeValueType {
  if (value === "") return "Empty" as Excel.RangeValueType;
  if (isErrorValue(value)) return "Error" as Excel.RangeValueType;
  if (typeof value === "number") return "Double" as Excel.RangeValueType;
  if (typeof value === "boolean") return "Boolean" as Excel.RangeValueType;
  return "String" as Excel.RangeValueType;
}

/** Range.values shape: errors come back as their text (`#N/A`). */
export function apiValue(value: CellValue | ""): CellScalar {
  return isErrorValue(value) ? value.error : value;
}

// ---------------------------------------------------------------------------------------------
// Sheet renames and deletions, everywhere Excel follows them

function rewriteEverywhere(workbook: SimWorkbook, rewrite: (formula: string) => string): void {
  for (const s of workbook.sheets) {
    for (const cell of s.cells.values()) if (cell.formula !== undefined) cell.formula = rewrite(cell.formula);
    for (const chart of s.charts)
      for (const series of chart.series) {
        series.values = rewrite(series.values);
        if (series.categories !== undefined) series.categories = rewrite(series.categories);
      }
  }
  for (const n of workbook.names) n.formula = rewrite(n.formula);
}

export function renameSheet(workbook: SimWorkbook, sheet: SimSheet, newName: string): void {
  const old = sheet.name;
  sheet.name = newName;
  if (old === newName) return;
  rewriteEverywhere(workbook, (f) => renameSheetInFormula(f, old, newName));
}

export function deleteSheet(workbook: SimWorkbook, sheet: SimSheet): void {
  const index = workbook.sheets.indexOf(sheet);
  workbook.sheets.splice(index, 1);
  workbook.tables = workbook.tables.filter((t) => t.sheetId !== sheet.id);
  rewriteEverywhere(workbook, (f) => deleteSheetInFormula(f, sheet.name));
  if (workbook.activeSheetId === sheet.id) {
    const visible = workbook.sheets.filter((s) => s.visibility === "Visible");
    const next = workbook.sheets.slice(index).find((s) => s.visibility === "Visible") ?? visible[visible.length - 1];
    if (next) {
      workbook.activeSheetId = next.id;
      workbook.selection = { sheetId: next.id, address: "A1" };
    }
  }
}

/**
 * Inserts (`count` > 0) or deletes (`count` < 0) whole rows at 0-based row `at` of `sheet`, as a
 * user does from the row headers: the cells below move, and every formula, name, chart series and
 * table that refers to the sheet follows them (a reference to deleted cells becomes `#REF!`).
 */
export function shiftSheetRows(workbook: SimWorkbook, sheet: SimSheet, at: number, count: number): void {
  if (count === 0) return;
  const moved = new Map<number, SimCell>();
  for (const [key, cell] of sheet.cells) {
    const { row, column } = keyToPosition(key);
    if (count < 0 && row >= at && row < at - count) continue;
    const target = row >= at ? row + count : row;
    if (target < SHEET_ROWS) moved.set(cellKey(target, column), cell);
  }
  sheet.cells = moved;
  const shift = { sheetName: sheet.name, at, count };
  for (const s of workbook.sheets) {
    for (const cell of s.cells.values()) if (cell.formula !== undefined) cell.formula = shiftRowsInFormula(cell.formula, s.name, shift);
    for (const chart of s.charts)
      for (const series of chart.series) {
        series.values = shiftRowsInFormula(series.values, undefined, shift);
        if (series.categories !== undefined) series.categories = shiftRowsInFormula(series.categories, undefined, shift);
      }
  }
  for (const n of workbook.names) n.formula = shiftRowsInFormula(n.formula, undefined, shift);
  workbook.tables = workbook.tables.filter((t) => {
    if (t.sheetId !== sheet.id) return true;
    const text = shiftRowsInFormula(formatRect(t.rect), sheet.name, shift);
    const rect = parseRect(text);
    if (!rect) return false;
    t.rect = rect;
    return true;
  });
}

/** A workbook name's type as Excel reports it. */
export function nameType(workbook: SimWorkbook, name: SimName): Excel.NamedItemType {
  const body = name.formula.slice(1);
  if (/#REF!/i.test(body)) return "Error" as Excel.NamedItemType;
  const ref = resolveReference(workbook, undefined, body);
  if (ref && ref !== "error") return "Range" as Excel.NamedItemType;
  if (NUMBER_TEXT.test(body)) return "Double" as Excel.NamedItemType;
  if (/^".*"$/.test(body)) return "String" as Excel.NamedItemType;
  if (/^(true|false)$/i.test(body)) return "Boolean" as Excel.NamedItemType;
  return "Error" as Excel.NamedItemType;
}

/** A workbook name's value: the address for a range, `#REF!` for a broken one. */
export function nameValue(workbook: SimWorkbook, name: SimName): string | number | boolean {
  const body = name.formula.slice(1);
  const ref = resolveReference(workbook, undefined, body);
  if (ref && ref !== "error") return `${quoteSheet(ref.sheet.name)}!${formatRect(ref.rect, true)}`;
  if (/#REF!/i.test(body) || ref === "error") return "#REF!";
  if (NUMBER_TEXT.test(body)) return Number(body);
  return body.replace(/^"|"$/g, "");
}

// ---------------------------------------------------------------------------------------------
// Reading the workbook in tests

/** A cell is plain data already: its snapshot is a copy of it. */
export type CellSnapshot = SimCell;

/** A sheet as plain data: the sheet's own fields, with its maps keyed by A1 address and column letters. */
export interface SheetSnapshot extends Omit<SimSheet, "cells" | "columnWidths"> {
  position: number;
  /** By A1 address, in row-major order. */
  cells: Record<string, CellSnapshot>;
  /** Points, by column letters. */
  columnWidths: Record<string, number>;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
  names: SimName[];
  tables: { name: string; sheet: string; address: string; showHeaders: boolean }[];
  activeSheet: string;
  selection: { sheet: string; address: string };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A deep, plain copy of everything a user could see or a formula could depend on: compare two with `toEqual`. */
export function snapshotWorkbook(workbook: SimWorkbook): WorkbookSnapshot {
  const nameOf = (id: string) => workbook.sheets.find((s) => s.id === id)?.name ?? `<missing ${id}>`;
  return {
    sheets: workbook.sheets.map((s, position) => {
      const cells: Record<string, CellSnapshot> = {};
      for (const key of [...s.cells.keys()].sort((a, b) => a - b)) {
        const { row, column } = keyToPosition(key);
        cells[`${columnName(column)}${row + 1}`] = clone(s.cells.get(key) as SimCell);
      }
      const columnWidths: Record<string, number> = {};
      for (const [c, w] of [...s.columnWidths.entries()].sort((a, b) => a[0] - b[0])) columnWidths[columnName(c)] = w;
      return {
        id: s.id,
        name: s.name,
        position,
        visibility: s.visibility,
        tabColor: s.tabColor,
        cells,
        columnWidths,
        ...(s.freeze ? { freeze: { ...s.freeze } } : {}),
        pageLayout: clone(s.pageLayout),
        charts: clone(s.charts),
        showGridlines: s.showGridlines,
      };
    }),
    names: clone(workbook.names),
    tables: workbook.tables.map((t) => ({ name: t.name, sheet: nameOf(t.sheetId), address: formatRect(t.rect), showHeaders: t.showHeaders })),
    activeSheet: nameOf(workbook.activeSheetId),
    selection: { sheet: nameOf(workbook.selection.sheetId), address: workbook.selection.address },
  };
}

/** One cell for assertions: `cell(workbook, "Assumptions!B6")`. */
export function getCell(workbook: SimWorkbook, qualified: string): SimCell | undefined {
  const parts = splitQualified(qualified);
  const sheet = parts?.sheetName !== undefined ? findSheet(workbook, parts.sheetName) : undefined;
  const rect = parts ? parseRect(parts.address) : null;
  if (!sheet || !rect) throw new Error(`No such cell: ${qualified}`);
  return cellAt(sheet, rect.r0, rect.c0);
}

/** The used range of a sheet as 2-D arrays (formulas where a cell has one, else values). */
export function sheetContents(workbook: SimWorkbook, sheetName: string): { address: string; formulas: (CellScalar | null)[][] } {
  const sheet = findSheet(workbook, sheetName);
  if (!sheet) throw new Error(`No such sheet: ${sheetName}`);
  const rect = usedRect(sheet, true);
  if (!rect) return { address: "A1", formulas: [] };
  const formulas: (CellScalar | null)[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row: (CellScalar | null)[] = [];
    for (let c = rect.c0; c <= rect.c1; c++) {
      const cell = cellAt(sheet, r, c);
      row.push(cell?.formula ?? (cell?.value === undefined ? null : apiValue(cell.value)));
    }
    formulas.push(row);
  }
  return { address: formatRect(rect), formulas };
}

/** Sheet names a formula refers to (for assertions about references). */
export function referencedSheets(formula: string): string[] {
  return findSheetQualifiers(formula).map((q) => q.sheetName);
}
