/**
 * The living budget's Office.js side: a change handler on the pilot's sheet that never hears the
 * add-in's own writes, and a read of the lines the generated budget sheet is built from.
 *
 * Excel does not keep event handlers with the file, and forgets them when the pane reloads: the
 * pane calls `watchSource` again whenever it has a budget to keep up to date.
 */
import { MAX_ROW_COUNT } from "../domain/a1";
import { decodeBudgetLines } from "../domain/budgetLines";
import type { BudgetLine } from "../domain/livingBudget";
import { BUDGET_SHEET, budgetLineTable } from "../domain/plan";
import type { SourceChange } from "../taskpane/gateway";
import { isOwnChange, whenOwnWritesEnd } from "./ownWrites";
import { officeErrorCode, syncStep, withTimeout, type SyncPolicy } from "./sync";

/**
 * Registers a handler for `worksheet.onChanged` (ExcelApi 1.7) of `sheetName`. Resolves when the
 * handler is registered, with a function that removes it (in the request context it was added
 * in, as Office.js requires).
 *
 * The add-in's own writes never reach `onChange` (see ownWrites.ts). Events that arrive while
 * the add-in is writing, and that Excel does not mark as its own (before ExcelApi 1.14), cannot
 * be told apart from the user's: they are held back, and once the writes are over `onChange`
 * gets one `Unknown` change for all of them ("look again"), so a user's edit is never lost.
 */
export async function watchSource(
  sheetName: string,
  onChange: (change: SourceChange) => void,
  policy: SyncPolicy,
): Promise<() => Promise<void>> {
  let active = true;
  let heldBack = false;
  const report = (change: SourceChange) => {
    if (!active) return;
    try {
      onChange(change);
    } catch {
      // The pane's reaction must not become an unhandled rejection inside Office.js.
    }
  };
  const handler = async (event: Excel.WorksheetChangedEventArgs): Promise<void> => {
    if (!active || event.triggerSource === "ThisLocalAddin") return;
    if (isOwnChange(event)) {
      if (heldBack) return;
      heldBack = true;
      whenOwnWritesEnd(() => {
        heldBack = false;
        report({ address: "", changeType: "Unknown", source: "Local" });
      });
      return;
    }
    report({ address: event.address, changeType: event.changeType, source: event.source });
  };
  const registration = await Excel.run(async (context) =>
    syncStep(context, () => context.workbook.worksheets.getItem(sheetName).onChanged.add(handler), policy, "watching the pilot's sheet"),
  );
  return async () => {
    if (!active) return;
    active = false;
    try {
      await Excel.run(registration.context, async (context) => {
        registration.remove();
        await withTimeout(Promise.resolve(context.sync()), policy.timeoutMs, "no longer watching the pilot's sheet");
      });
    } catch {
      // The handler already ignores everything; Excel forgets it when the pane closes.
    }
  };
}

function isUnreadable(error: unknown): boolean {
  const code = officeErrorCode(error);
  return code === "ItemNotFound" || code === "ResponsePayloadSizeLimitExceeded" || code === "RequestPayloadSizeLimitExceeded";
}

/**
 * The lines of the generated budget sheet: each line's recorded source cell and what its amount
 * formula references now. Two syncs: find the sheet, then read its two columns down to the used
 * range's end. `null` without a budget sheet this add-in generated, or when it is too large to
 * read in one response.
 */
export async function readBudgetLines(policy: SyncPolicy): Promise<BudgetLine[] | null> {
  const table = budgetLineTable();
  try {
    return await Excel.run(async (context) => {
      const found = await syncStep(
        context,
        () => context.workbook.worksheets.getItemOrNullObject(BUDGET_SHEET).load("name"),
        policy,
        "looking for the budget sheet",
      );
      if (found.isNullObject) return null;
      const columns = await syncStep(
        context,
        () => {
          const sheet = context.workbook.worksheets.getItem(BUDGET_SHEET);
          const used = sheet.getUsedRange(true);
          const column = (letter: string) =>
            sheet.getRange(`${letter}${table.headerRow}:${letter}${MAX_ROW_COUNT}`).getIntersectionOrNullObject(used).load("formulas");
          return { sources: column(table.sourceColumn), amounts: column(table.amountColumn) };
        },
        policy,
        "reading the budget's lines",
      );
      if (columns.sources.isNullObject || columns.amounts.isNullObject) return null;
      const first = (rows: unknown[][]) => rows.map((row) => row[0]);
      return decodeBudgetLines(first(columns.sources.formulas), first(columns.amounts.formulas));
    });
  } catch (error) {
    if (isUnreadable(error)) return null;
    throw error;
  }
}
