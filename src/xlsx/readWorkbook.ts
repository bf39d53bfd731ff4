import { readFile } from "node:fs/promises";
import { STATE_SHEET_NAME } from "../domain/savedState";
import type { SourceCell, SourceGrid } from "../domain/source";
import { cellAddress, formatRange, parseCellAddress, parseRange, sameName, type CellRange } from "./a1";
import { COMPOUND_FILE_MESSAGE, isCompoundFile, PackageError, readRelationships, resolveTarget, XlsxPackage } from "./package";
import { findCell, firstCellAtOrAfter, readSharedStrings, scanSheet, type ScannedSheet } from "./sheetValues";
import { attr, childrenNamed, firstChild, parseXml, XmlSyntaxError } from "./xml";
import { ZipFormatError } from "./zip";

/**
 * Reads an input workbook for parsing, straight from its package: the workbook part and its
 * relationships for the sheet list, the styles part for number formats, and — only when a sheet
 * is asked for — the shared strings and that sheet's part, scanned without building an element
 * tree. The file is never written back (`renderPlanIntoPackage` writes the output by adding parts
 * to the original package).
 *
 * Load once with `openInputWorkbook`, then read the sheet list, grids and the saved state from
 * the same object.
 */

export class InputWorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputWorkbookError";
  }
}

export type SheetVisibility = "visible" | "hidden" | "veryHidden";

export interface InputSheetInfo {
  name: string;
  visibility: SheetVisibility;
  /** Range of cells holding values, e.g. `A1:D40`; null for a sheet without values. */
  usedRange: string | null;
}

export interface InputWorkbook {
  /** The worksheets in tab order (chart sheets are not listed). */
  readonly sheets: readonly InputSheetInfo[];
  /** The worksheet with this name (case-insensitive), or undefined. */
  sheet(name: string): InputSheetInfo | undefined;
  /** Range of cells holding values on a sheet (`A1:D40`), or null when it has none. */
  usedRange(sheetName: string): string | null;
  /**
   * A sheet's values, or those of an A1 range on it (`B3:F200`, `B:D`, `3:40`), intersected with
   * the used range so whole columns do not read a million empty rows. Formula cells give their
   * cached result, rich text is flattened to text, dates are Excel serial numbers.
   */
  readGrid(sheetName: string, range?: string): SourceGrid;
  /** The value of one cell (a formula cell gives its cached result). */
  cellValue(sheetName: string, address: string): SourceCell;
  /** The "P2P State" sheet's rows with input references resolved, or null when there is none. */
  readSavedStateRaw(): SourceCell[][] | null;
}

type Source = string | Uint8Array;

/** Relationship types by their last segment, so that transitional and Strict packages both resolve. */
function relType(type: string): string {
  return type.slice(type.lastIndexOf("/") + 1);
}

