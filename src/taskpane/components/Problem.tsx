import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { UserMessage } from "../state/appState";

/** An error or warning as a Fluent message bar: what happened, then what to do next. */
export function Problem(props: { problem: UserMessage; intent?: "error" | "warning"; actions?: ReactNode }) {
  const { problem, intent = "error", actions } = props;
  return (
    <MessageBar intent={intent} layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{problem.title}</MessageBarTitle>
        <div>{problem.message}</div>
        <div>
          <strong>What to do: </strong>
          {problem.nextStep}
        </div>
      </MessageBarBody>
      {actions ? <MessageBarActions>{actions}</MessageBarActions> : null}
    </MessageBar>
  );
}
