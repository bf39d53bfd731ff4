import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_SHEET_NAME } from "../../src/domain/savedState";
import type { WorkbookPlan } from "../../src/domain/workbookPlan";
import { openInputWorkbook } from "../../src/xlsx/readWorkbook";
import { renderPlanIntoPackage } from "../../src/xlsx/renderPlan";
import { readCachedResults, recalculateWithLibreOffice, type CachedResults } from "../support/libreoffice";
import { setNumberInPackage } from "../support/workbooks";
import { ASSUMPTIONS, BUDGET, buildInputWorkbook, buildSamplePlan, EXPECTED, FORMULA_LOOKING_LABELS, formula, num, NOTES, PILOT_SHEET, text } from "./fixtures";
import { definedNames, packageProblems, workbookSheets } from "./packageHelpers";

/**
 * The renderer against a real spreadsheet engine, in two LibreOffice runs:
 *  1. make the preservation fixture: a workbook whose chart, comment, drawing and image were
 *     written by LibreOffice;
 *  2. recalculate every rendered output at once and compare the results with known figures.
 */

const OWNED_PARTS = new Set(["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml", "xl/sharedStrings.xml"]);
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

const work = mkdtempSync(join(tmpdir(), "p2p-xlsx-test-"));
let fixture: Uint8Array;
let rendered: Uint8Array;
let regenerated: Uint8Array;
let results: { rendered: CachedResults; regenerated: CachedResults; edited: CachedResults; prefixed: CachedResults; renderedCopy: Uint8Array };

/** A user workbook with a chart (on "Chart data"), a comment and an image, all rewritten by LibreOffice. */
async function buildLibreOfficeFixture(): Promise<Uint8Array> {
  const base = await buildInputWorkbook({ withComment: true });
  // Add an image with exceljs (writing images is fine; it drops them only when re-saving a loaded file).
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base) as unknown as ExcelJS.Buffer);
  const image = wb.addImage({ buffer: PNG_1X1 as unknown as ExcelJS.Buffer, extension: "png" });
  wb.getWorksheet(PILOT_SHEET)?.addImage(image, "F2:G4");
  const withImage = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  // The chart: drawn by our renderer on a user sheet, then rewritten by LibreOffice like everything else.
  const chartPlan: WorkbookPlan = {
    sheets: [
      {
        name: "Chart data",
        role: "budget",
        visibility: "visible",
        columnWidths: [12, 12],
        rows: [
          [text("Quarter"), text("Spend")],
          [text("Q1"), num(10)],
          [text("Q2"), num(25)],
          [text("Q3"), formula("=B2+B3")],
        ],
      },
    ],
    names: [],
    charts: [
      {
        sheetName: "Chart data",
        title: "User's own chart",
        type: "columnClustered",
        categoriesAddress: "A2:A4",
        series: [{ name: "Spend", valuesAddress: "B2:B4" }],
        topLeft: "D2",
        bottomRight: "J15",
      },
    ],
  };
  const beforeLibreOffice = join(work, "fixture-source.xlsx");
  writeFileSync(beforeLibreOffice, renderPlanIntoPackage(withImage, chartPlan));
  const [converted] = await recalculateWithLibreOffice([beforeLibreOffice], { outDir: join(work, "fixture") });
  return new Uint8Array(readFileSync(converted ?? ""));
}

