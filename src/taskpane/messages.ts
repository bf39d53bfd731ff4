import { formatCount } from "./format";
import type { PilotChange, UserMessage } from "./state/appState";

/** Every user-facing error text of the task pane, in one place. */

export type Operation = "read" | "list" | "generate" | "select" | "activate" | "savedState";

const TITLES: Readonly<Record<Operation, string>> = {
  read: "The pilot's cells could not be read",
  list: "The tables and named ranges could not be listed",
  generate: "The budget sheets were not written",
  select: "That cell could not be selected",
  activate: "That sheet could not be opened",
  savedState: "The settings of the last generation could not be read",
};

const DEFAULT_NEXT_STEP: Readonly<Record<Operation, string>> = {
  read: "Check that the workbook is not in cell edit mode (press Enter or Esc in Excel), then try again.",
  list: "You can still use the selection or auto-detection. Try Refresh in a moment.",
  generate: "Press Enter or Esc in Excel to leave any cell you are editing, then choose Generate again.",
  select: "Go to the cell yourself: its address is shown in the list.",
  activate: "Open the tab from Excel's sheet tabs at the bottom of the window.",
  savedState: "The defaults are used instead. Check the Assumptions step before generating.",
};

/** Office.js errors carry a `code` (`OfficeExtension.Error`); plain errors may too. */
function codeOf(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === "string" && error) return error;
  if (typeof error === "object" && error !== null && "message" in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === "string" && message) return message;
  }
  return "Excel reported an unexpected error.";
}

/** webpack's error when a lazily loaded part of the add-in cannot be fetched. */
function isChunkLoadFailure(message: string): boolean {
  return /Loading chunk .* failed|ChunkLoadError/i.test(message);
}

/** `GenerateError.restored` from src/excel: false when the workbook could not be put back. */
function restoredOf(error: unknown): boolean | undefined {
  if (typeof error === "object" && error !== null && "restored" in error) {
    const restored = (error as { restored: unknown }).restored;
    if (typeof restored === "boolean") return restored;
  }
  return undefined;
}

/** What to do next, by Office.js error code (https://learn.microsoft.com/office/dev/add-ins/reference/javascript-api-for-office-error-codes). */
function nextStepFor(
  code: string | undefined,
  message: string,
  operation: Operation,
  restored: boolean | undefined,
): string {
  if (operation === "generate" && restored === false)
    return "The message above says what may be left in the workbook: tidy it up, then choose Generate again.";
  if (code === "P2PConflict") return "Then choose Generate again.";
  const keep = operation === "generate" && !/left as it was/i.test(message) ? "Your workbook was left as it was. " : "";
  if (isChunkLoadFailure(message))
    return "Part of the add-in could not be downloaded. Check the network connection, then try again (or close and reopen the task pane).";
  if (code === "ApiNotFound") return "Use Microsoft 365, Excel 2021 or later, or Excel on the web.";
  if (code === "InvalidOperationInCellEditMode" || /cell edit mode/i.test(message))
    return `${keep}Excel is editing a cell: press Enter or Esc in the sheet, then try again.`;
  if (code === "RequestPayloadSizeLimitExceeded" || code === "ResponsePayloadSizeLimitExceeded")
    return `${keep}The data is too large for one request to Excel on the web. Select a smaller range, or use Excel desktop.`;
  if (code === "AccessDenied" || code === "InsertDeleteConflict" || /protect/i.test(message))
    return `${keep}A sheet or the workbook structure is protected: unprotect it (Review > Unprotect), then try again.`;
  if (code === "Timeout" || code === "P2PSyncTimeout" || /time(d)? ?out|did not answer/i.test(message))
    return `${keep}Excel did not answer in time. Wait until Excel is idle (and saved, on the web), then try again.`;
  if (code === "ItemAlreadyExists")
    return `${keep}A sheet or name the add-in needs already exists. Rename or delete it, then try again.`;
  if (code === "GeneralException" || code === "ServiceNotAvailable")
    return `${keep}Excel could not finish the request. Save the workbook, then try again.`;
  return DEFAULT_NEXT_STEP[operation];
}

export function toUserMessage(error: unknown, operation: Operation): UserMessage {
  const message = messageOf(error);
  return {
    title: TITLES[operation],
    message,
    nextStep: nextStepFor(codeOf(error), message, operation, restoredOf(error)),
  };
}

/** For results the gateway returns as values (`{ok: false, message}`): user data, not a failure. */
export function readProblem(message: string): UserMessage {
  return {
    title: TITLES.read,
    message,
    nextStep: "Select the pilot's cost list (one block of cells: labels and amounts), then choose Use selection again.",
  };
}

export const HINTS = {
  notInExcel: {
    title: "Open this page in Excel",
    body: "Pilot to Production is an Excel add-in: this page only works inside Excel's task pane.",
  },
  noSource: "Start on the Source step: read the pilot's cost lines from the workbook.",
  invalidAssumptions: "Fix the assumptions first: the messages on the Assumptions step say what to change.",
} as const;

const lines = (n: number, one = "line", many = "lines") => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * The offer to refresh, in a sentence: "The pilot now has 14 cost lines (was 11): 3 new lines are
 * not in the budget yet."
 */
export function describePilotChange(change: PilotChange): string {
  const now = `The pilot now has ${lines(change.pilotCount, "cost line", "cost lines")} (was ${formatCount(change.budgetCount)})`;
  const added = change.added > 0 ? `${lines(change.added, "new line is", "new lines are")} not in the budget yet` : "";
  const removed =
    change.removed > 0
      ? `${lines(change.removed, "line", "lines")} of the budget ${change.removed === 1 ? "is" : "are"} no longer in the pilot's list`
      : "";
  return `${now}: ${[added, removed].filter(Boolean).join(", and ")}.`;
}

/** The same, short, for the indicator shown on every step. */
export function summarizePilotChange(change: PilotChange): string {
  const parts: string[] = [];
  if (change.added > 0) parts.push(`${lines(change.added, "new cost line", "new cost lines")} not in the budget`);
  if (change.removed > 0) parts.push(`${lines(change.removed, "budget line", "budget lines")} gone from the pilot`);
  return parts.join(", ");
}
