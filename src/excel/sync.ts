/**
 * Round trips to Excel: a bound on how long a sync may take (Excel on the web can hang without an
 * error on a large workbook), and retries with backoff when Excel refuses a batch because the
 * user is editing a cell.
 */

export interface SyncPolicy {
  /** A sync that has not answered after this many milliseconds fails with `SyncTimeoutError`. */
  timeoutMs: number;
  /** Delays before each retry of a batch refused with `InvalidOperationInCellEditMode`. */
  editModeRetryDelaysMs: readonly number[];
  /** Injected for tests; defaults to `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_SYNC_POLICY: SyncPolicy = {
  timeoutMs: 60_000,
  editModeRetryDelaysMs: [250, 500, 1_000, 2_000, 4_000],
};

export class SyncTimeoutError extends Error {
  readonly code = "P2PSyncTimeout";
  constructor(
    readonly timeoutMs: number,
    readonly step: string,
  ) {
    super(`Excel did not answer within ${Math.round(timeoutMs / 1000)} s (${step}).`);
    this.name = "SyncTimeoutError";
  }
}

/** The `code` of an `OfficeExtension.Error` (or anything shaped like one). */
export function officeErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String((error as { message: unknown }).message);
  return String(error);
}

export function isCellEditModeError(error: unknown): boolean {
  return officeErrorCode(error) === "InvalidOperationInCellEditMode";
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rejects with `SyncTimeoutError` when `promise` takes longer than `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, step: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SyncTimeoutError(timeoutMs, step)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Queues a batch with `queue`, syncs it under the timeout, and returns what `queue` returned
 * (proxies whose loaded properties can now be read). A batch refused because a cell is being
 * edited ran no action, so it is queued again and retried after a pause.
 */
export async function syncStep<T>(
  context: Excel.RequestContext,
  queue: () => T,
  policy: SyncPolicy,
  step: string,
  counter?: { count: number },
): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    const handles = queue();
    if (counter) counter.count++;
    try {
      // A retry of the same batch after a transient refusal, not one sync per item.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await withTimeout(Promise.resolve(context.sync()), policy.timeoutMs, step);
      return handles;
    } catch (error) {
      const delay = policy.editModeRetryDelaysMs[attempt];
      if (!isCellEditModeError(error) || delay === undefined) throw error;
      await sleep(delay);
    }
  }
}

/** Whether the host supports an ExcelApi requirement set (false outside Office). */
export function supportsExcelApi(version: string): boolean {
  if (typeof Office === "undefined") return false;
  const requirements = Office.context?.requirements;
  return typeof requirements?.isSetSupported === "function" && requirements.isSetSupported("ExcelApi", version);
}
