import { describe, expect, it } from "vitest";
import type { ParseResult } from "../../src/domain/lineItems";
import { classifyHeader, isTotalLabel, parseLineItems } from "../../src/domain/parse";
import type { SourceCell } from "../../src/domain/source";
import {
  EURO_FORMAT,
  generatedPilotGrid,
  germanPilotGrid,
  gridCell,
  gridFromRows,
  gridRangeAddress,
  headerlessGrid,
  messyPilotGrid,
  PILOT_SHEET_NAME,
  withColumnFormat,
  withGridCell,
  type GridFixture,
} from "../fixtures/grids";

function parsedOk(result: ParseResult): Extract<ParseResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result;
}

function parse(rows: SourceCell[][], topLeft = "A1"): Extract<ParseResult, { ok: true }> {
  return parsedOk(parseLineItems(gridFromRows(rows, { topLeft })));
}

/** Checks a parse against a fixture's expectations. */
function expectFixture(fixture: GridFixture): Extract<ParseResult, { ok: true }> {
  const result = parsedOk(parseLineItems(fixture.grid));
  const { expected } = fixture;
  expect(result.layout.headerRow).toBe(expected.headerRow);
  expect(result.layout.labelColumn).toBe(expected.labelColumn);
  expect(result.layout.amountColumn).toBe(expected.amountColumn);
  expect(result.layout.categoryColumn).toBe(expected.categoryColumn);
  expect(
    result.items.map(({ label, amount, amountAddress, amountSource, sourceCategory }) => ({
      label,
      amount,
      amountAddress,
      amountSource,
      ...(sourceCategory === undefined ? {} : { sourceCategory }),
    })),
  ).toEqual(
    expected.items.map(({ label, amount, amountAddress, amountSource, sourceCategory }) => ({
      label,
      amount,
      amountAddress,
      amountSource,
      ...(sourceCategory === undefined ? {} : { sourceCategory }),
    })),
  );
  expect(result.skipped.map(({ address, reason }) => ({ address, reason }))).toEqual(expected.skipped);
  expect(result.items.reduce((sum, item) => sum + item.amount, 0)).toBeCloseTo(expected.total, 6);
  expect(result.currencyFormat).toBe(expected.currencyFormat);
  return result;
}

describe("parseLineItems: the messy pilot sheet", () => {
  const fixture = messyPilotGrid();

  it("finds header, columns, items, skipped cells and currency format", () => {
    expectFixture(fixture);
  });

  it("reports worksheet addresses (topLeft B2 applied) and row range", () => {
    const result = parsedOk(parseLineItems(fixture.grid));
    expect(result.layout.firstDataRow).toBe(6);
    expect(result.layout.lastDataRow).toBe(24);
    const first = result.items[0];
    expect(first?.labelAddress).toBe("B6");
    expect(first?.amountAddress).toBe("D6");
  });

  it("keeps formula-looking labels as raw text", () => {
    const labels = parsedOk(parseLineItems(fixture.grid)).items.map((i) => i.label);
    expect(labels).toContain('=HYPERLINK("http://example.com","Vendor portal")');
    expect(labels).toContain("+49 call centre");
    expect(labels).toContain("@risk licence");
    expect(labels).toContain("-Misc. hardware");
  });

  it("labels an amount without a label by its address", () => {
    const item = parsedOk(parseLineItems(fixture.grid)).items.find((i) => i.amountAddress === "D19");
    expect(item).toMatchObject({ label: "(no label) D19", labelAddress: "B19", amount: 450, amountSource: "cell" });
  });

  it("gives every skipped cell a user-facing message naming the cell", () => {
    const result = parsedOk(parseLineItems(fixture.grid));
    for (const s of result.skipped) {
      expect(s.message).toContain(s.address);
      expect(s.message.length).toBeGreaterThan(20);
    }
    const byAddress = new Map(result.skipped.map((s) => [s.address, s.message]));
    expect(byAddress.get("D12")).toBe('D12 ("Licences") holds the error value #N/A and was not counted. Fix the source cell to include it.');
    expect(byAddress.get("D13")).toBe('D13 ("Travel") holds "tbd", which is not a number, and was not counted.');
    expect(byAddress.get("D14")).toBe('Row 14 ("Subtotal") is a total row; D14 was excluded so nothing is counted twice.');
    expect(byAddress.get("D18")).toBe('"Workshops" in B18 has no amount in D18 and was not counted.');
    expect(byAddress.get("D20")).toContain("#REF!");
  });

  it("does not depend on the sheet name", () => {
    expect(fixture.grid.sheetName).toBe(PILOT_SHEET_NAME);
    const renamed = parseLineItems({ ...fixture.grid, sheetName: "Other" });
    expect(renamed).toEqual(parseLineItems(fixture.grid));
  });
});

