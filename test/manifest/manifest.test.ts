// @vitest-environment jsdom
/**
 * Offline structural check of manifest.xml (office-addin-manifest validate needs an online
 * service). Parses the XML with jsdom's DOMParser and checks what the Office manifest schema and
 * the store's validation reject: element order, resource references, https URLs, host, permission,
 * requirement set, icons.
 */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addinBaseUrl, DEV_BASE_URL, rewriteManifest } from "../../scripts/addin-config.mjs";

const root = path.resolve(__dirname, "../..");
const xml = readFileSync(path.join(root, "manifest.xml"), "utf8");
const doc = new DOMParser().parseFromString(xml, "application/xml");
const officeApp = doc.documentElement;

const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
};

function children(el: Element, localName?: string): Element[] {
  return Array.from(el.children).filter((c) => localName === undefined || c.localName === localName);
}

function child(el: Element, localName: string): Element {
  const found = children(el, localName);
  if (found.length !== 1)
    throw new Error(`<${el.localName}> should have exactly one <${localName}>, has ${found.length}`);
  return found[0] as Element;
}

function all(el: Element): Element[] {
  return Array.from(el.getElementsByTagName("*"));
}

function xsiType(el: Element): string | null {
  return el.getAttributeNS(NS.xsi, "type");
}

/**
 * Children of OfficeApp for a TaskPaneApp, in schema order (OfficeAppManifest v1.1: the OfficeApp
 * base sequence, then the TaskPaneApp extension). `required` per the schema's minOccurs.
 */
const OFFICE_APP_SEQUENCE: ReadonlyArray<{ name: string; required: boolean }> = [
  { name: "Id", required: true },
  { name: "AlternateId", required: false },
  { name: "Version", required: true },
  { name: "ProviderName", required: true },
  { name: "DefaultLocale", required: true },
  { name: "DisplayName", required: true },
  { name: "Description", required: true },
  { name: "IconUrl", required: false },
  { name: "HighResolutionIconUrl", required: false },
  { name: "SupportUrl", required: false },
  { name: "AppDomains", required: false },
  { name: "Hosts", required: false },
  { name: "Requirements", required: false },
  { name: "DefaultSettings", required: true },
  { name: "Permissions", required: true },
  { name: "Dictionary", required: false },
  { name: "VersionOverrides", required: false },
];

/** VersionOverrides (TaskPane 1.0) children in schema order. */
const VERSION_OVERRIDES_SEQUENCE = [
  "Description",
  "Requirements",
  "Hosts",
  "Resources",
  "WebApplicationInfo",
  "EquivalentAddins",
];

/** Which Resources collection a `resid` must resolve in, by the referencing element. */
function resourceKindFor(el: Element): "Images" | "Urls" | "ShortStrings" | "LongStrings" {
  const name = el.localName;
  const parent = el.parentElement?.localName ?? "";
  if (name === "Image") return "Images";
  if (name === "SourceLocation" || name === "FunctionFile" || name === "LearnMoreUrl") return "Urls";
  if (name === "Description" && (parent === "Supertip" || parent === "GetStarted" || parent === "VersionOverrides"))
    return "LongStrings";
  if (name === "Label" || name === "Title") return "ShortStrings";
  throw new Error(`Unexpected resid on <${name}> inside <${parent}>`);
}

function resources(): Map<string, { kind: string; value: string }> {
  const res = child(child(officeApp, "VersionOverrides"), "Resources");
  const map = new Map<string, { kind: string; value: string }>();
  for (const collection of children(res)) {
    for (const entry of children(collection)) {
      const id = entry.getAttribute("id") ?? "";
      if (map.has(id)) throw new Error(`Duplicate resource id ${id}`);
      map.set(id, { kind: collection.localName, value: entry.getAttribute("DefaultValue") ?? "" });
    }
  }
  return map;
}

