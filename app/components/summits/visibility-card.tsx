import { useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormActions, SubmitButton } from "~/components/form-field";
import { parseWithZod } from "~/forms/conform";
import { VisibilityFormSchema, withIntent } from "~/forms/summit";
import { FormNotice, type PageForm } from "./form-parts";

interface VisibilityCardProps {
  isPublic: boolean;
  revision: number;
  form: PageForm;
}

const schema = withIntent(VisibilityFormSchema);

/** Manage → Visibility: whether the summit is public, that is, visitors see its accepted items. */
export function VisibilityCard({ isPublic, revision, form: place }: VisibilityCardProps) {
  const [form, fields] = useForm({
    id: `visibility-${revision}`,
    lastResult: place.lastResult,
    defaultValue: { isPublic: isPublic ? "on" : "" },
    onValidate({ formData }) {
      return parseWithZod(formData, { schema });
    },
  });
  const error = fields.isPublic.errors?.[0];
  return (
    <section className="card" aria-labelledby="visibility-heading">
      <h2 id="visibility-heading">Visibility</h2>
      <p>
        Participants always see the agenda items. A public summit also shows its accepted items to everyone, signed in
        or not, from the agenda phase on.
      </p>
      <Form
        method="post"
        action={place.action}
        id={form.id}
        onSubmit={form.onSubmit}
        noValidate
        className="form"
        aria-labelledby="visibility-heading"
      >
        <FormNotice form={form} />
        {place.intent}
        <div className="field">
          <div>
            <input
              key={fields.isPublic.key}
              type="checkbox"
              id={fields.isPublic.id}
              name={fields.isPublic.name}
              value="on"
              defaultChecked={fields.isPublic.initialValue === "on"}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? fields.isPublic.errorId : undefined}
            />{" "}
            <label htmlFor={fields.isPublic.id}>Public: visitors see the accepted items from the agenda phase on</label>
          </div>
          {error ? (
            <p className="field-error" id={fields.isPublic.errorId}>
              {error}
            </p>
          ) : null}
        </div>
        <FormActions>
          <SubmitButton variant="secondary" disabled={place.busy}>
            Save visibility
          </SubmitButton>
        </FormActions>
      </Form>
    </section>
  );
}
