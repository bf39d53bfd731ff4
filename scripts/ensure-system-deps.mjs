// Makes sure the two system programs the tests use are present, and installs them from Debian's
// packages when they are missing: LibreOffice Calc (the recalculation oracle) and Chromium (the
// browser for the end-to-end test). Says what it installs and why before it does.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PACKAGES = [
  { name: "libreoffice-calc", why: "recalculates the written workbooks (test oracle)", present: () => hasCommand("soffice") },
  { name: "chromium", why: "runs the task pane end-to-end test headless", present: () => existsSync("/usr/bin/chromium") },
];

function hasCommand(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

export function ensureSystemDeps() {
  const missing = PACKAGES.filter((p) => !p.present());
  if (missing.length === 0) return;
  console.log("The tests need these Debian packages, which are missing:");
  for (const p of missing) console.log(`  - ${p.name}: ${p.why}`);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const prefix = isRoot ? [] : hasCommand("sudo") ? ["sudo"] : null;
  if (!hasCommand("apt-get") || prefix === null) {
    console.error(
      `Install them yourself, then run the tests again:\n  apt-get install -y --no-install-recommends ${missing.map((p) => p.name).join(" ")}`,
    );
    process.exit(1);
  }
  const names = missing.map((p) => p.name);
  console.log(`Installing with apt-get (about 400 MB, a few minutes): ${names.join(" ")}`);
  const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? args : args.slice(1), { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  run(["apt-get", "update", "-qq"]);
  run(["apt-get", "install", "-y", "--no-install-recommends", ...names]);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
