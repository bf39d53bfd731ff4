import { decodeSavedState, STATE_SHEET_NAME, type SavedState } from "../domain/savedState";
import type { PlanChart, PlanSheet, WorkbookPlan } from "../domain/workbookPlan";
import { absoluteReference, parseRange, quoteSheetName, referencedSheetNames, sameName, sheetNameProblem } from "./a1";
import { columnChartXml, drawingXml } from "./chartXml";
import { PlanRenderError, UnsupportedWorkbookError } from "./errors";
import {
  CONTENT_TYPES,
  CONTENT_TYPES_PATH,
  deletePartsWithDependents,
  directoryOf,
  editContentTypes,
  encodeXmlText,
  nextRelationshipIds,
  PackageError,
  parseRelationships,
  readRelationships,
  REL_TYPES,
  relationshipsPartXml,
  relationshipXml,
  relativeTarget,
  relsPathFor,
  resolveTarget,
  XlsxPackage,
  type RelationshipsPart,
} from "./package";
import { writeWorksheetXml } from "./sheetXml";
import { readSharedStrings, readSheetValues } from "./sheetValues";
import { StyleSheetWriter } from "./styleSheet";
import { attr, childrenNamed, escapeAttr, escapeText, firstChild, innerText, namespaceOf, parseXml, prefixFor, rewriteStartTag, XmlEdits, XmlSyntaxError, type XmlElement } from "./xml";
import { ZipFormatError } from "./zip";

/**
 * Renders a `WorkbookPlan` into a copy of the user's .xlsx by adding parts to the original package.
 * The user's workbook is never loaded and re-saved through a library: every part this module does
 * not own keeps its bytes, so charts, pivot tables, images and comments survive.
 *
 * Parts edited in place: the workbook part, its relationships, [Content_Types].xml and the styles
 * part (entries appended). A previous generation (listed by the "P2P State" sheet) is removed
 * first: its sheets, their drawings and charts, and every defined name pointing at them.
 */

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const STRICT_MAIN_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main";
const OFFICE_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A planned sheet would overwrite a sheet the user made: the caller reports it (CLI exit 2). */
export class SheetConflictError extends Error {
  readonly sheetNames: string[];
  constructor(sheetNames: string[]) {
    const list = sheetNames.map((n) => `"${n}"`).join(", ");
    super(
      `The workbook already has ${sheetNames.length === 1 ? "a sheet" : "sheets"} named ${list} that Pilot to Production did not generate. ` +
        "Rename or delete " +
        (sheetNames.length === 1 ? "it" : "them") +
        " and run again; nothing was overwritten.",
    );
    this.name = "SheetConflictError";
    this.sheetNames = sheetNames;
  }
}


export { PlanRenderError, UnsupportedWorkbookError };

interface WorkbookSheet {
  name: string;
  sheetId: number;
  relId: string;
  element: XmlElement;
  /** Part path of the sheet, when its relationship resolves. */
  partPath?: string;
}

interface OpenedWorkbook {
  pkg: XlsxPackage;
  workbookPath: string;
  xml: string;
  root: XmlElement;
  rels: RelationshipsPart;
  sheets: WorkbookSheet[];
}

