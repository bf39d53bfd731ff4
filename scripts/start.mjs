// `npm start`: starts the webpack dev server (https://localhost:3000 with office-addin-dev-certs,
// plain http when no trusted certificate can be made) in the background and prints how to
// sideload manifest.xml in Excel. `npm stop` stops it.
//
//   npm start                 dev server + sideloading instructions
//   npm start -- --mac        also copy manifest.xml into Excel for Mac's sideload folder (macOS)
//
// office-addin-debugging (which automates sideloading) is not used: it needs native modules.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { alive, DEV_PORT, DEV_SERVER_PID_FILE as PID_FILE, MAC_SIDELOADED_MANIFEST, MAC_WEF_DIR } from "./addin-config.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LOG_FILE = path.join(root, "test-output", "dev-server.log");
const STARTUP_TIMEOUT_MS = 180_000;

function probe(protocol) {
  const client = protocol === "https" ? https : http;
  return new Promise((resolve) => {
    const req = client.get(
      { host: "localhost", port: DEV_PORT, path: "/taskpane.html", rejectUnauthorized: false, timeout: 2000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
  });
}

async function running() {
  if (await probe("https")) return "https";
  if (await probe("http")) return "http";
  return null;
}

function instructions(protocol) {
  const base = `${protocol}://localhost:${DEV_PORT}/`;
  const manifest = path.join(root, "manifest.xml");
  const lines = [
    "",
    `Dev server: ${base}taskpane.html   (log: ${path.relative(root, LOG_FILE)}, stop with: npm stop)`,
    "",
  ];
  if (protocol === "http")
    lines.push(
      "WARNING: no trusted localhost certificate, so the server speaks plain http. Excel only loads https",
      "add-ins: run `npx office-addin-dev-certs install` (needs admin rights), then `npm stop && npm start`.",
      "",
    );
  lines.push(
    `Sideload ${manifest}:`,
    "",
    "  Excel on the web: open a workbook at https://www.office.com, then Home > Add-ins > More Add-ins",
    "    (or Insert > Add-ins) > Upload My Add-in, and choose manifest.xml.",
    "",
    "  Excel on Windows: share a folder that holds manifest.xml (e.g. \\\\YOUR-PC\\addins); in Excel, File >",
    "    Options > Trust Center > Trust Center Settings > Trusted Add-in Catalogs, add the share's path,",
    "    tick Show in Menu, restart Excel, then Home > Add-ins > More Add-ins > Shared Folder.",
    "",
    "  Excel on Mac: copy manifest.xml to",
    "    ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/  (create wef if missing;",
    "    `npm start -- --mac` does it), restart Excel, then Home > Add-ins > My Add-ins.",
    "",
    "Then choose Home > Pilot to Production.",
    "",
  );
  return lines.join("\n");
}

function sideloadOnMac() {
  if (process.platform !== "darwin") {
    console.log("--mac: not on macOS, nothing copied.");
    return;
  }
  mkdirSync(MAC_WEF_DIR, { recursive: true });
  copyFileSync(path.join(root, "manifest.xml"), MAC_SIDELOADED_MANIFEST);
  console.log(`Copied manifest.xml to ${MAC_SIDELOADED_MANIFEST}; restart Excel to see the add-in.`);
}

async function main() {
  if (process.argv.includes("--mac")) sideloadOnMac();
  const already = await running();
  if (already) {
    console.log(`A dev server already answers on port ${DEV_PORT}.`);
    console.log(instructions(already));
    return;
  }
  if (existsSync(PID_FILE)) {
    const stale = JSON.parse(readFileSync(PID_FILE, "utf8"));
    if (!alive(stale.pid)) rmSync(PID_FILE, { force: true });
  }
  mkdirSync(path.dirname(LOG_FILE), { recursive: true });
  const out = openSync(LOG_FILE, "a");
  const child = spawn("npx", ["webpack", "serve", "--mode", "development"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", out, out],
    env: process.env,
  });
  child.unref();
  writeFileSync(PID_FILE, JSON.stringify({ pid: child.pid, startedAt: new Date().toISOString() }));
  console.log(`Starting the dev server (pid ${child.pid}) ...`);

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!alive(child.pid)) {
      console.error(`The dev server exited during start-up; see ${LOG_FILE}`);
      rmSync(PID_FILE, { force: true });
      process.exit(1);
    }
    const protocol = await running();
    if (protocol) {
      console.log(instructions(protocol));
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.error(`The dev server did not answer within ${STARTUP_TIMEOUT_MS / 1000} s; see ${LOG_FILE}`);
  process.exit(1);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
