/**
 * The simulated `Excel` object model: the proxies the add-in uses, each reading and mutating the
 * `SimWorkbook` only when the batch runs at `context.sync()`. Browser-safe.
 */
import {
  formatRect,
  intersectRects,
  isEntireColumns,
  isEntireRows,
  parseRect,
  quoteSheet,
  rectCellCount,
  rectColumns,
  rectRows,
  SHEET_COLUMNS,
  SHEET_ROWS,
  sheetNameProblem,
  definedNameProblem,
  splitQualified,
  type Rect,
} from "./address";
import {
  Batch,
  CollectionProxy,
  ErrorCode,
  ProxyBase,
  queueResult,
  type SimClientResult,
  SimOfficeError,
  type AnyProxy,
  type ChangeHandler,
  type ChangeRegistration,
  type ContextCore,
  type PropertyDef,
  type Simulator,
  type SyncRecord,
  utf8Length,
} from "./core";
import {
  apiValue,
  cellAt,
  deleteSheet,
  emptySheet,
  ensureCell,
  findName,
  findSheet,
  nameType,
  nameValue,
  newId,
  pruneCell,
  readValue,
  renameSheet,
  resolveReference,
  STANDARD_COLUMN_WIDTH_POINTS,
  usedRect,
  valueType,
  writeInput,
  type BorderEdge,
  type CellFormat,
  type SimChart,
  type SimChartSeries,
  type SimName,
  type SimSheet,
  type SimTable,
  type SimWorkbook,
} from "./model";

export interface RangeTarget {
  sheet: SimSheet;
  rect: Rect;
}

const fail = (code: string, message: string): never => {
  throw new SimOfficeError(code, message);
};

function workbookOf(ctx: ContextCore): SimWorkbook {
  return ctx._sim.workbook;
}

function sheetAlive(ctx: ContextCore, sheet: SimSheet): boolean {
  return workbookOf(ctx).sheets.includes(sheet);
}

/** A `Range | string` argument, at sync time. Strings may be sheet-qualified. */
function rangeArg(ctx: ContextCore, base: SimSheet | undefined, arg: unknown): RangeTarget {
  if (arg instanceof RangeProxy) return arg._require();
  if (typeof arg === "string") {
    const parts = splitQualified(arg);
    const sheet = parts?.sheetName !== undefined ? findSheet(workbookOf(ctx), parts.sheetName) : base;
    const rect = parts ? parseRect(parts.address) : null;
    if (!sheet || !rect) return fail(ErrorCode.invalidArgument, `The argument is invalid or missing: ${arg}`);
    return { sheet, rect };
  }
  return fail(ErrorCode.invalidArgument, "Expected a Range or an address.");
}

function qualified(target: RangeTarget, absolute = false): string {
  return `${quoteSheet(target.sheet.name)}!${formatRect(target.rect, absolute)}`;
}

function forEachCell(rect: Rect, fn: (r: number, c: number) => void): void {
  for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) fn(r, c);
}

function grid<V>(rect: Rect, fn: (r: number, c: number) => V): V[][] {
  const out: V[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row: V[] = [];
    for (let c = rect.c0; c <= rect.c1; c++) row.push(fn(r, c));
    out.push(row);
  }
  return out;
}

/** Writes a 2-D array (or one value broadcast to every cell) the way Office.js does. */
function writeGrid(sim: Simulator, target: RangeTarget, input: unknown, write: (r: number, c: number, v: unknown) => void): void {
  const { rect } = target;
  if (Array.isArray(input)) {
    if (input.length !== rectRows(rect) || input.some((row) => !Array.isArray(row) || row.length !== rectColumns(rect))) {
      fail(
        ErrorCode.invalidArgument,
        "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
      );
    }
    (input as unknown[][]).forEach((row, i) => row.forEach((v, j) => write(rect.r0 + i, rect.c0 + j, v)));
  } else {
    // null is valid inside a 2-D array (leave that cell alone), not as the whole value.
    if (input === null || input === undefined) fail(ErrorCode.invalidArgument, "The argument is invalid or missing or has an incorrect format.");
    if (rectCellCount(rect) > sim.options.readCellLimit) fail(ErrorCode.invalidArgument, "The range is too large for this operation.");
    forEachCell(rect, (r, c) => write(r, c, input));
  }
}

function uniform<V>(rect: Rect, read: (r: number, c: number) => V): V | null {
  let first: V | undefined;
  let seen = false;
  let same = true;
  forEachCell(rect, (r, c) => {
    const v = read(r, c);
    if (!seen) {
      first = v;
      seen = true;
    } else if (JSON.stringify(v) !== JSON.stringify(first)) same = false;
  });
  return same ? (first as V) : null;
}

function setFormat(target: RangeTarget, apply: (format: CellFormat) => void): void {
  if (rectCellCount(target.rect) > 2_000_000) fail(ErrorCode.invalidArgument, "The range is too large to format cell by cell.");
  forEachCell(target.rect, (r, c) => {
    const cell = ensureCell(target.sheet, r, c);
    cell.format ??= {};
    apply(cell.format);
    if (Object.keys(cell.format).length === 0) delete cell.format;
    pruneCell(target.sheet, r, c);
  });
}

function formatOf(target: RangeTarget, r: number, c: number): CellFormat {
  return cellAt(target.sheet, r, c)?.format ?? {};
}

// ---------------------------------------------------------------------------------------------
// Workbook, application, runtime

export class WorkbookProxy extends ProxyBase<SimWorkbook> {
  get _className() {
    return "Workbook";
  }
  _props(): Record<string, PropertyDef<SimWorkbook>> {
    return { name: { get: () => "Book1.xlsx" } };
  }
  override _navigation(name: string) {
    if (name === "worksheets") return this.worksheets;
    if (name === "names") return this.names;
    if (name === "tables") return this.tables;
    if (name === "application") return this.application;
    return undefined;
  }
  get worksheets(): WorksheetCollectionProxy {
    return this._child("worksheets", () => new WorksheetCollectionProxy(this._ctx, () => workbookOf(this._ctx)));
  }
  get names(): NamedItemCollectionProxy {
    return this._child("names", () => new NamedItemCollectionProxy(this._ctx, () => workbookOf(this._ctx)));
  }
  get tables(): TableCollectionProxy {
    return this._child("tables", () => new TableCollectionProxy(this._ctx, () => ({ workbook: workbookOf(this._ctx), sheet: null })));
  }
  get application(): ApplicationProxy {
    return this._child("application", () => new ApplicationProxy(this._ctx, () => workbookOf(this._ctx)));
  }
  getSelectedRange(): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => {
        const wb = workbookOf(this._ctx);
        const sheet = wb.sheets.find((s) => s.id === wb.selection.sheetId);
        if (!sheet) return fail(ErrorCode.itemNotFound, "No selection.");
        if (wb.selection.address.includes(",")) {
          return fail(ErrorCode.invalidSelection, "The current selection is invalid for this operation (several areas are selected).");
        }
        const rect = parseRect(wb.selection.address);
        return rect ? { sheet, rect } : fail(ErrorCode.invalidSelection, "Invalid selection.");
      },
      false,
      { method: "getSelectedRange" },
    );
  }
  getSelectedRanges(): RangeAreasProxy {
    if (!this._ctx._sim.isSetSupported("ExcelApi", "1.9")) fail(ErrorCode.apiNotFound, "getSelectedRanges needs ExcelApi 1.9.");
    return new RangeAreasProxy(
      this._ctx,
      () => {
        const wb = workbookOf(this._ctx);
        const sheet = wb.sheets.find((s) => s.id === wb.selection.sheetId);
        if (!sheet) return fail(ErrorCode.itemNotFound, "No selection.");
        const rects = wb.selection.address.split(",").map((a) => parseRect(a));
        if (rects.some((r) => r === null)) return fail(ErrorCode.invalidSelection, "Invalid selection.");
        return { sheet, rects: rects as Rect[] };
      },
      false,
      { method: "getSelectedRanges" },
    );
  }
  getActiveCell(): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const wb = workbookOf(this._ctx);
      const sheet = wb.sheets.find((s) => s.id === wb.selection.sheetId);
      const rect = parseRect(wb.selection.address.split(",")[0] ?? "A1");
      if (!sheet || !rect) return fail(ErrorCode.itemNotFound, "No active cell.");
      return { sheet, rect: { r0: rect.r0, c0: rect.c0, r1: rect.r0, c1: rect.c0 } };
    });
  }
}