function openWorkbook(original: Uint8Array): OpenedWorkbook {
  let pkg: XlsxPackage;
  try {
    pkg = XlsxPackage.fromBytes(original);
  } catch (error) {
    if (error instanceof PackageError) throw new UnsupportedWorkbookError(error.message);
    throw error;
  }
  const rootRels = readRelationships(pkg, "");
  const officeDocument = rootRels?.relationships.find((r) => r.type === REL_TYPES.officeDocument);
  if (!officeDocument) {
    if (rootRels?.relationships.some((r) => r.type.startsWith("http://purl.oclc.org/ooxml/")))
      throw new UnsupportedWorkbookError("The workbook is saved as Strict Open XML; save it as an ordinary Excel Workbook (.xlsx) and run again.");
    throw new UnsupportedWorkbookError("The file is not an Excel workbook: the package has no office document part.");
  }
  const workbookPath = resolveTarget("", officeDocument.target);
  const xml = pkg.getText(workbookPath);
  if (xml === undefined) throw new UnsupportedWorkbookError(`The workbook part ${workbookPath} is missing from the package.`);
  const root = parseXml(xml);
  const ns = namespaceOf(root);
  if (root.localName !== "workbook") throw new UnsupportedWorkbookError("The file is not an Excel workbook (no SpreadsheetML workbook part).");
  if (ns === STRICT_MAIN_NS)
    throw new UnsupportedWorkbookError("The workbook is saved as Strict Open XML; save it as an ordinary Excel Workbook (.xlsx) and run again.");
  if (ns !== MAIN_NS) throw new UnsupportedWorkbookError("The workbook part does not use the SpreadsheetML namespace.");
  const rels = readRelationships(pkg, workbookPath) ?? parseRelationships(relationshipsPartXml([]));
  const sheetsElement = firstChild(root, "sheets");
  const sheets = (sheetsElement ? childrenNamed(sheetsElement, "sheet") : []).map((element) => {
    const relId = attr(element, "id") ?? "";
    const rel = rels.relationships.find((r) => r.id === relId);
    const partPath = rel && !rel.external ? resolveTarget(workbookPath, rel.target) : undefined;
    return {
      name: attr(element, "name") ?? "",
      sheetId: Number(attr(element, "sheetId") ?? 0),
      relId,
      element,
      ...(partPath && pkg.has(partPath) ? { partPath: pkg.actualPath(partPath) ?? partPath } : {}),
    };
  });
  return { pkg, workbookPath, xml, root, rels, sheets };
}

function sharedStringsOf(wb: OpenedWorkbook): string[] {
  const rel = wb.rels.relationships.find((r) => r.type === REL_TYPES.sharedStrings);
  const xml = rel ? wb.pkg.getText(resolveTarget(wb.workbookPath, rel.target)) : undefined;
  return xml === undefined ? [] : readSharedStrings(xml);
}

function savedStateOf(wb: OpenedWorkbook): SavedState | null {
  const stateSheet = wb.sheets.find((s) => sameName(s.name, STATE_SHEET_NAME));
  if (!stateSheet?.partPath) return null;
  const xml = wb.pkg.getText(stateSheet.partPath);
  if (xml === undefined) return null;
  return decodeSavedState(readSheetValues(xml, sharedStringsOf(wb)));
}

/** The add-in's saved state found in a package (from the state sheet's stored values), or null. */
export function readPackageState(original: Uint8Array): SavedState | null {
  return reportingDamage(() => savedStateOf(openWorkbook(original)));
}

