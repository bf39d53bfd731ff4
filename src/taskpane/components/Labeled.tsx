import { useId, type ReactNode } from "react";
import { cls } from "./styles";

/** What a control inside `Labeled` spreads onto itself to be labelled and described. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/**
 * A label above a control, with a hint or an error message below it, wired for screen readers
 * (label `for`, `aria-describedby`, `aria-invalid`). Fluent's Field looks the same; this keeps its
 * code out of the bundle.
 */
export function Labeled(props: {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const { label, hint, error, className, children } = props;
  const id = useId();
  const noteId = `${id}-note`;
  const note = error ?? hint;
  return (
    <div className={className ? `${cls.field} ${className}` : cls.field}>
      <label htmlFor={id} className={cls.label}>
        {label}
      </label>
      {children({
        id,
        ...(note ? { "aria-describedby": noteId } : {}),
        ...(error ? { "aria-invalid": true as const } : {}),
      })}
      {note ? (
        <div id={noteId} className={error ? `${cls.muted} ${cls.error}` : cls.muted}>
          {note}
        </div>
      ) : null}
    </div>
  );
}

/** A button that reads as a link: addresses of skipped cells, generated tabs, "go to" hints. */
export function LinkButton(props: { onClick: () => void; children: ReactNode; "aria-label"?: string }) {
  return (
    <button type="button" className={cls.link} onClick={props.onClick} aria-label={props["aria-label"]}>
      {props.children}
    </button>
  );
}
