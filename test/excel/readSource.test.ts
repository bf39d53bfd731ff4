import { afterEach, describe, expect, it } from "vitest";
import { STATE_SHEET_NAME } from "../../src/domain/savedState";
import { createOfficeGateway } from "../../src/excel/gateway";
import { MESSAGES } from "../../src/excel/readSource";
import type { SyncPolicy } from "../../src/excel/sync";
import { installSimulator, type InstalledSimulator, type WorkbookSpec } from "../simulator";
import { PILOT, pilotItems, pilotWorkbook, planFor } from "./fixtures";

const FAST: Partial<SyncPolicy> = { timeoutMs: 2_000, editModeRetryDelaysMs: [1], sleep: () => Promise.resolve() };

let office: InstalledSimulator;
afterEach(() => office?.uninstall());

const SPEC: WorkbookSpec = {
  sheets: [
    {
      name: PILOT,
      rows: [
        ["Pilot costs Q3"],
        [],
        [null, "Line item", "Cost"],
        [null, "GPU hosting", { value: 1200.5, numberFormat: '#,##0.00 "€"' }],
        [null, "Labelling", { error: "#N/A" }],
        [null, { text: "=cmd|' /C calc'!A0" }, 300],
        [null, "Total", { formula: "=SUM(C4:C6)", value: { error: "#N/A" } }],
      ],
    },
    { name: "Notes", rows: [] },
  ],
  tables: [{ name: "PilotTable", sheet: PILOT, address: "B3:C6" }],
  names: [
    { name: "PilotCosts", formula: `='Q3 Pilot''s costs'!$B$4:$C$6` },
    { name: "Rate", formula: "=0.2" },
  ],
  selection: "B3:C7",
};

function gateway() {
  return createOfficeGateway({ policy: FAST });
}

