import { defaultAssumptions, validateAssumptions, type Assumptions } from "./assumptions";
import { classifyItems } from "./classify";
import type { ClassificationOverrides, ClassifiedItem, ParseResult } from "./lineItems";
import { parseLineItems } from "./parse";
import { planWorkbook } from "./plan";
import { projectBudget, type Projection } from "./project";
import type { SourceGrid } from "./source";
import type { WorkbookPlan } from "./workbookPlan";

export interface EngineOptions {
  assumptions?: Assumptions;
  overrides?: ClassificationOverrides;
  /** ISO 8601 timestamp stamped on the sheets. */
  generatedAt: string;
  /** A1 range the grid was read from, for the notes on the sheets (e.g. `A1:D40`). */
  sourceAddress?: string;
}

export type EngineResult =
  | {
      ok: true;
      parse: Extract<ParseResult, { ok: true }>;
      items: ClassifiedItem[];
      assumptions: Assumptions;
      projection: Projection;
      plan: WorkbookPlan;
    }
  | { ok: false; message: string };

/** read → parse → classify → project → plan, in one pure call. */
export function runEngine(grid: SourceGrid, options: EngineOptions): EngineResult {
  const parse = parseLineItems(grid);
  if (!parse.ok) return parse;
  const assumptions = options.assumptions ?? defaultAssumptions();
  const problems = validateAssumptions(assumptions);
  if (problems.length > 0)
    return { ok: false, message: `The assumptions cannot be used: ${problems.map((p) => p.message).join(" ")}` };
  const overrides = options.overrides ?? {};
  const items = classifyItems(parse.items, overrides);
  const projection = projectBudget(items, assumptions);
  const plan = planWorkbook({
    source: { sheetName: grid.sheetName, ...(options.sourceAddress ? { address: options.sourceAddress } : {}) },
    items,
    skipped: parse.skipped,
    assumptions,
    overrides,
    ...(parse.currencyFormat ? { currencyFormat: parse.currencyFormat } : {}),
    generatedAt: options.generatedAt,
  });
  return { ok: true, parse, items, assumptions, projection, plan };
}

/**
 * Picks the sheet that most looks like the pilot's cost list: the one whose parse finds the most
 * line items (ties: the first). Returns -1 when no sheet has any.
 */
export function choosePilotSheet(grids: readonly SourceGrid[]): number {
  let best = -1;
  let bestCount = 0;
  grids.forEach((grid, index) => {
    const parsed = parseLineItems(grid);
    const count = parsed.ok ? parsed.items.length : 0;
    if (count > bestCount) {
      best = index;
      bestCount = count;
    }
  });
  return best;
}