describe("parseLineItems: other fixtures", () => {
  it("reads German headers, German number text and German totals", () => {
    expectFixture(germanPilotGrid());
  });

  it("infers the columns without a header", () => {
    expectFixture(headerlessGrid());
  });

  it("reads 20k generated rows with text amounts and a category column", () => {
    expectFixture(generatedPilotGrid({ rows: 20_000, withCategoryColumn: true, textAmountEvery: 7, topLeft: "C5" }));
  });

  it("reads generated rows starting near column Z", () => {
    const fixture = generatedPilotGrid({ rows: 30, topLeft: "Y10", withCategoryColumn: true });
    expect(fixture.expected.amountColumn).toBe("AA");
    expectFixture(fixture);
  });
});

describe("parseLineItems: header detection", () => {
  it.each<[string, string]>([
    ["Item", "Cost"],
    ["Line item", "Amount"],
    ["Description", "Budget"],
    ["Cost item", "Total cost"],
    ["Position", "Kosten"],
    ["Posten", "Betrag"],
    ["Beschreibung", "Betrag (€)"],
    ["Bezeichnung", "Kosten in EUR"],
    ["Item", "Cost (EUR)"],
    ["Item", "Amount [USD]"],
    ["Item:", "Cost:"],
    ["ITEM", "COST"],
    ["Name", "Pilot cost Q3"],
  ])("header %s | %s", (labelHeader, amountHeader) => {
    const result = parse([
      ["Pilot", null],
      [labelHeader, amountHeader],
      ["GPU hours", 100],
      ["Workshop", 50],
    ]);
    expect(result.layout.headerRow).toBe(2);
    expect(result.layout.labelColumn).toBe("A");
    expect(result.layout.amountColumn).toBe("B");
    expect(result.items.map((i) => i.amount)).toEqual([100, 50]);
  });

  it("finds the header below several title rows and blank rows", () => {
    const result = parse([
      ["ACME Corp"],
      ["AI pilot: invoice matching"],
      [],
      ["Status: draft", null, "Date: 2024-09-30"],
      [null, null, null],
      ["#", "Item", "Category", "Cost", "Notes"],
      [1, "Cloud hosting", "Infrastructure", 1000, "monthly"],
      [2, "Labelling", "Data", 2000, null],
    ]);
    expect(result.layout).toMatchObject({ headerRow: 6, labelColumn: "B", amountColumn: "D", categoryColumn: "C", firstDataRow: 7 });
    expect(result.items.map((i) => [i.label, i.amount, i.sourceCategory])).toEqual([
      ["Cloud hosting", 1000, "Infrastructure"],
      ["Labelling", 2000, "Data"],
    ]);
  });

  it("prefers the header row with the stronger match over a title mentioning costs", () => {
    const result = parse([
      ["Project", "Pilot cost overview"],
      [null, null],
      ["Item", "Cost"],
      ["Hosting", 10],
    ]);
    expect(result.layout.headerRow).toBe(3);
    expect(result.items).toHaveLength(1);
  });

  it("accepts a lone amount header above the amounts, but not a lone title or total", () => {
    const lone = parse([
      [null, "Cost"],
      ["Hosting", 100],
      ["Training", 200],
    ]);
    expect(lone.layout).toMatchObject({ headerRow: 1, labelColumn: "A", amountColumn: "B" });
    expect(lone.skipped).toEqual([]);
    const totalInside = parse([[100], [200], ["Total"], [300]]);
    expect(totalInside.layout.headerRow).toBeNull();
    expect(totalInside.items.map((i) => i.amount)).toEqual([100, 200, 300]);
    expect(totalInside.skipped).toEqual([expect.objectContaining({ address: "A3", reason: "total-row" })]);
  });

  it("prefers Total cost over Unit cost and Quantity", () => {
    const result = parse([
      ["Item", "Quantity", "Unit cost", "Total cost"],
      ["GPU hours", 10, 2.5, 25],
      ["Licences", 3, 100, 300],
    ]);
    expect(result.layout.amountColumn).toBe("D");
    expect(result.items.map((i) => i.amount)).toEqual([25, 300]);
  });

  it("ignores an amount header whose column holds no numbers", () => {
    const result = parse([
      ["Item", "Cost notes", "Amount"],
      ["Hosting", "monthly", 10],
      ["Training", "one-off", 20],
    ]);
    expect(result.layout.amountColumn).toBe("C");
  });

  it("recognises a category column by header in English and German", () => {
    expect(parse([["Item", "Category", "Cost"], ["a", "Data", 1]]).layout.categoryColumn).toBe("B");
    expect(parse([["Posten", "Kategorie", "Betrag"], ["a", "Daten", 1]]).layout.categoryColumn).toBe("B");
    expect(parse([["Item", "Cost", "Cost type"], ["a", 1, "Cloud"]]).layout.categoryColumn).toBe("C");
  });

  it("recognises a category column without a category header when its cells name categories", () => {
    const result = parse([
      ["Item", "Bucket?", "Cost"],
      ["Vendor A", "Infrastructure", 1],
      ["Vendor B", "Compliance", 2],
      ["Vendor C", "Data engineering", 3],
    ]);
    expect(result.layout.categoryColumn).toBe("B");
    expect(result.items.map((i) => i.sourceCategory)).toEqual(["Infrastructure", "Compliance", "Data engineering"]);
  });

  it("has no category column when nothing names one", () => {
    const result = parse([
      ["Item", "Cost", "Notes"],
      ["Hosting", 1, "see invoice"],
      ["Labels", 2, "vendor X"],
    ]);
    expect(result.layout.categoryColumn).toBeUndefined();
    expect(result.items.every((i) => i.sourceCategory === undefined)).toBe(true);
  });

  it("finds the label column without a label header: nearest text column left of the amounts", () => {
    const result = parse([
      ["No.", "What", "Cost"],
      [1, "Hosting", 10],
      [2, "Support", 20],
    ]);
    expect(result.layout.labelColumn).toBe("B");
    expect(result.items.map((i) => i.label)).toEqual(["Hosting", "Support"]);
  });

  it("classifies header texts", () => {
    expect(classifyHeader("Line item")).toEqual({ role: "label", weight: 3 });
    expect(classifyHeader("Betrag (€)")).toEqual({ role: "amount", weight: 3 });
    expect(classifyHeader("Total cost")?.role).toBe("amount");
    expect(classifyHeader("Pilotkosten Q3")?.role).toBe("amount");
    expect(classifyHeader("Kategorie")?.role).toBe("category");
    expect(classifyHeader("Cost category")?.role).toBe("category");
    expect(classifyHeader("Cost item")?.role).toBe("label");
    expect(classifyHeader("Notes")).toBeUndefined();
    expect(classifyHeader("")).toBeUndefined();
  });
});

