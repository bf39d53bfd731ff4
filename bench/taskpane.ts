/**
 * Task pane benchmark: builds the production bundle and measures the task pane's JavaScript (gzip)
 * and its time to first render in headless Chromium, by running the end-to-end harness's
 * first-render case (Debian's /usr/bin/chromium, the Excel API simulator in place of office.js).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const metricsFile = path.join(root, "test-output", "e2e-metrics.json");

if (!existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) {
  console.log("taskpane: Chromium not installed (apt-get install chromium): no bundle or first-render figures");
} else {
  const r = spawnSync(process.execPath, ["scripts/test-e2e.mjs", "--only", "first render"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) {
    console.log(`taskpane: the first-render run failed:\n${r.stdout}\n${r.stderr}`);
    process.exitCode = 1;
  } else {
    const m = JSON.parse(readFileSync(metricsFile, "utf8")) as {
      taskpaneJs: { initialGzipBytes: number; totalGzipBytes: number; minifiedBytes: number };
      firstRender: { medianMs: number; minMs: number; runs: number };
    };
    const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
    const js = m.taskpaneJs;
    console.log(
      `taskpane JavaScript (gzip -9): ${kb(js.initialGzipBytes)} loaded by taskpane.html, ${kb(js.totalGzipBytes)} with the chunks loaded after first render ` +
        `(${kb(js.minifiedBytes)} minified); target ≤ 130 KB: ${js.totalGzipBytes <= 130_000 ? "met" : js.initialGzipBytes <= 130_000 ? "met for the initial load only" : "NOT met"}`,
    );
    console.log(
      `taskpane first render in headless Chromium: median ${m.firstRender.medianMs.toFixed(0)} ms over ${m.firstRender.runs} loads (min ${m.firstRender.minMs.toFixed(0)} ms); target < 1 s: ${m.firstRender.medianMs < 1000 ? "met" : "NOT met"}`,
    );
  }
}
