import { useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { parseWithZod } from "~/forms/conform";
import { PersonFormSchema, withIntent } from "~/forms/summit";
import { FormNotice, HiddenFieldsNotice, type PageForm } from "./form-parts";

export interface PersonView {
  name: string;
  email: string;
}

interface PeopleCardProps {
  /** Names the card's heading and its forms' ids: "minute-takers", "organizers". */
  id: string;
  heading: string;
  children?: ReactNode;
  people: readonly PersonView[];
  /** Said when nobody holds the role yet. */
  empty: ReactNode;
  /** The role in "Remove Ada as …" and "Name …": "minute-taker", "organizer". */
  role: string;
  /** Changes with every recorded change, so the naming form starts afresh once someone was named. */
  revision: number;
  name: PageForm & { button: string; variant: "primary" | "secondary" };
  /** Removing someone: the reply goes to the form of the address it was about. */
  remove: PageForm & { email: string | null };
}

const schema = withIntent(PersonFormSchema);

/**
 * The holders of a summit role, each with a button that removes them, and
 * the form that names one more by address (Manage → Minute-takers,
 * Administration → a summit's organizers).
 */
export function PeopleCard(props: PeopleCardProps) {
  const { id, people, role, name, remove } = props;
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{props.heading}</h2>
      {props.children}
      {people.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <ul className="stack-list">
          {people.map((person, index) => (
            <li key={person.email}>
              <RemovePersonForm
                id={`remove-${id}-${index}`}
                person={person}
                role={role}
                form={{ ...remove, lastResult: remove.email === person.email ? remove.lastResult : undefined }}
              />
            </li>
          ))}
        </ul>
      )}
      <NamePersonForm id={`name-${id}-${props.revision}`} role={role} form={name} />
    </section>
  );
}

function RemovePersonForm(props: { id: string; person: PersonView; role: string; form: PageForm }) {
  const { person, form: place } = props;
  const [form, fields] = useForm({
    id: props.id,
    lastResult: place.lastResult,
    onValidate({ formData }) {
      return parseWithZod(formData, { schema });
    },
  });
  return (
    <>
      <HiddenFieldsNotice form={form} />
      <Form method="post" action={place.action} id={form.id} onSubmit={form.onSubmit} noValidate className="item-row">
        <span>
          {person.name} <span className="muted">({person.email})</span>
        </span>
        {place.intent}
        <input type="hidden" name={fields.email.name} value={person.email} />
        <SubmitButton variant="link" disabled={place.busy}>
          Remove
          <span className="visually-hidden">
            {" "}
            {person.name} as {props.role}
          </span>
        </SubmitButton>
      </Form>
    </>
  );
}

function NamePersonForm(props: {
  id: string;
  role: string;
  form: PageForm & { button: string; variant: "primary" | "secondary" };
}) {
  const { form: place } = props;
  const [form, fields] = useForm({
    id: props.id,
    lastResult: place.lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema });
    },
  });
  // A refusal that is about the address is said beside it; any other over the form.
  const emailError = fields.email.errors?.[0];
  return (
    <Form method="post" action={place.action} id={form.id} onSubmit={form.onSubmit} noValidate className="form">
      {emailError ? null : <FormNotice form={form} />}
      {place.intent}
      <FormField
        key={fields.email.key}
        id={fields.email.id}
        name={fields.email.name}
        errorId={fields.email.errorId}
        label={`Name ${props.role === "organizer" ? "an" : "a"} ${props.role} by email address`}
        type="email"
        hint="Someone without an account yet gets one, named after the address; they sign in with it later."
        defaultValue={typeof fields.email.initialValue === "string" ? fields.email.initialValue : ""}
        error={emailError}
        required
        autoComplete="off"
      />
      <FormActions>
        <SubmitButton variant={place.variant} disabled={place.busy}>
          {place.button}
        </SubmitButton>
      </FormActions>
    </Form>
  );
}

/** Manage → Organizers: who runs the summit; administrators name and remove them. */
export function OrganizersNote({ organizers }: { organizers: readonly PersonView[] }) {
  return (
    <section aria-labelledby="organizers-heading">
      <h2 id="organizers-heading">Organizers</h2>
      <p>
        {organizers.map((p) => p.name).join(", ")}.{" "}
        <span className="muted">Administrators name and remove organizers.</span>
      </p>
    </section>
  );
}
