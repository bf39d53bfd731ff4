import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import { formatRange, parseAddress, sheetRef } from "../domain/a1";
import { classifyItems } from "../domain/classify";
import type { CategoryKey } from "../domain/categories";
import type { ClassifiedItem } from "../domain/lineItems";
import {
  changeMayAddOrRemoveLines,
  compareLineItems,
  currentBudgetAddresses,
  cutToList,
  followMovedLines,
  recheckRegion,
  type BudgetLine,
  type RecheckRegion,
} from "../domain/livingBudget";
import type { planWorkbook as PlanWorkbook } from "../domain/plan";
import { parseLineItems } from "../domain/parse";
import { projectBudget, type Projection } from "../domain/project";
import { decodeSavedState } from "../domain/savedState";
import type { SourceGrid } from "../domain/source";
import type { SourceChange, SourceRequest, WorkbookGateway } from "./gateway";
import { readProblem, toUserMessage } from "./messages";
import {
  appReducer,
  initialState,
  type AppState,
  type ClassifyView,
  type ParsedSource,
  type PilotChange,
  type StepKey,
} from "./state/appState";
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

/** How long the pane waits after the last change of the pilot's sheet before reading it again. */
export const RECHECK_DELAY_MS = 400;

/** The budget's source, as the state sheet (or the last generation) records it. */
interface WatchedSource {
  sheetName: string;
  address: string;
}

/** The pilot's list read again: the grid cut where the list ends, and its parse. */
interface PilotNow {
  grid: SourceGrid;
  description: string;
  parse: ReturnType<typeof parseLineItems>;
}

/**
 * Reads the pilot's list again where the budget's lines say it is now (rows typed below it
 * included). A read the gateway refuses (the sheet is gone) gives `null`.
 */
async function readPilotNow(gateway: WorkbookGateway, source: WatchedSource, region: RecheckRegion): Promise<PilotNow | null> {
  const result = await gateway.readSource({ kind: "range", sheetName: source.sheetName, address: region.address });
  if (!result.ok) return null;
  const grid = cutToList(result.grid, region.knownBottom);
  const address = gridAddress(grid);
  return { grid, description: address ? sheetRef(source.sheetName, address) : result.description, parse: parseLineItems(grid) };
}

