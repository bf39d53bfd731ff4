import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  columnIndexToLetters,
  columnLettersToIndex,
  formatAddress,
  formatRange,
  MAX_COLUMN_COUNT,
  MAX_ROW_COUNT,
  normalizeAddress,
  offsetAddress,
  parseAddress,
  parseColumnLetters,
  parseRange,
  quoteSheetName,
  rangeSize,
  sheetRef,
  splitSheetRef,
} from "../../src/domain/a1";

describe("column letters", () => {
  it.each([
    [0, "A"],
    [1, "B"],
    [25, "Z"],
    [26, "AA"],
    [27, "AB"],
    [51, "AZ"],
    [52, "BA"],
    [701, "ZZ"],
    [702, "AAA"],
    [16383, "XFD"],
  ])("index %i <-> %s", (index, letters) => {
    expect(columnIndexToLetters(index)).toBe(letters);
    expect(columnLettersToIndex(letters)).toBe(index);
    expect(columnLettersToIndex(letters.toLowerCase())).toBe(index);
  });

  it("round-trips every column of the grid", () => {
    for (let i = 0; i < MAX_COLUMN_COUNT; i++) expect(columnLettersToIndex(columnIndexToLetters(i))).toBe(i);
  });

  it("rejects columns beyond XFD and non-letters", () => {
    expect(parseColumnLetters("XFE")).toBeNull();
    expect(parseColumnLetters("ZZZ")).toBeNull();
    expect(parseColumnLetters("AAAA")).toBeNull();
    expect(parseColumnLetters("")).toBeNull();
    expect(parseColumnLetters("A1")).toBeNull();
    expect(parseColumnLetters("Ä")).toBeNull();
    expect(parseColumnLetters("@")).toBeNull();
    expect(() => columnLettersToIndex("XFE")).toThrow(RangeError);
  });

  it("throws on out-of-range indexes (programming errors)", () => {
    expect(() => columnIndexToLetters(-1)).toThrow(RangeError);
    expect(() => columnIndexToLetters(16384)).toThrow(RangeError);
    expect(() => columnIndexToLetters(1.5)).toThrow(RangeError);
  });
});

describe("addresses", () => {
  it("parses relative, absolute and mixed addresses", () => {
    expect(parseAddress("B3")).toEqual({ rowIndex: 2, columnIndex: 1, columnAbsolute: false, rowAbsolute: false });
    expect(parseAddress("$B$3")).toEqual({ rowIndex: 2, columnIndex: 1, columnAbsolute: true, rowAbsolute: true });
    expect(parseAddress("B$3")).toEqual({ rowIndex: 2, columnIndex: 1, columnAbsolute: false, rowAbsolute: true });
    expect(parseAddress("$b3")).toEqual({ rowIndex: 2, columnIndex: 1, columnAbsolute: true, rowAbsolute: false });
    expect(parseAddress(" XFD1048576 ")).toEqual({ rowIndex: 1048575, columnIndex: 16383, columnAbsolute: false, rowAbsolute: false });
  });

  it.each(["", "B", "3", "B0", "XFE1", "A1048577", "A-1", "1A", "A1:B2", "Sheet1!A1", "$$A1", "A 1"])(
    "rejects %j",
    (text) => expect(parseAddress(text)).toBeNull(),
  );

  it("formats positions", () => {
    expect(formatAddress({ rowIndex: 2, columnIndex: 1 })).toBe("B3");
    expect(formatAddress({ rowIndex: 2, columnIndex: 1 }, { absolute: true })).toBe("$B$3");
    expect(formatAddress({ rowIndex: 2, columnIndex: 1 }, { absolute: { row: true, column: false } })).toBe("B$3");
    expect(() => formatAddress({ rowIndex: -1, columnIndex: 0 })).toThrow(RangeError);
    expect(() => formatAddress({ rowIndex: MAX_ROW_COUNT, columnIndex: 0 })).toThrow(RangeError);
  });

  it("normalises away dollar signs", () => {
    expect(normalizeAddress("$D$40")).toBe("D40");
    expect(normalizeAddress("nope")).toBeNull();
  });

  it("offsets by rows and columns, keeping $ flags", () => {
    expect(offsetAddress("B3", 2, 1)).toBe("C5");
    expect(offsetAddress("A1", 0, 0)).toBe("A1");
    expect(offsetAddress("Z1", 0, 1)).toBe("AA1");
    expect(offsetAddress("$B$3", 1, 1)).toBe("$C$4");
    expect(offsetAddress("C5", -2, -1)).toBe("B3");
    expect(() => offsetAddress("A1", -1, 0)).toThrow(RangeError);
    expect(() => offsetAddress("XFD1", 0, 1)).toThrow(RangeError);
    expect(() => offsetAddress("oops", 0, 1)).toThrow(RangeError);
  });

  it("parse and format round-trip (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_ROW_COUNT - 1 }),
        fc.integer({ min: 0, max: MAX_COLUMN_COUNT - 1 }),
        fc.boolean(),
        fc.boolean(),
        (rowIndex, columnIndex, row, column) => {
          const text = formatAddress({ rowIndex, columnIndex }, { absolute: { row, column } });
          expect(parseAddress(text)).toEqual({ rowIndex, columnIndex, rowAbsolute: row, columnAbsolute: column });
        },
      ),
    );
  });
});

