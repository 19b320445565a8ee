import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Fragment, type ReactElement, type ReactNode } from "react";
import type * as z from "zod/mini";
import type { ItemAction, ItemStatus } from "~/domain/agenda/item-lifecycle";
import { STATUS_NOTE_MAX_LENGTH, type TriageForm } from "~/forms/agenda-item";
import { parseWithZod } from "~/forms/conform";
import { TriageItemFormSchema } from "~/forms/triage";
import { Notice } from "../notice";

/** The decisions the triage page takes. */
export type TriageDecision = Extract<ItemAction, "accept" | "reopen" | "return" | "merge" | "decline">;

export interface DecisionButtonProps {
  className: string;
  "aria-label": string;
  disabled: boolean;
  children: ReactNode;
  /** The form the button sends and where, when it stands outside that form (the list's quick decisions). */
  form?: string;
  formAction?: string;
}

/** Each decision's submit button, naming its intent: written out by the route whose action takes them. */
export type DecisionButtons = Record<TriageDecision, (props: DecisionButtonProps) => ReactElement>;

/** The decisions taken at once, with no comment, reason or number: those the triage list offers on each item. */
export type QuickDecision = Extract<TriageDecision, "accept" | "reopen">;

/** The action's answer to a refused decision: which item and decision, its message, and Conform's reply. */
export interface TriageFailure {
  intent: string;
  number: string;
  message: string;
  fieldErrors: Record<string, string>;
  result: SubmissionResult<string[]>;
}

/** Field errors that belong to no field the organizer can change: said with the message instead. */
function unshownErrors(failure: TriageFailure): string[] {
  return ["form", "intent", "number"]
    .map((key) => failure.fieldErrors[key])
    .filter((message): message is string => typeof message === "string" && message !== failure.message);
}

/** A refused decision's message, over the forms of the item it was about (or over the page). */
export function FailureNotice({ failure }: { failure: TriageFailure }) {
  const extra = unshownErrors(failure);
  return <Notice tone="error">{extra.length > 0 ? `${failure.message} ${extra.join(" ")}` : failure.message}</Notice>;
}

type TriageInput = z.input<typeof TriageItemFormSchema>;
type TriageOutput = TriageForm;

/** Conform's options for a triage form: checked in the browser with the schema the server applies. */
function conform(id: string, lastResult: SubmissionResult<string[]> | undefined) {
  return {
    id,
    lastResult,
    shouldValidate: "onSubmit" as const,
    shouldRevalidate: "onInput" as const,
    onValidate({ formData }: { formData: FormData }) {
      return parseWithZod(formData, { schema: TriageItemFormSchema });
    },
  };
}

/**
 * A folded decision: its summary, one field with its label and error, and
 * the button that sends it. It opens again when it was refused.
 */