/** Every URL-valued setting of the manifest: DefaultValue of URL elements plus bt:Image/bt:Url. */
function urls(manifest: Document): string[] {
  const found: string[] = [];
  for (const el of Array.from(manifest.getElementsByTagName("*"))) {
    const v = el.getAttribute("DefaultValue");
    if (v === null) continue;
    const isUrlElement =
      ["IconUrl", "HighResolutionIconUrl", "SupportUrl", "SourceLocation"].includes(el.localName) ||
      ((el.localName === "Image" || el.localName === "Url") && el.namespaceURI === NS.bt);
    if (isUrlElement) found.push(v);
  }
  for (const el of Array.from(manifest.getElementsByTagName("*"))) {
    if (el.localName === "AppDomain" && el.textContent) found.push(el.textContent.trim());
  }
  return found;
}

function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(buf.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe("manifest.xml", () => {
  it("is well-formed XML with an OfficeApp TaskPaneApp root in the 1.1 namespace", () => {
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    expect(officeApp.localName).toBe("OfficeApp");
    expect(officeApp.namespaceURI).toBe(NS.app);
    expect(xsiType(officeApp)).toBe("TaskPaneApp");
  });

  it("lists the OfficeApp children in schema order, with every required element", () => {
    const names = children(officeApp).map((c) => c.localName);
    const order = OFFICE_APP_SEQUENCE.map((e) => e.name);
    for (const name of names) expect(order, `unknown OfficeApp child <${name}>`).toContain(name);
    const positions = names.map((n) => order.indexOf(n));
    expect(positions, `order was ${names.join(", ")}`).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(names).size, "an OfficeApp child appears twice").toBe(names.length);
    for (const e of OFFICE_APP_SEQUENCE.filter((x) => x.required)) expect(names).toContain(e.name);
  });

  it("has a GUID id, a four-part version and short display texts", () => {
    expect(child(officeApp, "Id").textContent?.trim()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    );
    expect(child(officeApp, "Version").textContent?.trim()).toMatch(/^\d{1,5}(\.\d{1,5}){3}$/);
    expect(child(officeApp, "DisplayName").getAttribute("DefaultValue")?.length).toBeLessThanOrEqual(125);
    expect(child(officeApp, "Description").getAttribute("DefaultValue")?.length).toBeLessThanOrEqual(250);
  });

  it("targets Excel workbooks only", () => {
    const hosts = children(child(officeApp, "Hosts"), "Host").map((h) => h.getAttribute("Name"));
    expect(hosts).toEqual(["Workbook"]);
    const overrideHosts = children(child(child(officeApp, "VersionOverrides"), "Hosts"), "Host").map(xsiType);
    expect(overrideHosts).toEqual(["Workbook"]);
  });

  it("asks for the least permission that can write the budget sheets: ReadWriteDocument", () => {
    expect(child(officeApp, "Permissions").textContent?.trim()).toBe("ReadWriteDocument");
  });

  it("requires ExcelApi 1.7", () => {
    const sets = child(child(officeApp, "Requirements"), "Sets");
    const set = children(sets, "Set");
    expect(
      set.map((s) => [s.getAttribute("Name"), s.getAttribute("MinVersion") ?? sets.getAttribute("DefaultMinVersion")]),
    ).toEqual([["ExcelApi", "1.7"]]);
  });

  it("orders VersionOverrides children per the TaskPane 1.0 schema", () => {
    const vo = child(officeApp, "VersionOverrides");
    expect(vo.namespaceURI).toBe(NS.ov);
    expect(xsiType(vo)).toBe("VersionOverridesV1_0");
    const positions = children(vo).map((c) => VERSION_OVERRIDES_SEQUENCE.indexOf(c.localName));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("resolves every resid to a Resources entry of the right kind, and every resource is used", () => {
    const res = resources();
    const used = new Set<string>();
    const referencing = all(officeApp).filter((el) => el.hasAttribute("resid"));
    expect(referencing.length).toBeGreaterThan(5);
    for (const el of referencing) {
      const id = el.getAttribute("resid") ?? "";
      expect(id.length, `resid on <${el.localName}> is longer than 32 characters`).toBeLessThanOrEqual(32);
      const entry = res.get(id);
      expect(entry, `resid "${id}" on <${el.localName}> has no Resources entry`).toBeDefined();
      expect(entry?.kind, `resid "${id}" on <${el.localName}>`).toBe(resourceKindFor(el));
      used.add(id);
    }
    for (const id of res.keys()) expect(used, `resource ${id} is never referenced`).toContain(id);
    for (const [id, entry] of res) {
      if (entry.kind === "ShortStrings") expect(entry.value.length, id).toBeLessThanOrEqual(125);
      if (entry.kind === "LongStrings") expect(entry.value.length, id).toBeLessThanOrEqual(250);
    }
  });

  it("puts a button on the Home tab that shows the task pane page of DefaultSettings", () => {
    const host = child(child(child(officeApp, "VersionOverrides"), "Hosts"), "Host");
    const desktop = child(host, "DesktopFormFactor");
    const point = child(desktop, "ExtensionPoint");
    expect(xsiType(point)).toBe("PrimaryCommandSurface");
    const tab = child(point, "OfficeTab");
    expect(tab.getAttribute("id")).toBe("TabHome");
    const control = child(child(tab, "Group"), "Control");
    expect(xsiType(control)).toBe("Button");
    const action = child(control, "Action");
    expect(xsiType(action)).toBe("ShowTaskpane");
    const resid = child(action, "SourceLocation").getAttribute("resid") ?? "";
    const taskpaneUrl = child(child(officeApp, "DefaultSettings"), "SourceLocation").getAttribute("DefaultValue");
    expect(resources().get(resid)?.value).toBe(taskpaneUrl);
    expect(taskpaneUrl).toBe(`${DEV_BASE_URL}taskpane.html`);
    // Button icons in the three sizes the ribbon uses.
    const sizes = children(child(control, "Icon"), "Image").map((i) => i.getAttribute("size"));
    expect(sizes).toEqual(["16", "32", "80"]);
  });

  it("uses https for every URL", () => {
    const list = urls(doc);
    expect(list.length).toBeGreaterThanOrEqual(8);
    for (const u of list) expect(new URL(u).protocol, u).toBe("https:");
  });

  it("points its icons at PNG files in assets/ of the declared sizes", () => {
    const expected: Array<[string, number]> = [
      [child(officeApp, "IconUrl").getAttribute("DefaultValue") ?? "", 32],
      [child(officeApp, "HighResolutionIconUrl").getAttribute("DefaultValue") ?? "", 64],
    ];
    for (const [id, entry] of resources())
      if (entry.kind === "Images") expected.push([entry.value, Number(/(\d+)x\d+$/.exec(id)?.[1] ?? 0)]);
    for (const [url, size] of expected) {
      expect(url.startsWith(DEV_BASE_URL), url).toBe(true);
      const file = path.join(root, url.slice(DEV_BASE_URL.length));
      expect(existsSync(file), file).toBe(true);
      expect(pngSize(file)).toEqual({ width: size, height: size });
    }
    for (const size of [16, 32, 64, 80, 128])
      expect(pngSize(path.join(root, `assets/icon-${size}.png`))).toEqual({ width: size, height: size });
  });

  it("points every page URL at a page the build emits", () => {
    for (const u of urls(doc).filter((x) => x.endsWith(".html"))) {
      const page = u.slice(DEV_BASE_URL.length);
      const source = {
        "taskpane.html": "src/taskpane/taskpane.html",
        "commands.html": "src/commands/commands.html",
        "support.html": "src/support.html",
      }[page];
      expect(source, `no source for ${page}`).toBeDefined();
      expect(existsSync(path.join(root, source ?? ""))).toBe(true);
    }
  });
});

describe("production base URL", () => {
  it("rewrites every development URL and keeps the manifest valid", () => {
    const base = addinBaseUrl("https://addins.example.com/pilot-to-production");
    expect(base).toBe("https://addins.example.com/pilot-to-production/");
    const rewritten = rewriteManifest(xml, base);
    expect(rewritten).not.toContain("localhost");
    const parsed = new DOMParser().parseFromString(rewritten, "application/xml");
    expect(parsed.getElementsByTagName("parsererror")).toHaveLength(0);
    const list = urls(parsed);
    expect(list.length).toBe(urls(doc).length);
    for (const u of list) expect(u.startsWith(base), u).toBe(true);
  });

  it("defaults to https://localhost:3000/ and refuses http", () => {
    expect(addinBaseUrl("")).toBe(DEV_BASE_URL);
    expect(() => addinBaseUrl("http://example.com/")).toThrow(/https/);
    expect(() => addinBaseUrl("not a url")).toThrow(/not a URL/);
  });
});
