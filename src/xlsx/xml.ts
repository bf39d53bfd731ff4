/**
 * Just enough XML for targeted edits of OOXML parts: a scanner that records where each element
 * starts and ends in the source text (so untouched text is kept as written), attribute access,
 * escaping, and a splice list to apply edits.
 */

export interface XmlElement {
  /** Qualified name as written, e.g. `x:sheet` or `sheet`. */
  name: string;
  localName: string;
  /** Namespace prefix as written, "" when none. */
  prefix: string;
  /** Attributes by qualified name, values decoded. */
  attrs: Map<string, string>;
  /** Offset of `<` of the start tag. */
  start: number;
  /** Offset just after the start tag's `>`. */
  openEnd: number;
  /** Offset of `</` of the end tag (equals `openEnd` for an empty-element tag). */
  closeStart: number;
  /** Offset just after the element. */
  end: number;
  selfClosing: boolean;
  children: XmlElement[];
}

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlSyntaxError";
  }
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function splitName(name: string): { prefix: string; localName: string } {
  const colon = name.indexOf(":");
  return colon < 0 ? { prefix: "", localName: name } : { prefix: name.slice(0, colon), localName: name.slice(colon + 1) };
}

/** Parse the element structure of a document; returns the root element. */
export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const n = xml.length;
  for (;;) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 63 /* ? */) {
      const e = xml.indexOf("?>", lt + 2);
      if (e < 0) throw new XmlSyntaxError("Unterminated processing instruction");
      i = e + 2;
      continue;
    }
    if (next === 33 /* ! */) {
      if (xml.startsWith("<!--", lt)) {
        const e = xml.indexOf("-->", lt + 4);
        if (e < 0) throw new XmlSyntaxError("Unterminated comment");
        i = e + 3;
      } else if (xml.startsWith("<![CDATA[", lt)) {
        const e = xml.indexOf("]]>", lt + 9);
        if (e < 0) throw new XmlSyntaxError("Unterminated CDATA section");
        i = e + 3;
      } else {
        const e = xml.indexOf(">", lt + 2);
        if (e < 0) throw new XmlSyntaxError("Unterminated declaration");
        i = e + 1;
      }
      continue;
    }
    if (next === 47 /* / */) {
      const e = xml.indexOf(">", lt + 2);
      if (e < 0) throw new XmlSyntaxError("Unterminated end tag");
      const name = xml.slice(lt + 2, e).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlSyntaxError(`Unexpected end tag </${name}>`);
      open.closeStart = lt;
      open.end = e + 1;
      i = e + 1;
      continue;
    }
    // Start tag: find its `>` outside quoted attribute values.
    let j = lt + 1;
    let quote = 0;
    for (; j < n; j++) {
      const c = xml.charCodeAt(j);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62 /* > */) break;
    }
    if (j >= n) throw new XmlSyntaxError("Unterminated start tag");
    const selfClosing = xml.charCodeAt(j - 1) === 47;
    const inner = xml.slice(lt + 1, selfClosing ? j - 1 : j);
    const nameMatch = /^[^\s/>]+/.exec(inner);
    if (!nameMatch) throw new XmlSyntaxError("Start tag without a name");
    const name = nameMatch[0];
    const attrs = new Map<string, string>();
    ATTRIBUTE.lastIndex = name.length;
    for (let m = ATTRIBUTE.exec(inner); m; m = ATTRIBUTE.exec(inner)) {
      attrs.set(m[1] ?? "", decodeEntities(m[2] ?? m[3] ?? ""));
    }
    const element: XmlElement = {
      name,
      ...splitName(name),
      attrs,
      start: lt,
      openEnd: j + 1,
      closeStart: j + 1,
      end: j + 1,
      selfClosing,
      children: [],
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (!root) root = element;
    else throw new XmlSyntaxError("More than one root element");
    if (!selfClosing) stack.push(element);
    i = j + 1;
  }
  if (stack.length > 0) throw new XmlSyntaxError(`Unclosed element <${stack[stack.length - 1]?.name ?? ""}>`);
  if (!root) throw new XmlSyntaxError("No root element");
  return root;
}

export function childrenNamed(element: XmlElement, localName: string): XmlElement[] {
  return element.children.filter((c) => c.localName === localName);
}

export function firstChild(element: XmlElement, localName: string): XmlElement | undefined {
  return element.children.find((c) => c.localName === localName);
}

/** The attribute with this local name, whatever its prefix (unprefixed preferred). */
export function attr(element: XmlElement, localName: string): string | undefined {
  const direct = element.attrs.get(localName);
  if (direct !== undefined) return direct;
  for (const [key, value] of element.attrs) if (key.endsWith(`:${localName}`)) return value;
  return undefined;
}

