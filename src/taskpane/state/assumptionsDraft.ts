import {
  defaultAssumptions,
  defaultPhasing,
  MAX_HORIZON_YEARS,
  MIN_HORIZON_YEARS,
  SCENARIO_KEYS,
  validateAssumptions,
  type AssumptionProblem,
  type Assumptions,
  type ScenarioKey,
} from "../../domain/assumptions";
import { CATEGORY_KEYS, type CategoryKey } from "../../domain/categories";

/**
 * What the user is typing on the Assumptions step, as text: percentages in percent (`28` for 28%),
 * multipliers as factors (`7.5`). Kept as text so a half-typed `12,` or an empty field is not lost;
 * `readDraft` turns it into `Assumptions` plus one message per field that is not a number.
 */
export interface AssumptionsDraft {
  multipliers: Record<ScenarioKey, string>;
  contingencyPercent: string;
  horizonYears: string;
  weightPercents: Record<CategoryKey, string>;
  /** Per category, one text per year. */
  phasingPercents: Record<CategoryKey, string[]>;
}

/** A draft field: `multipliers.low`, `contingency`, `horizonYears`, `weights.<key>`, `phasing.<key>.<yearIndex>`. */
export type DraftField =
  | { kind: "multiplier"; scenario: ScenarioKey }
  | { kind: "contingency" }
  | { kind: "horizonYears" }
  | { kind: "weight"; category: CategoryKey }
  | { kind: "phasing"; category: CategoryKey; yearIndex: number };

/** Up to four decimals, no trailing zeros: 0.28 -> "28", 0.0625 -> "6.25". */
export function formatPercent(fraction: number): string {
  return String(Math.round(fraction * 100 * 10_000) / 10_000);
}

