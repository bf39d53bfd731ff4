/**
 * The add-in's own writes fire Excel's change events like a user's edits would. Code that reacts
 * to changes (e.g. offering a refresh when the pilot gains rows) checks `isOwnWriteInProgress()`
 * first. The flag stays up while a write runs and for a short grace period after it, because Excel
 * delivers the events asynchronously. The renderer also turns `context.runtime.enableEvents` off
 * during its batches where ExcelApi 1.8 allows.
 */

/** How long after a write its change events are still considered ours. */
export const OWN_WRITE_GRACE_MS = 1_500;

let activeWrites = 0;
let quietUntil = 0;

export function isOwnWriteInProgress(now: number = Date.now()): boolean {
  return activeWrites > 0 || now < quietUntil;
}

/** Runs `write` with the own-write flag raised. */
export async function runAsOwnWrite<T>(write: () => Promise<T>, graceMs: number = OWN_WRITE_GRACE_MS): Promise<T> {
  activeWrites++;
  try {
    return await write();
  } finally {
    activeWrites--;
    quietUntil = Math.max(quietUntil, Date.now() + graceMs);
  }
}

/** Wraps a change handler so that it ignores the add-in's own writes. */
export function ignoringOwnWrites<A extends unknown[]>(handler: (...args: A) => unknown): (...args: A) => unknown {
  return (...args: A) => (isOwnWriteInProgress() ? undefined : handler(...args));
}

/** For tests: forget earlier writes. */
export function resetOwnWrites(): void {
  activeWrites = 0;
  quietUntil = 0;
}
