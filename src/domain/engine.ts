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
  /** The grid's parse when the caller already has it (e.g. from `pickPilotSheet`), so it is not parsed twice. */
  parse?: ParseResult;
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
  const parse = options.parse ?? parseLineItems(grid);
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
 * line items (ties: the first), with that parse. Returns null when no sheet has any.
 */
export function pickPilotSheet(grids: readonly SourceGrid[]): { index: number; parse: Extract<ParseResult, { ok: true }> } | null {
  let best: { index: number; parse: Extract<ParseResult, { ok: true }> } | null = null;
  grids.forEach((grid, index) => {
    const parse = parseLineItems(grid);
    if (parse.ok && parse.items.length > (best?.parse.items.length ?? 0)) best = { index, parse };
  });
  return best;
}

/** The index of the sheet `pickPilotSheet` picks, or -1. */
export function choosePilotSheet(grids: readonly SourceGrid[]): number {
  return pickPilotSheet(grids)?.index ?? -1;
}
