import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type * as z from "zod/mini";
import type { SeatRequestStatusCode } from "~/domain/invitations/seat-request";
import { parseWithZod } from "~/forms/conform";
import { PROPOSED_ITEM_MAX_LENGTH, SeatRequestFormSchema, STATEMENT_MAX_LENGTH } from "~/forms/invitations";
import { withoutIntent } from "~/forms/posted-form";
import { fieldProps, FormMessage } from "../eligibility/form-parts";
import { FormActions, FormField, SubmitButton } from "../form-field";
import { Notice } from "../notice";

type SeatRequestInput = z.input<typeof SeatRequestFormSchema>;
type SeatRequestOutput = z.output<typeof SeatRequestFormSchema>;

/**
 * A member's request for a seat at an open summit: why they would come and,
 * if the summit asks for one, the title of an item they would propose.
 */
export function SeatRequestForm(props: {
  action: string;
  intent: ReactNode;
  needsItem: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
  busy: boolean;
}) {
  const [form, fields] = useForm<SeatRequestInput, SeatRequestOutput>({
    id: "request-seat",
    lastResult: props.lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(withoutIntent(formData), { schema: SeatRequestFormSchema });
    },
  });
  const statement = fieldProps(fields.statement);
  return (
    <Form method="post" action={props.action} id={form.id} onSubmit={form.onSubmit} className="form" noValidate>
      <FormMessage form={form} shown={["statement", "proposedItem"]} />
      {props.intent}
      <FormField
        key={fields.statement.key}
        id={statement.id}
        errorId={statement.errorId}
        error={statement.error}
        label="Why would you like to attend?"
        hint={`A few sentences, at most ${STATEMENT_MAX_LENGTH} characters.`}
        control={(control) => (
          <textarea
            {...control}
            name={statement.name}
            rows={5}
            maxLength={STATEMENT_MAX_LENGTH}
            required
            defaultValue={statement.defaultValue}
          />
        )}
      />
      <FormField
        key={fields.proposedItem.key}
        {...fieldProps(fields.proposedItem)}
        label={
          props.needsItem ? "Title of an agenda item you propose" : "Title of an agenda item you propose (optional)"
        }
        hint={props.needsItem ? "This summit asks every request to come with one." : undefined}
        maxLength={PROPOSED_ITEM_MAX_LENGTH}
        required={props.needsItem}
      />
      <FormActions>
        <SubmitButton disabled={props.busy}>Request a seat</SubmitButton>
      </FormActions>
    </Form>
  );
}

export interface OwnSeatRequest {
  status: SeatRequestStatusCode;
  statusText: string;
  statement: string;
  proposedItem: string | null;
}

/** The member's own request: where it stands, what they wrote, and the button to withdraw it while pending. */
export function OwnSeatRequestCard(props: {
  request: OwnSeatRequest;
  action: string;
  withdrawIntent: ReactNode;
  busy: boolean;
}) {
  const { request } = props;
  return (
    <div className="card">
      <p>
        Your request is <strong>{request.statusText}</strong>.
      </p>
      <p>{request.statement}</p>
      {request.proposedItem ? <p>Proposed agenda item: {request.proposedItem}</p> : null}
      {request.status === "pending" ? (
        <Form method="post" action={props.action}>
          {props.withdrawIntent}
          <FormActions>
            <SubmitButton variant="danger" disabled={props.busy}>
              Withdraw my request
            </SubmitButton>
          </FormActions>
        </Form>
      ) : null}
    </div>
  );
}

/** The terms of an open summit, and a note when every seat is taken. */
export function OpenSummitTerms({ full, capacity }: { full: boolean; capacity: number | null }) {
  return (
    <>
      <p>
        This summit is open: any member may ask for a seat. The organizers read your statement and approve or refuse the
        request; you hear from them by mail.
      </p>
      {full ? (
        <Notice>
          All {capacity} seats are taken for now. If your request is approved, you join the waitlist and are offered a
          seat when one is free.
        </Notice>
      ) : null}
    </>
  );
}