export class ApplicationProxy extends ProxyBase<SimWorkbook> {
  get _className() {
    return "Application";
  }
  _props(): Record<string, PropertyDef<SimWorkbook>> {
    return { calculationMode: { get: () => "Automatic" } };
  }
  get calculationMode(): string {
    return this._get("calculationMode") as string;
  }
  suspendApiCalculationUntilNextSync(): void {
    if (!this._ctx._sim.isSetSupported("ExcelApi", "1.6")) fail(ErrorCode.apiNotFound, "suspendApiCalculationUntilNextSync needs ExcelApi 1.6.");
    this._ctx._batch.suspendCalculation = true;
    this._enqueue("Application.suspendApiCalculationUntilNextSync", null, () => {
      this._ctx._sim.calculationSuspended = true;
    });
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this._enqueue("Application.suspendScreenUpdatingUntilNextSync", null, () => undefined);
  }
  calculate(calculationType: string): void {
    this._enqueue("Application.calculate", calculationType, () => {
      this._ctx._sim.calculations.push(calculationType);
    });
  }
}

export class RuntimeProxy extends ProxyBase<Simulator> {
  get _className() {
    return "Runtime";
  }
  _props(): Record<string, PropertyDef<Simulator>> {
    return {
      enableEvents: {
        get: (s) => s.enableEvents,
        set: (s, v) => {
          if (!s.isSetSupported("ExcelApi", "1.8")) fail(ErrorCode.apiNotFound, "Runtime.enableEvents needs ExcelApi 1.8.");
          s.enableEvents = Boolean(v);
        },
      },
    };
  }
  get enableEvents(): boolean {
    return this._get("enableEvents") as boolean;
  }
  set enableEvents(v: boolean) {
    this._set("enableEvents", v);
  }
}

/**
 * `OfficeExtension.EventHandlerResult`: what `onChanged.add` returns. `remove()` is queued like any
 * action and takes effect at the next sync of `context`, the request context the handler was
 * added in (reuse it with `Excel.run(result.context, ...)`).
 */
export class EventHandlerResultProxy {
  registration: ChangeRegistration | null = null;
  constructor(
    readonly context: ContextCore,
    private readonly owner: AnyProxy,
  ) {}
  remove(): void {
    this.owner._enqueue("EventHandlerResult.remove", null, () => {
      if (this.registration) this.context._sim.removeChangeHandler(this.registration);
      this.registration = null;
    });
  }
}

/** `OfficeExtension.EventHandlers` of an `onChanged` event. Registration happens at the sync. */
export class EventHandlersProxy {
  constructor(
    private readonly owner: AnyProxy & { _require(): unknown },
    private readonly sheetId: () => string | null,
  ) {}
  add(handler: ChangeHandler): EventHandlerResultProxy {
    const result = new EventHandlerResultProxy(this.owner._ctx, this.owner);
    this.owner._enqueue("EventHandlers.add", null, () => {
      this.owner._require();
      if (!this.owner._ctx._sim.isSetSupported("ExcelApi", "1.7")) fail(ErrorCode.apiNotFound, "onChanged needs ExcelApi 1.7.");
      result.registration = this.owner._ctx._sim.addChangeHandler(this.sheetId(), handler);
    });
    return result;
  }
  remove(handler: ChangeHandler): void {
    this.owner._enqueue("EventHandlers.remove", null, () =>
      this.owner._ctx._sim.removeChangeHandler({ sheetId: this.sheetId(), handler }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Worksheets

export class WorksheetCollectionProxy extends CollectionProxy<SimWorkbook, SimSheet, WorksheetProxy> {
  get _className() {
    return "WorksheetCollection";
  }
  _itemsOf(wb: SimWorkbook): SimSheet[] {
    return [...wb.sheets];
  }
  _makeItem(sheet: SimSheet): WorksheetProxy {
    return new WorksheetProxy(this._ctx, () => sheet);
  }
  get onChanged(): EventHandlersProxy {
    return new EventHandlersProxy(this, () => null);
  }
  add(name?: string): WorksheetProxy {
    let created: SimSheet | null = null;
    const proxy = new WorksheetProxy(
      this._ctx,
      () => created ?? fail(ErrorCode.generalException, "The worksheet was not added."),
      false,
      { method: "add", args: name },
    );
    this._enqueue("WorksheetCollection.add", name ?? null, () => {
      const wb = this._require();
      let finalName = name;
      if (finalName === undefined) {
        let n = wb.sheets.length + 1;
        while (findSheet(wb, `Sheet${n}`)) n++;
        finalName = `Sheet${n}`;
      }
      const problem = sheetNameProblem(finalName);
      if (problem) fail(ErrorCode.invalidArgument, problem);
      if (findSheet(wb, finalName)) fail(ErrorCode.itemAlreadyExists, `A sheet named '${finalName}' already exists.`);
      created = emptySheet(wb, finalName);
      wb.sheets.push(created);
    });
    return proxy;
  }
  getItem(key: string): WorksheetProxy {
    return new WorksheetProxy(
      this._ctx,
      () => this._find(key) ?? fail(ErrorCode.itemNotFound, `The worksheet '${key}' doesn't exist.`),
      false,
      { method: "getItem", args: key },
    );
  }
  getItemOrNullObject(key: string): WorksheetProxy {
    return new WorksheetProxy(this._ctx, () => this._find(key) ?? null, true, { method: "getItemOrNullObject", args: key });
  }
  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(
      this._ctx,
      () => {
        const wb = this._require();
        return wb.sheets.find((s) => s.id === wb.activeSheetId) ?? fail(ErrorCode.itemNotFound, "No active sheet.");
      },
      false,
      { method: "getActiveWorksheet" },
    );
  }
  getCount(): SimClientResult<number> {
    return queueResult(this, "WorksheetCollection.getCount", null, () => this._require().sheets.length);
  }
  private _find(key: string): SimSheet | undefined {
    const wb = this._require();
    return findSheet(wb, key) ?? wb.sheets.find((s) => s.id === key);
  }
}

export class WorksheetProxy extends ProxyBase<SimSheet> {
  get _className() {
    return "Worksheet";
  }
  override _isAlive(sheet: SimSheet): boolean {
    return sheetAlive(this._ctx, sheet);
  }
  _props(): Record<string, PropertyDef<SimSheet>> {
    const wb = () => workbookOf(this._ctx);
    return {
      id: { get: (s) => s.id },
      name: {
        get: (s) => s.name,
        set: (s, v) => {
          const name = String(v);
          const problem = sheetNameProblem(name);
          if (problem) fail(ErrorCode.invalidArgument, problem);
          const other = findSheet(wb(), name);
          if (other && other !== s) fail(ErrorCode.itemAlreadyExists, `A sheet named '${name}' already exists.`);
          renameSheet(wb(), s, name);
        },
      },
      position: {
        get: (s) => wb().sheets.indexOf(s),
        set: (s, v) => {
          const sheets = wb().sheets;
          const to = Number(v);
          if (!Number.isInteger(to) || to < 0 || to >= sheets.length) fail(ErrorCode.invalidArgument, "Invalid position.");
          sheets.splice(sheets.indexOf(s), 1);
          sheets.splice(to, 0, s);
        },
      },
      visibility: {
        get: (s) => s.visibility,
        set: (s, v) => {
          const value = String(v);
          if (value !== "Visible" && value !== "Hidden" && value !== "VeryHidden") fail(ErrorCode.invalidArgument, `Invalid visibility ${value}.`);
          const visibility = value as SimSheet["visibility"];
          if (visibility !== "Visible" && s.visibility === "Visible" && wb().sheets.filter((x) => x.visibility === "Visible").length === 1) {
            fail(ErrorCode.invalidOperation, "A workbook must contain at least one visible worksheet.");
          }
          s.visibility = visibility;
          if (visibility !== "Visible" && wb().activeSheetId === s.id) {
            const next = wb().sheets.find((x) => x.visibility === "Visible");
            if (next) {
              wb().activeSheetId = next.id;
              wb().selection = { sheetId: next.id, address: "A1" };
            }
          }
        },
      },
      tabColor: {
        get: (s) => (s.visibility === "Visible" ? s.tabColor : null),
        set: (s, v) => {
          if (!this._ctx._sim.isSetSupported("ExcelApi", "1.7")) fail(ErrorCode.apiNotFound, "tabColor needs ExcelApi 1.7.");
          const color = String(v);
          if (color !== "" && !/^#[0-9A-Fa-f]{6}$/.test(color)) fail(ErrorCode.invalidArgument, `Invalid color ${color}.`);
          s.tabColor = color.toUpperCase();
        },
      },
      showGridlines: { get: (s) => s.showGridlines, set: (s, v) => (s.showGridlines = Boolean(v)) },
      standardWidth: { get: () => STANDARD_COLUMN_WIDTH_POINTS },
    };
  }
  override _navigation(name: string) {
    if (name === "freezePanes") return this.freezePanes;
    if (name === "pageLayout") return this.pageLayout;
    if (name === "charts") return this.charts;
    if (name === "tables") return this.tables;
    return undefined;
  }
  get id(): string {
    return this._get("id") as string;
  }
  get name(): string {
    return this._get("name") as string;
  }
  set name(v: string) {
    this._set("name", v);
  }
  get position(): number {
    return this._get("position") as number;
  }
  set position(v: number) {
    this._set("position", v);
  }
  get visibility(): string {
    return this._get("visibility") as string;
  }
  set visibility(v: string) {
    this._set("visibility", v);
  }
  get tabColor(): string {
    return this._get("tabColor") as string;
  }
  set tabColor(v: string) {
    this._set("tabColor", v);
  }
  get showGridlines(): boolean {
    return this._get("showGridlines") as boolean;
  }
  set showGridlines(v: boolean) {
    this._set("showGridlines", v);
  }
  get freezePanes(): FreezePanesProxy {
    return this._child("freezePanes", () => new FreezePanesProxy(this._ctx, () => this._require()));
  }
  get pageLayout(): PageLayoutProxy {
    return this._child("pageLayout", () => new PageLayoutProxy(this._ctx, () => this._require()));
  }
  get charts(): ChartCollectionProxy {
    return this._child("charts", () => new ChartCollectionProxy(this._ctx, () => this._require()));
  }
  get tables(): TableCollectionProxy {
    return this._child("tables", () => new TableCollectionProxy(this._ctx, () => ({ workbook: workbookOf(this._ctx), sheet: this._require() })));
  }
  get onChanged(): EventHandlersProxy {
    return new EventHandlersProxy(this, () => this._require().id);
  }
  activate(): void {
    this._enqueue("Worksheet.activate", null, () => {
      const s = this._require();
      if (s.visibility !== "Visible") fail(ErrorCode.invalidOperation, "A hidden sheet cannot be activated.");
      const wb = workbookOf(this._ctx);
      wb.activeSheetId = s.id;
      if (wb.selection.sheetId !== s.id) wb.selection = { sheetId: s.id, address: "A1" };
    });
  }
  delete(): void {
    this._enqueue("Worksheet.delete", null, () => {
      const s = this._require();
      const wb = workbookOf(this._ctx);
      if (s.visibility === "VeryHidden") {
        fail(ErrorCode.invalidOperation, "A very hidden worksheet cannot be deleted; make it visible or hidden first.");
      }
      if (s.visibility === "Visible" && wb.sheets.filter((x) => x.visibility === "Visible").length === 1) {
        fail(ErrorCode.invalidOperation, "A workbook must contain at least one visible worksheet.");
      }
      deleteSheet(wb, s);
    });
  }
  getRange(address?: string): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => {
        const sheet = this._require();
        if (address === undefined) return { sheet, rect: { r0: 0, c0: 0, r1: SHEET_ROWS - 1, c1: SHEET_COLUMNS - 1 } };
        const target = rangeArg(this._ctx, sheet, address);
        if (target.sheet !== sheet) fail(ErrorCode.invalidArgument, "The address refers to another sheet.");
        return target;
      },
      false,
      { method: "getRange", args: address },
    );
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => ({ sheet: this._require(), rect: { r0: startRow, c0: startColumn, r1: startRow + rowCount - 1, c1: startColumn + columnCount - 1 } }),
      false,
      { method: "getRangeByIndexes", args: [startRow, startColumn, rowCount, columnCount] },
    );
  }
  getCell(row: number, column: number): RangeProxy {
    return new RangeProxy(this._ctx, () => ({ sheet: this._require(), rect: { r0: row, c0: column, r1: row, c1: column } }), false, {
      method: "getCell",
      args: [row, column],
    });
  }
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => {
        const sheet = this._require();
        return { sheet, rect: usedRect(sheet, valuesOnly === true) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
      },
      false,
      { method: "getUsedRange", args: valuesOnly },
    );
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => {
        const sheet = this._require();
        const rect = usedRect(sheet, valuesOnly === true);
        return rect ? { sheet, rect } : null;
      },
      true,
      { method: "getUsedRangeOrNullObject", args: valuesOnly },
    );
  }
}

