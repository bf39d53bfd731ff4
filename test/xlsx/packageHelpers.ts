import { strFromU8, unzipSync } from "fflate";
import { childrenNamed, attr, firstChild, innerText, parseXml, type XmlElement } from "../../src/xlsx/xml";
import { parseRelationships, resolveTarget, sourcePartOfRels } from "../../src/xlsx/package";

/** Test helpers that look inside .xlsx packages. */

export function entries(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

export function partText(bytes: Uint8Array | Record<string, Uint8Array>, path: string): string {
  const files = bytes instanceof Uint8Array ? entries(bytes) : bytes;
  const data = files[path];
  if (!data) throw new Error(`No part ${path} (parts: ${Object.keys(files).join(", ")})`);
  return strFromU8(data);
}

export interface WorkbookSheetEntry {
  name: string;
  sheetId: string;
  state: string | undefined;
  relId: string;
  part: string;
}

export function workbookSheets(bytes: Uint8Array): WorkbookSheetEntry[] {
  const files = entries(bytes);
  const xml = partText(files, "xl/workbook.xml");
  const rels = parseRelationships(partText(files, "xl/_rels/workbook.xml.rels")).relationships;
  const root = parseXml(xml);
  return childrenNamed(firstChild(root, "sheets") as XmlElement, "sheet").map((s) => {
    const relId = attr(s, "id") ?? "";
    const rel = rels.find((r) => r.id === relId);
    return {
      name: attr(s, "name") ?? "",
      sheetId: attr(s, "sheetId") ?? "",
      state: attr(s, "state"),
      relId,
      part: rel ? resolveTarget("xl/workbook.xml", rel.target) : "",
    };
  });
}

export interface DefinedNameEntry {
  name: string;
  localSheetId: string | undefined;
  value: string;
}

export function definedNames(bytes: Uint8Array): DefinedNameEntry[] {
  const xml = partText(bytes, "xl/workbook.xml");
  const root = parseXml(xml);
  const dn = firstChild(root, "definedNames");
  return (dn ? childrenNamed(dn, "definedName") : []).map((d) => ({
    name: attr(d, "name") ?? "",
    localSheetId: attr(d, "localSheetId"),
    value: innerText(xml, d),
  }));
}

/** Part path of a sheet by name. */
export function sheetPart(bytes: Uint8Array, name: string): string {
  const s = workbookSheets(bytes).find((w) => w.name === name);
  if (!s) throw new Error(`No sheet ${name}`);
  return s.part;
}

/**
 * Structural checks every output must pass: each content-type override names an existing part,
 * each part has a content type, each internal relationship target exists, each sheet resolves.
 */
export function packageProblems(bytes: Uint8Array): string[] {
  const files = entries(bytes);
  const problems: string[] = [];
  const paths = Object.keys(files).filter((p) => !p.endsWith("/"));
  const ct = parseXml(partText(files, "[Content_Types].xml"));
  const overrides = new Set(childrenNamed(ct, "Override").map((o) => (attr(o, "PartName") ?? "").replace(/^\//, "").toLowerCase()));
  const defaults = new Set(childrenNamed(ct, "Default").map((d) => (attr(d, "Extension") ?? "").toLowerCase()));
  for (const o of overrides) if (!paths.some((p) => p.toLowerCase() === o)) problems.push(`override for missing part ${o}`);
  for (const p of paths) {
    if (p === "[Content_Types].xml") continue;
    const ext = p.slice(p.lastIndexOf(".") + 1).toLowerCase();
    if (!overrides.has(p.toLowerCase()) && !defaults.has(ext)) problems.push(`no content type for ${p}`);
    if (!p.endsWith(".rels")) continue;
    const source = sourcePartOfRels(p) ?? "";
    if (source !== "" && !paths.includes(source)) problems.push(`relationships ${p} of missing part ${source}`);
    for (const r of parseRelationships(partText(files, p)).relationships) {
      if (r.external) continue;
      const target = resolveTarget(source, r.target);
      if (!paths.some((q) => q.toLowerCase() === target.toLowerCase())) problems.push(`${p} ${r.id} → missing ${target}`);
    }
  }
  for (const s of workbookSheets(bytes)) if (!s.part || !files[s.part]) problems.push(`sheet ${s.name} has no part`);
  return problems;
}

/** Parts that nothing refers to (orphans left by a removal). */
export function unreferencedParts(bytes: Uint8Array): string[] {
  const files = entries(bytes);
  const referenced = new Set<string>();
  for (const p of Object.keys(files)) {
    if (!p.endsWith(".rels")) continue;
    const source = sourcePartOfRels(p) ?? "";
    for (const r of parseRelationships(partText(files, p)).relationships) if (!r.external) referenced.add(resolveTarget(source, r.target));
  }
  return Object.keys(files).filter(
    (p) => !p.endsWith(".rels") && p !== "[Content_Types].xml" && !p.endsWith("/") && !referenced.has(p),
  );
}
