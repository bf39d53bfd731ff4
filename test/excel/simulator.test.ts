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
});
