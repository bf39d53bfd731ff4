import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import { formatRange, parseAddress } from "../domain/a1";
import { classifyItems } from "../domain/classify";
import type { CategoryKey } from "../domain/categories";
import type { ClassifiedItem } from "../domain/lineItems";
import type { planWorkbook as PlanWorkbook } from "../domain/plan";
import { parseLineItems } from "../domain/parse";
import { projectBudget, type Projection } from "../domain/project";
import { decodeSavedState } from "../domain/savedState";
import type { SourceGrid } from "../domain/source";
import type { SourceRequest, WorkbookGateway } from "./gateway";
import { readProblem, toUserMessage } from "./messages";
import { appReducer, initialState, type AppState, type ClassifyView, type StepKey } from "./state/appState";
import { readDraft, type DraftField, type DraftReading } from "./state/assumptionsDraft";

/** The A1 range a grid covers, e.g. `A1:D40` (for the notes on the generated sheets). */
export function gridAddress(grid: SourceGrid): string | undefined {
  const start = parseAddress(grid.topLeft);
  if (!start) return undefined;
  const rows = Math.max(1, grid.values.length);
  const columns = Math.max(1, ...grid.values.map((r) => r.length));
  return formatRange({
    start,
    end: { rowIndex: start.rowIndex + rows - 1, columnIndex: start.columnIndex + columns - 1 },
  });
}

/**
 * The workbook planner, loaded on demand. It shares the "excel" chunk with the Office.js adapter
 * (which needs the planner's sheet names), so generating loads nothing new.
 */
export function loadPlanner(): Promise<{ planWorkbook: typeof PlanWorkbook }> {
  return import(/* webpackChunkName: "excel" */ "../domain/plan");
}

export interface TaskpaneCommands {
  goTo(step: StepKey): void;
  readSource(request: SourceRequest): Promise<void>;
  refreshNamedSources(): Promise<void>;
  pickName(name: string | null): void;
  selectCell(sheetName: string, address: string): Promise<void>;
  setOverride(amountAddress: string, category: CategoryKey | null): void;
  setClassifyView(view: Partial<ClassifyView>): void;
  editAssumption(field: DraftField, text: string): void;
  resetAssumptions(): void;
  generate(): Promise<void>;
  activateSheet(sheetName: string): Promise<void>;
  dismissGeneration(): void;
}

export interface TaskpaneModel {
  state: AppState;
  /** Classified line items of the current source (empty until one is read). */
  items: ClassifiedItem[];
  reading: DraftReading;
  /** The preview: present when there are items and the assumptions are valid. */
  projection: Projection | null;
  commands: TaskpaneCommands;
}

/**
 * Wires the pure reducer to the workbook gateway: every await happens here, then plain values
 * are dispatched. Components get the model and never see the gateway's promises.
 */
