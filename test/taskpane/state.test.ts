import { describe, expect, it } from "vitest";
import { defaultAssumptions } from "../../src/domain/assumptions";
import type { ClassifiedItem } from "../../src/domain/lineItems";
import { parseLineItems } from "../../src/domain/parse";
import type { SourceGrid } from "../../src/domain/source";
import { currencyOf, formatMoney } from "../../src/taskpane/format";
import { describePilotChange, summarizePilotChange, toUserMessage } from "../../src/taskpane/messages";
import { appReducer, initialState, type AppState } from "../../src/taskpane/state/appState";
import {
  changedFromDefault,
  defaultDraft,
  draftFromAssumptions,
  editDraft,
  parseUserNumber,
  readDraft,
} from "../../src/taskpane/state/assumptionsDraft";
import { bucketTotals, filterItems, pageOf, PAGE_SIZE } from "../../src/taskpane/state/classifyView";
import { gridAddress } from "../../src/taskpane/useTaskpane";

const grid: SourceGrid = {
  sheetName: "Pilot",
  topLeft: "A1",
  values: [
    ["Item", "Cost"],
    ["Data pipeline", 1000],
    ["Cloud hosting", 500],
    ["Catering", 200],
  ],
  numberFormats: [],
};

function item(
  label: string,
  amount: number,
  category: ClassifiedItem["category"],
  basis: ClassifiedItem["basis"] = "keyword",
): ClassifiedItem {
  return {
    label,
    labelAddress: "A1",
    amount,
    amountAddress: `B${label.length}`,
    amountSource: "cell",
    category,
    basis,
  };
}

describe("parseUserNumber", () => {
  it.each([
    ["7.5", 7.5],
    ["7,5", 7.5],
    [" 28 % ", 28],
    ["1,234.5", 1234.5],
    ["1.234,5", 1234.5],
    ["1,000", 1000],
    ["0", 0],
    ["-3", -3],
    [".5", 0.5],
  ])("%s -> %d", (text, value) => expect(parseUserNumber(text)).toBe(value));
  it.each(["", "abc", "7.5x", "1..2", "%"])("%j is not a number", (text) => expect(parseUserNumber(text)).toBeNaN());
});

describe("assumptions draft", () => {
  it("round-trips the sourced defaults without problems", () => {
    const reading = readDraft(defaultDraft());
    expect(reading.problems).toEqual([]);
    expect(reading.assumptions).toEqual(defaultAssumptions());
  });

  it("reports weights that do not sum to 100% against the weights field", () => {
    const draft = editDraft(defaultDraft(), { kind: "weight", category: "support" }, "10");
    const reading = readDraft(draft);
    expect(reading.byField.get("weights")).toMatch(/sum to 100%.*104%/);
  });

  it("reports a field that is not a number", () => {
    const draft = editDraft(defaultDraft(), { kind: "multiplier", scenario: "low" }, "five");
    const reading = readDraft(draft);
    expect(reading.byField.get("multipliers.low")).toMatch(/positive number/);
  });

  it("resets phasing to the defaults of a new horizon, one share per year", () => {
    const draft = editDraft(defaultDraft(), { kind: "horizonYears" }, "5");
    expect(draft.phasingPercents.dataEngineering).toHaveLength(5);
    const reading = readDraft(draft);
    expect(reading.problems).toEqual([]);
    expect(reading.assumptions.horizonYears).toBe(5);
    // A half-typed horizon keeps the current phasing.
    const typing = editDraft(draft, { kind: "horizonYears" }, "");
    expect(typing.phasingPercents.dataEngineering).toHaveLength(5);
    expect(readDraft(typing).byField.get("horizonYears")).toMatch(/whole number/);
  });

  it("marks the fields changed from the sourced defaults", () => {
    let draft = editDraft(defaultDraft(), { kind: "multiplier", scenario: "base" }, "8");
    draft = editDraft(draft, { kind: "phasing", category: "support", yearIndex: 0 }, "30");
    expect([...changedFromDefault(draft)].sort()).toEqual(["multipliers.base", "phasing.support.0"]);
    expect(changedFromDefault(draftFromAssumptions(defaultAssumptions())).size).toBe(0);
  });
});

