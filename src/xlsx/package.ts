import { strFromU8, strToU8 } from "fflate";
import { attr, childrenNamed, escapeAttr, parseXml, XmlEdits, type XmlElement } from "./xml";
import { DeflateWriter, inflateDeflated, inflateEntry, readZip, writeZip, type ZipEntry } from "./zip";

/**
 * An OPC package (the zip behind .xlsx) held as its entries. Entries nobody changes keep their
 * exact bytes — even their compressed form in the archive; only parts that are set or deleted
 * differ in the output.
 */

export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackageError";
  }
}

export const CONTENT_TYPES_PATH = "[Content_Types].xml";

export const REL_TYPES = {
  officeDocument: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
  worksheet: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
  styles: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
  sharedStrings: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings",
  calcChain: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain",
  drawing: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
  chart: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart",
} as const;

export const CONTENT_TYPES = {
  worksheet: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  styles: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
  relationships: "application/vnd.openxmlformats-package.relationships+xml",
} as const;

export const RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

/** Deflate level of new and changed parts: fast; generated sheets are large and repetitive. */
const DEFLATE_LEVEL = 1;

/** Extensions whose data is already compressed: stored without deflate. */
const STORED_EXTENSIONS = /\.(png|jpe?g|gif|tiff?|wdp|jpeg|mp3|mp4|zip)$/i;

export class XlsxPackage {
  /** Path → the entry as stored in the original archive, or new data. Map order = archive order. */
  private readonly entries = new Map<string, ZipEntry>();
  /** Lower-cased path → path as stored (OPC part names are case-insensitive). */
  private readonly byLowerCase = new Map<string, string>();

  private constructor() {}

  static fromBytes(bytes: Uint8Array): XlsxPackage {
    if (isCompoundFile(bytes)) throw new PackageError(COMPOUND_FILE_MESSAGE);
    let entries: { name: string; entry: ZipEntry }[];
    try {
      entries = readZip(bytes);
    } catch (error) {
      throw new PackageError(`The file is not a valid .xlsx package (zip): ${error instanceof Error ? error.message : String(error)}`);
    }
    const pkg = new XlsxPackage();
    for (const { name, entry } of entries) {
      if (pkg.byLowerCase.has(name.toLowerCase())) continue;
      pkg.entries.set(name, entry);
      pkg.byLowerCase.set(name.toLowerCase(), name);
    }
    if (!pkg.has(CONTENT_TYPES_PATH)) throw new PackageError("The file is not an Office Open XML package: [Content_Types].xml is missing.");
    return pkg;
  }

  /** Entry paths in their original order (new entries at the end). */
  paths(): string[] {
    return [...this.entries.keys()];
  }

  has(path: string): boolean {
    return this.byLowerCase.has(normalise(path).toLowerCase());
  }

  /** The path as stored, resolving a different capitalisation. */
  actualPath(path: string): string | undefined {
    return this.byLowerCase.get(normalise(path).toLowerCase());
  }