describe("parseLineItems: without a header", () => {
  it("infers a text column followed by a numeric column", () => {
    const result = parse([
      ["Hosting", 100],
      ["Training", 200],
    ]);
    expect(result.layout).toMatchObject({ headerRow: null, labelColumn: "A", amountColumn: "B", firstDataRow: 1, lastDataRow: 2 });
    expect(result.items.map((i) => [i.label, i.amount])).toEqual([
      ["Hosting", 100],
      ["Training", 200],
    ]);
  });

  it("skips a leading row-number column", () => {
    const result = parse([
      [1, "Hosting", 100],
      [2, "Training", 200],
    ]);
    expect(result.layout.labelColumn).toBe("B");
    expect(result.layout.amountColumn).toBe("C");
  });

  it("accepts a single column of amounts, labelled by address", () => {
    const result = parse([[100], [200], ["#N/A"]], "F3");
    expect(result.layout).toMatchObject({ labelColumn: "F", amountColumn: "F", headerRow: null });
    expect(result.items.map((i) => [i.label, i.labelAddress, i.amountAddress])).toEqual([
      ["(no label) F3", "F3", "F3"],
      ["(no label) F4", "F4", "F4"],
    ]);
    expect(result.skipped).toEqual([expect.objectContaining({ address: "F5", reason: "error-value" })]);
  });

  it("reads text amounts when the whole column is text", () => {
    const result = parse([
      ["Hosting", "€1,000.00"],
      ["Training", "€2,500.50"],
    ]);
    expect(result.items.map((i) => [i.amount, i.amountSource])).toEqual([
      [1000, "text"],
      [2500.5, "text"],
    ]);
    expect(result.currencyFormat).toBe('"€"#,##0.00');
  });
});

