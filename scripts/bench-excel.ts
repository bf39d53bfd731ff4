/**
 * Office.js benchmark on the Excel API simulator: for pilots of 1k, 20k and 100k line items, the
 * syncs and the largest request of a generation (and of reading the pilot), as Excel on the web
 * would receive them. Targets (issue 3): at most 3 syncs while the write fits the 5 MB request
 * limit, and no request above 5 MB at any size. Measures; never fails on a figure.
 *
 * Run: `npm run bench` (bundled by scripts/bench.mjs through bench/excel.ts).
 */
import { runEngine } from "../src/domain/engine";
import { createOfficeGateway } from "../src/excel/gateway";
import { PAYLOAD_LIMIT_BYTES } from "../src/excel/requestSize";
import { generatedPilotGrid } from "../test/fixtures/grids";
import { installSimulator, type CellSpec } from "../test/simulator";

const MB = 1_000_000;
const mb = (bytes: number) => `${(bytes / MB).toFixed(2)} MB`;

async function benchmark(rows: number): Promise<void> {
  const { grid } = generatedPilotGrid({ rows, withCategoryColumn: true, textAmountEvery: 50 });
  const cells: CellSpec[][] = grid.values.map((row, r) =>
    row.map((v, c): CellSpec => {
      const format = grid.numberFormats[r]?.[c] ?? "General";
      if (v === null || typeof v === "object") return v;
      return format === "General" ? v : format === "@" ? { text: String(v) } : { value: v, numberFormat: format };
    }),
  );
  const office = installSimulator({ sheets: [{ name: grid.sheetName, topLeft: grid.topLeft, rows: cells }] });
  try {
    const gateway = createOfficeGateway();
    const t0 = performance.now();
    const read = await gateway.readSource({ kind: "auto" });
    const t1 = performance.now();
    if (!read.ok) throw new Error(read.message);
    const readSyncs = office.sim.syncs.slice();
    const engine = runEngine(read.grid, { generatedAt: "2026-11-26T12:00:00Z" });
    if (!engine.ok) throw new Error(engine.message);
    office.sim.resetLog();
    const t2 = performance.now();
    const result = await gateway.generate(engine.plan);
    const t3 = performance.now();
    const writes = office.sim.syncs;
    const largest = Math.max(...writes.map((s) => s.requestBytes));
    const total = writes.reduce((n, s) => n + s.requestBytes, 0);
    const fits = total <= PAYLOAD_LIMIT_BYTES;
    const target = fits ? (result.syncCount <= 3 ? "≤ 3 syncs: met" : "≤ 3 syncs: NOT met") : largest <= PAYLOAD_LIMIT_BYTES ? "no request > 5 MB: met" : "no request > 5 MB: NOT met";
    const failedReads = readSyncs.filter((s) => s.outcome !== "ok").length;
    console.log(
      `excel  ${String(rows).padStart(7)} items: generate ${result.syncCount} syncs, largest request ${mb(largest)} (all ${mb(total)}), ` +
        `${(t3 - t2).toFixed(0)} ms on the simulator; ${target}. ` +
        `Read pilot: ${readSyncs.length} sync${readSyncs.length === 1 ? "" : "s"}${failedReads ? ` (${failedReads} refused as over 5 MB, then row blocks)` : ""}, ` +
        `largest response ${mb(Math.max(...readSyncs.filter((s) => s.outcome === "ok").map((s) => s.responseBytes)))}, ${(t1 - t0).toFixed(0)} ms`,
    );
  } finally {
    office.uninstall();
  }
}

async function main(): Promise<void> {
  for (const rows of [1_000, 20_000, 100_000]) await benchmark(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
