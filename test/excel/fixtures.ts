import { defaultAssumptions } from "../../src/domain/assumptions";
import type { CategoryKey } from "../../src/domain/categories";
import type { ClassifiedItem } from "../../src/domain/lineItems";
import { planWorkbook } from "../../src/domain/plan";
import type { WorkbookPlan } from "../../src/domain/workbookPlan";
import type { CellSpec, WorkbookSpec } from "../simulator";

export const PILOT = "Q3 Pilot's costs";

const CATEGORIES: readonly CategoryKey[] = ["infrastructure", "dataEngineering", "integration", "monitoring"];

/** `count` line items on rows 2.. of the pilot sheet: label in A, amount in B. */
export function pilotItems(count: number, labelOf: (i: number) => string = (i) => `Line item ${i + 1}`): ClassifiedItem[] {
  return Array.from({ length: count }, (_, i) => ({
    label: labelOf(i),
    labelAddress: `A${i + 2}`,
    amount: 100 + i,
    amountAddress: `B${i + 2}`,
    amountSource: "cell" as const,
    category: CATEGORIES[i % CATEGORIES.length] ?? "infrastructure",
    basis: "keyword" as const,
  }));
}

export function pilotWorkbook(items: readonly ClassifiedItem[], extra: Partial<WorkbookSpec> = {}): WorkbookSpec {
  const rows: CellSpec[][] = [["Line item", "Cost"], ...items.map((it) => [{ text: it.label }, it.amount] as CellSpec[])];
  return { sheets: [{ name: PILOT, rows }, ...(extra.sheets ?? [])], selection: `A1:B${items.length + 1}`, ...extra, ...(extra.sheets ? { sheets: [{ name: PILOT, rows }, ...extra.sheets] } : {}) };
}

export function planFor(items: readonly ClassifiedItem[], generatedAt = "2026-11-26T14:00:00Z"): WorkbookPlan {
  return planWorkbook({
    source: { sheetName: PILOT, address: `A1:B${items.length + 1}` },
    items,
    skipped: [],
    assumptions: defaultAssumptions(3),
    overrides: {},
    generatedAt,
  });
}
