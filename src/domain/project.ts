import { SCENARIO_KEYS, type Assumptions, type ScenarioKey } from "./assumptions";
import { CATEGORY_KEYS, type BucketKey, type CategoryKey } from "./categories";
import type { ClassifiedItem } from "./lineItems";

export interface ScenarioProjection {
  multiplier: number;
  /** Pilot total × multiplier × (1 + contingency): production cost over the whole horizon. */
  total: number;
  byCategory: Record<CategoryKey, number>;
  /** Per category, the amount in each year (index 0 = year 1). */
  byCategoryYear: Record<CategoryKey, number[]>;
  byYear: number[];
}

export interface Projection {
  horizonYears: number;
  pilotTotal: number;
  /** Pilot cost per category, including the Unclassified bucket. */
  pilotByBucket: Record<BucketKey, number>;
  scenarios: Record<ScenarioKey, ScenarioProjection>;
  /** Categories the pilot has no cost line for: the blocks production adds. */
  unbudgetedCategories: CategoryKey[];
}

/** The engine's own figures, computed the way the sheet's formulas compute them. */
export function projectBudget(items: readonly ClassifiedItem[], assumptions: Assumptions): Projection {
  const pilotByBucket = { unclassified: 0 } as Record<BucketKey, number>;
  for (const key of CATEGORY_KEYS) pilotByBucket[key] = 0;
  let pilotTotal = 0;
  for (const item of items) {
    pilotTotal += item.amount;
    pilotByBucket[item.category] += item.amount;
  }
  const scenarios = {} as Record<ScenarioKey, ScenarioProjection>;
  for (const s of SCENARIO_KEYS) {
    const multiplier = assumptions.multipliers[s];
    const total = pilotTotal * multiplier * (1 + assumptions.contingency);
    const byCategory = {} as Record<CategoryKey, number>;
    const byCategoryYear = {} as Record<CategoryKey, number[]>;
    const byYear = Array.from({ length: assumptions.horizonYears }, () => 0);
    for (const key of CATEGORY_KEYS) {
      const amount = total * assumptions.weights[key];
      byCategory[key] = amount;
      const phases = assumptions.phasing[key];
      const years = byYear.map((_, yearIndex) => amount * (phases[yearIndex] ?? 0));
      byCategoryYear[key] = years;
      years.forEach((v, yearIndex) => (byYear[yearIndex] = (byYear[yearIndex] ?? 0) + v));
    }
    scenarios[s] = { multiplier, total, byCategory, byCategoryYear, byYear };
  }
  const unbudgetedCategories = CATEGORY_KEYS.filter((key) => pilotByBucket[key] === 0);
  return { horizonYears: assumptions.horizonYears, pilotTotal, pilotByBucket, scenarios, unbudgetedCategories };
}