export async function openInputWorkbook(source: Source): Promise<InputWorkbook> {
  let bytes: Uint8Array;
  if (typeof source === "string") {
    try {
      bytes = await readFile(source);
    } catch (error) {
      throw new InputWorkbookError(`Cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else bytes = source;
  if (isCompoundFile(bytes)) throw new InputWorkbookError(COMPOUND_FILE_MESSAGE);
  const where = typeof source === "string" ? ` ${source}` : "";
  try {
    return new PackageInputWorkbook(XlsxPackage.fromBytes(bytes), where);
  } catch (error) {
    if (error instanceof InputWorkbookError) throw error;
    if (isDamage(error)) throw new InputWorkbookError(`Cannot open${where} as an Excel workbook (.xlsx): ${(error as Error).message}`);
    throw error;
  }
}

/** Convenience: open a workbook and read its saved state rows (see `InputWorkbook.readSavedStateRaw`). */
export async function readSavedStateRaw(source: Source): Promise<SourceCell[][] | null> {
  return (await openInputWorkbook(source)).readSavedStateRaw();
}

function isDamage(error: unknown): boolean {
  return error instanceof PackageError || error instanceof XmlSyntaxError || error instanceof ZipFormatError;
}

// ---------------------------------------------------------------------------------------------
// Number formats

/**
 * Built-in number formats by id (ECMA-376 Part 1, 18.8.30), with the en-US codes Excel uses for
 * the locale-dependent currency and accounting ids 5–8 and 41–44. Files normally spell those out
 * in `<numFmts>`, which wins.
 */
const BUILT_IN_FORMATS: Readonly<Record<number, string>> = {
  0: "General",
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  5: '"$"#,##0_);\\("$"#,##0\\)',
  6: '"$"#,##0_);[Red]\\("$"#,##0\\)',
  7: '"$"#,##0.00_);\\("$"#,##0.00\\)',
  8: '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)',
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)",
  40: "#,##0.00 ;[Red](#,##0.00)",
  41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
  42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
  43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
  44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)',
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
};

/** The number format code of each cell format (`cellXfs` index → code). */
function readCellFormats(xml: string | undefined): string[] {
  if (xml === undefined) return [];
  const root = parseXml(xml);
  const custom = new Map<number, string>();
  const numFmts = firstChild(root, "numFmts");
  for (const f of numFmts ? childrenNamed(numFmts, "numFmt") : []) {
    const id = Number(attr(f, "numFmtId"));
    const code = attr(f, "formatCode");
    if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
  }
  const cellXfs = firstChild(root, "cellXfs");
  return (cellXfs ? childrenNamed(cellXfs, "xf") : []).map((xf) => {
    const id = Number(attr(xf, "numFmtId") ?? 0);
    if (!Number.isInteger(id) || id === 0) return "General";
    return custom.get(id) ?? BUILT_IN_FORMATS[id] ?? "General";
  });
}

// ---------------------------------------------------------------------------------------------
// The workbook

class LazySheetInfo implements InputSheetInfo {
  constructor(
    readonly name: string,
    readonly visibility: SheetVisibility,
    private readonly owner: InputWorkbook,
  ) {}

  /** Computed on first use: it reads the sheet's part. */
  get usedRange(): string | null {
    return this.owner.usedRange(this.name);
  }
}

interface SheetEntry {
  name: string;
  /** Part path, or undefined when the relationship does not lead to a part in the package. */
  partPath: string | undefined;
  scanned?: ScannedSheet;
  /** Whether `scanned` kept formula texts. */
  withFormulas?: boolean;
  used?: CellRange | null;
}

class PackageInputWorkbook implements InputWorkbook {
  readonly sheets: InputSheetInfo[];
  private readonly date1904: boolean;
  private readonly byName = new Map<string, SheetEntry>();
  private readonly sharedStringsPath: string | undefined;
  private readonly stylesPath: string | undefined;
  private sharedStringsCache: string[] | undefined;
  private cellFormatsCache: string[] | undefined;

  constructor(
    private readonly pkg: XlsxPackage,
    private readonly where: string,
  ) {
    const officeDocument = readRelationships(pkg, "")?.relationships.find((r) => relType(r.type) === "officeDocument" && !r.external);
    if (!officeDocument) throw new InputWorkbookError(`Cannot open${where} as an Excel workbook (.xlsx): the package has no workbook part.`);
    const workbookPath = resolveTarget("", officeDocument.target);
    const xml = pkg.getText(workbookPath);
    if (xml === undefined) throw new InputWorkbookError(`Cannot open${where} as an Excel workbook (.xlsx): the workbook part ${workbookPath} is missing.`);
    const root = parseXml(xml);
    if (root.localName !== "workbook") throw new InputWorkbookError(`Cannot open${where} as an Excel workbook (.xlsx): it is not a spreadsheet.`);
    const workbookPr = firstChild(root, "workbookPr");
    const date1904 = (workbookPr ? (attr(workbookPr, "date1904") ?? "") : "").toLowerCase();
    this.date1904 = date1904 === "1" || date1904 === "true";

    const rels = readRelationships(pkg, workbookPath)?.relationships.filter((r) => !r.external) ?? [];
    const partOf = (type: string) => {
      const rel = rels.find((r) => relType(r.type) === type);
      return rel ? resolveTarget(workbookPath, rel.target) : undefined;
    };
    this.sharedStringsPath = partOf("sharedStrings");
    this.stylesPath = partOf("styles");

    const sheetsElement = firstChild(root, "sheets");
    this.sheets = [];
    for (const element of sheetsElement ? childrenNamed(sheetsElement, "sheet") : []) {
      const relId = attr(element, "id");
      const rel = rels.find((r) => r.id === relId);
      if (rel && relType(rel.type) !== "worksheet") continue; // chart sheets, dialog and macro sheets
      const name = attr(element, "name") ?? "";
      const state = attr(element, "state");
      const partPath = rel ? pkg.actualPath(resolveTarget(workbookPath, rel.target)) : undefined;
      this.byName.set(name.toLocaleUpperCase("en-US"), { name, partPath });
      this.sheets.push(new LazySheetInfo(name, state === "hidden" || state === "veryHidden" ? state : "visible", this));
    }
  }

  sheet(name: string): InputSheetInfo | undefined {
    return this.sheets.find((s) => sameName(s.name, name));
  }

  /** Runs a read of the package; damage found on the way is reported as `InputWorkbookError`. */
  private reading<T>(what: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (isDamage(error)) throw new InputWorkbookError(`Cannot read ${what} of${this.where || " the workbook"}: the file is damaged (${(error as Error).message}).`);
      throw error;
    }
  }

  private sharedStrings(): string[] {
    if (this.sharedStringsCache) return this.sharedStringsCache;
    const xml = this.sharedStringsPath === undefined ? undefined : this.reading("the shared strings", () => this.pkg.getText(this.sharedStringsPath ?? ""));
    this.sharedStringsCache = xml === undefined ? [] : this.reading("the shared strings", () => readSharedStrings(xml));
    return this.sharedStringsCache;
  }

  private cellFormats(): string[] {
    if (this.cellFormatsCache) return this.cellFormatsCache;
    const path = this.stylesPath;
    this.cellFormatsCache = path === undefined ? [] : this.reading("the styles", () => readCellFormats(this.pkg.getText(path)));
    return this.cellFormatsCache;
  }

  private entry(sheetName: string): SheetEntry {
    const entry = this.byName.get(sheetName.toLocaleUpperCase("en-US"));
    if (!entry) throw new InputWorkbookError(`The workbook has no sheet named "${sheetName}".`);
    return entry;
  }

  /** The sheet's cells, scanned on first use (merged-away cells emptied). */
  private scanned(sheetName: string, withFormulas = false): ScannedSheet {
    const entry = this.entry(sheetName);
    if (entry.scanned && (entry.withFormulas || !withFormulas)) return entry.scanned;
    const what = `the sheet "${entry.name}"`;
    const path = entry.partPath;
    if (path === undefined) throw new InputWorkbookError(`Cannot read ${what} of${this.where || " the workbook"}: its part is missing from the file.`);
    const xml = this.reading(what, () => this.pkg.getText(path));
    if (xml === undefined) throw new InputWorkbookError(`Cannot read ${what} of${this.where || " the workbook"}: its part is missing from the file.`);
    const sharedStrings = this.sharedStrings();
    const scanned = this.reading(what, () => scanSheet(xml, sharedStrings, { keepFormulas: withFormulas, date1904: this.date1904 }));
    clearMergedCells(scanned);
    entry.scanned = scanned;
    entry.withFormulas = withFormulas;
    return scanned;
  }

  private used(sheetName: string): CellRange | null {
    const entry = this.entry(sheetName);
    if (entry.used !== undefined) return entry.used;
    const { rows, columns, values, hasFormula } = this.scanned(sheetName);
    let top = Infinity;
    let left = Infinity;
    let bottom = 0;
    let right = 0;
    for (let k = 0; k < rows.length; k++) {
      const v = values[k];
      if ((v === null || v === "") && !hasFormula[k]) continue;
      const r = rows[k] ?? 0;
      const c = columns[k] ?? 0;
      if (r < top) top = r;
      if (r > bottom) bottom = r;
      if (c < left) left = c;
      if (c > right) right = c;
    }
    entry.used = bottom === 0 ? null : { top, left, bottom, right };
    return entry.used;
  }

  usedRange(sheetName: string): string | null {
    const used = this.used(sheetName);
    return used ? formatRange(used) : null;
  }

  readGrid(sheetName: string, range?: string): SourceGrid {
    const { name } = this.entry(sheetName);
    let wanted: CellRange | undefined;
    if (range !== undefined && range.trim() !== "") {
      wanted = parseRange(range.replace(/^.*!/, ""));
      if (!wanted) throw new InputWorkbookError(`"${range}" is not an A1 range such as A1:D40.`);
    }
    const used = this.used(sheetName);
    const area = used && wanted ? intersect(used, wanted) : (used ?? undefined);
    if (!area) return { sheetName: name, topLeft: wanted ? cellAddress(wanted.top, wanted.left) : "A1", values: [], numberFormats: [] };

    const sheet = this.scanned(sheetName);
    const formats = this.cellFormats();
    const height = area.bottom - area.top + 1;
    const width = area.right - area.left + 1;
    const values: SourceCell[][] = new Array<SourceCell[]>(height);
    const numberFormats: string[][] = new Array<string[]>(height);
    for (let r = 0; r < height; r++) {
      values[r] = new Array<SourceCell>(width).fill(null);
      numberFormats[r] = new Array<string>(width).fill("General");
    }
    const { rows, columns, styles } = sheet;
    for (let k = firstCellAtOrAfter(sheet, area.top, area.left); k < rows.length; k++) {
      const r = rows[k] ?? 0;
      if (r > area.bottom) break;
      const c = columns[k] ?? 0;
      if (c < area.left || c > area.right) continue;
      const rowValues = values[r - area.top];
      const rowFormats = numberFormats[r - area.top];
      if (!rowValues || !rowFormats) continue;
      rowValues[c - area.left] = sheet.values[k] ?? null;
      rowFormats[c - area.left] = formats[styles[k] ?? 0] ?? "General";
    }
    return { sheetName: name, topLeft: cellAddress(area.top, area.left), values, numberFormats };
  }

  cellValue(sheetName: string, address: string): SourceCell {
    const pos = parseCellAddress(address);
    if (!pos) throw new InputWorkbookError(`"${address}" is not a cell address.`);
    const sheet = this.scanned(sheetName);
    const k = findCell(sheet, pos.row, pos.column);
    return k < 0 ? null : (sheet.values[k] ?? null);
  }

  readSavedStateRaw(): SourceCell[][] | null {
    const info = this.sheet(STATE_SHEET_NAME);
    if (!info) return null;
    const sheet = this.scanned(info.name, true);
    const { rows: rowOf, columns, values: cellValues, hasFormula, formulas } = sheet;
    const rows: SourceCell[][] = [];
    const hasValues = cellValues.some((v, k) => v !== null || hasFormula[k]);
    if (!hasValues) return rows;
    for (let k = 0; k < rowOf.length; k++) {
      const r = (rowOf[k] ?? 1) - 1;
      const c = (columns[k] ?? 1) - 1;
      while (rows.length <= r) rows.push([]);
      if (cellValues[k] === null && !hasFormula[k]) continue; // rows end at their last value
      const values = rows[r] ?? [];
      while (values.length < c) values.push(null);
      values[c] = cellValues[k] ?? null;
      // Input rows hold references to the Assumptions inputs: read the referenced cell itself,
      // since a file written by the CLI carries no cached results for them.
      const formula = formulas?.[k];
      if (c === 2 && formula) {
        const target = parseSimpleReference(formula);
        if (target && values[0] === "input") {
          const sheetName = target.sheetName ?? info.name;
          values[c] = this.byName.has(sheetName.toLocaleUpperCase("en-US")) ? this.cellValue(sheetName, target.address) : { error: "#REF!" };
        }
      }
    }
    return rows;
  }
}

/** Cells covered by a merged area, other than its top-left cell, read as empty (as Excel shows them). */
function clearMergedCells(sheet: ScannedSheet): void {
  for (const ref of sheet.merges) {
    const area = parseRange(ref);
    if (!area) continue;
    const { rows, columns, values } = sheet;
    for (let k = firstCellAtOrAfter(sheet, area.top, area.left); k < rows.length; k++) {
      const r = rows[k] ?? 0;
      if (r > area.bottom) break;
      const c = columns[k] ?? 0;
      if (c < area.left || c > area.right || (r === area.top && c === area.left)) continue;
      values[k] = null;
      sheet.hasFormula[k] = false;
    }
  }
}

function intersect(a: CellRange, b: CellRange): CellRange | undefined {
  const top = Math.max(a.top, b.top);
  const left = Math.max(a.left, b.left);
  const bottom = Math.min(a.bottom, b.bottom);
  const right = Math.min(a.right, b.right);
  return top <= bottom && left <= right ? { top, left, bottom, right } : undefined;
}

/**
 * A formula that is one cell reference: `=Assumptions!$B$5`, `='Some Sheet'!$C$7`, `B5`.
 * Returns the sheet (unquoted) and the address without `$`; undefined for anything else.
 */
export function parseSimpleReference(formula: string): { sheetName?: string; address: string } | undefined {
  const f = formula.trim().replace(/^=/, "").trim();
  const m = /^(?:'((?:[^']|'')+)'!|([^'!\s()+\-*/^&=<>,;"#]+)!)?(\$?[A-Za-z]{1,3}\$?\d{1,7})$/.exec(f);
  if (!m) return undefined;
  const address = (m[3] ?? "").replace(/\$/g, "").toUpperCase();
  if (!parseCellAddress(address)) return undefined;
  const sheetName = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  return sheetName !== undefined ? { sheetName, address } : { address };
}
