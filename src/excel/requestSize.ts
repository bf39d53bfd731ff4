/**
 * Estimating the size of an Office.js request from what the renderer queues. Excel on the web
 * refuses a request above 5 MB (`RequestPayloadSizeLimitExceeded`); the renderer keeps every
 * batch under a budget well below that, estimating generously: Office.js sends each queued
 * action and each object path as a JSON envelope plus its arguments.
 */

/** Excel on the web: at most 5 MB per request and per response. */
export const PAYLOAD_LIMIT_BYTES = 5_000_000;
/**
 * What the renderer allows itself per batch: a 10% margin on an estimate that already counts
 * generous envelopes. A batch Excel refuses anyway is halved and sent again.
 */
export const DEFAULT_BATCH_BUDGET_BYTES = 4_500_000;

/** Envelope of one action (`{"Id":..,"ActionType":..,"Name":..,"ObjectPathId":..,"ArgumentInfo":{..}}`), generous. */
export const ACTION_OVERHEAD_BYTES = 160;
/** Envelope of one object path (e.g. a `getRange` result), generous. */
export const OBJECT_PATH_OVERHEAD_BYTES = 200;

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? "");
}

/** One queued action with these arguments. */
export function actionBytes(args: unknown): number {
  return ACTION_OVERHEAD_BYTES + jsonBytes(args);
}

/** One object path created with these arguments (e.g. `getRange("A1:D5")`). */
export function objectPathBytes(args: unknown): number {
  return OBJECT_PATH_OVERHEAD_BYTES + jsonBytes(args);
}
