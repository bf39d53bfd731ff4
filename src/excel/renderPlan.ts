/**
 * Renders a `WorkbookPlan` into the open workbook with Office.js, atomically:
 *
 *  1. read      one sync: sheets, workbook names, active sheet.
 *  2. write     one sync per batch (one batch while the plan fits the request budget): add
 *               temporary sheets with unique names, write cells (number formats first, so text
 *               stays text), styles, sheet settings and charts, with calculation suspended. Formulas
 *               that point at another generated sheet are written against its temporary name.
 *               The first batch also reads the previous generation's state sheet.
 *  3. commit    one sync: rename the previously generated sheets out of the way, rename the
 *               temporary sheets to their final names (Excel rewrites the formulas, names and
 *               chart series that point at them), point the workbook names at the new sheets,
 *               delete names left pointing only at old sheets, then delete the old sheets.
 *
 * Any failure before the commit completes is undone by `restoreWorkbook` from what step 1 read:
 * temporary sheets deleted, renamed sheets and names put back, so the workbook is as before.
 * Only the temporary sheets are ever written to: never the pilot's cells.
 */
import { columnIndexToLetters, quoteSheetName } from "../domain/a1";
import { decodeSavedState, STATE_SHEET_NAME, type SavedState } from "../domain/savedState";
import { STYLE_SPECS } from "../domain/styles";
import type { PlanChart, PlanSheet, WorkbookPlan } from "../domain/workbookPlan";
import type { GenerateProgress, GenerateResult } from "../taskpane/gateway";
import { referencedSheetNames } from "./formulaRefs";
import { sourceCells } from "./readSource";
import { runAsOwnWrite } from "./ownWrites";
import { DEFAULT_BATCH_BUDGET_BYTES } from "./requestSize";
import { applyStyle, columnWidthPoints } from "./styles";
import { DEFAULT_SYNC_POLICY, errorMessage, officeErrorCode, supportsExcelApi, syncStep, withTimeout, type SyncPolicy } from "./sync";
import { blockAddress, layoutWrite, splitBatch, type PreparedSheet, type WriteChunk, type WriteLayout } from "./writePlan";

/** ExcelApi 1.7: `NamedItem.formula`, `Worksheet.tabColor`, `freezeAt`, chart series `add`/`setValues`. */
export const REQUIRED_EXCEL_API = "1.7";

export interface RenderOptions {
  policy?: SyncPolicy;
  /** Estimated request bytes per batch (default 4 MB, under Excel on the web's 5 MB). */
  batchBudgetBytes?: number;
  onProgress?: (progress: GenerateProgress) => void;
  /** Fixes the temporary sheet names' token (tests). */
  token?: string;
}

/** A generation that did not happen. `restored` says whether the workbook is exactly as before. */
export class GenerateError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly restored: boolean,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "GenerateError";
  }
}

interface SheetInfo {
  id: string;
  name: string;
  visibility: Excel.Worksheet["visibility"];
}

interface NameInfo {
  name: string;
  formula: string;
  comment: string;
}

/** What step 1 read: enough to put the workbook back. */
interface Before {
  sheets: SheetInfo[];
  names: NameInfo[];
  activeSheetId: string;
}

