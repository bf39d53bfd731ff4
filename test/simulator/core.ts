/**
 * The request machinery of the simulated Excel JavaScript API: proxy objects whose property sets,
 * method calls and loads are queued and only run at `context.sync()`, with Office.js's rules —
 * reading a property that was not loaded throws `PropertyNotLoaded`, `*OrNullObject` proxies
 * learn `isNullObject` at the next sync, a failed action stops the batch (earlier actions stay
 * applied, loads are not delivered) — plus per-sync request-size accounting, read limits, a sync
 * log and injectable failures. Browser-safe.
 */
import type { SheetChangeType } from "../../src/domain/livingBudget";
import { formatRect, parseRect, rectColumns, rectRows, SHEET_COLUMNS } from "./address";
import { findSheet, shiftSheetRows, writeInput, type SimWorkbook } from "./model";

// ---------------------------------------------------------------------------------------------
// Errors

export interface SimDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
}

/** Shaped like `OfficeExtension.Error`: `name`, `code`, `message`, `debugInfo`. */
export class SimOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: SimDebugInfo;
  readonly traceMessages: string[] = [];
  readonly innerError: SimOfficeError | null = null;

  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, ...(errorLocation ? { errorLocation } : {}) };
  }
}

export const ErrorCode = {
  propertyNotLoaded: "PropertyNotLoaded",
  itemNotFound: "ItemNotFound",
  itemAlreadyExists: "ItemAlreadyExists",
  invalidArgument: "InvalidArgument",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidSelection: "InvalidSelection",
  generalException: "GeneralException",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
  invalidRequestContext: "InvalidRequestContext",
  apiNotFound: "ApiNotFound",
} as const;

