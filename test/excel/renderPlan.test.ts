import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ASSUMPTIONS_SHEET, BUDGET_SHEET, NAMES } from "../../src/domain/plan";
import { decodeSavedState, STATE_SHEET_NAME } from "../../src/domain/savedState";
import { createOfficeGateway } from "../../src/excel/gateway";
import { isOwnWriteInProgress, resetOwnWrites } from "../../src/excel/ownWrites";
import { GenerateError, renderPlan } from "../../src/excel/renderPlan";
import type { SyncPolicy } from "../../src/excel/sync";
import { findSheet, getCell, installSimulator, snapshotWorkbook, type InjectedFailure, type InstalledSimulator } from "../simulator";
import { PILOT, pilotItems, pilotWorkbook, planFor } from "./fixtures";

const FAST: SyncPolicy = { timeoutMs: 2_000, editModeRetryDelaysMs: [1, 1, 1], sleep: () => Promise.resolve() };

let office: InstalledSimulator;
afterEach(() => office?.uninstall());
beforeEach(() => resetOwnWrites());


describe("renderPlan on the simulator: a small plan", () => {
  const items = pilotItems(5, (i) => (i === 1 ? '=cmd|" /C calc"!A0' : i === 2 ? "+44 support line" : `Line item ${i + 1}`));

  beforeEach(() => {
    office = installSimulator(pilotWorkbook(items));
  });

  it("writes in at most 3 syncs, with calculation suspended during the write", async () => {
    const result = await renderPlan(planFor(items), { policy: FAST });
    expect(result.syncCount).toBeLessThanOrEqual(3);
    expect(office.sim.syncCount).toBe(result.syncCount);
    expect(office.sim.syncs.map((s) => s.outcome)).toEqual(["ok", "ok", "ok"]);
    expect(office.sim.syncs[1]?.calculationSuspended).toBe(true);
    expect(office.sim.syncs.every((s) => !s.automatic)).toBe(true);
    expect(result.sheetNames).toEqual([ASSUMPTIONS_SHEET, BUDGET_SHEET, STATE_SHEET_NAME]);
    expect(office.sim.workbook.sheets.map((s) => [s.name, s.visibility])).toEqual([
      [PILOT, "Visible"],
      [ASSUMPTIONS_SHEET, "Visible"],
      [BUDGET_SHEET, "Visible"],
      [STATE_SHEET_NAME, "VeryHidden"],
    ]);
    expect(office.sim.calculations).toEqual(["Full"]);
  });

  it("leaves formulas pointing at the final sheet names (written against temporary names, renamed)", async () => {
    const plan = planFor(items);
    await renderPlan(plan, { policy: FAST });
    const wb = office.sim.workbook;
    const budget = plan.sheets[1];
    // Every formula cell of the plan arrives verbatim: Excel's rename rewrote the temporary names back.
    for (const [p, sheet] of plan.sheets.entries()) {
      const sim = findSheet(wb, sheet.name);
      expect(sim, sheet.name).toBeDefined();
      sheet.rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (!cell || !sim) return;
          const got = sim.cells.get(r * 16_384 + c);
          if (cell.kind === "formula") expect(got?.formula, `${sheet.name} r${r} c${c}`).toBe(cell.formula);
          if (cell.kind === "text") expect([got?.value, got?.formula, got?.numberFormat]).toEqual([cell.text, undefined, "@"]);
          if (cell.kind === "number") expect(got?.value).toBe(cell.value);
        }),
      );
      expect(p).toBeGreaterThanOrEqual(0);
    }
    expect(budget).toBeDefined();
    expect(JSON.stringify(snapshotWorkbook(wb))).not.toMatch(/P2P~/);
  });

  it("keeps labels that look like formulas as text, and never touches the pilot's cells", async () => {
    const pilotBefore = snapshotWorkbook(office.sim.workbook).sheets[0];
    await renderPlan(planFor(items), { policy: FAST });
    expect(snapshotWorkbook(office.sim.workbook).sheets[0]).toEqual(pilotBefore);
    const budget = findSheet(office.sim.workbook, BUDGET_SHEET);
    const labels = [...(budget?.cells.values() ?? [])].filter((c) => typeof c.value === "string" && /calc|support line/.test(c.value));
    expect(labels.map((c) => [c.value, c.formula, c.numberFormat])).toEqual([
      ['=cmd|" /C calc"!A0', undefined, "@"],
      ["+44 support line", undefined, "@"],
    ]);
  });

  it("adds the workbook names, the chart, widths, freeze panes, tab colours and print setup", async () => {
    const plan = planFor(items);
    await renderPlan(plan, { policy: FAST });
    const wb = office.sim.workbook;
    expect(wb.names.map((n) => n.name).sort()).toEqual(plan.names.map((n) => n.name).sort());
    const pilotTotal = wb.names.find((n) => n.name === NAMES.pilotTotal);
    expect(pilotTotal?.formula).toMatch(/^='Production Budget'!\$B\$\d+$/);
    const budget = findSheet(wb, BUDGET_SHEET);
    expect(budget?.charts).toHaveLength(1);
    const chart = budget?.charts[0];
    expect(chart?.title).toBe(plan.charts[0]?.title);
    expect(chart?.series.map((s) => s.name)).toEqual(["Low", "Base", "High"]);
    expect(chart?.series[1]?.values).toMatch(/^='Production Budget'!\$E\$\d+:\$E\$\d+$/);
    expect(chart?.series.every((s) => s.categories?.startsWith("='Production Budget'!$A$"))).toBe(true);
    expect([chart?.topLeft, chart?.bottomRight]).toEqual(["I4", "R24"]);
    expect(budget?.columnWidths.get(0)).toBe((44 * 7 + 5) * 0.75);
    expect(budget?.freeze).toEqual({ rows: 2, columns: 1 });
    expect(budget?.tabColor).toBe("#2F5597");
    expect(budget?.pageLayout).toMatchObject({ orientation: "Landscape", printTitleRows: "$1:$2", zoom: { horizontalFitToPages: 1 } });
    const header = getCell(wb, `'${BUDGET_SHEET}'!B5`);
    expect(header?.format).toMatchObject({ bold: true, fillColor: "#D9E1F2", wrapText: true });
    expect(header?.format?.borders?.EdgeBottom?.style).toBe("Continuous");
  });

  it("writes a state sheet whose inputs read back through the gateway", async () => {
    const gateway = createOfficeGateway({ policy: FAST });
    await gateway.generate(planFor(items));
    getCell(office.sim.workbook, "Assumptions!B6")!.value = 6;
    const raw = await gateway.readSavedState();
    const state = decodeSavedState(raw?.stateRows ?? []);
    expect(state?.generatedSheets).toEqual([ASSUMPTIONS_SHEET, BUDGET_SHEET, STATE_SHEET_NAME]);
    expect(state?.assumptions?.multipliers.low).toBe(6);
    expect(state?.source?.sheetName).toBe(PILOT);
  });

  it("mutes its own change events and raises the own-write flag", async () => {
    const events: unknown[] = [];
    await Excel.run(async (context) => {
      context.workbook.worksheets.onChanged.add(async (e) => {
        events.push(e);
      });
      await context.sync();
    });
    let flagDuringWrite = false;
    await renderPlan(planFor(items), {
      policy: FAST,
      onProgress: () => (flagDuringWrite ||= isOwnWriteInProgress()),
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(flagDuringWrite).toBe(true);
    expect(isOwnWriteInProgress()).toBe(true); // grace period
    expect(events).toEqual([]);
    expect(office.sim.enableEvents).toBe(true);
  });

  it("turns events back on when a failed write could not even be restored", async () => {
    office.sim.inject({ sync: 2, code: "GeneralException" });
    office.sim.inject({ sync: 3, code: "GeneralException" });
    await expect(renderPlan(planFor(items), { policy: FAST })).rejects.toMatchObject({ restored: false });
    // The failed write batch had turned them off; without this the pane's change handlers would stay deaf.
    expect(office.sim.enableEvents).toBe(true);
  });
});