describe("parseLineItems: rows", () => {
  it("skips blank rows without ending the data", () => {
    const result = parse([
      ["Item", "Cost"],
      ["a", 1],
      [],
      [null, null],
      ["", "  "],
      ["b", 2],
      [],
      [],
      ["c", 3],
    ]);
    expect(result.items.map((i) => i.amountAddress)).toEqual(["B2", "B6", "B9"]);
    expect(result.skipped).toEqual([]);
    expect(result.layout.lastDataRow).toBe(9);
  });

  it.each([
    "Total",
    "Total:",
    "TOTAL",
    "total :",
    "Subtotal",
    "Sub-total",
    "Sub total",
    "Grand total",
    "Grand Total:",
    "Sum",
    "Summe",
    "Summe:",
    "Gesamt",
    "Gesamtsumme",
    "Zwischensumme",
    "Gesamtkosten",
    "Insgesamt",
    "Total pilot cost",
    "Total (EUR)",
    "Pilot total",
    "Kosten gesamt",
    "Sum of costs",
    "Σ",
    "** Total **",
  ])("excludes the total row %j", (label) => {
    const result = parse([
      ["Item", "Cost"],
      ["a", 1],
      [label, 1],
    ]);
    expect(result.items).toHaveLength(1);
    expect(result.skipped).toEqual([expect.objectContaining({ address: "B3", reason: "total-row" })]);
  });

  it.each(["Totally new tool", "Summer school", "Consumables", "Total cost of ownership study for the IT department", "Summary report"])(
    "keeps the ordinary line %j",
    (label) => {
      expect(isTotalLabel(label)).toBe(false);
      const result = parse([
        ["Item", "Cost"],
        [label, 1],
      ]);
      expect(result.items).toHaveLength(1);
    },
  );

  it("treats a SUM formula written as label text as a total row", () => {
    expect(isTotalLabel("=SUM(B2:B9)")).toBe(true);
    expect(isTotalLabel("=A1*2")).toBe(false);
  });

  it("excludes a total marked in another column left of the amounts", () => {
    const result = parse([
      ["", "Item", "Cost"],
      [null, "a", 1],
      ["Total", null, 1],
    ]);
    expect(result.items).toHaveLength(1);
    expect(result.skipped).toEqual([expect.objectContaining({ address: "C3", reason: "total-row" })]);
  });

  it("reports a total row without an amount at its label", () => {
    const result = parse([
      ["Item", "Cost"],
      ["a", 1],
      ["Total", null],
    ]);
    expect(result.skipped).toEqual([expect.objectContaining({ address: "A3", reason: "total-row" })]);
  });

  it("reports a label with an empty amount as no-amount, and ignores rows with only notes", () => {
    const result = parse([
      ["Item", "Cost", "Notes"],
      ["Workshops", null, "pending"],
      [null, null, "just a note"],
      ["Hosting", 5, null],
    ]);
    expect(result.skipped).toEqual([expect.objectContaining({ address: "B2", reason: "no-amount" })]);
    expect(result.items).toHaveLength(1);
  });

  it("reports error cells, error-looking text and non-numeric text", () => {
    const result = parse([
      ["Item", "Cost"],
      ["a", { error: "#N/A" }],
      ["b", { error: "#REF!" }],
      ["c", "#DIV/0!"],
      ["d", "approx. 500"],
      ["e", true],
      ["f", "12%"],
      ["g", 7],
    ]);
    expect(result.skipped.map((s) => [s.address, s.reason])).toEqual([
      ["B2", "error-value"],
      ["B3", "error-value"],
      ["B4", "error-value"],
      ["B5", "not-a-number"],
      ["B6", "not-a-number"],
      ["B7", "not-a-number"],
    ]);
    expect(result.items.map((i) => i.amount)).toEqual([7]);
  });

  it("includes zero and negative amounts", () => {
    const result = parse([
      ["Item", "Cost"],
      ["Credit", -100],
      ["Free tier", 0],
      ["Refund", "(2,000)"],
      ["Refund 2", "-1.234,50"],
    ]);
    expect(result.items.map((i) => i.amount)).toEqual([-100, 0, -2000, -1234.5]);
  });

  it("keeps labels as raw text, trimmed, and turns non-text labels into text", () => {
    const result = parse([
      ["Item", "Cost"],
      ['  =HYPERLINK("x")  ', 1],
      ["-cost", 2],
      [2024, 3],
      [true, 4],
      [{ error: "#N/A" }, 5],
    ]);
    expect(result.items.map((i) => i.label)).toEqual(['=HYPERLINK("x")', "-cost", "2024", "TRUE", "#N/A"]);
  });

  it("marks numeric cells live and text amounts as text", () => {
    const result = parse([
      ["Item", "Cost"],
      ["a", 1],
      ["b", "2"],
    ]);
    expect(result.items.map((i) => i.amountSource)).toEqual(["cell", "text"]);
  });

  it("handles ragged rows", () => {
    const result = parse([["Item", "Category", "Cost"], ["a"], ["b", "Data"], ["c", null, 3], ["d", "x", 4, "extra", "more"]]);
    expect(result.items.map((i) => i.amountAddress)).toEqual(["C4", "C5"]);
    expect(result.skipped.map((s) => [s.address, s.reason])).toEqual([
      ["C2", "no-amount"],
      ["C3", "no-amount"],
    ]);
  });
});

