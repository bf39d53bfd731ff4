/**
 * The production cost categories, as data. Order is the display order on every sheet.
 * Keywords are lower-case stems matched against line labels (English and German).
 */
export type CategoryKey =
  | "dataEngineering"
  | "infrastructure"
  | "integration"
  | "changeManagement"
  | "monitoring"
  | "compliance"
  | "retraining"
  | "support";

/** Where a line item's cost goes: a category, or the visible "Unclassified" bucket. */
export type BucketKey = CategoryKey | "unclassified";

export interface CostCategory {
  key: CategoryKey;
  name: string;
  covers: string;
  keywords: { en: readonly string[]; de: readonly string[] };
}

export const UNCLASSIFIED_NAME = "Unclassified";

export const CATEGORIES: readonly CostCategory[] = [
  {
    key: "dataEngineering",
    name: "Data engineering",
    covers: "pipelines, data quality, labelling, warehouse feeds",
    keywords: {
      en: ["data", "pipeline", "etl", "elt", "labelling", "labeling", "annotation", "cleansing", "cleaning", "ingestion", "feature store", "dataset", "data quality", "data preparation", "feature engineering", "data engineering", "synthetic data"],
      de: ["daten", "datenaufbereitung", "datenqualität", "bereinigung", "annotation", "pipeline", "datenpipeline", "datenbereinigung", "aufbereitung"],
    },
  },
  {
    key: "infrastructure",
    name: "Infrastructure & operations",
    covers: "hosting, inference, compute, on-call",
    keywords: {
      en: ["infrastructure", "hosting", "cloud", "compute", "gpu", "server", "inference", "api usage", "tokens", "azure", "aws", "gcp", "kubernetes", "on-call", "operations", "licen", "storage", "virtual machine", "mlops", "devops"],
      de: ["infrastruktur", "hosting", "rechenzentrum", "betrieb", "server", "rechenleistung", "lizenz", "bereitschaft", "speicher", "rufbereitschaft"],
    },
  },
  {
    key: "integration",
    name: "Integration",
    covers: "CRM, ERP, data warehouse, legacy systems, SSO, APIs",
    keywords: {
      en: ["integration", "crm", "erp", "sap", "salesforce", "warehouse", "legacy", "sso", "interface", "connector", "middleware", "data warehouse", "single sign-on", "api integration"],
      de: ["integration", "schnittstelle", "anbindung", "altsystem", "konnektor", "systemintegration"],
    },
  },
  {
    key: "changeManagement",
    name: "Change management & training",
    covers: "adoption, training, process change",
    keywords: {
      en: ["change management", "training", "adoption", "workshop", "enablement", "onboarding", "communication", "process change", "coaching", "e-learning", "rollout", "roll-out", "user training"],
      de: ["schulung", "training", "change", "veränderung", "einführung", "akzeptanz", "kommunikation", "prozessänderung", "einarbeitung", "coaching"],
    },
  },
  {
    key: "monitoring",
    name: "Monitoring & maintenance",
    covers: "drift and quality monitoring, incident handling, upkeep",
    keywords: {
      en: ["monitoring", "maintenance", "observability", "drift", "incident", "alerting", "upkeep", "logging", "bug fix", "bugfix", "patching", "model monitoring"],
      de: ["überwachung", "monitoring", "wartung", "instandhaltung", "störung", "pflege", "fehlerbehebung"],
    },
  },
  {
    key: "compliance",
    name: "Compliance & security",
    covers: "GDPR logging, audit trails, security reviews, AI regulation",
    keywords: {
      en: ["compliance", "security", "gdpr", "audit", "privacy", "dpia", "legal", "regulation", "ai act", "penetration", "risk", "pen test", "pentest", "certification", "data protection", "security review"],
      de: ["compliance", "sicherheit", "datenschutz", "dsgvo", "prüfung", "revision", "recht", "regulierung", "ki-verordnung", "zertifizierung", "informationssicherheit"],
    },
  },
  {
    key: "retraining",
    name: "Model updates & retraining",
    covers: "retraining, evaluation, model upgrades",
    keywords: {
      en: ["retraining", "re-training", "fine-tuning", "fine tuning", "finetuning", "evaluation", "model update", "model upgrade", "model", "model training", "retrain"],
      de: ["nachtraining", "modellpflege", "modell", "evaluierung", "feinabstimmung", "modelltraining", "modellaktualisierung"],
    },
  },
  {
    key: "support",
    name: "Support & documentation",
    covers: "help desk, runbooks, user and technical documentation",
    keywords: {
      en: ["support", "help desk", "helpdesk", "documentation", "runbook", "service desk", "manual", "hotline", "call centre", "call center", "user guide", "knowledge base", "ticket"],
      de: ["support", "dokumentation", "handbuch", "benutzerhilfe", "kundendienst", "hotline", "anleitung", "betriebshandbuch"],
    },
  },
];

export const CATEGORY_KEYS: readonly CategoryKey[] = CATEGORIES.map((c) => c.key);

export function categoryByKey(key: CategoryKey): CostCategory {
  const found = CATEGORIES.find((c) => c.key === key);
  if (!found) throw new Error(`Unknown category key: ${key}`);
  return found;
}

export function bucketName(key: BucketKey): string {
  return key === "unclassified" ? UNCLASSIFIED_NAME : categoryByKey(key).name;
}

export function isCategoryKey(value: string): value is CategoryKey {
  return (CATEGORY_KEYS as readonly string[]).includes(value);
}
