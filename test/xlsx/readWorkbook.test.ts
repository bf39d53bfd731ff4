import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSavedState, STATE_SHEET_NAME } from "../../src/domain/savedState";
import { InputWorkbookError, openInputWorkbook, readSavedStateRaw, type InputWorkbook } from "../../src/xlsx/readWorkbook";
import { XlsxPackage } from "../../src/xlsx/package";
import { renderPlanIntoPackage } from "../../src/xlsx/renderPlan";
import { ASSUMPTIONS, buildInputWorkbook, buildSamplePlan, PILOT_SHEET } from "./fixtures";
import { findSoffice, recalculateWithLibreOffice } from "../support/libreoffice";
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

// ---------------------------------------------------------------------------------------------
// The package reader on hand-written parts: every cell type, number formats, paths and prefixes.

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

interface HandSheet {
  name: string;
  /** Relationship target from xl/workbook.xml. */
  target: string;
  /** The part path the target resolves to. */
  path: string;
  xml: string;
  state?: string;
  /** Relationship type (default worksheet). */
  type?: string;
}

/** A package from hand-written parts, the way other producers lay them out. */
function handPackage(options: { sheets: HandSheet[]; sharedStrings?: string; styles?: string; workbookPr?: string }): Uint8Array {
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${target}"/>`;
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
    ),
    "_rels/.rels": strToU8(`${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${rel("rId1", "officeDocument", "xl/workbook.xml")}</Relationships>`),
    "xl/workbook.xml": strToU8(
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${options.workbookPr ?? ""}<sheets>` +
        options.sheets.map((sh, i) => `<sheet name="${sh.name}" sheetId="${i + 1}"${sh.state ? ` state="${sh.state}"` : ""} r:id="rS${i + 1}"/>`).join("") +
        "</sheets></workbook>",
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        options.sheets.map((sh, i) => rel(`rS${i + 1}`, sh.type ?? "worksheet", sh.target)).join("") +
        (options.sharedStrings !== undefined ? rel("rSST", "sharedStrings", "strings/shared.xml") : "") +
        (options.styles !== undefined ? rel("rSty", "styles", "/xl/theStyles.xml") : "") +
        "</Relationships>",
    ),
  };
  for (const sh of options.sheets) files[sh.path] = strToU8(sh.xml);
  if (options.sharedStrings !== undefined) files["xl/strings/shared.xml"] = strToU8(options.sharedStrings);
  if (options.styles !== undefined) files["xl/theStyles.xml"] = strToU8(options.styles);
  return zipSync(files);
}

const worksheet = (rows: string, tail = "") => `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${rows}</sheetData>${tail}</worksheet>`;

const SHARED_STRINGS =
  `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="6" uniqueCount="6">` +
  "<si><t>Item</t></si>" +
  '<si><t xml:space="preserve">  spaced &amp; &lt;escaped&gt;  </t></si>' +
  '<si><r><t>Rich </t></r><r><rPr><b/><sz val="11"/></rPr><t>text</t></r><r><t xml:space="preserve"> runs</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>' +
  "<si><t>line_x000D_break</t></si>" +
  "<si><t/></si>" +
  "<si><t>Amount</t></si>" +
  "</sst>";

const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}"><numFmts count="2">` +
  '<numFmt numFmtId="164" formatCode="&quot;€&quot;#,##0.00"/><numFmt numFmtId="165" formatCode="[$$-409]#,##0.00;[Red]\\-[$$-409]#,##0.00"/></numFmts>' +
  '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="4"/><xf numFmtId="44"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="10"/></cellXfs>' +
  "</styleSheet>";

const TYPES_SHEET = worksheet(
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>5</v></c></row>' +
    '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1"><v>1234.5</v></c></row>' +
    '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="2"><v>-0.25</v></c></row>' +
    '<row r="4"><c r="A4" t="inlineStr"><is><r><t>Inline </t></r><r><rPr><i/></rPr><t>rich</t></r></is></c><c r="B4" s="3"><v>1E3</v></c></row>' +
    '<row r="5"><c r="A5" t="inlineStr"><is><t>=not a formula</t></is></c><c r="B5" t="b"><v>1</v></c><c r="C5" t="b"><v>0</v></c></row>' +
    '<row r="6"><c r="A6" t="s"><v>3</v></c><c r="B6" t="e"><v>#N/A</v></c></row>' +
    // Formula cells: cached 0, FALSE, an error, text, an empty text, and no cached value at all.
    '<row r="7"><c r="A7" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="B7" s="5"><f>B2-B2</f><v>0</v></c><c r="C7" t="b"><f>B2&lt;0</f><v>0</v></c></row>' +
    '<row r="8"><c r="A8" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B8" t="str"><f>""</f><v></v></c><c r="C8"><f>SUM(B2:B3)</f></c></row>' +
    // A shared formula and its follower.
    '<row r="9"><c r="A9"><f t="shared" ref="A9:A10" si="0">B2*2</f><v>2469</v></c><c r="B9" s="4"><v>45322</v></c><c r="C9" s="6"/></row>' +
    '<row r="10"><c r="A10"><f t="shared" si="0"/><v>-0.5</v></c><c r="B10" t="s"><v>4</v></c></row>' +
    // Cells without `r` follow the one before; an empty row element; a row far down.
    '<row r="11"><c t="s"><v>0</v></c><c><v>7</v></c><c r="C11"><v>99</v></c></row><row r="12"/>' +
    '<row r="14"><c r="E14" t="d"><v>2024-01-31T12:00:00</v></c></row>',
  '<mergeCells count="1"><mergeCell ref="B11:D12"/></mergeCells>',
);

let hand: InputWorkbook;

describe("the package reader on hand-written parts", () => {
  beforeAll(async () => {
    hand = await openInputWorkbook(
      handPackage({
        sharedStrings: SHARED_STRINGS,
        styles: STYLES,
        workbookPr: '<workbookPr date1904="1"/>',
        sheets: [
          // Part paths that are not xl/worksheets/sheetN.xml: relative, in a subfolder, absolute.
          { name: "Types &amp; formats", target: "data/pilot costs.xml", path: "xl/data/pilot costs.xml", xml: TYPES_SHEET },
          { name: "Chart", target: "chartsheets/sheet1.xml", path: "xl/chartsheets/sheet1.xml", type: "chartsheet", xml: `${XML_HEAD}<chartsheet xmlns="${MAIN_NS}"/>` },
          {
            name: "Far",
            target: "/xl/worksheets/far.xml",
            path: "xl/worksheets/far.xml",
            state: "veryHidden",
            xml: worksheet('<row r="3"><c r="C3" s="1"/><c r="D3"><v>1</v></c></row><row r="100000"><c r="B100000"><v>2</v></c></row>'),
          },
          { name: "Blank", target: "worksheets/blank.xml", path: "xl/worksheets/blank.xml", state: "hidden", xml: worksheet("") },
        ],
      }),
    );
  });

  it("lists worksheets (not chart sheets) with their visibility, from any part path", () => {
    expect(hand.sheets.map((s) => [s.name, s.visibility, s.usedRange])).toEqual([
      ["Types & formats", "visible", "A1:E14"],
      ["Far", "veryHidden", "B3:D100000"],
      ["Blank", "hidden", null],
    ]);
  });

  it("reads every cell type: shared, rich and inline strings, numbers, booleans, errors", () => {
    const at = (a: string) => hand.cellValue("Types & formats", a);
    expect(at("A1")).toBe("Item");
    expect(at("A2")).toBe("  spaced & <escaped>  ");
    expect(at("A3")).toBe("Rich text runs"); // all runs, without the phonetic run
    expect(at("A4")).toBe("Inline rich");
    expect(at("A5")).toBe("=not a formula");
    expect(at("A6")).toBe("line\rbreak");
    expect(at("B2")).toBe(1234.5);
    expect(at("B3")).toBe(-0.25);
    expect(at("B4")).toBe(1000);
    expect(at("B5")).toBe(true);
    expect(at("C5")).toBe(false);
    expect(at("B6")).toEqual({ error: "#N/A" });
    expect(at("B10")).toBe("");
    expect(at("Z99")).toBeNull();
  });

  it("gives formula cells their cached value, including 0, FALSE, errors and empty text", () => {
    const at = (a: string) => hand.cellValue("Types & formats", a);
    expect(at("A7")).toBe("xy");
    expect(at("B7")).toBe(0);
    expect(at("C7")).toBe(false);
    expect(at("A8")).toEqual({ error: "#DIV/0!" });
    expect(at("B8")).toBe("");
    expect(at("C8")).toBeNull(); // no cached value in the file
    expect(at("A9")).toBe(2469);
    expect(at("A10")).toBe(-0.5);
  });

  it("maps cell formats to built-in and custom number format codes", () => {
    const grid = hand.readGrid("Types & formats", "B2:B9");
    expect(grid.numberFormats.map((r) => r[0])).toEqual([
      '"€"#,##0.00',
      "#,##0.00",
      '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)',
      "General",
      "General",
      "[$$-409]#,##0.00;[Red]\\-[$$-409]#,##0.00",
      "General",
      "mm-dd-yy",
    ]);
    // A cell with only a style has no value but keeps its format.
    const c9 = hand.readGrid("Types & formats", "C9");
    expect(c9.values).toEqual([[null]]);
    expect(c9.numberFormats).toEqual([["0.00%"]]);
  });

  it("keeps serial dates as stored in a 1904 workbook and converts ISO dates into that system", () => {
    expect(hand.cellValue("Types & formats", "B9")).toBe(45322);
    // 2024-01-31 12:00 is serial 45322.5 in the 1900 system, 1462 days less in the 1904 system.
    expect(hand.cellValue("Types & formats", "E14")).toBe(45322.5 - 1462);
  });

  it("reads cells without addresses in order and empties merged-over cells", () => {
    const grid = hand.readGrid("Types & formats", "A11:D12");
    expect(grid.values).toEqual([
      ["Item", 7, null, null],
      [null, null, null, null],
    ]);
  });

  it("intersects whole columns and rows with the used range instead of reading a million rows", () => {
    const columns = hand.readGrid("Far", "B:D");
    expect(columns.topLeft).toBe("B3");
    expect(columns.values).toHaveLength(100_000 - 2);
    expect(columns.values[0]).toEqual([null, null, 1]);
    expect(columns.numberFormats[0]).toEqual(["General", '"€"#,##0.00', "General"]);
    expect(columns.values.at(-1)).toEqual([2, null, null]);
    const rows = hand.readGrid("Far", "1:3");
    expect(rows.topLeft).toBe("B3");
    expect(rows.values).toEqual([[null, null, 1]]);
    expect(hand.readGrid("Far", "Far!E:F")).toEqual({ sheetName: "Far", topLeft: "E1", values: [], numberFormats: [] });
    expect(hand.readGrid("Blank")).toEqual({ sheetName: "Blank", topLeft: "A1", values: [], numberFormats: [] });
  });

  it("reads parts written with a namespace prefix", async () => {
    const x = (rows: string) => `${XML_HEAD}<x:worksheet xmlns:x="${MAIN_NS}"><x:sheetData>${rows}</x:sheetData></x:worksheet>`;
    const wb = await openInputWorkbook(
      handPackage({
        sharedStrings: `${XML_HEAD}<x:sst xmlns:x="${MAIN_NS}"><x:si><x:t>Label</x:t></x:si><x:si><x:r><x:t>A</x:t></x:r><x:r><x:t>B</x:t></x:r></x:si></x:sst>`,
        sheets: [
          {
            name: "Prefixed",
            target: "worksheets/sheet1.xml",
            path: "xl/worksheets/sheet1.xml",
            xml: x('<x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c><x:c r="D2"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>'),
          },
        ],
      }),
    );
    expect(wb.readGrid("Prefixed")).toMatchObject({ topLeft: "B2", values: [["Label", "AB", 2]] });
  });

  it("reports damaged packages as InputWorkbookError with a clear message", async () => {
    const good = handPackage({ sheets: [{ name: "S", target: "worksheets/sheet1.xml", path: "xl/worksheets/sheet1.xml", xml: worksheet('<row r="1"><c r="A1"><v>1</v></c></row>') }] });
    const files = unzipSync(good);
    const broken = (mutate: (f: Record<string, Uint8Array>) => void) => {
      const copy = { ...files };
      mutate(copy);
      return zipSync(copy);
    };
    await expect(openInputWorkbook(broken((f) => delete f["_rels/.rels"]))).rejects.toThrow(/Cannot open as an Excel workbook \(\.xlsx\): the package has no workbook part/);
    await expect(openInputWorkbook(broken((f) => (f["xl/workbook.xml"] = strToU8("<workbook><sheets>"))))).rejects.toThrow(InputWorkbookError);
    await expect(openInputWorkbook(broken((f) => delete f["[Content_Types].xml"]))).rejects.toThrow(/Content_Types/);
    const missingSheet = await openInputWorkbook(broken((f) => delete f["xl/worksheets/sheet1.xml"]));
    expect(() => missingSheet.readGrid("S")).toThrow(/Cannot read the sheet "S".*missing/);
    const damagedSheet = await openInputWorkbook(broken((f) => (f["xl/worksheets/sheet1.xml"] = strToU8(worksheet("<row><c><v>1</v>")))));
    expect(() => damagedSheet.readGrid("S")).toThrow(InputWorkbookError);
    // A damaged zip entry (bad deflate data) is found when the sheet is read.
    const zipped = zipSync({ ...files, "xl/worksheets/sheet1.xml": strToU8(worksheet(`<row r="1">${'<c><v>1</v></c>'.repeat(500)}</row>`)) });
    const at = Buffer.from(zipped).indexOf("xl/worksheets/sheet1.xml") + 40;
    for (let i = at; i < at + 40; i++) zipped[i] = 0xff;
    await expect(
      (async () => {
        const wb = await openInputWorkbook(zipped);
        wb.readGrid("S");
      })(),
    ).rejects.toThrow(InputWorkbookError);
  });
});

// ---------------------------------------------------------------------------------------------
// Workbooks written by exceljs and by LibreOffice

describe("workbooks written by other programs", () => {
  const dir = mkdtempSync(join(tmpdir(), "p2p-reader-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exceljs: built-in and custom formats, rich text, booleans and a hidden sheet", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Costs");
    ws.getCell("A1").value = "Item";
    ws.getCell("B1").value = "Amount";
    ws.getCell("A2").value = { richText: [{ text: "GPU " }, { font: { italic: true }, text: "hours" }] };
    ws.getCell("B2").value = 1200;
    ws.getCell("B2").numFmt = "#,##0.00";
    ws.getCell("C2").value = 0.15;
    ws.getCell("C2").numFmt = "0.00%";
    ws.getCell("B3").value = 99.5;
    ws.getCell("B3").numFmt = '[$€-407] #,##0.00;-[$€-407] #,##0.00';
    ws.getCell("B4").value = { formula: "B2+B3", result: 1299.5 };
    ws.getCell("C4").value = false;
    wb.addWorksheet("Secret", { state: "veryHidden" }).getCell("A1").value = "x";
    const read = await openInputWorkbook(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(read.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ["Costs", "visible"],
      ["Secret", "veryHidden"],
    ]);
    const grid = read.readGrid("Costs");
    expect(grid.values).toEqual([
      ["Item", "Amount", null],
      ["GPU hours", 1200, 0.15],
      [null, 99.5, null],
      [null, 1299.5, false],
    ]);
    expect(grid.numberFormats[1]).toEqual(["General", "#,##0.00", "0.00%"]);
    expect(grid.numberFormats[2]?.[1]).toBe("[$€-407] #,##0.00;-[$€-407] #,##0.00");
  });

  it.runIf(findSoffice() !== undefined)("LibreOffice: the same values as the file it opened, with its own format spelling", async () => {
    const original = await messyWorkbook();
    const input = join(dir, "messy.xlsx");
    writeFileSync(input, original);
    const [saved] = await recalculateWithLibreOffice([input], { outDir: join(dir, "lo") });
    const before = await openInputWorkbook(original);
    const after = await openInputWorkbook(new Uint8Array(readFileSync(saved ?? "")));
    expect(after.sheets.map((s) => [s.name, s.visibility, s.usedRange])).toEqual(before.sheets.map((s) => [s.name, s.visibility, s.usedRange]));
    const grid = after.readGrid("Messy 'n' real");
    expect(grid.values).toEqual(before.readGrid("Messy 'n' real").values);
    expect(grid.values[2]?.[0]).toBe("Rich label");
    expect(grid.values[11]?.slice(1)).toEqual([0, false]);
    // LibreOffice writes its own spelling of the currency format (`\€` for `"€"`).
    const currency = grid.numberFormats[2]?.[1] ?? "";
    expect(currency.replace(/\\(.)/g, '"$1"')).toBe('"€"#,##0.00');
    expect(after.cellValue("Hidden one", "A1")).toBe(1);
  });
});

describe("parts written in pieces (XlsxPackage.setStreamed)", () => {
  it("deflate piece by piece into one valid entry that other zip readers and this reader read back", async () => {
    const rows = 40_000;
    const long = "ü€😀".repeat(150_000); // one piece larger than the writer's buffer
    const pieces: string[] = [`${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>`];
    for (let r = 1; r <= rows; r++) pieces.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Kosten für Ü ${r}</t></is></c><c r="B${r}"><v>${r / 4}</v></c></row>`);
    pieces.push(`<row r="${rows + 1}"><c r="A${rows + 1}" t="inlineStr"><is><t>${long}</t></is></c></row></sheetData></worksheet>`);

    const pkg = XlsxPackage.fromBytes(handPackage({ sheets: [{ name: "S", target: "worksheets/sheet1.xml", path: "xl/worksheets/sheet1.xml", xml: worksheet("") }] }));
    pkg.setStreamed("xl/worksheets/sheet1.xml", (write) => pieces.forEach(write));
    const bytes = pkg.toBytes();
    const text = pieces.join("");
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 << 20);
    expect(strFromU8(unzipSync(bytes)["xl/worksheets/sheet1.xml"] ?? new Uint8Array())).toBe(text); // fflate checks the CRC
    expect(pkg.getText("xl/worksheets/sheet1.xml")).toBe(text);

    const wb = await openInputWorkbook(bytes);
    expect(wb.usedRange("S")).toBe(`A1:B${rows + 1}`);
    expect(wb.cellValue("S", "A39999")).toBe("Kosten für Ü 39999");
    expect(wb.cellValue("S", "B40000")).toBe(10_000);
    expect(wb.cellValue("S", `A${rows + 1}`)).toBe(long);
  });
});
