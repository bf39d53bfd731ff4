import type { CategoryKey } from "../../domain/categories";
import type { ParseResult } from "../../domain/lineItems";
import type { SavedState } from "../../domain/savedState";
import type { SourceGrid } from "../../domain/source";
import type { GenerateProgress, GenerateResult, NamedSource, SourceRequest } from "../gateway";
import {
  defaultDraft,
  draftFromAssumptions,
  editDraft,
  type AssumptionsDraft,
  type DraftField,
} from "./assumptionsDraft";

/**
 * The task pane's state and its reducer: pure, no React, no gateway. Components dispatch actions
 * after their awaits finish (gather, then compute) and render from this state.
 */

export type StepKey = "source" | "classify" | "assumptions" | "generate";
export const STEP_KEYS: readonly StepKey[] = ["source", "classify", "assumptions", "generate"];

/** A problem shown to the user: what happened and what to do next. */
export interface UserMessage {
  title: string;
  message: string;
  nextStep: string;
}

export type ParsedSource = Extract<ParseResult, { ok: true }>;

export type SourceState =
  | { status: "idle" }
  | { status: "reading"; request: SourceRequest }
  | {
      status: "ready";
      request: SourceRequest;
      grid: SourceGrid;
      /** e.g. `'Q3 Pilot''s costs'!A1:D40` */
      description: string;
      parse: ParsedSource;
    }
  | { status: "error"; request: SourceRequest; error: UserMessage };

export type ClassifyFilter = "all" | "unclassified" | "changed";

export interface ClassifyView {
  filter: ClassifyFilter;
  query: string;
  /** 0-based page of the filtered list. */
  page: number;
}

export type GenerationState =
  | { status: "idle" }
  | { status: "running"; progress: GenerateProgress }
  | { status: "done"; result: GenerateResult; generatedAt: string }
  | { status: "error"; error: UserMessage };

export interface SavedInfo {
  status: "loading" | "none" | "loaded" | "error";
  generatedAt?: string;
  source?: { sheetName: string; address: string };
  /** Inputs on the Assumptions sheet that could not be used, and any read failure. */
  problems: string[];
}

/**
 * What the last look at the pilot found, when it differs from the generated budget: cost lines
 * the budget does not have yet, or budget lines the pilot no longer has (see domain/livingBudget).
 */
export interface PilotChange {
  pilotCount: number;
  budgetCount: number;
  added: number;
  removed: number;
}

export interface AppState {
  step: StepKey;
  namedSources: { status: "idle" | "loading" | "ready" | "error"; items: NamedSource[]; error?: UserMessage };
  /** The table or name picked in the Source step's list. */
  pickedName: string | null;
  source: SourceState;
  /** User choices by amount cell address. */
  overrides: Record<string, CategoryKey>;
  classifyView: ClassifyView;
  draft: AssumptionsDraft;
  saved: SavedInfo;
  generation: GenerationState;
  /** Set while the pilot has lines the generated budget does not cover (or lost some). */
  pilotChange: PilotChange | null;
}

export type AppAction =
  | { type: "goTo"; step: StepKey }
  | { type: "savedStateLoaded"; saved: SavedState | null }
  | { type: "savedStateFailed"; message: string }
  | { type: "namedSourcesLoading" }
  | { type: "namedSourcesLoaded"; items: NamedSource[] }
  | { type: "namedSourcesFailed"; error: UserMessage }
  | { type: "namePicked"; name: string | null }
  | { type: "sourceReadStarted"; request: SourceRequest }
  | { type: "sourceRead"; request: SourceRequest; grid: SourceGrid; description: string; parse: ParseResult }
  | { type: "sourceReadFailed"; request: SourceRequest; error: UserMessage }
  | { type: "overrideSet"; amountAddress: string; category: CategoryKey | null }
  /** All choices at once (moved with the rows Excel moved, before a regeneration). */
  | { type: "overridesReplaced"; overrides: Record<string, CategoryKey> }
  | { type: "classifyViewChanged"; view: Partial<ClassifyView> }
  | { type: "assumptionEdited"; field: DraftField; text: string }
  | { type: "assumptionsReset" }
  | { type: "generateStarted" }
  | { type: "generateProgress"; progress: GenerateProgress }
  | { type: "generateSucceeded"; result: GenerateResult; generatedAt: string; source: { sheetName: string; address: string } }
  | { type: "generateFailed"; error: UserMessage }
  | { type: "generationDismissed" }
  | { type: "pilotChecked"; change: PilotChange | null };

export function initialState(): AppState {
  return {
    step: "source",
    namedSources: { status: "idle", items: [] },
    pickedName: null,
    source: { status: "idle" },
    overrides: {},
    classifyView: { filter: "all", query: "", page: 0 },
    draft: defaultDraft(),
    saved: { status: "loading", problems: [] },
    generation: { status: "idle" },
    pilotChange: null,
  };
}