describe("appReducer", () => {
  const parse = parseLineItems(grid);

  function withSource(): AppState {
    let state = initialState();
    state = appReducer(state, { type: "sourceReadStarted", request: { kind: "selection" } });
    return appReducer(state, {
      type: "sourceRead",
      request: { kind: "selection" },
      grid,
      description: "Pilot!A1:B4",
      parse,
    });
  }

  it("goes idle → reading → ready with the parse result", () => {
    const state = withSource();
    expect(state.source.status).toBe("ready");
    if (state.source.status === "ready") expect(state.source.parse.items).toHaveLength(3);
  });

  it("turns a parse failure into a message that says what to do", () => {
    const failed = parseLineItems({ sheetName: "S", topLeft: "A1", values: [["just text"]], numberFormats: [] });
    expect(failed.ok).toBe(false);
    const state = appReducer(initialState(), {
      type: "sourceRead",
      request: { kind: "auto" },
      grid,
      description: "S!A1",
      parse: failed,
    });
    expect(state.source.status).toBe("error");
    if (state.source.status === "error") expect(state.source.error.nextStep).toMatch(/Use selection/);
  });

  it("sets and clears overrides by amount address", () => {
    let state = appReducer(withSource(), { type: "overrideSet", amountAddress: "B4", category: "support" });
    expect(state.overrides).toEqual({ B4: "support" });
    state = appReducer(state, { type: "overrideSet", amountAddress: "B4", category: null });
    expect(state.overrides).toEqual({});
  });

  it("loads saved overrides and assumptions, without losing edits made meanwhile", () => {
    let state = appReducer(initialState(), { type: "overrideSet", amountAddress: "B2", category: "integration" });
    const assumptions = { ...defaultAssumptions(), multipliers: { low: 4, base: 6, high: 9 } };
    state = appReducer(state, {
      type: "savedStateLoaded",
      saved: {
        version: 1,
        generatedSheets: [],
        overrides: { B2: "support", B3: "compliance" },
        assumptions,
        problems: [],
        generatedAt: "2026-01-01T00:00:00Z",
      },
    });
    expect(state.overrides).toEqual({ B2: "integration", B3: "compliance" });
    expect(state.draft.multipliers).toEqual({ low: "4", base: "6", high: "9" });
    expect(state.saved.status).toBe("loaded");
    expect(appReducer(initialState(), { type: "savedStateLoaded", saved: null }).saved.status).toBe("none");
  });

  it("resets the page when the filter or search changes", () => {
    let state = appReducer(initialState(), { type: "classifyViewChanged", view: { page: 3 } });
    expect(state.classifyView.page).toBe(3);
    state = appReducer(state, { type: "classifyViewChanged", view: { query: "cloud" } });
    expect(state.classifyView).toEqual({ filter: "all", query: "cloud", page: 0 });
  });

  it("keeps the picked name when the refreshed list still has it, else picks the first", () => {
    const list = [
      { kind: "table" as const, name: "Costs", sheetName: "Pilot", address: "A1:B4" },
      { kind: "name" as const, name: "Other", sheetName: "Pilot", address: "D1:E4" },
    ];
    let state = appReducer(initialState(), { type: "namedSourcesLoaded", items: list });
    expect(state.pickedName).toBe("Costs");
    state = appReducer(state, { type: "namePicked", name: "Other" });
    state = appReducer(state, { type: "namedSourcesLoaded", items: list });
    expect(state.pickedName).toBe("Other");
    state = appReducer(state, { type: "namedSourcesLoaded", items: [] });
    expect(state.pickedName).toBeNull();
  });

  it("tracks a generation: running with progress, then done; progress after the end is ignored", () => {
    let state = appReducer(withSource(), { type: "generateStarted" });
    state = appReducer(state, { type: "generateProgress", progress: { fraction: 0.5, message: "Writing" } });
    expect(state.generation).toEqual({ status: "running", progress: { fraction: 0.5, message: "Writing" } });
    state = appReducer(state, {
      type: "generateSucceeded",
      result: { sheetNames: ["Assumptions"], syncCount: 3 },
      generatedAt: "t",
      source: { sheetName: "Pilot", address: "A1:B9" },
    });
    expect(state.generation.status).toBe("done");
    expect(appReducer(state, { type: "generateProgress", progress: { fraction: 1, message: "late" } })).toBe(state);
  });

  it("watches the source of the last generation, and a new generation clears an offer to refresh", () => {
    let state = appReducer(withSource(), { type: "pilotChecked", change: { pilotCount: 14, budgetCount: 11, added: 3, removed: 0 } });
    expect(state.pilotChange).toEqual({ pilotCount: 14, budgetCount: 11, added: 3, removed: 0 });
    state = appReducer(state, {
      type: "generateSucceeded",
      result: { sheetNames: ["Assumptions"], syncCount: 3 },
      generatedAt: "t2",
      source: { sheetName: "Pilot", address: "A1:B15" },
    });
    expect(state.pilotChange).toBeNull();
    expect(state.saved).toMatchObject({ status: "loaded", generatedAt: "t2", source: { sheetName: "Pilot", address: "A1:B15" } });
    expect(appReducer(state, { type: "pilotChecked", change: null }).pilotChange).toBeNull();
    expect(appReducer(state, { type: "overridesReplaced", overrides: { D9: "support" } }).overrides).toEqual({ D9: "support" });
  });
});

