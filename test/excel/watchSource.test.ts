import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareLineItems } from "../../src/domain/livingBudget";
import { parseLineItems } from "../../src/domain/parse";
import { createOfficeGateway } from "../../src/excel/gateway";
import { ignoringOwnWrites, OWN_WRITE_GRACE_MS, resetOwnWrites } from "../../src/excel/ownWrites";
import { readSource } from "../../src/excel/readSource";
import { renderPlan } from "../../src/excel/renderPlan";
import type { SyncPolicy } from "../../src/excel/sync";
import { readBudgetLines, watchSource } from "../../src/excel/watchSource";
import type { SourceChange } from "../../src/taskpane/gateway";
import { installSimulator, type ChangeEvent, type InstalledSimulator, type SimulatorOptions } from "../simulator";
import { PILOT, pilotItems, pilotWorkbook, planFor } from "./fixtures";

const FAST: SyncPolicy = { timeoutMs: 2_000, editModeRetryDelaysMs: [1, 1, 1], sleep: () => Promise.resolve() };
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const items = pilotItems(5);

let office: InstalledSimulator;
afterEach(() => office?.uninstall());
beforeEach(() => resetOwnWrites());

function install(options: SimulatorOptions = {}) {
  office = installSimulator(pilotWorkbook(items), options);
  return office;
}

/** Every change event Excel raises to the add-in, unfiltered: proof that there were events to drop. */
async function listenToEverything(): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  await Excel.run(async (context) => {
    context.workbook.worksheets.onChanged.add(async (e) => {
      events.push(e as unknown as ChangeEvent);
    });
    await context.sync();
  });
  return events;
}

describe("watchSource: the pilot's sheet, without the add-in's own writes", () => {
  it("hears a user's edit, with address, change type and source", async () => {
    install();
    const changes: SourceChange[] = [];
    await watchSource(PILOT, (c) => changes.push(c), FAST);
    office.sim.userEdit(PILOT, "A7:B7", [["Support", 300]]);
    office.sim.userInsertRows(PILOT, 3);
    office.sim.userEdit(PILOT, "B2", [[150]], "remote");
    await tick();
    expect(changes).toEqual([
      { address: "A7:B7", changeType: "RangeEdited", source: "Local" },
      { address: "3:3", changeType: "RowInserted", source: "Local" },
      { address: "B2", changeType: "RangeEdited", source: "Remote" },
    ]);
  });

  it("hears only the pilot's sheet", async () => {
    install();
    await renderPlan(planFor(items), { policy: FAST });
    resetOwnWrites();
    const changes: SourceChange[] = [];
    await watchSource(PILOT, (c) => changes.push(c), FAST);
    office.sim.userEdit("Assumptions", "B6", [[6]]);
    await tick();
    expect(changes).toEqual([]);
  });

  it("never hears the generation, even where Excel raises its events (ExcelApi 1.7: events cannot be muted) and delivers them late", async () => {
    install({ excelApiVersion: "1.7", eventDelayMs: 200 });
    const raised = await listenToEverything();
    const guarded: unknown[] = [];
    // A handler on every sheet, behind the same guard watchSource uses: only time can tell here.
    await Excel.run(async (context) => {
      context.workbook.worksheets.onChanged.add(ignoringOwnWrites(async (e) => void guarded.push(e)));
      await context.sync();
    });
    const changes: SourceChange[] = [];
    await watchSource(PILOT, (c) => changes.push(c), FAST);
    await renderPlan(planFor(items), { policy: FAST });
    await tick(400);
    expect(raised.length).toBeGreaterThan(0);
    expect(guarded).toEqual([]);
    expect(changes).toEqual([]);
    // After the grace period the user is heard again.
    await tick(OWN_WRITE_GRACE_MS);
    office.sim.userEdit(PILOT, "A7:B7", [["Support", 300]]);
    await tick(250);
    expect(changes).toHaveLength(1);
    expect(guarded).toHaveLength(1);
  });

  it("holds back a user's edit made while the add-in writes (it cannot be told apart), then asks once to look again", async () => {
    install();
    const changes: SourceChange[] = [];
    await watchSource(PILOT, (c) => changes.push(c), FAST);
    await renderPlan(planFor(items), { policy: FAST });
    office.sim.userEdit(PILOT, "A7:B7", [["Support", 300]]);
    office.sim.userInsertRows(PILOT, 3);
    await tick(50);
    expect(changes).toEqual([]);
    await tick(OWN_WRITE_GRACE_MS);
    expect(changes).toEqual([{ address: "", changeType: "Unknown", source: "Local" }]);
  });

  it("drops the add-in's own writes by triggerSource on ExcelApi 1.14, outside any grace period", async () => {
    install({ excelApiVersion: "1.14" });
    const changes: SourceChange[] = [];
    await watchSource(PILOT, (c) => changes.push(c), FAST);
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem(PILOT).getRange("C2").values = [["note"]];
      await context.sync();
    });
    office.sim.userEdit(PILOT, "C3", [["user note"]]);
    await tick();
    expect(changes.map((c) => c.address)).toEqual(["C3"]);
  });

  it("stops hearing after unsubscribe, which removes the handler from Excel", async () => {
    install();
    const changes: SourceChange[] = [];
    const unsubscribe = await watchSource(PILOT, (c) => changes.push(c), FAST);
    expect(office.sim.changeHandlerCount).toBe(1);
    await unsubscribe();
    await unsubscribe(); // twice is harmless
    expect(office.sim.changeHandlerCount).toBe(0);
    office.sim.userEdit(PILOT, "A7", [["Unheard"]]);
    await tick();
    expect(changes).toEqual([]);
  });

  it("must be registered again after a reload: Excel does not keep handlers", async () => {
    install();
    const changes: SourceChange[] = [];
    await watchSource(PILOT, (c) => changes.push(c), FAST);
    office.sim.reloadAddin();
    office.sim.userEdit(PILOT, "A7", [["Unheard"]]);
    await tick();
    expect(changes).toEqual([]);
    await watchSource(PILOT, (c) => changes.push(c), FAST);
    office.sim.userEdit(PILOT, "A8", [["Heard"]]);
    await tick();
    expect(changes.map((c) => c.address)).toEqual(["A8"]);
  });

  it("rejects where Excel cannot watch (before ExcelApi 1.7) and for a missing sheet", async () => {
    install({ excelApiVersion: "1.6" });
    await expect(watchSource(PILOT, () => undefined, FAST)).rejects.toMatchObject({ code: "ApiNotFound" });
    office.uninstall();
    install();
    await expect(watchSource("No such sheet", () => undefined, FAST)).rejects.toMatchObject({ code: "ItemNotFound" });
  });
});

