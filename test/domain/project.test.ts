import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultAssumptions, defaultPhasing, SCENARIO_KEYS, validateAssumptions, type Assumptions } from "../../src/domain/assumptions";
import { CATEGORY_KEYS, type BucketKey } from "../../src/domain/categories";
import type { ClassifiedItem } from "../../src/domain/lineItems";
import { projectBudget } from "../../src/domain/project";

const BUCKETS: BucketKey[] = [...CATEGORY_KEYS, "unclassified"];

const itemArb = fc.record({
  amount: fc.double({ min: -1e7, max: 1e7, noNaN: true, noDefaultInfinity: true }),
  bucket: fc.constantFrom(...BUCKETS),
});

function items(raw: { amount: number; bucket: BucketKey }[]): ClassifiedItem[] {
  return raw.map((r, i) => ({
    label: `Line ${i}`,
    labelAddress: `A${i + 2}`,
    amount: r.amount,
    amountAddress: `B${i + 2}`,
    amountSource: "cell",
    category: r.bucket,
    basis: "keyword",
  }));
}

/** Weights that sum to 1: random positive parts, normalised, the last one taking the remainder. */
const weightsArb = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 8, maxLength: 8 }).filter((xs) => xs.some((x) => x > 0));

function assumptionsFrom(parts: number[], horizonYears: number, multipliers: [number, number, number], contingency: number): Assumptions {
  const a = defaultAssumptions(horizonYears);
  const sum = parts.reduce((s, x) => s + x, 0);
  CATEGORY_KEYS.forEach((key, i) => (a.weights[key] = (parts[i] ?? 0) / sum));
  const sorted = [...multipliers].sort((x, y) => x - y);
  a.multipliers = { low: sorted[0] ?? 5, base: sorted[1] ?? 7.5, high: sorted[2] ?? 10 };
  a.contingency = contingency;
  return a;
}

const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(scale));

describe("projectBudget", () => {
  it("applies the sourced defaults: 5×, 7.5×, 10× of the pilot total", () => {
    const p = projectBudget(items([{ amount: 1000, bucket: "infrastructure" }, { amount: 500, bucket: "unclassified" }]), defaultAssumptions());
    expect(p.pilotTotal).toBe(1500);
    expect(p.scenarios.low.total).toBe(7500);
    expect(p.scenarios.base.total).toBe(11250);
    expect(p.scenarios.high.total).toBe(15000);
    expect(p.scenarios.base.byCategory.dataEngineering).toBeCloseTo(11250 * 0.28, 9);
    expect(p.scenarios.base.byCategoryYear.dataEngineering).toEqual([11250 * 0.28 * 0.7, 11250 * 0.28 * 0.15, 11250 * 0.28 * 0.15]);
    expect(p.unbudgetedCategories).toEqual(CATEGORY_KEYS.filter((k) => k !== "infrastructure"));
  });

  it("property: pilot buckets, categories and years each sum back to their totals", () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { maxLength: 60 }),
        weightsArb,
        fc.integer({ min: 1, max: 10 }),
        fc.tuple(fc.double({ min: 0.5, max: 20, noNaN: true }), fc.double({ min: 0.5, max: 20, noNaN: true }), fc.double({ min: 0.5, max: 20, noNaN: true })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (raw, parts, horizon, multipliers, contingency) => {
          const a = assumptionsFrom(parts, horizon, multipliers, contingency);
          expect(validateAssumptions(a)).toEqual([]);
          const p = projectBudget(items(raw), a);
          const scale = raw.reduce((s, r) => s + Math.abs(r.amount), 0) * 20 * 2;
          expect(close(BUCKETS.reduce((s, b) => s + p.pilotByBucket[b], 0), p.pilotTotal, scale)).toBe(true);
          for (const s of SCENARIO_KEYS) {
            const sc = p.scenarios[s];
            expect(close(sc.total, p.pilotTotal * a.multipliers[s] * (1 + contingency), scale)).toBe(true);
            expect(close(CATEGORY_KEYS.reduce((x, k) => x + sc.byCategory[k], 0), sc.total, scale)).toBe(true);
            expect(close(sc.byYear.reduce((x, y) => x + y, 0), sc.total, scale)).toBe(true);
            for (const k of CATEGORY_KEYS) expect(close(sc.byCategoryYear[k].reduce((x, y) => x + y, 0), sc.byCategory[k], scale)).toBe(true);
            expect(sc.byYear).toHaveLength(horizon);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("property: default phasing rows sum to exactly 100% for every horizon", () => {
    for (let h = 1; h <= 10; h++) {
      const phasing = defaultPhasing(h);
      for (const key of CATEGORY_KEYS) {
        expect(phasing[key]).toHaveLength(h);
        expect(Math.abs(phasing[key].reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-9);
      }
      expect(validateAssumptions(defaultAssumptions(h))).toEqual([]);
    }
  });
});

describe("validateAssumptions", () => {
  it("explains what is wrong, field by field", () => {
    const a = defaultAssumptions(3);
    a.weights.support = 0.1;
    a.phasing.integration = [0.5, 0.1, 0.1];
    a.multipliers.low = -1;
    a.horizonYears = 3;
    const problems = validateAssumptions(a);
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(["weights", "phasing.integration", "multipliers.low"]));
    expect(problems.find((p) => p.field === "weights")?.message).toBe("Category weights must sum to 100% (they sum to 104%).");
    expect(problems.find((p) => p.field === "phasing.integration")?.message).toBe("The phasing of Integration must sum to 100% (it sums to 70%).");
  });

  it("rejects horizons outside 1-10 years and a contingency above 100%", () => {
    const a = defaultAssumptions(3);
    a.horizonYears = 11;
    a.contingency = 1.5;
    expect(validateAssumptions(a).map((p) => p.field)).toEqual(expect.arrayContaining(["horizonYears", "contingency"]));
  });
});
