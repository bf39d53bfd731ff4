import { describe, expect, it } from "vitest";
import { defaultAssumptions } from "../../src/domain/assumptions";
import { decodeBudgetLines } from "../../src/domain/budgetLines";
import type { ClassifiedItem } from "../../src/domain/lineItems";
import {
  changeMayAddOrRemoveLines,
  compareLineItems,
  currentBudgetAddresses,
  cutToList,
  followMovedLines,
  liveReferenceOf,
  recheckRegion,
  type BudgetLine,
} from "../../src/domain/livingBudget";
import { parseLineItems } from "../../src/domain/parse";
import { BUDGET_SHEET, budgetLineTable, planWorkbook } from "../../src/domain/plan";
import type { SourceGrid } from "../../src/domain/source";

const live = (...rows: number[]): BudgetLine[] => rows.map((r) => ({ recorded: `D${r}`, live: `D${r}` }));
const items = (...rows: number[]) => rows.map((r) => ({ amountAddress: `D${r}` }));

describe("liveReferenceOf", () => {
  it("reads the pilot cell a budget amount formula points at", () => {
    expect(liveReferenceOf("='Q3 Pilot''s costs'!$D$7")).toBe("D7");
    expect(liveReferenceOf("=Pilot!D12")).toBe("D12");
    expect(liveReferenceOf("=#REF!")).toBeNull();
    expect(liveReferenceOf("='Q3 Pilot''s costs'!#REF!")).toBeNull();
    expect(liveReferenceOf(6830)).toBeUndefined();
    expect(liveReferenceOf("=SUM(D1:D2)")).toBeUndefined();
  });
});

describe("compareLineItems", () => {
  it("says nothing when the pilot has the budget's lines (amounts may have changed: the formulas follow)", () => {
    expect(compareLineItems(live(5, 6, 7), items(5, 6, 7))).toEqual({ changed: false, budgetCount: 3, pilotCount: 3, added: [], removed: 0 });
  });

  it("reports lines added below the list", () => {
    const c = compareLineItems(live(5, 6, 7), items(5, 6, 7, 8, 9));
    expect(c).toMatchObject({ changed: true, budgetCount: 3, pilotCount: 5, added: ["D8", "D9"], removed: 0 });
  });

  it("follows rows Excel moved: a row inserted above the list changes nothing", () => {
    const moved: BudgetLine[] = [5, 6, 7].map((r) => ({ recorded: `D${r}`, live: `D${r + 1}` }));
    expect(compareLineItems(moved, items(6, 7, 8)).changed).toBe(false);
  });

  it("reports a line inserted inside the list, and a deleted line (its reference became #REF!)", () => {
    const inserted: BudgetLine[] = [
      { recorded: "D5", live: "D5" },
      { recorded: "D6", live: "D7" },
    ];
    expect(compareLineItems(inserted, items(5, 6, 7))).toMatchObject({ changed: true, added: ["D6"], removed: 0 });
    const deleted: BudgetLine[] = [
      { recorded: "D5", live: "D5" },
      { recorded: "D6", live: null },
      { recorded: "D7", live: "D6" },
    ];
    expect(compareLineItems(deleted, items(5, 6))).toMatchObject({ changed: true, budgetCount: 3, pilotCount: 2, added: [], removed: 1 });
  });

  it("reports a line that is no longer a cost line (its amount became text)", () => {
    expect(compareLineItems(live(5, 6), items(5))).toMatchObject({ changed: true, removed: 1, added: [] });
  });

  it("places constant lines (amounts parsed from text) where their neighbours moved", () => {
    const lines: BudgetLine[] = [{ recorded: "D5", live: "D7" }, { recorded: "D6" }, { recorded: "D8", live: "D10" }];
    expect(currentBudgetAddresses(lines)).toEqual([["D7"], ["D8"], ["D10"]]);
    expect(currentBudgetAddresses([{ recorded: "D6" }, { recorded: "D7", live: "D8" }])).toEqual([["D7"], ["D8"]]);
    expect(currentBudgetAddresses([{ recorded: "D6" }])).toEqual([["D6"]]);
    expect(compareLineItems(lines, items(7, 8, 10)).changed).toBe(false);
  });

  it("finds a constant line whose neighbours moved differently (a row deleted right above it)", () => {
    // D7 was deleted, then the constant D8 moved up to D7 with everything below.
    const lines: BudgetLine[] = [{ recorded: "D6", live: "D6" }, { recorded: "D7", live: null }, { recorded: "D8" }, { recorded: "D9", live: "D8" }];
    expect(currentBudgetAddresses(lines)).toEqual([["D6"], [], ["D8", "D7"], ["D8"]]);
    expect(compareLineItems(lines, items(6, 7, 8))).toMatchObject({ changed: true, added: [], removed: 1, budgetCount: 4, pilotCount: 3 });
  });
});

describe("recheckRegion", () => {
  it("reads the source's columns from its first row to the bottom of the sheet", () => {
    expect(recheckRegion("B4:D19", live(5, 6, 18))).toEqual({ address: "B4:D1048576", top: 3, left: 1, right: 3, knownBottom: 18 });
  });

  it("moves with the rows and columns Excel moved, and knows the list reaches the last budget line", () => {
    const lines: BudgetLine[] = [
      { recorded: "D5", live: "E7" },
      { recorded: "D6", live: "E30" },
    ];
    expect(recheckRegion("B4:D19", lines)).toMatchObject({ address: "C6:E1048576", top: 5, knownBottom: 29 });
  });

  it("falls back to the whole sheet without a usable source address", () => {
    expect(recheckRegion("", [])).toMatchObject({ address: "A1:XFD1048576", top: 0 });
  });
});