/** `userSheetNames`: the sheets that stay (a name may point at one of them or at a planned sheet). */
function validatePlan(plan: WorkbookPlan, userSheetNames: readonly string[]): void {
  const seen: string[] = [];
  for (const sheet of plan.sheets) {
    const problem = sheetNameProblem(sheet.name);
    if (problem) throw new PlanRenderError(`Cannot write the plan: ${problem}.`);
    if (seen.some((n) => sameName(n, sheet.name))) throw new PlanRenderError(`The plan has two sheets named "${sheet.name}".`);
    seen.push(sheet.name);
    if (sheet.print?.printArea !== undefined && !parseRange(sheet.print.printArea))
      throw new PlanRenderError(`The print area "${sheet.print.printArea}" of "${sheet.name}" is not an A1 range.`);
    if (sheet.print?.repeatRows !== undefined && !/^\$?\d+(:\$?\d+)?$/.test(sheet.print.repeatRows.trim()))
      throw new PlanRenderError(`The repeated rows "${sheet.print.repeatRows}" of "${sheet.name}" are not a row range such as 1:3.`);
    if (sheet.tabColor !== undefined && !/^#?[0-9a-fA-F]{6}$/.test(sheet.tabColor))
      throw new PlanRenderError(`The tab colour "${sheet.tabColor}" of "${sheet.name}" is not #RRGGBB.`);
  }
  const names: string[] = [];
  for (const name of plan.names) {
    if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name.name) || /^[A-Za-z]{1,3}\d+$/.test(name.name) || /^[RrCc]$/.test(name.name))
      throw new PlanRenderError(`"${name.name}" is not a valid defined name.`);
    if (names.some((n) => sameName(n, name.name))) throw new PlanRenderError(`The plan defines the name "${name.name}" twice.`);
    names.push(name.name);
    if (!seen.some((n) => sameName(n, name.sheetName)) && !userSheetNames.some((n) => sameName(n, name.sheetName)))
      throw new PlanRenderError(`The name "${name.name}" refers to the sheet "${name.sheetName}", which is neither planned nor in the workbook.`);
    if (!parseRange(name.address)) throw new PlanRenderError(`The name "${name.name}" has the address "${name.address}", which is not an A1 reference.`);
  }
  for (const chart of plan.charts) {
    if (!seen.some((n) => sameName(n, chart.sheetName)))
      throw new PlanRenderError(`The chart "${chart.title}" is on the sheet "${chart.sheetName}", which the plan does not create.`);
    for (const range of [chart.categoriesAddress, ...chart.series.map((s) => s.valuesAddress)])
      if (!parseRange(range)) throw new PlanRenderError(`The chart "${chart.title}" refers to "${range}", which is not an A1 range.`);
  }
}

/**
 * Renders the plan into a copy of the original package and returns the new package's bytes.
 *
 * Throws `SheetConflictError` when a planned sheet would replace a sheet the user made,
 * `UnsupportedWorkbookError` when the input cannot be used (not an .xlsx, .xls, encrypted,
 * Strict Open XML, damaged parts), `PlanRenderError` when the plan is inconsistent.
 */
export function renderPlanIntoPackage(original: Uint8Array, plan: WorkbookPlan): Uint8Array {
  return reportingDamage(() => render(original, plan));
}

/** Problems found in the user's file surface as `UnsupportedWorkbookError`. */
function reportingDamage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof XmlSyntaxError || error instanceof PackageError || error instanceof ZipFormatError)
      throw new UnsupportedWorkbookError(`The workbook cannot be read: ${error.message}`);
    throw error;
  }
}

