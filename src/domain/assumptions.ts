import { CATEGORIES, CATEGORY_KEYS, type CategoryKey } from "./categories";

export type ScenarioKey = "low" | "base" | "high";
export const SCENARIO_KEYS: readonly ScenarioKey[] = ["low", "base", "high"];
export const SCENARIO_NAMES: Readonly<Record<ScenarioKey, string>> = { low: "Low", base: "Base", high: "High" };

export interface Assumptions {
  /** Production cost over the whole horizon as a multiple of the pilot total. */
  multipliers: Record<ScenarioKey, number>;
  /** Reserve added on top of each scenario, as a fraction (0.1 = 10%). */
  contingency: number;
  horizonYears: number;
  /** Share of the production budget per category, as fractions summing to 1. */
  weights: Record<CategoryKey, number>;
  /** Per category, share of its budget in each year (length = horizonYears), summing to 1. */
  phasing: Record<CategoryKey, number[]>;
}

export const MIN_HORIZON_YEARS = 1;
export const MAX_HORIZON_YEARS = 10;

/** Sources for every default, shown beside the value on the Assumptions sheet. */
export const MULTIPLIER_BASIS: Readonly<Record<ScenarioKey, string>> = {
  low: "The pilot budget covers about 20% of what production needs: 5x.",
  base: "Midpoint of the 5-10x planning range.",
  high: "The pilot typically costs about 10% of production: 10x.",
};

export const CONTINGENCY_BASIS =
  "Optional reserve on top of each scenario; 0% keeps the 5-10x range of the source.";

export const HORIZON_BASIS = "Years over which the production budget is phased (1-10). Change it and regenerate to add or remove year columns.";

export const WEIGHT_DEFAULTS: Readonly<Record<CategoryKey, { weight: number; basis: string }>> = {
  dataEngineering: {
    weight: 0.28,
    basis:
      "Largest block; ~45% of practitioner time goes to data loading and cleansing (Anaconda, State of Data Science 2020).",
  },
  infrastructure: {
    weight: 0.15,
    basis:
      "Infrastructure and support cut AI gross margins to 50-60% vs 60-80% for SaaS (a16z, The New Business of AI, 2020).",
  },
  integration: {
    weight: 0.12,
    basis: "Integration and infrastructure are recurring blockers to scale-up (RAND RR-A2680-1, 2024).",
  },
  changeManagement: {
    weight: 0.12,
    basis: "Spend at least as much on adoption as on technology (Fountaine et al., HBR 2019).",
  },
  monitoring: {
    weight: 0.1,
    basis:
      "ML systems carry massive ongoing maintenance costs (Sculley et al., NeurIPS 2015); maintenance is 40-80% of software lifecycle cost (Glass, IEEE Software 2001).",
  },
  compliance: {
    weight: 0.09,
    basis:
      "Security reviews, DPIA, model risk; raise to 12-15% for high-risk systems under the EU AI Act (Regulation 2024/1689).",
  },
  retraining: { weight: 0.08, basis: "Drift makes retraining recurring (Sculley et al., NeurIPS 2015)." },
  support: { weight: 0.06, basis: "Help desk, runbooks, documentation." },
};

/** Three-year phasing defaults (design notes §2). */
const PHASING_3Y: Readonly<Record<CategoryKey, readonly [number, number, number]>> = {
  dataEngineering: [0.7, 0.15, 0.15],
  integration: [0.8, 0.1, 0.1],
  changeManagement: [0.6, 0.25, 0.15],
  compliance: [0.5, 0.25, 0.25],
  infrastructure: [0.2, 0.4, 0.4],
  monitoring: [0.2, 0.4, 0.4],
  retraining: [0.1, 0.45, 0.45],
  support: [0.2, 0.4, 0.4],
};

export const PHASING_BASIS =
  "Build-heavy blocks (data, integration, change, compliance) land in year 1; run costs (infrastructure, monitoring, retraining, support) grow once live.";

/**
 * Default phasing for any horizon. For 3 years it is the sourced table. For other horizons, year 1
 * keeps its share and the 3-year table's later share is spread evenly over the remaining years;
 * a 1-year horizon puts everything in year 1. Shares are rounded to 0.01% and the last year takes
 * the rounding remainder, so each row sums to exactly 1.
 */