export function notLoaded(property: string): SimOfficeError {
  return new SimOfficeError(
    ErrorCode.propertyNotLoaded,
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Options, sync log and failures

export interface SimulatorOptions {
  /** Highest ExcelApi requirement set supported, e.g. "1.9". Default "1.12". */
  excelApiVersion?: string;
  /** Request (and response) limit in bytes; Excel on the web's is 5 MB. Default 5,000,000. */
  payloadLimitBytes?: number;
  /** Reads of more cells than this fail. Default 5,000,000. */
  readCellLimit?: number;
  platform?: "OfficeOnline" | "PC" | "Mac";
  /**
   * How long after the sync (or the user's edit) change events reach the handlers. Excel delivers
   * them asynchronously, some time after the `context.sync()` that caused them has resolved.
   * Default 0 (the next macrotask).
   */
  eventDelayMs?: number;
}

export interface SyncRecord {
  /** 1-based, over the simulator's lifetime. */
  index: number;
  /** Estimated size of the request JSON, in UTF-8 bytes. */
  requestBytes: number;
  responseBytes: number;
  actionCount: number;
  /** `suspendApiCalculationUntilNextSync()` was queued in this batch. */
  calculationSuspended: boolean;
  outcome: "ok" | "failed" | "hung";
  /** The final sync `Excel.run` makes when the batch function left actions queued. */
  automatic: boolean;
  error?: string;
}

export interface InjectedFailure {
  /** Fail this sync (1-based index over the simulator's lifetime, see `SyncRecord.index`). */
  sync?: number;
  /** Fail when this operation runs, e.g. `Worksheet.delete`, `Range.formulas=`, `NamedItemCollection.add`. */
  operation?: string;
  /** With `operation`: the occurrence to fail, counted from injection (1-based). Default 1. */
  occurrence?: number;
  /** With `sync`: how many actions run before the failure. Default: half of the batch. */
  afterActions?: number;
  /** Fail the sync before any action runs (what a transient error such as cell edit mode does). */
  beforeExecution?: boolean;
  /** The sync never answers. */
  hang?: boolean;
  /** How many times this failure fires (default 1). */
  times?: number;
  code?: string;
  message?: string;
}

interface ArmedFailure extends InjectedFailure {
  seen: number;
  fired: number;
}

/** `Excel.DataChangeType` (the same union the domain's living-budget logic receives). */
export type ChangeType = SheetChangeType;

/** Who made a change: this add-in through the API, the user at this machine, or a co-author. */
export type ChangeOrigin = "addin" | "user" | "remote";

/**
 * The part of `Excel.WorksheetChangedEventArgs` the simulator delivers: `address` without the
 * sheet name, `changeType`, `source` (`Remote` for a co-author's edit) and, from ExcelApi 1.14,
 * `triggerSource` (`ThisLocalAddin` for the add-in's own API writes). `details` and `getRange()`
 * are not simulated.
 */
export interface ChangeEvent {
  type: "WorksheetChanged";
  changeType: ChangeType;
  source: "Local" | "Remote";
  worksheetId: string;
  address: string;
  triggerSource?: "ThisLocalAddin" | "Unknown";
}

export type ChangeHandler = (event: ChangeEvent) => Promise<unknown> | unknown;

/** One `onChanged.add`: a sheet's handler, or every sheet's (`sheetId` null, the collection's). */
export interface ChangeRegistration {
  id: number;
  sheetId: string | null;
  handler: ChangeHandler;
}

// ---------------------------------------------------------------------------------------------
// Sizes

const encoder = new TextEncoder();

/** UTF-8 byte length of a string, as it would travel in a request. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** Office.js serialises each action and object path as JSON with a fixed envelope; these approximate it. */
export const ACTION_ENVELOPE_BYTES = 80;
export const OBJECT_PATH_ENVELOPE_BYTES = 110;

function jsonBytes(value: unknown): number {
  if (value === undefined) return 0;
  return utf8Length(JSON.stringify(value, (_k, v: unknown) => (v instanceof ProxyBase ? { ObjectPathId: v._proxyId } : v)) ?? "");
}

// ---------------------------------------------------------------------------------------------
// The simulator (shared by all contexts of one simulated Office)

export class Simulator {
  workbook: SimWorkbook;
  readonly options: Required<SimulatorOptions>;
  readonly syncs: SyncRecord[] = [];
  enableEvents = true;
  private failures: ArmedFailure[] = [];
  private handlers: ChangeRegistration[] = [];
  private registrationCounter = 0;
  /** Changes made while events were enabled, delivered after the sync. */
  pendingChanges: ChangeEvent[] = [];
  /** Set by `suspendApiCalculationUntilNextSync`, cleared at the end of each sync. */
  calculationSuspended = false;
  /** Calls to `application.calculate`, by type. */
  readonly calculations: string[] = [];

  constructor(workbook: SimWorkbook, options: SimulatorOptions = {}) {
    this.workbook = workbook;
    this.options = {
      excelApiVersion: options.excelApiVersion ?? "1.12",
      payloadLimitBytes: options.payloadLimitBytes ?? 5_000_000,
      readCellLimit: options.readCellLimit ?? 5_000_000,
      platform: options.platform ?? "OfficeOnline",
      eventDelayMs: options.eventDelayMs ?? 0,
    };
  }

  get syncCount(): number {
    return this.syncs.length;
  }

  get largestRequestBytes(): number {
    return this.syncs.reduce((max, s) => Math.max(max, s.requestBytes), 0);
  }

  /** Forget the sync log (e.g. after setting up a workbook). */
  resetLog(): void {
    this.syncs.length = 0;
  }

  inject(failure: InjectedFailure): void {
    this.failures.push({ ...failure, seen: 0, fired: 0 });
  }

  clearFailures(): void {
    this.failures = [];
  }

  isSetSupported(name: string, minVersion?: string): boolean {
    if (name !== "ExcelApi") return false;
    if (!minVersion) return true;
    const [maxMajor = 0, maxMinor = 0] = this.options.excelApiVersion.split(".").map(Number);
    const [major = 0, minor = 0] = minVersion.split(".").map(Number);
    return major < maxMajor || (major === maxMajor && minor <= maxMinor);
  }

  /** Registers a handler (at the sync that carries `onChanged.add`). */
  addChangeHandler(sheetId: string | null, handler: ChangeHandler): ChangeRegistration {
    const registration = { id: ++this.registrationCounter, sheetId, handler };
    this.handlers.push(registration);
    return registration;
  }

  /** Removes one registration, or every registration of `handler` on `sheetId` (`EventHandlers.remove`). */
  removeChangeHandler(which: ChangeRegistration | { sheetId: string | null; handler: ChangeHandler }): void {
    this.handlers = this.handlers.filter((h) =>
      "id" in which ? h.id !== which.id : !(h.handler === which.handler && h.sheetId === which.sheetId),
    );
  }

  /** Handlers registered now (for tests). */
  get changeHandlerCount(): number {
    return this.handlers.length;
  }

  /**
   * The add-in's runtime was reloaded (the pane closed and opened again, or the workbook was
   * reopened): Excel forgets its event handlers, and events are on again.
   */
  reloadAddin(): void {
    this.handlers = [];
    this.pendingChanges = [];
    this.enableEvents = true;
  }

  /**
   * Records a change to a sheet's data. Excel raises the event only while the add-in has events
   * enabled (`context.runtime.enableEvents`, ExcelApi 1.8), and only to handlers registered then.
   */
  recordChange(sheetId: string, address: string, changeType: ChangeType = "RangeEdited", origin: ChangeOrigin = "addin"): void {
    if (!this.enableEvents || this.handlers.length === 0) return;
    const event: ChangeEvent = {
      type: "WorksheetChanged",
      changeType,
      source: origin === "remote" ? "Remote" : "Local",
      worksheetId: sheetId,
      address,
    };
    if (this.isSetSupported("ExcelApi", "1.14")) event.triggerSource = origin === "addin" ? "ThisLocalAddin" : "Unknown";
    this.pendingChanges.push(event);
  }

  /**
   * Delivers the recorded changes asynchronously (after the sync has resolved), one handler call
   * per event and matching registration. A handler removed meanwhile is not called.
   */
  deliverChanges(): void {
    const events = this.pendingChanges;
    this.pendingChanges = [];
    for (const event of events)
      for (const h of this.handlers) {
        if (h.sheetId !== null && h.sheetId !== event.worksheetId) continue;
        setTimeout(() => {
          if (this.handlers.includes(h)) void h.handler({ ...event });
        }, this.options.eventDelayMs);
      }
  }

  // -------------------------------------------------------------------------------------------
  // The user at the keyboard (for tests): changes outside any batch, with the events Excel raises

  private userSheet(sheetName: string) {
    const sheet = findSheet(this.workbook, sheetName);
    if (!sheet) throw new Error(`No such sheet: ${sheetName}`);
    return sheet;
  }

  /**
   * Types (or pastes) `values` into `address` of `sheetName`, as a user does: text starting with
   * `=` becomes a formula, numeric text a number; `""` clears a cell, `null` leaves it. One
   * `RangeEdited` event for the whole block, as for a paste.
   */
  userEdit(sheetName: string, address: string, values: unknown[][], origin: Exclude<ChangeOrigin, "addin"> = "user"): void {
    const sheet = this.userSheet(sheetName);
    const rect = parseRect(address);
    if (!rect) throw new Error(`Bad address: ${address}`);
    if (values.length !== rectRows(rect) || values.some((row) => row.length !== rectColumns(rect)))
      throw new Error(`The values do not fit ${address}`);
    values.forEach((row, i) => row.forEach((v, j) => writeInput(sheet, rect.r0 + i, rect.c0 + j, v)));
    this.recordChange(sheet.id, formatRect(rect), "RangeEdited", origin);
    this.deliverChanges();
  }

  /** Inserts `count` whole rows before worksheet row `rowNumber` (1-based), as from the row headers. */
  userInsertRows(sheetName: string, rowNumber: number, count = 1): void {
    const sheet = this.userSheet(sheetName);
    shiftSheetRows(this.workbook, sheet, rowNumber - 1, count);
    this.recordChange(sheet.id, formatRect({ r0: rowNumber - 1, c0: 0, r1: rowNumber + count - 2, c1: SHEET_COLUMNS - 1 }), "RowInserted", "user");
    this.deliverChanges();
  }

  /** Deletes `count` whole rows from worksheet row `rowNumber` (1-based) down. */
  userDeleteRows(sheetName: string, rowNumber: number, count = 1): void {
    const sheet = this.userSheet(sheetName);
    shiftSheetRows(this.workbook, sheet, rowNumber - 1, -count);
    this.recordChange(sheet.id, formatRect({ r0: rowNumber - 1, c0: 0, r1: rowNumber + count - 2, c1: SHEET_COLUMNS - 1 }), "RowDeleted", "user");
    this.deliverChanges();
  }

  /** The failure that applies to the sync about to run, if any. */
  syncFailure(index: number): ArmedFailure | undefined {
    const f = this.failures.find((x) => x.sync === index && x.operation === undefined && x.fired < (x.times ?? 1));
    if (f) f.fired++;
    return f;
  }

  /** Called before each action runs. */
  operationFailure(label: string): ArmedFailure | undefined {
    for (const f of this.failures) {
      if (f.operation === undefined || f.operation !== label || f.fired >= (f.times ?? 1)) continue;
      f.seen++;
      if (f.seen >= (f.occurrence ?? 1)) {
        f.fired++;
        return f;
      }
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Load specifications

/** `{ all }` loads every scalar property; children are property names or navigation paths. */
export interface LoadTree {
  all: boolean;
  children: Map<string, LoadTree>;
}

function emptyTree(all: boolean): LoadTree {
  return { all, children: new Map() };
}

function addPath(tree: LoadTree, path: string): void {
  const parts = path.split("/").map((p) => p.trim()).filter((p) => p !== "");
  let node = tree;
  for (const part of parts) {
    let child = node.children.get(part);
    if (!child) {
      child = emptyTree(false);
      node.children.set(part, child);
    }
    node = child;
  }
  if (node !== tree && node.children.size === 0) node.all = true;
}

function addObject(tree: LoadTree, spec: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(spec)) {
    if (key.startsWith("$")) continue;
    if (value === true) addPath(tree, key);
    else if (typeof value === "object" && value !== null) {
      const child = tree.children.get(key) ?? emptyTree(false);
      tree.children.set(key, child);
      addObject(child, value as Record<string, unknown>);
      if (child.children.size === 0) child.all = true;
    }
  }
}

/** Parses every form `load()` accepts: nothing, `"a, b/c"`, `["a", "b/c"]`, `{select, expand}`, `{a: true, b: {c: true}}`. */
export function parseLoad(spec: unknown): LoadTree {
  if (spec === undefined || spec === null) return emptyTree(true);
  const tree = emptyTree(false);
  const addPaths = (value: unknown) => {
    if (typeof value === "string") value.split(",").forEach((p) => addPath(tree, p));
    else if (Array.isArray(value)) value.forEach((p) => addPaths(p));
  };
  if (typeof spec === "string" || Array.isArray(spec)) addPaths(spec);
  else if (typeof spec === "object") {
    const o = spec as Record<string, unknown>;
    if ("select" in o || "expand" in o) {
      addPaths(o.select);
      if (o.expand !== undefined) {
        const before = new Set(tree.children.keys());
        addPaths(o.expand);
        for (const [k, v] of tree.children) if (!before.has(k) && v.children.size === 0) v.all = true;
      }
    } else addObject(tree, o);
  }
  if (tree.children.size === 0) tree.all = true;
  return tree;
}

// ---------------------------------------------------------------------------------------------
// Proxies

export interface PropertyDef<T> {
  get?: (target: T) => unknown;
  set?: (target: T, value: unknown) => void;
  /** Reading this property returns cell data: counts towards the read-cell limit. */
  cellData?: (target: T) => number;
}

/** What the machinery needs from any proxy, whatever its target type. */
export interface AnyProxy {
  readonly _proxyId: number;
  readonly _ctx: ContextCore;
  _isNull: boolean | undefined;
  _resolve(): unknown;
  _applyLoad(tree: LoadTree): void;
  _enqueue(label: string, args: unknown, run: () => void): void;
}

interface Staged {
  proxy: AnyProxy;
  apply: () => void;
}

interface Action {
  label: string;
  bytes: number;
  run: () => void;
}

let proxyCounter = 0;

/** One queued batch. Shared by the context and its proxies. */
export class Batch {
  actions: Action[] = [];
  pathBytes = 0;
  nullables: AnyProxy[] = [];
  suspendCalculation = false;
  staged: Staged[] = [];
  responseBytes = 0;
}

export interface ContextCore {
  readonly _sim: Simulator;
  /** The batch being queued. */
  _batch: Batch;
  /** The batch being run by a sync (loads stage their results in it). */
  _running: Batch | null;
  _closed: boolean;
}

function runningBatch(ctx: ContextCore): Batch {
  if (!ctx._running) throw new Error("Simulator bug: a load ran outside a sync.");
  return ctx._running;
}

/**
 * Base of every simulated proxy. A proxy knows how to find its target in the workbook
 * (`resolver`, run at sync time and then remembered, as Office.js binds an object path once).
 */
export abstract class ProxyBase<T> implements AnyProxy {
  readonly _proxyId = ++proxyCounter;
  readonly _loaded = new Map<string, unknown>();
  _isNull: boolean | undefined;
  private _resolved = false;
  private _target: T | null = null;
  private readonly _children = new Map<string, AnyProxy>();

  constructor(
    readonly _ctx: ContextCore,
    private readonly _resolver: () => T | null,
    private readonly _nullable = false,
    creation?: { method: string; args?: unknown },
  ) {
    if (creation) _ctx._batch.pathBytes += OBJECT_PATH_ENVELOPE_BYTES + jsonBytes(creation.args) + creation.method.length;
    if (_nullable) _ctx._batch.nullables.push(this);
  }

  abstract get _className(): string;

  /** Scalar properties: how to read (and write) each from the target. */
  abstract _props(): Record<string, PropertyDef<T>>;

  /** Navigation properties (child proxies) by name. */
  _navigation(_name: string): AnyProxy | undefined {
    return undefined;
  }

  get context(): ContextCore {
    return this._ctx;
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw notLoaded("isNullObject");
    return this._isNull;
  }

  /** At sync time: the target, or `null` for a null object. Throws like Office.js for a missing item. */
  _resolve(): T | null {
    if (!this._resolved) {
      this._target = this._resolver();
      this._resolved = true;
    }
    if (this._target !== null && !this._isAlive(this._target)) {
      throw new SimOfficeError(ErrorCode.itemNotFound, "The requested resource doesn't exist.", this._className);
    }
    return this._target;
  }

  /** Targets can die (a deleted sheet); using a proxy to one then fails. */
  _isAlive(_target: T): boolean {
    return true;
  }

  /** At sync time: the target, failing for a null object. */
  _require(): T {
    const target = this._resolve();
    if (target === null) throw new SimOfficeError(ErrorCode.itemNotFound, "The requested resource doesn't exist.", this._className);
    return target;
  }

  _child<C extends AnyProxy>(name: string, make: () => C): C {
    let child = this._children.get(name);
    if (!child) {
      child = make();
      this._children.set(name, child);
    }
    return child as C;
  }

  _assertOpen(): void {
    if (this._ctx._closed)
      throw new SimOfficeError(
        ErrorCode.invalidRequestContext,
        "Cannot use the object across different request contexts (the Excel.run batch has finished).",
      );
  }

  /** Reads a loaded property (or one this proxy set). */
  _get(name: string): unknown {
    if (!this._loaded.has(name)) throw notLoaded(name);
    return this._loaded.get(name);
  }

  /** Queues a property set. */
  _set(name: string, value: unknown): void {
    this._assertOpen();
    const def = this._props()[name];
    if (!def?.set) throw new SimOfficeError(ErrorCode.invalidArgument, `The property '${name}' is read-only.`);
    const setter = def.set;
    this._loaded.set(name, value);
    this._enqueue(`${this._className}.${name}=`, value, () => setter(this._require(), value));
  }

  /** Queues an action. */
  _enqueue(label: string, args: unknown, run: () => void): void {
    this._assertOpen();
    this._ctx._batch.actions.push({ label, bytes: ACTION_ENVELOPE_BYTES + label.length + jsonBytes(args), run });
  }

  load(spec?: unknown): this {
    this._assertOpen();
    const tree = parseLoad(spec);
    this._enqueue(`${this._className}.load`, spec ?? null, () => this._applyLoad(tree));
    return this;
  }

  /** Runs a load at sync time: stages the values, delivered only if the whole sync succeeds. */
  _applyLoad(tree: LoadTree): void {
    const target = this._resolve();
    const batch = runningBatch(this._ctx);
    const props = this._props();
    const stage = (name: string, value: unknown) => {
      batch.responseBytes += name.length + 4 + jsonBytes(value);
      batch.staged.push({ proxy: this, apply: () => this._loaded.set(name, value) });
    };
    batch.staged.push({ proxy: this, apply: () => (this._isNull = target === null) });
    const names = new Set<string>(tree.all ? Object.keys(props).filter((k) => props[k]?.get) : []);
    for (const key of tree.children.keys()) names.add(key);
    for (const name of names) {
      const nav = this._navigation(name);
      if (nav) {
        const sub = tree.children.get(name);
        if (sub && target !== null) nav._applyLoad(sub);
        continue;
      }
      const def = props[name];
      if (!def?.get) {
        throw new SimOfficeError(ErrorCode.invalidArgument, `The property '${name}' does not exist on ${this._className}.`);
      }
      if (target === null) {
        stage(name, null);
        continue;
      }
      const cells = def.cellData?.(target) ?? 0;
      if (cells > this._ctx._sim.options.readCellLimit) {
        throw new SimOfficeError(
          ErrorCode.responsePayloadSizeLimitExceeded,
          `Reading ${cells} cells exceeds the limit of ${this._ctx._sim.options.readCellLimit} cells.`,
          `${this._className}.${name}`,
        );
      }
      stage(name, def.get(target));
    }
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._loaded);
  }
}

/** A collection proxy: `items` after a load; every load path applies to the items. */
export abstract class CollectionProxy<T, I, P extends AnyProxy> extends ProxyBase<T> {
  private _itemProxies = new Map<I, P>();

  abstract _itemsOf(target: T): I[];
  abstract _makeItem(item: I): P;

  _props(): Record<string, PropertyDef<T>> {
    return {};
  }

  _itemProxy(item: I): P {
    let p = this._itemProxies.get(item);
    if (!p) {
      p = this._makeItem(item);
      this._itemProxies.set(item, p);
    }
    return p;
  }

  get items(): P[] {
    return this._get("items") as P[];
  }

  override _applyLoad(tree: LoadTree): void {
    const target = this._require();
    const itemTree: LoadTree = { all: tree.all, children: new Map(tree.children) };
    const explicit = itemTree.children.get("items");
    if (explicit) {
      itemTree.children.delete("items");
      for (const [k, v] of explicit.children) itemTree.children.set(k, v);
      if (explicit.all && itemTree.children.size === 0) itemTree.all = true;
    }
    const items = this._itemsOf(target).map((i) => this._itemProxy(i));
    const batch = runningBatch(this._ctx);
    batch.staged.push({ proxy: this, apply: () => this._loaded.set("items", items) });
    for (const item of items) item._applyLoad(itemTree);
  }
}

/** `OfficeExtension.ClientResult`: a value known after the next sync. */
export class SimClientResult<V> {
  private _value: V | undefined;
  private _set = false;

  get value(): V {
    if (!this._set) throw notLoaded("value");
    return this._value as V;
  }

  _deliver(value: V): void {
    this._value = value;
    this._set = true;
  }
}

/** Queues an action whose result is delivered (as a `ClientResult`) after the sync. */
export function queueResult<V>(proxy: AnyProxy, label: string, args: unknown, compute: () => V): SimClientResult<V> {
  const result = new SimClientResult<V>();
  proxy._enqueue(label, args, () => {
    const value = compute();
    const batch = runningBatch(proxy._ctx);
    batch.responseBytes += jsonBytes(value);
    batch.staged.push({ proxy, apply: () => result._deliver(value) });
  });
  return result;
}
