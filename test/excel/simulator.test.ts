import { afterEach, describe, expect, it } from "vitest";
import { createSimulatedOffice, createWorkbook, getCell, installSimulator, snapshotWorkbook, type InstalledSimulator } from "../simulator";

let installed: InstalledSimulator | undefined;
afterEach(() => {
  installed?.uninstall();
  installed = undefined;
});

const pilot = () =>
  createWorkbook({
    sheets: [
      {
        name: "Q3 Pilot's costs",
        rows: [
          ["Item", "Cost"],
          ["GPU hosting", 1200],
          ["Labelling", 800],
          ["Total", { formula: "=SUM(B2:B3)", value: 2000 }],
        ],
      },
      { name: "Budget", rows: [["Pilot total", { formula: "='Q3 Pilot''s costs'!B4" }]] },
    ],
    names: [{ name: "PilotTotal", formula: "='Q3 Pilot''s costs'!$B$4" }],
  });

describe("Excel API simulator: proxies and sync", () => {
  it("throws PropertyNotLoaded before load + sync, and returns the values after", async () => {
    const { Excel } = createSimulatedOffice(pilot());
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Q3 Pilot's costs").getRange("A1:B2");
      expect(() => range.values).toThrowError(expect.objectContaining({ code: "PropertyNotLoaded" }));
      range.load("values, address");
      expect(() => range.values).toThrowError(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(range.values).toEqual([
        ["Item", "Cost"],
        ["GPU hosting", 1200],
      ]);
      expect(range.address).toBe("'Q3 Pilot''s costs'!A1:B2");
    });
  });

  it("reports null objects after the sync and throws ItemNotFound for getItem", async () => {
    const office = createSimulatedOffice(pilot());
    await office.Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Nope");
      const present = context.workbook.worksheets.getItemOrNullObject("budget");
      expect(() => missing.isNullObject).toThrowError(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      context.workbook.worksheets.getItem("Nope").load("name");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
  });

  it("rewrites formulas, names and keeps quoting minimal when a sheet is renamed; #REF! when deleted", async () => {
    const office = createSimulatedOffice(pilot());
    await office.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Q3 Pilot's costs").name = "Pilot";
      await context.sync();
    });
    const wb = office.sim.workbook;
    expect(getCell(wb, "Budget!B1")?.formula).toBe("=Pilot!B4");
    expect(wb.names[0]?.formula).toBe("=Pilot!$B$4");
    await office.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Pilot").delete();
      await context.sync();
    });
    expect(getCell(wb, "Budget!B1")?.formula).toBe("=#REF!B4");
    expect(wb.names[0]?.formula).toBe("=#REF!$B$4");
  });

  it("fails a request above 5 MB and counts syncs", async () => {
    const office = createSimulatedOffice(pilot());
    const big = Array.from({ length: 90_000 }, (_, i) => [`A very long label for line item number ${i} of the pilot's cost report`, i]);
    await office.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Budget");
      sheet.getRange(`A1:B${big.length}`).values = big;
      await expect(context.sync()).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    });
    expect(office.sim.syncCount).toBe(1);
    expect(office.sim.syncs[0]?.requestBytes).toBeGreaterThan(5_000_000);
    expect(snapshotWorkbook(office.sim.workbook)).toEqual(snapshotWorkbook(pilot()));
  });

  it("installs globals", async () => {
    installed = installSimulator(pilot());
    expect(Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
    const name = await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getActiveWorksheet().load("name");
      await context.sync();
      return ws.name;
    });
    expect(name).toBe("Q3 Pilot's costs");
  });

  it("accepts every load() form: string, array, navigation paths, objects, collections", async () => {
    const { Excel } = createSimulatedOffice(pilot());
    await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets.load("items/name");
      const range = context.workbook.worksheets.getItem("Budget").getRange("A1:B1");
      range.load(["address", "format/font/bold"]);
      const other = context.workbook.worksheets.getItem("Budget").getRange("A1");
      other.load({ select: "values", expand: "format/fill" });
      const names = context.workbook.names.load({ name: true, formula: true });
      await context.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(["Q3 Pilot's costs", "Budget"]);
      expect(() => sheets.items[0]?.id).toThrowError(expect.objectContaining({ code: "PropertyNotLoaded" }));
      expect(range.format.font.bold).toBe(false);
      expect(other.format.fill.color).toBe("#FFFFFF");
      expect(names.items.map((n) => [n.name, n.formula])).toEqual([["PilotTotal", "='Q3 Pilot''s costs'!$B$4"]]);
    });
  });

  it("turns text starting with = into a formula unless the cell is formatted as text (@)", async () => {
    const office = createSimulatedOffice(pilot());
    await office.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Budget");
      sheet.getRange("A3:D3").values = [["=1+1", "+A1", "-5", "12"]];
      const text = sheet.getRange("A4:D4");
      text.numberFormat = [["@", "@", "@", "@"]];
      text.values = [["=1+1", "+A1", "-5", "12"]];
      await context.sync();
    });
    const wb = office.sim.workbook;
    expect(["A3", "B3", "C3", "D3"].map((a) => getCell(wb, `Budget!${a}`)).map((c) => c?.formula ?? c?.value)).toEqual(["=1+1", "=+A1", -5, 12]);
    expect(["A4", "B4", "C4", "D4"].map((a) => getCell(wb, `Budget!${a}`)?.value)).toEqual(["=1+1", "+A1", "-5", "12"]);
  });

  it("fails a batch at the failing action: earlier actions stay applied, loads are not delivered", async () => {
    const office = createSimulatedOffice(pilot());
    await office.Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.add("New");
      const loaded = sheets.getItem("Budget").load("name");
      sheets.add("budget");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemAlreadyExists" });
      expect(() => loaded.name).toThrowError(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
    expect(office.sim.workbook.sheets.map((s) => s.name)).toEqual(["Q3 Pilot's costs", "Budget", "New"]);
  });

  it("refuses a duplicate name (case-insensitive) and leaves #REF! names when their sheet is deleted", async () => {
    const office = createSimulatedOffice(pilot());
    await office.Excel.run(async (context) => {
      context.workbook.names.add("pilottotal", "=Budget!$B$1");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemAlreadyExists" });
      context.workbook.names.add("BudgetCell", context.workbook.worksheets.getItem("Budget").getRange("B1"));
      await context.sync();
      context.workbook.worksheets.getItem("Budget").delete();
      const item = context.workbook.names.getItem("BudgetCell").load("formula,type,value");
      await context.sync();
      expect([item.formula, item.type, item.value]).toEqual(["=#REF!$B$1", "Error", "#REF!"]);
      context.workbook.names.add("BudgetCell", "=Budget!$B$1");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemAlreadyExists" });
    });
  });

  it("refuses to delete a very hidden sheet or the last visible one", async () => {
    const office = createSimulatedOffice(pilot());
    await office.Excel.run(async (context) => {
      const budget = context.workbook.worksheets.getItem("Budget");
      budget.visibility = "VeryHidden";
      await context.sync();
      budget.delete();
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
      context.workbook.worksheets.getItem("Q3 Pilot's costs").delete();
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
    });
  });

  it("intersects ranges (null object when disjoint) and refuses to read more than 5 million cells", async () => {
    const office = createSimulatedOffice(pilot());
    await office.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Q3 Pilot's costs");
      const column = sheet.getRange("B:B");
      const used = column.getIntersectionOrNullObject(sheet.getUsedRange(true)).load("address");
      const none = sheet.getRange("X1:Y2").getIntersectionOrNullObject(sheet.getUsedRange()).load("address");
      column.load("address,cellCount");
      await context.sync();
      expect([used.address, none.isNullObject, column.address, column.cellCount]).toEqual(["'Q3 Pilot''s costs'!B1:B4", true, "'Q3 Pilot''s costs'!B:B", 1_048_576]);
      sheet.getRange("A:E").load("values");
      await expect(context.sync()).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
    });
  });

  it("injects failures by sync and by operation, hangs, and logs every sync", async () => {
    const office = createSimulatedOffice(pilot());
    office.sim.inject({ operation: "Worksheet.delete" });
    office.sim.inject({ sync: 2, beforeExecution: true, code: "InvalidOperationInCellEditMode" });
    office.sim.inject({ sync: 3, hang: true });
    await office.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Budget").delete();
      await expect(context.sync()).rejects.toMatchObject({ code: "GeneralException" });
      context.workbook.worksheets.add("X");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperationInCellEditMode" });
      const settled = await Promise.race([context.sync().then(() => "answered"), new Promise((r) => setTimeout(() => r("hung"), 30))]);
      expect(settled).toBe("hung");
    });
    expect(office.sim.syncs.map((s) => s.outcome)).toEqual(["failed", "failed", "hung"]);
    expect(office.sim.workbook.sheets.map((s) => s.name)).toEqual(["Q3 Pilot's costs", "Budget"]);
  });

  it("syncs what a batch function left queued when Excel.run ends, and closes the context", async () => {
    const office = createSimulatedOffice(pilot());
    let kept: Excel.RequestContext | undefined;
    await office.Excel.run(async (context) => {
      context.workbook.worksheets.add("Late");
      kept = context;
    });
    expect(office.sim.syncs.map((s) => s.automatic)).toEqual([true]);
    expect(office.sim.workbook.sheets.map((s) => s.name)).toContain("Late");
    expect(() => kept?.workbook.worksheets.add("Later")).toThrowError(expect.objectContaining({ code: "InvalidRequestContext" }));
  });

  it("answers Office.onReady and requirement sets by version", async () => {
    const office = createSimulatedOffice(pilot(), { excelApiVersion: "1.8" });
    await expect(office.Office.onReady()).resolves.toMatchObject({ host: "Excel" });
    expect(office.Office.context.requirements.isSetSupported("ExcelApi", "1.8")).toBe(true);
    expect(office.Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(false);
    expect(office.Office.context.requirements.isSetSupported("ExcelApi", "1.10")).toBe(false);
  });
});