export function defaultPhasing(horizonYears: number): Record<CategoryKey, number[]> {
  const result = {} as Record<CategoryKey, number[]>;
  for (const key of CATEGORY_KEYS) {
    const [y1] = PHASING_3Y[key];
    let row: number[];
    if (horizonYears === 3) row = [...PHASING_3Y[key]];
    else if (horizonYears === 1) row = [1];
    else {
      const later = (1 - y1) / (horizonYears - 1);
      row = [y1, ...Array.from({ length: horizonYears - 1 }, () => roundShare(later))];
      const sumOthers = row.slice(0, -1).reduce((a, b) => a + b, 0);
      row[row.length - 1] = roundShare(1 - sumOthers);
    }
    result[key] = row;
  }
  return result;
}

function roundShare(x: number): number {
  return Math.round(x * 10000) / 10000;
}

export function defaultAssumptions(horizonYears = 3): Assumptions {
  const weights = {} as Record<CategoryKey, number>;
  for (const c of CATEGORIES) weights[c.key] = WEIGHT_DEFAULTS[c.key].weight;
  return {
    multipliers: { low: 5, base: 7.5, high: 10 },
    contingency: 0,
    horizonYears,
    weights,
    phasing: defaultPhasing(horizonYears),
  };
}

export interface AssumptionProblem {
  /** Which input: `multipliers.low`, `weights`, `phasing.dataEngineering`, `horizonYears`, `contingency`. */
  field: string;
  message: string;
}

/** Tolerance for "sums to 100%": 0.01 percentage point. */
export const SUM_TOLERANCE = 1e-4;

/** User-data problems are returned, not thrown: an empty list means the assumptions are usable. */
export function validateAssumptions(a: Assumptions): AssumptionProblem[] {
  const problems: AssumptionProblem[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(2).replace(/\.?0+$/, "")}%`;
  for (const s of SCENARIO_KEYS) {
    const m = a.multipliers[s];
    if (!Number.isFinite(m) || m <= 0)
      problems.push({ field: `multipliers.${s}`, message: `The ${SCENARIO_NAMES[s]} multiplier must be a positive number (it is ${String(m)}).` });
  }
  if (a.multipliers.low > a.multipliers.base || a.multipliers.base > a.multipliers.high)
    problems.push({ field: "multipliers", message: "Multipliers must rise from Low to Base to High." });
  if (!Number.isFinite(a.contingency) || a.contingency < 0 || a.contingency > 1)
    problems.push({ field: "contingency", message: "Contingency must be between 0% and 100%." });
  if (!Number.isInteger(a.horizonYears) || a.horizonYears < MIN_HORIZON_YEARS || a.horizonYears > MAX_HORIZON_YEARS)
    problems.push({ field: "horizonYears", message: `The horizon must be a whole number of years from ${MIN_HORIZON_YEARS} to ${MAX_HORIZON_YEARS}.` });
  let weightSum = 0;
  for (const key of CATEGORY_KEYS) {
    const w = a.weights[key];
    if (!Number.isFinite(w) || w < 0)
      problems.push({ field: `weights.${key}`, message: `The weight of ${nameOf(key)} must be a number from 0% to 100%.` });
    else weightSum += w;
  }
  if (Math.abs(weightSum - 1) > SUM_TOLERANCE)
    problems.push({ field: "weights", message: `Category weights must sum to 100% (they sum to ${pct(weightSum)}).` });
  for (const key of CATEGORY_KEYS) {
    const row = a.phasing[key];
    if (!row || row.length !== a.horizonYears) {
      problems.push({ field: `phasing.${key}`, message: `The phasing of ${nameOf(key)} needs one share per year (${a.horizonYears}).` });
      continue;
    }
    if (row.some((x) => !Number.isFinite(x) || x < 0)) {
      problems.push({ field: `phasing.${key}`, message: `The phasing of ${nameOf(key)} must hold shares from 0% to 100%.` });
      continue;
    }
    const sum = row.reduce((x, y) => x + y, 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE)
      problems.push({ field: `phasing.${key}`, message: `The phasing of ${nameOf(key)} must sum to 100% (it sums to ${pct(sum)}).` });
  }
  return problems;
}

function nameOf(key: CategoryKey): string {
  return CATEGORIES.find((c) => c.key === key)?.name ?? key;
}
