import type { CellSpec, WorkbookSpec } from "../simulator";

/** The pilot sheet of the e2e workbook: a name with a space and an apostrophe, as in examples/sample-pilot.xlsx. */
export const PILOT_SHEET = "Q3 Pilot's costs";
const EURO = '#,##0.00 "€"';
const euro = (value: number) => ({ value, numberFormat: EURO });

/**
 * A realistic, slightly messy pilot cost report: title rows, a header in row 4, a source category
 * column, a text amount, a subtotal, an accounting negative as text, an error value, a blank row
 * and a label that looks like a formula. The selection covers the list (B4:D19), as a user would
 * select it before choosing "Use selection". Also a table and a named range for the picker.
 */
export const SAMPLE_WORKBOOK: WorkbookSpec = {
  sheets: [
    {
      name: PILOT_SHEET,
      rows: [
        [null, "Customer-service assistant: pilot cost report Q3 2026"],
        [null, "Prepared by Finance; figures in EUR excl. VAT"],
        [],
        ["#", "Line item", "Category", "Cost (EUR)"],
        [1, "Data extraction and cleansing (CRM tickets)", null, euro(18500)],
        [2, "Annotation of 5,000 sample tickets", "Data engineering", euro(9200)],
        [3, "Cloud GPU hosting (Azure, 3 months)", null, euro(14250.5)],
        [4, "LLM API usage (tokens)", null, { text: "€6,830.00" }],
        [5, "Salesforce connector prototype", "Integration", euro(7400)],
        [6, "Security review and DPIA", null, euro(5600)],
        [7, "Pilot user training workshops", null, euro(3200)],
        [8, "Model evaluation runs", null, euro(2100)],
        [],
        [10, "Subtotal technology", null, { formula: "=SUM(D5:D12)", value: 60250.5, numberFormat: EURO }],
        [11, "Project management (external)", null, euro(11800)],
        [12, "Vendor credit note", null, { text: "(1,500)" }],
        [13, "Dashboard licences", null, { error: "#N/A" }],
        [14, { text: '=HYPERLINK("https://example.com","Steering committee")' }, null, euro(950)],
        [15, "Total", null, { formula: "=SUM(D5:D18)-D14", value: { error: "#N/A" }, numberFormat: EURO }],
      ],
    },
    {
      name: "Vendors",
      rows: [
        ["Vendor", "Amount"],
        ["Azure hosting", 4200],
        ["Labelling agency", 3100],
        ["Helpdesk setup", 900],
      ],
    },
  ],
  names: [{ name: "PilotCosts", formula: "='Q3 Pilot''s costs'!$B$4:$D$19" }],
  tables: [{ name: "VendorCosts", sheet: "Vendors", address: "A1:B4" }],
  activeSheet: PILOT_SHEET,
  selection: "B4:D19",
};

/** A pilot sheet of `count` cost lines over eight kinds of cost (every eighth matches no rule). */
export function bigPilotWorkbook(count: number): WorkbookSpec {
  const labels = [
    "Data labelling batch",
    "GPU hosting",
    "CRM integration",
    "Training session",
    "Drift monitoring",
    "Security audit",
    "Help desk",
    "Catering",
  ];
  const rows: CellSpec[][] = [["Line item", "Cost"]];
  for (let i = 0; i < count; i++) rows.push([`${labels[i % labels.length] ?? "Line"} ${i + 1}`, 100 + (i % 50)]);
  return { sheets: [{ name: "Big pilot", rows }], names: [], tables: [], activeSheet: "Big pilot", selection: `A1:B${count + 1}` };
}