/** What the pane says about the pilot compared with the budget's lines: `null` when nothing is missing. */
function pilotChangeOf(lines: readonly BudgetLine[], now: PilotNow): PilotChange | null {
  const c = compareLineItems(lines, now.parse.ok ? now.parse.items : []);
  return c.changed ? { pilotCount: c.pilotCount, budgetCount: c.budgetCount, added: c.added.length, removed: c.removed } : null;
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
  /** Reads the pilot's list again (with the lines added since) and generates from it. */
  regenerate(): Promise<void>;
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
  /** Up from the click on Generate until the pane has the result: the pilot is not looked at meanwhile. */
  const generating = useRef(false);

  const generateFrom = useCallback(
    async (grid: SourceGrid, parse: ParsedSource, items: readonly ClassifiedItem[], choices: Readonly<Record<string, CategoryKey>>) => {
      const present = new Set(items.map((i) => i.amountAddress));
      const overrides: Record<string, CategoryKey> = {};
      for (const [address, key] of Object.entries(choices)) if (present.has(address)) overrides[address] = key;
      const generatedAt = new Date().toISOString();
      dispatch({ type: "generateStarted" });
      generating.current = true;
      try {
        // The planner is only needed here: it loads as its own chunk, after the first render.
        const { planWorkbook } = await loadPlanner();
        const address = gridAddress(grid);
        const plan = planWorkbook({
          source: { sheetName: grid.sheetName, ...(address ? { address } : {}) },
          items,
          skipped: parse.skipped,
          assumptions: reading.assumptions,
          overrides,
          ...(parse.currencyFormat ? { currencyFormat: parse.currencyFormat } : {}),
          generatedAt,
        });
        const result = await gateway.generate(plan, (progress) => dispatch({ type: "generateProgress", progress }));
        dispatch({ type: "generateSucceeded", result, generatedAt, source: { sheetName: grid.sheetName, address: address ?? "" } });
      } catch (error) {
        dispatch({ type: "generateFailed", error: toUserMessage(error, "generate") });
      } finally {
        generating.current = false;
      }
    },
    [gateway, reading],
  );

  const generate = useCallback(async () => {
    if (source.status !== "ready" || reading.problems.length > 0 || running || generating.current) return;
    await generateFrom(source.grid, source.parse, items, allOverrides);
  }, [source, running, items, reading, allOverrides, generateFrom]);

  // -------------------------------------------------------------------------------------------
  // The living budget: watch the pilot's sheet and offer a refresh when it gains or loses lines.

  const watched: WatchedSource | null =
    state.saved.status === "loaded" && state.saved.source ? state.saved.source : null;
  const watchedSheet = watched?.sheetName;
  const watchedAddress = watched?.address;
  const generatedAt = state.saved.generatedAt;

  useEffect(() => {
    if (watchedSheet === undefined || watchedAddress === undefined) return;
    const target: WatchedSource = { sheetName: watchedSheet, address: watchedAddress };
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let busy = false;
    let again = false;
    /** The budget's lines and where the list is: read again after rows moved (`epoch` counts the moves). */
    let lines: BudgetLine[] | null | undefined;
    let region: RecheckRegion | null = null;
    let knownAmounts = new Set<string>();
    let epoch = 0;
    let unsubscribe: (() => Promise<void>) | undefined;

    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void check(), RECHECK_DELAY_MS);
    };
    const check = async (): Promise<void> => {
      if (!live) return;
      if (busy) {
        again = true;
        return;
      }
      // A generation is writing: look after it (a successful one restarts this effect anyway).
      if (generating.current) {
        schedule();
        return;
      }
      busy = true;
      try {
        let current = lines;
        let where = region;
        if (current === undefined) {
          const readAt = epoch;
          current = await gateway.readBudgetLines();
          where = recheckRegion(target.address, current ?? []);
          // Rows moved again while reading: keep nothing, the look scheduled by that change reads again.
          if (readAt === epoch) {
            lines = current;
            region = where;
            const addresses = currentBudgetAddresses(current ?? []);
            knownAmounts = new Set((current ?? []).flatMap((line, i) => (line.live ? (addresses[i] ?? []) : [])));
          }
        }
        if (!current || !where) {
          dispatch({ type: "pilotChecked", change: null });
          return;
        }
        const now = await readPilotNow(gateway, target, where);
        if (!live || generating.current) return;
        const change = now ? pilotChangeOf(current, now) : null;
        if (change) {
          // Confirm with the budget's lines as they are after the pilot was read: rows that moved
          // in between (their event may still be on its way) would show a difference that is not there.
          const after = await gateway.readBudgetLines();
          if (!live || generating.current) return;
          if (JSON.stringify(after) !== JSON.stringify(current)) {
            lines = undefined;
            epoch++;
            schedule();
            return;
          }
        }
        dispatch({ type: "pilotChecked", change });
      } catch {
        // A failed look is not the user's problem: look again at the next change.
        lines = undefined;
        epoch++;
      } finally {
        busy = false;
        if (again && live) {
          again = false;
          schedule();
        }
      }
    };

    const onChange = (change: SourceChange) => {
      if (change.changeType !== "RangeEdited") {
        // Rows or cells moved (or Excel cannot say): the budget's references moved with them.
        lines = undefined;
        epoch++;
      }
      if (changeMayAddOrRemoveLines(change, lines === undefined ? null : region, knownAmounts)) schedule();
    };
    // Once the pane has settled (its first reads on opening, or the generation's last sync, go
    // first): watch, then look once — lines may have been added while the pane was closed, or
    // during the generation, whose writes are not heard and which mutes events meanwhile.
    const begin = setTimeout(() => {
      gateway.watchSource(target.sheetName, onChange).then(
        (remove) => {
          if (!live) {
            void remove();
            return;
          }
          unsubscribe = remove;
          void check();
        },
        // Excel cannot watch here (before ExcelApi 1.7): look once, offer nothing later.
        () => void check(),
      );
    }, RECHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(begin);
      clearTimeout(timer);
      if (unsubscribe) void unsubscribe();
    };
  }, [gateway, watchedSheet, watchedAddress, generatedAt]);

  const regenerate = useCallback(async () => {
    if (!watched || reading.problems.length > 0 || running || generating.current) return;
    const seq = ++readSeq.current;
    const request = { kind: "range" as const, sheetName: watched.sheetName, address: watched.address };
    dispatch({ type: "sourceReadStarted", request });
    let now: PilotNow | null;
    let lines: BudgetLine[] | null;
    try {
      lines = await gateway.readBudgetLines();
      now = await readPilotNow(gateway, watched, recheckRegion(watched.address, lines ?? []));
    } catch (error) {
      if (seq === readSeq.current) dispatch({ type: "sourceReadFailed", request, error: toUserMessage(error, "read") });
      return;
    }
    if (seq !== readSeq.current) return;
    if (!now) {
      dispatch({ type: "sourceReadFailed", request, error: readProblem(`The pilot's list on "${watched.sheetName}" could not be read again.`) });
      return;
    }
    const address = gridAddress(now.grid) ?? watched.address;
    const readRequest = { ...request, address };
    dispatch({ type: "sourceRead", request: readRequest, grid: now.grid, description: now.description, parse: now.parse });
    if (!now.parse.ok) return;
    // Each line keeps its category where rows moved since the last generation.
    const choices = lines ? followMovedLines(allOverrides, lines) : allOverrides;
    dispatch({ type: "overridesReplaced", overrides: choices });
    await generateFrom(now.grid, now.parse, classifyItems(now.parse.items, choices), choices);
  }, [gateway, watched, reading, running, allOverrides, generateFrom]);

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
      regenerate,
      activateSheet,
      dismissGeneration: () => dispatch({ type: "generationDismissed" }),
    }),
    [readSource, refreshNamedSources, selectCell, generate, regenerate, activateSheet],
  );

  return { state, items, reading, projection, commands };
}
