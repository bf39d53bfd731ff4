// `npm stop`: stops the dev server that `npm start` started (by the process id it recorded), and
// removes the manifest copy `npm start -- --mac` made.
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const PID_FILE = path.join(os.tmpdir(), "pilot-to-production-dev-server.json");

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  if (process.platform === "darwin") {
    const copy = path.join(
      os.homedir(),
      "Library/Containers/com.microsoft.Excel/Data/Documents/wef/pilot-to-production.manifest.xml",
    );
    if (existsSync(copy)) {
      rmSync(copy);
      console.log(`Removed ${copy}.`);
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
