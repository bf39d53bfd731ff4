/**
 * Test helpers that build input workbooks from `SourceGrid` fixtures (with exceljs, as a user's
 * spreadsheet program would write them) and make small, targeted edits inside a written package
 * (as a user editing one cell would), without re-saving the package through a library.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import ExcelJS from "exceljs";
import { parseAddress } from "../../src/domain/a1";
import { isErrorCell, type SourceGrid } from "../../src/domain/source";
import { parseRelationships, resolveTarget } from "../../src/xlsx/package";
import { attr, childrenNamed, firstChild, parseXml } from "../../src/xlsx/xml";

/** Writes the grids as sheets of one .xlsx file (values at each grid's topLeft, with its number formats). */
export async function writeGridWorkbook(grids: readonly SourceGrid[], file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const grid of grids) {
    const sheet = workbook.addWorksheet(grid.sheetName);
    const origin = parseAddress(grid.topLeft);
    if (!origin) throw new Error(`bad topLeft ${grid.topLeft}`);
    grid.values.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value === null) return;
        const cell = sheet.getCell(origin.rowIndex + r + 1, origin.columnIndex + c + 1);
        cell.value = isErrorCell(value) ? { error: value.error as ExcelJS.CellErrorValue["error"] } : value;
        const format = grid.numberFormats[r]?.[c];
        if (format && format !== "General") cell.numFmt = format;
      }),
    );
  }
  await workbook.xlsx.writeFile(file);
}

/** The part path of a sheet, found through workbook.xml and its relationships. */
function sheetPartPath(files: Record<string, Uint8Array>, sheetName: string): string {
  const workbook = parseXml(strFromU8(files["xl/workbook.xml"] ?? new Uint8Array()));
  const sheets = firstChild(workbook, "sheets");
  const sheet = sheets && childrenNamed(sheets, "sheet").find((s) => attr(s, "name") === sheetName);
  const rid = sheet && attr(sheet, "id");
  if (!rid) throw new Error(`sheet ${sheetName} not in workbook.xml`);
  const rels = parseRelationships(strFromU8(files["xl/_rels/workbook.xml.rels"] ?? new Uint8Array())).relationships;
  const target = rels.find((r) => r.id === rid)?.target;
  if (!target) throw new Error(`no relationship ${rid}`);
  return resolveTarget("xl/workbook.xml", target);
}

/**
 * Replaces the value of one numeric cell in a package (the cell must already hold a number), the way
 * a user's edit of that cell would, leaving every other byte of the package's parts as it was.
 */
export function setNumberInPackage(bytes: Uint8Array, sheetName: string, address: string, value: number): Uint8Array {
  const files = unzipSync(bytes);
  const part = sheetPartPath(files, sheetName);
  const xml = strFromU8(files[part] ?? new Uint8Array());
  const cell = new RegExp(`(<c r="${address}"(?![^>]*t="s")[^>]*>)(?:<f>[^<]*</f>)?<v>[^<]*</v>(</c>)`);
  if (!cell.test(xml)) throw new Error(`no numeric cell ${address} on ${sheetName}`);
  files[part] = strToU8(xml.replace(cell, `$1<v>${value}</v>$2`));
  return zipSync(files);
}

/**
 * Writes a grid whose first row is a header as an Excel table (a ListObject, `<tableParts>`) named
 * `tableName` on the grid's sheet, at the grid's topLeft.
 */
export async function writeTableWorkbook(grid: SourceGrid, tableName: string, file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(grid.sheetName);
  const [header = [], ...rows] = grid.values;
  sheet.addTable({
    name: tableName,
    ref: grid.topLeft,
    headerRow: true,
    style: { theme: "TableStyleMedium2", showRowStripes: true },
    columns: header.map((h) => ({ name: String(h), filterButton: true })),
    rows: rows.map((row) => header.map((_, c) => {
      const v = row[c] ?? null;
      return isErrorCell(v) ? null : v;
    })),
  });
  await workbook.xlsx.writeFile(file);
}
