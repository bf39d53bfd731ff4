/** Command-line arguments of `pilot-to-production`, parsed without I/O. */
export interface ProjectArgs {
  command: "project";
  input: string;
  out: string;
  sheet?: string;
  range?: string;
  json: boolean;
  horizonYears?: number;
}

export type ParsedArgs = { ok: true; args: ProjectArgs } | { ok: true; help: true } | { ok: false; message: string };

export const USAGE = `Usage: pilot-to-production project <input.xlsx> --out <output.xlsx> [options]

Reads the pilot's cost lines from <input.xlsx> and writes a copy with a production budget
(Assumptions, Production Budget) built from live formulas. The input file is never modified.

Options:
  --out <file>      where to write the budget workbook (required; not the input file)
  --sheet <name>    the sheet holding the pilot costs (default: the one that looks most like it)
  --range <A1:D40>  the cells to read on that sheet (default: its used range)
  --horizon <years> production horizon, 1-10 years (default 3, or what the workbook's Assumptions say)
  --json            print {pilotTotal, scenarios, items, skipped} as JSON on stdout
  -h, --help        show this help

Exit codes: 0 done, 2 unusable input or bad arguments (nothing written).`;

const RANGE = /^\$?[A-Za-z]{1,3}\$?[0-9]{1,7}(:\$?[A-Za-z]{1,3}\$?[0-9]{1,7})?$/;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes("-h") || argv.includes("--help")) return { ok: true, help: true };
  const [command, ...rest] = argv;
  if (command !== "project") return { ok: false, message: `Unknown command "${command ?? ""}". Try: pilot-to-production project <input.xlsx> --out <output.xlsx>` };
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    if (arg === "--json") options.json = true;
    else if (arg === "--out" || arg === "--sheet" || arg === "--range" || arg === "--horizon") {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith("--")) return { ok: false, message: `${arg} needs a value.` };
      options[arg.slice(2)] = value;
      i++;
    } else if (arg.startsWith("--")) return { ok: false, message: `Unknown option ${arg}.` };
    else positional.push(arg);
  }
  if (positional.length !== 1) return { ok: false, message: "Give exactly one input workbook (.xlsx)." };
  const out = options.out;
  if (typeof out !== "string") return { ok: false, message: "--out <output.xlsx> is required." };
  const args: ProjectArgs = { command: "project", input: positional[0] ?? "", out, json: options.json === true };
  if (typeof options.sheet === "string") args.sheet = options.sheet;
  if (typeof options.range === "string") {
    if (!RANGE.test(options.range)) return { ok: false, message: `--range must be an A1 range such as A1:D40 (got "${options.range}").` };
    args.range = options.range.replace(/\$/g, "").toUpperCase();
  }
  if (typeof options.horizon === "string") {
    const years = Number(options.horizon);
    if (!Number.isInteger(years) || years < 1 || years > 10) return { ok: false, message: "--horizon must be a whole number of years from 1 to 10." };
    args.horizonYears = years;
  }
  return { ok: true, args };
}
