import { useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormActions, SubmitButton } from "~/components/form-field";
import { SummitDetailsFields } from "~/components/summit-details-fields";
import { parseWithZod } from "~/forms/conform";
import { EditSummitFormSchema, withIntent, type SummitDetails } from "~/forms/summit";
import { FormNotice, type PageForm } from "./form-parts";

/** The form's fields as typed: text, before the schema reads them. */
type DetailsInput = { [K in keyof SummitDetails]: string };

interface DetailsCardProps {
  details: DetailsInput;
  /** Why the details can no longer change (the minutes are published), or null while they can. */
  final: string | null;
  /** Changes with every recorded change of the summit, so a saved form starts afresh. */
  revision: number;
  form: PageForm;
}

const schema = withIntent(EditSummitFormSchema);

/** Manage → Details: the summit's title, dates, timezone, venue, list and sign-off. */
export function DetailsCard({ details, final, revision, form: place }: DetailsCardProps) {
  const [form, fields] = useForm<Partial<DetailsInput> & { intent?: string }, SummitDetails>({
    id: `details-${revision}`,
    lastResult: place.lastResult,
    defaultValue: details,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema });
    },
  });
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      {final ? (
        <p className="muted">{final}</p>
      ) : (
        <Form
          method="post"
          action={place.action}
          id={form.id}
          onSubmit={form.onSubmit}
          noValidate
          className="form"
          aria-labelledby="details-heading"
        >
          <FormNotice form={form} />
          {place.intent}
          <SummitDetailsFields fields={fields} />
          <FormActions>
            <SubmitButton disabled={place.busy}>Save details</SubmitButton>
          </FormActions>
        </Form>
      )}
    </section>
  );
}
