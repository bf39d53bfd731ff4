import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  currencyFormatFor,
  detectCurrencyFormat,
  isCurrencyFormat,
  isErrorText,
  parseAmount,
  parseAmountText,
} from "../../src/domain/parseAmount";

const NBSP = "\u00A0";
const NARROW_NBSP = "\u202F";
const THIN = "\u2009";

describe("parseAmount: cells", () => {
  it("takes numbers as they are, live", () => {
    expect(parseAmount(12500)).toEqual({ kind: "amount", amount: 12500, source: "cell" });
    expect(parseAmount(-350.25)).toEqual({ kind: "amount", amount: -350.25, source: "cell" });
    expect(parseAmount(0)).toEqual({ kind: "amount", amount: 0, source: "cell" });
  });

  it("normalises -0 to 0", () => {
    const result = parseAmount(-0);
    expect(result.kind === "amount" && Object.is(result.amount, 0)).toBe(true);
  });

  it("rejects non-finite numbers", () => {
    expect(parseAmount(Number.NaN).kind).toBe("not-a-number");
    expect(parseAmount(Number.POSITIVE_INFINITY).kind).toBe("not-a-number");
  });

  it("treats null, empty and blank text as empty", () => {
    expect(parseAmount(null)).toEqual({ kind: "empty" });
    expect(parseAmount(undefined)).toEqual({ kind: "empty" });
    expect(parseAmount("")).toEqual({ kind: "empty" });
    expect(parseAmount(`  ${NBSP}\t`)).toEqual({ kind: "empty" });
  });

  it("reports error cells and error-looking text", () => {
    expect(parseAmount({ error: "#N/A" })).toEqual({ kind: "error", error: "#N/A" });
    expect(parseAmount({ error: "#REF!" })).toEqual({ kind: "error", error: "#REF!" });
    expect(parseAmount("#REF!")).toEqual({ kind: "error", error: "#REF!" });
    expect(parseAmount(" #div/0! ")).toEqual({ kind: "error", error: "#DIV/0!" });
    expect(parseAmount("#NV")).toEqual({ kind: "error", error: "#NV" });
  });

  it("reports booleans and words as not a number", () => {
    expect(parseAmount(true)).toEqual({ kind: "not-a-number", text: "TRUE" });
    expect(parseAmount("tbd")).toEqual({ kind: "not-a-number", text: "tbd" });
    expect(parseAmount("#TODO")).toEqual({ kind: "not-a-number", text: "#TODO" });
  });

  it("parses numeric text as a text amount, with its currency", () => {
    expect(parseAmount("€12,500.00")).toEqual({
      kind: "amount",
      amount: 12500,
      source: "text",
      currency: { symbol: "€", position: "before" },
    });
    expect(parseAmount("1.234,50 €")).toEqual({
      kind: "amount",
      amount: 1234.5,
      source: "text",
      currency: { symbol: "€", position: "after" },
    });
    expect(parseAmount("12 500")).toEqual({ kind: "amount", amount: 12500, source: "text" });
  });
});

describe("parseAmountText: conventions", () => {
  it.each<[string, number]>([
    ["€12,500.00", 12500],
    ["1.234,50 €", 1234.5],
    ["$1,200", 1200],
    ["12 500", 12500],
    [`12${NBSP}500`, 12500],
    [`12${NARROW_NBSP}500,75`, 12500.75],
    [`1${THIN}234${THIN}567`, 1234567],
    ["EUR 1.200", 1200],
    ["EUR1.200", 1200],
    ["eur 1.200,00", 1200],
    ["1.200 EUR", 1200],
    ["CHF 1'200.50", 1200.5],
    ["CHF 1’200.50", 1200.5],
    ["1'200.-", 1200],
    ["1.200,- €", 1200],
    ["USD 3,000,000", 3000000],
    ["US$ 99.99", 99.99],
    ["£750", 750],
    ["¥100,000", 100000],
    ["1,234.56", 1234.56],
    ["1.234.567,89", 1234567.89],
    ["1,234,567.89", 1234567.89],
    ["1 234 567,89", 1234567.89],
    ["12,5", 12.5],
    ["12.5", 12.5],
    ["12,50", 12.5],
    ["0,5", 0.5],
    [".5", 0.5],
    [",25", 0.25],
    ["1234", 1234],
    ["1234.5", 1234.5],
    ["1234,567", 1234.567],
    ["1,2345", 1.2345],
    ["0", 0],
    ["007", 7],
    ["1,23,45,678", 12345678],
    ["1.5e3", 1500],
    ["+1,200", 1200],
    ["  42  ", 42],
  ])("%j -> %d", (text, amount) => {
    expect(parseAmountText(text)?.amount).toBe(amount);
  });

  it("reads 1,234 and 1.234 (one separator, exactly three digits after) as thousands", () => {
    expect(parseAmountText("1,234")?.amount).toBe(1234);
    expect(parseAmountText("1.234")?.amount).toBe(1234);
    expect(parseAmountText("123,456")?.amount).toBe(123456);
    expect(parseAmountText("-1.234")?.amount).toBe(-1234);
  });

  it("reads 0,500 as a decimal (a thousands group never follows a lone 0)", () => {
    expect(parseAmountText("0,500")?.amount).toBe(0.5);
    expect(parseAmountText("0.125")?.amount).toBe(0.125);
  });
});

