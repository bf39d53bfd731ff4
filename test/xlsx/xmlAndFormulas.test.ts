import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  absoluteReference,
  columnLetters,
  columnNumber,
  parseRange,
  quoteSheetName,
  referencedSheetNames,
  sheetNameProblem,
} from "../../src/xlsx/a1";
import { toFileFormula } from "../../src/xlsx/formula";
import { relativeTarget, relsPathFor, resolveTarget, sourcePartOfRels, XlsxPackage } from "../../src/xlsx/package";
import { parseSimpleReference } from "../../src/xlsx/readWorkbook";
import { fileColumnWidth } from "../../src/xlsx/sheetXml";
import { crc32, readZip, writeZip } from "../../src/xlsx/zip";
import {
  decodeSpreadsheetText,
  escapeAttr,
  escapeSpreadsheetText,
  innerText,
  parseXml,
  rewriteStartTag,
  XmlEdits,
} from "../../src/xlsx/xml";

describe("A1 helpers", () => {
  it("converts columns both ways", () => {
    expect([1, 26, 27, 52, 702, 703, 16384].map(columnLetters)).toEqual(["A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"]);
    expect(["A", "z", "AA", "XFD"].map(columnNumber)).toEqual([1, 26, 27, 16384]);
  });

  it("parses ranges, whole columns and whole rows", () => {
    expect(parseRange("B3:D40")).toEqual({ top: 3, left: 2, bottom: 40, right: 4 });
    expect(parseRange("$D$40:$B$3")).toEqual({ top: 3, left: 2, bottom: 40, right: 4 });
    expect(parseRange("C:C")).toEqual({ top: 1, left: 3, bottom: 1_048_576, right: 3 });
    expect(parseRange("3:10")).toEqual({ top: 3, left: 1, bottom: 10, right: 16_384 });
    expect(parseRange("B3")).toEqual({ top: 3, left: 2, bottom: 3, right: 2 });
    expect(parseRange("A0")).toBeUndefined();
    expect(parseRange("XFE1")).toBeUndefined();
    expect(parseRange("Sheet1!A1")).toBeUndefined();
  });

  it("makes references absolute", () => {
    expect(absoluteReference("A1:h40")).toBe("$A$1:$H$40");
    expect(absoluteReference("$B$5")).toBe("$B$5");
    expect(absoluteReference("1:3")).toBe("$1:$3");
    expect(absoluteReference("B:C")).toBe("$B:$C");
    expect(() => absoluteReference("nope")).toThrow();
  });

  it("quotes sheet names only when needed, doubling apostrophes", () => {
    expect(quoteSheetName("Assumptions")).toBe("Assumptions");
    expect(quoteSheetName("Budget_2025")).toBe("Budget_2025");
    expect(quoteSheetName("Q3 Pilot's costs")).toBe("'Q3 Pilot''s costs'");
    expect(quoteSheetName("Production Budget")).toBe("'Production Budget'");
    expect(quoteSheetName("A1")).toBe("'A1'");
    expect(quoteSheetName("R1C1")).toBe("'R1C1'");
    expect(quoteSheetName("2025")).toBe("'2025'");
    expect(quoteSheetName("Kosten-Übersicht")).toBe("'Kosten-Übersicht'");
    expect(quoteSheetName("TRUE")).toBe("'TRUE'");
  });

  it("finds the sheets a formula refers to, outside string literals", () => {
    expect(referencedSheetNames("'Production Budget'!$B$8")).toEqual(["Production Budget"]);
    expect(referencedSheetNames("SUM(Assumptions!B3:B5)+'Q3 Pilot''s costs'!C4")).toEqual(["Assumptions", "Q3 Pilot's costs"]);
    expect(referencedSheetNames('"Fake!A1"&Real!A1')).toEqual(["Real"]);
    expect(referencedSheetNames("SUM('Jan:Mar'!B2)")).toEqual(["Jan", "Mar"]);
    expect(referencedSheetNames("#REF!$B$10")).toEqual([]);
  });

  it("validates sheet names as Excel does", () => {
    expect(sheetNameProblem("Production Budget")).toBeUndefined();
    expect(sheetNameProblem("a/b")).toMatch(/contains/);
    expect(sheetNameProblem("x".repeat(32))).toMatch(/31/);
    expect(sheetNameProblem("'quoted")).toMatch(/apostrophe/);
    expect(sheetNameProblem(" ")).toMatch(/blank/);
  });

  it("parses simple references in state formulas", () => {
    expect(parseSimpleReference("=Assumptions!$B$5")).toEqual({ sheetName: "Assumptions", address: "B5" });
    expect(parseSimpleReference("='Some Sheet'!$C$7")).toEqual({ sheetName: "Some Sheet", address: "C7" });
    expect(parseSimpleReference("'It''s'!c7")).toEqual({ sheetName: "It's", address: "C7" });
    expect(parseSimpleReference("=$B$5")).toEqual({ address: "B5" });
    expect(parseSimpleReference("=Assumptions!B5+1")).toBeUndefined();
    expect(parseSimpleReference("=#REF!$B$5")).toBeUndefined();
    expect(parseSimpleReference("=SUM(A1)")).toBeUndefined();
  });

  it("stores column widths with Excel's padding", () => {
    expect(fileColumnWidth(10)).toBeCloseTo(10.7109375, 6);
  });
});

