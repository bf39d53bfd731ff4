import { defaultAssumptions, MAX_HORIZON_YEARS, MIN_HORIZON_YEARS, SCENARIO_KEYS, type Assumptions } from "./assumptions";
import { CATEGORY_KEYS, isCategoryKey, type CategoryKey } from "./categories";
import type { ClassificationOverrides } from "./lineItems";
import { isErrorCell, type SourceCell } from "./source";

/**
 * The add-in keeps what must survive a regeneration in a very hidden sheet that travels with the
 * file. Each row starts with a tag in column A:
 *
 *   p2p-state        | <format version>
 *   generated-sheet  | <sheet name>                 (one row per generated sheet, tab order)
 *   source           | <sheet name> | <A1 range>
 *   generated-at     | <ISO 8601 timestamp>
 *   override         | <amount cell A1> | <category key>
 *   input            | <field path> | =<reference to the input cell on the Assumptions sheet>
 *
 * Field paths: `multipliers.low|base|high`, `contingency`, `horizonYears`, `weights.<key>`,
 * `phasing.<key>.<year 1..n>`. Input rows hold live references, so reading the state sheet's
 * values returns what the user typed on the Assumptions sheet, wherever the rows have moved.
 */
export const STATE_SHEET_NAME = "P2P State";
export const STATE_FORMAT_VERSION = 1;

export type StateTag = "p2p-state" | "generated-sheet" | "source" | "generated-at" | "override" | "input";

export interface SavedState {
  version: number;
  generatedSheets: string[];
  source?: { sheetName: string; address: string };
  generatedAt?: string;
  overrides: ClassificationOverrides;
  /** The user's assumptions as found on the Assumptions sheet, completed with defaults. */
  assumptions?: Assumptions;
  /** Values found unusable (kept at their defaults), for the user. */
  problems: string[];
}

function text(cell: SourceCell | undefined): string {
  if (cell === null || cell === undefined || isErrorCell(cell)) return "";
  return String(cell).trim();
}

function numberOf(cell: SourceCell | undefined): number | undefined {
  if (typeof cell === "number" && Number.isFinite(cell)) return cell;
  if (typeof cell === "string" && cell.trim() !== "" && Number.isFinite(Number(cell))) return Number(cell);
  return undefined;
}

/** Decode the state sheet's values; returns null when the rows are not a state sheet. */
export function decodeSavedState(rows: readonly (readonly SourceCell[])[]): SavedState | null {
  const first = rows[0];
  if (!first || text(first[0]) !== "p2p-state") return null;
  const state: SavedState = {
    version: numberOf(first[1]) ?? 0,
    generatedSheets: [],
    overrides: {},
    problems: [],
  };
  const overrides: Record<string, CategoryKey> = {};
  const inputs = new Map<string, SourceCell | undefined>();
  for (const row of rows.slice(1)) {
    const tag = text(row[0]);
    if (tag === "generated-sheet" && text(row[1])) state.generatedSheets.push(text(row[1]));
    else if (tag === "source" && text(row[1])) state.source = { sheetName: text(row[1]), address: text(row[2]) };
    else if (tag === "generated-at") state.generatedAt = text(row[1]);
    else if (tag === "override") {
      const key = text(row[2]);
      if (isCategoryKey(key) && text(row[1])) overrides[text(row[1])] = key;
    } else if (tag === "input" && text(row[1])) inputs.set(text(row[1]), row[2]);
  }
  state.overrides = overrides;
  if (inputs.size > 0) state.assumptions = assumptionsFromInputs(inputs, state.problems);
  return state;
}

function assumptionsFromInputs(inputs: Map<string, SourceCell | undefined>, problems: string[]): Assumptions {
  const read = (path: string, fallback: number): number => {
    if (!inputs.has(path)) return fallback;
    const value = numberOf(inputs.get(path));
    if (value === undefined) {
      problems.push(`The input ${path} on the Assumptions sheet is not a number; its default was used.`);
      return fallback;
    }
    return value;
  };
  const rawHorizon = read("horizonYears", 3);
  const horizonYears = Math.min(MAX_HORIZON_YEARS, Math.max(MIN_HORIZON_YEARS, Math.round(rawHorizon)));
  if (horizonYears !== rawHorizon) problems.push(`The horizon ${rawHorizon} was changed to ${horizonYears} years.`);
  const defaults = defaultAssumptions(horizonYears);
  const result = defaultAssumptions(horizonYears);
  for (const s of SCENARIO_KEYS) result.multipliers[s] = read(`multipliers.${s}`, defaults.multipliers[s]);
  result.contingency = read("contingency", defaults.contingency);
  for (const key of CATEGORY_KEYS) {
    result.weights[key] = read(`weights.${key}`, defaults.weights[key]);
    // Years beyond what was stored (the horizon grew) keep the default phasing for the new horizon.
    const storedYears = [...inputs.keys()].filter((p) => p.startsWith(`phasing.${key}.`)).length;
    if (storedYears === horizonYears)
      result.phasing[key] = defaults.phasing[key].map((d, yearIndex) => read(`phasing.${key}.${yearIndex + 1}`, d));
  }
  return result;
}
