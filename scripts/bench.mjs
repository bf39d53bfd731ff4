// `npm run bench`: builds the benchmark entries with esbuild and runs each, printing figures.
// Benchmarks measure; they never fail on a timing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";

const out = mkdtempSync(path.join(tmpdir(), "p2p-bench-build-"));
const entries = ["bench/engine.ts", "bench/cli.ts", "bench/excel.ts", "bench/taskpane.ts"].filter((e) => existsSync(e));
await build({
  entryPoints: entries,
  outdir: out,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  packages: "external",
  logLevel: "warning",
});
console.log(`Pilot to Production benchmarks (node ${process.version}, ${process.platform}/${process.arch})`);
for (const entry of entries) {
  const file = path.join(out, `${path.basename(entry, ".ts")}.js`);
  const r = spawnSync(process.execPath, ["--expose-gc", file], { stdio: "inherit", env: { ...process.env, NODE_PATH: path.resolve("node_modules") } });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