export class FreezePanesProxy extends ProxyBase<SimSheet> {
  get _className() {
    return "WorksheetFreezePanes";
  }
  _props(): Record<string, PropertyDef<SimSheet>> {
    return {};
  }
  freezeRows(count = 1): void {
    this._enqueue("WorksheetFreezePanes.freezeRows", count, () => {
      this._require().freeze = { rows: count, columns: 0 };
    });
  }
  freezeColumns(count = 1): void {
    this._enqueue("WorksheetFreezePanes.freezeColumns", count, () => {
      this._require().freeze = { rows: 0, columns: count };
    });
  }
  freezeAt(frozenRange: RangeProxy | string): void {
    this._enqueue("WorksheetFreezePanes.freezeAt", typeof frozenRange === "string" ? frozenRange : null, () => {
      const sheet = this._require();
      const { rect } = rangeArg(this._ctx, sheet, frozenRange);
      sheet.freeze = { rows: rect.r1 + 1, columns: rect.c1 + 1 };
    });
  }
  unfreeze(): void {
    this._enqueue("WorksheetFreezePanes.unfreeze", null, () => {
      delete this._require().freeze;
    });
  }
  getLocationOrNullObject(): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => {
        const sheet = this._require();
        const f = sheet.freeze;
        if (!f || (f.rows === 0 && f.columns === 0)) return null;
        return {
          sheet,
          rect: { r0: 0, c0: 0, r1: f.rows > 0 ? f.rows - 1 : SHEET_ROWS - 1, c1: f.columns > 0 ? f.columns - 1 : SHEET_COLUMNS - 1 },
        };
      },
      true,
    );
  }
}

