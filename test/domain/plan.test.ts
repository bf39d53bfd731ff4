import { describe, expect, it } from "vitest";
import { defaultAssumptions } from "../../src/domain/assumptions";
import { CATEGORIES } from "../../src/domain/categories";
import type { ClassifiedItem } from "../../src/domain/lineItems";
import { ASSUMPTIONS_SHEET, BUDGET_SHEET, NAMES, planWorkbook, type PlanInput } from "../../src/domain/plan";
import { decodeSavedState, STATE_SHEET_NAME } from "../../src/domain/savedState";
import type { SourceCell } from "../../src/domain/source";
import type { PlanCell, PlanSheet, WorkbookPlan } from "../../src/domain/workbookPlan";

function item(row: number, label: string, amount: number, category: ClassifiedItem["category"], amountSource: "cell" | "text" = "cell"): ClassifiedItem {
  return { label, labelAddress: `B${row}`, amount, amountAddress: `D${row}`, amountSource, category, basis: "keyword" };
}

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    source: { sheetName: "Q3 Pilot's costs", address: "B3:D9" },
    items: [
      item(4, "Cloud GPU hosting", 12500, "infrastructure"),
      item(5, "=HYPERLINK(\"http://x\")", 800, "unclassified"),
      item(6, "Data labelling", 4000, "dataEngineering", "text"),
    ],
    skipped: [{ address: "D7", reason: "error-value", message: "#REF! is an error value" }],
    assumptions: defaultAssumptions(3),
    overrides: { D5: "support" },
    generatedAt: "2026-11-26T14:00:00Z",
    ...overrides,
  };
}

function sheet(plan: WorkbookPlan, name: string): PlanSheet {
  const s = plan.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

function cells(s: PlanSheet): { row: number; col: number; cell: PlanCell }[] {
  const out: { row: number; col: number; cell: PlanCell }[] = [];
  s.rows.forEach((r, i) => r.forEach((c, j) => c && out.push({ row: i + 1, col: j, cell: c })));
  return out;
}

function cellAt(s: PlanSheet, a1: string): PlanCell | null {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1);
  if (!m) throw new Error(a1);
  const colIndex = [...(m[1] ?? "")].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return s.rows[Number(m[2]) - 1]?.[colIndex] ?? null;
}