function render(original: Uint8Array, plan: WorkbookPlan): Uint8Array {
  const wb = openWorkbook(original);
  const { pkg, workbookPath } = wb;

  // --- What a previous generation left, and what must not be overwritten.
  const state = savedStateOf(wb);
  const generated = state ? [...state.generatedSheets, STATE_SHEET_NAME] : [];
  const isGenerated = (name: string) => generated.some((g) => sameName(g, name));
  validatePlan(
    plan,
    wb.sheets.filter((s) => !isGenerated(s.name)).map((s) => s.name),
  );
  const conflicts = plan.sheets
    .map((s) => wb.sheets.find((existing) => sameName(existing.name, s.name)))
    .filter((s): s is WorkbookSheet => s !== undefined && !isGenerated(s.name))
    .map((s) => s.name);
  if (conflicts.length > 0) throw new SheetConflictError(conflicts);

  const removed = wb.sheets.filter((s) => isGenerated(s.name));
  const kept = wb.sheets.filter((s) => !isGenerated(s.name));
  const removedIds = new Set(removed.map((s) => s.relId));

  // --- Remove the previous generation's parts (and calcChain, which may list their cells).
  const deletedParts = deletePartsWithDependents(
    pkg,
    removed.flatMap((s) => (s.partPath ? [s.partPath] : [])),
  );
  const calcChainRels = removed.length > 0 ? wb.rels.relationships.filter((r) => r.type === REL_TYPES.calcChain) : [];
  for (const r of calcChainRels) {
    const path = resolveTarget(workbookPath, r.target);
    if (pkg.delete(path)) deletedParts.push(path);
    removedIds.add(r.id);
  }

  // --- Styles part: existing or new.
  const newRels: { id: string; type: string; target: string }[] = [];
  const nextWorkbookRelId = nextRelationshipIds(wb.rels.relationships.map((r) => r.id));
  const addedOverrides: { partName: string; contentType: string }[] = [];
  const stylesRel = wb.rels.relationships.find((r) => r.type === REL_TYPES.styles && !r.external);
  let stylesPath = stylesRel ? resolveTarget(workbookPath, stylesRel.target) : undefined;
  const existingStylesXml = stylesPath ? pkg.getText(stylesPath) : undefined;
  const styles = new StyleSheetWriter(existingStylesXml);
  if (existingStylesXml === undefined) {
    const preferred = `${directoryOf(workbookPath)}styles.xml`;
    stylesPath ??= pkg.has(preferred) ? freePartName(pkg, `${directoryOf(workbookPath)}styles`, "xml", new Set()) : preferred;
    if (!stylesRel) newRels.push({ id: nextWorkbookRelId(), type: REL_TYPES.styles, target: relativeTarget(workbookPath, stylesPath) });
    addedOverrides.push({ partName: stylesPath, contentType: CONTENT_TYPES.styles });
  }

  // --- The generated sheets, their drawings and charts.
  const reserved = new Set<string>();
  const dir = directoryOf(workbookPath);
  let maxSheetId = wb.sheets.reduce((m, s) => (Number.isFinite(s.sheetId) ? Math.max(m, s.sheetId) : m), 0);
  const sheetElements: string[] = [];
  const relPrefix = prefixFor(wb.root, OFFICE_REL_NS);
  const p = wb.root.prefix ? `${wb.root.prefix}:` : "";
  for (const sheet of plan.sheets) {
    const partPath = freePartName(pkg, `${dir}worksheets/sheet`, "xml", reserved);
    const charts = plan.charts.filter((c) => sameName(c.sheetName, sheet.name));
    let drawingRelId: string | undefined;
    if (charts.length > 0) {
      drawingRelId = "rId1";
      const drawingPath = addCharts(pkg, charts, `${dir}`, reserved, addedOverrides);
      pkg.set(relsPathFor(partPath), relationshipsPartXml([{ id: drawingRelId, type: REL_TYPES.drawing, target: relativeTarget(partPath, drawingPath) }]));
    }
    pkg.setStreamed(partPath, (write) => writeWorksheetXml(sheet, { styles, ...(drawingRelId ? { drawingRelId } : {}) }, write));
    addedOverrides.push({ partName: partPath, contentType: CONTENT_TYPES.worksheet });
    const relId = nextWorkbookRelId();
    newRels.push({ id: relId, type: REL_TYPES.worksheet, target: relativeTarget(workbookPath, partPath) });
    const idAttr = relPrefix !== undefined && relPrefix !== "" ? `${relPrefix}:id="${relId}"` : `xmlns:r="${OFFICE_REL_NS}" r:id="${relId}"`;
    sheetElements.push(
      `<${p}sheet name="${escapeAttr(sheet.name)}" sheetId="${++maxSheetId}"${sheet.visibility === "veryHidden" ? ' state="veryHidden"' : ""} ${idAttr}/>`,
    );
  }

  if (stylesPath !== undefined && (styles.changed || existingStylesXml === undefined)) pkg.set(stylesPath, encodeXmlText(styles.toXml()));

  // --- workbook.xml: sheets, defined names, calculation on load, active tab.
  pkg.set(workbookPath, encodeXmlText(editWorkbookXml(wb, plan, removed, kept, sheetElements)));

  // --- workbook.xml.rels
  const relsEdits = new XmlEdits();
  for (const r of wb.rels.relationships) if (removedIds.has(r.id)) relsEdits.remove(r.element);
  const rp = wb.rels.root.prefix ? `${wb.rels.root.prefix}:` : "";
  relsEdits.appendChildren(
    wb.rels.xml,
    wb.rels.root,
    newRels.map((r) => relationshipXml(r.id, r.type, r.target).replace(/^<Relationship/, `<${rp}Relationship`)).join(""),
  );
  pkg.set(relsPathFor(workbookPath), encodeXmlText(relsEdits.apply(wb.rels.xml)));

  // --- [Content_Types].xml
  const contentTypes = pkg.getText(CONTENT_TYPES_PATH) ?? "";
  pkg.set(
    CONTENT_TYPES_PATH,
    encodeXmlText(
      editContentTypes(contentTypes, {
        removeOverrides: deletedParts,
        addOverrides: addedOverrides,
        ensureDefaults: [
          { extension: "rels", contentType: CONTENT_TYPES.relationships },
          { extension: "xml", contentType: "application/xml" },
        ],
      }),
    ),
  );

  return pkg.toBytes();
}

