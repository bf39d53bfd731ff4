import ExcelJS from "exceljs";
import { strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeSavedState, STATE_SHEET_NAME } from "../../src/domain/savedState";
import type { WorkbookPlan } from "../../src/domain/workbookPlan";
import { PlanRenderError, readPackageState, renderPlanIntoPackage, SheetConflictError, UnsupportedWorkbookError } from "../../src/xlsx/renderPlan";
import { readSheetValues } from "../../src/xlsx/sheetValues";
import { attr, childrenNamed, firstChild, parseXml } from "../../src/xlsx/xml";
import {
  ASSUMPTIONS,
  BUDGET,
  buildInputWorkbook,
  buildSamplePlan,
  FORMULA_LOOKING_LABELS,
  NOTES,
  PILOT_SHEET,
} from "./fixtures";
import { definedNames, entries, packageProblems, partText, sheetPart, unreferencedParts, workbookSheets } from "./packageHelpers";

async function loadWithExcelJS(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

let input: Uint8Array;
let output: Uint8Array;
const plan = buildSamplePlan();

beforeAll(async () => {
  input = await buildInputWorkbook();
  output = renderPlanIntoPackage(input, plan);
});

describe("renderPlanIntoPackage: the generated sheets", () => {
  it("appends the planned sheets after the user's sheets in plan order; the state sheet is very hidden", () => {
    const sheets = workbookSheets(output);
    expect(sheets.map((s) => s.name)).toEqual([PILOT_SHEET, "Other data", ASSUMPTIONS, BUDGET, NOTES, STATE_SHEET_NAME]);
    expect(sheets.find((s) => s.name === STATE_SHEET_NAME)?.state).toBe("veryHidden");
    expect(sheets.filter((s) => s.state === "veryHidden")).toHaveLength(1);
    expect(new Set(sheets.map((s) => s.sheetId)).size).toBe(sheets.length);
    expect(packageProblems(output)).toEqual([]);
    expect(unreferencedParts(output)).toEqual([]);
  });

  it("re-opens with exceljs: numbers, formats, formulas, and formula-looking text stays text", async () => {
    const wb = await loadWithExcelJS(output);
    const a = wb.getWorksheet(ASSUMPTIONS);
    const b = wb.getWorksheet(BUDGET);
    expect(a && b).toBeTruthy();
    if (!a || !b) return;
    expect(a.getCell("B3").value).toBe(5);
    expect(a.getCell("B3").numFmt).toBe('0.0"x"');
    expect(a.getCell("B6").numFmt).toBe("0%");
    FORMULA_LOOKING_LABELS.forEach((label, i) => {
      const cell = a.getCell(`A${7 + i}`);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(label);
    });
    expect(b.getCell("B8").formula).toBe("SUM(B3:B7)");
    expect(b.getCell("B3").formula).toBe("'Q3 Pilot''s costs'!C4");
    expect(b.getCell("B3").numFmt).toBe('"€"#,##0.00');
    expect(b.getCell("B14").formula).toBe('_xlfn.IFS(B12>=B11,"OK",TRUE,"order")');
    expect(b.getCell("A1").font?.bold).toBe(true);
    expect(b.getCell("A1").font?.size).toBe(14);
    expect(b.getCell("A2").fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } });
    expect(a.getCell("B3").font?.color?.argb).toBe("FF0000FF");
    expect(b.getCell("A8").border?.top?.style).toBe("thin");
    expect(wb.getWorksheet(STATE_SHEET_NAME)?.state).toBe("veryHidden");
  });

  it("keeps the user's sheets, cells and comment as they were", async () => {
    const before = await loadWithExcelJS(input);
    const after = await loadWithExcelJS(output);
    for (const ws of before.worksheets) {
      const copy = after.getWorksheet(ws.name);
      expect(copy).toBeTruthy();
      ws.eachRow((row, r) =>
        row.eachCell((cell, c) => {
          const other = copy?.getCell(r, c);
          expect(other?.value).toEqual(cell.value);
          expect(other?.numFmt).toEqual(cell.numFmt);
        }),
      );
    }
    expect(after.getWorksheet(PILOT_SHEET)?.getCell("C4").note).toBe("Checked with finance");
    const inFiles = entries(input);
    const outFiles = entries(output);
    for (const [path, data] of Object.entries(inFiles)) {
      if (["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"].includes(path)) continue;
      expect(outFiles[path], path).toEqual(data);
    }
  });

  it("writes inline strings with the quote prefix for formula-looking text and protects _xHHHH_ literals", () => {
    const files = entries(output);
    const sheetXml = partText(files, sheetPart(output, ASSUMPTIONS));
    expect(sheetXml).toContain('t="inlineStr"');
    expect(sheetXml).not.toMatch(/<f>[^<]*HYPERLINK/);
    expect(sheetXml).toContain("literal _x005F_x0041_ stays");
    expect(sheetXml).toContain('<t xml:space="preserve">  leading and trailing spaces  </t>');
    const styles = parseXml(partText(files, "xl/styles.xml"));
    const xfs = childrenNamed(firstChild(styles, "cellXfs") ?? styles, "xf");
    const a7 = /<c r="A7" s="(\d+)"/.exec(sheetXml);
    expect(a7).not.toBeNull();
    expect(attr(xfs[Number(a7?.[1])] ?? styles, "quotePrefix")).toBe("1");
    // Plain text that does not look like a formula gets no quote prefix.
    const a3 = /<c r="A3"( s="(\d+)")? t="inlineStr"/.exec(sheetXml);
    expect(a3?.[2] === undefined || attr(xfs[Number(a3[2])] ?? styles, "quotePrefix") === undefined).toBe(true);
    // What a reader of the part gets back is the original text.
    const values = readSheetValues(sheetXml, []);
    expect(values[10]).toEqual(["  leading and trailing spaces  ", "literal _x0041_ stays", "tab\there, line\nbreak"]);
    expect(values.slice(6, 10).map((r) => r[0])).toEqual([...FORMULA_LOOKING_LABELS]);
  });

  it("appends styles: original entries untouched, counts updated, and numFmts added once", () => {
    const before = partText(input, "xl/styles.xml");
    const after = partText(output, "xl/styles.xml");
    const b = parseXml(before);
    const a = parseXml(after);
    for (const collection of ["fonts", "fills", "borders", "cellXfs"]) {
      const oldEl = firstChild(b, collection);
      const newEl = firstChild(a, collection);
      if (!oldEl || !newEl) throw new Error(`missing ${collection}`);
      const oldChildren = oldEl.children.map((c) => before.slice(c.start, c.end));
      const newChildren = newEl.children.map((c) => after.slice(c.start, c.end));
      expect(newChildren.slice(0, oldChildren.length)).toEqual(oldChildren);
      expect(newChildren.length).toBeGreaterThan(oldChildren.length);
      expect(attr(newEl, "count")).toBe(String(newChildren.length));
    }
    const numFmts = childrenNamed(firstChild(a, "numFmts") ?? a, "numFmt").map((n) => attr(n, "formatCode"));
    expect(numFmts.filter((f) => f === '0.0"x"')).toHaveLength(1);
    expect(numFmts.filter((f) => f === '"€"#,##0.00')).toHaveLength(1);
    expect(after).toContain('rgb="FFFFF2CC"');
  });

  it("writes frozen panes, column widths, print setup, tab colour and the drawing", () => {
    const xml = partText(output, sheetPart(output, BUDGET));
    const root = parseXml(xml);
    const pane = firstChild(firstChild(firstChild(root, "sheetViews") ?? root, "sheetView") ?? root, "pane");
    expect(pane && Object.fromEntries(pane.attrs)).toEqual({ xSplit: "1", ySplit: "2", topLeftCell: "B3", activePane: "bottomRight", state: "frozen" });
    const cols = childrenNamed(firstChild(root, "cols") ?? root, "col").map((c) => Number(attr(c, "width")));
    expect(cols.map((w) => Math.round(w))).toEqual([33, 17, 17]);
    expect(xml).toContain('<tabColor rgb="FF1F3864"/>');
    expect(xml).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(xml).toContain('<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
    expect(xml).toMatch(/<drawing r:id="rId1"\/><\/worksheet>$/);
    // Element order of CT_Worksheet.
    expect(root.children.map((c) => c.localName)).toEqual([
      "sheetPr",
      "dimension",
      "sheetViews",
      "sheetFormatPr",
      "cols",
      "sheetData",
      "pageMargins",
      "pageSetup",
      "drawing",
    ]);
  });

  it("defines workbook names, print area and print titles, and asks for a full recalculation on load", () => {
    const names = definedNames(output);
    expect(names.filter((n) => n.localSheetId === undefined).map((n) => [n.name, n.value])).toEqual([
      ["PilotTotal", "'Production Budget'!$B$8"],
      ["ProductionLow", "'Production Budget'!$B$10"],
      ["ProductionBase", "'Production Budget'!$B$11"],
      ["ProductionHigh", "'Production Budget'!$B$12"],
      ["MultiplierLow", "Assumptions!$B$3"],
    ]);
    const budgetIndex = String(workbookSheets(output).findIndex((s) => s.name === BUDGET));
    expect(names.filter((n) => n.localSheetId !== undefined)).toEqual([
      { name: "_xlnm.Print_Area", localSheetId: budgetIndex, value: "'Production Budget'!$A$1:$C$16" },
      { name: "_xlnm.Print_Titles", localSheetId: budgetIndex, value: "'Production Budget'!$1:$2" },
    ]);
    const wb = parseXml(partText(output, "xl/workbook.xml"));
    expect(attr(firstChild(wb, "calcPr") ?? wb, "fullCalcOnLoad")).toBe("1");
    const order = wb.children.map((c) => c.localName);
    expect(order.indexOf("definedNames")).toBe(order.indexOf("sheets") + 1);
    expect(order.indexOf("calcPr")).toBe(order.indexOf("definedNames") + 1);
  });

  it("writes a clustered column chart in a drawing, with relationships and content types", () => {
    const files = entries(output);
    const sheetRels = partText(files, sheetPart(output, BUDGET).replace("worksheets/", "worksheets/_rels/") + ".rels");
    expect(sheetRels).toContain("relationships/drawing");
    const drawingPath = Object.keys(files).find((p) => /^xl\/drawings\/drawing\d+\.xml$/.test(p));
    const chartPath = Object.keys(files).find((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
    expect(drawingPath && chartPath).toBeTruthy();
    const chart = partText(files, chartPath ?? "");
    expect(chart).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
    expect(chart).toContain("<c:f>'Production Budget'!$A$10:$A$12</c:f>");
    expect(chart).toContain("<c:f>'Production Budget'!$B$10:$B$12</c:f>");
    expect(chart).toContain("Production cost by scenario");
    const drawing = partText(files, drawingPath ?? "");
    expect(drawing).toContain("<xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>");
    expect(drawing).toContain("<xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>18</xdr:row>");
    const ct = partText(files, "[Content_Types].xml");
    expect(ct).toContain(`PartName="/${chartPath}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"`);
    expect(ct).toContain(`PartName="/${drawingPath}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"`);
  });

  it("creates a styles part when the package has none", () => {
    const files = unzipSync(input);
    delete files["xl/styles.xml"];
    files["xl/_rels/workbook.xml.rels"] = strToU8(
      partText(files, "xl/_rels/workbook.xml.rels").replace(/<Relationship [^>]*relationships\/styles"[^>]*\/>/, ""),
    );
    files["[Content_Types].xml"] = strToU8(partText(files, "[Content_Types].xml").replace(/<Override PartName="\/xl\/styles.xml"[^>]*\/>/, ""));
    const bare = zipSync(files);
    expect(packageProblems(bare)).toEqual([]);
    const out = renderPlanIntoPackage(bare, plan);
    expect(packageProblems(out)).toEqual([]);
    const styles = parseXml(partText(out, "xl/styles.xml"));
    expect(childrenNamed(firstChild(styles, "fills") ?? styles, "fill").length).toBeGreaterThan(2);
    expect(partText(out, "xl/_rels/workbook.xml.rels")).toContain('relationships/styles" Target="styles.xml"');
  });

  it("keeps the plan's state readable from the package", () => {
    const state = readPackageState(output);
    expect(state?.generatedSheets).toEqual([ASSUMPTIONS, BUDGET, NOTES, STATE_SHEET_NAME]);
    expect(state?.source).toEqual({ sheetName: PILOT_SHEET, address: "A3:C8" });
  });
});

describe("renderPlanIntoPackage: regenerating in place", () => {
  it("a second run replaces the generated sheets: no duplicates, no orphans, names resolve", () => {
    const second = renderPlanIntoPackage(output, plan);
    expect(workbookSheets(second).map((s) => s.name)).toEqual(workbookSheets(output).map((s) => s.name));
    expect(definedNames(second)).toEqual(definedNames(output));
    expect(definedNames(second).some((n) => n.value.includes("#REF!"))).toBe(false);
    expect(packageProblems(second)).toEqual([]);
    expect(unreferencedParts(second)).toEqual([]);
    const first = entries(output);
    const again = entries(second);
    expect(Object.keys(again).sort()).toEqual(Object.keys(first).sort());
    // Same parts, same bytes — except the workbook part and its relationships (new ids).
    for (const [path, data] of Object.entries(first)) {
      if (path === "xl/workbook.xml" || path === "xl/_rels/workbook.xml.rels") continue;
      expect(again[path], path).toEqual(data);
    }
    const third = renderPlanIntoPackage(second, plan);
    expect(workbookSheets(third).map((s) => s.name)).toEqual(workbookSheets(output).map((s) => s.name));
  });

  it("removes sheets a previous generation made that the new plan no longer has, with their names", () => {
    const smaller: WorkbookPlan = { ...plan, sheets: plan.sheets.filter((s) => s.name !== NOTES) };
    const withUserName = addDefinedNames(output, [
      '<definedName name="NotesCell">\'Notes \'\'n\'\' more\'!$B$1</definedName>',
      '<definedName name="KeepMe">\'Other data\'!$A$1</definedName>',
    ]);
    const out = renderPlanIntoPackage(withUserName, smaller);
    expect(workbookSheets(out).map((s) => s.name)).toEqual([PILOT_SHEET, "Other data", ASSUMPTIONS, BUDGET, STATE_SHEET_NAME]);
    const names = definedNames(out).map((n) => n.name);
    expect(names).not.toContain("NotesCell");
    expect(names).toContain("KeepMe");
    expect(packageProblems(out)).toEqual([]);
    expect(unreferencedParts(out)).toEqual([]);
  });

  it("drops stale #REF! names the plan defines, and re-indexes local names of user sheets after the generated ones", () => {
    // The user added a sheet after the generated ones, with its own print area, made it active,
    // and Excel left a #REF! name behind.
    let pkg = addUserSheetAtEnd(output, "Later");
    const laterIndex = workbookSheets(pkg).findIndex((s) => s.name === "Later");
    expect(laterIndex).toBe(6);
    pkg = addDefinedNames(pkg, [
      `<definedName name="_xlnm.Print_Area" localSheetId="${laterIndex}">Later!$A$1:$B$2</definedName>`,
      '<definedName name="ProductionLow">#REF!$B$10</definedName>',
    ]);
    const view = `<bookViews><workbookView activeTab="${laterIndex}"/></bookViews>`;
    pkg = setWorkbookXml(pkg, (xml) => (xml.includes("<bookViews") ? xml.replace(/<bookViews>.*<\/bookViews>/, view) : xml.replace("<sheets>", `${view}<sheets>`)));
    const out = renderPlanIntoPackage(pkg, plan);
    const sheets = workbookSheets(out).map((s) => s.name);
    expect(sheets).toEqual([PILOT_SHEET, "Other data", "Later", ASSUMPTIONS, BUDGET, NOTES, STATE_SHEET_NAME]);
    const names = definedNames(out);
    expect(names.filter((n) => n.name === "ProductionLow")).toEqual([{ name: "ProductionLow", localSheetId: undefined, value: "'Production Budget'!$B$10" }]);
    expect(names.find((n) => n.name === "_xlnm.Print_Area" && n.value.startsWith("Later"))?.localSheetId).toBe("2");
    expect(names.find((n) => n.name === "_xlnm.Print_Area" && n.value.startsWith("'Production"))?.localSheetId).toBe("4");
    expect(partText(out, "xl/workbook.xml")).toContain('<workbookView activeTab="2"/>');
    expect(packageProblems(out)).toEqual([]);
  });

  it("refuses to overwrite a user's sheet that has a planned sheet's name", async () => {
    const clash = await buildInputWorkbook({ extraSheets: ["production budget"] });
    expect(() => renderPlanIntoPackage(clash, plan)).toThrow(SheetConflictError);
    expect(() => renderPlanIntoPackage(clash, plan)).toThrow(/"production budget".*did not generate/);
    // A sheet called "P2P State" that is not a state sheet is user data too.
    const fakeState = await buildInputWorkbook({ extraSheets: [STATE_SHEET_NAME] });
    expect(() => renderPlanIntoPackage(fakeState, plan)).toThrow(SheetConflictError);
  });

  it("decodes the state sheet as the domain does", () => {
    const xml = partText(output, sheetPart(output, STATE_SHEET_NAME));
    const state = decodeSavedState(readSheetValues(xml, []));
    expect(state?.version).toBe(1);
  });
});

describe("renderPlanIntoPackage: bad input", () => {
  it("rejects a file that is not a workbook", () => {
    expect(() => renderPlanIntoPackage(new Uint8Array([1, 2, 3]), plan)).toThrow(UnsupportedWorkbookError);
    const notExcel = zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "_rels/.rels": strToU8("<Relationships/>") });
    expect(() => renderPlanIntoPackage(notExcel, plan)).toThrow(/not an Excel workbook/);
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(() => renderPlanIntoPackage(ole, plan)).toThrow(/97-2003.*password-protected/);
    const files = unzipSync(input);
    files["xl/workbook.xml"] = strToU8("<workbook><sheets></workbook>");
    expect(() => renderPlanIntoPackage(zipSync(files), plan)).toThrow(UnsupportedWorkbookError);
  });

  it("rejects inconsistent plans", () => {
    const badName: WorkbookPlan = { ...plan, sheets: [{ ...plan.sheets[0]!, name: "Bad/Name" }] };
    expect(() => renderPlanIntoPackage(input, badName)).toThrow(PlanRenderError);
    const twice: WorkbookPlan = { ...plan, sheets: [plan.sheets[0]!, { ...plan.sheets[1]!, name: ASSUMPTIONS.toUpperCase() }] };
    expect(() => renderPlanIntoPackage(input, twice)).toThrow(/two sheets/);
    const nameElsewhere: WorkbookPlan = { ...plan, names: [{ name: "X_1", sheetName: "Nowhere", address: "$A$1" }] };
    expect(() => renderPlanIntoPackage(input, nameElsewhere)).toThrow(/Nowhere/);
    const nan: WorkbookPlan = { ...plan, sheets: plan.sheets.map((s, i) => (i === 0 ? { ...s, rows: [[{ kind: "number", value: Number.NaN }]] } : s)) };
    expect(() => renderPlanIntoPackage(input, nan)).toThrow(/non-finite/);
  });
});

// ------------------------------------------------------------------------------------------
// Edits a user (or Excel) would make between two generations, applied to the package.

function setWorkbookXml(bytes: Uint8Array, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  files["xl/workbook.xml"] = strToU8(edit(partText(files, "xl/workbook.xml")));
  return zipSync(files);
}

function addDefinedNames(bytes: Uint8Array, names: string[]): Uint8Array {
  return setWorkbookXml(bytes, (xml) => xml.replace("</definedNames>", `${names.join("")}</definedNames>`));
}

function addUserSheetAtEnd(bytes: Uint8Array, name: string): Uint8Array {
  const files = unzipSync(bytes);
  const source = partText(files, "xl/worksheets/sheet2.xml");
  files["xl/worksheets/sheet99.xml"] = strToU8(source);
  files["xl/_rels/workbook.xml.rels"] = strToU8(
    partText(files, "xl/_rels/workbook.xml.rels").replace(
      "</Relationships>",
      '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet99.xml"/></Relationships>',
    ),
  );
  files["[Content_Types].xml"] = strToU8(
    partText(files, "[Content_Types].xml").replace(
      "</Types>",
      '<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
  );
  files["xl/workbook.xml"] = strToU8(
    partText(files, "xl/workbook.xml").replace("</sheets>", `<sheet name="${name}" sheetId="99" r:id="rId99"/></sheets>`),
  );
  return zipSync(files);
}
