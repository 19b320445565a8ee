import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type * as z from "zod/mini";
import { parseWithZod } from "~/forms/conform";
import { INVITE_NAME_MAX_LENGTH, INVITE_REASON_MAX_LENGTH, InviteOneFormSchema } from "~/forms/invitations";
import { withoutIntent } from "~/forms/posted-form";
import { fieldProps, FormMessage } from "../eligibility/form-parts";
import { FormActions, FormField, SubmitButton } from "../form-field";

type InviteOneInput = z.input<typeof InviteOneFormSchema>;
type InviteOneOutput = z.output<typeof InviteOneFormSchema>;

/**
 * Invites one person by address: checked in the browser with the schema the
 * server applies, and shown again after a refusal with what was typed and
 * each message beside its field.
 */
export function InviteOneForm(props: {
  action: string;
  /** The hidden field naming the invite-one intent. */
  intent: ReactNode;
  lastResult: SubmissionResult<string[]> | undefined;
  busy: boolean;
}) {
  const [form, fields] = useForm<InviteOneInput, InviteOneOutput>({
    id: "invite-one",
    lastResult: props.lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(withoutIntent(formData), { schema: InviteOneFormSchema });
    },
  });
  return (
    <section className="card" aria-labelledby="invite-one-heading">
      <h3 id="invite-one-heading">Invite one person</h3>
      <Form method="post" action={props.action} id={form.id} onSubmit={form.onSubmit} className="form" noValidate>
        <FormMessage form={form} shown={["email", "name", "reason"]} />
        {props.intent}
        <FormField
          key={fields.email.key}
          {...fieldProps(fields.email)}
          label="Email address"
          type="email"
          autoComplete="off"
          required
        />
        <FormField
          key={fields.name.key}
          {...fieldProps(fields.name)}
          label="Name (optional)"
          hint="Taken from the eligible list when left empty."
          maxLength={INVITE_NAME_MAX_LENGTH}
        />
        <FormField
          key={fields.reason.key}
          {...fieldProps(fields.reason)}
          label="Reason (needed for someone not on the eligible list)"
          hint="Shown beside the person on the roster and in the invitation."
          maxLength={INVITE_REASON_MAX_LENGTH}
        />
        <FormActions>
          <SubmitButton variant="secondary" disabled={props.busy}>
            Invite
          </SubmitButton>
        </FormActions>
      </Form>
    </section>
  );
}