export function useTaskpane(
  gateway: WorkbookGateway,
  onNavigationError: (error: unknown, what: "select" | "activate") => void,
): TaskpaneModel {
  const [state, dispatch] = useReducer(appReducer, undefined, initialState);
  const readSeq = useRef(0);

  const items = useMemo(
    () => (state.source.status === "ready" ? classifyItems(state.source.parse.items, state.overrides) : []),
    [state.source, state.overrides],
  );
  const reading = useMemo(() => readDraft(state.draft), [state.draft]);
  const projection = useMemo(
    () => (items.length > 0 && reading.problems.length === 0 ? projectBudget(items, reading.assumptions) : null),
    [items, reading],
  );

  const refreshNamedSources = useCallback(async () => {
    dispatch({ type: "namedSourcesLoading" });
    try {
      const list = await gateway.listNamedSources();
      dispatch({ type: "namedSourcesLoaded", items: list });
    } catch (error) {
      dispatch({ type: "namedSourcesFailed", error: toUserMessage(error, "list") });
    }
  }, [gateway]);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const raw = await gateway.readSavedState();
        if (!live) return;
        dispatch({ type: "savedStateLoaded", saved: raw ? decodeSavedState(raw.stateRows) : null });
      } catch (error) {
        if (live) dispatch({ type: "savedStateFailed", message: toUserMessage(error, "savedState").message });
      }
    })();
    void refreshNamedSources();
    return () => {
      live = false;
    };
  }, [gateway, refreshNamedSources]);

  const readSource = useCallback(
    async (request: SourceRequest) => {
      const seq = ++readSeq.current;
      dispatch({ type: "sourceReadStarted", request });
      try {
        const result = await gateway.readSource(request);
        if (seq !== readSeq.current) return;
        if (!result.ok) {
          dispatch({ type: "sourceReadFailed", request, error: readProblem(result.message) });
          return;
        }
        const parse = parseLineItems(result.grid);
        dispatch({ type: "sourceRead", request, grid: result.grid, description: result.description, parse });
      } catch (error) {
        if (seq === readSeq.current)
          dispatch({ type: "sourceReadFailed", request, error: toUserMessage(error, "read") });
      }
    },
    [gateway],
  );

  const selectCell = useCallback(
    async (sheetName: string, address: string) => {
      try {
        await gateway.selectCell(sheetName, address);
      } catch (error) {
        onNavigationError(error, "select");
      }
    },
    [gateway, onNavigationError],
  );

  const activateSheet = useCallback(
    async (sheetName: string) => {
      try {
        await gateway.activateSheet(sheetName);
      } catch (error) {
        onNavigationError(error, "activate");
      }
    },
    [gateway, onNavigationError],
  );

  const { source, overrides: allOverrides } = state;
  const running = state.generation.status === "running";
  const generate = useCallback(async () => {
    if (source.status !== "ready" || reading.problems.length > 0 || running) return;
    const present = new Set(items.map((i) => i.amountAddress));
    const overrides: Record<string, CategoryKey> = {};
    for (const [address, key] of Object.entries(allOverrides)) if (present.has(address)) overrides[address] = key;
    const generatedAt = new Date().toISOString();
    dispatch({ type: "generateStarted" });
    try {
      // The planner is only needed here: it loads as its own chunk, after the first render.
      const { planWorkbook } = await loadPlanner();
      const address = gridAddress(source.grid);
      const plan = planWorkbook({
        source: { sheetName: source.grid.sheetName, ...(address ? { address } : {}) },
        items,
        skipped: source.parse.skipped,
        assumptions: reading.assumptions,
        overrides,
        ...(source.parse.currencyFormat ? { currencyFormat: source.parse.currencyFormat } : {}),
        generatedAt,
      });
      const result = await gateway.generate(plan, (progress) => dispatch({ type: "generateProgress", progress }));
      dispatch({ type: "generateSucceeded", result, generatedAt });
    } catch (error) {
      dispatch({ type: "generateFailed", error: toUserMessage(error, "generate") });
    }
  }, [gateway, source, allOverrides, running, items, reading]);

  const commands = useMemo<TaskpaneCommands>(
    () => ({
      goTo: (step) => dispatch({ type: "goTo", step }),
      readSource,
      refreshNamedSources,
      pickName: (name) => dispatch({ type: "namePicked", name }),
      selectCell,
      setOverride: (amountAddress, category) => dispatch({ type: "overrideSet", amountAddress, category }),
      setClassifyView: (view) => dispatch({ type: "classifyViewChanged", view }),
      editAssumption: (field, text) => dispatch({ type: "assumptionEdited", field, text }),
      resetAssumptions: () => dispatch({ type: "assumptionsReset" }),
      generate,
      activateSheet,
      dismissGeneration: () => dispatch({ type: "generationDismissed" }),
    }),
    [readSource, refreshNamedSources, selectCell, generate, activateSheet],
  );

  return { state, items, reading, projection, commands };
}
