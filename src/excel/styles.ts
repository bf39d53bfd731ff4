/**
 * The plan's style specs translated into `Range.format`, and Excel's column width units.
 */
import type { StyleSpec } from "../domain/styles";
import { actionBytes, objectPathBytes } from "./requestSize";

/** Maximum digit width of Calibri 11, Excel's default font, in pixels. */
const DIGIT_WIDTH_PX = 7;
/** Cell padding Excel adds to a column, in pixels. */
const COLUMN_PADDING_PX = 5;

/**
 * Column width in Excel character units (what the Excel UI and .xlsx files use) -> points (what
 * `Range.format.columnWidth` takes). 8.43 characters is Excel's default 64 px = 48 pt.
 */
export function columnWidthPoints(characters: number): number {
  const pixels = Math.round(characters * DIGIT_WIDTH_PX + COLUMN_PADDING_PX);
  return (pixels * 3) / 4;
}

/** Queues the spec's formatting on a range. Only what the spec says is set: new sheets start at Excel's defaults. */
export function applyStyle(format: Excel.RangeFormat, spec: StyleSpec): void {
  if (spec.bold) format.font.bold = true;
  if (spec.italic) format.font.italic = true;
  if (spec.fontSize !== undefined) format.font.size = spec.fontSize;
  if (spec.fontColor) format.font.color = spec.fontColor;
  if (spec.fillColor) format.fill.color = spec.fillColor;
  if (spec.wrapText) format.wrapText = true;
  if (spec.horizontalAlignment) {
    const alignment = { left: "Left", center: "Center", right: "Right" } as const;
    format.horizontalAlignment = alignment[spec.horizontalAlignment];
  }
  if (spec.borderTop) setThinBorder(format.borders.getItem("EdgeTop"));
  if (spec.borderBottom) setThinBorder(format.borders.getItem("EdgeBottom"));
}

function setThinBorder(border: Excel.RangeBorder): void {
  border.style = "Continuous";
  border.weight = "Thin";
  border.color = "#000000";
}

/** Estimated request bytes of `applyStyle` on one range (including the range's own object path). */
export function styleRequestBytes(spec: StyleSpec, address: string): number {
  let bytes = objectPathBytes(address) + objectPathBytes(null) * 2; // range, format, font
  const set = (value: unknown) => (bytes += actionBytes(value));
  if (spec.bold) set(true);
  if (spec.italic) set(true);
  if (spec.fontSize !== undefined) set(spec.fontSize);
  if (spec.fontColor) set(spec.fontColor);
  if (spec.fillColor) {
    bytes += objectPathBytes(null);
    set(spec.fillColor);
  }
  if (spec.wrapText) set(true);
  if (spec.horizontalAlignment) set("Center");
  for (const edge of [spec.borderTop, spec.borderBottom]) {
    if (!edge) continue;
    bytes += objectPathBytes(null) + objectPathBytes("EdgeBottom");
    set("Continuous");
    set("Thin");
    set("#000000");
  }
  return bytes;
}
