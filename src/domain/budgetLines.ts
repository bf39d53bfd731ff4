/**
 * Reading back the line item table of a generated budget sheet (see `budgetLineTable`): what the
 * Office.js adapter loads there, decoded into the lines the budget is built from. Pure.
 */
import { liveReferenceOf, type BudgetLine } from "./livingBudget";
import { budgetLineTable } from "./plan";

/**
 * `sources` and `amounts`: the "Source cell" and "Amount" columns' formulas (constants as they
 * are), from the table's header row down. The table ends at the first row without a source cell.
 * `null` when the header is not the table's (the sheet is not a budget this add-in generated).
 */
export function decodeBudgetLines(sources: readonly unknown[], amounts: readonly unknown[]): BudgetLine[] | null {
  const table = budgetLineTable();
  if (sources[0] !== table.sourceHeader || amounts[0] !== table.amountHeader) return null;
  const lines: BudgetLine[] = [];
  for (let i = 1; i < sources.length; i++) {
    const recorded = sources[i];
    if (typeof recorded !== "string" || recorded.trim() === "") break;
    const live = liveReferenceOf(amounts[i]);
    lines.push(live === undefined ? { recorded: recorded.trim() } : { recorded: recorded.trim(), live });
  }
  return lines;
}