describe("renderPlan: regeneration", () => {
  it("replaces the previous generation: no duplicate sheets, no #REF! names, names repointed", async () => {
    const first = pilotItems(5);
    office = installSimulator(pilotWorkbook(first, { names: [{ name: "UserCosts", formula: `='${PILOT.replace(/'/g, "''")}'!$B$2:$B$6` }] }));
    await renderPlan(planFor(first), { policy: FAST });
    const second = pilotItems(8);
    const result = await renderPlan(planFor(second, "2026-12-01T09:00:00Z"), { policy: FAST });
    expect(result.syncCount).toBeLessThanOrEqual(3);
    const wb = office.sim.workbook;
    expect(wb.sheets.map((s) => s.name)).toEqual([PILOT, ASSUMPTIONS_SHEET, BUDGET_SHEET, STATE_SHEET_NAME]);
    expect(wb.names.filter((n) => /#REF!/.test(n.formula))).toEqual([]);
    expect(wb.names.map((n) => n.name).sort()).toEqual([...planFor(second).names.map((n) => n.name), "UserCosts"].sort());
    const budget = findSheet(wb, BUDGET_SHEET);
    expect(budget?.charts).toHaveLength(1);
    expect(JSON.stringify(snapshotWorkbook(wb))).not.toMatch(/#REF!|P2P~/);
    const subtitle = getCell(wb, `'${BUDGET_SHEET}'!A2`);
    expect(String(subtitle?.value)).toContain("8 line items");
  });

  it("refuses to replace a user's sheet that has a planned name, before writing anything", async () => {
    const items = pilotItems(3);
    office = installSimulator(pilotWorkbook(items, { sheets: [{ name: "Assumptions", rows: [["mine"]] }] }));
    const before = snapshotWorkbook(office.sim.workbook);
    await expect(renderPlan(planFor(items), { policy: FAST })).rejects.toThrow(/already exists and was not created by Pilot to Production/);
    expect(snapshotWorkbook(office.sim.workbook)).toEqual(before);
    expect(office.sim.syncCount).toBe(1);
  });

  it("refuses a workbook name the plan needs that points at the user's cells, and restores", async () => {
    const items = pilotItems(3);
    office = installSimulator(pilotWorkbook(items, { names: [{ name: "PilotTotal", formula: `='${PILOT.replace(/'/g, "''")}'!$B$2` }] }));
    const before = snapshotWorkbook(office.sim.workbook);
    await expect(renderPlan(planFor(items), { policy: FAST })).rejects.toThrow(/already has a name "PilotTotal"/);
    expect(snapshotWorkbook(office.sim.workbook)).toEqual(before);
  });
});

describe("renderPlan: atomicity", () => {
  const items = pilotItems(6);
  /** Failure points; `start` is the sync count before the generation under test. */
  const failures = (regenerate: boolean, start: number): [string, InjectedFailure][] => [
    ["the first write sync, half way", { sync: start + 2 }],
    ["the first write sync, before its last action", { sync: start + 2, afterActions: 400 }],
    ["the commit, half way", { sync: start + 3 }],
    ["the commit, after all its actions ran", { sync: start + 3, afterActions: 100_000 }],
    ["the commit, renaming a sheet", { operation: "Worksheet.name=", occurrence: 2 }],
    ["the commit, pointing a name", { operation: regenerate ? "NamedItem.formula=" : "NamedItemCollection.add", occurrence: 3 }],
    ["the commit, hiding the state sheet", { operation: "Worksheet.visibility=", occurrence: regenerate ? 2 : 1 }],
    ["the chart", { operation: "ChartSeries.setXAxisValues", occurrence: 2 }],
    ...(regenerate ? ([["the commit, at the last delete", { operation: "Worksheet.delete", occurrence: 3 }]] as [string, InjectedFailure][]) : []),
  ];

  for (const regenerate of [false, true]) {
    for (const [label] of failures(regenerate, 0)) {
      it(`${regenerate ? "regeneration" : "first generation"}: a failure in ${label} leaves the workbook exactly as before`, async () => {
        office = installSimulator(pilotWorkbook(items, { names: [{ name: "UserCosts", formula: `='${PILOT.replace(/'/g, "''")}'!$B$2:$B$7` }] }));
        if (regenerate) await renderPlan(planFor(items), { policy: FAST });
        const before = snapshotWorkbook(office.sim.workbook);
        const failure = failures(regenerate, office.sim.syncCount).find(([l]) => l === label)?.[1];
        if (failure) office.sim.inject(failure);
        const outcome = await renderPlan(planFor(pilotItems(9), "2026-12-24T00:00:00Z"), { policy: FAST }).then(
          () => "resolved",
          (e: unknown) => e,
        );
        expect(office.sim.syncs.some((s) => s.outcome === "failed")).toBe(true);
        if (outcome === "resolved") {
          // Only a failure after old sheets were deleted may complete the generation instead.
          expect(label).toMatch(/last delete|after all its actions ran/);
          expect(JSON.stringify(snapshotWorkbook(office.sim.workbook))).not.toMatch(/P2P~|#REF!/);
          expect(office.sim.workbook.sheets.map((s) => s.name)).toEqual([PILOT, ASSUMPTIONS_SHEET, BUDGET_SHEET, STATE_SHEET_NAME]);
          return;
        }
        expect(outcome).toBeInstanceOf(GenerateError);
        expect((outcome as GenerateError).restored).toBe(true);
        expect(snapshotWorkbook(office.sim.workbook)).toEqual(before);
      });
    }
  }

  it("a sync that never answers becomes a clear error, and the workbook is restored", async () => {
    office = installSimulator(pilotWorkbook(items));
    const before = snapshotWorkbook(office.sim.workbook);
    office.sim.inject({ sync: 2, hang: true });
    await expect(renderPlan(planFor(items), { policy: { ...FAST, timeoutMs: 50 } })).rejects.toThrow(/Excel did not answer within/);
    expect(snapshotWorkbook(office.sim.workbook)).toEqual(before);
  });

  it("retries a batch refused in cell edit mode", async () => {
    office = installSimulator(pilotWorkbook(items));
    office.sim.inject({ sync: 2, beforeExecution: true, code: "InvalidOperationInCellEditMode", times: 1 });
    office.sim.inject({ sync: 3, beforeExecution: true, code: "InvalidOperationInCellEditMode", times: 1 });
    const result = await renderPlan(planFor(items), { policy: FAST });
    expect(office.sim.syncs.map((s) => s.outcome)).toEqual(["ok", "failed", "failed", "ok", "ok"]);
    expect(result.syncCount).toBe(5);
    expect(findSheet(office.sim.workbook, BUDGET_SHEET)).toBeDefined();
  });
});

describe("renderPlan: large plans", () => {
  it("writes 100k line items with long labels in row blocks, no request above 5 MB", async () => {
    const items = pilotItems(100_000, (i) => `Cloud GPU hosting, data pipeline and vendor support line ${i} — contract ref. PX-${(i * 7919) % 100_000}`);
    office = installSimulator(pilotWorkbook(items.slice(0, 10)));
    const plan = planFor(items);
    const result = await renderPlan(plan, { policy: FAST });
    const syncs = office.sim.syncs;
    expect(syncs.every((s) => s.outcome === "ok")).toBe(true);
    expect(office.sim.largestRequestBytes).toBeLessThanOrEqual(5_000_000);
    expect(result.syncCount).toBeGreaterThan(3);
    expect(syncs.slice(1, -1).every((s) => s.calculationSuspended)).toBe(true);
    const budget = findSheet(office.sim.workbook, BUDGET_SHEET);
    const lastLabel = [...(budget?.cells.values() ?? [])].filter((c) => typeof c.value === "string" && c.value.includes("line 99999"));
    expect(lastLabel).toHaveLength(1);
    expect(JSON.stringify(office.sim.workbook.names)).not.toMatch(/P2P~/);
  }, 240_000);

  it("halves a batch that Excel refuses as too large and sends it again", async () => {
    const items = pilotItems(5_000, (i) => `Vendor support line ${i} with a description long enough to matter`);
    office = installSimulator(pilotWorkbook(items.slice(0, 10)), { payloadLimitBytes: 300_000 });
    const before = office.sim.syncCount;
    const result = await renderPlan(planFor(items), { policy: FAST });
    const syncs = office.sim.syncs.slice(before);
    expect(syncs.filter((s) => s.outcome === "failed").length).toBeGreaterThan(0);
    expect(syncs.filter((s) => s.outcome === "ok").every((s) => s.requestBytes <= 300_000)).toBe(true);
    expect(result.sheetNames).toContain(BUDGET_SHEET);
    const budget = findSheet(office.sim.workbook, BUDGET_SHEET);
    expect([...(budget?.cells.values() ?? [])].filter((c) => typeof c.value === "string" && c.value.startsWith("Vendor support line"))).toHaveLength(5_000);
  });
});