/** `xl/worksheets/sheet` + `xml` → the first `xl/worksheets/sheetN.xml` not in the package. */
function freePartName(pkg: XlsxPackage, stem: string, extension: string, reserved: Set<string>): string {
  for (let n = 1; ; n++) {
    const path = `${stem}${n}.${extension}`;
    if (!pkg.has(path) && !reserved.has(path.toLowerCase())) {
      reserved.add(path.toLowerCase());
      return path;
    }
  }
}

/** Adds one drawing part holding the charts, and a chart part per chart; returns the drawing's path. */
function addCharts(
  pkg: XlsxPackage,
  charts: readonly PlanChart[],
  dir: string,
  reserved: Set<string>,
  overrides: { partName: string; contentType: string }[],
): string {
  const drawingPath = freePartName(pkg, `${dir}drawings/drawing`, "xml", reserved);
  const chartRels = charts.map((chart, i) => {
    const chartPath = freePartName(pkg, `${dir}charts/chart`, "xml", reserved);
    pkg.set(chartPath, columnChartXml(chart));
    overrides.push({ partName: chartPath, contentType: CONTENT_TYPES.chart });
    return { id: `rId${i + 1}`, type: REL_TYPES.chart, target: relativeTarget(drawingPath, chartPath) };
  });
  pkg.set(drawingPath, drawingXml(charts, chartRels.map((r) => r.id)));
  pkg.set(relsPathFor(drawingPath), relationshipsPartXml(chartRels));
  overrides.push({ partName: drawingPath, contentType: CONTENT_TYPES.drawing });
  return drawingPath;
}

/** Child order of `<workbook>` (CT_Workbook) up to `calcPr`. */
const BEFORE_DEFINED_NAMES = ["sheets", "functionGroups", "externalReferences"];

