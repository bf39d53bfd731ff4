import { describe, expect, it } from "vitest";
import { createSimulatedOffice, getCell, shiftRowsInFormula, type ChangeEvent } from "../simulator";

const PILOT = "Q3 Pilot's costs";

const workbook = () => ({
  sheets: [
    {
      name: PILOT,
      rows: [
        ["Item", "Cost"],
        ["GPU hosting", 1200],
        ["Labelling", 800],
        ["Total", { formula: "=SUM(B2:B3)", value: 2000 }],
      ],
    },
    { name: "Budget", rows: [["GPU", { formula: "='Q3 Pilot''s costs'!B2" }], ["Labelling", { formula: "='Q3 Pilot''s costs'!$B$3" }]] },
  ],
  names: [{ name: "PilotCosts", formula: "='Q3 Pilot''s costs'!$A$1:$B$4" }],
  tables: [{ name: "Costs", sheet: PILOT, address: "A1:B3" }],
});

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function watch(office: ReturnType<typeof createSimulatedOffice>, sheet: string | null, events: ChangeEvent[]) {
  return office.Excel.run(async (context) => {
    const target = sheet === null ? context.workbook.worksheets : context.workbook.worksheets.getItem(sheet);
    const result = target.onChanged.add(async (e) => {
      events.push(e as unknown as ChangeEvent);
    });
    await context.sync();
    return result;
  });
}

describe("Excel API simulator: change events", () => {
  it("fires after the sync has resolved, asynchronously, with address and change type, for the add-in's own writes", async () => {
    const office = createSimulatedOffice(workbook());
    const events: ChangeEvent[] = [];
    await watch(office, PILOT, events);
    let countWhenSyncResolved = -1;
    await office.Excel.run(async (context) => {
      context.workbook.worksheets.getItem(PILOT).getRange("A5:B5").values = [["Support", 300]];
      await context.sync();
      countWhenSyncResolved = events.length;
    });
    expect(countWhenSyncResolved).toBe(0);
    await tick();
    expect(events).toEqual([
      expect.objectContaining({ type: "WorksheetChanged", changeType: "RangeEdited", source: "Local", address: "A5:B5" }),
    ]);
    // ExcelApi 1.12 has no triggerSource.
    expect(events[0]).not.toHaveProperty("triggerSource");
  });

  it("tells the add-in's writes from the user's with triggerSource on ExcelApi 1.14", async () => {
    const office = createSimulatedOffice(workbook(), { excelApiVersion: "1.14" });
    const events: ChangeEvent[] = [];
    await watch(office, PILOT, events);
    await office.Excel.run(async (context) => {
      context.workbook.worksheets.getItem(PILOT).getRange("B2").formulas = [["=1+1"]];
      await context.sync();
    });
    office.sim.userEdit(PILOT, "B3", [[900]]);
    office.sim.userEdit(PILOT, "B2", [[1300]], "remote");
    await tick();
    expect(events.map((e) => [e.address, e.triggerSource, e.source])).toEqual([
      ["B2", "ThisLocalAddin", "Local"],
      ["B3", "Unknown", "Local"],
      ["B2", "Unknown", "Remote"],
    ]);
  });

  it("delivers a sheet's handler only that sheet's changes, and the collection's handler every sheet's", async () => {
    const office = createSimulatedOffice(workbook());
    const pilotEvents: ChangeEvent[] = [];
    const allEvents: ChangeEvent[] = [];
    await watch(office, PILOT, pilotEvents);
    await watch(office, null, allEvents);
    office.sim.userEdit("Budget", "A3", [["Extra"]]);
    office.sim.userEdit(PILOT, "A5:B5", [["Support", 300]]);
    await tick();
    expect(pilotEvents.map((e) => e.address)).toEqual(["A5:B5"]);
    expect(allEvents.map((e) => e.address)).toEqual(["A3", "A5:B5"]);
  });

  it("raises nothing while the add-in has events off (ExcelApi 1.8), for its writes and the user's", async () => {
    const office = createSimulatedOffice(workbook());
    const events: ChangeEvent[] = [];
    await watch(office, null, events);
    await office.Excel.run(async (context) => {
      context.runtime.enableEvents = false;
      context.workbook.worksheets.getItem(PILOT).getRange("A5").values = [["Muted"]];
      await context.sync();
      office.sim.userEdit(PILOT, "A6", [["Also muted"]]);
      context.runtime.enableEvents = true;
      context.workbook.worksheets.getItem(PILOT).getRange("A7").values = [["Heard"]];
      await context.sync();
    });
    await tick();
    expect(events.map((e) => e.address)).toEqual(["A7"]);
  });

  it("fires for cleared contents but not for number formats", async () => {
    const office = createSimulatedOffice(workbook());
    const events: ChangeEvent[] = [];
    await watch(office, PILOT, events);
    await office.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(PILOT);
      sheet.getRange("B2:B3").numberFormat = [["0.00"], ["0.00"]];
      sheet.getRange("A3:B3").clear("Contents");
      await context.sync();
    });
    await tick();
    expect(events.map((e) => e.address)).toEqual(["A3:B3"]);
  });

  it("removes a handler at the next sync of the context it was added in", async () => {
    const office = createSimulatedOffice(workbook());
    const events: ChangeEvent[] = [];
    const registration = await watch(office, PILOT, events);
    expect(office.sim.changeHandlerCount).toBe(1);
    await office.Excel.run(registration.context, async (context) => {
      registration.remove();
      expect(office.sim.changeHandlerCount).toBe(1); // queued, not yet sent
      await context.sync();
    });
    expect(office.sim.changeHandlerCount).toBe(0);
    office.sim.userEdit(PILOT, "A5", [["Unheard"]]);
    await tick();
    expect(events).toEqual([]);
  });

  it("does not call a handler removed between the change and the delivery", async () => {
    const office = createSimulatedOffice(workbook(), { eventDelayMs: 20 });
    const events: ChangeEvent[] = [];
    const registration = await watch(office, PILOT, events);
    office.sim.userEdit(PILOT, "A5", [["Late"]]);
    await office.Excel.run(registration.context, async (context) => {
      registration.remove();
      await context.sync();
    });
    await tick(40);
    expect(events).toEqual([]);
  });

  it("delivers events after eventDelayMs", async () => {
    const office = createSimulatedOffice(workbook(), { eventDelayMs: 30 });
    const events: ChangeEvent[] = [];
    await watch(office, PILOT, events);
    office.sim.userEdit(PILOT, "A5", [["Slow"]]);
    await tick(5);
    expect(events).toEqual([]);
    await tick(50);
    expect(events).toHaveLength(1);
  });

  it("forgets every handler when the add-in reloads", async () => {
    const office = createSimulatedOffice(workbook());
    const events: ChangeEvent[] = [];
    await watch(office, PILOT, events);
    office.sim.reloadAddin();
    office.sim.userEdit(PILOT, "A5", [["Nobody listens"]]);
    await tick();
    expect(events).toEqual([]);
  });
});

