// Browser end-to-end test of the task pane (`npm run test:e2e`).
//
// 1. Builds the production bundle with `--env e2e` into test-output/e2e-dist: the same
//    taskpane.html as production (Office.js from the CDN) plus e2e.html, which loads the Excel API
//    simulator (test/e2e/office-simulator.ts) with a sample workbook instead of the CDN script.
// 2. Serves it on 127.0.0.1 and opens it in Debian's Chromium (/usr/bin/chromium, headless)
//    through playwright-core: no browser is downloaded, no request leaves the machine.
// 3. Runs the cases in test/e2e/cases.mjs, saves screenshots of each step to docs/screenshots/,
//    prints the bundle size and time to first render, and ends with "N passed, M failed".
//
// Options: --no-build (reuse test-output/e2e-dist), --only <substring>, --headed (debugging).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { cases } from "../test/e2e/cases.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const distDir = path.join(root, "test-output", "e2e-dist");
const screenshotDir = path.join(root, "docs", "screenshots");
const failureDir = path.join(root, "test-output", "e2e-failures");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CASE_TIMEOUT_MS = 120_000;

const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;

function log(line = "") {
  process.stdout.write(`${line}\n`);
}

function build() {
  log("Building the production bundle with the e2e page (webpack --mode production --env e2e) ...");
  const started = Date.now();
  const result = spawnSync("npx", ["webpack", "--mode", "production", "--env", "e2e"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ADDIN_BASE_URL: "" },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    throw new Error(`webpack failed (exit ${result.status})`);
  }
  log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** gzip -9 sizes of the task pane's JavaScript: what taskpane.html loads, and every chunk. */
export function measureBundle(dir) {
  const html = readFileSync(path.join(dir, "taskpane.html"), "utf8");
  const initial = [...html.matchAll(/<script[^>]+src="?([^"\s>]+\.js)"?/g)]
    .map((m) => m[1])
    .filter((src) => !/^https?:/.test(src));
  const gz = (file) => gzipSync(readFileSync(path.join(dir, file)), { level: 9 }).length;
  const all = readdirSync(dir).filter((f) => f.endsWith(".js") && !/^(commands|office-simulator)\./.test(f));
  const initialBytes = initial.reduce((sum, f) => sum + gz(f), 0);
  const totalBytes = all.reduce((sum, f) => sum + gz(f), 0);
  const rawBytes = all.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
  return { initial, all, initialBytes, totalBytes, rawBytes };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

function serve(dir) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, "") || "e2e.html";
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, baseUrl: `http://127.0.0.1:${port}` });
    });
  });
}

async function main() {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  if (!args.includes("--no-build")) build();
  mkdirSync(screenshotDir, { recursive: true });
  mkdirSync(failureDir, { recursive: true });

  const bundle = measureBundle(distDir);
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  log(
    `Task pane JavaScript (gzip -9): ${kb(bundle.initialBytes)} loaded by taskpane.html ` +
      `(${bundle.initial.join(", ")}), ${kb(bundle.totalBytes)} with lazy chunks; ${kb(bundle.rawBytes)} minified`,
  );

  const { server, baseUrl } = await serve(distDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !args.includes("--headed"),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ].filter((a) => a !== "--headless" || !args.includes("--headed")),
  });

  const context = { browser, baseUrl, distDir, screenshotDir, root, bundle, log, metrics: {} };
  let passed = 0;
  let failed = 0;
  const selected = cases.filter((c) => !only || c.name.includes(only));
  for (const testCase of selected) {
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        testCase.run(context),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${CASE_TIMEOUT_MS / 1000} s`)), CASE_TIMEOUT_MS);
        }),
      ]);
      passed++;
      log(`  ✓ ${testCase.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      log(`  ✗ ${testCase.name} (${Date.now() - started} ms)`);
      log(
        `      ${(error instanceof Error ? (error.stack ?? error.message) : String(error)).split("\n").join("\n      ")}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  await browser.close();
  server.close();

  const m = context.metrics;
  if (m.firstRenderMs !== undefined)
    log(
      `First render in headless Chromium: median ${m.firstRenderMs.toFixed(0)} ms over ${m.firstRenderRuns} loads (min ${m.firstRenderMinMs.toFixed(0)} ms)`,
    );
  if (m.generateSyncs !== undefined)
    log(`Generation on the sample workbook: ${m.generateSyncs} syncs, largest request ${m.largestRequestBytes} bytes`);
  // For `npm run bench` and the closing notes: the figures of this run, as JSON.
  writeFileSync(
    path.join(root, "test-output", "e2e-metrics.json"),
    `${JSON.stringify(
      {
        taskpaneJs: {
          initialGzipBytes: bundle.initialBytes,
          totalGzipBytes: bundle.totalBytes,
          minifiedBytes: bundle.rawBytes,
        },
        firstRender:
          m.firstRenderMs === undefined
            ? null
            : { medianMs: m.firstRenderMs, minMs: m.firstRenderMinMs, runs: m.firstRenderRuns },
        sampleGeneration:
          m.generateSyncs === undefined ? null : { syncs: m.generateSyncs, largestRequestBytes: m.largestRequestBytes },
        twentyThousandLines: m.big ?? null,
        passed,
        failed,
      },
      null,
      2,
    )}\n`,
  );
  if (passed + failed === 0) {
    log("0 passed, 0 failed (no case matched)");
    process.exit(1);
  }
  log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  log("0 passed, 1 failed");
  process.exit(1);
});
