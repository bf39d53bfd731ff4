import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CATEGORIES, CATEGORY_KEYS, type CategoryKey } from "../../src/domain/categories";
import {
  categoryFromSourceText,
  classifyItems,
  findKeywordMatches,
  namesCategoryExactly,
  suggestCategory,
  totalsByBucket,
} from "../../src/domain/classify";
import type { LineItem } from "../../src/domain/lineItems";
import { parseLineItems } from "../../src/domain/parse";
import {
  expectedTotalsByBucket,
  generatedPilotGrid,
  GENERATED_LABELS,
  germanPilotGrid,
  headerlessGrid,
  messyPilotGrid,
  type GridFixture,
} from "../fixtures/grids";

function item(label: string, amountAddress = "D5", extra: Partial<LineItem> = {}): LineItem {
  return { label, labelAddress: "B5", amount: 100, amountAddress, amountSource: "cell", ...extra };
}

describe("suggestCategory: keyword rules", () => {
  it.each<[string, CategoryKey]>([
    // the brief's examples: the longest / most specific keyword wins
    ["data warehouse integration", "integration"],
    ["Model retraining", "retraining"],
    ["Cloud GPU hosting", "infrastructure"],
    ["Schulung Fachbereich", "changeManagement"],
    ["DSGVO Prüfung", "compliance"],
    // English
    ["Data labelling (vendor)", "dataEngineering"],
    ["Training data labelling", "dataEngineering"],
    ["ETL jobs", "dataEngineering"],
    ["Azure OpenAI API usage", "infrastructure"],
    ["LLM tokens", "infrastructure"],
    ["On-call rota", "infrastructure"],
    ["Software licences", "infrastructure"],
    ["Salesforce CRM connector", "integration"],
    ["SSO setup", "integration"],
    ["Change management workshops", "changeManagement"],
    ["User training", "changeManagement"],
    ["Drift monitoring", "monitoring"],
    ["Incident handling", "monitoring"],
    ["GDPR review", "compliance"],
    ["Security audit", "compliance"],
    ["EU AI Act assessment", "compliance"],
    ["Fine-tuning", "retraining"],
    ["Model training compute", "retraining"],
    ["Evaluation runs", "retraining"],
    ["Help desk", "support"],
    ["User documentation", "support"],
    ["+49 call centre", "support"],
    // German, including compounds whose head is the keyword
    ["Datenaufbereitung", "dataEngineering"],
    ["Serverbetrieb", "infrastructure"],
    ["Cloud-Hosting", "infrastructure"],
    ["Schnittstelle zum ERP", "integration"],
    ["Mitarbeiterschulung", "changeManagement"],
    ["Wartung", "monitoring"],
    ["Datenschutzprüfung", "compliance"],
    ["KI-Verordnung Gutachten", "compliance"],
    ["Nachtraining Modell", "retraining"],
    ["Modellpflege", "retraining"],
    ["Benutzerhandbuch", "support"],
    ["Betriebshandbuch", "support"],
  ])("%j -> %s", (label, category) => {
    expect(suggestCategory(label)).toBe(category);
  });

  it.each(["Project management", "Travel", "Miscellaneous", "", "   ", "12345", "Sapphire lamp", "Exchange rate fees", "Erpressung"])(
    "%j matches nothing",
    (label) => {
      expect(suggestCategory(label)).toBeUndefined();
    },
  );

  it("is case-insensitive and ignores punctuation around words", () => {
    expect(suggestCategory("CLOUD HOSTING")).toBe("infrastructure");
    expect(suggestCategory("(gpu)")).toBe("infrastructure");
    expect(suggestCategory("crm/erp interfaces")).toBe("integration");
    expect(suggestCategory("GPUs")).toBe("infrastructure");
  });

  it("matches at word starts only (stems may continue, short keywords may not)", () => {
    expect(suggestCategory("Licensing")).toBe("infrastructure");
    expect(suggestCategory("Metadata")).toBeUndefined();
    expect(findKeywordMatches("sapling").map((m) => m.keyword)).toEqual([]);
    expect(findKeywordMatches("SAP connector").map((m) => m.keyword)).toEqual(["sap", "connector"]);
  });

  it("reports where each keyword matched", () => {
    expect(findKeywordMatches("data warehouse integration")).toEqual([
      { keyword: "data warehouse", category: "integration", index: 0 },
      { keyword: "warehouse", category: "integration", index: 5 },
      { keyword: "integration", category: "integration", index: 15 },
    ]);
    expect(findKeywordMatches("Mitarbeiterschulung")).toEqual([{ keyword: "schulung", category: "changeManagement", index: 11 }]);
  });

  it("finds every category's own keywords", () => {
    for (const category of CATEGORIES) {
      for (const keyword of [...category.keywords.en, ...category.keywords.de]) {
        const found = findKeywordMatches(keyword);
        expect(found.length, `${category.key}: ${keyword}`).toBeGreaterThan(0);
      }
    }
  });

  it("never throws and returns a category key or undefined (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (label) => {
        const result = suggestCategory(label);
        expect(result === undefined || CATEGORY_KEYS.includes(result)).toBe(true);
      }),
    );
  });
});

