import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeSavedState, STATE_SHEET_NAME } from "../../src/domain/savedState";
import { InputWorkbookError, openInputWorkbook, readSavedStateRaw, type InputWorkbook } from "../../src/xlsx/readWorkbook";
import { renderPlanIntoPackage } from "../../src/xlsx/renderPlan";
import { ASSUMPTIONS, buildInputWorkbook, buildSamplePlan, PILOT_SHEET } from "./fixtures";
import { sheetPart } from "./packageHelpers";

async function messyWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Messy 'n' real");
  ws.getCell("B2").value = "Title row";
  ws.getCell("B4").value = { richText: [{ text: "Rich " }, { font: { bold: true }, text: "label" }] };
  ws.getCell("C4").value = 1234.5;
  ws.getCell("C4").numFmt = '"€"#,##0.00';
  ws.getCell("B5").value = "Formula";
  ws.getCell("C5").value = { formula: "C4*2", result: 2469 };
  ws.getCell("B6").value = "Error";
  ws.getCell("C6").value = { error: "#N/A" };
  ws.getCell("B7").value = "Date";
  ws.getCell("C7").value = new Date(Date.UTC(2024, 0, 31));
  ws.getCell("C7").numFmt = "yyyy-mm-dd";
  ws.getCell("B8").value = "Flag";
  ws.getCell("C8").value = true;
  ws.getCell("B9").value = { text: "Link text", hyperlink: "https://example.com" };
  ws.getCell("B11").value = "Merged";
  ws.mergeCells("B11:C11");
  ws.getCell("B12").value = "Formula error";
  ws.getCell("C12").value = { formula: "1/0", result: { error: "#DIV/0!" } };
  ws.getCell("B13").value = "Zero result";
  ws.getCell("C13").value = { formula: "C4-C4", result: 0 };
  ws.getCell("D13").value = { formula: "C4<0", result: false };
  ws.getCell("D20").value = "";
  const hidden = wb.addWorksheet("Hidden one", { state: "hidden" });
  hidden.getCell("A1").value = 1;
  wb.addWorksheet("Empty");
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

let messy: InputWorkbook;

beforeAll(async () => {
  messy = await openInputWorkbook(await messyWorkbook());
});

describe("openInputWorkbook", () => {
  it("lists the sheets in tab order with their visibility and used range", () => {
    expect(messy.sheets.map((s) => [s.name, s.visibility, s.usedRange])).toEqual([
      ["Messy 'n' real", "visible", "B2:D13"],
      ["Hidden one", "hidden", "A1"],
      ["Empty", "visible", null],
    ]);
    expect(messy.sheet("messy 'N' REAL")?.name).toBe("Messy 'n' real");
    expect(messy.sheet("nope")).toBeUndefined();
  });

  it("reads a grid: cached formula results, flattened rich text, errors, dates as serials, formats", () => {
    const grid = messy.readGrid("Messy 'n' real");
    expect(grid.sheetName).toBe("Messy 'n' real");
    expect(grid.topLeft).toBe("B2");
    const at = (address: string) => {
      const m = /^([A-Z])(\d+)$/.exec(address);
      const col = (m?.[1] ?? "B").charCodeAt(0) - 66;
      const row = Number(m?.[2]) - 2;
      return { value: grid.values[row]?.[col], format: grid.numberFormats[row]?.[col] };
    };
    expect(at("B4").value).toBe("Rich label");
    expect(at("C4")).toEqual({ value: 1234.5, format: '"€"#,##0.00' });
    expect(at("C5").value).toBe(2469);
    expect(at("C6").value).toEqual({ error: "#N/A" });
    expect(at("C7").value).toBe(45322);
    expect(at("C8").value).toBe(true);
    expect(at("B9").value).toBe("Link text");
    expect(at("B11").value).toBe("Merged");
    expect(at("C11").value).toBeNull();
    expect(at("C12").value).toEqual({ error: "#DIV/0!" });
    // exceljs's cell.value drops falsy cached results; they must come through as 0 and FALSE.
    expect(at("C13").value).toBe(0);
    expect(at("D13").value).toBe(false);
    expect(grid.values).toHaveLength(12);
  });

  it("reads a range, and intersects whole columns with the used range", () => {
    expect(messy.readGrid("Messy 'n' real", "C4:C5").values).toEqual([[1234.5], [2469]]);
    const column = messy.readGrid("Messy 'n' real", "C:C");
    expect(column.topLeft).toBe("C2");
    expect(column.values).toHaveLength(12);
    expect(messy.readGrid("Empty", "A1:B2")).toEqual({ sheetName: "Empty", topLeft: "A1", values: [], numberFormats: [] });
    expect(() => messy.readGrid("Messy 'n' real", "nonsense")).toThrow(InputWorkbookError);
    expect(() => messy.readGrid("Nope")).toThrow(/no sheet named "Nope"/);
  });

  it("reads single cells", () => {
    expect(messy.cellValue("Messy 'n' real", "C5")).toBe(2469);
    expect(messy.cellValue("Messy 'n' real", "Z99")).toBeNull();
  });

  it("reports files it cannot open", async () => {
    await expect(openInputWorkbook(strToU8("not a zip"))).rejects.toThrow(InputWorkbookError);
    await expect(openInputWorkbook("/nonexistent/file.xlsx")).rejects.toThrow(/Cannot read/);
    await expect(openInputWorkbook(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).rejects.toThrow(/97-2003/);
  });

  it("reads a 20k-row sheet", async () => {
    const bytes = await buildInputWorkbook({ rows: 20_000 });
    const wb = await openInputWorkbook(bytes);
    const grid = wb.readGrid(PILOT_SHEET);
    expect(grid.values).toHaveLength(20_009);
    expect(grid.values[20_008]?.[2]).toBe(100 + (19_999 % 97));
  });
});

describe("readSavedStateRaw", () => {
  it("returns null for a workbook without a state sheet", async () => {
    expect(await readSavedStateRaw(await buildInputWorkbook())).toBeNull();
  });

  it("resolves input references by reading the Assumptions cells (the CLI's output has no cached values)", async () => {
    const output = renderPlanIntoPackage(await buildInputWorkbook(), buildSamplePlan());
    const rows = await readSavedStateRaw(output);
    expect(rows?.[0]).toEqual(["p2p-state", 1]);
    expect(rows?.filter((r) => r[0] === "input").map((r) => r.slice(1))).toEqual([
      ["multipliers.low", 5],
      ["multipliers.base", 7.5],
      ["multipliers.high", 10],
    ]);

    // The user types 6 into the Low multiplier: the state follows without any recalculation.
    const files = unzipSync(output);
    const part = sheetPart(output, ASSUMPTIONS);
    files[part] = strToU8(strFromU8(files[part] ?? new Uint8Array()).replace(/(<c r="B3"[^>]*>)<v>5<\/v>/, "$1<v>6</v>"));
    const edited = zipSync(files);
    const editedRows = await readSavedStateRaw(edited);
    const state = decodeSavedState(editedRows ?? []);
    expect(state?.generatedSheets).toContain(STATE_SHEET_NAME);
    expect(state?.assumptions?.multipliers).toEqual({ low: 6, base: 7.5, high: 10 });
  });
});
