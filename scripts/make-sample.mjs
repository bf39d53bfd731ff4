// Writes examples/sample-pilot.xlsx: a realistic, slightly messy AI pilot cost sheet used by
// `npm run demo`, the README and the end-to-end test. Run: node scripts/make-sample.mjs
import ExcelJS from "exceljs";

const wb = new ExcelJS.Workbook();
wb.creator = "Pilot to Production sample";
wb.created = new Date("2026-09-30T00:00:00Z");
wb.modified = wb.created;
const ws = wb.addWorksheet("Q3 Pilot's costs");
const euro = '#,##0.00 "€"';
ws.getColumn(1).width = 6;
ws.getColumn(2).width = 42;
ws.getColumn(3).width = 24;
ws.getColumn(4).width = 16;
ws.getCell("B1").value = "Customer-service assistant: pilot cost report Q3 2026";
ws.getCell("B1").font = { bold: true, size: 14 };
ws.getCell("B2").value = "Prepared by Finance; figures in EUR excl. VAT";
const header = ws.getRow(4);
header.values = ["#", "Line item", "Category", "Cost (EUR)"];
header.font = { bold: true };
const lines = [
  ["Data extraction and cleansing (CRM tickets)", "", 18500],
  ["Annotation of 5,000 sample tickets", "Data engineering", 9200],
  ["Cloud GPU hosting (Azure, 3 months)", "", 14250.5],
  ["LLM API usage (tokens)", "", "€6,830.00"],
  ["Salesforce connector prototype", "Integration", 7400],
  ["Security review and DPIA", "", 5600],
  ["Pilot user training workshops", "", 3200],
  ["Model evaluation runs", "", 2100],
  null,
  ["Subtotal technology", "", { formula: "SUM(D5:D12)", result: 60250.5 }],
  ["Project management (external)", "", 11800],
  ["Vendor credit note", "", "(1,500)"],
  ["Dashboard licences", "", { error: "#N/A" }],
  ["=HYPERLINK(\"https://example.com\",\"Steering committee\")", "", 950],
  ["Total", "", { formula: "SUM(D5:D18)-D14", result: { error: "#N/A" } }],
];
lines.forEach((line, i) => {
  const row = 5 + i;
  if (!line) return;
  ws.getCell(`A${row}`).value = i + 1;
  ws.getCell(`B${row}`).value = line[0];
  if (line[1]) ws.getCell(`C${row}`).value = line[1];
  ws.getCell(`D${row}`).value = line[2];
  ws.getCell(`D${row}`).numFmt = euro;
});
ws.getCell("B14").font = { italic: true };
ws.getCell("B19").font = { bold: true };
const notes = wb.addWorksheet("Notes");
notes.getCell("A1").value = "The pilot ran from July to September 2026 with 40 agents.";
await wb.xlsx.writeFile("examples/sample-pilot.xlsx");
console.log("wrote examples/sample-pilot.xlsx");