describe("formulas in the file format", () => {
  it("drops the leading = and prefixes functions newer than Excel 2007", () => {
    expect(toFileFormula("=SUM(A1:A3)")).toBe("SUM(A1:A3)");
    expect(toFileFormula("=IFS(A1>0,1,TRUE,0)")).toBe("_xlfn.IFS(A1>0,1,TRUE,0)");
    expect(toFileFormula("=ifs(A1>0,1)")).toBe("_xlfn.ifs(A1>0,1)");
    expect(toFileFormula("=XLOOKUP(1,A:A,B:B)+CONCAT(\"a\",\"b\")")).toBe('_xlfn.XLOOKUP(1,A:A,B:B)+_xlfn.CONCAT("a","b")');
    expect(toFileFormula("=STDEV.S(A1:A9)")).toBe("_xlfn.STDEV.S(A1:A9)");
    expect(toFileFormula("=_xlfn.IFS(A1>0,1)")).toBe("_xlfn.IFS(A1>0,1)");
  });

  it("leaves string literals, sheet names and names alone", () => {
    expect(toFileFormula('="IFS(" & A1')).toBe('"IFS(" & A1');
    expect(toFileFormula("='IFS (x'!A1+SUM(B1)")).toBe("'IFS (x'!A1+SUM(B1)");
    expect(toFileFormula("=MyIFS(A1)+IFS")).toBe("MyIFS(A1)+IFS");
    expect(toFileFormula("=IFERROR(A1/B1,0)")).toBe("IFERROR(A1/B1,0)");
  });
});

describe("XML helpers", () => {
  it("finds element spans through comments, CDATA, processing instructions and '>' in attributes", () => {
    const xml = '<?xml version="1.0"?><!-- <fake> --><a x="1>2"><![CDATA[<no/>]]><b/><c y=\'q\'>t&amp;u</c></a>';
    const root = parseXml(xml);
    expect(root.name).toBe("a");
    expect(root.attrs.get("x")).toBe("1>2");
    expect(root.children.map((c) => c.name)).toEqual(["b", "c"]);
    expect(innerText(xml, root.children[1]!)).toBe("t&u");
    expect(() => parseXml("<a><b></a>")).toThrow();
  });

  it("rewrites start tags and applies edits without overlaps", () => {
    const xml = '<r><calcPr calcId="1"/><x a="1" b="2"></x></r>';
    const root = parseXml(xml);
    const [calcPr, x] = root.children;
    expect(rewriteStartTag(xml, calcPr!, { fullCalcOnLoad: "1" })).toBe('<calcPr calcId="1" fullCalcOnLoad="1"/>');
    expect(rewriteStartTag(xml, x!, { a: null, b: "3" })).toBe('<x b="3">');
    const edits = new XmlEdits();
    edits.insert(x!.start, "<first/>");
    edits.insert(x!.start, "<second/>");
    edits.appendChildren(xml, calcPr!, "<k/>");
    expect(edits.apply(xml)).toBe('<r><calcPr calcId="1"><k/></calcPr><first/><second/><x a="1" b="2"></x></r>');
    const overlapping = new XmlEdits();
    overlapping.replace(0, 5, "");
    overlapping.replace(3, 6, "");
    expect(() => overlapping.apply(xml)).toThrow(/Overlapping/);
  });

  it("escapes cell text the way SpreadsheetML decodes it", () => {
    const samples = ["plain", "a & b < c > d", "_x0041_ literal", "ctrl\u0001char", "tab\tand\nnewline", "emoji 😀"];
    for (const s of samples) expect(decodeSpreadsheetText(innerText(`<t>${escapeSpreadsheetText(s)}</t>`, parseXml(`<t>${escapeSpreadsheetText(s)}</t>`)))).toBe(s);
    expect(escapeSpreadsheetText("_x0041_")).toBe("_x005F_x0041_");
    expect(escapeAttr('a"b\nc')).toBe("a&quot;b&#10;c");
    expect(escapeSpreadsheetText("lone \uD800 surrogate")).toBe("lone \uFFFD surrogate");
  });
});