export class PageLayoutProxy extends ProxyBase<SimSheet> {
  get _className() {
    return "PageLayout";
  }
  override _require(): SimSheet {
    if (!this._ctx._sim.isSetSupported("ExcelApi", "1.9")) fail(ErrorCode.apiNotFound, "PageLayout needs ExcelApi 1.9.");
    return super._require();
  }
  _props(): Record<string, PropertyDef<SimSheet>> {
    return {
      orientation: {
        get: (s) => s.pageLayout.orientation,
        set: (s, v) => {
          if (v !== "Portrait" && v !== "Landscape") fail(ErrorCode.invalidArgument, `Invalid orientation ${String(v)}.`);
          s.pageLayout.orientation = v as "Portrait" | "Landscape";
        },
      },
      zoom: {
        get: (s) => ({ ...(s.pageLayout.zoom ?? { scale: 100 }) }),
        set: (s, v) => {
          s.pageLayout.zoom = { ...(v as object) };
        },
      },
    };
  }
  get orientation(): string {
    return this._get("orientation") as string;
  }
  set orientation(v: string) {
    this._set("orientation", v);
  }
  get zoom(): Excel.PageLayoutZoomOptions {
    return this._get("zoom") as Excel.PageLayoutZoomOptions;
  }
  set zoom(v: Excel.PageLayoutZoomOptions) {
    this._set("zoom", v);
  }
  setPrintArea(printArea: RangeProxy | string): void {
    this._enqueue("PageLayout.setPrintArea", typeof printArea === "string" ? printArea : null, () => {
      const sheet = this._require();
      const target = rangeArg(this._ctx, sheet, printArea);
      sheet.pageLayout.printArea = formatRect(target.rect, true);
    });
  }
  setPrintTitleRows(rows: RangeProxy | string): void {
    this._enqueue("PageLayout.setPrintTitleRows", typeof rows === "string" ? rows : null, () => {
      const sheet = this._require();
      const target = rangeArg(this._ctx, sheet, rows);
      if (!isEntireRows(target.rect)) fail(ErrorCode.invalidArgument, "Print title rows must be whole rows.");
      sheet.pageLayout.printTitleRows = formatRect(target.rect, true);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Ranges

export class RangeProxy extends ProxyBase<RangeTarget> {
  get _className() {
    return "Range";
  }
  override _isAlive(t: RangeTarget): boolean {
    return sheetAlive(this._ctx, t.sheet);
  }
  _props(): Record<string, PropertyDef<RangeTarget>> {
    const wb = () => workbookOf(this._ctx);
    const sim = this._ctx._sim;
    const cells = (t: RangeTarget) => rectCellCount(t.rect);
    const recordChange = (t: RangeTarget) => sim.recordChange(t.sheet.id, formatRect(t.rect));
    return {
      address: { get: (t) => qualified(t) },
      addressLocal: { get: (t) => qualified(t) },
      rowIndex: { get: (t) => t.rect.r0 },
      columnIndex: { get: (t) => t.rect.c0 },
      rowCount: { get: (t) => rectRows(t.rect) },
      columnCount: { get: (t) => rectColumns(t.rect) },
      cellCount: { get: (t) => rectCellCount(t.rect) },
      isEntireColumn: { get: (t) => isEntireColumns(t.rect) },
      isEntireRow: { get: (t) => isEntireRows(t.rect) },
      values: {
        cellData: cells,
        get: (t) => grid(t.rect, (r, c) => apiValue(readValue(wb(), t.sheet, r, c))),
        set: (t, v) => {
          writeGrid(sim, t, v, (r, c, x) => writeInput(t.sheet, r, c, x));
          recordChange(t);
        },
      },
      formulas: {
        cellData: cells,
        get: (t) =>
          grid(t.rect, (r, c) => {
            const cell = cellAt(t.sheet, r, c);
            return cell?.formula ?? (cell?.value === undefined ? "" : apiValue(cell.value));
          }),
        set: (t, v) => {
          writeGrid(sim, t, v, (r, c, x) => writeInput(t.sheet, r, c, x));
          recordChange(t);
        },
      },
      numberFormat: {
        cellData: cells,
        get: (t) => grid(t.rect, (r, c) => cellAt(t.sheet, r, c)?.numberFormat ?? "General"),
        set: (t, v) =>
          writeGrid(sim, t, v, (r, c, x) => {
            if (x === null || x === undefined) return;
            const cell = ensureCell(t.sheet, r, c);
            if (x === "General" || x === "") delete cell.numberFormat;
            else cell.numberFormat = String(x);
            pruneCell(t.sheet, r, c);
          }),
      },
      valueTypes: { cellData: cells, get: (t) => grid(t.rect, (r, c) => valueType(readValue(wb(), t.sheet, r, c))) },
      text: {
        cellData: cells,
        get: (t) =>
          grid(t.rect, (r, c) => {
            const v = apiValue(readValue(wb(), t.sheet, r, c));
            return typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v);
          }),
      },
    };
  }
  override _navigation(name: string) {
    if (name === "format") return this.format;
    if (name === "worksheet") return this.worksheet;
    return undefined;
  }
  get address(): string {
    return this._get("address") as string;
  }
  get addressLocal(): string {
    return this._get("addressLocal") as string;
  }
  get rowIndex(): number {
    return this._get("rowIndex") as number;
  }
  get columnIndex(): number {
    return this._get("columnIndex") as number;
  }
  get rowCount(): number {
    return this._get("rowCount") as number;
  }
  get columnCount(): number {
    return this._get("columnCount") as number;
  }
  get cellCount(): number {
    return this._get("cellCount") as number;
  }
  get isEntireColumn(): boolean {
    return this._get("isEntireColumn") as boolean;
  }
  get isEntireRow(): boolean {
    return this._get("isEntireRow") as boolean;
  }
  get values(): unknown[][] {
    return this._get("values") as unknown[][];
  }
  set values(v: unknown[][]) {
    this._set("values", v);
  }
  get formulas(): unknown[][] {
    return this._get("formulas") as unknown[][];
  }
  set formulas(v: unknown[][]) {
    this._set("formulas", v);
  }
  get numberFormat(): unknown[][] {
    return this._get("numberFormat") as unknown[][];
  }
  set numberFormat(v: unknown[][]) {
    this._set("numberFormat", v);
  }
  get valueTypes(): Excel.RangeValueType[][] {
    return this._get("valueTypes") as Excel.RangeValueType[][];
  }
  get text(): string[][] {
    return this._get("text") as string[][];
  }
  get format(): RangeFormatProxy {
    return this._child("format", () => new RangeFormatProxy(this._ctx, () => this._require()));
  }
  get worksheet(): WorksheetProxy {
    return this._child("worksheet", () => new WorksheetProxy(this._ctx, () => this._require().sheet));
  }

  private _derived(method: string, args: unknown, make: (t: RangeTarget) => RangeTarget | null, nullable = false): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => {
        const t = this._resolve();
        return t === null ? null : make(t);
      },
      nullable,
      { method, args },
    );
  }
  private static _checked(t: RangeTarget, rect: Rect): RangeTarget {
    if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 >= SHEET_ROWS || rect.c1 >= SHEET_COLUMNS || rect.r1 < rect.r0 || rect.c1 < rect.c0) {
      fail(ErrorCode.invalidArgument, "The range goes outside the worksheet.");
    }
    return { sheet: t.sheet, rect };
  }
  getCell(row: number, column: number): RangeProxy {
    return this._derived("getCell", [row, column], (t) =>
      RangeProxy._checked(t, { r0: t.rect.r0 + row, c0: t.rect.c0 + column, r1: t.rect.r0 + row, c1: t.rect.c0 + column }),
    );
  }
  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this._derived("getOffsetRange", [rowOffset, columnOffset], (t) =>
      RangeProxy._checked(t, { r0: t.rect.r0 + rowOffset, c0: t.rect.c0 + columnOffset, r1: t.rect.r1 + rowOffset, c1: t.rect.c1 + columnOffset }),
    );
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this._derived("getResizedRange", [deltaRows, deltaColumns], (t) =>
      RangeProxy._checked(t, { ...t.rect, r1: t.rect.r1 + deltaRows, c1: t.rect.c1 + deltaColumns }),
    );
  }
  getAbsoluteResizedRange(numRows: number, numColumns: number): RangeProxy {
    return this._derived("getAbsoluteResizedRange", [numRows, numColumns], (t) =>
      RangeProxy._checked(t, { r0: t.rect.r0, c0: t.rect.c0, r1: t.rect.r0 + numRows - 1, c1: t.rect.c0 + numColumns - 1 }),
    );
  }
  getRow(row: number): RangeProxy {
    return this._derived("getRow", row, (t) => RangeProxy._checked(t, { ...t.rect, r0: t.rect.r0 + row, r1: t.rect.r0 + row }));
  }
  getColumn(column: number): RangeProxy {
    return this._derived("getColumn", column, (t) => RangeProxy._checked(t, { ...t.rect, c0: t.rect.c0 + column, c1: t.rect.c0 + column }));
  }
  getEntireColumn(): RangeProxy {
    return this._derived("getEntireColumn", null, (t) => ({ sheet: t.sheet, rect: { ...t.rect, r0: 0, r1: SHEET_ROWS - 1 } }));
  }
  getEntireRow(): RangeProxy {
    return this._derived("getEntireRow", null, (t) => ({ sheet: t.sheet, rect: { ...t.rect, c0: 0, c1: SHEET_COLUMNS - 1 } }));
  }
  getLastRow(): RangeProxy {
    return this._derived("getLastRow", null, (t) => ({ sheet: t.sheet, rect: { ...t.rect, r0: t.rect.r1 } }));
  }
  getLastColumn(): RangeProxy {
    return this._derived("getLastColumn", null, (t) => ({ sheet: t.sheet, rect: { ...t.rect, c0: t.rect.c1 } }));
  }
  getLastCell(): RangeProxy {
    return this._derived("getLastCell", null, (t) => ({ sheet: t.sheet, rect: { r0: t.rect.r1, c0: t.rect.c1, r1: t.rect.r1, c1: t.rect.c1 } }));
  }
  getBoundingRect(other: RangeProxy | string): RangeProxy {
    return this._derived("getBoundingRect", typeof other === "string" ? other : null, (t) => {
      const o = rangeArg(this._ctx, t.sheet, other);
      if (o.sheet !== t.sheet) fail(ErrorCode.invalidArgument, "The ranges are on different sheets.");
      return {
        sheet: t.sheet,
        rect: {
          r0: Math.min(t.rect.r0, o.rect.r0),
          c0: Math.min(t.rect.c0, o.rect.c0),
          r1: Math.max(t.rect.r1, o.rect.r1),
          c1: Math.max(t.rect.c1, o.rect.c1),
        },
      };
    });
  }
  private _intersect(other: RangeProxy | string, nullable: boolean): RangeProxy {
    return this._derived(
      nullable ? "getIntersectionOrNullObject" : "getIntersection",
      typeof other === "string" ? other : null,
      (t) => {
        const o = rangeArg(this._ctx, t.sheet, other);
        if (o.sheet !== t.sheet) fail(ErrorCode.invalidArgument, "The ranges are on different sheets.");
        const rect = intersectRects(t.rect, o.rect);
        if (!rect && !nullable) fail(ErrorCode.itemNotFound, "The ranges do not intersect.");
        return rect ? { sheet: t.sheet, rect } : null;
      },
      nullable,
    );
  }
  getIntersection(other: RangeProxy | string): RangeProxy {
    return this._intersect(other, false);
  }
  getIntersectionOrNullObject(other: RangeProxy | string): RangeProxy {
    return this._intersect(other, true);
  }
  private _used(valuesOnly: boolean | undefined, nullable: boolean): RangeProxy {
    return this._derived(
      nullable ? "getUsedRangeOrNullObject" : "getUsedRange",
      valuesOnly,
      (t) => {
        const used = usedRect(t.sheet, valuesOnly === true);
        const rect = used ? intersectRects(used, t.rect) : null;
        if (!rect && !nullable) fail(ErrorCode.itemNotFound, "The range has no used cells.");
        return rect ? { sheet: t.sheet, rect } : null;
      },
      nullable,
    );
  }
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    return this._used(valuesOnly, false);
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    return this._used(valuesOnly, true);
  }
  select(): void {
    this._enqueue("Range.select", null, () => {
      const t = this._require();
      if (t.sheet.visibility !== "Visible") fail(ErrorCode.invalidOperation, "Cannot select a range on a hidden sheet.");
      const wb = workbookOf(this._ctx);
      wb.activeSheetId = t.sheet.id;
      wb.selection = { sheetId: t.sheet.id, address: formatRect(t.rect) };
    });
  }
  clear(applyTo: string = "All"): void {
    this._enqueue("Range.clear", applyTo, () => {
      const t = this._require();
      if (applyTo === "All" || applyTo === "Contents") this._ctx._sim.recordChange(t.sheet.id, formatRect(t.rect));
      forEachCell(t.rect, (r, c) => {
        const cell = cellAt(t.sheet, r, c);
        if (!cell) return;
        if (applyTo === "All" || applyTo === "Contents") {
          delete cell.value;
          delete cell.formula;
        }
        if (applyTo === "All" || applyTo === "Formats") {
          delete cell.numberFormat;
          delete cell.format;
        }
        pruneCell(t.sheet, r, c);
      });
    });
  }
}

