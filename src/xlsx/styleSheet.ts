import { STYLE_SPECS, type StyleKey, type StyleSpec } from "../domain/styles";
import { PlanRenderError, UnsupportedWorkbookError } from "./errors";
import { attr, childrenNamed, escapeAttr, firstChild, parseXml, XmlEdits, XML_DECLARATION, type XmlElement } from "./xml";

/**
 * Appends the fonts, fills, borders, number formats and cell formats the generated cells need to a
 * workbook's existing styles part, leaving every existing entry (and so every index the user's
 * cells use) where it was.
 */

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** Built-in number formats whose code does not depend on the locale. */
const BUILTIN_NUMBER_FORMATS: ReadonlyMap<string, number> = new Map([
  ["general", 0],
  ["0", 1],
  ["0.00", 2],
  ["#,##0", 3],
  ["#,##0.00", 4],
  ["0%", 9],
  ["0.00%", 10],
  ["0.00e+00", 11],
  ["# ?/?", 12],
  ["# ??/??", 13],
  ["##0.0e+0", 48],
  ["@", 49],
]);

/** Child order of `<styleSheet>` (CT_Stylesheet). */
const STYLESHEET_ORDER = [
  "numFmts",
  "fonts",
  "fills",
  "borders",
  "cellStyleXfs",
  "cellXfs",
  "cellStyles",
  "dxfs",
  "tableStyles",
  "colors",
  "extLst",
] as const;

type Collection = "numFmts" | "fonts" | "fills" | "borders" | "cellStyleXfs" | "cellXfs";

/** Entries a collection must start with when the part has none (index 0, and the two reserved fills). */
const SEEDS: Readonly<Record<Collection, readonly string[]>> = {
  numFmts: [],
  fonts: ['<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'],
  fills: ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'],
  borders: ["<border><left/><right/><top/><bottom/><diagonal/></border>"],
  cellStyleXfs: ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'],
  cellXfs: ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'],
};

export const MINIMAL_STYLES_XML =
  XML_DECLARATION +
  `<styleSheet xmlns="${MAIN_NS}">` +
  `<fonts count="1">${SEEDS.fonts.join("")}</fonts>` +
  `<fills count="2">${SEEDS.fills.join("")}</fills>` +
  `<borders count="1">${SEEDS.borders.join("")}</borders>` +
  `<cellStyleXfs count="1">${SEEDS.cellStyleXfs.join("")}</cellStyleXfs>` +
  `<cellXfs count="1">${SEEDS.cellXfs.join("")}</cellXfs>` +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  "</styleSheet>";

export interface CellFormatRequest {
  style?: StyleKey;
  numberFormat?: string;
  /** Excel's "quote prefix": the cell shows text that would otherwise be taken as a formula. */
  quotePrefix?: boolean;
}

/**
 * A comparison key for a style entry: local names, attributes sorted (without namespace
 * declarations and the `apply*` flags), children sorted. Entries Excel re-saved in its own order
 * still match the ones we write.
 */
function canonical(element: XmlElement): string {
  const attrs = [...element.attrs]
    .filter(([k]) => !k.startsWith("xmlns") && !/^apply[A-Z]/.test(k))
    .map(([k, v]) => `${k.replace(/^.*:/, "")}=${v.toUpperCase()}`)
    .sort()
    .join(",");
  const children = element.children.map(canonical).sort().join("");
  return `${element.localName}(${attrs})[${children}]`;
}

function argb(hex: string): string {
  const m = /^#?([0-9a-fA-F]{6})$/.exec(hex.trim());
  if (!m) throw new PlanRenderError(`Not a #RRGGBB colour: ${hex}`);
  return `FF${(m[1] ?? "").toUpperCase()}`;
}

export class StyleSheetWriter {
  private readonly xml: string;
  private readonly root: XmlElement;
  /** `x:` when the part uses a prefix for the main namespace. */
  private readonly p: string;
  private readonly existingCount: Record<Collection, number>;
  private readonly added: Record<Collection, string[]> = {
    numFmts: [],
    fonts: [],
    fills: [],
    borders: [],
    cellStyleXfs: [],
    cellXfs: [],
  };
  /** Raw XML of the part's existing entries → index. */
  private readonly existingEntries: Record<Collection, Map<string, number>> = {
    numFmts: new Map(),
    fonts: new Map(),
    fills: new Map(),
    borders: new Map(),
    cellStyleXfs: new Map(),
    cellXfs: new Map(),
  };
  private readonly numberFormatIds = new Map<string, number>();
  private nextNumberFormatId = 164;
  private readonly fontIds = new Map<string, number>();
  private readonly fillIds = new Map<string, number>();
  private readonly borderIds = new Map<string, number>();
  private readonly xfIds = new Map<string, number>();
  /** Raw children of the workbook's default font (index 0), the base for every font we add. */
  private readonly baseFont: { size: string; color: string; rest: string };

