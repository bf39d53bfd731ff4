import { memo, useMemo } from "react";
import { bucketName, CATEGORIES, isCategoryKey, type CategoryKey } from "../../domain/categories";
import type { ClassifiedItem } from "../../domain/lineItems";
import { formatCount, formatMoney } from "../format";
import { HINTS } from "../messages";
import { currencyFormatOf, type AppState, type ClassifyFilter } from "../state/appState";
import { bucketTotals, filterItems, pageOf } from "../state/classifyView";
import type { TaskpaneCommands } from "../useTaskpane";
import { Button, Input, Select } from "./controls";
import { Labeled } from "./Labeled";
import { StepNav } from "./StepNav";
import { useStepStyles } from "./styles";

const FILTERS: ReadonlyArray<{ value: ClassifyFilter; text: string }> = [
  { value: "all", text: "All lines" },
  { value: "unclassified", text: "Unclassified only" },
  { value: "changed", text: "Changed by you" },
];

const BASIS_TEXT: Readonly<Record<ClassifiedItem["basis"], string>> = {
  override: "your choice",
  "source-column": "from the category column",
  keyword: "keyword rule",
  none: "no rule matched",
};

const AUTOMATIC = "automatic";
const UNCLASSIFIED = "unclassified";

export function ClassifyStep(props: { state: AppState; items: ClassifiedItem[]; commands: TaskpaneCommands }) {
  const { state, items, commands } = props;
  const s = useStepStyles();
  const view = state.classifyView;
  const currencyFormat = currencyFormatOf(state);
  const totals = useMemo(() => bucketTotals(items), [items]);
  // Filter on what selects lines only: turning a page re-filters nothing, even with 20k lines.
  const { filter, query } = view;
  const filtered = useMemo(() => filterItems(items, { filter, query }), [items, filter, query]);
  const page = pageOf(filtered, view.page);

  if (items.length === 0) {
    return (
      <section className={s.step} aria-labelledby="classify-heading">
        <h2 id="classify-heading" className={s.heading}>
          Classify the cost lines
        </h2>
        <p className={s.text}>{HINTS.noSource}</p>
        <div>
          <Button onClick={() => commands.goTo("source")}>Go to Source</Button>
        </div>
      </section>
    );
  }
  const unclassified = totals.find((t) => t.key === "unclassified");
  const pilotTotal = totals.reduce((sum, t) => sum + t.amount, 0);

  return (
    <section className={s.step} aria-labelledby="classify-heading">
      <h2 id="classify-heading" className={s.heading}>
        Classify the cost lines
      </h2>
      <p className={s.text}>
        Each line goes to a production cost category. Keyword rules suggest one; pick another where it is wrong.
        {unclassified && unclassified.count > 0
          ? ` ${formatCount(unclassified.count)} ${unclassified.count === 1 ? "line matches" : "lines match"} no rule and ${unclassified.count === 1 ? "is" : "are"} highlighted.`
          : ""}
      </p>

      <table className={s.table} aria-label="Pilot cost per category" data-testid="category-totals">
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col" className={s.number}>
              Lines
            </th>
            <th scope="col" className={s.number}>
              Pilot cost
            </th>
          </tr>
        </thead>
        <tbody>
          {totals
            .filter((t) => t.key !== "unclassified" || t.count > 0)
            .map((t) => (
              <tr key={t.key} className={t.key === "unclassified" ? s.highlight : undefined}>
                <th scope="row" className={s.rowHeader}>
                  {t.name}
                </th>
                <td className={s.number}>{formatCount(t.count)}</td>
                <td className={s.number}>{formatMoney(t.amount, currencyFormat)}</td>
              </tr>
            ))}
          <tr className={s.totalRow}>
            <th scope="row">Total</th>
            <td className={s.number}>{formatCount(items.length)}</td>
            <td className={s.number}>{formatMoney(pilotTotal, currencyFormat)}</td>
          </tr>
        </tbody>
      </table>

      <div className={s.row}>
        <Labeled label="Show" className={s.grow}>
          {(control) => (
            <Select
              {...control}
              value={view.filter}
              onChange={(picked) => {
                const value = FILTERS.find((f) => f.value === picked)?.value;
                if (value) commands.setClassifyView({ filter: value });
              }}
            >
              {FILTERS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.text}
                </option>
              ))}
            </Select>
          )}
        </Labeled>
        <Labeled label="Search" className={s.grow}>
          {(control) => (
            <Input
              {...control}
              type="search"
              placeholder="Label or cell"
              value={view.query}
              onChange={(text) => commands.setClassifyView({ query: text })}
            />
          )}
        </Labeled>
      </div>

      {page.total === 0 ? (
        <p className={s.muted}>No line matches this filter.</p>
      ) : (
        <table className={s.table} aria-label="Line items" data-testid="line-items">
          <thead>
            <tr>
              <th scope="col">Line item and category</th>
              <th scope="col" className={s.number}>
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((item) => (
              <LineRow
                key={item.amountAddress}
                item={item}
                currencyFormat={currencyFormat}
                onChange={commands.setOverride}
                highlightClass={s.highlight}
              />
            ))}
          </tbody>
        </table>
      )}

      {page.pageCount > 1 ? (
        <nav className={s.nav} aria-label="Pages of line items">
          <Button
            size="small"
            disabled={page.page === 0}
            onClick={() => commands.setClassifyView({ page: page.page - 1 })}
          >
            Previous
          </Button>
          <span className={s.muted} aria-live="polite">
            {formatCount(page.first)}–{formatCount(page.last)} of {formatCount(page.total)}
          </span>
          <Button
            size="small"
            disabled={page.page >= page.pageCount - 1}
            onClick={() => commands.setClassifyView({ page: page.page + 1 })}
          >
            Next
          </Button>
        </nav>
      ) : (
        <p className={s.muted}>
          {formatCount(page.total)} of {formatCount(items.length)} lines shown
        </p>
      )}

      <StepNav step="classify" goTo={commands.goTo} />
    </section>
  );
}

