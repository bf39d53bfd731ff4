/**
 * Engine benchmark: parse → classify → project → plan on generated pilot grids of 1k, 20k and
 * 100k line items. Prints the median of several runs per step; no pass/fail.
 */
import { defaultAssumptions } from "../src/domain/assumptions";
import { classifyItems } from "../src/domain/classify";
import { parseLineItems } from "../src/domain/parse";
import { planWorkbook } from "../src/domain/plan";
import { projectBudget } from "../src/domain/project";
import { generatedPilotGrid } from "../test/fixtures/grids";

const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const targets: Record<number, number> = { 20_000: 100, 100_000: 500 };

for (const rows of [1_000, 20_000, 100_000]) {
  const { grid } = generatedPilotGrid({ rows, withCategoryColumn: true, textAmountEvery: 50 });
  const times = { parse: [] as number[], classify: [] as number[], project: [] as number[], plan: [] as number[], total: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const parsed = parseLineItems(grid);
    const t1 = performance.now();
    if (!parsed.ok) throw new Error(parsed.message);
    const items = classifyItems(parsed.items);
    const t2 = performance.now();
    const assumptions = defaultAssumptions(3);
    projectBudget(items, assumptions);
    const t3 = performance.now();
    planWorkbook({ source: { sheetName: grid.sheetName }, items, skipped: parsed.skipped, assumptions, overrides: {}, generatedAt: "2026-01-01T00:00:00Z" });
    const t4 = performance.now();
    times.parse.push(t1 - t0);
    times.classify.push(t2 - t1);
    times.project.push(t3 - t2);
    times.plan.push(t4 - t3);
    times.total.push(t4 - t0);
  }
  const f = (xs: number[]) => `${median(xs).toFixed(1)} ms`;
  const target = targets[rows];
  console.log(
    `engine ${String(rows).padStart(7)} items: parse ${f(times.parse)}, classify ${f(times.classify)}, project ${f(times.project)}, plan ${f(times.plan)}; ` +
      `parse→plan ${f(times.total)} (median of ${RUNS})${target ? `; target < ${target} ms: ${median(times.total) < target ? "met" : "NOT met"}` : ""}`,
  );
}