describe("classify view", () => {
  const items = [
    item("Data pipeline", 1000, "dataEngineering"),
    item("Cloud hosting", 500, "infrastructure", "override"),
    item("Catering", 200, "unclassified", "none"),
  ];

  it("filters unclassified lines, lines the user changed, and by search text", () => {
    expect(filterItems(items, { filter: "unclassified", query: "" }).map((i) => i.label)).toEqual(["Catering"]);
    expect(filterItems(items, { filter: "changed", query: "" }).map((i) => i.label)).toEqual(["Cloud hosting"]);
    expect(filterItems(items, { filter: "all", query: "PIPE" }).map((i) => i.label)).toEqual(["Data pipeline"]);
  });

  it("pages 20,000 lines into pages of PAGE_SIZE, clamping the page number", () => {
    const many = Array.from({ length: 20_000 }, (_, i) => i);
    const last = pageOf(many, 10_000);
    expect(last.pageCount).toBe(20_000 / PAGE_SIZE);
    expect(last.page).toBe(last.pageCount - 1);
    expect(last.rows).toHaveLength(PAGE_SIZE);
    expect(last.last).toBe(20_000);
    expect(pageOf([], 0)).toMatchObject({ page: 0, pageCount: 1, first: 0, last: 0, total: 0 });
  });

  it("totals the pilot per category with Unclassified last", () => {
    const totals = bucketTotals(items);
    expect(totals).toHaveLength(9);
    expect(totals.at(-1)).toMatchObject({ key: "unclassified", count: 1, amount: 200 });
    expect(totals.find((t) => t.key === "dataEngineering")).toMatchObject({ count: 1, amount: 1000 });
  });
});

describe("formatting and messages", () => {
  it("finds the currency of Excel number formats", () => {
    expect(currencyOf('"€"#,##0.00')).toEqual({ symbol: "€", prefix: true });
    expect(currencyOf("[$$-409]#,##0")).toEqual({ symbol: "$", prefix: true });
    expect(currencyOf("#,##0.00 [$€-407]")).toEqual({ symbol: "€", prefix: false });
    expect(currencyOf("#,##0")).toBeNull();
    expect(formatMoney(12500, '"€"#,##0.00')).toBe("€12,500");
    expect(formatMoney(-2000)).toBe("-2,000");
  });

  it("says what to do next for Office.js error codes", () => {
    const busy = toUserMessage(
      Object.assign(new Error("busy"), { code: "InvalidOperationInCellEditMode" }),
      "generate",
    );
    expect(busy.nextStep).toMatch(/left as it was.*Enter or Esc/);
    const big = toUserMessage(Object.assign(new Error("big"), { code: "RequestPayloadSizeLimitExceeded" }), "read");
    expect(big.nextStep).toMatch(/smaller range/);
    expect(toUserMessage("plain", "list").message).toBe("plain");
  });

  it("computes the A1 range of a ragged grid", () => {
    expect(gridAddress(grid)).toBe("A1:B4");
    expect(gridAddress({ ...grid, topLeft: "C5", values: [[1], [1, 2, 3]] })).toBe("C5:E6");
  });
});

describe("the offer to refresh", () => {
  it("says how many lines the pilot has now, how many the budget has, and what is missing", () => {
    expect(describePilotChange({ pilotCount: 14, budgetCount: 11, added: 3, removed: 0 })).toBe(
      "The pilot now has 14 cost lines (was 11): 3 new lines are not in the budget yet.",
    );
    expect(describePilotChange({ pilotCount: 12, budgetCount: 11, added: 1, removed: 0 })).toBe(
      "The pilot now has 12 cost lines (was 11): 1 new line is not in the budget yet.",
    );
    expect(describePilotChange({ pilotCount: 10, budgetCount: 11, added: 0, removed: 1 })).toBe(
      "The pilot now has 10 cost lines (was 11): 1 line of the budget is no longer in the pilot's list.",
    );
    expect(describePilotChange({ pilotCount: 1, budgetCount: 2, added: 1, removed: 2 })).toBe(
      "The pilot now has 1 cost line (was 2): 1 new line is not in the budget yet, and 2 lines of the budget are no longer in the pilot's list.",
    );
    expect(summarizePilotChange({ pilotCount: 1_014, budgetCount: 11, added: 1_003, removed: 0 })).toBe("1,003 new cost lines not in the budget");
    expect(summarizePilotChange({ pilotCount: 10, budgetCount: 11, added: 0, removed: 1 })).toBe("1 budget line gone from the pilot");
  });
});