describe("parseLineItems: currency format", () => {
  it("takes the amounts' most frequent currency format", () => {
    const grid = gridFromRows([
      ["Item", "Cost"],
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
    withColumnFormat(grid, 1, EURO_FORMAT, [1, 2]);
    withColumnFormat(grid, 1, '"$"#,##0', [3]);
    expect(parsedOk(parseLineItems(grid)).currencyFormat).toBe(EURO_FORMAT);
  });

  it("has none for plain number formats", () => {
    const grid = gridFromRows([
      ["Item", "Cost"],
      ["a", 1],
    ]);
    withColumnFormat(grid, 1, "#,##0.00", [1]);
    expect(parsedOk(parseLineItems(grid)).currencyFormat).toBeUndefined();
  });

  it("copes with missing or ragged number formats", () => {
    const grid = { ...gridFromRows([["Item", "Cost"], ["a", 1]]), numberFormats: [] };
    expect(parsedOk(parseLineItems(grid)).items).toHaveLength(1);
  });
});

describe("parseLineItems: unusable input", () => {
  it("says what to do when the grid is empty", () => {
    for (const values of [[], [[]], [[null, ""], ["  "]]]) {
      const result = parseLineItems(gridFromRows(values as SourceCell[][], { sheetName: "Pilot" }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/empty.*Select the pilot's cost table/);
    }
  });

  it("says what to do when no amount column can be found", () => {
    const result = parseLineItems(
      gridFromRows(
        [
          ["Item", "Notes"],
          ["Hosting", "expensive"],
          ["Training", "tbd"],
        ],
        { sheetName: "Q3 Pilot's costs", topLeft: "B2" },
      ),
    );
    expect(result).toEqual({
      ok: false,
      message:
        'No amount column found in the range B2:C4 on sheet "Q3 Pilot\'s costs". Add a header such as "Cost" or "Amount" above the amounts (or "Kosten" / "Betrag"), or select just the label and amount columns, and try again.',
    });
  });

  it("says so when the top-left address is not an address", () => {
    const result = parseLineItems({ ...gridFromRows([["a", 1]]), topLeft: "nowhere" });
    expect(result.ok).toBe(false);
  });

  it("returns an empty item list for a header with no data rows", () => {
    const result = parse([["Item", "Cost"], ["a", 1]]);
    expect(result.items).toHaveLength(1);
    const onlyHeader = parseLineItems(gridFromRows([["Item", "Cost"]]));
    // A header alone has no numbers below it: no amount column can be confirmed.
    expect(onlyHeader.ok).toBe(false);
  });
});

describe("fixture helpers", () => {
  it("address cells of a grid and simulate an edit", () => {
    const { grid } = messyPilotGrid();
    expect(gridRangeAddress(grid)).toBe("B2:E24");
    expect(gridCell(grid, "D6")).toBe(12500);
    expect(gridCell(grid, "B5")).toBe("Line item");
    const edited = withGridCell(grid, "D6", 20000);
    expect(gridCell(edited, "D6")).toBe(20000);
    expect(gridCell(grid, "D6")).toBe(12500);
    const result = parsedOk(parseLineItems(edited));
    expect(result.items.find((i) => i.amountAddress === "D6")?.amount).toBe(20000);
  });
});

describe("parseLineItems: large input", () => {
  // No timing assertion here (the bench prints the figures); this checks 100k rows come out right.
  it("reads 100k generated rows", () => {
    const fixture = generatedPilotGrid({ rows: 100_000, withCategoryColumn: true, textAmountEvery: 10 });
    const result = parsedOk(parseLineItems(fixture.grid));
    expect(result.items).toHaveLength(100_000);
    expect(result.skipped).toEqual([]);
    expect(result.items.reduce((sum, item) => sum + item.amount, 0)).toBe(fixture.expected.total);
    expect(result.items[99_999]?.amountAddress).toBe("C100001");
  });
});
