/**
 * The task pane's `WorkbookGateway` over Office.js. The only module the task pane needs from
 * `src/excel`; everything it calls runs inside `Excel.run`.
 */
import type { WorkbookGateway } from "../taskpane/gateway";
import { activateSheet, listNamedSources, readSavedState, readSource, selectCell } from "./readSource";
import { renderPlan } from "./renderPlan";
import { DEFAULT_SYNC_POLICY, type SyncPolicy } from "./sync";
import { readBudgetLines, watchSource } from "./watchSource";

export interface OfficeGatewayOptions {
  /** Sync timeout and cell-edit-mode retries. */
  policy?: Partial<SyncPolicy>;
  /** Estimated request bytes per write batch (default 4 MB). */
  batchBudgetBytes?: number;
}

export function createOfficeGateway(options: OfficeGatewayOptions = {}): WorkbookGateway {
  const policy: SyncPolicy = { ...DEFAULT_SYNC_POLICY, ...options.policy };
  return {
    readSource: (request) => readSource(request, policy),
    listNamedSources: () => listNamedSources(policy),
    readSavedState: () => readSavedState(policy),
    generate: (plan, onProgress) =>
      renderPlan(plan, {
        policy,
        ...(options.batchBudgetBytes !== undefined ? { batchBudgetBytes: options.batchBudgetBytes } : {}),
        ...(onProgress ? { onProgress } : {}),
      }),
    selectCell: (sheetName, address) => selectCell(sheetName, address, policy),
    activateSheet: (sheetName) => activateSheet(sheetName, policy),
    watchSource: (sheetName, onChange) => watchSource(sheetName, onChange, policy),
    readBudgetLines: () => readBudgetLines(policy),
  };
}
