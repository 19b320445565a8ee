import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type * as z from "zod/mini";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { parseWithZod } from "~/forms/conform";
import { CAPACITY_MAX, OpenSettingsFormSchema } from "~/forms/eligibility";
import { withoutIntent } from "~/forms/posted-form";
import { fieldProps, FormMessage, type FieldMetadata } from "./form-parts";
import { plural } from "./words";

interface OpenSettings {
  isOpen: boolean;
  capacity: number | null;
  seatRequestNeedsItem: boolean;
}

/** A tick box with its label and error, sent as "on" when ticked. */
function TickBox({ field, label }: { field: FieldMetadata; label: string }) {
  const error = field.errors?.[0];
  return (
    <div className="field">
      <div>
        <input
          type="checkbox"
          id={field.id}
          name={field.name}
          value="on"
          defaultChecked={field.initialValue === "on"}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? field.errorId : undefined}
        />{" "}
        <label htmlFor={field.id}>{label}</label>
      </div>
      {error ? (
        <p className="field-error" id={field.errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function OpenSettingsForm(props: {
  action: string;
  intent: ReactNode;
  settings: OpenSettings;
  lastResult: SubmissionResult<string[]> | null | undefined;
  busy: boolean;
}) {
  const [form, fields] = useForm<z.input<typeof OpenSettingsFormSchema>, z.output<typeof OpenSettingsFormSchema>>({
    id: "open",
    lastResult: props.lastResult,
    defaultValue: {
      isOpen: props.settings.isOpen ? "on" : undefined,
      capacity: props.settings.capacity === null ? "" : String(props.settings.capacity),
      seatRequestNeedsItem: props.settings.seatRequestNeedsItem ? "on" : undefined,
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(withoutIntent(formData), { schema: OpenSettingsFormSchema });
    },
  });
  return (
    <Form method="post" action={props.action} id={form.id} onSubmit={form.onSubmit} className="form" noValidate>
      <FormMessage form={form} shown={["isOpen", "capacity", "seatRequestNeedsItem"]} />
      {props.intent}
      <TickBox key={fields.isOpen.key} field={fields.isOpen} label="Open: any signed-in member may request a seat" />
      <FormField
        key={fields.capacity.key}
        {...fieldProps(fields.capacity)}
        label="Capacity"
        type="number"
        inputMode="numeric"
        min={1}
        max={CAPACITY_MAX}
        hint={`How many seats, from 1 to ${CAPACITY_MAX.toLocaleString("en")}; empty for no limit.`}
      />
      <TickBox
        key={fields.seatRequestNeedsItem.key}
        field={fields.seatRequestNeedsItem}
        label="A seat request must come with a proposed agenda item"
      />
      <FormActions>
        <SubmitButton variant="secondary" disabled={props.busy}>
          Save open-summit settings
        </SubmitButton>
      </FormActions>
    </Form>
  );
}

/** An open summit's settings: a form while they may change, and what they were once they may not. */
export function OpenSummit(props: {
  editable: boolean;
  action: string;
  intent: ReactNode;
  settings: OpenSettings;
  lastResult: SubmissionResult<string[]> | null | undefined;
  revision: string;
  busy: boolean;
}) {
  const { settings } = props;
  return (
    <section className="card" aria-labelledby="open-heading">
      <h2 id="open-heading">Open summit</h2>
      <p>
        An open summit also takes seat requests from any signed-in member, with a short statement. Organizers approve or
        refuse them; approved requests beyond the capacity wait on a waitlist in order.
      </p>
      {props.editable ? (
        <OpenSettingsForm
          key={`open-${props.revision}`}
          action={props.action}
          intent={props.intent}
          settings={settings}
          lastResult={props.lastResult}
          busy={props.busy}
        />
      ) : (
        <p className="muted">
          {settings.isOpen ? "The summit was open" : "The summit was not open"}
          {settings.capacity ? `, with ${plural(settings.capacity, "seat", "seats")}` : ""}.
        </p>
      )}
    </section>
  );
}
