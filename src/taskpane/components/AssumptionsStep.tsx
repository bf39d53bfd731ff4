import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useMemo } from "react";
import {
  CONTINGENCY_BASIS,
  MULTIPLIER_BASIS,
  SCENARIO_KEYS,
  SCENARIO_NAMES,
  SUM_TOLERANCE,
  WEIGHT_DEFAULTS,
} from "../../domain/assumptions";
import { CATEGORIES, bucketName } from "../../domain/categories";
import type { Projection } from "../../domain/project";
import { formatMoney, formatMultiplier, formatShare } from "../format";
import { currencyFormatOf, type AppState } from "../state/appState";
import {
  changedFromDefault,
  fieldKey,
  fieldText,
  phasingYears,
  sumPercents,
  type DraftField,
  type DraftReading,
} from "../state/assumptionsDraft";
import type { TaskpaneCommands } from "../useTaskpane";
import { Button, Input } from "./controls";
import { Labeled } from "./Labeled";
import { StepNav } from "./StepNav";
import { useStepStyles } from "./styles";

export function AssumptionsStep(props: {
  state: AppState;
  reading: DraftReading;
  projection: Projection | null;
  commands: TaskpaneCommands;
}) {
  const { state, reading, projection, commands } = props;
  const s = useStepStyles();
  const draft = state.draft;
  const changed = useMemo(() => changedFromDefault(draft), [draft]);
  const currencyFormat = currencyFormatOf(state);
  const years = phasingYears(draft);
  const weightSum = sumPercents(CATEGORIES.map((c) => draft.weightPercents[c.key]));
  // The domain's "sums to 100%" tolerance, in percent.
  const weightOk = Number.isFinite(weightSum) && Math.abs(weightSum - 100) <= SUM_TOLERANCE * 100;

  const input = (field: DraftField, label: string, extra?: { hint?: string; suffix?: string }) => {
    const key = fieldKey(field);
    const message = reading.byField.get(key);
    return (
      <Labeled label={changed.has(key) ? `${label} (changed)` : label} hint={extra?.hint} error={message}>
        {(control) => (
          <Input
            {...control}
            size="small"
            inputMode="decimal"
            fill
            value={fieldText(draft, field)}
            suffix={extra?.suffix}
            onChange={(value) => commands.editAssumption(field, value)}
          />
        )}
      </Labeled>
    );
  };

  return (
    <section className={s.step} aria-labelledby="assumptions-heading">
      <h2 id="assumptions-heading" className={s.heading}>
        Assumptions
      </h2>
      <p className={s.text}>
        Sourced defaults: production costs 5–10× the pilot. Every value can be changed here or later on the Assumptions
        sheet.
      </p>

      <Preview projection={projection} currencyFormat={currencyFormat} hasItems={state.source.status === "ready"} />

      {reading.problems.length > 0 ? (
        <MessageBar intent="error" layout="multiline" role="alert" data-testid="assumption-problems">
          <MessageBarBody>
            <MessageBarTitle>Fix these before generating</MessageBarTitle>
            <ul className={s.list}>
              {reading.problems.map((p) => (
                <li key={`${p.field}:${p.message}`}>{p.message}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <h3 className={s.subheading}>Scenario multipliers</h3>
      <div className={s.grid3}>
        {SCENARIO_KEYS.map((scenario) => (
          <div key={scenario} title={MULTIPLIER_BASIS[scenario]}>
            {input({ kind: "multiplier", scenario }, SCENARIO_NAMES[scenario], { suffix: "×" })}
          </div>
        ))}
      </div>
      <p className={s.muted}>
        {MULTIPLIER_BASIS.low} {MULTIPLIER_BASIS.high}
      </p>

      <div className={s.grid2}>
        {input({ kind: "contingency" }, "Contingency", { suffix: "%" })}
        {input({ kind: "horizonYears" }, "Horizon (years)")}
      </div>
      <p className={s.muted}>{CONTINGENCY_BASIS}</p>

      <h3 className={s.subheading}>Category weights</h3>
      <table className={`${s.table} ${s.fixed}`} aria-label="Category weights">
        <colgroup>
          <col />
          <col style={{ width: 92 }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {CATEGORIES.map((c) => {
            const field: DraftField = { kind: "weight", category: c.key };
            const key = fieldKey(field);
            const error = reading.byField.get(key);
            return (
              <tr key={c.key}>
                <th scope="row" className={s.rowHeader} title={WEIGHT_DEFAULTS[c.key].basis}>
                  {c.name}
                  {changed.has(key) ? <span className={s.muted}> (changed)</span> : null}
                </th>
                <td>
                  <Input
                    size="small"
                    inputMode="decimal"
                    aria-label={`Weight of ${c.name}, percent`}
                    aria-invalid={error ? true : undefined}
                    fill
                    suffix="%"
                    value={fieldText(draft, field)}
                    onChange={(value) => commands.editAssumption(field, value)}
                  />
                </td>
              </tr>
            );
          })}
          <tr className={s.totalRow}>
            <th scope="row">Total</th>
            <td data-testid="weight-sum" className={weightOk ? undefined : s.error}>
              {Number.isFinite(weightSum) ? `${Math.round(weightSum * 100) / 100}%` : "–"}
              {weightOk ? " ✓" : " ≠ 100%"}
            </td>
          </tr>
        </tbody>
      </table>

      <h3 className={s.subheading}>Phasing per year</h3>
      <p className={s.muted}>Share of each category&apos;s budget spent in each year; each row sums to 100%.</p>
      <div className={s.scrollX}>
        <table className={`${s.table} ${s.fixed}`} style={{ minWidth: 112 + years * 60 }} aria-label="Phasing per year">
          <colgroup>
            <col style={{ width: "38%" }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Category</th>
              {Array.from({ length: years }, (_, i) => (
                <th scope="col" key={i}>
                  Y{i + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CATEGORIES.map((c) => {
              const rowError = reading.byField.get(`phasing.${c.key}`);
              return (
                <tr key={c.key}>
                  <th scope="row" className={s.rowHeader}>
                    {c.name}
                    {rowError ? (
                      <div className={`${s.muted} ${s.error}`}>
                        {`Sums to ${Math.round(sumPercents(draft.phasingPercents[c.key]) * 100) / 100}%`}
                      </div>
                    ) : null}
                  </th>
                  {draft.phasingPercents[c.key].map((text, yearIndex) => {
                    const field: DraftField = { kind: "phasing", category: c.key, yearIndex };
                    return (
                      <td key={yearIndex}>
                        <Input
                          size="small"
                          inputMode="decimal"
                          aria-label={`${c.name}, year ${yearIndex + 1}, percent`}
                          aria-invalid={rowError ? true : undefined}
                          fill
                          value={text}
                          onChange={(value) => commands.editAssumption(field, value)}
                        />
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div>
        <Button size="small" onClick={commands.resetAssumptions}>
          Reset to sourced defaults
        </Button>
      </div>
      <StepNav step="assumptions" goTo={commands.goTo} />
    </section>
  );
}

/** Live figures from the domain projection: the same numbers the sheet's formulas will show. */
function Preview(props: { projection: Projection | null; currencyFormat: string | undefined; hasItems: boolean }) {
  const { projection, currencyFormat, hasItems } = props;
  const s = useStepStyles();
  if (!projection) {
    return (
      <div className={s.card} data-testid="preview">
        <p className={s.muted}>
          {hasItems
            ? "The preview appears when the assumptions are valid."
            : "Read the pilot's costs on the Source step to see the production budget here."}
        </p>
      </div>
    );
  }
  const base = projection.scenarios.base;
  return (
    <div className={s.card} data-testid="preview" aria-live="polite">
      <table className={s.table} aria-label="Production budget preview">
        <tbody>
          <tr>
            <th scope="row">Pilot total</th>
            <td className={s.number} data-testid="preview-pilot">
              {formatMoney(projection.pilotTotal, currencyFormat)}
            </td>
          </tr>
          {SCENARIO_KEYS.map((scenario) => {
            const p = projection.scenarios[scenario];
            return (
              <tr key={scenario}>
                <th scope="row">
                  {SCENARIO_NAMES[scenario]} ({formatMultiplier(p.multiplier)})
                </th>
                <td className={s.number} data-testid={`preview-${scenario}`}>
                  {formatMoney(p.total, currencyFormat)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className={s.subheading}>Base scenario by category</div>
      <ul className={s.plainList} aria-label="Base scenario by category">
        {CATEGORIES.map((c) => {
          const amount = base.byCategory[c.key];
          const share = base.total === 0 ? 0 : amount / base.total;
          const missing = projection.unbudgetedCategories.includes(c.key);
          return (
            <li key={c.key} className={s.text}>
              <div className={s.spread}>
                <span>
                  {c.name}
                  {missing ? <span className={s.muted}> · new in production</span> : null}
                </span>
                <span className={s.number}>{formatMoney(amount, currencyFormat)}</span>
              </div>
              <div
                role="presentation"
                className={s.bar}
                style={{ width: `${Math.max(0, Math.min(100, share * 100))}%` }}
              />
              <span className={s.muted}>{formatShare(share)}</span>
            </li>
          );
        })}
      </ul>
      {projection.unbudgetedCategories.length > 0 ? (
        <p className={s.muted}>
          The pilot had no cost for {projection.unbudgetedCategories.map((k) => bucketName(k)).join(", ")}: production
          adds these blocks.
        </p>
      ) : null}
    </div>
  );
}
