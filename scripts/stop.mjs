// `npm stop`: stops the dev server that `npm start` started (by the process id it recorded), and
// removes the manifest copy `npm start -- --mac` made.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { alive, DEV_SERVER_PID_FILE as PID_FILE, MAC_SIDELOADED_MANIFEST } from "./addin-config.mjs";

async function main() {
  if (process.platform === "darwin") {
    if (existsSync(MAC_SIDELOADED_MANIFEST)) {
      rmSync(MAC_SIDELOADED_MANIFEST);
      console.log(`Removed ${MAC_SIDELOADED_MANIFEST}.`);
    }
  }
  if (!existsSync(PID_FILE)) {
    console.log("No dev server started by `npm start` is recorded; nothing to stop.");
    return;
  }
  const { pid } = JSON.parse(readFileSync(PID_FILE, "utf8"));
  if (!alive(pid)) {
    console.log(`The dev server (pid ${pid}) is not running any more.`);
    rmSync(PID_FILE, { force: true });
    return;
  }
  // npm start made the server the leader of its own process group: stop the group (npx + webpack).
  const signal = (sig) => {
    try {
      process.kill(process.platform === "win32" ? pid : -pid, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) signal("SIGKILL");
  rmSync(PID_FILE, { force: true });
  console.log(`Stopped the dev server (pid ${pid}).`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
