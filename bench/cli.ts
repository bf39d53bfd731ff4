/**
 * CLI benchmark: wall time of `pilot-to-production project` on a 20k-row workbook next to
 * LibreOffice's own open-and-save of the same file (ratio), and the CLI's peak memory on 100k rows.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generatedPilotGrid } from "../test/fixtures/grids";
import { findSoffice } from "../test/support/libreoffice";
import { writeGridWorkbook } from "../test/support/workbooks";

const RUNS = 3;
const root = process.cwd();
const bin = path.join(root, "bin/pilot-to-production.cjs");
const dir = mkdtempSync(path.join(tmpdir(), "p2p-bench-"));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: "utf8", env });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return { ms, stderr: r.stderr };
}

async function main(): Promise<void> {
  const input20k = path.join(dir, "pilot-20k.xlsx");
  await writeGridWorkbook([generatedPilotGrid({ rows: 20_000, withCategoryColumn: true }).grid], input20k);
  const cli = Array.from({ length: RUNS }, (_, i) => timed(process.execPath, [bin, "project", input20k, "--out", path.join(dir, `out-${i}.xlsx`)]).ms);

  const soffice = findSoffice();
  let line = `cli 20k rows: ${median(cli).toFixed(0)} ms (median of ${RUNS})`;
  if (soffice) {
    const profile = path.join(dir, "lo-profile");
    mkdirSync(profile, { recursive: true });
    const loArgs = (i: number) => [
      `-env:UserInstallation=file://${profile}`,
      "--headless",
      "--convert-to",
      "xlsx:Calc MS Excel 2007 XML",
      "--outdir",
      path.join(dir, `lo-${i}`),
      input20k,
    ];
    timed(soffice, loArgs(99)); // first start creates the profile; not counted
    const lo = Array.from({ length: RUNS }, (_, i) => timed(soffice, loArgs(i)).ms);
    const ratio = median(cli) / median(lo);
    line += `; LibreOffice open-and-save ${median(lo).toFixed(0)} ms; ratio CLI/LibreOffice ${ratio.toFixed(2)} (target ≤ 1.0: ${ratio <= 1 ? "met" : "NOT met"})`;
  } else line += "; LibreOffice not installed: no ratio";
  console.log(line);

  const input100k = path.join(dir, "pilot-100k.xlsx");
  await writeGridWorkbook([generatedPilotGrid({ rows: 100_000, withCategoryColumn: true }).grid], input100k);
  const run = timed(process.execPath, [bin, "project", input100k, "--out", path.join(dir, "out-100k.xlsx")], { ...process.env, P2P_REPORT_MEMORY: "1" });
  const rss = Number(/maxRSS=(\d+)/.exec(run.stderr)?.[1] ?? NaN);
  const mb = rss / 1024 / 1024;
  console.log(`cli 100k rows: ${run.ms.toFixed(0)} ms, peak memory (max RSS) ${mb.toFixed(0)} MB (target < 500 MB: ${mb < 500 ? "met" : "NOT met"})`);
  writeFileSync(path.join(dir, "done"), "");
}

void main();