/** The same workbook with the SpreadsheetML namespace bound to a prefix (`<x:workbook>`), as some generators write it. */
function withPrefixedMainNamespace(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  for (const path of ["xl/workbook.xml", "xl/styles.xml"]) {
    const xml = strFromU8(files[path] ?? new Uint8Array());
    files[path] = strToU8(
      xml
        .replace(/<(\/?)([A-Za-z]+)(?=[\s/>])/g, "<$1x:$2")
        .replace('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"', 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'),
    );
  }
  return zipSync(files);
}

let prefixed: Uint8Array;

beforeAll(async () => {
  fixture = await buildLibreOfficeFixture();
  const plan = buildSamplePlan();
  rendered = renderPlanIntoPackage(fixture, plan);
  regenerated = renderPlanIntoPackage(rendered, plan);
  const edited = setNumberInPackage(regenerated, PILOT_SHEET, "C4", 2200);
  prefixed = renderPlanIntoPackage(renderPlanIntoPackage(withPrefixedMainNamespace(await buildInputWorkbook()), plan), plan);
  const files = { rendered, regenerated, edited, prefixed };
  const paths = Object.entries(files).map(([name, bytes]) => {
    const path = join(work, `${name}.xlsx`);
    writeFileSync(path, bytes);
    return path;
  });
  const out = await recalculateWithLibreOffice(paths, { outDir: join(work, "recalculated") });
  const [r, g, e, x] = await Promise.all(out.map((p) => readCachedResults(p)));
  if (!r || !g || !e || !x) throw new Error("LibreOffice returned fewer files than given");
  results = { rendered: r, regenerated: g, edited: e, prefixed: x, renderedCopy: new Uint8Array(readFileSync(out[0] ?? "")) };
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("preservation of a LibreOffice workbook's parts", () => {
  it("the fixture really holds LibreOffice's chart, comment, drawing and image parts", () => {
    const parts = Object.keys(unzipSync(fixture));
    expect(strFromU8(unzipSync(fixture)["docProps/app.xml"] ?? new Uint8Array())).toMatch(/LibreOffice/);
    expect(parts.some((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))).toBe(true);
    expect(parts.some((p) => /^xl\/drawings\/drawing\d+\.xml$/.test(p))).toBe(true);
    expect(parts.some((p) => /^xl\/comments\d*\.xml$/.test(p))).toBe(true);
    expect(parts.some((p) => /^xl\/drawings\/vmlDrawing\d+\.vml$/.test(p))).toBe(true);
    expect(parts.some((p) => /^xl\/media\/image\d+\.png$/.test(p))).toBe(true);
  });

  for (const [label, get] of [
    ["rendered", () => rendered],
    ["regenerated", () => regenerated],
  ] as const) {
    it(`${label}: every part it does not own is byte-identical`, () => {
      const before = unzipSync(fixture);
      const after = unzipSync(get());
      for (const [path, data] of Object.entries(before)) {
        if (OWNED_PARTS.has(path)) continue;
        expect(after[path], `${path} missing`).toBeDefined();
        expect(Buffer.compare(Buffer.from(after[path] ?? new Uint8Array()), Buffer.from(data)), `${path} changed`).toBe(0);
      }
      expect(packageProblems(get())).toEqual([]);
    });

    it(`${label}: the original sheets' cells are unchanged`, async () => {
      const before = await openInputWorkbook(fixture);
      const after = await openInputWorkbook(get());
      for (const sheet of before.sheets) {
        expect(after.readGrid(sheet.name)).toEqual(before.readGrid(sheet.name));
      }
      expect(after.sheets.map((s) => s.name).slice(0, before.sheets.length)).toEqual(before.sheets.map((s) => s.name));
    });
  }

  it("LibreOffice still finds the user's chart, comment and image after the render", () => {
    const parts = Object.keys(unzipSync(results.renderedCopy));
    expect(parts.filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))).toHaveLength(2);
    expect(parts.some((p) => /^xl\/comments\d*\.xml$/.test(p))).toBe(true);
    expect(parts.some((p) => /^xl\/media\/image\d+\.png$/.test(p))).toBe(true);
  });
});

describe("regenerating in place", () => {
  it("keeps one of each sheet and names that resolve", () => {
    const names = workbookSheets(regenerated).map((s) => s.name);
    expect(new Set(names.map((n) => n.toUpperCase())).size).toBe(names.length);
    expect(names.slice(-4)).toEqual([ASSUMPTIONS, BUDGET, NOTES, STATE_SHEET_NAME]);
    expect(definedNames(regenerated)).toEqual(definedNames(rendered));
    expect(results.regenerated.names).toEqual(results.rendered.names);
  });
});

describe("regenerating a workbook another application saved", () => {
  it("finds the state in LibreOffice's shared strings and replaces the generated sheets", () => {
    const saved = results.renderedCopy;
    expect(strFromU8(unzipSync(saved)["xl/sharedStrings.xml"] ?? new Uint8Array())).toContain("generated-sheet");
    const again = renderPlanIntoPackage(saved, buildSamplePlan());
    const names = workbookSheets(again).map((s) => s.name);
    expect(names).toEqual(workbookSheets(rendered).map((s) => s.name));
    expect(workbookSheets(again).find((s) => s.name === STATE_SHEET_NAME)?.state).toBe("veryHidden");
    const defined = definedNames(again);
    expect(defined.map((n) => n.name).sort()).toEqual(definedNames(rendered).map((n) => n.name).sort());
    expect(defined.some((n) => n.value.includes("#REF!"))).toBe(false);
    expect(packageProblems(again)).toEqual([]);
  });
});

describe("LibreOffice recalculates the rendered formulas", () => {
  it("named outputs equal the expected figures", () => {
    for (const r of [results.rendered, results.regenerated]) {
      expect(r.names).toEqual({
        PilotTotal: EXPECTED.pilotTotal,
        ProductionLow: EXPECTED.low,
        ProductionBase: EXPECTED.base,
        ProductionHigh: EXPECTED.high,
        MultiplierLow: 5,
      });
    }
  });

  it("cross-sheet formulas, quoted sheet names, names in formulas and _xlfn functions evaluate", () => {
    const r = results.rendered;
    expect(r.value(BUDGET, "A3")).toBe("GPU hours");
    expect(r.value(BUDGET, "B7")).toBe(999.5);
    expect(r.value(BUDGET, "B14")).toBe("OK");
    expect(r.value(BUDGET, "B15")).toBe(EXPECTED.high);
    expect(r.value(NOTES, "B1")).toBe(2 * EXPECTED.pilotTotal);
    expect(r.value(NOTES, "B2")).toBe(7.5);
    expect(r.value(NOTES, "B3")).toBe(2 * EXPECTED.pilotTotal + 1);
    expect(r.value(STATE_SHEET_NAME, "C7")).toBe(5);
  });

  it("text stays text, including text that looks like a formula", () => {
    const r = results.rendered;
    FORMULA_LOOKING_LABELS.forEach((label, i) => {
      expect(r.value(ASSUMPTIONS, `A${7 + i}`)).toBe(label);
      expect(r.formula(ASSUMPTIONS, `A${7 + i}`)).toBeUndefined();
    });
    expect(r.value(ASSUMPTIONS, "B11")).toBe("literal _x0041_ stays");
  });

  it("the budget follows an edited pilot cell", () => {
    expect(results.edited.names.PilotTotal).toBe(EXPECTED.pilotTotal + 1000);
    expect(results.edited.names.ProductionBase).toBe((EXPECTED.pilotTotal + 1000) * 7.5);
  });
});

describe("a workbook part that binds SpreadsheetML to a prefix", () => {
  it("gets prefixed elements, regenerates, and recalculates", () => {
    const xml = strFromU8(unzipSync(prefixed)["xl/workbook.xml"] ?? new Uint8Array());
    expect(xml).toContain('<x:sheet name="Production Budget"');
    expect(xml).toContain('<x:definedName name="PilotTotal"');
    expect(xml).toMatch(/<x:calcPr [^>]*fullCalcOnLoad="1"/);
    expect(xml).not.toMatch(/<(sheet|definedName|calcPr)[\s>]/);
    expect(workbookSheets(prefixed).map((s) => s.name)).toEqual([PILOT_SHEET, "Other data", ASSUMPTIONS, BUDGET, NOTES, STATE_SHEET_NAME]);
    expect(packageProblems(prefixed)).toEqual([]);
    expect(results.prefixed.names.ProductionHigh).toBe(EXPECTED.high);
    expect(results.prefixed.value(ASSUMPTIONS, "A1")).toBe("Assumptions");
  });
});
