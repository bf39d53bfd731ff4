/**
 * Reading the pilot's cells with Office.js: from the selection, a table or defined name, or the
 * active sheet's used range. One sync reads values, number formats, value types and address; a
 * whole-column or whole-sheet selection is cut to the used range first. A range too large for one
 * response (Excel on the web: 5 MB) is read again in row blocks.
 */
import { splitSheetRef } from "../domain/a1";
import { ASSUMPTIONS_SHEET, BUDGET_SHEET } from "../domain/plan";
import { decodeSavedState, STATE_SHEET_NAME } from "../domain/savedState";
import type { SourceCell, SourceGrid } from "../domain/source";
import type { NamedSource, SavedStateRaw, SourceReadResult, SourceRequest } from "../taskpane/gateway";
import { errorMessage, officeErrorCode, supportsExcelApi, syncStep, type SyncPolicy } from "./sync";

export const MESSAGES = {
  multiArea:
    "Several separate areas are selected. Select one rectangular block of cells (the pilot's cost list), then choose Use selection again.",
  emptySelection: (address: string) =>
    `The selection ${address} has no values. Select the pilot's cost list (labels and amounts), then choose Use selection again.`,
  emptySheet: (sheet: string) =>
    `The active sheet "${sheet}" is empty. Open the sheet with the pilot's costs, then choose Auto-detect again.`,
  notFound: (name: string) =>
    `There is no table or named range called "${name}" any more. Refresh the list and pick another, or use the selection.`,
  notARange: (name: string) => `The name "${name}" does not refer to cells. Pick a table or a named range of cells.`,
  emptyNamed: (name: string) => `"${name}" has no values. Pick another table or named range, or use the selection.`,
  generatedSheet: (sheet: string) =>
    `"${sheet}" is a sheet the add-in generated, not the pilot's costs. Open the sheet with the pilot's cost list, then try again.`,
  sheetGone: (sheet: string) =>
    `The sheet "${sheet}" is no longer in the workbook. Open the sheet with the pilot's cost list, then read it on the Source step.`,
  emptyRange: (sheet: string) =>
    `The pilot's list on "${sheet}" is empty now. Check the sheet, then read the cost list again on the Source step.`,
  failed: (detail: string) => `The cells could not be read: ${detail}`,
} as const;

const DATA_PROPERTIES = "address,values,numberFormat,valueTypes";

/** Rows per block when a range must be read in several responses. */
const FIRST_BLOCK_ROWS = 20_000;