describe("package and zip", () => {
  it("resolves relationship targets and rels paths", () => {
    expect(relsPathFor("xl/workbook.xml")).toBe("xl/_rels/workbook.xml.rels");
    expect(relsPathFor("")).toBe("_rels/.rels");
    expect(sourcePartOfRels("xl/worksheets/_rels/sheet1.xml.rels")).toBe("xl/worksheets/sheet1.xml");
    expect(sourcePartOfRels("_rels/.rels")).toBe("");
    expect(resolveTarget("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml")).toBe("xl/drawings/drawing1.xml");
    expect(resolveTarget("xl/workbook.xml", "/xl/worksheets/sheet1.xml")).toBe("xl/worksheets/sheet1.xml");
    expect(resolveTarget("", "xl/workbook.xml")).toBe("xl/workbook.xml");
    expect(relativeTarget("xl/workbook.xml", "xl/worksheets/sheet4.xml")).toBe("worksheets/sheet4.xml");
    expect(relativeTarget("xl/worksheets/sheet4.xml", "xl/drawings/drawing1.xml")).toBe("../drawings/drawing1.xml");
  });

  it("copies unchanged entries as stored and rewrites changed ones", () => {
    const original = zipSync({
      "[Content_Types].xml": strToU8("<Types/>"),
      "a.xml": [strToU8("<a>".repeat(1000)), { level: 9 }],
      "b.bin": [strToU8("stored"), { level: 0 }],
      "dir/ü.xml": strToU8("<u/>"),
    });
    const pkg = XlsxPackage.fromBytes(original);
    pkg.set("new.xml", "<new/>");
    pkg.set("b.bin", "changed");
    const out = pkg.toBytes();
    const files = unzipSync(out);
    expect(Object.keys(files)).toEqual(["[Content_Types].xml", "a.xml", "b.bin", "dir/ü.xml", "new.xml"]);
    expect(new TextDecoder().decode(files["b.bin"])).toBe("changed");
    expect(new TextDecoder().decode(files["dir/ü.xml"])).toBe("<u/>");
    // a.xml's compressed bytes are copied, not recompressed.
    const before = readZip(original).find((e) => e.name === "a.xml")?.entry;
    const after = readZip(out).find((e) => e.name === "a.xml")?.entry;
    expect(before?.kind === "stored" && after?.kind === "stored" && Buffer.compare(before.entry.compressed, after.entry.compressed)).toBe(0);
    expect(crc32(strToU8("123456789"))).toBe(0xcbf43926);
    expect(writeZip([]).length).toBe(22);
  });

  it("rejects what is not a zip", () => {
    expect(() => XlsxPackage.fromBytes(strToU8("hello"))).toThrow(/not a valid .xlsx/);
    expect(() => XlsxPackage.fromBytes(zipSync({ "a.txt": strToU8("x") }))).toThrow(/Content_Types/);
  });
});