interface Work {
  prefix: string;
  tempNames: string[];
  backupNames: string[];
  /** Ids of the temporary sheets, known after the first write batch. */
  tempIds: string[];
  /** Ids of the previously generated sheets the commit replaces. */
  oldIds: string[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function randomToken(): string {
  return Math.random().toString(36).slice(2, 8).padEnd(6, "0");
}

/** Checks a plan's own consistency (programming errors, not user data). */
export function validatePlan(plan: WorkbookPlan): void {
  const seen = new Set<string>();
  for (const sheet of plan.sheets) {
    if (sheet.name.length === 0 || sheet.name.length > 31 || /[[\]:*?/\\]/.test(sheet.name) || /^'|'$/.test(sheet.name)) {
      throw new Error(`Invalid sheet name in the plan: ${JSON.stringify(sheet.name)}`);
    }
    if (seen.has(sheet.name.toLowerCase())) throw new Error(`Duplicate sheet in the plan: ${sheet.name}`);
    seen.add(sheet.name.toLowerCase());
  }
  if (!plan.sheets.some((s) => s.visibility === "visible")) throw new Error("A plan needs a visible sheet.");
  const names = new Set<string>();
  for (const n of plan.names) {
    if (names.has(n.name.toLowerCase())) throw new Error(`Duplicate name in the plan: ${n.name}`);
    names.add(n.name.toLowerCase());
    if (!seen.has(n.sheetName.toLowerCase())) throw new Error(`The name ${n.name} refers to a sheet outside the plan: ${n.sheetName}`);
  }
  for (const c of plan.charts) if (!seen.has(c.sheetName.toLowerCase())) throw new Error(`A chart is on a sheet outside the plan: ${c.sheetName}`);
}

/** The pilot's sheet, as the plan's state sheet records it (`source | <sheet> | <range>`). */
export function planSourceSheet(plan: WorkbookPlan): string | undefined {
  const state = plan.sheets.find((s) => s.role === "state");
  for (const row of state?.rows ?? []) {
    const tag = row?.[0];
    const value = row?.[1];
    if (tag?.kind === "text" && tag.text === "source" && value?.kind === "text") return value.text;
  }
  return undefined;
}

function conflictMessage(name: string): string {
  return `A sheet named "${name}" already exists and was not created by Pilot to Production. Rename or delete that sheet, then generate again.`;
}

/** Renders the plan. Resolves when the new sheets are in place; rejects with `GenerateError` otherwise. */
export function renderPlan(plan: WorkbookPlan, options: RenderOptions = {}): Promise<GenerateResult> {
  return runAsOwnWrite(() => render(plan, options));
}

async function render(plan: WorkbookPlan, options: RenderOptions): Promise<GenerateResult> {
  validatePlan(plan);
  if (!supportsExcelApi(REQUIRED_EXCEL_API)) {
    throw new GenerateError(
      `Generating the budget needs Excel 2019, Microsoft 365 or Excel on the web (ExcelApi ${REQUIRED_EXCEL_API}); this version of Excel does not have it.`,
      "ApiNotFound",
      true,
    );
  }
  const policy = options.policy ?? DEFAULT_SYNC_POLICY;
  const budget = options.batchBudgetBytes ?? DEFAULT_BATCH_BUDGET_BYTES;
  const progress = options.onProgress ?? (() => undefined);
  const counter = { count: 0 };
  let before: Before | undefined;
  let work: Work | undefined;
  let result: GenerateResult | undefined;

  try {
    result = await Excel.run(async (context) => {
      const step = <T>(queue: () => T, what: string) => syncStep(context, queue, policy, what, counter);
      const canSuspend = supportsExcelApi("1.6");
      const canMuteEvents = supportsExcelApi("1.8");
      const canPrint = supportsExcelApi("1.9");

      // 1. Read what is there.
      progress({ fraction: 0, message: "Reading the workbook" });
      const read = await step(() => queueWorkbookRead(context), "reading the workbook");
      const b: Before = {
        sheets: read.sheets.items.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility })),
        names: read.names.items.map((n) => ({ name: n.name, formula: String(n.formula), comment: n.comment ?? "" })),
        activeSheetId: read.active.id,
      };
      const findSheet = (name: string) => b.sheets.find((s) => same(s.name, name));
      const stateSheet = findSheet(STATE_SHEET_NAME);
      if (!stateSheet) {
        // No generation happened before: every sheet the plan needs must be free.
        for (const sheet of plan.sheets) if (findSheet(sheet.name)) throw new GenerateError(conflictMessage(sheet.name), "P2PConflict", true);
      }

      let token = options.token ?? randomToken();
      while (b.sheets.some((s) => s.name.startsWith(`P2P~${token}~`))) token = randomToken();
      const prefix = `P2P~${token}~`;
      const w: Work = {
        prefix,
        tempNames: plan.sheets.map((_, i) => `${prefix}${i}`),
        backupNames: [],
        tempIds: [],
        oldIds: [],
      };
      const layout = layoutWrite(plan, w.tempNames, budget);
      before = b;
      work = w;

      // 2. Write into temporary sheets.
      const tempSheets: Excel.Worksheet[] = [];
      let previous: SavedState | null = null;
      let replacement: Replacement = { oldSheets: [], namesToDelete: [] };
      const pending = [...layout.batches];
      let written = 0;
      while (pending.length > 0) {
        const batch = pending.shift();
        if (!batch) break;
        const count = written + pending.length + 1;
        progress({ fraction: (written + 1) / (count + 2), message: `Writing the budget sheets (${written + 1} of ${count})` });
        let handles: { stateRange: Excel.Range | undefined };
        try {
          handles = await step(() => {
            if (canSuspend) context.application.suspendApiCalculationUntilNextSync();
            if (canMuteEvents) context.runtime.enableEvents = false;
            let stateRange: Excel.Range | undefined;
            if (batch.setup) {
              tempSheets.length = 0;
              for (const sheet of layout.sheets) {
                const ws = context.workbook.worksheets.add(sheet.tempName);
                ws.load("id");
                tempSheets.push(ws);
                queueSheetSettings(ws, sheet.plan, canPrint);
              }
              if (stateSheet) {
                stateRange = context.workbook.worksheets.getItem(stateSheet.id).getUsedRangeOrNullObject(true).load("values,valueTypes");
              }
            }
            for (const chunk of batch.chunks) queueChunk(tempSheets, layout, chunk, prefix);
            if (batch.charts) for (const chart of plan.charts) queueChart(tempSheets, plan, chart);
            return { stateRange };
          }, `writing block ${written + 1} of ${count}`);
        } catch (error) {
          // Refused before it ran (the estimate was short): send it again in two halves.
          const halves = officeErrorCode(error) === "RequestPayloadSizeLimitExceeded" ? splitBatch(batch, layout.sheets) : null;
          if (!halves) throw error;
          pending.unshift(...halves);
          continue;
        }
        written++;

        if (batch.setup) {
          w.tempIds = tempSheets.map((ws) => ws.id);
          if (handles.stateRange && !handles.stateRange.isNullObject) {
            previous = decodeSavedState(sourceCells(handles.stateRange.values, handles.stateRange.valueTypes));
          }
          w.oldIds = ourPreviousSheets(plan, b, stateSheet, previous);
          replacement = planReplacement(plan, b, w);
        }
      }

      // 3. Commit: swap the new sheets in.
      const { oldSheets, namesToDelete } = replacement;
      const activeWasOurs = w.oldIds.includes(b.activeSheetId);
      const activeOldName = oldSheets.find((s) => s.id === b.activeSheetId)?.name;

      progress({ fraction: (written + 1) / (written + 2), message: "Replacing the previous budget sheets" });
      await step(() => {
        if (canMuteEvents) context.runtime.enableEvents = false;
        const sheets = context.workbook.worksheets;
        const oldProxies = oldSheets.map((s, i) => {
          const ws = sheets.getItem(s.id);
          if (s.visibility === "VeryHidden") ws.visibility = "Hidden";
          ws.name = w.backupNames[i] ?? `${prefix}old${i}`;
          return ws;
        });
        layout.sheets.forEach((sheet, i) => {
          const ws = tempSheets[i];
          if (ws) ws.name = sheet.plan.name;
        });
        for (const pn of plan.names) {
          const formula = `=${quoteSheetName(pn.sheetName)}!${pn.address}`;
          const existing = b.names.find((n) => same(n.name, pn.name));
          if (existing) {
            const item = context.workbook.names.getItem(existing.name);
            item.formula = formula;
            if (pn.comment !== undefined && pn.comment !== existing.comment) item.comment = pn.comment;
          } else context.workbook.names.add(pn.name, formula, pn.comment);
        }
        for (const n of namesToDelete) context.workbook.names.getItem(n.name).delete();
        layout.sheets.forEach((sheet, i) => {
          const ws = tempSheets[i];
          if (ws && sheet.plan.visibility === "veryHidden") ws.visibility = "VeryHidden";
        });
        if (activeWasOurs) {
          const index = plan.sheets.findIndex((s) => s.visibility === "visible" && activeOldName !== undefined && same(s.name, activeOldName));
          const fallback = plan.sheets.findIndex((s) => s.visibility === "visible");
          tempSheets[index >= 0 ? index : fallback]?.activate();
        }
        for (const ws of oldProxies) ws.delete();
        context.application.calculate("Full");
        if (canMuteEvents) context.runtime.enableEvents = true;
      }, "replacing the previous budget sheets");
      progress({ fraction: 1, message: "Done" });
      return { sheetNames: plan.sheets.map((s) => s.name), syncCount: counter.count };
    });
    return result;
  } catch (error) {
    if (!before || !work) throw asGenerateError(error, true);
    let outcome: RestoreOutcome;
    try {
      outcome = await restoreWorkbook(before, work, policy);
    } catch (restoreError) {
      // The failed batches may have left events off; a handler must not stay deaf for the session.
      await eventsBackOn(policy);
      throw new GenerateError(
        `${describe(error)} Restoring the workbook failed too (${errorMessage(restoreError)}): delete any sheet whose name starts with "${work.prefix}", and check the sheets and names the add-in generated.`,
        officeErrorCode(error),
        false,
        error,
      );
    }
    if (outcome === "completed") return { sheetNames: plan.sheets.map((s) => s.name), syncCount: counter.count };
    throw asGenerateError(error, true);
  }
}

