/**
 * The command line as a user runs it: the bundled binary (`bin/pilot-to-production.cjs`), real
 * files, exit codes, stdout and stderr.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { generatedPilotGrid, gridFromRows, messyPilotGrid, PILOT_SHEET_NAME } from "../fixtures/grids";
import { writeGridWorkbook } from "../support/workbooks";

const root = path.resolve(__dirname, "../..");
const bin = path.join(root, "bin/pilot-to-production.cjs");
const sample = path.join(root, "examples/sample-pilot.xlsx");
const dir = mkdtempSync(path.join(tmpdir(), "p2p-cli-"));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

async function sheetNames(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((w) => w.name);
}

beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build-cli.mjs"], { cwd: root });
});

describe("pilot-to-production project", () => {
  it("writes the budget, reports on stdout as JSON, and leaves the input untouched", async () => {
    const before = sha(sample);
    const out = path.join(dir, "budget.xlsx");
    const r = run("project", sample, "--out", out, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(sha(sample)).toBe(before);
    expect(r.stderr).toContain(`Reading pilot costs from sheet "${PILOT_SHEET_NAME}"`);
    const report = JSON.parse(r.stdout) as {
      pilotTotal: number;
      scenarios: { low: number; base: number; high: number };
      items: { cell: string; amount: number }[];
      skipped: { cell: string; reason: string }[];
    };
    const itemSum = report.items.reduce((s, i) => s + i.amount, 0);
    expect(report.pilotTotal).toBeCloseTo(itemSum, 9);
    expect(report.scenarios.low).toBeCloseTo(report.pilotTotal * 5, 6);
    expect(report.scenarios.base).toBeCloseTo(report.pilotTotal * 7.5, 6);
    expect(report.scenarios.high).toBeCloseTo(report.pilotTotal * 10, 6);
    expect(report.skipped.map((s) => s.cell)).toEqual(expect.arrayContaining(["D14", "D17", "D19"]));
    for (const s of report.skipped) expect(s.reason).toMatch(/\w/);
    expect(await sheetNames(out)).toEqual([PILOT_SHEET_NAME, "Notes", "Assumptions", "Production Budget", "P2P State"]);
  });

  it("regenerates in place when run on its own output: same sheets, no duplicates", async () => {
    const first = path.join(dir, "first.xlsx");
    const second = path.join(dir, "second.xlsx");
    expect(run("project", sample, "--out", first).code).toBe(0);
    const r = run("project", first, "--out", second);
    expect(r.code, r.stderr).toBe(0);
    expect(await sheetNames(second)).toEqual(await sheetNames(first));
  });

  it("reads the sheet and range it is given", async () => {
    const input = path.join(dir, "two-sheets.xlsx");
    await writeGridWorkbook([gridFromRows([["Item", "Cost"], ["Hosting", 100]], { sheetName: "Other" }), messyPilotGrid().grid], input);
    const out = path.join(dir, "two-sheets-out.xlsx");
    const r = run("project", input, "--out", out, "--sheet", PILOT_SHEET_NAME, "--range", "B5:E12", "--json");
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { sheet: string; items: { cell: string }[] };
    expect(report.sheet).toBe(PILOT_SHEET_NAME);
    for (const item of report.items) expect(Number(item.cell.slice(1))).toBeLessThanOrEqual(12);
  });

  it("prints progress on stderr for large inputs", async () => {
    const input = path.join(dir, "large.xlsx");
    await writeGridWorkbook([generatedPilotGrid({ rows: 6000 }).grid], input);
    const r = run("project", input, "--out", path.join(dir, "large-out.xlsx"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Read 6001 rows/);
    expect(r.stderr).toMatch(/6000 line items; writing/);
  });

  describe("exits 2 with a message and writes nothing", () => {
    const cases: [string, () => Promise<string[]>, RegExp][] = [
      ["without --out", async () => ["project", sample], /--out/],
      ["for a missing input", async () => ["project", path.join(dir, "nope.xlsx"), "--out", "OUT"], /not found/],
      [
        "for a file that is not a workbook",
        async () => {
          const f = path.join(dir, "not-a-workbook.xlsx");
          writeFileSync(f, "just text");
          return ["project", f, "--out", "OUT"];
        },
        /Cannot open/,
      ],
      ["for an unknown sheet", async () => ["project", sample, "--out", "OUT", "--sheet", "Nope"], /no sheet named "Nope"/],
      ["for a bad range", async () => ["project", sample, "--out", "OUT", "--range", "D4:"], /--range/],
      ["for a bad horizon", async () => ["project", sample, "--out", "OUT", "--horizon", "11"], /--horizon/],
      ["when the output is the input", async () => ["project", sample, "--out", sample], /never modified/],
      [
        "for a workbook without cost lines",
        async () => {
          const f = path.join(dir, "words.xlsx");
          await writeGridWorkbook([gridFromRows([["Notes"], ["nothing here"]], { sheetName: "Words" })], f);
          return ["project", f, "--out", "OUT"];
        },
        /cost lines|amount/i,
      ],
      [
        "when a user sheet already has a generated sheet's name",
        async () => {
          const f = path.join(dir, "clash.xlsx");
          await writeGridWorkbook([messyPilotGrid().grid, gridFromRows([["my own notes"]], { sheetName: "Assumptions" })], f);
          return ["project", f, "--out", "OUT", "--sheet", PILOT_SHEET_NAME];
        },
        /Assumptions/,
      ],
    ];
    it.each(cases)("%s", async (_name, makeArgs, message) => {
      const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}.xlsx`);
      const args = (await makeArgs()).map((a) => (a === "OUT" ? out : a));
      const before = existsSync(sample) ? sha(sample) : "";
      const r = run(...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
      expect(sha(sample)).toBe(before);
    });
  });
});
