/**
 * Properties of `parseLineItems` over arbitrary grids (fast-check):
 * - it never throws, whatever the cells (ragged rows, NaN, errors, odd strings, any top-left);
 * - every non-empty data cell in the amount column is either an item or reported as skipped;
 * - items from numeric cells carry exactly the cell's value;
 * - a clean table is read completely whatever title rows, blank rows and position surround it.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { columnIndexToLetters, parseAddress } from "../../src/domain/a1";
import type { ParseResult } from "../../src/domain/lineItems";
import { parseLineItems } from "../../src/domain/parse";
import type { SourceCell, SourceGrid } from "../../src/domain/source";
import { GENERATED_LABELS } from "../fixtures/grids";

const interestingStrings = [
  "Item", "Line item", "Cost", "Amount", "Kosten", "Betrag", "Posten", "Category", "Kategorie", "Total", "Subtotal",
  "Summe", "Gesamt", "Grand total:", "€12,500.00", "1.234,50 €", "$1,200", "12 500", "(2,000)", "-5", "5-", "#N/A",
  "#REF!", "=SUM(A1:A3)", "+49 call centre", "@risk", "tbd", "", " ", "\u00A0", "0", "1e309", "NaN", "Infinity",
  "Data engineering", "Cloud", "CHF 1'200.50", "1,23,45,678", "((1))", "€", "Σ", "12%",
];

const cellArb: fc.Arbitrary<SourceCell> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.double() }, // includes NaN, ±Infinity, -0
  { weight: 3, arbitrary: fc.integer({ min: -1e9, max: 1e9 }) },
  { weight: 3, arbitrary: fc.constantFrom(...interestingStrings) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom("#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "weird").map((error) => ({ error })) },
);

const formatArb = fc.constantFrom("General", "@", "0.00", "[$€-407] #,##0.00", '"$"#,##0', "#,##0.00 €", "dd.mm.yyyy", "");

/** Ragged rows of arbitrary cells, an arbitrary top-left on the grid, and ragged number formats. */
const gridArb: fc.Arbitrary<SourceGrid> = fc
  .record({
    values: fc.array(fc.array(cellArb, { maxLength: 7 }), { maxLength: 25 }),
    row: fc.integer({ min: 0, max: 1_000_000 }),
    column: fc.integer({ min: 0, max: 16_000 }),
    sheetName: fc.string({ minLength: 1, maxLength: 31 }),
    formats: fc.array(fc.array(formatArb, { maxLength: 7 }), { maxLength: 25 }),
  })
  .map(({ values, row, column, sheetName, formats }) => ({
    sheetName,
    topLeft: `${columnIndexToLetters(column)}${row + 1}`,
    values,
    numberFormats: formats,
  }));

function isNonEmpty(cell: SourceCell | undefined): boolean {
  if (cell === null || cell === undefined) return false;
  return !(typeof cell === "string" && cell.trim() === "");
}

/** Grid position of a worksheet address, given the grid's top-left. */
function gridPosition(grid: SourceGrid, address: string): { r: number; c: number } {
  const origin = parseAddress(grid.topLeft);
  const at = parseAddress(address);
  if (!origin || !at) throw new Error(`bad address ${address}`);
  return { r: at.rowIndex - origin.rowIndex, c: at.columnIndex - origin.columnIndex };
}