function Folded(props: {
  summary: string;
  open: boolean;
  id: string;
  label: string;
  error: string | undefined;
  control: (aria: {
    id: string;
    "aria-invalid": true | undefined;
    "aria-describedby": string | undefined;
  }) => ReactNode;
  button: ReactNode;
}) {
  const errorId = `${props.id}-error`;
  return (
    <details className="triage-details" open={props.open}>
      <summary>{props.summary}</summary>
      <div className="field">
        <label htmlFor={props.id}>{props.label}</label>
        {props.control({
          id: props.id,
          "aria-invalid": props.error ? true : undefined,
          "aria-describedby": props.error ? errorId : undefined,
        })}
        {props.error ? (
          <p className="field-error" id={errorId}>
            {props.error}
          </p>
        ) : null}
      </div>
      {props.button}
    </details>
  );
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The decisions taken at once: an item is either to accept (waiting or returned) or to reopen (decided), never both. */
function AtOnce(props: {
  number: number;
  actions: readonly ItemAction[];
  buttons: Pick<DecisionButtons, QuickDecision>;
  busy: boolean;
  target?: { form: string; formAction: string };
}) {
  const { buttons, busy, target } = props;
  return (
    <>
      {QUICK_DECISIONS.filter(({ decision }) => props.actions.includes(decision)).map(
        ({ decision, label, className }) => (
          <Fragment key={decision}>
            {buttons[decision]({
              className,
              "aria-label": `${label} item ${props.number}`,
              disabled: busy,
              children: label,
              ...target,
            })}
          </Fragment>
        ),
      )}
    </>
  );
}

const QUICK_DECISIONS: ReadonlyArray<{ decision: QuickDecision; label: string; className: string }> = [
  { decision: "accept", label: "Accept", className: "button" },
  { decision: "reopen", label: "Reopen", className: "button button--secondary" },
];

/**
 * The decisions an organizer may take on one item, as its status allows:
 * accept or reopen at once; return with a comment, merge into the item whose
 * number is typed, or decline with a reason, each folded under its summary.
 * They are one form, the item's number written once, each decision's button
 * naming it. A refused decision opens again with what was typed and its message.
 */
export function TriageForms(props: {
  number: number;
  actions: readonly ItemAction[];
  buttons: DecisionButtons;
  action: string;
  /** The refusal of one of this item's decisions, if there was one. */
  failure: TriageFailure | null;
  busy: boolean;
}) {
  const { number: n, failure, buttons, busy } = props;
  const [form] = useForm<TriageInput, TriageOutput>(conform(`decide-${n}`, failure?.result));
  const has = (a: TriageDecision) => props.actions.includes(a);
  // Read once for the whole form: a field's own metadata costs more to read than the form's.
  const errors = form.allErrors;
  const typed: Readonly<Record<string, unknown>> | undefined = failure ? form.initialValue : undefined;
  const errorOf = (name: "comment" | "reason" | "into") => errors[name]?.[0];
  const valueOf = (name: "comment" | "reason" | "into") => textOf(typed?.[name]);
  const opened = (decision: TriageDecision, name: "comment" | "reason" | "into") =>
    failure?.intent === decision || errorOf(name) !== undefined;
  const about = ` item ${n}`;
  return (
    <Form
      discover="none"
      method="post"
      action={props.action}
      id={form.id}
      onSubmit={form.onSubmit}
      noValidate
      className="triage-actions"
    >
      {failure ? <FailureNotice failure={failure} /> : null}
      <input type="hidden" name="number" value={n} />
      <AtOnce number={n} actions={props.actions} buttons={buttons} busy={busy} />
      {has("return") ? (
        <Folded
          summary="Return for changes"
          open={opened("return", "comment")}
          id={`comment-${n}`}
          label="What should the proposer change?"
          error={errorOf("comment")}
          control={(aria) => (
            <textarea
              {...aria}
              name="comment"
              rows={3}
              required
              maxLength={STATUS_NOTE_MAX_LENGTH}
              defaultValue={valueOf("comment")}
            />
          )}
          button={buttons.return({
            className: "button button--secondary",
            "aria-label": `Return for changes${about}`,
            disabled: busy,
            children: "Return for changes",
          })}
        />
      ) : null}
      {has("merge") ? (
        <Folded
          summary="Merge into another item"
          open={opened("merge", "into")}
          id={`into-${n}`}
          label="Merge into item number"
          error={errorOf("into")}
          control={(aria) => (
            <input {...aria} name="into" type="number" min={1} required defaultValue={valueOf("into") || undefined} />
          )}
          button={buttons.merge({
            className: "button button--secondary",
            "aria-label": `Merge${about}`,
            disabled: busy,
            children: "Merge",
          })}
        />
      ) : null}
      {has("decline") ? (
        <Folded
          summary="Decline"
          open={opened("decline", "reason")}
          id={`reason-${n}`}
          label="Reason for declining"
          error={errorOf("reason")}
          control={(aria) => (
            <textarea
              {...aria}
              name="reason"
              rows={3}
              required
              maxLength={STATUS_NOTE_MAX_LENGTH}
              defaultValue={valueOf("reason")}
            />
          )}
          button={buttons.decline({
            className: "button button--danger",
            "aria-label": `Decline${about}`,
            disabled: busy,
            children: "Decline",
          })}
        />
      ) : null}
    </Form>
  );
}

/**
 * An item's decisions on the triage list: accepting (or reopening a decided
 * item) at once, and the way to the page where it is returned, merged or
 * declined, since those take a comment, a number or a reason. The buttons
 * send the list's one form (`formId`, empty) to the item's decisions page,
 * whose address names the item: one form for the page rather than one an
 * item, whose rendering the list paid for 25 times. There is no field to
 * check, so no validation in the browser; a refusal is said on the item's
 * decisions page, where the answer lands. The link is a plain anchor, for
 * the item list it sits in to navigate (`ItemList`).
 */
export function QuickDecisions(props: {
  number: number;
  actions: readonly ItemAction[];
  buttons: Pick<DecisionButtons, QuickDecision>;
  formId: string;
  /** The page of this item's decisions: where the buttons post, and where the link goes. */
  decisionsHref: string;
  failure: TriageFailure | null;
  busy: boolean;
}) {
  const { number: n, buttons, busy } = props;
  const has = (a: TriageDecision) => props.actions.includes(a);
  const more = has("return") || has("merge") || has("decline");
  return (
    <div className="triage-actions">
      {props.failure ? <FailureNotice failure={props.failure} /> : null}
      <AtOnce
        number={n}
        actions={props.actions}
        buttons={buttons}
        busy={busy}
        target={{ form: props.formId, formAction: props.decisionsHref }}
      />
      {more ? (
        <a href={props.decisionsHref} aria-label={`Return, merge or decline item ${n}`}>
          Return, merge or decline…
        </a>
      ) : null}
    </div>
  );
}

const NOTE_LABEL: Partial<Record<ItemStatus, string>> = {
  returned: "What to change",
  declined: "Why it was declined",
};

/** The comment or reason an item was returned or declined with, as triage shows it. */
export function StatusNote(props: { status: ItemStatus; note: string | null }) {
  if (!props.note) return null;
  return (
    <div className="item-card__note">
      <p className="item-card__note-label">{NOTE_LABEL[props.status] ?? "Note"}</p>
      <p>{props.note}</p>
    </div>
  );
}

/** Said over triage when the phase no longer lets anyone decide. */
export function TriageClosedNotice(props: { phaseLabel: string }) {
  return (
    <Notice>
      Items are triaged only while proposals are open and during the vote; this summit is in its{" "}
      {props.phaseLabel.toLowerCase()} phase. The decisions stand as they are.
    </Notice>
  );
}
