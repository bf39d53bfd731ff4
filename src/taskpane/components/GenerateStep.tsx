import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { SCENARIO_KEYS, SCENARIO_NAMES } from "../../domain/assumptions";
import type { ClassifiedItem } from "../../domain/lineItems";
import type { Projection } from "../../domain/project";
import { STATE_SHEET_NAME } from "../../domain/savedState";
import { formatCount, formatMoney, formatMultiplier } from "../format";
import { describePilotChange, HINTS } from "../messages";
import { currencyFormatOf, type AppState } from "../state/appState";
import type { DraftReading } from "../state/assumptionsDraft";
import type { TaskpaneCommands } from "../useTaskpane";
import { Button, ProgressBar } from "./controls";
import { Problem } from "./Problem";
import { LinkButton } from "./Labeled";
import { StepNav } from "./StepNav";
import { useStepStyles } from "./styles";

export function GenerateStep(props: {
  state: AppState;
  items: ClassifiedItem[];
  reading: DraftReading;
  projection: Projection | null;
  commands: TaskpaneCommands;
}) {
  const { state, items, reading, projection, commands } = props;
  const s = useStepStyles();
  const { generation } = state;
  const ready = state.source.status === "ready" && items.length > 0;
  const valid = reading.problems.length === 0;
  const running = generation.status === "running";
  const unclassified = items.filter((i) => i.category === "unclassified").length;
  const currencyFormat = currencyFormatOf(state);

  return (
    <section className={s.step} aria-labelledby="generate-heading">
      <h2 id="generate-heading" className={s.heading}>
        Generate the budget
      </h2>
      <p className={s.text}>
        Writes an Assumptions sheet and a Production Budget sheet built from live formulas over the pilot&apos;s cells.
        Sheets generated before are replaced; the pilot&apos;s cells are never changed.
      </p>

      {state.pilotChange ? (
        <MessageBar intent="warning" layout="multiline" data-testid="pilot-changed">
          <MessageBarBody>
            <MessageBarTitle>The pilot changed</MessageBarTitle>
            {describePilotChange(state.pilotChange)} Amounts already in the budget need nothing: its formulas follow them.
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" disabled={!valid || running} onClick={() => void commands.regenerate()}>
              Regenerate
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {!ready && !state.pilotChange ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            {HINTS.noSource} <LinkButton onClick={() => commands.goTo("source")}>Go to Source</LinkButton>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {ready && !valid ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>The assumptions need a fix</MessageBarTitle>
            {HINTS.invalidAssumptions}{" "}
            <LinkButton onClick={() => commands.goTo("assumptions")}>Go to Assumptions</LinkButton>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {ready && unclassified > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {formatCount(unclassified)} {unclassified === 1 ? "line is" : "lines are"} Unclassified: counted in the
            pilot total, shown apart in the pilot split.{" "}
            <LinkButton
              onClick={() => {
                commands.setClassifyView({ filter: "unclassified" });
                commands.goTo("classify");
              }}
            >
              Classify them
            </LinkButton>
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {ready && projection ? (
        <div className={s.card}>
          <table className={s.table} aria-label="What will be generated">
            <tbody>
              <tr>
                <th scope="row">Line items</th>
                <td className={s.number}>{formatCount(items.length)}</td>
              </tr>
              <tr>
                <th scope="row">Pilot total</th>
                <td className={s.number}>{formatMoney(projection.pilotTotal, currencyFormat)}</td>
              </tr>
              {SCENARIO_KEYS.map((k) => (
                <tr key={k}>
                  <th scope="row">
                    {SCENARIO_NAMES[k]} ({formatMultiplier(projection.scenarios[k].multiplier)})
                  </th>
                  <td className={s.number}>{formatMoney(projection.scenarios[k].total, currencyFormat)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Horizon</th>
                <td className={s.number}>
                  {projection.horizonYears} {projection.horizonYears === 1 ? "year" : "years"}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}

      <div>
        <Button appearance="primary" disabled={!ready || !valid || running} onClick={() => void commands.generate()}>
          {generation.status === "done" ? "Generate again" : "Generate budget sheets"}
        </Button>
      </div>

      {generation.status === "running" ? (
        <div aria-live="polite">
          <ProgressBar value={generation.progress.fraction} aria-label="Writing the sheets" />
          <p className={s.muted}>{generation.progress.message}</p>
        </div>
      ) : null}

      {generation.status === "error" ? (
        <Problem
          problem={generation.error}
          actions={
            <Button size="small" onClick={() => void commands.generate()}>
              Try again
            </Button>
          }
        />
      ) : null}

      {generation.status === "done" ? (
        <MessageBar intent="success" layout="multiline" data-testid="generate-done">
          <MessageBarBody>
            <MessageBarTitle>Budget written</MessageBarTitle>
            The sheets follow the pilot&apos;s cells: change a pilot amount and the budget recalculates. Open a sheet:
            <ul className={s.list} aria-label="Generated sheets">
              {generation.result.sheetNames
                .filter((name) => name !== STATE_SHEET_NAME)
                .map((name) => (
                  <li key={name}>
                    <LinkButton onClick={() => void commands.activateSheet(name)}>{name}</LinkButton>
                  </li>
                ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <StepNav step="generate" goTo={commands.goTo} />
    </section>
  );
}
