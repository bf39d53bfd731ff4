import type { WorkbookGateway } from "./gateway";

/**
 * A gateway whose implementation loads on first use. The task pane's first render does not wait
 * for the Office.js adapter (src/excel) and the workbook planner: webpack puts them in one chunk
 * that the pane requests right after it has rendered. A failed load rejects the call, which the
 * pane reports like any other gateway failure.
 */
export function lazyGateway(load: () => Promise<WorkbookGateway>): WorkbookGateway {
  let loading: Promise<WorkbookGateway> | null = null;
  const gateway = (): Promise<WorkbookGateway> => {
    if (!loading) {
      loading = load();
      // A failed load may succeed later (e.g. the network came back): try again on the next call.
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  };
  return {
    readSource: async (request) => (await gateway()).readSource(request),
    listNamedSources: async () => (await gateway()).listNamedSources(),
    readSavedState: async () => (await gateway()).readSavedState(),
    generate: async (plan, onProgress) => (await gateway()).generate(plan, onProgress),
    selectCell: async (sheetName, address) => (await gateway()).selectCell(sheetName, address),
    activateSheet: async (sheetName) => (await gateway()).activateSheet(sheetName),
    watchSource: async (sheetName, onChange) => (await gateway()).watchSource(sheetName, onChange),
    readBudgetLines: async () => (await gateway()).readBudgetLines(),
  };
}