describe("categoryFromSourceText", () => {
  it.each<[string, CategoryKey]>([
    ["Data engineering", "dataEngineering"],
    ["data engineering", "dataEngineering"],
    ["dataEngineering", "dataEngineering"],
    ["DATAENGINEERING", "dataEngineering"],
    ["Infrastructure & operations", "infrastructure"],
    ["Infrastructure and operations", "infrastructure"],
    ["Infrastructure", "infrastructure"],
    ["Operations", "infrastructure"],
    ["Change management & training", "changeManagement"],
    ["Training", "changeManagement"],
    ["Monitoring & maintenance", "monitoring"],
    ["Maintenance", "monitoring"],
    ["Compliance & security", "compliance"],
    ["Security", "compliance"],
    ["Model updates & retraining", "retraining"],
    ["Model updates", "retraining"],
    ["Support & documentation", "support"],
    ["Documentation", "support"],
    ["Integration", "integration"],
    ["Cloud", "infrastructure"],
    ["Schulung", "changeManagement"],
    ["Daten", "dataEngineering"],
    ["Infrastruktur & Betrieb", "infrastructure"],
    ["Infrastruktur und Betrieb", "infrastructure"],
    ["Compliance & Sicherheit", "compliance"],
    ["Support & Dokumentation", "support"],
    ["Überwachung & Wartung", "monitoring"],
    ["Nachtraining", "retraining"],
    ["  support  ", "support"],
    ["Cloud hosting costs", "infrastructure"],
  ])("%j -> %s", (text, category) => {
    expect(categoryFromSourceText(text)).toBe(category);
  });

  it.each(["", "Other", "Sonstiges", "Personnel", "Unclassified", "n/a"])("%j names no category", (text) => {
    expect(categoryFromSourceText(text)).toBeUndefined();
  });

  it("recognises exact names for column detection, not loose keyword hits", () => {
    expect(namesCategoryExactly("Data engineering")).toBe(true);
    expect(namesCategoryExactly("cloud")).toBe(true);
    expect(namesCategoryExactly("Cloud hosting costs")).toBe(false);
  });

  it("recognises every category's display name and key", () => {
    for (const category of CATEGORIES) {
      expect(categoryFromSourceText(category.name)).toBe(category.key);
      expect(categoryFromSourceText(category.key)).toBe(category.key);
      expect(categoryFromSourceText(category.name.toUpperCase())).toBe(category.key);
    }
  });
});