  constructor(xml: string | undefined) {
    this.xml = xml ?? MINIMAL_STYLES_XML;
    this.root = parseXml(this.xml);
    if (this.root.localName !== "styleSheet") throw new UnsupportedWorkbookError("The styles part is not a SpreadsheetML styleSheet.");
    this.p = this.root.prefix ? `${this.root.prefix}:` : "";
    const count = (name: Collection, child: string): number => {
      const el = firstChild(this.root, name);
      return el ? childrenNamed(el, child).length : SEEDS[name].length;
    };
    this.existingCount = {
      numFmts: count("numFmts", "numFmt"),
      fonts: count("fonts", "font"),
      fills: count("fills", "fill"),
      borders: count("borders", "border"),
      cellStyleXfs: count("cellStyleXfs", "xf"),
      cellXfs: count("cellXfs", "xf"),
    };
    const numFmts = firstChild(this.root, "numFmts");
    for (const nf of numFmts ? childrenNamed(numFmts, "numFmt") : []) {
      const id = Number(attr(nf, "numFmtId"));
      const code = attr(nf, "formatCode");
      if (!Number.isInteger(id)) continue;
      if (code !== undefined && !this.numberFormatIds.has(code)) this.numberFormatIds.set(code, id);
      this.nextNumberFormatId = Math.max(this.nextNumberFormatId, id + 1);
    }
    this.baseFont = this.readBaseFont();
    const childNames: Record<Collection, string> = {
      numFmts: "numFmt",
      fonts: "font",
      fills: "fill",
      borders: "border",
      cellStyleXfs: "xf",
      cellXfs: "xf",
    };
    for (const collection of ["fonts", "fills", "borders", "cellXfs"] as const) {
      const el = firstChild(this.root, collection);
      const entries = this.existingEntries[collection];
      (el ? childrenNamed(el, childNames[collection]) : []).forEach((child, index) => {
        const key = canonical(child);
        if (!entries.has(key)) entries.set(key, index);
      });
    }
  }

  private readBaseFont(): { size: string; color: string; rest: string } {
    const fonts = firstChild(this.root, "fonts");
    const font0 = fonts ? firstChild(fonts, "font") : undefined;
    const p = this.p;
    if (!font0) return { size: "11", color: `<${p}color theme="1"/>`, rest: `<${p}name val="Calibri"/><${p}family val="2"/><${p}scheme val="minor"/>` };
    const raw = (el: XmlElement | undefined) => (el ? this.xml.slice(el.start, el.end) : "");
    const size = attr(firstChild(font0, "sz") ?? font0, "val") ?? "11";
    const rest = ["name", "family", "charset", "scheme"].map((n) => raw(firstChild(font0, n))).join("");
    return { size, color: raw(firstChild(font0, "color")), rest };
  }

  /** The cellXfs index for a cell of this style and number format; 0 (the workbook default) when plain. */
  cellFormat(request: CellFormatRequest): number {
    const key = `${request.style ?? ""}\u0000${request.numberFormat ?? ""}\u0000${request.quotePrefix ? 1 : 0}`;
    const cached = this.xfIds.get(key);
    if (cached !== undefined) return cached;
    const spec: StyleSpec = request.style ? STYLE_SPECS[request.style] : {};
    const numFmtId = this.numberFormat(request.numberFormat);
    const fontId = this.font(spec);
    const fillId = this.fill(spec);
    const borderId = this.border(spec);
    const alignment =
      spec.wrapText || spec.horizontalAlignment
        ? `<${this.p}alignment${spec.horizontalAlignment ? ` horizontal="${spec.horizontalAlignment}"` : ""}${spec.wrapText ? ' wrapText="1"' : ""}/>`
        : "";
    let id = 0;
    if (numFmtId !== 0 || fontId !== 0 || fillId !== 0 || borderId !== 0 || alignment || request.quotePrefix) {
      const attrs =
        `numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"` +
        (numFmtId !== 0 ? ' applyNumberFormat="1"' : "") +
        (fontId !== 0 ? ' applyFont="1"' : "") +
        (fillId !== 0 ? ' applyFill="1"' : "") +
        (borderId !== 0 ? ' applyBorder="1"' : "") +
        (alignment ? ' applyAlignment="1"' : "") +
        (request.quotePrefix ? ' quotePrefix="1"' : "");
      id = this.add("cellXfs", alignment ? `<${this.p}xf ${attrs}>${alignment}</${this.p}xf>` : `<${this.p}xf ${attrs}/>`);
    }
    this.xfIds.set(key, id);
    return id;
  }

