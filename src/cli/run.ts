import { main } from "./main";

/** Entry point of the bundled command (dist/cli.cjs). */
main(process.argv.slice(2)).then(
  (code) => {
    if (process.env.P2P_REPORT_MEMORY === "1") process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS * 1024}\n`);
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
