/**
 * The add-in's own writes fire Excel's change events like a user's edits would. Change handlers
 * (`watchSource`) drop them before they reach the task pane, with three defences:
 *
 * 1. The renderer turns `context.runtime.enableEvents` off during its batches where ExcelApi 1.8
 *    allows: Excel then raises no event to this add-in for those writes at all.
 * 2. From ExcelApi 1.14 an event says who caused it: `triggerSource === "ThisLocalAddin"`.
 * 3. Before that, time: the own-write flag is up while a write runs and for a grace period after
 *    it. Excel delivers events asynchronously, after the `context.sync()` that caused them has
 *    resolved, so the last sync's events arrive after the write's promise settled; the grace
 *    period covers them. An event delivered later still would get through — which is why the
 *    pane also watches only the pilot's sheet (the add-in never writes there) and reacts to a
 *    change by reading the workbook again, which finds nothing new after its own write.
 *
 * The flag is time-based, so a user's edit delivered during a write or its grace period cannot
 * be told from the add-in's own: `ignoringOwnWrites` drops it, and `watchSource` reports "the
 * sheet may have changed" once the window has closed instead (`whenOwnWritesEnd`), so that the
 * edit is not lost while the add-in's own writes still never reach the pane.
 */

/** How long after a write its change events are still considered ours. */
export const OWN_WRITE_GRACE_MS = 1_500;

let activeWrites = 0;
let quietUntil = 0;

export function isOwnWriteInProgress(now: number = Date.now()): boolean {
  return activeWrites > 0 || now < quietUntil;
}

/** Runs `write` with the own-write flag raised; the grace period starts when it settles. */
export async function runAsOwnWrite<T>(write: () => Promise<T>, graceMs: number = OWN_WRITE_GRACE_MS): Promise<T> {
  activeWrites++;
  try {
    return await write();
  } finally {
    activeWrites--;
    quietUntil = Math.max(quietUntil, Date.now() + graceMs);
  }
}

/** Calls `callback` once no write is running and the grace period of the last one has passed. */
export function whenOwnWritesEnd(callback: () => void): void {
  const wait = () => {
    const left = activeWrites > 0 ? OWN_WRITE_GRACE_MS : quietUntil - Date.now();
    if (left > 0) setTimeout(wait, left);
    else callback();
  };
  wait();
}

/** The part of a change event that tells who caused it (`Excel.WorksheetChangedEventArgs.triggerSource`, ExcelApi 1.14). */
export interface ChangeOrigin {
  triggerSource?: string;
}

/** Whether a change event comes from the add-in's own writes (see the module comment). */
export function isOwnChange(event: ChangeOrigin, now: number = Date.now()): boolean {
  return event.triggerSource === "ThisLocalAddin" || isOwnWriteInProgress(now);
}

/**
 * Wraps a change handler so that it ignores the add-in's own writes. The wrapper returns a
 * promise, as Office.js expects of an event handler; the decision is taken when the event arrives.
 */
export function ignoringOwnWrites<E extends ChangeOrigin>(handler: (event: E) => unknown): (event: E) => Promise<void> {
  return async (event: E) => {
    if (!isOwnChange(event)) await handler(event);
  };
}

/** For tests: forget earlier writes. */
export function resetOwnWrites(): void {
  activeWrites = 0;
  quietUntil = 0;
}
