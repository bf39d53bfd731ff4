// Build-time settings of the add-in shared by webpack.config.js, the start/stop scripts and the
// tests: where the add-in is hosted (manifest URL rewrite), the task pane's Content-Security-Policy,
// and where `npm start` records its dev server and sideloads the manifest on a Mac.
import os from "node:os";
import path from "node:path";

export const DEV_BASE_URL = "https://localhost:3000/";
export const DEV_PORT = 3000;
export const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const OFFICE_JS_ORIGIN = "https://appsforoffice.microsoft.com";

/** Where `npm start` records the dev server's process id for `npm stop`. */
export const DEV_SERVER_PID_FILE = path.join(os.tmpdir(), "pilot-to-production-dev-server.json");
/** Excel for Mac's sideload folder and the manifest copy `npm start -- --mac` puts there. */
export const MAC_WEF_DIR = path.join(os.homedir(), "Library/Containers/com.microsoft.Excel/Data/Documents/wef");
export const MAC_SIDELOADED_MANIFEST = path.join(MAC_WEF_DIR, "pilot-to-production.manifest.xml");

/** Whether a process with this id is running. */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Normalised production base URL from ADDIN_BASE_URL (default https://localhost:3000/): https, trailing slash. */
export function addinBaseUrl(value = process.env.ADDIN_BASE_URL) {
  const raw = (value ?? "").trim() || DEV_BASE_URL;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ADDIN_BASE_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== "https:") throw new Error(`ADDIN_BASE_URL must be an https URL (Office requires it): ${raw}`);
  if (url.search || url.hash) throw new Error(`ADDIN_BASE_URL must not have a query or fragment: ${raw}`);
  const href = url.href;
  return href.endsWith("/") ? href : `${href}/`;
}

/** The manifest with every development URL (https://localhost:3000/...) moved to `baseUrl`. */
export function rewriteManifest(xml, baseUrl) {
  const escaped = baseUrl.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return xml.split(DEV_BASE_URL).join(escaped);
}

/**
 * Content-Security-Policy of the add-in's pages: scripts only from this origin and the Office.js
 * CDN (office.js loads its host-specific scripts from the same origin). Styles allow inline
 * because Fluent UI (Griffel) and Office.js insert style elements at run time. No 'unsafe-eval'
 * anywhere: development builds use a non-eval source map. The dev server adds its reload socket.
 */
export function contentSecurityPolicy({ dev = false } = {}) {
  const connect = ["'self'", OFFICE_JS_ORIGIN];
  if (dev) connect.push(`wss://localhost:${DEV_PORT}`, `ws://localhost:${DEV_PORT}`);
  return [
    "default-src 'self'",
    `script-src 'self' ${OFFICE_JS_ORIGIN}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    `frame-src 'self' ${OFFICE_JS_ORIGIN}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}