interface LineRowProps {
  item: ClassifiedItem;
  currencyFormat: string | undefined;
  onChange: (amountAddress: string, category: CategoryKey | null) => void;
  highlightClass: string;
}

/** One line: label, where it is, the category picker with the suggestion beside it, and the amount. */
const LineRow = memo(function LineRow({ item, currencyFormat, onChange, highlightClass }: LineRowProps) {
  const s = useStepStyles();
  const unclassified = item.category === "unclassified";
  const pickerLabel = `Category of ${item.label || item.amountAddress}`;
  return (
    <tr className={unclassified ? highlightClass : undefined} data-address={item.amountAddress}>
      <td>
        <div className={s.text}>{item.label || <em>(no label)</em>}</div>
        <div className={s.muted}>
          {item.amountAddress} · {BASIS_TEXT[item.basis]}
          {unclassified ? (
            <>
              {" "}
              <span className={s.badge}>Unclassified</span>
            </>
          ) : null}
        </div>
        <Select
          size="small"
          aria-label={pickerLabel}
          style={{ marginTop: 4 }}
          value={unclassified ? UNCLASSIFIED : item.category}
          onChange={(value) => {
            if (value === AUTOMATIC) onChange(item.amountAddress, null);
            else if (isCategoryKey(value)) onChange(item.amountAddress, value);
          }}
        >
          {unclassified ? (
            <option value={UNCLASSIFIED} disabled>
              Unclassified: choose a category
            </option>
          ) : null}
          {CATEGORIES.map((c) => (
            <option key={c.key} value={c.key}>
              {c.name}
            </option>
          ))}
          {item.basis === "override" ? <option value={AUTOMATIC}>Undo my choice (automatic)</option> : null}
        </Select>
        <div className={s.muted}>
          {item.suggestion ? `Suggested: ${bucketName(item.suggestion)}` : "No suggestion: no keyword matched"}
        </div>
      </td>
      <td className={s.number}>{formatMoney(item.amount, currencyFormat)}</td>
    </tr>
  );
});