function toCell(value: unknown, type: string | undefined): SourceCell {
  if (type === "Error") return { error: String(value) };
  if (type === "Empty" || value === "" || value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/** Cells as read by Office.js (`values` with their `valueTypes`), as source cells. */
export function sourceCells(values: unknown[][], valueTypes: string[][] | undefined): SourceCell[][] {
  return values.map((row, r) => row.map((v, c) => toCell(v, valueTypes?.[r]?.[c])));
}

/** `'Q3 Pilot''s costs'!B4:D19` -> sheet name and `B4`. */
function topLeftOf(address: string): { sheetName: string; topLeft: string } {
  const parts = splitSheetRef(address);
  const range = parts?.address ?? address;
  return { sheetName: parts?.sheetName ?? "", topLeft: (range.split(":")[0] ?? "A1").replace(/\$/g, "") };
}

export function toSourceGrid(address: string, values: unknown[][], numberFormats: unknown[][], valueTypes: string[][]): SourceGrid {
  const { sheetName, topLeft } = topLeftOf(address);
  return {
    sheetName,
    topLeft,
    values: sourceCells(values, valueTypes),
    numberFormats: numberFormats.map((row) => row.map((f) => (typeof f === "string" ? f : "General"))),
  };
}

function isPayloadError(error: unknown): boolean {
  const code = officeErrorCode(error);
  return code === "ResponsePayloadSizeLimitExceeded" || code === "RequestPayloadSizeLimitExceeded";
}

/**
 * Reads a range's data. `target` is rebuilt for every sync (it may be an expression such as the
 * selection cut to the used range); `null` from `data` means a null object (no cells).
 */
async function readData(
  context: Excel.RequestContext,
  policy: SyncPolicy,
  target: () => Excel.Range,
): Promise<{ grid: SourceGrid; address: string } | null> {
  try {
    const range = await syncStep(context, () => target().load(DATA_PROPERTIES), policy, "reading the cells");
    if (range.isNullObject) return null;
    return { grid: toSourceGrid(range.address, range.values, range.numberFormat, range.valueTypes), address: range.address };
  } catch (error) {
    if (!isPayloadError(error)) throw error;
  }
  // Too large for one response: read it again in row blocks.
  const shape = await syncStep(context, () => target().load("address,rowCount,columnCount"), policy, "measuring the cells");
  if (shape.isNullObject) return null;
  const values: unknown[][] = [];
  const formats: unknown[][] = [];
  const types: string[][] = [];
  let rows = FIRST_BLOCK_ROWS;
  for (let start = 0; start < shape.rowCount; ) {
    const count = Math.min(rows, shape.rowCount - start);
    try {
      const block = await syncStep(
        context,
        () => target().getRow(start).getResizedRange(count - 1, 0).load("values,numberFormat,valueTypes"),
        policy,
        "reading the cells in blocks",
      );
      values.push(...block.values);
      formats.push(...block.numberFormat);
      types.push(...block.valueTypes.map((row) => row.map(String)));
      start += count;
    } catch (error) {
      if (!isPayloadError(error) || rows <= 100) throw error;
      rows = Math.floor(rows / 2);
    }
  }
  return { grid: toSourceGrid(shape.address, values, formats, types), address: shape.address };
}

export async function readSource(request: SourceRequest, policy: SyncPolicy): Promise<SourceReadResult> {
  try {
    return await Excel.run(async (context) => {
      // Known with the first read's sync: whether a generation happened (its sheets are not a source).
      const state = context.workbook.worksheets.getItemOrNullObject(STATE_SHEET_NAME);
      const result =
        request.kind === "selection"
          ? await readSelection(context, policy)
          : request.kind === "named"
            ? await readNamed(context, policy, request.name)
            : request.kind === "range"
              ? await readRange(context, policy, request.sheetName, request.address)
              : await readActiveSheet(context, policy);
      if (!result.ok || ![ASSUMPTIONS_SHEET, BUDGET_SHEET].some((n) => n.toLowerCase() === result.grid.sheetName.toLowerCase())) return result;
      let generated: boolean;
      try {
        // The read helpers above synced the context; this proxy was queued before them.
        // eslint-disable-next-line office-addins/call-sync-before-read
        generated = !state.isNullObject;
      } catch {
        // The first sync failed (a block read followed): look again.
        const again = await syncStep(context, () => context.workbook.worksheets.getItemOrNullObject(STATE_SHEET_NAME).load("name"), policy, "checking the sheet");
        generated = !again.isNullObject;
      }
      return generated ? { ok: false, message: MESSAGES.generatedSheet(result.grid.sheetName) } : result;
    });
  } catch (error) {
    return { ok: false, message: MESSAGES.failed(errorMessage(error)) };
  }
}

async function readSelection(context: Excel.RequestContext, policy: SyncPolicy): Promise<SourceReadResult> {
  const canAreas = supportsExcelApi("1.9");
  let areas: Excel.RangeAreas | undefined;
  const selected = (): Excel.Range => {
    if (!canAreas) return context.workbook.getSelectedRange();
    areas = context.workbook.getSelectedRanges();
    areas.load("areaCount");
    return areas.areas.getItemAt(0);
  };
  // The selection cut to the used range: a whole column or the whole sheet becomes the cells in use.
  const target = () => {
    const range = selected();
    return range.getIntersectionOrNullObject(range.worksheet.getUsedRange(true));
  };
  let data: Awaited<ReturnType<typeof readData>>;
  try {
    data = await readData(context, policy, target);
  } catch (error) {
    // Without ExcelApi 1.9, getSelectedRange() refuses a multi-area selection.
    const code = officeErrorCode(error);
    if (!canAreas && (code === "InvalidSelection" || code === "InvalidOperation")) return { ok: false, message: MESSAGES.multiArea };
    throw error;
  }
  if (areas && areas.areaCount > 1) return { ok: false, message: MESSAGES.multiArea };
  if (!data) {
    const selection = await syncStep(context, () => context.workbook.getSelectedRange().load("address"), policy, "reading the selection");
    return { ok: false, message: MESSAGES.emptySelection(selection.address) };
  }
  return { ok: true, grid: data.grid, description: data.address };
}

async function readNamed(context: Excel.RequestContext, policy: SyncPolicy, name: string): Promise<SourceReadResult> {
  const found = await syncStep(
    context,
    () => ({
      table: context.workbook.tables.getItemOrNullObject(name).load("name"),
      item: context.workbook.names.getItemOrNullObject(name).load("name,type"),
    }),
    policy,
    "finding the named range",
  );
  let source: () => Excel.Range;
  if (!found.table.isNullObject) source = () => context.workbook.tables.getItem(found.table.name).getRange();
  else if (!found.item.isNullObject) {
    if (found.item.type !== "Range") return { ok: false, message: MESSAGES.notARange(name) };
    source = () => context.workbook.names.getItem(found.item.name).getRange();
  } else return { ok: false, message: MESSAGES.notFound(name) };
  const data = await readData(context, policy, () => {
    const range = source();
    return range.getIntersectionOrNullObject(range.worksheet.getUsedRange(true));
  });
  if (!data) return { ok: false, message: MESSAGES.emptyNamed(name) };
  return { ok: true, grid: data.grid, description: data.address };
}

/** A given range of a given sheet, cut to the sheet's used range. */
async function readRange(context: Excel.RequestContext, policy: SyncPolicy, sheetName: string, address: string): Promise<SourceReadResult> {
  let data: Awaited<ReturnType<typeof readData>>;
  try {
    data = await readData(context, policy, () => {
      const sheet = context.workbook.worksheets.getItem(sheetName);
      return sheet.getRange(address).getIntersectionOrNullObject(sheet.getUsedRange(true));
    });
  } catch (error) {
    if (officeErrorCode(error) === "ItemNotFound") return { ok: false, message: MESSAGES.sheetGone(sheetName) };
    throw error;
  }
  if (!data) return { ok: false, message: MESSAGES.emptyRange(sheetName) };
  return { ok: true, grid: data.grid, description: data.address };
}

async function readActiveSheet(context: Excel.RequestContext, policy: SyncPolicy): Promise<SourceReadResult> {
  const sheet = context.workbook.worksheets.getActiveWorksheet().load("name");
  const data = await readData(context, policy, () => context.workbook.worksheets.getActiveWorksheet().getUsedRangeOrNullObject(true));
  if (!data) return { ok: false, message: MESSAGES.emptySheet(sheet.name) };
  return { ok: true, grid: data.grid, description: data.address };
}

/** Reads the state sheet a previous generation left (very hidden), or `null`. */
export async function readSavedState(policy: SyncPolicy): Promise<SavedStateRaw | null> {
  return Excel.run(async (context) => {
    const sheet = await syncStep(
      context,
      () => context.workbook.worksheets.getItemOrNullObject(STATE_SHEET_NAME).load("name"),
      policy,
      "looking for the saved settings",
    );
    if (sheet.isNullObject) return null;
    const used = await syncStep(
      context,
      () => context.workbook.worksheets.getItem(STATE_SHEET_NAME).getUsedRangeOrNullObject(true).load("values,valueTypes"),
      policy,
      "reading the saved settings",
    );
    if (used.isNullObject) return null;
    return { stateRows: sourceCells(used.values, used.valueTypes) };
  });
}

/**
 * Tables and workbook-scoped named ranges the user can pick as the source, without those on the
 * add-in's own sheets.
 */
export async function listNamedSources(policy: SyncPolicy): Promise<NamedSource[]> {
  return Excel.run(async (context) => {
    const first = await syncStep(
      context,
      () => ({
        tables: context.workbook.tables.load("items/name,items/worksheet/name"),
        names: context.workbook.names.load("items/name,items/type,items/visible"),
        state: context.workbook.worksheets.getItemOrNullObject(STATE_SHEET_NAME).load("name"),
      }),
      policy,
      "listing tables and names",
    );
    const second = await syncStep(
      context,
      () => ({
        tables: first.tables.items.map((t) => ({ name: t.name, range: t.getRange().load("address") })),
        names: first.names.items
          .filter((n) => n.type === "Range" && n.visible)
          .map((n) => ({ name: n.name, range: n.getRangeOrNullObject().load("address") })),
        state: first.state.isNullObject ? undefined : first.state.getUsedRangeOrNullObject(true).load("values,valueTypes"),
      }),
      policy,
      "reading their addresses",
    );
    const generated = new Set<string>([STATE_SHEET_NAME.toLowerCase()]);
    if (second.state && !second.state.isNullObject) {
      const state = decodeSavedState(sourceCells(second.state.values, second.state.valueTypes));
      for (const name of state?.generatedSheets ?? []) generated.add(name.toLowerCase());
    }
    const out: NamedSource[] = [];
    const add = (kind: NamedSource["kind"], name: string, address: string) => {
      const parts = splitSheetRef(address);
      if (!parts?.sheetName || generated.has(parts.sheetName.toLowerCase())) return;
      out.push({ kind, name, sheetName: parts.sheetName, address: parts.address.replace(/\$/g, "") });
    };
    for (const t of second.tables) add("table", t.name, t.range.address);
    for (const n of second.names) if (!n.range.isNullObject) add("name", n.name, n.range.address);
    return out;
  });
}

export async function selectCell(sheetName: string, address: string, policy: SyncPolicy): Promise<void> {
  await Excel.run(async (context) => {
    await syncStep(
      context,
      () => {
        const sheet = context.workbook.worksheets.getItem(sheetName);
        sheet.activate();
        sheet.getRange(address).select();
      },
      policy,
      "selecting the cell",
    );
  });
}

export async function activateSheet(sheetName: string, policy: SyncPolicy): Promise<void> {
  await Excel.run(async (context) => {
    await syncStep(context, () => context.workbook.worksheets.getItem(sheetName).activate(), policy, "opening the sheet");
  });
}