interface Replacement {
  oldSheets: SheetInfo[];
  namesToDelete: NameInfo[];
}

/**
 * What the commit replaces: the old sheets (renamed to backup names, deleted last) and the names
 * that point only at them. Refuses names the plan needs that belong to the user.
 */
function planReplacement(plan: WorkbookPlan, b: Before, w: Work): Replacement {
  const oldSheets = b.sheets.filter((s) => w.oldIds.includes(s.id));
  w.backupNames = oldSheets.map((_, i) => `${w.prefix}old${i}`);
  const oldNames = oldSheets.map((s) => s.name);
  const refersToOld = (formula: string) => referencedSheetNames(formula).some((n) => oldNames.some((o) => same(o, n)));
  const planNames = new Set(plan.names.map((n) => n.name.toLowerCase()));
  for (const pn of plan.names) {
    const existing = b.names.find((n) => same(n.name, pn.name));
    if (existing && !/#REF!/i.test(existing.formula) && !refersToOld(existing.formula)) {
      throw new GenerateError(
        `The workbook already has a name "${existing.name}" (${existing.formula}) that the add-in needs. Rename or delete it in Formulas > Name Manager, then generate again.`,
        "P2PConflict",
        true,
      );
    }
  }
  const namesToDelete = b.names.filter((n) => !planNames.has(n.name.toLowerCase()) && refersToOld(n.formula));
  return { oldSheets, namesToDelete };
}

