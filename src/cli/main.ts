import { existsSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { defaultAssumptions, type Assumptions } from "../domain/assumptions";
import { pickPilotSheet, runEngine } from "../domain/engine";
import type { ParseResult } from "../domain/lineItems";
import { decodeSavedState, STATE_SHEET_NAME, type SavedState } from "../domain/savedState";
import type { SourceGrid } from "../domain/source";
import { openInputWorkbook, InputWorkbookError, type InputWorkbook } from "../xlsx/readWorkbook";
import { renderPlanIntoPackage } from "../xlsx/renderPlan";
import { parseArgs, USAGE, type ProjectArgs } from "./args";

/** A problem with the user's input or arguments: exit 2, message on stderr, nothing written. */
class UsageError extends Error {}

/** Rows above which progress lines are printed on stderr. */
const PROGRESS_THRESHOLD_ROWS = 5000;

function progress(enabled: boolean, message: string): void {
  if (enabled) process.stderr.write(`${message}\n`);
}

function samePath(a: string, b: string): boolean {
  const resolve = (p: string) => (existsSync(p) ? realpathSync(p) : path.resolve(p));
  return resolve(a) === resolve(b);
}

/** The user's assumptions from a previous generation, adapted to a horizon given on the command line. */
function assumptionsFor(saved: SavedState | null, horizonYears: number | undefined): Assumptions {
  const previous = saved?.assumptions;
  if (!previous) return defaultAssumptions(horizonYears ?? 3);
  if (horizonYears === undefined || horizonYears === previous.horizonYears) return previous;
  const fresh = defaultAssumptions(horizonYears);
  return { ...previous, horizonYears, phasing: fresh.phasing };
}

interface PickedSource {
  grid: SourceGrid;
  range?: string;
  picked: boolean;
  /** The grid's parse when picking the sheet needed it. */
  parse?: ParseResult;
}

function pickSource(workbook: InputWorkbook, args: ProjectArgs, saved: SavedState | null): PickedSource {
  const generated = new Set((saved?.generatedSheets ?? [STATE_SHEET_NAME]).map((n) => n.toLowerCase()));
  if (args.sheet !== undefined) {
    const info = workbook.sheet(args.sheet);
    if (!info) throw new UsageError(`There is no sheet named "${args.sheet}". Sheets: ${workbook.sheets.map((s) => `"${s.name}"`).join(", ")}.`);
    if (generated.has(info.name.toLowerCase())) throw new UsageError(`"${info.name}" is a sheet this tool generated; point --sheet at the pilot's cost sheet.`);
    return { grid: workbook.readGrid(info.name, args.range), ...(args.range ? { range: args.range } : {}), picked: false };
  }
  if (saved?.source && workbook.sheet(saved.source.sheetName) && args.range === undefined) {
    const range = saved.source.address || undefined;
    return { grid: workbook.readGrid(saved.source.sheetName, range), ...(range ? { range } : {}), picked: true };
  }
  const candidates = workbook.sheets.filter((s) => s.visibility === "visible" && !generated.has(s.name.toLowerCase()) && s.usedRange !== null);
  const grids = candidates.map((s) => workbook.readGrid(s.name, args.range));
  const best = pickPilotSheet(grids);
  const grid = best ? grids[best.index] : undefined;
  if (!best || !grid) throw new UsageError("No sheet in this workbook holds cost lines (a label column and an amount column). Use --sheet and --range to point at them.");
  return { grid, ...(args.range ? { range: args.range } : {}), picked: true, parse: best.parse };
}

interface ReadInput extends PickedSource {
  saved: SavedState | null;
  sourceAddress?: string;
}

/**
 * Everything the engine needs from the input workbook. The workbook (its scanned sheets and shared
 * strings) is dropped when this returns, so that its memory can be reclaimed before planning and
 * rendering.
 */
async function readInput(original: Uint8Array, args: ProjectArgs): Promise<ReadInput> {
  const workbook = await openInputWorkbook(original);
  const savedRows = workbook.readSavedStateRaw();
  const saved = savedRows ? decodeSavedState(savedRows) : null;
  const source = pickSource(workbook, args, saved);
  const sourceAddress = source.range ?? workbook.usedRange(source.grid.sheetName) ?? undefined;
  return { ...source, saved, ...(sourceAddress ? { sourceAddress } : {}) };
}

async function project(args: ProjectArgs): Promise<void> {
  if (!existsSync(args.input)) throw new UsageError(`Input file not found: ${args.input}`);
  if (samePath(args.input, args.out)) throw new UsageError("--out must name a new file: the input workbook is never modified.");
  const original = new Uint8Array(readFileSync(args.input));
  const { grid, saved, range, picked, sourceAddress, parse } = await readInput(original, args);
  for (const problem of saved?.problems ?? []) process.stderr.write(`Note: ${problem}\n`);
  const verbose = grid.values.length > PROGRESS_THRESHOLD_ROWS;
  if (picked) process.stderr.write(`Reading pilot costs from sheet "${grid.sheetName}"${range ? ` range ${range}` : ""}.\n`);
  progress(verbose, `Read ${grid.values.length} rows; parsing, classifying and planning…`);

  const result = runEngine(grid, {
    assumptions: assumptionsFor(saved, args.horizonYears),
    overrides: saved?.overrides ?? {},
    generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    ...(sourceAddress ? { sourceAddress } : {}),
    ...(parse ? { parse } : {}),
  });
  if (!result.ok) throw new UsageError(`${grid.sheetName}: ${result.message}`);
  progress(verbose, `${result.items.length} line items; writing ${result.plan.sheets.length} sheets…`);

  const output = renderPlanIntoPackage(original, result.plan);
  const temporary = `${args.out}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, output);
    renameSync(temporary, args.out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  const { projection } = result;
  process.stderr.write(
    `Wrote ${args.out}: pilot total ${projection.pilotTotal.toFixed(2)}, production Low ${projection.scenarios.low.total.toFixed(2)}, ` +
      `Base ${projection.scenarios.base.total.toFixed(2)}, High ${projection.scenarios.high.total.toFixed(2)}; ` +
      `${result.items.length} line items, ${result.parse.skipped.length} cells not counted.\n`,
  );
  if (args.json) {
    const report = {
      sheet: grid.sheetName,
      output: args.out,
      pilotTotal: projection.pilotTotal,
      scenarios: { low: projection.scenarios.low.total, base: projection.scenarios.base.total, high: projection.scenarios.high.total },
      items: result.items.map((item) => ({
        label: item.label,
        cell: item.amountAddress,
        amount: item.amount,
        live: item.amountSource === "cell",
        category: item.category,
      })),
      skipped: result.parse.skipped.map((s) => ({ cell: s.address, reason: s.message, code: s.reason })),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  if ("help" in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    await project(parsed.args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputWorkbookError || isUserFacingRenderError(error)) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

function isUserFacingRenderError(error: unknown): boolean {
  return error instanceof Error && ["SheetConflictError", "UnsupportedWorkbookError"].includes(error.name);
}