describe("cutToList", () => {
  const grid = (values: SourceGrid["values"]): SourceGrid => ({ sheetName: "P", topLeft: "B4", values, numberFormats: values.map((r) => r.map(() => "General")) });

  it("keeps the rows that continue the list and drops a block after an empty row", () => {
    const g = grid([
      ["Item", "Cost"],
      ["GPU", 10],
      [null, null],
      ["Support", 5],
      ["New line", 7],
      [null, ""],
      ["Notes", 99],
    ]);
    // The list was B4:C8 (0-based bottom 7): the empty row 6 inside it stays, row 10 and below go.
    const cut = cutToList(g, 7);
    expect(cut.values.map((r) => r[0])).toEqual(["Item", "GPU", null, "Support", "New line"]);
    expect(cut.numberFormats).toHaveLength(5);
    expect(cutToList(g, 100)).toBe(g);
  });
});

describe("changeMayAddOrRemoveLines", () => {
  const region = recheckRegion("B4:D19", live(5, 6, 7));
  const known = new Set(["D5", "D6", "D7"]);
  const edit = (address: string) => ({ address, changeType: "RangeEdited" });

  it("ignores edits of amounts the budget already references", () => {
    expect(changeMayAddOrRemoveLines(edit("D6"), region, known)).toBe(false);
    expect(changeMayAddOrRemoveLines(edit("D5:D7"), region, known)).toBe(false);
  });

  it("looks again after edits in the list's columns, including just above and below it", () => {
    expect(changeMayAddOrRemoveLines(edit("B20:D20"), region, known)).toBe(true);
    expect(changeMayAddOrRemoveLines(edit("C3"), region, known)).toBe(true);
    expect(changeMayAddOrRemoveLines(edit("D8"), region, known)).toBe(true);
    expect(changeMayAddOrRemoveLines(edit("'Q3 Pilot''s costs'!B6"), region, known)).toBe(true);
  });

  it("ignores edits beside or well above the list", () => {
    expect(changeMayAddOrRemoveLines(edit("F7"), region, known)).toBe(false);
    expect(changeMayAddOrRemoveLines(edit("A1:D1"), region, known)).toBe(false);
  });

  it("always looks again after rows, columns or cells were inserted or deleted, or an unknown change", () => {
    for (const changeType of ["RowInserted", "RowDeleted", "ColumnInserted", "CellDeleted", "Unknown"])
      expect(changeMayAddOrRemoveLines({ address: "1:1", changeType }, region, known)).toBe(true);
    expect(changeMayAddOrRemoveLines(edit("not an address"), region, known)).toBe(true);
    expect(changeMayAddOrRemoveLines(edit("F7"), null)).toBe(true);
  });
});

describe("decodeBudgetLines", () => {
  it("reads back the lines of a planned budget sheet: references, constants, and where the table ends", () => {
    const classified = (row: number, amountSource: "cell" | "text"): ClassifiedItem => ({
      label: `Line ${row}`,
      labelAddress: `B${row}`,
      amount: 100,
      amountAddress: `D${row}`,
      amountSource,
      category: "unclassified",
      basis: "none",
    });
    const plan = planWorkbook({
      source: { sheetName: "Q3 Pilot's costs", address: "B4:D9" },
      items: [classified(5, "cell"), classified(6, "text"), classified(7, "cell")],
      skipped: [{ address: "D8", reason: "error-value", message: "#N/A" }],
      assumptions: defaultAssumptions(3),
      overrides: {},
      generatedAt: "2026-11-26T14:00:00Z",
    });
    const budget = plan.sheets.find((s) => s.name === BUDGET_SHEET);
    const table = budgetLineTable();
    const column = (letter: string) => letter.charCodeAt(0) - 65;
    const read = (letter: string) =>
      (budget?.rows ?? []).slice(table.headerRow - 1).map((row) => {
        const cell = row[column(letter)];
        return cell ? (cell.kind === "text" ? cell.text : cell.kind === "formula" ? cell.formula : cell.value) : "";
      });
    expect(decodeBudgetLines(read(table.sourceColumn), read(table.amountColumn))).toEqual([
      { recorded: "D5", live: "D5" },
      { recorded: "D6" },
      { recorded: "D7", live: "D7" },
    ]);
    expect(decodeBudgetLines(["Something else"], ["Amount"])).toBeNull();
  });

  it("feeds the comparison: the pilot read again through parseLineItems", () => {
    const grid: SourceGrid = {
      sheetName: "P",
      topLeft: "B4",
      values: [
        ["Item", null, "Cost"],
        ["GPU", null, 10],
        ["Labelling", null, 20],
        ["Support", null, 5],
      ],
      numberFormats: [],
    };
    const parse = parseLineItems(grid);
    if (!parse.ok) throw new Error(parse.message);
    expect(compareLineItems(live(5, 6), parse.items)).toMatchObject({ changed: true, added: ["D7"], pilotCount: 3, budgetCount: 2 });
  });
});

describe("followMovedLines", () => {
  it("moves each line's choice to where Excel moved its cell, drops deleted lines' and keeps the others", () => {
    const lines: BudgetLine[] = [
      { recorded: "D5", live: "D5" },
      { recorded: "D6", live: "D8" },
      { recorded: "D7", live: null },
      { recorded: "D8", live: "D9" },
      { recorded: "D10" },
    ];
    const choices = { D6: "support", D7: "security", D8: "integration", D10: "training", D30: "monitoring" };
    expect(followMovedLines(choices, lines)).toEqual({ D8: "support", D9: "integration", D10: "training", D30: "monitoring" });
  });
});