describe("readBudgetLines: what the budget is built from, as Excel moved it", () => {
  it("is null without a generated budget", async () => {
    install();
    expect(await readBudgetLines(FAST)).toBeNull();
  });

  it("reads the budget's lines, follows inserted rows and reports deleted ones", async () => {
    install();
    await renderPlan(planFor(items), { policy: FAST });
    expect(await readBudgetLines(FAST)).toEqual(items.map((i) => ({ recorded: i.amountAddress, live: i.amountAddress })));
    office.sim.userInsertRows(PILOT, 4);
    office.sim.userDeleteRows(PILOT, 2);
    const lines = await readBudgetLines(FAST);
    expect(lines).toEqual([
      { recorded: "B2", live: null },
      { recorded: "B3", live: "B2" },
      { recorded: "B4", live: "B4" },
      { recorded: "B5", live: "B5" },
      { recorded: "B6", live: "B6" },
    ]);
  });

  it("is null for a sheet of that name the add-in did not generate", async () => {
    office = installSimulator(pilotWorkbook(items, { sheets: [{ name: "Production Budget", rows: [["My own budget"]] }] }));
    expect(await readBudgetLines(FAST)).toBeNull();
  });
});

describe("readSource of a given range: the pilot's list read again", () => {
  it("reads the cells cut to the used range, whatever is selected, and finds a line typed below the list", async () => {
    install();
    await renderPlan(planFor(items), { policy: FAST });
    office.sim.userEdit(PILOT, "A7:B7", [["Support", 300]]);
    const result = await readSource({ kind: "range", sheetName: PILOT, address: "A1:B1048576" }, FAST);
    if (!result.ok) throw new Error(result.message);
    expect(result.description).toBe("'Q3 Pilot''s costs'!A1:B7");
    const parse = parseLineItems(result.grid);
    if (!parse.ok) throw new Error(parse.message);
    const lines = await readBudgetLines(FAST);
    expect(compareLineItems(lines ?? [], parse.items)).toMatchObject({ changed: true, added: ["B7"], budgetCount: 5, pilotCount: 6 });
  });

  it("says so when the sheet is gone", async () => {
    install();
    const result = await createOfficeGateway({ policy: FAST }).readSource({ kind: "range", sheetName: "Gone", address: "A1:B9" });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/no longer in the workbook/) });
  });
});