describe("readSource on the simulator", () => {
  it("reads the selection in one sync: values, number formats, errors and the quoted address", async () => {
    office = installSimulator(SPEC);
    const result = await gateway().readSource({ kind: "selection" });
    expect(office.sim.syncCount).toBe(1);
    expect(result).toEqual({
      ok: true,
      description: "'Q3 Pilot''s costs'!B3:C7",
      grid: {
        sheetName: PILOT,
        topLeft: "B3",
        values: [
          ["Line item", "Cost"],
          ["GPU hosting", 1200.5],
          ["Labelling", { error: "#N/A" }],
          ["=cmd|' /C calc'!A0", 300],
          ["Total", { error: "#N/A" }],
        ],
        numberFormats: [
          ["General", "General"],
          ["General", '#,##0.00 "€"'],
          ["General", "General"],
          ["@", "General"],
          ["General", "General"],
        ],
      },
    });
  });

  it("cuts a whole-column selection to the used range", async () => {
    office = installSimulator({ ...SPEC, selection: "C:C" });
    const result = await gateway().readSource({ kind: "selection" });
    expect(result.ok && result.grid.topLeft).toBe("C1");
    expect(result.ok && result.grid.values.length).toBe(7);
    expect(result.ok && result.description).toBe("'Q3 Pilot''s costs'!C1:C7");
    expect(Math.max(...office.sim.syncs.map((s) => s.responseBytes))).toBeLessThan(2_000);
  });

  it("cuts a whole-sheet selection to the used range", async () => {
    office = installSimulator({ ...SPEC, selection: "1:1048576" });
    const result = await gateway().readSource({ kind: "selection" });
    expect(result.ok && result.description).toBe("'Q3 Pilot''s costs'!A1:C7");
  });

  it("says what to do with a multi-area selection (ExcelApi 1.9 and older)", async () => {
    office = installSimulator({ ...SPEC, selection: "B3:B7,C3:C7" });
    expect(await gateway().readSource({ kind: "selection" })).toEqual({ ok: false, message: MESSAGES.multiArea });
    office.uninstall();
    office = installSimulator({ ...SPEC, selection: "B3:B7,C3:C7" }, { excelApiVersion: "1.8" });
    expect(await gateway().readSource({ kind: "selection" })).toEqual({ ok: false, message: MESSAGES.multiArea });
  });

  it("says so when the selection holds no values", async () => {
    office = installSimulator({ ...SPEC, selection: "F10:G12" });
    expect(await gateway().readSource({ kind: "selection" })).toEqual({ ok: false, message: MESSAGES.emptySelection("'Q3 Pilot''s costs'!F10:G12") });
  });

  it("reads a named table and a defined name; refuses a name that is not a range", async () => {
    office = installSimulator(SPEC);
    const table = await gateway().readSource({ kind: "named", name: "PilotTable" });
    expect(table.ok && table.description).toBe("'Q3 Pilot''s costs'!B3:C6");
    const named = await gateway().readSource({ kind: "named", name: "pilotcosts" });
    expect(named.ok && named.grid.values[0]).toEqual(["GPU hosting", 1200.5]);
    expect(await gateway().readSource({ kind: "named", name: "Rate" })).toEqual({ ok: false, message: MESSAGES.notARange("Rate") });
    expect(await gateway().readSource({ kind: "named", name: "Gone" })).toEqual({ ok: false, message: MESSAGES.notFound("Gone") });
  });

  it("auto-detects on the active sheet's used range, and says when it is empty", async () => {
    office = installSimulator(SPEC);
    const auto = await gateway().readSource({ kind: "auto" });
    expect(auto.ok && auto.description).toBe("'Q3 Pilot''s costs'!A1:C7");
    office.uninstall();
    office = installSimulator({ ...SPEC, activeSheet: "Notes" });
    expect(await gateway().readSource({ kind: "auto" })).toEqual({ ok: false, message: MESSAGES.emptySheet("Notes") });
  });

  it("reads a range too large for one response in row blocks", async () => {
    const items = pilotItems(3_000, (i) => `A long line item label number ${i} for the block read`);
    office = installSimulator(pilotWorkbook(items), { payloadLimitBytes: 60_000 });
    const result = await gateway().readSource({ kind: "auto" });
    expect(result.ok && result.grid.values.length).toBe(3_001);
    expect(result.ok && result.grid.values[3_000]).toEqual(["A long line item label number 2999 for the block read", 3_099]);
    expect(office.sim.syncs.some((s) => s.outcome === "failed")).toBe(true);
    expect(office.sim.syncs.filter((s) => s.outcome === "ok").every((s) => s.responseBytes <= 60_000)).toBe(true);
  });

  it("lists tables and named ranges, without the add-in's own sheets", async () => {
    const items = pilotItems(3);
    office = installSimulator({ ...pilotWorkbook(items), tables: [{ name: "Costs", sheet: PILOT, address: "A1:B4" }] });
    const g = gateway();
    await g.generate(planFor(items));
    expect(await g.listNamedSources()).toEqual([{ kind: "table", name: "Costs", sheetName: PILOT, address: "A1:B4" }]);
  });

  it("selects a cell and activates a sheet", async () => {
    office = installSimulator(SPEC);
    await gateway().selectCell("Notes", "B7");
    expect(office.snapshot().selection).toEqual({ sheet: "Notes", address: "B7" });
    await gateway().activateSheet(PILOT);
    expect(office.snapshot().activeSheet).toBe(PILOT);
  });

  it("returns null saved state for a workbook never generated", async () => {
    office = installSimulator(SPEC);
    expect(await gateway().readSavedState()).toBeNull();
    expect(office.sim.workbook.sheets.some((s) => s.name === STATE_SHEET_NAME)).toBe(false);
  });

  it("does not take a generated sheet for the pilot's costs", async () => {
    const items = pilotItems(3);
    office = installSimulator(pilotWorkbook(items));
    const g = gateway();
    await g.generate(planFor(items));
    await g.activateSheet("Production Budget");
    expect(await g.readSource({ kind: "auto" })).toEqual({ ok: false, message: MESSAGES.generatedSheet("Production Budget") });
    await g.activateSheet(PILOT);
    expect((await g.readSource({ kind: "auto" })).ok).toBe(true);
  });
});