function checkInvariants(grid: SourceGrid, result: ParseResult): void {
  if (!result.ok) {
    expect(result.message.length).toBeGreaterThan(20);
    return;
  }
  const { layout, items, skipped } = result;
  const amountColumn = parseAddress(`${layout.amountColumn}1`);
  const origin = parseAddress(grid.topLeft);
  if (!amountColumn || !origin) throw new Error("layout column is not a column");
  const c = amountColumn.columnIndex - origin.columnIndex;
  const firstRowIndex = layout.firstDataRow - (origin.rowIndex + 1);

  const itemAddresses = new Set(items.map((i) => i.amountAddress));
  const skippedAddresses = new Set(skipped.map((s) => s.address));
  expect(itemAddresses.size).toBe(items.length);
  expect(skippedAddresses.size).toBe(skipped.length);

  // Every non-empty data cell in the amount column is an item or reported as skipped.
  for (let r = Math.max(firstRowIndex, 0); r < grid.values.length; r++) {
    const cell = grid.values[r]?.[c];
    if (!isNonEmpty(cell)) continue;
    const address = `${layout.amountColumn}${origin.rowIndex + 1 + r}`;
    expect(itemAddresses.has(address) || skippedAddresses.has(address), `${address} = ${String(cell)}`).toBe(true);
    expect(r + origin.rowIndex + 1).toBeLessThanOrEqual(layout.lastDataRow);
  }
  if (layout.headerRow !== null) expect(layout.firstDataRow).toBe(layout.headerRow + 1);

  for (const item of items) {
    expect(Number.isFinite(item.amount)).toBe(true);
    expect(typeof item.label).toBe("string");
    expect(item.label.length).toBeGreaterThan(0);
    const { r, c: itemColumn } = gridPosition(grid, item.amountAddress);
    expect(itemColumn).toBe(c);
    expect(r).toBeGreaterThanOrEqual(firstRowIndex);
    const cell = grid.values[r]?.[itemColumn];
    if (item.amountSource === "cell") {
      // Items of numeric cells equal the cell values.
      expect(typeof cell).toBe("number");
      expect(item.amount === cell).toBe(true);
    } else {
      expect(typeof cell).toBe("string");
    }
  }
  for (const s of skipped) {
    expect(s.message).toContain(s.address);
    expect(parseAddress(s.address)).not.toBeNull();
  }
}

describe("parseLineItems properties", () => {
  it("never throws on arbitrary grids, and accounts for every amount cell", () => {
    fc.assert(
      fc.property(gridArb, (grid) => {
        const result = parseLineItems(grid);
        checkInvariants(grid, result);
      }),
      { numRuns: 1500 },
    );
  });

  it("never throws on grids of mostly interesting strings", () => {
    const denseCell = fc.oneof(fc.constantFrom(...interestingStrings), fc.integer({ min: -1000, max: 1000 }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(denseCell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 30 }), (values) => {
        const grid: SourceGrid = { sheetName: "Q3 Pilot's costs", topLeft: "B2", values, numberFormats: [] };
        checkInvariants(grid, parseLineItems(grid));
      }),
      { numRuns: 1500 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(gridArb, (grid) => {
        expect(parseLineItems(grid)).toEqual(parseLineItems(grid));
      }),
      { numRuns: 200 },
    );
  });

  it("reads a clean table completely, whatever surrounds it", () => {
    const labelArb = fc.constantFrom(...Object.values(GENERATED_LABELS).flat());
    const rowArb = fc.record({
      label: labelArb,
      amount: fc.integer({ min: -1_000_000, max: 1_000_000 }),
      blankAfter: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.constantFrom("Pilot costs", "Q3 2024", "Prepared by Finance", "Confidential"), { maxLength: 4 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 50 }),
        fc.boolean(),
        (rows, titles, rowOffset, columnOffset, german) => {
          const values: SourceCell[][] = [...titles.map((t) => [t]), [], german ? ["Posten", "Betrag"] : ["Item", "Cost"]];
          const expectedAddresses: string[] = [];
          const amountLetters = columnIndexToLetters(columnOffset + 1);
          for (const row of rows) {
            values.push([row.label, row.amount]);
            expectedAddresses.push(`${amountLetters}${rowOffset + values.length}`);
            if (row.blankAfter) values.push([null, null]);
          }
          const grid: SourceGrid = {
            sheetName: "Pilot",
            topLeft: `${columnIndexToLetters(columnOffset)}${rowOffset + 1}`,
            values,
            numberFormats: [],
          };
          const result = parseLineItems(grid);
          if (!result.ok) throw new Error(result.message);
          expect(result.layout.headerRow).toBe(rowOffset + titles.length + 2);
          expect(result.items.map((i) => i.amount)).toEqual(rows.map((r) => r.amount));
          expect(result.items.map((i) => i.amountAddress)).toEqual(expectedAddresses);
          expect(result.skipped).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
