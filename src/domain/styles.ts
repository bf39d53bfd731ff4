/** Cell styles the plan refers to by key; each renderer translates a spec into its own API. */
export type StyleKey =
  | "title"
  | "subtitle"
  | "note"
  | "sectionHeader"
  | "columnHeader"
  | "label"
  | "input"
  | "calc"
  | "total"
  | "check"
  | "warning";

export interface StyleSpec {
  bold?: boolean;
  italic?: boolean;
  /** Font size in points; renderers use the workbook default when absent. */
  fontSize?: number;
  /** `#RRGGBB` */
  fontColor?: string;
  /** `#RRGGBB` solid fill */
  fillColor?: string;
  borderTop?: boolean;
  borderBottom?: boolean;
  wrapText?: boolean;
  horizontalAlignment?: "left" | "center" | "right";
}

/**
 * Finance modelling convention: inputs in blue on a light yellow fill, calculations in black,
 * totals bold with a rule above.
 */
export const STYLE_SPECS: Readonly<Record<StyleKey, StyleSpec>> = {
  title: { bold: true, fontSize: 14, fontColor: "#1F3864" },
  subtitle: { italic: true, fontColor: "#595959" },
  note: { italic: true, fontColor: "#595959" },
  sectionHeader: { bold: true, fontSize: 12, fontColor: "#1F3864", borderBottom: true },
  columnHeader: { bold: true, fillColor: "#D9E1F2", borderBottom: true, wrapText: true },
  label: {},
  input: { fontColor: "#0000FF", fillColor: "#FFF2CC" },
  calc: {},
  total: { bold: true, borderTop: true },
  check: { bold: true, fontColor: "#375623" },
  warning: { italic: true, fontColor: "#C00000" },
};