export class RangeAreasProxy extends ProxyBase<{ sheet: SimSheet; rects: Rect[] }> {
  get _className() {
    return "RangeAreas";
  }
  _props(): Record<string, PropertyDef<{ sheet: SimSheet; rects: Rect[] }>> {
    return {
      address: { get: (t) => t.rects.map((r) => qualified({ sheet: t.sheet, rect: r })).join(",") },
      areaCount: { get: (t) => t.rects.length },
      cellCount: { get: (t) => t.rects.reduce((n, r) => n + rectCellCount(r), 0) },
    };
  }
  override _navigation(name: string) {
    if (name === "areas") return this.areas;
    if (name === "worksheet") return this.worksheet;
    return undefined;
  }
  get address(): string {
    return this._get("address") as string;
  }
  get areaCount(): number {
    return this._get("areaCount") as number;
  }
  get cellCount(): number {
    return this._get("cellCount") as number;
  }
  get areas(): RangeCollectionProxy {
    return this._child("areas", () => new RangeCollectionProxy(this._ctx, () => this._require()));
  }
  get worksheet(): WorksheetProxy {
    return this._child("worksheet", () => new WorksheetProxy(this._ctx, () => this._require().sheet));
  }
}

export class RangeCollectionProxy extends CollectionProxy<{ sheet: SimSheet; rects: Rect[] }, RangeTarget, RangeProxy> {
  private readonly _targets = new Map<string, RangeTarget>();
  get _className() {
    return "RangeCollection";
  }
  _itemsOf(t: { sheet: SimSheet; rects: Rect[] }): RangeTarget[] {
    return t.rects.map((rect) => {
      const key = `${t.sheet.id}:${formatRect(rect)}`;
      let target = this._targets.get(key);
      if (!target) {
        target = { sheet: t.sheet, rect };
        this._targets.set(key, target);
      }
      return target;
    });
  }
  _makeItem(t: RangeTarget): RangeProxy {
    return new RangeProxy(this._ctx, () => t);
  }
  getItemAt(index: number): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => {
        const t = this._require();
        const rect = t.rects[index];
        return rect ? { sheet: t.sheet, rect } : fail(ErrorCode.itemNotFound, `No area ${index}.`);
      },
      false,
      { method: "getItemAt", args: index },
    );
  }
  getCount(): SimClientResult<number> {
    return queueResult(this, "RangeCollection.getCount", null, () => this._require().rects.length);
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

export class RangeFormatProxy extends ProxyBase<RangeTarget> {
  get _className() {
    return "RangeFormat";
  }
  override _isAlive(t: RangeTarget): boolean {
    return sheetAlive(this._ctx, t.sheet);
  }
  _props(): Record<string, PropertyDef<RangeTarget>> {
    return {
      columnWidth: {
        get: (t) => {
          let width: number | null | undefined;
          for (let c = t.rect.c0; c <= t.rect.c1; c++) {
            const w = t.sheet.columnWidths.get(c) ?? STANDARD_COLUMN_WIDTH_POINTS;
            if (width === undefined) width = w;
            else if (width !== w) return null;
          }
          return width ?? null;
        },
        set: (t, v) => {
          const points = Number(v);
          if (!Number.isFinite(points) || points < 0) fail(ErrorCode.invalidArgument, "Invalid column width.");
          for (let c = t.rect.c0; c <= t.rect.c1; c++) t.sheet.columnWidths.set(c, points);
        },
      },
      rowHeight: { get: () => 15, set: () => undefined },
      wrapText: {
        get: (t) => uniform(t.rect, (r, c) => formatOf(t, r, c).wrapText ?? false),
        set: (t, v) => setFormat(t, (f) => (v ? (f.wrapText = true) : delete f.wrapText)),
      },
      horizontalAlignment: {
        get: (t) => uniform(t.rect, (r, c) => formatOf(t, r, c).horizontalAlignment ?? "General"),
        set: (t, v) => setFormat(t, (f) => (v === "General" ? delete f.horizontalAlignment : (f.horizontalAlignment = String(v)))),
      },
      verticalAlignment: {
        get: (t) => uniform(t.rect, (r, c) => formatOf(t, r, c).verticalAlignment ?? "Bottom"),
        set: (t, v) => setFormat(t, (f) => (v === "Bottom" ? delete f.verticalAlignment : (f.verticalAlignment = String(v)))),
      },
    };
  }
  override _navigation(name: string) {
    if (name === "font") return this.font;
    if (name === "fill") return this.fill;
    if (name === "borders") return this.borders;
    return undefined;
  }
  get columnWidth(): number {
    return this._get("columnWidth") as number;
  }
  set columnWidth(v: number) {
    this._set("columnWidth", v);
  }
  get rowHeight(): number {
    return this._get("rowHeight") as number;
  }
  set rowHeight(v: number) {
    this._set("rowHeight", v);
  }
  get wrapText(): boolean {
    return this._get("wrapText") as boolean;
  }
  set wrapText(v: boolean) {
    this._set("wrapText", v);
  }
  get horizontalAlignment(): string {
    return this._get("horizontalAlignment") as string;
  }
  set horizontalAlignment(v: string) {
    this._set("horizontalAlignment", v);
  }
  get verticalAlignment(): string {
    return this._get("verticalAlignment") as string;
  }
  set verticalAlignment(v: string) {
    this._set("verticalAlignment", v);
  }
  get font(): RangeFontProxy {
    return this._child("font", () => new RangeFontProxy(this._ctx, () => this._require()));
  }
  get fill(): RangeFillProxy {
    return this._child("fill", () => new RangeFillProxy(this._ctx, () => this._require()));
  }
  get borders(): RangeBorderCollectionProxy {
    return this._child("borders", () => new RangeBorderCollectionProxy(this._ctx, () => this._require()));
  }
  autofitColumns(): void {
    this._enqueue("RangeFormat.autofitColumns", null, () => undefined);
  }
  autofitRows(): void {
    this._enqueue("RangeFormat.autofitRows", null, () => undefined);
  }
}

const COLOR = /^#[0-9A-Fa-f]{6}$/;

function colorValue(v: unknown): string {
  const s = String(v);
  if (!COLOR.test(s)) fail(ErrorCode.invalidArgument, `Invalid color ${s}.`);
  return s.toUpperCase();
}

export class RangeFontProxy extends ProxyBase<RangeTarget> {
  get _className() {
    return "RangeFont";
  }
  _props(): Record<string, PropertyDef<RangeTarget>> {
    return {
      bold: {
        get: (t) => uniform(t.rect, (r, c) => formatOf(t, r, c).bold ?? false),
        set: (t, v) => setFormat(t, (f) => (v ? (f.bold = true) : delete f.bold)),
      },
      italic: {
        get: (t) => uniform(t.rect, (r, c) => formatOf(t, r, c).italic ?? false),
        set: (t, v) => setFormat(t, (f) => (v ? (f.italic = true) : delete f.italic)),
      },
      color: {
        get: (t) => uniform(t.rect, (r, c) => formatOf(t, r, c).fontColor ?? "#000000"),
        set: (t, v) => {
          const color = colorValue(v);
          setFormat(t, (f) => (color === "#000000" ? delete f.fontColor : (f.fontColor = color)));
        },
      },
      size: {
        get: (t) => uniform(t.rect, (r, c) => formatOf(t, r, c).fontSize ?? 11),
        set: (t, v) => {
          const size = Number(v);
          if (!(size > 0 && size <= 409)) fail(ErrorCode.invalidArgument, "Invalid font size.");
          setFormat(t, (f) => (size === 11 ? delete f.fontSize : (f.fontSize = size)));
        },
      },
      name: {
        get: (t) => uniform(t.rect, (r, c) => formatOf(t, r, c).fontName ?? "Calibri"),
        set: (t, v) => setFormat(t, (f) => (v === "Calibri" ? delete f.fontName : (f.fontName = String(v)))),
      },
    };
  }
  get bold(): boolean {
    return this._get("bold") as boolean;
  }
  set bold(v: boolean) {
    this._set("bold", v);
  }
  get italic(): boolean {
    return this._get("italic") as boolean;
  }
  set italic(v: boolean) {
    this._set("italic", v);
  }
  get color(): string {
    return this._get("color") as string;
  }
  set color(v: string) {
    this._set("color", v);
  }
  get size(): number {
    return this._get("size") as number;
  }
  set size(v: number) {
    this._set("size", v);
  }
  get name(): string {
    return this._get("name") as string;
  }
  set name(v: string) {
    this._set("name", v);
  }
}

export class RangeFillProxy extends ProxyBase<RangeTarget> {
  get _className() {
    return "RangeFill";
  }
  _props(): Record<string, PropertyDef<RangeTarget>> {
    return {
      color: {
        get: (t) => uniform(t.rect, (r, c) => formatOf(t, r, c).fillColor ?? "#FFFFFF"),
        set: (t, v) => {
          const color = colorValue(v);
          setFormat(t, (f) => (f.fillColor = color));
        },
      },
    };
  }
  get color(): string {
    return this._get("color") as string;
  }
  set color(v: string) {
    this._set("color", v);
  }
  clear(): void {
    this._enqueue("RangeFill.clear", null, () => setFormat(this._require(), (f) => delete f.fillColor));
  }
}

const EDGES: readonly BorderEdge[] = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"];

export class RangeBorderCollectionProxy extends ProxyBase<RangeTarget> {
  get _className() {
    return "RangeBorderCollection";
  }
  _props(): Record<string, PropertyDef<RangeTarget>> {
    return {};
  }
  getItem(index: string): RangeBorderProxy {
    return new RangeBorderProxy(
      this._ctx,
      () => {
        if (!(EDGES as readonly string[]).includes(index)) fail(ErrorCode.invalidArgument, `Border ${index} is not simulated.`);
        return { range: this._require(), edge: index as BorderEdge };
      },
      false,
      { method: "getItem", args: index },
    );
  }
}

/**
 * An edge border of a range. Like Excel, `EdgeTop` of a range is the top border of its first row's
 * cells, `EdgeBottom` the bottom border of its last row's, and so on.
 */
export class RangeBorderProxy extends ProxyBase<{ range: RangeTarget; edge: BorderEdge }> {
  get _className() {
    return "RangeBorder";
  }
  private static _edgeRect(t: { range: RangeTarget; edge: BorderEdge }): RangeTarget {
    const { rect } = t.range;
    const edgeRect =
      t.edge === "EdgeTop"
        ? { ...rect, r1: rect.r0 }
        : t.edge === "EdgeBottom"
          ? { ...rect, r0: rect.r1 }
          : t.edge === "EdgeLeft"
            ? { ...rect, c1: rect.c0 }
            : { ...rect, c0: rect.c1 };
    return { sheet: t.range.sheet, rect: edgeRect };
  }
  private static _update(t: { range: RangeTarget; edge: BorderEdge }, change: (b: { style: string; color: string; weight: string }) => void) {
    setFormat(RangeBorderProxy._edgeRect(t), (f) => {
      const borders = (f.borders ??= {});
      const b = borders[t.edge] ?? { style: "None", color: "#000000", weight: "Thin" };
      change(b);
      if (b.style === "None") delete borders[t.edge];
      else borders[t.edge] = b;
      if (Object.keys(borders).length === 0) delete f.borders;
    });
  }
  _props(): Record<string, PropertyDef<{ range: RangeTarget; edge: BorderEdge }>> {
    const read = (t: { range: RangeTarget; edge: BorderEdge }, key: "style" | "color" | "weight", fallback: string) => {
      const e = RangeBorderProxy._edgeRect(t);
      return uniform(e.rect, (r, c) => formatOf(e, r, c).borders?.[t.edge]?.[key] ?? fallback);
    };
    return {
      style: { get: (t) => read(t, "style", "None"), set: (t, v) => RangeBorderProxy._update(t, (b) => (b.style = String(v))) },
      color: { get: (t) => read(t, "color", "#000000"), set: (t, v) => RangeBorderProxy._update(t, (b) => (b.color = colorValue(v))) },
      weight: { get: (t) => read(t, "weight", "Thin"), set: (t, v) => RangeBorderProxy._update(t, (b) => (b.weight = String(v))) },
    };
  }
  get style(): string {
    return this._get("style") as string;
  }
  set style(v: string) {
    this._set("style", v);
  }
  get color(): string {
    return this._get("color") as string;
  }
  set color(v: string) {
    this._set("color", v);
  }
  get weight(): string {
    return this._get("weight") as string;
  }
  set weight(v: string) {
    this._set("weight", v);
  }
}

// ---------------------------------------------------------------------------------------------
// Names

export class NamedItemCollectionProxy extends CollectionProxy<SimWorkbook, SimName, NamedItemProxy> {
  get _className() {
    return "NamedItemCollection";
  }
  _itemsOf(wb: SimWorkbook): SimName[] {
    return [...wb.names];
  }
  _makeItem(item: SimName): NamedItemProxy {
    return new NamedItemProxy(this._ctx, () => item);
  }
  add(name: string, reference: RangeProxy | string, comment?: string): NamedItemProxy {
    let created: SimName | null = null;
    const proxy = new NamedItemProxy(this._ctx, () => created ?? fail(ErrorCode.generalException, "The name was not added."), false, {
      method: "add",
      args: [name, typeof reference === "string" ? reference : null, comment],
    });
    this._enqueue("NamedItemCollection.add", [name, typeof reference === "string" ? reference : null, comment ?? null], () => {
      const wb = this._require();
      const problem = definedNameProblem(name);
      if (problem) fail(ErrorCode.invalidArgument, `${name}: ${problem}`);
      if (findName(wb, name)) fail(ErrorCode.itemAlreadyExists, `The name '${name}' already exists.`);
      const formula =
        reference instanceof RangeProxy
          ? `=${qualified(reference._require(), true)}`
          : reference.startsWith("=")
            ? reference
            : `=${reference}`;
      created = { name, formula, comment: comment ?? "", visible: true };
      wb.names.push(created);
    });
    return proxy;
  }
  getItem(name: string): NamedItemProxy {
    return new NamedItemProxy(this._ctx, () => findName(this._require(), name) ?? fail(ErrorCode.itemNotFound, `The name '${name}' doesn't exist.`), false, {
      method: "getItem",
      args: name,
    });
  }
  getItemOrNullObject(name: string): NamedItemProxy {
    return new NamedItemProxy(this._ctx, () => findName(this._require(), name) ?? null, true, { method: "getItemOrNullObject", args: name });
  }
  getCount(): SimClientResult<number> {
    return queueResult(this, "NamedItemCollection.getCount", null, () => this._require().names.length);
  }
}

export class NamedItemProxy extends ProxyBase<SimName> {
  get _className() {
    return "NamedItem";
  }
  override _isAlive(n: SimName): boolean {
    return workbookOf(this._ctx).names.includes(n);
  }
  _props(): Record<string, PropertyDef<SimName>> {
    const wb = () => workbookOf(this._ctx);
    return {
      name: { get: (n) => n.name },
      formula: {
        get: (n) => n.formula,
        set: (n, v) => {
          if (!this._ctx._sim.isSetSupported("ExcelApi", "1.7")) fail(ErrorCode.apiNotFound, "Setting NamedItem.formula needs ExcelApi 1.7.");
          const f = String(v);
          n.formula = f.startsWith("=") ? f : `=${f}`;
        },
      },
      comment: { get: (n) => n.comment, set: (n, v) => (n.comment = String(v)) },
      visible: { get: (n) => n.visible, set: (n, v) => (n.visible = Boolean(v)) },
      scope: { get: () => "Workbook" },
      type: { get: (n) => nameType(wb(), n) },
      value: { get: (n) => nameValue(wb(), n) },
    };
  }
  get name(): string {
    return this._get("name") as string;
  }
  get formula(): string {
    return this._get("formula") as string;
  }
  set formula(v: string) {
    this._set("formula", v);
  }
  get comment(): string {
    return this._get("comment") as string;
  }
  set comment(v: string) {
    this._set("comment", v);
  }
  get visible(): boolean {
    return this._get("visible") as boolean;
  }
  set visible(v: boolean) {
    this._set("visible", v);
  }
  get scope(): string {
    return this._get("scope") as string;
  }
  get type(): string {
    return this._get("type") as string;
  }
  get value(): unknown {
    return this._get("value");
  }
  delete(): void {
    this._enqueue("NamedItem.delete", null, () => {
      const n = this._require();
      const wb = workbookOf(this._ctx);
      wb.names.splice(wb.names.indexOf(n), 1);
    });
  }
  private _range(nullable: boolean): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => {
        const n = this._resolve();
        if (n === null) return null;
        const ref = resolveReference(workbookOf(this._ctx), undefined, n.formula.slice(1));
        if (ref && ref !== "error") return ref;
        return nullable ? null : fail(ErrorCode.invalidArgument, `The name '${n.name}' does not refer to a range.`);
      },
      nullable,
      { method: nullable ? "getRangeOrNullObject" : "getRange" },
    );
  }
  getRange(): RangeProxy {
    return this._range(false);
  }
  getRangeOrNullObject(): RangeProxy {
    return this._range(true);
  }
}