function editWorkbookXml(
  wb: OpenedWorkbook,
  plan: WorkbookPlan,
  removed: readonly WorkbookSheet[],
  kept: readonly WorkbookSheet[],
  sheetElements: readonly string[],
): string {
  const { xml, root } = wb;
  const edits = new XmlEdits();
  const p = root.prefix ? `${root.prefix}:` : "";

  // Sheets: drop the previous generation, append the new one after the user's sheets.
  const sheetsElement = firstChild(root, "sheets");
  for (const s of removed) edits.remove(s.element);
  if (sheetsElement) edits.appendChildren(xml, sheetsElement, sheetElements.join(""));

  // Defined names: keep the user's (local ones re-indexed), drop those of removed sheets, those
  // pointing at removed sheets and those the plan defines; add the plan's and the print names.
  const oldIndexToNew = new Map<number, number>();
  wb.sheets.forEach((s, i) => {
    const k = kept.indexOf(s);
    if (k >= 0) oldIndexToNew.set(i, k);
  });
  const removedNames = removed.map((s) => s.name);
  const namesElement = firstChild(root, "definedNames");
  const keptNames: string[] = [];
  for (const dn of namesElement ? childrenNamed(namesElement, "definedName") : []) {
    const name = attr(dn, "name") ?? "";
    const local = attr(dn, "localSheetId");
    const formula = innerText(xml, dn);
    const refersToRemoved = referencedSheetNames(formula).some((ref) => removedNames.some((r) => sameName(r, ref)));
    if (refersToRemoved) continue;
    if (local === undefined) {
      if (plan.names.some((n) => sameName(n.name, name))) continue;
      keptNames.push(xml.slice(dn.start, dn.end));
      continue;
    }
    const newIndex = oldIndexToNew.get(Number(local));
    if (newIndex === undefined) continue;
    keptNames.push(
      newIndex === Number(local) ? xml.slice(dn.start, dn.end) : rewriteStartTag(xml, dn, { localSheetId: String(newIndex) }) + xml.slice(dn.openEnd, dn.end),
    );
  }
  const definedName = (name: string, value: string, extra = "") =>
    `<${p}definedName name="${escapeAttr(name)}"${extra}>${escapeText(value)}</${p}definedName>`;
  const newNames: string[] = plan.names.map((n) =>
    definedName(n.name, `${quoteSheetName(n.sheetName)}!${absoluteReference(n.address)}`, n.comment ? ` comment="${escapeAttr(n.comment.slice(0, 255))}"` : ""),
  );
  plan.sheets.forEach((sheet: PlanSheet, i) => {
    const localSheetId = ` localSheetId="${kept.length + i}"`;
    const quoted = quoteSheetName(sheet.name);
    if (sheet.print?.printArea) newNames.push(definedName("_xlnm.Print_Area", `${quoted}!${absoluteReference(sheet.print.printArea)}`, localSheetId));
    if (sheet.print?.repeatRows) newNames.push(definedName("_xlnm.Print_Titles", `${quoted}!${absoluteReference(sheet.print.repeatRows)}`, localSheetId));
  });
  const allNames = [...keptNames, ...newNames];
  const namesXml = allNames.length > 0 ? `<${p}definedNames>${allNames.join("")}</${p}definedNames>` : "";
  const anchor = [...root.children].reverse().find((c) => BEFORE_DEFINED_NAMES.includes(c.localName));
  if (namesElement) edits.replace(namesElement.start, namesElement.end, namesXml);
  else if (namesXml) {
    if (!anchor) throw new UnsupportedWorkbookError("The workbook part has no <sheets> element.");
    edits.insert(anchor.end, namesXml);
  }

  // Recalculate everything when the file is opened (the new cells carry no cached values).
  const calcPr = firstChild(root, "calcPr");
  if (calcPr) edits.replace(calcPr.start, calcPr.openEnd, rewriteStartTag(xml, calcPr, { fullCalcOnLoad: "1" }));
  else {
    const at = namesElement ? namesElement.end : anchor?.end;
    if (at === undefined) throw new UnsupportedWorkbookError("The workbook part has no <sheets> element.");
    edits.insert(at, `<${p}calcPr fullCalcOnLoad="1"/>`);
  }

  // Views: the active and first visible tab are sheet indexes, which shift when sheets are removed.
  if (removed.length > 0) {
    const bookViews = firstChild(root, "bookViews");
    for (const view of bookViews ? childrenNamed(bookViews, "workbookView") : []) {
      const changes: Record<string, string | null> = {};
      for (const key of ["activeTab", "firstSheet"]) {
        const value = attr(view, key);
        if (value === undefined) continue;
        const mapped = oldIndexToNew.get(Number(value)) ?? 0;
        if (mapped !== Number(value)) changes[key] = String(mapped);
      }
      if (Object.keys(changes).length > 0) edits.replace(view.start, view.openEnd, rewriteStartTag(xml, view, changes));
    }
  }
  return edits.apply(xml);
}