describe("Excel API simulator: the user's edits", () => {
  it("types like a user: formulas from =, numbers from numeric text, one event for a pasted block", async () => {
    const office = createSimulatedOffice(workbook());
    const events: ChangeEvent[] = [];
    await watch(office, PILOT, events);
    office.sim.userEdit(PILOT, "A5:B6", [
      ["Support", "300"],
      ["Twice GPU", "=B2*2"],
    ]);
    await tick();
    expect(getCell(office.sim.workbook, `'${PILOT.replace(/'/g, "''")}'!B5`)?.value).toBe(300);
    expect(getCell(office.sim.workbook, `'${PILOT.replace(/'/g, "''")}'!B6`)?.formula).toBe("=B2*2");
    expect(events).toHaveLength(1);
  });

  it("inserts rows: cells move down and every reference follows them", async () => {
    const office = createSimulatedOffice(workbook());
    const events: ChangeEvent[] = [];
    await watch(office, PILOT, events);
    office.sim.userInsertRows(PILOT, 3, 2);
    await tick();
    const wb = office.sim.workbook;
    const pilot = (a: string) => getCell(wb, `'Q3 Pilot''s costs'!${a}`);
    expect(pilot("A5")?.value).toBe("Labelling");
    expect(pilot("A3")).toBeUndefined();
    expect(pilot("B6")?.formula).toBe("=SUM(B2:B5)");
    expect(getCell(wb, "Budget!B1")?.formula).toBe("='Q3 Pilot''s costs'!B2");
    expect(getCell(wb, "Budget!B2")?.formula).toBe("='Q3 Pilot''s costs'!$B$5");
    expect(wb.names[0]?.formula).toBe("='Q3 Pilot''s costs'!$A$1:$B$6");
    expect(office.snapshot().tables[0]?.address).toBe("A1:B5");
    expect(events).toEqual([expect.objectContaining({ changeType: "RowInserted", address: "3:4" })]);
  });

  it("deletes rows: references to the deleted cells become #REF!, ranges shrink", async () => {
    const office = createSimulatedOffice(workbook());
    const events: ChangeEvent[] = [];
    await watch(office, PILOT, events);
    office.sim.userDeleteRows(PILOT, 2);
    await tick();
    const wb = office.sim.workbook;
    expect(getCell(wb, "Budget!B1")?.formula).toBe("=#REF!");
    expect(getCell(wb, "Budget!B2")?.formula).toBe("='Q3 Pilot''s costs'!$B$2");
    expect(getCell(wb, "'Q3 Pilot''s costs'!B3")?.formula).toBe("=SUM(B2:B2)");
    expect(events).toEqual([expect.objectContaining({ changeType: "RowDeleted", address: "2:2" })]);
  });

  it("shifts only references to the sheet, outside string literals, and leaves function names alone", () => {
    const shift = { sheetName: "Pilot", at: 4, count: 1 };
    expect(shiftRowsInFormula('=Pilot!D5&"D5"&LOG10(D5)', "Other", shift)).toBe('=Pilot!D6&"D5"&LOG10(D5)');
    expect(shiftRowsInFormula("=SUM(D2:D9)+Other!D9", "Pilot", shift)).toBe("=SUM(D2:D10)+Other!D9");
    expect(shiftRowsInFormula("=SUM(Pilot!5:7)", undefined, shift)).toBe("=SUM(Pilot!6:8)");
    expect(shiftRowsInFormula("=SUM(Pilot!D5:D6)", undefined, { sheetName: "Pilot", at: 4, count: -2 })).toBe("=SUM(#REF!)");
    expect(shiftRowsInFormula("=SUM(Pilot!D4:D8)", undefined, { sheetName: "Pilot", at: 4, count: -2 })).toBe("=SUM(Pilot!D4:D6)");
  });
});