export const MESSAGES = {
  noItems: {
    title: "No cost lines found",
    nextStep:
      "Select the pilot's cost list (a label column and an amount column, with or without a header row) and choose Use selection again.",
  },
} as const;

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case "goTo":
      return { ...state, step: action.step };
    case "savedStateLoaded": {
      const saved = action.saved;
      if (!saved) return { ...state, saved: { status: "none", problems: [] } };
      return {
        ...state,
        // What the workbook remembers wins over the defaults, but not over edits made meanwhile.
        overrides: { ...saved.overrides, ...state.overrides },
        draft: saved.assumptions ? draftFromAssumptions(saved.assumptions) : state.draft,
        saved: {
          status: "loaded",
          ...(saved.generatedAt ? { generatedAt: saved.generatedAt } : {}),
          ...(saved.source ? { source: saved.source } : {}),
          problems: saved.problems,
        },
      };
    }
    case "savedStateFailed":
      return { ...state, saved: { status: "error", problems: [action.message] } };
    case "namedSourcesLoading":
      return { ...state, namedSources: { ...state.namedSources, status: "loading" } };
    case "namedSourcesLoaded": {
      const stillThere = action.items.some((s) => s.name === state.pickedName);
      return {
        ...state,
        namedSources: { status: "ready", items: action.items },
        pickedName: stillThere ? state.pickedName : (action.items[0]?.name ?? null),
      };
    }
    case "namedSourcesFailed":
      return { ...state, namedSources: { status: "error", items: [], error: action.error } };
    case "namePicked":
      return { ...state, pickedName: action.name };
    case "sourceReadStarted":
      return { ...state, source: { status: "reading", request: action.request }, generation: { status: "idle" } };
    case "sourceRead": {
      if (!action.parse.ok) {
        return {
          ...state,
          source: {
            status: "error",
            request: action.request,
            error: {
              title: MESSAGES.noItems.title,
              message: action.parse.message,
              nextStep: MESSAGES.noItems.nextStep,
            },
          },
        };
      }
      return {
        ...state,
        source: {
          status: "ready",
          request: action.request,
          grid: action.grid,
          description: action.description,
          parse: action.parse,
        },
        classifyView: { ...state.classifyView, page: 0 },
      };
    }
    case "sourceReadFailed":
      return { ...state, source: { status: "error", request: action.request, error: action.error } };
    case "overrideSet": {
      const overrides = { ...state.overrides };
      if (action.category === null) delete overrides[action.amountAddress];
      else overrides[action.amountAddress] = action.category;
      return { ...state, overrides };
    }
    case "overridesReplaced":
      return { ...state, overrides: action.overrides };
    case "classifyViewChanged": {
      const view = { ...state.classifyView, ...action.view };
      // A new filter or search starts on the first page.
      if (action.view.filter !== undefined || action.view.query !== undefined) {
        if (action.view.page === undefined) view.page = 0;
      }
      return { ...state, classifyView: view };
    }
    case "assumptionEdited":
      return { ...state, draft: editDraft(state.draft, action.field, action.text) };
    case "assumptionsReset":
      return { ...state, draft: defaultDraft() };
    case "generateStarted":
      return {
        ...state,
        generation: { status: "running", progress: { fraction: 0, message: "Preparing the sheets" } },
      };
    case "generateProgress":
      if (state.generation.status !== "running") return state;
      return { ...state, generation: { status: "running", progress: action.progress } };
    case "generateSucceeded":
      return {
        ...state,
        generation: { status: "done", result: action.result, generatedAt: action.generatedAt },
        // The budget now follows this source: the pane watches it from here on.
        saved: { ...state.saved, status: "loaded", generatedAt: action.generatedAt, source: action.source },
        pilotChange: null,
      };
    case "generateFailed":
      return { ...state, generation: { status: "error", error: action.error } };
    case "generationDismissed":
      return { ...state, generation: { status: "idle" } };
    case "pilotChecked":
      return { ...state, pilotChange: action.change };
  }
}

/** The currency format of the source's amounts, once a source has been read (for the pane's money). */
export function currencyFormatOf(state: AppState): string | undefined {
  return state.source.status === "ready" ? state.source.parse.currencyFormat : undefined;
}

/** Where the source came from, for the summary line. */
export function describeRequest(request: SourceRequest): string {
  switch (request.kind) {
    case "selection":
      return "the selection";
    case "named":
      return request.name;
    case "auto":
      return "auto-detection on the active sheet";
    case "range":
      return "the pilot's list, read again";
  }
}
