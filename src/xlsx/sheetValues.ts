import type { SourceCell } from "../domain/source";
import { parseCellAddress } from "./a1";
import { attr, childrenNamed, decodeSpreadsheetText, firstChild, innerText, parseXml, type XmlElement } from "./xml";

/**
 * Cell values of a small worksheet part read straight from its XML (used for the add-in's state
 * sheet inside a package, without loading the whole workbook). Formula cells give their cached
 * value, or null when the file has none.
 */

/** Text of a `<si>` or `<is>` element: its `<t>` and rich-text runs, without phonetic runs. */
export function stringItemText(xml: string, item: XmlElement): string {
  let text = "";
  for (const child of item.children) {
    if (child.localName === "t") text += innerText(xml, child);
    else if (child.localName === "r") {
      const t = firstChild(child, "t");
      if (t) text += innerText(xml, t);
    }
  }
  return decodeSpreadsheetText(text);
}

export function readSharedStrings(xml: string): string[] {
  const root = parseXml(xml);
  return childrenNamed(root, "si").map((si) => stringItemText(xml, si));
}

/** Row-major values from A1 (ragged rows; missing cells are absent or null). */
export function readSheetValues(xml: string, sharedStrings: readonly string[]): SourceCell[][] {
  const root = parseXml(xml);
  const sheetData = firstChild(root, "sheetData");
  const rows: SourceCell[][] = [];
  if (!sheetData) return rows;
  let rowNumber = 0;
  for (const row of childrenNamed(sheetData, "row")) {
    const r = Number(attr(row, "r"));
    rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
    const values: SourceCell[] = [];
    let column = 0;
    for (const c of childrenNamed(row, "c")) {
      const ref = attr(c, "r");
      const pos = ref ? parseCellAddress(ref) : undefined;
      column = pos ? pos.column : column + 1;
      while (values.length < column - 1) values.push(null);
      values[column - 1] = cellValue(xml, c, sharedStrings);
    }
    rows[rowNumber - 1] = values;
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

function cellValue(xml: string, c: XmlElement, sharedStrings: readonly string[]): SourceCell {
  const type = attr(c, "t") ?? "n";
  if (type === "inlineStr") {
    const is = firstChild(c, "is");
    return is ? stringItemText(xml, is) : null;
  }
  const v = firstChild(c, "v");
  if (!v) return null;
  const raw = innerText(xml, v);
  switch (type) {
    case "s":
      return sharedStrings[Number(raw)] ?? null;
    case "str":
      return decodeSpreadsheetText(raw);
    case "b":
      return raw.trim() === "1" || raw.trim().toLowerCase() === "true";
    case "e":
      return { error: raw.trim() };
    default: {
      const n = Number(raw);
      return raw.trim() !== "" && Number.isFinite(n) ? n : raw;
    }
  }
}