describe("ranges", () => {
  it("parses A1:D40 and normalises reversed corners", () => {
    const expected = { start: { rowIndex: 0, columnIndex: 0 }, end: { rowIndex: 39, columnIndex: 3 } };
    expect(parseRange("A1:D40")).toEqual(expected);
    expect(parseRange("$A$1:$D$40")).toEqual(expected);
    expect(parseRange("D40:A1")).toEqual(expected);
    expect(parseRange("A40:D1")).toEqual(expected);
  });

  it("parses a single cell as a one-cell range", () => {
    expect(parseRange("B3")).toEqual({ start: { rowIndex: 2, columnIndex: 1 }, end: { rowIndex: 2, columnIndex: 1 } });
  });

  it("parses whole columns and whole rows", () => {
    expect(parseRange("B:D")).toEqual({ start: { rowIndex: 0, columnIndex: 1 }, end: { rowIndex: MAX_ROW_COUNT - 1, columnIndex: 3 } });
    expect(parseRange("$B:$B")).toEqual({ start: { rowIndex: 0, columnIndex: 1 }, end: { rowIndex: MAX_ROW_COUNT - 1, columnIndex: 1 } });
    expect(parseRange("3:5")).toEqual({ start: { rowIndex: 2, columnIndex: 0 }, end: { rowIndex: 4, columnIndex: MAX_COLUMN_COUNT - 1 } });
  });

  it.each(["", "A1:", ":A1", "A1:B2:C3", "A1:B", "0:3", "A1-D4", "Sheet1!A1:B2"])("rejects %j", (text) => {
    expect(parseRange(text)).toBeNull();
  });

  it("formats ranges and sizes", () => {
    const range = { start: { rowIndex: 0, columnIndex: 0 }, end: { rowIndex: 39, columnIndex: 3 } };
    expect(formatRange(range)).toBe("A1:D40");
    expect(formatRange(range, { absolute: true })).toBe("$A$1:$D$40");
    expect(formatRange({ start: { rowIndex: 2, columnIndex: 1 }, end: { rowIndex: 2, columnIndex: 1 } })).toBe("B3");
    expect(rangeSize(range)).toEqual({ rowCount: 40, columnCount: 4 });
  });
});

describe("sheet names in formulas", () => {
  it.each([
    ["Budget", "Budget"],
    ["Pilot_2024", "Pilot_2024"],
    ["_costs", "_costs"],
    ["Q3 Pilot's costs", "'Q3 Pilot''s costs'"],
    ["Pilot costs", "'Pilot costs'"],
    ["Pilot's", "'Pilot''s'"],
    ["''", "''''''"],
    ["2024", "'2024'"],
    ["2024 Pilot", "'2024 Pilot'"],
    ["Q3", "'Q3'"],
    ["AB12", "'AB12'"],
    ["XFD1048576", "'XFD1048576'"],
    ["R1C1", "'R1C1'"],
    ["R", "'R'"],
    ["c", "'c'"],
    ["RC", "'RC'"],
    ["R2C", "'R2C'"],
    ["TRUE", "'TRUE'"],
    ["Kostenübersicht", "'Kostenübersicht'"],
    ["Pilot-Kosten", "'Pilot-Kosten'"],
    ["Sheet.1", "'Sheet.1'"],
    ["Pilot (v2)", "'Pilot (v2)'"],
    ["Rechnung", "Rechnung"],
    ["Costs2024", "Costs2024"],
  ])("quoteSheetName(%j) = %s", (name, quoted) => {
    expect(quoteSheetName(name)).toBe(quoted);
  });

  it("refuses an empty sheet name", () => {
    expect(() => quoteSheetName("")).toThrow(RangeError);
  });

  it("builds sheet references", () => {
    expect(sheetRef("Q3 Pilot's costs", "D4")).toBe("'Q3 Pilot''s costs'!D4");
    expect(sheetRef("Budget", "$B$5")).toBe("Budget!$B$5");
    expect(sheetRef("Assumptions", "B2:B9")).toBe("Assumptions!B2:B9");
  });

  it("splits sheet references back", () => {
    expect(splitSheetRef("'Q3 Pilot''s costs'!D4")).toEqual({ sheetName: "Q3 Pilot's costs", address: "D4" });
    expect(splitSheetRef("Budget!A1:D40")).toEqual({ sheetName: "Budget", address: "A1:D40" });
    expect(splitSheetRef("A1:D40")).toEqual({ address: "A1:D40" });
    expect(splitSheetRef("'Pilot!'!B2")).toEqual({ sheetName: "Pilot!", address: "B2" });
    expect(splitSheetRef("'unterminated!A1")).toBeNull();
    expect(splitSheetRef("''!A1")).toBeNull();
    expect(splitSheetRef("!A1")).toBeNull();
  });

  it("quoting round-trips through splitSheetRef (property)", () => {
    const sheetNameChar = fc.constantFrom(..."abcXYZ019 _'.-()äß&".split(""));
    fc.assert(
      fc.property(fc.array(sheetNameChar, { minLength: 1, maxLength: 31 }).map((cs) => cs.join("")), (name) => {
        expect(splitSheetRef(sheetRef(name, "D4"))).toEqual({ sheetName: name, address: "D4" });
      }),
    );
  });
});
