import { useRef, type KeyboardEvent } from "react";
import { cls } from "./styles";

export interface StepperStep<K extends string> {
  key: K;
  title: string;
}

/**
 * The four steps as an ARIA tab list: one tab stop, arrow keys (and Home/End) move between the
 * steps and select them, as in Fluent's TabList, without its focus-management runtime.
 */
export function Stepper<K extends string>(props: {
  steps: readonly StepperStep<K>[];
  selected: K;
  onSelect: (key: K) => void;
  panelId: string;
}) {
  const { steps, selected, onSelect, panelId } = props;
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const move = (index: number) => {
    const count = steps.length;
    const target = ((index % count) + count) % count;
    const step = steps[target];
    if (!step) return;
    onSelect(step.key);
    buttons.current[target]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    switch (event.key) {
      case "ArrowRight":
      case "ArrowDown":
        move(index + 1);
        break;
      case "ArrowLeft":
      case "ArrowUp":
        move(index - 1);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(steps.length - 1);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div role="tablist" aria-label="Steps" className={cls.stepper}>
      {steps.map((step, index) => {
        const isSelected = step.key === selected;
        return (
          <button
            key={step.key}
            ref={(el) => {
              buttons.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${step.key}`}
            className={cls.stepTab}
            aria-selected={isSelected}
            aria-controls={panelId}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(step.key)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            <span className="p2p-step-number" aria-hidden="true">
              {index + 1}
            </span>
            {step.title}
          </button>
        );
      })}
    </div>
  );
}
