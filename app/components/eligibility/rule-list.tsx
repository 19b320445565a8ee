import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";

interface RuleListProps {
  rules: ReadonlyArray<{ id: string; text: string }>;
  tieRule: string;
  /** Whether each rule has a Remove button. */
  editable: boolean;
  action: string;
  /** The hidden field naming the remove-rule intent. */
  removeIntent: ReactNode;
  /** Why the last change to the list was refused, if it was. */
  refusal: string | null;
  busy: boolean;
}

/** The summit's rules in words, in the order they were added, each with a Remove button while they may change. */
export function RuleList(props: RuleListProps) {
  return (
    <section className="card" aria-labelledby="rules-heading">
      <h2 id="rules-heading">Rules</h2>
      <p>
        A person is eligible when any rule admits them, unless a rule excludes them. People are matched across sources
        by email address, ignoring case, and by the aliases of the imported mailmap.
      </p>
      {props.refusal ? <Notice tone="error">{props.refusal}</Notice> : null}
      {props.rules.length === 0 ? (
        <p className="muted">No rules yet: nobody is eligible. Add a rule below.</p>
      ) : (
        <ol className="stack-list">
          {props.rules.map((rule, i) => (
            <li key={rule.id}>
              {props.editable ? (
                <Form method="post" action={props.action} className="item-row">
                  <span>{rule.text}</span>
                  {props.removeIntent}
                  <input type="hidden" name="ruleId" value={rule.id} />
                  <SubmitButton variant="link" disabled={props.busy}>
                    Remove<span className="visually-hidden"> rule {i + 1}</span>
                  </SubmitButton>
                </Form>
              ) : (
                rule.text
              )}
            </li>
          ))}
        </ol>
      )}
      <p className="muted">
        <strong>Ties:</strong> {props.tieRule}
      </p>
    </section>
  );
}
