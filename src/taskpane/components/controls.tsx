import type { ChangeEvent, CSSProperties, ReactNode } from "react";

/**
 * The pane's button, text input, select and progress bar: native elements with Fluent UI v9's
 * look (the `.p2p-btn`, `.p2p-input`, `.p2p-select` and `.p2p-progress` rules in taskpane.css use
 * the theme's CSS variables from FluentProvider, so they follow the light and dark themes).
 * Fluent's Button, Input, Select and ProgressBar cost about 15 KB of gzipped JavaScript for the
 * handful of variants used here; native elements keep the keyboard behaviour, focus and roles
 * that screen readers know (button, textbox, combobox, progressbar).
 */

type Size = "small" | "medium";

function classes(...names: (string | false | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}

export function Button(props: {
  appearance?: "primary" | "secondary" | "subtle";
  size?: Size;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  const { appearance = "secondary", size = "medium", disabled, onClick, children } = props;
  return (
    <button
      type="button"
      className={classes(
        "p2p-btn",
        appearance !== "secondary" && `p2p-btn-${appearance}`,
        size === "small" && "p2p-btn-small",
      )}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** What `Labeled` hands its control, or an explicit label for inputs inside tables. */
interface LabelProps {
  id?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}

export function Input(
  props: LabelProps & {
    value: string;
    onChange: (value: string) => void;
    size?: Size;
    type?: "text" | "search";
    inputMode?: "decimal" | "text";
    placeholder?: string;
    /** Shown after the text, e.g. "%" (Fluent's `contentAfter`). */
    suffix?: string | undefined;
    /** Stretch to the cell or grid column the input sits in. */
    fill?: boolean;
  },
) {
  const { value, onChange, size = "medium", type = "text", inputMode, placeholder, suffix, fill } = props;
  const invalid = props["aria-invalid"] === true;
  return (
    <span
      className={classes(
        "p2p-input",
        size === "small" && "p2p-input-small",
        suffix !== undefined && "p2p-input-suffixed",
        invalid && "p2p-invalid",
        fill && "p2p-fill",
      )}
    >
      <input
        id={props.id}
        type={type}
        inputMode={inputMode}
        placeholder={placeholder}
        aria-label={props["aria-label"]}
        aria-describedby={props["aria-describedby"]}
        aria-invalid={invalid || undefined}
        value={value}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
      />
      {suffix !== undefined ? <span className="p2p-input-after">{suffix}</span> : null}
    </span>
  );
}

export function Select(
  props: LabelProps & {
    value: string;
    onChange: (value: string) => void;
    size?: Size;
    disabled?: boolean;
    className?: string;
    style?: CSSProperties;
    children: ReactNode;
  },
) {
  const { value, onChange, size = "medium", disabled, className, style, children } = props;
  return (
    <span className={classes("p2p-select", size === "small" && "p2p-select-small", className)} style={style}>
      <select
        id={props.id}
        aria-label={props["aria-label"]}
        aria-describedby={props["aria-describedby"]}
        aria-invalid={props["aria-invalid"] || undefined}
        disabled={disabled}
        value={value}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value)}
      >
        {children}
      </select>
      <svg className="p2p-select-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d="M15.85 7.65c.2.2.2.5 0 .7l-5.46 5.49a.55.55 0 0 1-.78 0L4.15 8.35a.5.5 0 1 1 .7-.7L10 12.8l5.15-5.16c.2-.2.5-.2.7 0" />
      </svg>
    </span>
  );
}

/** A 2 px bar: `value` from 0 to 1, or indeterminate (a moving segment) without it. */
export function ProgressBar(props: { value?: number; "aria-label": string }) {
  const { value } = props;
  const determinate = value !== undefined;
  const clamped = determinate ? Math.min(1, Math.max(0, value)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={props["aria-label"]}
      aria-valuemin={determinate ? 0 : undefined}
      aria-valuemax={determinate ? 1 : undefined}
      aria-valuenow={determinate ? clamped : undefined}
      className="p2p-progress"
    >
      <div
        className={determinate ? "p2p-progress-bar" : "p2p-progress-bar p2p-progress-indeterminate"}
        style={determinate ? { width: `${clamped * 100}%` } : undefined}
      />
    </div>
  );
}