/**
 * The sheets of the previous generation the plan replaces: those the state sheet lists (and the
 * state sheet itself). Refuses to touch a sheet it cannot prove is ours.
 */
function ourPreviousSheets(plan: WorkbookPlan, before: Before, stateSheet: SheetInfo | undefined, previous: SavedState | null): string[] {
  const find = (name: string) => before.sheets.find((s) => same(s.name, name));
  if (stateSheet && !previous) throw new GenerateError(conflictMessage(stateSheet.name), "P2PConflict", true);
  const ours = new Set<string>();
  if (stateSheet && previous) {
    ours.add(stateSheet.id);
    for (const name of previous.generatedSheets) {
      const sheet = find(name);
      if (sheet) ours.add(sheet.id);
    }
  }
  for (const sheet of plan.sheets) {
    const existing = find(sheet.name);
    if (existing && !ours.has(existing.id)) throw new GenerateError(conflictMessage(sheet.name), "P2PConflict", true);
  }
  for (const pilot of [planSourceSheet(plan), previous?.source?.sheetName]) {
    const sheet = pilot ? find(pilot) : undefined;
    if (sheet && ours.has(sheet.id)) {
      throw new GenerateError(
        `The pilot's sheet "${sheet.name}" is listed as a generated sheet; the add-in will not replace it. Rename the pilot's sheet, then generate again.`,
        "P2PConflict",
        true,
      );
    }
  }
  return before.sheets.filter((s) => ours.has(s.id)).map((s) => s.id);
}

