import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useState } from "react";
import { splitSheetRef } from "../../domain/a1";
import { formatCount, formatMoney } from "../format";
import type { AppState } from "../state/appState";
import { describeRequest } from "../state/appState";
import type { TaskpaneCommands } from "../useTaskpane";
import { Button, ProgressBar, Select } from "./controls";
import { Problem } from "./Problem";
import { Labeled, LinkButton } from "./Labeled";
import { StepNav } from "./StepNav";
import { useStepStyles } from "./styles";

/** Skipped cells listed at first; "Show more" adds this many each time. */
const SKIPPED_PAGE = 50;

export function SourceStep(props: { state: AppState; commands: TaskpaneCommands }) {
  const { state, commands } = props;
  const s = useStepStyles();
  const { source, namedSources, pickedName, saved } = state;
  const reading = source.status === "reading";

  return (
    <section className={s.step} aria-labelledby="source-heading">
      <h2 id="source-heading" className={s.heading}>
        Where are the pilot&apos;s costs?
      </h2>
      <p className={s.text}>
        Select the pilot&apos;s cost lines in the sheet (labels and amounts, with or without a header row) and use the
        selection, pick a table or named range, or let the add-in find the list on the active sheet.
      </p>
      <div className={s.row}>
        <Button appearance="primary" disabled={reading} onClick={() => void commands.readSource({ kind: "selection" })}>
          Use selection
        </Button>
        <Button disabled={reading} onClick={() => void commands.readSource({ kind: "auto" })}>
          Auto-detect
        </Button>
      </div>

      <Labeled
        label="Table or named range"
        hint={
          namedSources.status === "ready" && namedSources.items.length === 0
            ? "This workbook has no tables or named ranges."
            : undefined
        }
      >
        {(control) => (
          <div className={s.row}>
            <Select
              {...control}
              className={s.grow}
              disabled={namedSources.items.length === 0}
              value={pickedName ?? ""}
              onChange={(value) => commands.pickName(value || null)}
            >
              {namedSources.items.length === 0 ? (
                <option value="">{namedSources.status === "loading" ? "Loading…" : "None found"}</option>
              ) : null}
              {namedSources.items.map((n) => (
                <option key={`${n.kind}:${n.name}`} value={n.name}>
                  {n.name} ({n.kind === "table" ? "table" : "name"}, {n.sheetName}!{n.address})
                </option>
              ))}
            </Select>
            <Button
              disabled={reading || !pickedName}
              onClick={() => pickedName && void commands.readSource({ kind: "named", name: pickedName })}
            >
              Read
            </Button>
            <Button
              appearance="subtle"
              disabled={namedSources.status === "loading"}
              onClick={() => void commands.refreshNamedSources()}
            >
              Refresh list
            </Button>
          </div>
        )}
      </Labeled>
      {namedSources.status === "error" && namedSources.error ? (
        <Problem problem={namedSources.error} intent="warning" />
      ) : null}

      {saved.status === "loaded" && saved.generatedAt ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            This workbook already has a production budget
            {saved.source ? ` built from ${saved.source.sheetName}!${saved.source.address}` : ""} (
            {new Date(saved.generatedAt).toLocaleString()}). Your category choices and assumptions were loaded; read the
            pilot again to regenerate it.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {saved.problems.length > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {saved.problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {source.status === "reading" ? (
        <div aria-live="polite">
          <ProgressBar aria-label="Reading" />
          <p className={s.muted}>Reading {describeRequest(source.request)}…</p>
        </div>
      ) : null}
      {source.status === "error" ? <Problem problem={source.error} /> : null}
      {source.status === "ready" ? (
        <SourceSummary key={`${source.description}:${source.parse.items.length}`} state={state} commands={commands} />
      ) : null}
    </section>
  );
}

/** `'Q3 Pilot''s costs'!B4:D19` -> `Q3 Pilot's costs, B4:D19` for reading (not for formulas). */
function readableRef(ref: string): string {
  const parts = splitSheetRef(ref);
  return parts?.sheetName ? `${parts.sheetName}, ${parts.address.replace(/\$/g, "")}` : ref;
}

/** The parser's messages start with the address, which the link already shows. */
function messageWithoutAddress(message: string, address: string): string {
  if (!message.startsWith(address)) return message;
  const rest = message.slice(address.length).replace(/^[\s:,-]+/, "");
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function SourceSummary(props: { state: AppState; commands: TaskpaneCommands }) {
  const { state, commands } = props;
  const s = useStepStyles();
  const [shown, setShown] = useState(SKIPPED_PAGE);
  if (state.source.status !== "ready") return null;
  const { parse, grid, description } = state.source;
  const { layout, items, skipped, currencyFormat } = parse;
  const total = items.reduce((sum, item) => sum + item.amount, 0);
  const fromText = items.filter((item) => item.amountSource === "text").length;

  return (
    <div className={s.step} aria-live="polite">
      <h3 className={s.subheading}>Found {formatCount(items.length)} cost lines</h3>
      <dl className={s.facts} data-testid="source-facts">
        <dt>Read from</dt>
        <dd>{readableRef(description)}</dd>
        <dt>Header row</dt>
        <dd>{layout.headerRow === null ? "none (data starts at the top)" : `row ${layout.headerRow}`}</dd>
        <dt>Label column</dt>
        <dd>{layout.labelColumn}</dd>
        <dt>Amount column</dt>
        <dd>{layout.amountColumn}</dd>
        {layout.categoryColumn ? (
          <>
            <dt>Category column</dt>
            <dd>{layout.categoryColumn}</dd>
          </>
        ) : null}
        <dt>Rows</dt>
        <dd>
          {layout.firstDataRow}–{layout.lastDataRow}
        </dd>
        <dt>Included total</dt>
        <dd data-testid="included-total">{formatMoney(total, currencyFormat)}</dd>
      </dl>
      {fromText > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {formatCount(fromText)} {fromText === 1 ? "amount was" : "amounts were"} typed as text and will be copied as
            fixed numbers. Enter them as numbers in the source cells to keep the budget live.
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <h3 className={s.subheading}>
        {skipped.length === 0 ? "No cells skipped" : `Skipped cells (${formatCount(skipped.length)})`}
      </h3>
      {skipped.length > 0 ? (
        <>
          <p className={s.muted}>Not counted in the total. Select an address to go to the cell.</p>
          <ul className={s.list} aria-label="Skipped cells">
            {skipped.slice(0, shown).map((cell) => (
              <li key={`${cell.address}:${cell.reason}`} className={s.text}>
                <LinkButton
                  aria-label={`Go to ${cell.address}`}
                  onClick={() => void commands.selectCell(grid.sheetName, cell.address)}
                >
                  {cell.address}
                </LinkButton>{" "}
                — {messageWithoutAddress(cell.message, cell.address)}
              </li>
            ))}
          </ul>
          {skipped.length > shown ? (
            <div>
              <Button size="small" onClick={() => setShown((n) => n + SKIPPED_PAGE)}>
                Show {formatCount(Math.min(SKIPPED_PAGE, skipped.length - shown))} more
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
      <StepNav step="source" goTo={commands.goTo} />
    </div>
  );
}
