import { spawn } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import type { SourceCell } from "../../src/domain/source";
import { parseCellAddress, parseRange } from "../../src/xlsx/a1";

/**
 * LibreOffice Calc as the test oracle (design §5): recalculates .xlsx files headless with a
 * throwaway profile that forces a full recalculation on load, and writes the results back as
 * cached values, which `readCachedResults` reads with exceljs.
 */

export class LibreOfficeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LibreOfficeError";
  }
}

const CANDIDATES = [
  "/usr/bin/soffice",
  "/usr/lib/libreoffice/program/soffice",
  "/opt/libreoffice/program/soffice",
  "/Applications/LibreOffice.app/Contents/MacOS/soffice",
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Path of the soffice binary: `$SOFFICE_PATH`, then `soffice`/`libreoffice` on PATH, then usual places. */
export function findSoffice(): string | undefined {
  const fromEnv = process.env.SOFFICE_PATH;
  if (fromEnv && isExecutable(fromEnv)) return fromEnv;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const name of ["soffice", "libreoffice"]) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return CANDIDATES.find(isExecutable);
}

const RECALC_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

export interface RecalculateOptions {
  /** Kill LibreOffice after this long (default: 90 s plus 5 s per file). */
  timeoutMs?: number;
  /** Where the recalculated copies go (default: a fresh temporary folder). */
  outDir?: string;
}

/**
 * Opens every file in ONE LibreOffice run (each start costs ~6 s), recalculates all formulas and
 * saves a copy as .xlsx. Returns the copies' paths in the order of `files`.
 */
export async function recalculateWithLibreOffice(files: readonly string[], options: RecalculateOptions = {}): Promise<string[]> {
  if (files.length === 0) return [];
  const soffice = findSoffice();
  if (!soffice)
    throw new LibreOfficeError(
      "LibreOffice (soffice) was not found. Install it (Debian: apt-get install --no-install-recommends libreoffice-calc) or set SOFFICE_PATH.",
    );
  for (const file of files) if (!existsSync(file)) throw new LibreOfficeError(`No such file to recalculate: ${file}`);

  const work = await mkdtemp(join(tmpdir(), "p2p-soffice-"));
  const profile = join(work, "profile");
  const inDir = join(work, "in");
  const outDir = options.outDir ?? join(work, "out");
  await mkdir(join(profile, "user"), { recursive: true });
  await mkdir(inDir, { recursive: true });
  await mkdir(outDir, { recursive: true });
  await writeFile(join(profile, "user", "registrymodifications.xcu"), RECALC_PROFILE);

  // Unique input names: two inputs may share a base name; the output keeps the input's name.
  const inputs = files.map((file, i) => join(inDir, `${String(i).padStart(3, "0")}-${basename(file).replace(/[^\w.-]+/g, "_").replace(/\.xls[xm]?$/i, "")}.xlsx`));
  await Promise.all(files.map((file, i) => copyFile(file, inputs[i] ?? "")));
  const outputs = inputs.map((input) => join(outDir, basename(input)));

  const timeoutMs = options.timeoutMs ?? 90_000 + 5_000 * files.length;
  const args = [
    "--headless",
    "--invisible",
    "--nologo",
    "--norestore",
    "--nodefault",
    "--nolockcheck",
    "--nofirststartwizard",
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    "--convert-to",
    "xlsx:Calc MS Excel 2007 XML",
    "--outdir",
    outDir,
    ...inputs,
  ];
  let succeeded = false;
  try {
    const { code, output, timedOut } = await run(soffice, args, timeoutMs, work);
    if (timedOut) throw new LibreOfficeError(`LibreOffice did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.\n${output}`);
    const missing = outputs.filter((o) => !existsSync(o));
    if (code !== 0 || missing.length > 0) {
      throw new LibreOfficeError(
        `LibreOffice failed (exit ${code}); ${missing.length} of ${outputs.length} files were not converted` +
          (missing.length > 0 ? ` (${missing.map((m) => basename(m)).join(", ")})` : "") +
          `.\n${output}`,
      );
    }
    succeeded = true;
    return outputs;
  } finally {
    // Keep only the recalculated copies (under `work` unless the caller chose `outDir`).
    await rm(options.outDir !== undefined || !succeeded ? work : profile, { recursive: true, force: true });
    if (options.outDir === undefined) await rm(inDir, { recursive: true, force: true });
  }
}