/** The prefix bound to a namespace URI on this element, "" for the default namespace, undefined if none. */
export function prefixFor(element: XmlElement, namespaceUri: string): string | undefined {
  for (const [key, value] of element.attrs) {
    if (value !== namespaceUri) continue;
    if (key === "xmlns") return "";
    if (key.startsWith("xmlns:")) return key.slice(6);
  }
  return undefined;
}

/** The namespace URI bound to the element's own prefix (declared on the element itself). */
export function namespaceOf(element: XmlElement): string | undefined {
  return element.attrs.get(element.prefix ? `xmlns:${element.prefix}` : "xmlns");
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;

export function decodeEntities(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    switch (body) {
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "amp":
        return "&";
      case "quot":
        return '"';
      case "apos":
        return "'";
      default: {
        const code = body[1] === "x" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
      }
    }
  });
}

/** Character data of an element with markup removed (for simple text elements such as `<t>`). */
export function innerText(xml: string, element: XmlElement): string {
  return element.selfClosing ? "" : textBetween(xml, element.openEnd, element.closeStart);
}

/** Character data between two offsets: entities decoded, CDATA sections unwrapped, markup removed. */
export function textBetween(xml: string, from: number, to: number): string {
  const raw = xml.slice(from, to);
  if (raw.indexOf("<") < 0) return decodeEntities(raw);
  let out = "";
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>|<[^>]*>|([^<]+)/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    if (m[1] !== undefined) out += m[1];
    else if (m[2] !== undefined) out += decodeEntities(m[2]);
  }
  return out;
}

/** Characters not allowed in XML 1.0 (besides tab, LF, CR), and lone surrogates. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(XML_INVALID, "\uFFFD");
}

export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

/**
 * SpreadsheetML string content (`ST_Xstring`): control characters are written as `_xHHHH_`, and a
 * literal `_xHHHH_` in the text is protected as `_x005F_xHHHH_` so Excel does not decode it.
 */
export function escapeSpreadsheetText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const encoded = text.replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, (c) =>
    `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
  return escapeText(encoded);
}

/** Decode SpreadsheetML `_xHHHH_` escapes in text read from a part. */
export function decodeSpreadsheetText(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Rewrite a start tag with some attributes set (string) or removed (null), keeping the rest as written. */
export function rewriteStartTag(xml: string, element: XmlElement, changes: Readonly<Record<string, string | null>>): string {
  let tag = xml.slice(element.start, element.openEnd);
  for (const [name, value] of Object.entries(changes)) {
    const re = new RegExp(`(\\s)${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*(?:"[^"]*"|'[^']*')`);
    if (re.test(tag)) {
      tag = tag.replace(re, value === null ? "" : `$1${name}="${escapeAttr(value)}"`);
    } else if (value !== null) {
      const closeAt = tag.endsWith("/>") ? tag.length - 2 : tag.length - 1;
      tag = `${tag.slice(0, closeAt).replace(/\s+$/, "")} ${name}="${escapeAttr(value)}"${tag.slice(closeAt)}`;
    }
  }
  return tag;
}

interface Splice {
  start: number;
  end: number;
  text: string;
  seq: number;
}

/** A list of non-overlapping replacements applied at once, from the end of the text backwards. */
export class XmlEdits {
  private readonly splices: Splice[] = [];

  replace(start: number, end: number, text: string): void {
    this.splices.push({ start, end, text, seq: this.splices.length });
  }

  insert(at: number, text: string): void {
    this.replace(at, at, text);
  }

  remove(element: XmlElement): void {
    this.replace(element.start, element.end, "");
  }

  /** Append children inside an element (turning an empty-element tag into start and end tags). */
  appendChildren(xml: string, element: XmlElement, text: string, startTagChanges: Readonly<Record<string, string | null>> = {}): void {
    if (element.selfClosing) {
      const tag = rewriteStartTag(xml, element, startTagChanges);
      this.replace(element.start, element.end, `${tag.slice(0, -2).replace(/\s+$/, "")}>${text}</${element.name}>`);
    } else {
      if (Object.keys(startTagChanges).length > 0) this.replace(element.start, element.openEnd, rewriteStartTag(xml, element, startTagChanges));
      this.insert(element.closeStart, text);
    }
  }

  get size(): number {
    return this.splices.length;
  }

  apply(xml: string): string {
    const sorted = [...this.splices].sort((a, b) => a.start - b.start || a.end - b.end || a.seq - b.seq);
    const parts: string[] = [];
    let at = 0;
    for (const s of sorted) {
      if (s.start < at) throw new Error("Overlapping XML edits");
      parts.push(xml.slice(at, s.start), s.text);
      at = s.end;
    }
    parts.push(xml.slice(at));
    return parts.join("");
  }
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