  private add(collection: Collection, xml: string): number {
    // Reuse an identical entry already in the part (e.g. written by a previous generation), so that
    // regenerating does not grow the styles part.
    const existing = this.existingEntries[collection].get(canonical(parseXml(xml)));
    if (existing !== undefined) return existing;
    const list = this.added[collection];
    list.push(xml);
    return this.existingCount[collection] + list.length - 1;
  }

  private numberFormat(code: string | undefined): number {
    if (code === undefined || code === "") return 0;
    const builtin = BUILTIN_NUMBER_FORMATS.get(code.toLowerCase());
    if (builtin !== undefined) return builtin;
    const existing = this.numberFormatIds.get(code);
    if (existing !== undefined) return existing;
    const id = this.nextNumberFormatId++;
    this.added.numFmts.push(`<${this.p}numFmt numFmtId="${id}" formatCode="${escapeAttr(code)}"/>`);
    this.numberFormatIds.set(code, id);
    return id;
  }

  private font(spec: StyleSpec): number {
    if (!spec.bold && !spec.italic && spec.fontSize === undefined && spec.fontColor === undefined) return 0;
    const key = `${spec.bold ? "b" : ""}${spec.italic ? "i" : ""}|${spec.fontSize ?? ""}|${spec.fontColor ?? ""}`;
    const cached = this.fontIds.get(key);
    if (cached !== undefined) return cached;
    const p = this.p;
    const size = spec.fontSize !== undefined ? String(spec.fontSize) : this.baseFont.size;
    const color = spec.fontColor !== undefined ? `<${p}color rgb="${argb(spec.fontColor)}"/>` : this.baseFont.color;
    const id = this.add(
      "fonts",
      `<${p}font>${spec.bold ? `<${p}b/>` : ""}${spec.italic ? `<${p}i/>` : ""}<${p}sz val="${escapeAttr(size)}"/>${color}${this.baseFont.rest}</${p}font>`,
    );
    this.fontIds.set(key, id);
    return id;
  }

  private fill(spec: StyleSpec): number {
    if (spec.fillColor === undefined) return 0;
    const color = argb(spec.fillColor);
    const cached = this.fillIds.get(color);
    if (cached !== undefined) return cached;
    const p = this.p;
    const id = this.add("fills", `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${color}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`);
    this.fillIds.set(color, id);
    return id;
  }

  private border(spec: StyleSpec): number {
    if (!spec.borderTop && !spec.borderBottom) return 0;
    const key = `${spec.borderTop ? "t" : ""}${spec.borderBottom ? "b" : ""}`;
    const cached = this.borderIds.get(key);
    if (cached !== undefined) return cached;
    const p = this.p;
    const edge = (name: string, on: boolean | undefined) =>
      on ? `<${p}${name} style="thin"><${p}color auto="1"/></${p}${name}>` : `<${p}${name}/>`;
    const id = this.add(
      "borders",
      `<${p}border>${edge("left", false)}${edge("right", false)}${edge("top", spec.borderTop)}${edge("bottom", spec.borderBottom)}${edge("diagonal", false)}</${p}border>`,
    );
    this.borderIds.set(key, id);
    return id;
  }

  get changed(): boolean {
    return Object.values(this.added).some((list) => list.length > 0);
  }

  /** The styles part with the new entries appended (the original text when nothing was added). */
  toXml(): string {
    if (!this.changed) return this.xml;
    const edits = new XmlEdits();
    const p = this.p;
    for (const collection of Object.keys(this.added) as Collection[]) {
      const added = this.added[collection];
      const element = firstChild(this.root, collection);
      if (element) {
        if (added.length === 0) continue;
        const total = this.existingCount[collection] + added.length;
        edits.appendChildren(this.xml, element, added.join(""), { count: String(total) });
        continue;
      }
      const seeds = SEEDS[collection].map((s) => (p ? s.replace(/<(\/?)([A-Za-z])/g, `<$1${p}$2`) : s));
      if (added.length === 0 && seeds.length === 0) continue;
      const text = `<${p}${collection} count="${seeds.length + added.length}">${seeds.join("")}${added.join("")}</${p}${collection}>`;
      // Insert before the first existing sibling that comes later in the schema order.
      const order = STYLESHEET_ORDER.indexOf(collection);
      const later = this.root.children.find((c) => {
        const i = STYLESHEET_ORDER.indexOf(c.localName as (typeof STYLESHEET_ORDER)[number]);
        return i > order;
      });
      if (later) edits.insert(later.start, text);
      else edits.appendChildren(this.xml, this.root, text);
    }
    return edits.apply(this.xml);
  }
}