// ---------------------------------------------------------------------------------------------
// Tables

interface TableScope {
  workbook: SimWorkbook;
  sheet: SimSheet | null;
}

export class TableCollectionProxy extends CollectionProxy<TableScope, SimTable, TableProxy> {
  get _className() {
    return "TableCollection";
  }
  _itemsOf(scope: TableScope): SimTable[] {
    return scope.workbook.tables.filter((t) => scope.sheet === null || t.sheetId === scope.sheet.id);
  }
  _makeItem(table: SimTable): TableProxy {
    return new TableProxy(this._ctx, () => table);
  }
  add(address: RangeProxy | string, hasHeaders: boolean): TableProxy {
    let created: SimTable | null = null;
    const proxy = new TableProxy(this._ctx, () => created ?? fail(ErrorCode.generalException, "The table was not added."), false, {
      method: "add",
      args: typeof address === "string" ? address : null,
    });
    this._enqueue("TableCollection.add", [typeof address === "string" ? address : null, hasHeaders], () => {
      const scope = this._require();
      const target = rangeArg(this._ctx, scope.sheet ?? undefined, address);
      let n = scope.workbook.tables.length + 1;
      while (scope.workbook.tables.some((t) => t.name.toLowerCase() === `table${n}`)) n++;
      created = { id: newId(scope.workbook, "TABLE"), name: `Table${n}`, sheetId: target.sheet.id, rect: target.rect, showHeaders: hasHeaders };
      scope.workbook.tables.push(created);
    });
    return proxy;
  }
  getItem(key: string): TableProxy {
    return new TableProxy(this._ctx, () => this._find(key) ?? fail(ErrorCode.itemNotFound, `The table '${key}' doesn't exist.`), false, {
      method: "getItem",
      args: key,
    });
  }
  getItemOrNullObject(key: string): TableProxy {
    return new TableProxy(this._ctx, () => this._find(key) ?? null, true, { method: "getItemOrNullObject", args: key });
  }
  getCount(): SimClientResult<number> {
    return queueResult(this, "TableCollection.getCount", null, () => this._itemsOf(this._require()).length);
  }
  private _find(key: string): SimTable | undefined {
    const lower = key.toLowerCase();
    return this._itemsOf(this._require()).find((t) => t.name.toLowerCase() === lower || t.id === key);
  }
}

