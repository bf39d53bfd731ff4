import { CATEGORIES, UNCLASSIFIED_NAME, type BucketKey } from "../../domain/categories";
import type { ClassifiedItem } from "../../domain/lineItems";
import type { ClassifyView } from "./appState";

/** Rows per page on the Classify step: few enough Dropdowns to stay fast with 20k lines. */
export const PAGE_SIZE = 25;

/** Items the Classify step shows for the current filter and search text. */
export function filterItems(
  items: readonly ClassifiedItem[],
  view: Pick<ClassifyView, "filter" | "query">,
): ClassifiedItem[] {
  const query = view.query.trim().toLowerCase();
  return items.filter((item) => {
    if (view.filter === "unclassified" && item.category !== "unclassified") return false;
    if (view.filter === "changed" && item.basis !== "override") return false;
    if (query === "") return true;
    return item.label.toLowerCase().includes(query) || item.amountAddress.toLowerCase() === query;
  });
}

export interface Page<T> {
  rows: T[];
  /** 0-based, clamped to the available pages. */
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last row shown, for "21–40 of 20,000". */
  first: number;
  last: number;
  total: number;
}

export function pageOf<T>(list: readonly T[], page: number, pageSize = PAGE_SIZE): Page<T> {
  const pageCount = Math.max(1, Math.ceil(list.length / pageSize));
  const clamped = Math.min(Math.max(0, Math.floor(page)), pageCount - 1);
  const start = clamped * pageSize;
  const rows = list.slice(start, start + pageSize);
  return {
    rows,
    page: clamped,
    pageCount,
    first: rows.length > 0 ? start + 1 : 0,
    last: start + rows.length,
    total: list.length,
  };
}

export interface BucketTotal {
  key: BucketKey;
  name: string;
  count: number;
  amount: number;
}

/** Pilot cost and line count per category, in display order, with Unclassified last. */
export function bucketTotals(items: readonly ClassifiedItem[]): BucketTotal[] {
  const totals = new Map<BucketKey, BucketTotal>();
  for (const c of CATEGORIES) totals.set(c.key, { key: c.key, name: c.name, count: 0, amount: 0 });
  totals.set("unclassified", { key: "unclassified", name: UNCLASSIFIED_NAME, count: 0, amount: 0 });
  for (const item of items) {
    const t = totals.get(item.category);
    if (!t) continue;
    t.count += 1;
    t.amount += item.amount;
  }
  return [...totals.values()];
}
