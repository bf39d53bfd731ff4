import type { PlanChart } from "../domain/workbookPlan";
import { absoluteReference, parseCellAddress, quoteSheetName } from "./a1";
import { PlanRenderError } from "./errors";
import { escapeAttr, escapeText, XML_DECLARATION } from "./xml";

/** DrawingML for the plan's charts: one drawing part per sheet, one chart part per chart. */

const NS = {
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
};

function anchorCell(address: string, what: string): { row: number; column: number } {
  const cell = parseCellAddress(address);
  if (!cell) throw new PlanRenderError(`The chart's ${what} "${address}" is not a cell address.`);
  return cell;
}

/** A drawing part anchoring each chart over its cells; `chartRelIds[i]` points at chart i. */
export function drawingXml(charts: readonly PlanChart[], chartRelIds: readonly string[]): string {
  const anchors = charts.map((chart, i) => {
    const from = anchorCell(chart.topLeft, "top-left cell");
    const to = anchorCell(chart.bottomRight, "bottom-right cell");
    // The chart covers the bottom-right cell, so it ends at the start of the next row and column.
    const marker = (tag: string, column: number, row: number) =>
      `<xdr:${tag}><xdr:col>${column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
    return (
      '<xdr:twoCellAnchor editAs="oneCell">' +
      marker("from", from.column - 1, from.row - 1) +
      marker("to", Math.max(to.column, from.column), Math.max(to.row, from.row)) +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="Chart ${i + 1}" descr="${escapeAttr(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" r:id="${escapeAttr(chartRelIds[i] ?? "")}"/></a:graphicData></a:graphic>` +
      "</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
    );
  });
  return `${XML_DECLARATION}<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${anchors.join("")}</xdr:wsDr>`;
}

function rich(text: string, sizeHundredths: number, bold: boolean): string {
  return (
    "<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>" +
    `<a:defRPr sz="${sizeHundredths}" b="${bold ? 1 : 0}"/></a:pPr>` +
    `<a:r><a:rPr lang="en-US" sz="${sizeHundredths}" b="${bold ? 1 : 0}"/><a:t>${escapeText(text)}</a:t></a:r></a:p></c:rich>`
  );
}

/** A clustered column chart whose categories and values are ranges on `chart.sheetName`. */
export function columnChartXml(chart: PlanChart): string {
  const sheet = quoteSheetName(chart.sheetName);
  const ref = (range: string) => `${sheet}!${absoluteReference(range)}`;
  const series = chart.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `<c:tx><c:v>${escapeText(s.name)}</c:v></c:tx>` +
        '<c:invertIfNegative val="0"/>' +
        `<c:cat><c:strRef><c:f>${escapeText(ref(chart.categoriesAddress))}</c:f></c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${escapeText(ref(s.valuesAddress))}</c:f></c:numRef></c:val>` +
        "</c:ser>",
    )
    .join("");
  const catAxis = 500000001;
  const valAxis = 500000002;
  return (
    XML_DECLARATION +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    '<c:roundedCorners val="0"/>' +
    "<c:chart>" +
    `<c:title><c:tx>${rich(chart.title, 1400, true)}</c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/>' +
    "<c:plotArea><c:layout/>" +
    '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
    series +
    `<c:gapWidth val="150"/><c:overlap val="0"/><c:axId val="${catAxis}"/><c:axId val="${valAxis}"/></c:barChart>` +
    `<c:catAx><c:axId val="${catAxis}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>' +
    `<c:tickLblPos val="low"/><c:crossAx val="${valAxis}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>` +
    '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="${valAxis}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    '<c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/>' +
    `<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="${catAxis}"/><c:crosses val="autoZero"/>` +
    '<c:crossBetween val="between"/></c:valAx>' +
    "</c:plotArea>" +
    '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    "</c:chart>" +
    "</c:chartSpace>"
  );
}
