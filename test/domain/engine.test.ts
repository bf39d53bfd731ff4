import { describe, expect, it } from "vitest";
import { defaultAssumptions } from "../../src/domain/assumptions";
import { choosePilotSheet, runEngine } from "../../src/domain/engine";
import { decodeSavedState } from "../../src/domain/savedState";
import { gridFromRows, messyPilotGrid } from "../fixtures/grids";

describe("runEngine", () => {
  it("runs parse → classify → project → plan and agrees with the fixture's expected total", () => {
    const { grid, expected } = messyPilotGrid();
    const result = runEngine(grid, { generatedAt: "2026-11-26T00:00:00Z" });
    if (!result.ok) throw new Error(result.message);
    expect(result.projection.pilotTotal).toBeCloseTo(expected.total, 9);
    expect(result.items).toHaveLength(expected.items.length);
    expect(result.plan.sheets.map((s) => s.name)).toEqual(["Assumptions", "Production Budget", "P2P State"]);
  });

  it("applies overrides and records them for the next regeneration", () => {
    const { grid } = messyPilotGrid();
    const result = runEngine(grid, { generatedAt: "2026-11-26T00:00:00Z", overrides: { D7: "support" } });
    if (!result.ok) throw new Error(result.message);
    expect(result.items.find((i) => i.amountAddress === "D7")).toMatchObject({ category: "support", basis: "override" });
    const stateRows = result.plan.sheets[2]?.rows.map((r) => r.map((c) => (c?.kind === "text" ? c.text : c?.kind === "number" ? c.value : null))) ?? [];
    expect(decodeSavedState(stateRows)?.overrides).toEqual({ D7: "support" });
  });

  it("returns unusable assumptions as a message, not an exception", () => {
    const a = defaultAssumptions();
    a.weights.support = 0.5;
    const result = runEngine(messyPilotGrid().grid, { generatedAt: "x", assumptions: a });
    expect(result).toEqual({ ok: false, message: expect.stringContaining("must sum to 100%") });
  });

  it("returns a grid without amounts as a message", () => {
    const result = runEngine(gridFromRows([["Notes"], ["hello"]]), { generatedAt: "x" });
    expect(result.ok).toBe(false);
  });
});

describe("choosePilotSheet", () => {
  it("picks the sheet with the most cost lines", () => {
    const notes = gridFromRows([["Notes"], ["hello"]], { sheetName: "Notes" });
    const small = gridFromRows([["Item", "Cost"], ["Hosting", 10]], { sheetName: "Small" });
    expect(choosePilotSheet([notes, small, messyPilotGrid().grid])).toBe(2);
    expect(choosePilotSheet([notes])).toBe(-1);
  });
});
