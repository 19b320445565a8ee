import { useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormActions, SubmitButton } from "~/components/form-field";
import { DAY_TEXT_EXAMPLE } from "~/domain/agenda/day-text";
import { parseWithZod } from "~/forms/conform";
import { DaysFormSchema, withIntent } from "~/forms/summit";
import { FormNotice, type PageForm } from "./form-parts";

interface DaysCardProps {
  /** The days as the field shows them, one line per day and one per break under it. */
  daysText: string;
  timezone: string;
  slug: string;
  revision: number;
  form: PageForm;
}

const schema = withIntent(DaysFormSchema);

/** Manage → The day: the summit's hours and breaks, which the agenda is built into. */
export function DaysCard({ daysText, timezone, slug, revision, form: place }: DaysCardProps) {
  const [form, fields] = useForm({
    id: `days-${revision}`,
    lastResult: place.lastResult,
    defaultValue: { days: daysText },
    onValidate({ formData }) {
      return parseWithZod(formData, { schema });
    },
  });
  const error = fields.days.errors?.join(" ");
  return (
    <section className="card" aria-labelledby="days-heading">
      <h2 id="days-heading">The day</h2>
      <p>
        The summit&apos;s time, in {timezone}: one line per day with its hours, and under it one line per break. The
        agenda is built into it from the vote on <a href={`/summits/${slug}/schedule`}>the day&apos;s page</a>.
      </p>
      <Form
        method="post"
        action={place.action}
        id={form.id}
        onSubmit={form.onSubmit}
        noValidate
        className="form"
        aria-labelledby="days-heading"
      >
        <FormNotice form={form} />
        {place.intent}
        <div className="field">
          <label htmlFor={fields.days.id}>Days and breaks</label>
          <p className="hint" id={`${fields.days.id}-hint`}>
            For example: <code>{DAY_TEXT_EXAMPLE.replace("\n", " / ")}</code> (the break on a line of its own).
          </p>
          <textarea
            key={fields.days.key}
            id={fields.days.id}
            name={fields.days.name}
            rows={6}
            defaultValue={fields.days.initialValue ?? ""}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${fields.days.id}-hint ${fields.days.errorId}` : `${fields.days.id}-hint`}
          />
          {error ? (
            <p className="field-error" id={fields.days.errorId}>
              {error}
            </p>
          ) : null}
        </div>
        <FormActions>
          <SubmitButton variant="secondary" disabled={place.busy}>
            Save the days
          </SubmitButton>
        </FormActions>
      </Form>
    </section>
  );
}