  /** The entry's content (inflated on demand; entries never read are never inflated). */
  get(path: string): Uint8Array | undefined {
    const actual = this.actualPath(path);
    const entry = actual === undefined ? undefined : this.entries.get(actual);
    if (!entry) return undefined;
    if (entry.kind === "data") return entry.data;
    try {
      return entry.kind === "deflated" ? inflateDeflated(actual ?? "", entry.deflated) : inflateEntry(entry.entry);
    } catch (error) {
      throw new PackageError(`The part ${actual} is damaged: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  getText(path: string): string | undefined {
    const data = this.get(path);
    return data === undefined ? undefined : decodeXmlBytes(data);
  }

  set(path: string, data: Uint8Array | string): void {
    this.setEntry(path, { kind: "data", data: typeof data === "string" ? strToU8(data) : data });
  }

  /**
   * Sets a part whose text `produce` writes in pieces: they are encoded and deflated as they come,
   * so a large part (a generated sheet of 100k rows) never exists in memory as one string.
   */
  setStreamed(path: string, produce: (write: (text: string) => void) => void): void {
    const writer = new DeflateWriter(DEFLATE_LEVEL);
    produce((text) => writer.write(text));
    this.setEntry(path, { kind: "deflated", deflated: writer.finish() });
  }

  private setEntry(path: string, entry: ZipEntry): void {
    const p = normalise(path);
    const existing = this.actualPath(p);
    if (existing !== undefined) this.entries.set(existing, entry);
    else {
      this.entries.set(p, entry);
      this.byLowerCase.set(p.toLowerCase(), p);
    }
  }

  delete(path: string): boolean {
    const actual = this.actualPath(path);
    if (actual === undefined) return false;
    this.entries.delete(actual);
    this.byLowerCase.delete(actual.toLowerCase());
    return true;
  }

  /** The package as a zip: unchanged entries copied as stored, the others deflated. */
  toBytes(): Uint8Array {
    return writeZip(
      [...this.entries].map(([name, entry]) => ({ name, entry })),
      { level: DEFLATE_LEVEL, storeUncompressed: STORED_EXTENSIONS },
    );
  }
}

/** OLE compound files (D0 CF 11 E0): Excel 97-2003 .xls, or an encrypted (password-protected) .xlsx. */
export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

export const COMPOUND_FILE_MESSAGE =
  "The file is an Excel 97-2003 workbook (.xls) or a password-protected workbook. Save it as an unprotected Excel Workbook (.xlsx) and run again.";

function normalise(path: string): string {
  return path.replace(/^\/+/, "");
}

/** Decode an XML part: UTF-8 (with or without BOM) or UTF-16 with BOM. */
export function decodeXmlBytes(data: Uint8Array): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return strFromU8(data.subarray(3));
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data.subarray(2));
  return strFromU8(data);
}

/** Text to write back for a part that was decoded with `decodeXmlBytes` (always UTF-8). */
export function encodeXmlText(xml: string): Uint8Array {
  return strToU8(xml.replace(/^(<\?xml[^>]*encoding=)(["'])UTF-16\2/i, '$1"UTF-8"'));
}

// ---------------------------------------------------------------------------------------------
// Part names and relationships

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; `` (package) → `_rels/.rels`. */
export function relsPathFor(partPath: string): string {
  const p = normalise(partPath);
  if (p === "") return "_rels/.rels";
  const slash = p.lastIndexOf("/");
  return `${p.slice(0, slash + 1)}_rels/${p.slice(slash + 1)}.rels`;
}

/** The part a relationships part describes (inverse of `relsPathFor`), or undefined. */
export function sourcePartOfRels(relsPath: string): string | undefined {
  const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(normalise(relsPath));
  if (!m) return undefined;
  return `${m[1] ?? ""}${m[2] ?? ""}`;
}

export function directoryOf(partPath: string): string {
  const p = normalise(partPath);
  const slash = p.lastIndexOf("/");
  return slash < 0 ? "" : p.slice(0, slash + 1);
}

/** Resolve a relationship target against its source part; returns a path without leading `/`. */
export function resolveTarget(sourcePart: string, target: string): string {
  const decoded = safeDecodeUri(target.split("#")[0] ?? "");
  const base = decoded.startsWith("/") ? [] : directoryOf(sourcePart).split("/").filter(Boolean);
  for (const seg of decoded.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") base.pop();
    else base.push(seg);
  }
  return base.join("/");
}

function safeDecodeUri(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/** A relative target from one part to another, e.g. from `xl/workbook.xml` to `xl/worksheets/sheet4.xml`. */
export function relativeTarget(fromPart: string, toPart: string): string {
  const from = directoryOf(fromPart).split("/").filter(Boolean);
  const to = normalise(toPart).split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => ".."), ...to.slice(common)].join("/");
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
  element: XmlElement;
}

export interface RelationshipsPart {
  xml: string;
  root: XmlElement;
  relationships: Relationship[];
}

export function parseRelationships(xml: string): RelationshipsPart {
  const root = parseXml(xml);
  const relationships = childrenNamed(root, "Relationship").map((element) => ({
    id: attr(element, "Id") ?? "",
    type: attr(element, "Type") ?? "",
    target: attr(element, "Target") ?? "",
    external: (attr(element, "TargetMode") ?? "").toLowerCase() === "external",
    element,
  }));
  return { xml, root, relationships };
}

export function readRelationships(pkg: XlsxPackage, sourcePart: string): RelationshipsPart | undefined {
  const xml = pkg.getText(relsPathFor(sourcePart));
  return xml === undefined ? undefined : parseRelationships(xml);
}

export function relationshipXml(id: string, type: string, target: string): string {
  return `<Relationship Id="${escapeAttr(id)}" Type="${escapeAttr(type)}" Target="${escapeAttr(target)}"/>`;
}

export function relationshipsPartXml(relationships: readonly { id: string; type: string; target: string }[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<Relationships xmlns="${RELATIONSHIPS_NS}">` +
    relationships.map((r) => relationshipXml(r.id, r.type, r.target)).join("") +
    "</Relationships>"
  );
}

/** A relationship id not used in the part: `rId<n>` above the highest numbered one. */
export function nextRelationshipIds(existing: Iterable<string>): () => string {
  const used = new Set(existing);
  let n = 0;
  for (const id of used) {
    const m = /^rId(\d+)$/.exec(id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return () => {
    let id: string;
    do id = `rId${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
}

/** Internal targets (resolved part paths) of every relationships part in the package, except those of `excludeSources`. */
export function referencedParts(pkg: XlsxPackage, excludeSources: ReadonlySet<string>): Set<string> {
  const referenced = new Set<string>();
  for (const path of pkg.paths()) {
    if (!path.endsWith(".rels")) continue;
    const source = sourcePartOfRels(path);
    if (source === undefined || excludeSources.has(source.toLowerCase())) continue;
    const xml = pkg.getText(path);
    if (xml === undefined) continue;
    let rels: RelationshipsPart;
    try {
      rels = parseRelationships(xml);
    } catch {
      continue;
    }
    for (const r of rels.relationships) if (!r.external) referenced.add(resolveTarget(source, r.target).toLowerCase());
  }
  return referenced;
}

/**
 * Delete parts and, recursively, the parts only they refer to (drawings, charts, chart styles …),
 * with their relationships parts. A part still referenced from elsewhere is kept. Returns the
 * deleted part paths (without their .rels).
 */
export function deletePartsWithDependents(pkg: XlsxPackage, roots: readonly string[]): string[] {
  const candidates = new Set<string>();
  const queue = roots.map((r) => normalise(r));
  while (queue.length > 0) {
    const part = queue.pop();
    if (part === undefined || candidates.has(part.toLowerCase()) || !pkg.has(part)) continue;
    candidates.add(part.toLowerCase());
    const rels = readRelationships(pkg, part);
    for (const r of rels?.relationships ?? []) if (!r.external) queue.push(resolveTarget(part, r.target));
  }
  // Keep dependents that something outside the candidate set still refers to (and what they refer to).
  const referenced = referencedParts(pkg, candidates);
  const rootSet = new Set(roots.map((r) => normalise(r).toLowerCase()));
  const keep = new Set<string>();
  const keepQueue = [...candidates].filter((c) => !rootSet.has(c) && referenced.has(c));
  while (keepQueue.length > 0) {
    const part = keepQueue.pop();
    if (part === undefined || keep.has(part)) continue;
    keep.add(part);
    const actual = pkg.actualPath(part);
    const rels = actual === undefined ? undefined : readRelationships(pkg, actual);
    for (const r of rels?.relationships ?? [])
      if (!r.external && actual !== undefined) keepQueue.push(resolveTarget(actual, r.target).toLowerCase());
  }
  const deleted: string[] = [];
  for (const part of candidates) {
    if (keep.has(part)) continue;
    const actual = pkg.actualPath(part);
    if (actual === undefined) continue;
    pkg.delete(actual);
    pkg.delete(relsPathFor(actual));
    deleted.push(actual);
  }
  return deleted;
}

// ---------------------------------------------------------------------------------------------
// [Content_Types].xml

export interface ContentTypeChanges {
  /** Part paths whose `<Override>` is removed (case-insensitive). */
  removeOverrides: readonly string[];
  addOverrides: readonly { partName: string; contentType: string }[];
  /** `<Default>` entries added when their extension has none. */
  ensureDefaults: readonly { extension: string; contentType: string }[];
}

export function editContentTypes(xml: string, changes: ContentTypeChanges): string {
  const root = parseXml(xml);
  const edits = new XmlEdits();
  const p = root.prefix ? `${root.prefix}:` : "";
  const removed = new Set(changes.removeOverrides.map((x) => `/${normalise(x)}`.toLowerCase()));
  const added = new Set(changes.addOverrides.map((x) => `/${normalise(x.partName)}`.toLowerCase()));
  for (const o of childrenNamed(root, "Override")) {
    const name = (attr(o, "PartName") ?? "").toLowerCase();
    if (removed.has(name) || added.has(name)) edits.remove(o);
  }
  const defaults = new Set(childrenNamed(root, "Default").map((d) => (attr(d, "Extension") ?? "").toLowerCase()));
  let text = "";
  for (const d of changes.ensureDefaults) {
    if (defaults.has(d.extension.toLowerCase())) continue;
    defaults.add(d.extension.toLowerCase());
    text += `<${p}Default Extension="${escapeAttr(d.extension)}" ContentType="${escapeAttr(d.contentType)}"/>`;
  }
  for (const o of changes.addOverrides)
    text += `<${p}Override PartName="/${escapeAttr(normalise(o.partName))}" ContentType="${escapeAttr(o.contentType)}"/>`;
  if (text) edits.appendChildren(xml, root, text);
  return edits.size === 0 ? xml : edits.apply(xml);
}