describe("planWorkbook", () => {
  const plan = planWorkbook(input());
  const budget = sheet(plan, BUDGET_SHEET);
  const assumptions = sheet(plan, ASSUMPTIONS_SHEET);

  it("plans Assumptions, Production Budget and a very hidden state sheet, in that order", () => {
    expect(plan.sheets.map((s) => [s.name, s.visibility])).toEqual([
      [ASSUMPTIONS_SHEET, "visible"],
      [BUDGET_SHEET, "visible"],
      [STATE_SHEET_NAME, "veryHidden"],
    ]);
  });

  it("defines every required workbook name on exactly one cell", () => {
    const byName = new Map(plan.names.map((n) => [n.name, n]));
    for (const name of ["PilotTotal", "ProductionLow", "ProductionBase", "ProductionHigh", "MultiplierLow", "MultiplierBase", "MultiplierHigh"]) {
      const n = byName.get(name);
      expect(n, name).toBeDefined();
      expect(n?.address).toMatch(/^\$[A-Z]+\$\d+$/);
      const target = cellAt(sheet(plan, n?.sheetName ?? ""), n?.address ?? "");
      expect(target, name).not.toBeNull();
    }
    expect(cellAt(assumptions, byName.get("MultiplierBase")?.address ?? "")).toMatchObject({ kind: "number", value: 7.5, style: "input" });
  });

  it("computes the headline figures with formulas over the line items and the inputs", () => {
    const pilot = plan.names.find((n) => n.name === NAMES.pilotTotal);
    const pilotCell = cellAt(budget, pilot?.address ?? "");
    expect(pilotCell).toMatchObject({ kind: "formula" });
    expect(pilotCell?.kind === "formula" && pilotCell.formula).toMatch(/^=SUM\(\$D\$\d+:\$D\$\d+\)$/);
    const base = cellAt(budget, plan.names.find((n) => n.name === NAMES.production.base)?.address ?? "");
    expect(base).toMatchObject({ kind: "formula", formula: "=PilotTotal*MultiplierBase*(1+Contingency)" });
  });

  it("references live source cells with a correctly quoted sheet name and flags text-parsed amounts", () => {
    const all = cells(budget).map((c) => c.cell);
    expect(all).toContainEqual(expect.objectContaining({ kind: "formula", formula: "='Q3 Pilot''s costs'!D4" }));
    expect(all).toContainEqual(expect.objectContaining({ kind: "number", value: 4000 }));
    expect(all).toContainEqual(expect.objectContaining({ kind: "text", text: "parsed from text: fix the source cell to keep it live" }));
  });

  it("writes labels that look like formulas as text", () => {
    const labelCell = cells(budget).find((c) => c.cell.kind === "text" && c.cell.text.startsWith("=HYPERLINK"));
    expect(labelCell?.cell.kind).toBe("text");
  });

  it("shows no number on the budget sheet that is not a formula, except amounts parsed from text", () => {
    const constants = cells(budget).filter((c) => c.cell.kind === "number");
    expect(constants).toHaveLength(1);
    expect(constants[0]?.cell).toMatchObject({ value: 4000 });
  });

  it("keeps formulas independent of the number of line items beyond a range reference", () => {
    const big = planWorkbook(
      input({ items: Array.from({ length: 5000 }, (_, i) => item(4 + i, `Line ${i}`, i, CATEGORIES[i % 8]?.key ?? "support")) }),
    );
    const longest = Math.max(
      ...cells(sheet(big, BUDGET_SHEET))
        .map((c) => c.cell)
        .filter((c): c is Extract<PlanCell, { kind: "formula" }> => c.kind === "formula")
        .map((c) => c.formula.length),
    );
    expect(longest).toBeLessThan(200);
  });

  it("shows each default and its basis beside every input", () => {
    const rows = assumptions.rows.filter((r) => r[1]?.style === "input" && r[2]?.kind === "number" && r[2]?.style === "calc");
    expect(rows.length).toBe(3 + 2 + CATEGORIES.length);
    for (const r of rows) expect(r[r.length - 1]).toMatchObject({ kind: "text", style: "note" });
  });

  it("reports skipped cells by address on the budget sheet", () => {
    expect(cells(budget).map((c) => c.cell)).toContainEqual(expect.objectContaining({ kind: "text", text: "D7" }));
  });

  it("stores overrides and live references to every input in the state sheet, which decode back", () => {
    const custom = defaultAssumptions(4);
    custom.multipliers.base = 8;
    custom.weights.dataEngineering = 0.3;
    custom.weights.support = 0.04;
    const p = planWorkbook(input({ assumptions: custom }));
    const state = sheet(p, STATE_SHEET_NAME);
    const asm = sheet(p, ASSUMPTIONS_SHEET);
    // Resolve the state sheet's reference formulas as a spreadsheet would.
    const rows: SourceCell[][] = state.rows.map((r) =>
      r.map((c) => {
        if (!c) return null;
        if (c.kind === "text") return c.text;
        if (c.kind === "number") return c.value;
        const ref = /^=Assumptions!(\$[A-Z]+\$\d+)$/.exec(c.formula);
        const target = ref ? cellAt(asm, ref[1] ?? "") : null;
        return target?.kind === "number" ? target.value : null;
      }),
    );
    const decoded = decodeSavedState(rows);
    expect(decoded?.generatedSheets).toEqual([ASSUMPTIONS_SHEET, BUDGET_SHEET, STATE_SHEET_NAME]);
    expect(decoded?.overrides).toEqual({ D5: "support" });
    expect(decoded?.assumptions).toEqual(custom);
    expect(decoded?.problems).toEqual([]);
  });

  it("is deterministic", () => {
    expect(planWorkbook(input())).toEqual(planWorkbook(input()));
  });
});
