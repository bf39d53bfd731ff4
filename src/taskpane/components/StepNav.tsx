import { STEP_KEYS, type StepKey } from "../state/appState";
import { Button } from "./controls";
import { useStepStyles } from "./styles";

export const STEP_TITLES: Readonly<Record<StepKey, string>> = {
  source: "Source",
  classify: "Classify",
  assumptions: "Assumptions",
  generate: "Generate",
};

/** The foot of a step: Back to the step before it and "Next: <title>" to the one after, in STEP_KEYS order. */
export function StepNav(props: { step: StepKey; goTo: (step: StepKey) => void }) {
  const { step, goTo } = props;
  const s = useStepStyles();
  const index = STEP_KEYS.indexOf(step);
  const back = STEP_KEYS[index - 1];
  const next = STEP_KEYS[index + 1];
  return (
    <div className={s.nav}>
      {back ? <Button onClick={() => goTo(back)}>Back</Button> : <span />}
      {next ? (
        <Button appearance="primary" onClick={() => goTo(next)}>
          {`Next: ${STEP_TITLES[next]}`}
        </Button>
      ) : (
        <span />
      )}
    </div>
  );
}
