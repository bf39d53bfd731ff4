// The README's test command (`npm test`): system programs, type check, lint, unit + recalculation
// tests (vitest, LibreOffice as oracle) and the browser end-to-end test (headless Chromium).
import { spawnSync } from "node:child_process";
import { ensureSystemDeps } from "./ensure-system-deps.mjs";

ensureSystemDeps();

const steps = [
  ["Type check", "npm", ["run", "--silent", "typecheck"]],
  ["Lint", "npm", ["run", "--silent", "lint"]],
  ["Unit, contract and LibreOffice recalculation tests", "npx", ["vitest", "run"]],
  ["Browser end-to-end test", "npm", ["run", "--silent", "test:e2e"]],
];

for (const [title, cmd, args] of steps) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(" ")}`);
  const result = spawnSync(cmd, args, { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
console.log("\nAll test steps passed.");