export class TableProxy extends ProxyBase<SimTable> {
  get _className() {
    return "Table";
  }
  override _isAlive(t: SimTable): boolean {
    return workbookOf(this._ctx).tables.includes(t);
  }
  private _sheet(t: SimTable): SimSheet {
    return workbookOf(this._ctx).sheets.find((s) => s.id === t.sheetId) ?? fail(ErrorCode.itemNotFound, "The table's sheet is gone.");
  }
  _props(): Record<string, PropertyDef<SimTable>> {
    return {
      id: { get: (t) => t.id },
      name: {
        get: (t) => t.name,
        set: (t, v) => {
          const name = String(v);
          if (definedNameProblem(name)) fail(ErrorCode.invalidArgument, "Invalid table name.");
          t.name = name;
        },
      },
      showHeaders: { get: (t) => t.showHeaders },
    };
  }
  override _navigation(name: string) {
    return name === "worksheet" ? this.worksheet : undefined;
  }
  get id(): string {
    return this._get("id") as string;
  }
  get name(): string {
    return this._get("name") as string;
  }
  set name(v: string) {
    this._set("name", v);
  }
  get showHeaders(): boolean {
    return this._get("showHeaders") as boolean;
  }
  get worksheet(): WorksheetProxy {
    return this._child("worksheet", () => new WorksheetProxy(this._ctx, () => this._sheet(this._require())));
  }
  private _part(method: string, pick: (t: SimTable) => Rect | null): RangeProxy {
    return new RangeProxy(
      this._ctx,
      () => {
        const t = this._require();
        const rect = pick(t);
        return rect ? { sheet: this._sheet(t), rect } : fail(ErrorCode.itemNotFound, "The table has no such part.");
      },
      false,
      { method },
    );
  }
  getRange(): RangeProxy {
    return this._part("getRange", (t) => t.rect);
  }
  getHeaderRowRange(): RangeProxy {
    return this._part("getHeaderRowRange", (t) => (t.showHeaders ? { ...t.rect, r1: t.rect.r0 } : null));
  }
  getDataBodyRange(): RangeProxy {
    return this._part("getDataBodyRange", (t) =>
      t.showHeaders ? (t.rect.r1 > t.rect.r0 ? { ...t.rect, r0: t.rect.r0 + 1 } : null) : t.rect,
    );
  }
  delete(): void {
    this._enqueue("Table.delete", null, () => {
      const t = this._require();
      const wb = workbookOf(this._ctx);
      wb.tables.splice(wb.tables.indexOf(t), 1);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Charts

interface ChartTarget {
  sheet: SimSheet;
  chart: SimChart;
}

export class ChartCollectionProxy extends CollectionProxy<SimSheet, SimChart, ChartProxy> {
  get _className() {
    return "ChartCollection";
  }
  override _props(): Record<string, PropertyDef<SimSheet>> {
    return { count: { get: (s) => s.charts.length } };
  }
  get count(): number {
    return this._get("count") as number;
  }
  _itemsOf(sheet: SimSheet): SimChart[] {
    return [...sheet.charts];
  }
  _makeItem(chart: SimChart): ChartProxy {
    return new ChartProxy(this._ctx, () => ({ sheet: this._require(), chart }));
  }
  add(type: string, sourceData: RangeProxy, seriesBy: string = "Auto"): ChartProxy {
    let created: ChartTarget | null = null;
    const proxy = new ChartProxy(this._ctx, () => created ?? fail(ErrorCode.generalException, "The chart was not added."), false, {
      method: "add",
      args: [type, seriesBy],
    });
    this._enqueue("ChartCollection.add", [type, seriesBy], () => {
      const sheet = this._require();
      const source = sourceData._require();
      const byRows = seriesBy === "Rows" || (seriesBy === "Auto" && rectColumns(source.rect) > rectRows(source.rect));
      const series: SimChartSeries[] = [];
      const count = byRows ? rectRows(source.rect) : rectColumns(source.rect);
      for (let i = 0; i < count; i++) {
        const rect = byRows ? { ...source.rect, r0: source.rect.r0 + i, r1: source.rect.r0 + i } : { ...source.rect, c0: source.rect.c0 + i, c1: source.rect.c0 + i };
        series.push({ name: `Series${i + 1}`, values: `=${qualified({ sheet: source.sheet, rect }, true)}` });
      }
      const chart: SimChart = {
        id: newId(workbookOf(this._ctx), "CHART"),
        name: `Chart ${sheet.charts.length + 1}`,
        chartType: type,
        title: "",
        series,
      };
      sheet.charts.push(chart);
      created = { sheet, chart };
    });
    return proxy;
  }
  getItem(name: string): ChartProxy {
    return new ChartProxy(this._ctx, () => {
      const sheet = this._require();
      const chart = sheet.charts.find((c) => c.name === name) ?? fail(ErrorCode.itemNotFound, `No chart ${name}.`);
      return { sheet, chart };
    });
  }
  getItemAt(index: number): ChartProxy {
    return new ChartProxy(this._ctx, () => {
      const sheet = this._require();
      const chart = sheet.charts[index] ?? fail(ErrorCode.itemNotFound, `No chart ${index}.`);
      return { sheet, chart };
    });
  }
}

export class ChartProxy extends ProxyBase<ChartTarget> {
  get _className() {
    return "Chart";
  }
  override _isAlive(t: ChartTarget): boolean {
    return sheetAlive(this._ctx, t.sheet) && t.sheet.charts.includes(t.chart);
  }
  _props(): Record<string, PropertyDef<ChartTarget>> {
    return {
      id: { get: (t) => t.chart.id },
      name: { get: (t) => t.chart.name, set: (t, v) => (t.chart.name = String(v)) },
      chartType: { get: (t) => t.chart.chartType, set: (t, v) => (t.chart.chartType = String(v)) },
    };
  }
  override _navigation(name: string) {
    if (name === "title") return this.title;
    if (name === "series") return this.series;
    return undefined;
  }
  get id(): string {
    return this._get("id") as string;
  }
  get name(): string {
    return this._get("name") as string;
  }
  set name(v: string) {
    this._set("name", v);
  }
  get chartType(): string {
    return this._get("chartType") as string;
  }
  set chartType(v: string) {
    this._set("chartType", v);
  }
  get title(): ChartTitleProxy {
    return this._child("title", () => new ChartTitleProxy(this._ctx, () => this._require()));
  }
  get series(): ChartSeriesCollectionProxy {
    return this._child("series", () => new ChartSeriesCollectionProxy(this._ctx, () => this._require()));
  }
  setPosition(startCell: RangeProxy | string, endCell?: RangeProxy | string): void {
    this._enqueue("Chart.setPosition", [typeof startCell === "string" ? startCell : null, typeof endCell === "string" ? endCell : null], () => {
      const t = this._require();
      t.chart.topLeft = formatRect(rangeArg(this._ctx, t.sheet, startCell).rect);
      if (endCell !== undefined) t.chart.bottomRight = formatRect(rangeArg(this._ctx, t.sheet, endCell).rect);
    });
  }
  delete(): void {
    this._enqueue("Chart.delete", null, () => {
      const t = this._require();
      t.sheet.charts.splice(t.sheet.charts.indexOf(t.chart), 1);
    });
  }
}

export class ChartTitleProxy extends ProxyBase<ChartTarget> {
  get _className() {
    return "ChartTitle";
  }
  _props(): Record<string, PropertyDef<ChartTarget>> {
    return {
      text: { get: (t) => t.chart.title, set: (t, v) => (t.chart.title = String(v)) },
      visible: { get: (t) => t.chart.title !== "" },
    };
  }
  get text(): string {
    return this._get("text") as string;
  }
  set text(v: string) {
    this._set("text", v);
  }
}

interface SeriesTarget extends ChartTarget {
  series: SimChartSeries;
}

export class ChartSeriesCollectionProxy extends CollectionProxy<ChartTarget, SimChartSeries, ChartSeriesProxy> {
  get _className() {
    return "ChartSeriesCollection";
  }
  override _props(): Record<string, PropertyDef<ChartTarget>> {
    return { count: { get: (t) => t.chart.series.length } };
  }
  get count(): number {
    return this._get("count") as number;
  }
  _itemsOf(t: ChartTarget): SimChartSeries[] {
    return [...t.chart.series];
  }
  _makeItem(series: SimChartSeries): ChartSeriesProxy {
    return new ChartSeriesProxy(this._ctx, () => ({ ...this._require(), series }));
  }
  add(name?: string, index?: number): ChartSeriesProxy {
    let created: SeriesTarget | null = null;
    const proxy = new ChartSeriesProxy(this._ctx, () => created ?? fail(ErrorCode.generalException, "The series was not added."), false, {
      method: "add",
      args: [name, index],
    });
    this._enqueue("ChartSeriesCollection.add", [name ?? null, index ?? null], () => {
      if (!this._ctx._sim.isSetSupported("ExcelApi", "1.7")) fail(ErrorCode.apiNotFound, "ChartSeriesCollection.add needs ExcelApi 1.7.");
      const t = this._require();
      const series: SimChartSeries = { name: name ?? `Series${t.chart.series.length + 1}`, values: "" };
      if (index === undefined) t.chart.series.push(series);
      else t.chart.series.splice(index, 0, series);
      created = { ...t, series };
    });
    return proxy;
  }
  getItemAt(index: number): ChartSeriesProxy {
    return new ChartSeriesProxy(
      this._ctx,
      () => {
        const t = this._require();
        const series = t.chart.series[index] ?? fail(ErrorCode.itemNotFound, `No series ${index}.`);
        return { ...t, series };
      },
      false,
      { method: "getItemAt", args: index },
    );
  }
}

export class ChartSeriesProxy extends ProxyBase<SeriesTarget> {
  get _className() {
    return "ChartSeries";
  }
  _props(): Record<string, PropertyDef<SeriesTarget>> {
    return { name: { get: (t) => t.series.name, set: (t, v) => (t.series.name = String(v)) } };
  }
  get name(): string {
    return this._get("name") as string;
  }
  set name(v: string) {
    this._set("name", v);
  }
  setValues(sourceData: RangeProxy): void {
    this._enqueue("ChartSeries.setValues", null, () => {
      const t = this._require();
      t.series.values = `=${qualified(sourceData._require(), true)}`;
    });
  }
  setXAxisValues(sourceData: RangeProxy): void {
    this._enqueue("ChartSeries.setXAxisValues", null, () => {
      const t = this._require();
      t.series.categories = `=${qualified(sourceData._require(), true)}`;
    });
  }
  delete(): void {
    this._enqueue("ChartSeries.delete", null, () => {
      const t = this._require();
      t.chart.series.splice(t.chart.series.indexOf(t.series), 1);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The request context and Excel.run

const REQUEST_ENVELOPE_BYTES = 120;

export class SimRequestContext implements ContextCore {
  _batch = new Batch();
  _running: Batch | null = null;
  _closed = false;
  readonly workbook: WorkbookProxy;
  readonly runtime: RuntimeProxy;
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };

  constructor(readonly _sim: Simulator) {
    this.workbook = new WorkbookProxy(this, () => _sim.workbook);
    this.runtime = new RuntimeProxy(this, () => _sim);
  }

  get application(): ApplicationProxy {
    return this.workbook.application;
  }

  sync(): Promise<void> {
    return this._sync(false);
  }

  async _sync(automatic: boolean): Promise<void> {
    if (this._closed) throw new SimOfficeError("InvalidRequestContext", "The request context has been closed (Excel.run has finished).");
    const sim = this._sim;
    const batch = this._batch;
    this._batch = new Batch();
    const record: SyncRecord = {
      index: sim.syncs.length + 1,
      requestBytes: REQUEST_ENVELOPE_BYTES + batch.pathBytes + batch.actions.reduce((n, a) => n + a.bytes, 0),
      responseBytes: 0,
      actionCount: batch.actions.length,
      calculationSuspended: batch.suspendCalculation,
      outcome: "ok",
      automatic,
    };
    sim.syncs.push(record);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    const failure = sim.syncFailure(record.index);
    if (failure?.hang) {
      record.outcome = "hung";
      return new Promise<void>(() => undefined);
    }
    const injected = (f: { code?: string; message?: string }) =>
      new SimOfficeError(f.code ?? ErrorCode.generalException, f.message ?? `Injected failure in sync ${record.index}.`);
    this._running = batch;
    try {
      if (failure?.beforeExecution) throw injected(failure);
      if (record.requestBytes > sim.options.payloadLimitBytes) {
        throw new SimOfficeError(
          ErrorCode.requestPayloadSizeLimitExceeded,
          `The request payload size (${record.requestBytes} bytes) has exceeded the limit (${sim.options.payloadLimitBytes} bytes).`,
        );
      }
      const stopAt = failure ? Math.min(failure.afterActions ?? Math.floor(batch.actions.length / 2), batch.actions.length) : -1;
      for (let i = 0; i < batch.actions.length; i++) {
        if (i === stopAt) throw injected(failure ?? {});
        const action = batch.actions[i];
        if (!action) continue;
        const opFailure = sim.operationFailure(action.label);
        if (opFailure) throw injected({ ...opFailure, message: opFailure.message ?? `Injected failure in ${action.label}.` });
        action.run();
      }
      if (failure && stopAt === batch.actions.length) throw injected(failure);
      for (const proxy of batch.nullables) {
        const target = proxy._resolve();
        batch.staged.push({ proxy, apply: () => (proxy._isNull = target === null) });
      }
      record.responseBytes = batch.responseBytes;
      if (batch.responseBytes > sim.options.payloadLimitBytes) {
        throw new SimOfficeError(
          ErrorCode.responsePayloadSizeLimitExceeded,
          `The response payload size (${batch.responseBytes} bytes) has exceeded the limit (${sim.options.payloadLimitBytes} bytes).`,
        );
      }
      for (const s of batch.staged) s.apply();
    } catch (error) {
      record.outcome = "failed";
      record.error = error instanceof SimOfficeError ? error.code : String(error);
      throw error;
    } finally {
      this._running = null;
      sim.calculationSuspended = false;
      sim.deliverChanges();
    }
  }
}

export type BatchFunction<T> = (context: SimRequestContext) => Promise<T>;

/** `Excel.run(batch)` or `Excel.run(objectOrOptions, batch)`. */
export function createRun(sim: Simulator) {
  return async function run<T>(first: unknown, second?: unknown): Promise<T> {
    const batch = (typeof first === "function" ? first : second) as BatchFunction<T> | undefined;
    if (typeof batch !== "function") throw new SimOfficeError(ErrorCode.invalidArgument, "Excel.run needs a batch function.");
    // `Excel.run(previousContext, batch)` runs the batch on that context (e.g. to remove an event handler).
    const reused = first instanceof SimRequestContext && first._sim === sim ? first : null;
    const context = reused ?? new SimRequestContext(sim);
    context._closed = false;
    try {
      const result = await batch(context);
      // Office.js syncs what the batch function left queued.
      if (context._batch.actions.length > 0) await context._sync(true);
      return result;
    } finally {
      context._closed = true;
    }
  };
}

export { utf8Length };