export function formatFactor(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

/**
 * Reads a number typed by a user in either convention: `7.5`, `7,5`, `1,234.5`, `1.234,5`,
 * ` 28 % `. Returns NaN for anything else (including an empty field).
 */
export function parseUserNumber(text: string): number {
  let t = text.trim().replace(/\s+/g, "").replace(/%$/, "");
  if (t === "") return Number.NaN;
  const lastComma = t.lastIndexOf(",");
  const lastDot = t.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) {
    // The later separator is the decimal one; the other groups thousands.
    t = lastComma > lastDot ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
  } else if (lastComma >= 0) {
    const commas = t.split(",").length - 1;
    const after = t.length - lastComma - 1;
    // One comma followed by exactly three digits reads as thousands ("1,000"); otherwise decimal.
    t = commas === 1 && after !== 3 ? t.replace(",", ".") : t.replace(/,/g, "");
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return Number.NaN;
  return Number(t);
}

export function draftFromAssumptions(a: Assumptions): AssumptionsDraft {
  const weightPercents = {} as Record<CategoryKey, string>;
  const phasingPercents = {} as Record<CategoryKey, string[]>;
  for (const key of CATEGORY_KEYS) {
    weightPercents[key] = formatPercent(a.weights[key]);
    phasingPercents[key] = a.phasing[key].map(formatPercent);
  }
  const multipliers = {} as Record<ScenarioKey, string>;
  for (const s of SCENARIO_KEYS) multipliers[s] = formatFactor(a.multipliers[s]);
  return {
    multipliers,
    contingencyPercent: formatPercent(a.contingency),
    horizonYears: String(a.horizonYears),
    weightPercents,
    phasingPercents,
  };
}

export function defaultDraft(): AssumptionsDraft {
  return draftFromAssumptions(defaultAssumptions());
}

/** The number of years the draft's phasing rows have (the last valid horizon typed). */
export function phasingYears(draft: AssumptionsDraft): number {
  return draft.phasingPercents[CATEGORY_KEYS[0] ?? "dataEngineering"].length;
}

export function fieldKey(field: DraftField): string {
  switch (field.kind) {
    case "multiplier":
      return `multipliers.${field.scenario}`;
    case "contingency":
      return "contingency";
    case "horizonYears":
      return "horizonYears";
    case "weight":
      return `weights.${field.category}`;
    case "phasing":
      return `phasing.${field.category}.${field.yearIndex}`;
  }
}

export function fieldText(draft: AssumptionsDraft, field: DraftField): string {
  switch (field.kind) {
    case "multiplier":
      return draft.multipliers[field.scenario];
    case "contingency":
      return draft.contingencyPercent;
    case "horizonYears":
      return draft.horizonYears;
    case "weight":
      return draft.weightPercents[field.category];
    case "phasing":
      return draft.phasingPercents[field.category][field.yearIndex] ?? "";
  }
}

/**
 * The draft with one field changed. A horizon that becomes a different valid number of years
 * resets the phasing to the sourced defaults for that horizon (one share per year).
 */
export function editDraft(draft: AssumptionsDraft, field: DraftField, text: string): AssumptionsDraft {
  switch (field.kind) {
    case "multiplier":
      return { ...draft, multipliers: { ...draft.multipliers, [field.scenario]: text } };
    case "contingency":
      return { ...draft, contingencyPercent: text };
    case "weight":
      return { ...draft, weightPercents: { ...draft.weightPercents, [field.category]: text } };
    case "phasing": {
      const row = [...draft.phasingPercents[field.category]];
      row[field.yearIndex] = text;
      return { ...draft, phasingPercents: { ...draft.phasingPercents, [field.category]: row } };
    }
    case "horizonYears": {
      const years = parseUserNumber(text);
      if (
        Number.isInteger(years) &&
        years >= MIN_HORIZON_YEARS &&
        years <= MAX_HORIZON_YEARS &&
        years !== phasingYears(draft)
      ) {
        const phasing = defaultPhasing(years);
        const phasingPercents = {} as Record<CategoryKey, string[]>;
        for (const key of CATEGORY_KEYS) phasingPercents[key] = phasing[key].map(formatPercent);
        return { ...draft, horizonYears: text, phasingPercents };
      }
      return { ...draft, horizonYears: text };
    }
  }
}

export interface DraftReading {
  /** Numbers as typed (NaN where a field is not a number). Usable only when `problems` is empty. */
  assumptions: Assumptions;
  /** The domain's validation messages (a field that is not a number reads as NaN and fails there). */
  problems: AssumptionProblem[];
  /** Problems by field key (`weights.dataEngineering`, `phasing.retraining`, ...), for inline messages. */
  byField: Map<string, string>;
}

function fraction(text: string): number {
  return parseUserNumber(text) / 100;
}

/** Turns the draft into assumptions and collects every problem, for the form and the preview. */
export function readDraft(draft: AssumptionsDraft): DraftReading {
  const weights = {} as Record<CategoryKey, number>;
  const phasing = {} as Record<CategoryKey, number[]>;
  for (const key of CATEGORY_KEYS) {
    weights[key] = fraction(draft.weightPercents[key]);
    phasing[key] = draft.phasingPercents[key].map(fraction);
  }
  const multipliers = {} as Record<ScenarioKey, number>;
  for (const s of SCENARIO_KEYS) multipliers[s] = parseUserNumber(draft.multipliers[s]);
  const horizonYears = parseUserNumber(draft.horizonYears);
  const assumptions: Assumptions = {
    multipliers,
    contingency: fraction(draft.contingencyPercent),
    horizonYears,
    weights,
    phasing,
  };
  const problems = validateAssumptions(assumptions);
  const byField = new Map<string, string>();
  for (const p of problems) if (!byField.has(p.field)) byField.set(p.field, p.message);
  return { assumptions, problems, byField };
}

/** Sum of a row of percentage texts, in percent (NaN when a cell is not a number). */
export function sumPercents(texts: readonly string[]): number {
  return texts.reduce((sum, t) => sum + parseUserNumber(t), 0);
}

/** Fields whose draft differs from the sourced default, for "changed from default" marks. */
export function changedFromDefault(draft: AssumptionsDraft): Set<string> {
  const defaults = draftFromAssumptions(defaultAssumptions(Math.max(1, phasingYears(draft))));
  const changed = new Set<string>();
  const same = (a: string, b: string) => parseUserNumber(a) === parseUserNumber(b);
  for (const s of SCENARIO_KEYS)
    if (!same(draft.multipliers[s], defaults.multipliers[s])) changed.add(`multipliers.${s}`);
  if (!same(draft.contingencyPercent, defaults.contingencyPercent)) changed.add("contingency");
  if (parseUserNumber(draft.horizonYears) !== defaultAssumptions().horizonYears) changed.add("horizonYears");
  for (const key of CATEGORY_KEYS) {
    if (!same(draft.weightPercents[key], defaults.weightPercents[key])) changed.add(`weights.${key}`);
    draft.phasingPercents[key].forEach((t, i) => {
      if (!same(t, defaults.phasingPercents[key][i] ?? "")) changed.add(`phasing.${key}.${i}`);
    });
  }
  return changed;
}