describe("parseAmountText: negatives", () => {
  it.each<[string, number]>([
    ["(2,000)", -2000],
    ["(2.000,50)", -2000.5],
    ["(€2,000)", -2000],
    ["€(2,000)", -2000],
    ["( 2 000 )", -2000],
    ["-2,000", -2000],
    ["−2,000", -2000],
    ["– 350", -350],
    ["-€350", -350],
    ["€-350", -350],
    ["350-", -350],
    ["1.200,00-", -1200],
    ["-0", 0],
    ["(0)", 0],
  ])("%j -> %d", (text, amount) => {
    const parsed = parseAmountText(text);
    expect(parsed).not.toBeNull();
    expect(parsed?.amount).toBe(amount);
    if (amount === 0) expect(Object.is(parsed?.amount, -0)).toBe(false);
  });
});

describe("parseAmountText: not numbers", () => {
  it.each([
    "",
    "tbd",
    "n/a",
    "-",
    "()",
    "€",
    "EUR",
    "12%",
    "12k",
    "1 2",
    "1,2,3",
    "1.234,567.89",
    "1,234.567,89",
    "1,,234",
    "1..5",
    "12.",
    "12,",
    "(12",
    "12)",
    "((12))",
    "--12",
    "-(12)",
    "+-12",
    "€12 $",
    "12 EUR €",
    "2024-01-05",
    "12.5.2024",
    "+49 call centre",
    "ABC 12",
    "12abc",
    "1'2",
    "1 234.567 8",
    "1.234 567",
    "Infinity",
    "NaN",
    "0x10",
    "1".repeat(400),
    "1e400",
  ])("%j", (text) => {
    expect(parseAmountText(text)).toBeNull();
  });
});

describe("error-looking text", () => {
  it.each(["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#BEZUG!", "#WERT!", "#nv"])(
    "%s is an error",
    (text) => expect(isErrorText(text)).toBe(true),
  );
  it.each(["#1", "#TODO", "N/A", "REF!", "# N/A", "##"])("%s is not an error", (text) => expect(isErrorText(text)).toBe(false));
});

describe("parseAmount never throws", () => {
  it("on arbitrary strings (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        const result = parseAmount(text);
        if (result.kind === "amount") expect(Number.isFinite(result.amount)).toBe(true);
      }),
    );
  });

  it("on number-like strings, and formatting a number then parsing it gives it back (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const value = whole + (whole < 0 ? -cents : cents) / 100;
        const en = value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        const de = value.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        expect(parseAmountText(en)?.amount).toBeCloseTo(value, 6);
        expect(parseAmountText(de)?.amount).toBeCloseTo(value, 6);
        expect(parseAmountText(`€${en}`)?.amount).toBeCloseTo(value, 6);
        expect(parseAmountText(`${de} €`)?.amount).toBeCloseTo(value, 6);
      }),
    );
  });
});

describe("currency number formats", () => {
  it.each([
    "[$€-407] #,##0.00",
    "#,##0.00 [$€-1]",
    '"$"#,##0',
    '"$"#,##0.00_);[Red]("$"#,##0.00)',
    "$#,##0.00",
    "#,##0.00 €",
    "#,##0 \\€",
    '_-* #,##0.00 "€"_-;-* #,##0.00 "€"_-;_-* "-"?? "€"_-;_-@_-',
    '_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)',
    '#,##0 "CHF"',
    '"EUR "#,##0.00',
    "[$USD] #,##0",
    "£#,##0.00",
  ])("%s is a currency format", (format) => {
    expect(isCurrencyFormat(format)).toBe(true);
  });

  it.each(["General", "@", "0", "0.00", "#,##0", "#,##0.00;[Red]-#,##0.00", "0%", "dd.mm.yyyy", "[$-407]dd. mmmm yyyy", "[$-409]mmm d, yyyy", '"Total" 0', "", '"€"'])(
    "%j is not a currency format",
    (format) => {
      expect(isCurrencyFormat(format)).toBe(false);
    },
  );

  it("picks the most frequent currency format", () => {
    expect(detectCurrencyFormat(["General", "[$€-407] #,##0.00", '"$"#,##0', "[$€-407] #,##0.00", undefined, "0.00"])).toBe(
      "[$€-407] #,##0.00",
    );
    expect(detectCurrencyFormat(["General", "0.00", "@"])).toBeUndefined();
    expect(detectCurrencyFormat([])).toBeUndefined();
  });

  it("builds a format for text amounts' currency", () => {
    expect(currencyFormatFor({ symbol: "€", position: "before" })).toBe('"€"#,##0.00');
    expect(currencyFormatFor({ symbol: "€", position: "after" })).toBe('#,##0.00 "€"');
    expect(currencyFormatFor({ symbol: "CHF", position: "before" })).toBe('"CHF "#,##0.00');
    expect(isCurrencyFormat(currencyFormatFor({ symbol: "CHF", position: "after" }))).toBe(true);
  });
});