function queueSheetSettings(ws: Excel.Worksheet, sheet: PlanSheet, canPrint: boolean): void {
  const widths = sheet.columnWidths;
  for (let c = 0; c < widths.length; ) {
    let end = c;
    while (end + 1 < widths.length && widths[end + 1] === widths[c]) end++;
    const width = widths[c];
    if (width !== undefined) ws.getRange(`${columnIndexToLetters(c)}:${columnIndexToLetters(end)}`).format.columnWidth = columnWidthPoints(width);
    c = end + 1;
  }
  if (sheet.tabColor) ws.tabColor = sheet.tabColor;
  const freeze = sheet.freeze;
  if (freeze && freeze.rows > 0 && freeze.columns > 0) ws.freezePanes.freezeAt(ws.getRange(blockAddress(0, freeze.rows - 1, 0, freeze.columns - 1)));
  else if (freeze && freeze.rows > 0) ws.freezePanes.freezeRows(freeze.rows);
  else if (freeze && freeze.columns > 0) ws.freezePanes.freezeColumns(freeze.columns);
  const print = sheet.print;
  if (print && canPrint) {
    const layout = ws.pageLayout;
    layout.orientation = print.orientation === "landscape" ? "Landscape" : "Portrait";
    if (print.fitToWidth) layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    if (print.printArea) layout.setPrintArea(print.printArea);
    if (print.repeatRows) layout.setPrintTitleRows(print.repeatRows.replace(/(\d+)/g, "$$$1"));
  }
}

function queueChunk(tempSheets: readonly Excel.Worksheet[], layout: WriteLayout, chunk: WriteChunk, prefix: string): void {
  const sheet: PreparedSheet | undefined = layout.sheets[chunk.sheetIndex];
  const ws = tempSheets[chunk.sheetIndex];
  // Only the temporary sheets created in this generation are ever written to.
  if (!sheet || !ws || !sheet.tempName.startsWith(prefix)) throw new Error("Refusing to write outside the temporary sheets.");
  const range = ws.getRange(blockAddress(chunk.r0, chunk.r1, 0, sheet.width - 1));
  // Number formats first: a cell formatted as text (`@`) keeps `=…` as text when the value arrives.
  range.numberFormat = sheet.numberFormats.slice(chunk.r0, chunk.r1 + 1);
  range.formulas = sheet.inputs.slice(chunk.r0, chunk.r1 + 1);
  for (const rect of chunk.styleRects) applyStyle(ws.getRange(blockAddress(rect.r0, rect.r1, rect.c0, rect.c1)).format, STYLE_SPECS[rect.style]);
}

function queueChart(tempSheets: readonly Excel.Worksheet[], plan: WorkbookPlan, chart: PlanChart): void {
  const ws = tempSheets[plan.sheets.findIndex((s) => same(s.name, chart.sheetName))];
  const first = chart.series[0];
  if (!ws || !first) return;
  const added = ws.charts.add("ColumnClustered", ws.getRange(first.valuesAddress), "Columns");
  added.title.text = chart.title;
  added.setPosition(chart.topLeft, chart.bottomRight);
  chart.series.forEach((s, k) => {
    const series = k === 0 ? added.series.getItemAt(0) : added.series.add(s.name);
    series.name = s.name;
    if (k > 0) series.setValues(ws.getRange(s.valuesAddress));
    series.setXAxisValues(ws.getRange(chart.categoriesAddress));
  });
}

/** Queues the read of what a generation replaces and a restore puts back: sheets, workbook names, active sheet. */
function queueWorkbookRead(context: Excel.RequestContext) {
  return {
    sheets: context.workbook.worksheets.load("items/id,items/name,items/visibility"),
    names: context.workbook.names.load("items/name,items/formula,items/comment"),
    active: context.workbook.worksheets.getActiveWorksheet().load("id"),
  };
}

type RestoreOutcome = "restored" | "completed";

/**
 * Puts the workbook back as step 1 read it, from whatever state a failure left: deletes the
 * temporary sheets, gives renamed sheets their names and visibility back, restores and removes
 * names. If the commit had already deleted old sheets (it does that last), there is nothing to go
 * back to: the new generation is finished instead ("completed").
 */