/** Runs soffice in its own process group so that the whole group (soffice.bin too) can be stopped. */
function run(command: string, args: string[], timeoutMs: number, home: string): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, HOME: home, SAL_USE_VCLPLUGIN: "svp" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group has already exited.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new LibreOfficeError(`Cannot start LibreOffice (${command}): ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      // soffice can leave a soffice.bin behind in its group; stop it (only processes we started).
      killGroup();
      resolve({ code, output: output.trim(), timedOut });
    });
  });
}

export interface CachedResults {
  sheetNames: string[];
  /** The cell's value, or a formula cell's cached result. Throws for an unknown sheet. */
  value(sheetName: string, address: string): SourceCell;
  /** The formula of a cell (without `=`), or undefined when it holds a constant. */
  formula(sheetName: string, address: string): string | undefined;
  /** Value of each workbook-scoped defined name that refers to one cell. */
  names: Record<string, SourceCell>;
  /** Every defined name with the references exceljs reports for it. */
  nameRanges: Record<string, string[]>;
}

/** Reads each cell's value or cached formula result, and each single-cell defined name's value. */
export async function readCachedResults(path: string): Promise<CachedResults> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const date1904 = Boolean(wb.properties?.date1904);
  const sheet = (name: string): ExcelJS.Worksheet => {
    const ws = wb.worksheets.find((w) => w.name.toUpperCase() === name.toUpperCase());
    if (!ws) throw new Error(`${basename(path)} has no sheet named "${name}" (sheets: ${wb.worksheets.map((w) => w.name).join(", ")})`);
    return ws;
  };
  const cell = (sheetName: string, address: string): ExcelJS.Cell | undefined => {
    const pos = parseCellAddress(address);
    if (!pos) throw new Error(`Not a cell address: ${address}`);
    return sheet(sheetName).findCell(pos.row, pos.column);
  };
  const value = (sheetName: string, address: string): SourceCell => {
    const c = cell(sheetName, address);
    return c ? cellToSourceCell(c, date1904) : null;
  };
  const names: Record<string, SourceCell> = {};
  const nameRanges: Record<string, string[]> = {};
  const model = wb.definedNames.model as { name: string; ranges: string[] }[];
  for (const { name, ranges } of model) {
    nameRanges[name] = ranges;
    const only = ranges.length === 1 ? ranges[0] : undefined;
    const m = only ? /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(only) : null;
    if (!m) continue;
    const sheetName = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? "");
    const range = parseRange(m[3] ?? "");
    if (!range || range.top !== range.bottom || range.left !== range.right) continue;
    if (!wb.worksheets.some((w) => w.name.toUpperCase() === sheetName.toUpperCase())) continue;
    names[name] = value(sheetName, (m[3] ?? "").replace(/\$/g, ""));
  }
  return {
    sheetNames: wb.worksheets.map((w) => w.name),
    value,
    formula: (sheetName, address) => {
      const c = cell(sheetName, address);
      return c && c.type === ExcelJS.ValueType.Formula ? c.formula : undefined;
    },
    names,
    nameRanges,
  };
}

// ---------------------------------------------------------------------------------------------
// exceljs cells → domain cell values

const MS_PER_DAY = 86_400_000;

function dateToSerial(date: Date, date1904: boolean): number {
  return 25569 + date.getTime() / MS_PER_DAY - (date1904 ? 1462 : 0);
}

function plainText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "richText" in value && Array.isArray(value.richText))
    return value.richText.map((run: { text?: unknown }) => (typeof run.text === "string" ? run.text : "")).join("");
  return value === null || value === undefined ? "" : String(value);
}

/**
 * exceljs cell → domain cell value. Formula cells are read through `cell.result`: exceljs's
 * `cell.value` drops a cached result that is falsy (0, FALSE, ""), which would turn a formula
 * that evaluates to 0 into an empty cell.
 */
function cellToSourceCell(cell: ExcelJS.Cell, date1904 = false): SourceCell {
  if (cell.type === ExcelJS.ValueType.Formula) {
    const result = cell.result as ExcelJS.CellValue | undefined;
    return result === undefined || result === null ? null : toSourceCell(result, date1904);
  }
  return toSourceCell(cell.value, date1904);
}

/** exceljs cell value → domain cell value. */
function toSourceCell(value: ExcelJS.CellValue, date1904 = false): SourceCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : { error: "#NUM!" };
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return dateToSerial(value, date1904);
  if ("error" in value) return { error: String(value.error) };
  if ("richText" in value) return plainText(value);
  if ("formula" in value || "sharedFormula" in value) {
    const result = value.result;
    if (result === undefined || result === null) return null;
    return toSourceCell(result, date1904);
  }
  if ("hyperlink" in value) return plainText(value.text);
  return null;
}