describe("classifyItems: precedence", () => {
  it("uses the keyword rules when nothing else is known", () => {
    const [result] = classifyItems([item("Cloud GPU hosting")]);
    expect(result).toMatchObject({ category: "infrastructure", basis: "keyword", suggestion: "infrastructure" });
  });

  it("lands unmatched lines in Unclassified with basis none and no suggestion", () => {
    const [result] = classifyItems([item("Travel")]);
    expect(result).toMatchObject({ category: "unclassified", basis: "none" });
    expect(result?.suggestion).toBeUndefined();
    expect(result && "suggestion" in result).toBe(false);
  });

  it("lets a source category column that names a category win over keywords", () => {
    const [result] = classifyItems([item("Cloud GPU hosting", "D5", { sourceCategory: "Compliance" })]);
    expect(result).toMatchObject({ category: "compliance", basis: "source-column", suggestion: "infrastructure" });
  });

  it("falls back to keywords when the source category names nothing", () => {
    const [result] = classifyItems([item("Cloud GPU hosting", "D5", { sourceCategory: "Other" })]);
    expect(result).toMatchObject({ category: "infrastructure", basis: "keyword", sourceCategory: "Other" });
  });

  it("lets the user's override win over both, keyed by amount address, keeping the suggestion", () => {
    const items = [
      item("Cloud GPU hosting", "D5", { sourceCategory: "Compliance" }),
      item("Cloud GPU hosting", "D6", { sourceCategory: "Compliance" }),
      item("Travel", "D7"),
    ];
    const result = classifyItems(items, { D5: "support", D7: "changeManagement" });
    expect(result.map((r) => [r.amountAddress, r.category, r.basis, r.suggestion])).toEqual([
      ["D5", "support", "override", "infrastructure"],
      ["D6", "compliance", "source-column", "infrastructure"],
      ["D7", "changeManagement", "override", undefined],
    ]);
  });

  it("ignores overrides that are not category keys and inherited properties", () => {
    const overrides = JSON.parse('{"D5": "nonsense", "toString": "support"}') as Record<string, CategoryKey>;
    const result = classifyItems([item("Travel", "D5"), item("Travel", "toString")], overrides);
    expect(result.map((r) => r.basis)).toEqual(["none", "override"]);
    const proto = classifyItems([item("Travel", "constructor")], {});
    expect(proto[0]?.basis).toBe("none");
  });

  it("keeps every line item field and the input order", () => {
    const input = [item("B", "D9", { amount: 5, amountSource: "text", sourceCategory: "x" }), item("A", "D2")];
    const result = classifyItems(input);
    expect(result.map((r) => r.amountAddress)).toEqual(["D9", "D2"]);
    expect(result[0]).toMatchObject(input[0] as LineItem);
    expect(result[1] && "sourceCategory" in result[1]).toBe(false);
  });

  it("does not modify its input", () => {
    const input = [item("Cloud hosting")];
    const copy = structuredClone(input);
    classifyItems(input, { D5: "support" });
    expect(input).toEqual(copy);
  });
});

describe("classifyItems on the fixtures", () => {
  function expectCategories(fixture: GridFixture): void {
    const parsed = parseLineItems(fixture.grid);
    if (!parsed.ok) throw new Error(parsed.message);
    const classified = classifyItems(parsed.items);
    expect(classified.map((c) => [c.amountAddress, c.category])).toEqual(
      fixture.expected.items.map((e) => [e.amountAddress, e.category ?? "unclassified"]),
    );
    const totals = totalsByBucket(classified);
    const expected = expectedTotalsByBucket(fixture.expected.items);
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) expect(totals[key]).toBeCloseTo(expected[key], 6);
  }

  it("messy sheet", () => expectCategories(messyPilotGrid()));
  it("German sheet", () => expectCategories(germanPilotGrid()));
  it("headerless sheet", () => expectCategories(headerlessGrid()));
  it("20k generated rows with a category column", () => expectCategories(generatedPilotGrid({ rows: 20_000, withCategoryColumn: true })));

  it("the generator's labels classify as labelled", () => {
    for (const [bucket, labels] of Object.entries(GENERATED_LABELS)) {
      for (const label of labels) expect(suggestCategory(label) ?? "unclassified", label).toBe(bucket);
    }
  });
});

describe("totalsByBucket", () => {
  it("has every bucket, zero when empty", () => {
    const totals = totalsByBucket([]);
    expect(Object.keys(totals)).toEqual([...CATEGORY_KEYS, "unclassified"]);
    expect(Object.values(totals).every((v) => v === 0)).toBe(true);
  });

  it("sums per bucket, negatives included", () => {
    const totals = totalsByBucket([
      { category: "support", amount: 100 },
      { category: "support", amount: -30 },
      { category: "unclassified", amount: 5 },
      { category: "compliance", amount: 0.25 },
    ]);
    expect(totals.support).toBe(70);
    expect(totals.unclassified).toBe(5);
    expect(totals.compliance).toBe(0.25);
    expect(totals.dataEngineering).toBe(0);
  });

  it("bucket totals add up to the overall total (property)", () => {
    const bucket = fc.constantFrom(...CATEGORY_KEYS, "unclassified" as const);
    fc.assert(
      fc.property(fc.array(fc.record({ category: bucket, amount: fc.integer({ min: -1e6, max: 1e6 }) }), { maxLength: 200 }), (items) => {
        const totals = totalsByBucket(items);
        const sum = Object.values(totals).reduce((a, b) => a + b, 0);
        expect(sum).toBe(items.reduce((a, b) => a + b.amount, 0));
      }),
    );
  });
});
