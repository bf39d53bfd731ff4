// Bundles the command-line front end (src/cli) into dist/cli.cjs for `npx pilot-to-production`.
// Runs on `npm install` (prepare) so the CLI works right after the README's install command.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/run.ts"],
  outfile: "dist/cli.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
