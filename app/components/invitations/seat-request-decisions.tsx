import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type * as z from "zod/mini";
import { parseWithZod } from "~/forms/conform";
import { REFUSAL_REASON_MAX_LENGTH, RefuseSeatRequestFormSchema } from "~/forms/invitations";
import { withoutIntent } from "~/forms/posted-form";
import { fieldProps, FormMessage } from "../eligibility/form-parts";
import { FormActions, FormField, SubmitButton } from "../form-field";
import { Notice } from "../notice";

export interface PendingSeatRequest {
  id: string;
  name: string;
  email: string;
  statement: string;
  proposedItem: string | null;
}

/** A refused decision on one request: which request, the message, and Conform's reply for its form. */
export interface DecisionFailure {
  intent: "approve-request" | "refuse-request";
  requestId: string;
  message: string;
  result: SubmissionResult<string[]>;
}

type RefuseInput = z.input<typeof RefuseSeatRequestFormSchema>;
type RefuseOutput = z.output<typeof RefuseSeatRequestFormSchema>;

function RefuseForm(props: {
  request: PendingSeatRequest;
  action: string;
  intent: ReactNode;
  lastResult: SubmissionResult<string[]> | undefined;
  busy: boolean;
}) {
  const { request } = props;
  const [form, fields] = useForm<RefuseInput, RefuseOutput>({
    id: `refuse-${request.id}`,
    lastResult: props.lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(withoutIntent(formData), { schema: RefuseSeatRequestFormSchema });
    },
  });
  const reason = fieldProps(fields.reason);
  return (
    <Form method="post" action={props.action} id={form.id} onSubmit={form.onSubmit} className="form" noValidate>
      <FormMessage form={form} shown={["reason"]} />
      {props.intent}
      <input type="hidden" name="requestId" value={request.id} />
      <FormField
        key={fields.reason.key}
        id={reason.id}
        errorId={reason.errorId}
        error={reason.error}
        label={`Reason for refusing ${request.name}`}
        hint="Mailed to the requester."
        control={(control) => (
          <textarea
            {...control}
            name={reason.name}
            rows={2}
            required
            maxLength={REFUSAL_REASON_MAX_LENGTH}
            defaultValue={reason.defaultValue}
          />
        )}
      />
      <FormActions>
        <SubmitButton variant="danger" disabled={props.busy}>
          Refuse<span className="visually-hidden"> the request of {request.name}</span>
        </SubmitButton>
      </FormActions>
    </Form>
  );
}

/**
 * The seat requests waiting for the organizers, oldest first: each with its
 * statement, an Approve button, and a reason to refuse it. A refused
 * decision is told beside the request it was about.
 */
export function SeatRequestDecisions(props: {
  requests: readonly PendingSeatRequest[];
  action: string;
  approveIntent: ReactNode;
  refuseIntent: ReactNode;
  failure: DecisionFailure | null;
  busy: boolean;
}) {
  const { failure } = props;
  // A decision on a request no longer listed (decided meanwhile) is told over the list.
  const elsewhere = failure !== null && !props.requests.some((r) => r.id === failure.requestId);
  return (
    <section className="card" aria-labelledby="requests-heading">
      <h3 id="requests-heading">Seat requests waiting for a decision</h3>
      {failure && elsewhere ? <Notice tone="error">{failure.message}</Notice> : null}
      {props.requests.length === 0 ? (
        <p className="muted">No requests are waiting.</p>
      ) : (
        <ul className="stack-list">
          {props.requests.map((r) => {
            const failed = failure?.requestId === r.id ? failure : null;
            return (
              <li key={r.id}>
                <p>
                  <strong>{r.name}</strong> <span className="muted">({r.email})</span>
                </p>
                <p>{r.statement}</p>
                {r.proposedItem ? <p>Proposes: {r.proposedItem}</p> : null}
                {failed?.intent === "approve-request" ? <Notice tone="error">{failed.message}</Notice> : null}
                <Form method="post" action={props.action}>
                  {props.approveIntent}
                  <input type="hidden" name="requestId" value={r.id} />
                  <FormActions>
                    <SubmitButton disabled={props.busy}>
                      Approve<span className="visually-hidden"> the request of {r.name}</span>
                    </SubmitButton>
                  </FormActions>
                </Form>
                <RefuseForm
                  request={r}
                  action={props.action}
                  intent={props.refuseIntent}
                  lastResult={failed?.intent === "refuse-request" ? failed.result : undefined}
                  busy={props.busy}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
