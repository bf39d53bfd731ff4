import { FluentProvider, type PartialTheme } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import type { WorkbookGateway } from "../gateway";
import { summarizePilotChange, toUserMessage } from "../messages";
import { lightTheme } from "../themeTokens";
import { STEP_KEYS, type UserMessage } from "../state/appState";
import { useTaskpane } from "../useTaskpane";
import { AssumptionsStep } from "./AssumptionsStep";
import { Button } from "./controls";
import { LinkButton } from "./Labeled";
import { ClassifyStep } from "./ClassifyStep";
import { GenerateStep } from "./GenerateStep";
import { Problem } from "./Problem";
import { SourceStep } from "./SourceStep";
import { STEP_TITLES } from "./StepNav";
import { Stepper } from "./Stepper";
import { cls } from "./styles";

const STEPS = STEP_KEYS.map((key) => ({ key, title: STEP_TITLES[key] }));
const PANEL_ID = "step-panel";

/** The task pane: four steps over one workbook gateway. */
export function App(props: { gateway: WorkbookGateway }) {
  const { gateway } = props;
  const [navProblem, setNavProblem] = useState<UserMessage | null>(null);
  const onNavigationError = useCallback(
    (error: unknown, what: "select" | "activate") => setNavProblem(toUserMessage(error, what)),
    [],
  );
  const { state, items, reading, projection, commands } = useTaskpane(gateway, onNavigationError);

  useEffect(() => {
    // First render of the working pane, for the bench (read back by the browser e2e test).
    if (typeof performance !== "undefined" && typeof performance.mark === "function")
      performance.mark("p2p:first-render");
  }, []);

  const step = state.step;
  return (
    <div className={cls.root}>
      <h1 className={cls.title}>Pilot to Production</h1>
      <Stepper steps={STEPS} selected={step} onSelect={commands.goTo} panelId={PANEL_ID} />
      {state.pilotChange && step !== "generate" ? (
        <p className={cls.muted} role="status" data-testid="pilot-changed-indicator">
          <span className={cls.badge}>Pilot changed</span> {summarizePilotChange(state.pilotChange)}.{" "}
          <LinkButton onClick={() => commands.goTo("generate")}>Review</LinkButton>
        </p>
      ) : null}
      {navProblem ? (
        <Problem
          problem={navProblem}
          intent="warning"
          actions={
            <Button size="small" onClick={() => setNavProblem(null)}>
              Dismiss
            </Button>
          }
        />
      ) : null}
      <div role="tabpanel" id={PANEL_ID} aria-labelledby={`tab-${step}`}>
        {step === "source" ? <SourceStep state={state} commands={commands} /> : null}
        {step === "classify" ? <ClassifyStep state={state} items={items} commands={commands} /> : null}
        {step === "assumptions" ? (
          <AssumptionsStep state={state} reading={reading} projection={projection} commands={commands} />
        ) : null}
        {step === "generate" ? (
          <GenerateStep state={state} items={items} reading={reading} projection={projection} commands={commands} />
        ) : null}
      </div>
    </div>
  );
}

/** The themed root: what index.tsx renders inside Excel and what the component tests render. */
export function Root(props: { gateway: WorkbookGateway; theme?: PartialTheme }) {
  return (
    <FluentProvider theme={props.theme ?? lightTheme} className={cls.provider}>
      <App gateway={props.gateway} />
    </FluentProvider>
  );
}
