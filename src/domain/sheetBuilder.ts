import type { StyleKey } from "./styles";
import type { PlanCell, PlanRow } from "./workbookPlan";

export const TEXT_FORMAT = "@";

/** Assembles a sheet's rows cell by cell with 1-based row numbers and 0-based column indexes. */
export class SheetBuilder {
  private readonly rows: (PlanCell | null)[][] = [];

  set(row: number, col: number, cell: PlanCell | null): void {
    const r = (this.rows[row - 1] ??= []);
    while (r.length < col) r.push(null);
    r[col] = cell;
  }

  /**
   * A text cell, formatted as text (`@`) so that a label such as `=cmd|...` stays text in every
   * renderer and when a user later edits the cell.
   */
  text(row: number, col: number, text: string, style?: StyleKey): void {
    this.set(row, col, style ? { kind: "text", text, style, numberFormat: TEXT_FORMAT } : { kind: "text", text, numberFormat: TEXT_FORMAT });
  }

  number(row: number, col: number, value: number, numberFormat?: string, style?: StyleKey): void {
    this.set(row, col, { kind: "number", value, ...(numberFormat ? { numberFormat } : {}), ...(style ? { style } : {}) });
  }

  formula(row: number, col: number, formula: string, numberFormat?: string, style?: StyleKey): void {
    this.set(row, col, { kind: "formula", formula, ...(numberFormat ? { numberFormat } : {}), ...(style ? { style } : {}) });
  }

  /** A header row: one text cell per label, starting at `col`. */
  headers(row: number, col: number, labels: readonly string[], style: StyleKey = "columnHeader"): void {
    labels.forEach((label, i) => {
      if (label !== "") this.text(row, col + i, label, style);
    });
  }

  build(): PlanRow[] {
    const out: PlanRow[] = [];
    for (let i = 0; i < this.rows.length; i++) out.push(this.rows[i] ?? []);
    return out;
  }
}