async function restoreWorkbook(before: Before, work: Work, policy: SyncPolicy): Promise<RestoreOutcome> {
  return Excel.run(async (context) => {
    const canMuteEvents = supportsExcelApi("1.8");
    const now = await syncStep(context, () => queueWorkbookRead(context), policy, "checking the workbook after the failure");
    const byId = new Map(now.sheets.items.map((s) => [s.id, s]));
    const originalIds = new Set(before.sheets.map((s) => s.id));
    const isOurs = (s: Excel.Worksheet) => !originalIds.has(s.id) && (work.tempIds.includes(s.id) || s.name.startsWith(work.prefix));

    if (work.oldIds.some((id) => !byId.has(id))) {
      await syncStep(
        context,
        () => {
          for (const id of work.oldIds) {
            const ws = byId.get(id);
            if (!ws) continue;
            if (ws.visibility === "VeryHidden") ws.visibility = "Hidden";
            ws.delete();
          }
          for (const n of now.names.items)
            if (referencedSheetNames(String(n.formula)).some((s) => work.backupNames.some((b) => same(b, s)))) n.delete();
          if (canMuteEvents) context.runtime.enableEvents = true;
        },
        policy,
        "finishing the replacement of the previous sheets",
      );
      return "completed";
    }

    const touched = [...before.sheets.filter((s) => work.oldIds.includes(s.id)).map((s) => s.name), ...work.backupNames, ...work.tempNames];
    const touches = (formula: string) => referencedSheetNames(formula).some((n) => touched.some((t) => same(t, n)));
    await syncStep(
      context,
      () => {
        if (canMuteEvents) context.runtime.enableEvents = false;
        for (const ws of now.sheets.items) {
          if (!isOurs(ws)) continue;
          if (ws.visibility === "VeryHidden") ws.visibility = "Hidden";
          ws.delete();
        }
        for (const original of before.sheets) {
          const ws = byId.get(original.id);
          if (!ws) continue;
          if (ws.name !== original.name) ws.name = original.name;
          if (ws.visibility !== original.visibility) ws.visibility = original.visibility;
        }
        const current = new Map(now.names.items.map((n) => [n.name.toLowerCase(), n]));
        const originalNames = new Set(before.names.map((n) => n.name.toLowerCase()));
        for (const n of now.names.items) if (!originalNames.has(n.name.toLowerCase())) n.delete();
        for (const original of before.names) {
          const item = current.get(original.name.toLowerCase());
          if (!item) {
            context.workbook.names.add(original.name, original.formula, original.comment || undefined);
            continue;
          }
          const formula = String(item.formula);
          if (formula !== original.formula || touches(original.formula) || touches(formula)) item.formula = original.formula;
          if ((item.comment ?? "") !== original.comment) item.comment = original.comment;
        }
        if (now.active.id !== before.activeSheetId && byId.has(before.activeSheetId)) byId.get(before.activeSheetId)?.activate();
        if (canMuteEvents) context.runtime.enableEvents = true;
      },
      policy,
      "restoring the workbook",
    );
    return "restored";
  });
}

/** Best effort: `context.runtime.enableEvents = true` after a failure the restore could not finish. */
async function eventsBackOn(policy: SyncPolicy): Promise<void> {
  if (!supportsExcelApi("1.8")) return;
  try {
    await Excel.run(async (context) => {
      context.runtime.enableEvents = true;
      await withTimeout(Promise.resolve(context.sync()), policy.timeoutMs, "turning events back on");
    });
  } catch {
    // Nothing more to do: the error the user sees already says the workbook needs a look.
  }
}

function describe(error: unknown): string {
  if (error instanceof GenerateError) return error.message;
  const code = officeErrorCode(error);
  if (code === "P2PSyncTimeout") return `${errorMessage(error)} The budget was not written.`;
  if (code === "RequestPayloadSizeLimitExceeded") return "A request to Excel was too large; the budget was not written.";
  return `The budget could not be written: ${errorMessage(error)}`;
}

function asGenerateError(error: unknown, restored: boolean): GenerateError {
  if (error instanceof GenerateError) return error;
  const suffix = restored ? " The workbook was left as it was." : "";
  return new GenerateError(`${describe(error)}${suffix}`, officeErrorCode(error), restored, error);
}

