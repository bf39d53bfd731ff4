/** `src/excel`: the only code that touches Office.js. */
export { createOfficeGateway, type OfficeGatewayOptions } from "./gateway";
export { isOwnChange, isOwnWriteInProgress, runAsOwnWrite, ignoringOwnWrites, OWN_WRITE_GRACE_MS } from "./ownWrites";
export { readBudgetLines, watchSource } from "./watchSource";
export { GenerateError, renderPlan, REQUIRED_EXCEL_API, type RenderOptions } from "./renderPlan";
export { readSource, listNamedSources, readSavedState, selectCell, activateSheet, MESSAGES as READ_MESSAGES } from "./readSource";
export { DEFAULT_SYNC_POLICY, SyncTimeoutError, supportsExcelApi, type SyncPolicy } from "./sync";
export { PAYLOAD_LIMIT_BYTES, DEFAULT_BATCH_BUDGET_BYTES } from "./requestSize";
export { columnWidthPoints, columnWidthCharacters } from "./styles";
