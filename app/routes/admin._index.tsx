import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { SIGN_OFF_MAX_LENGTH, SLUG_MAX_LENGTH, TITLE_MAX_LENGTH, VENUE_MAX_LENGTH } from "~/domain/summit";
import { readFormFields, type FieldErrors } from "~/forms/summit";
import { badRequest } from "~/lib/http";
import { createSummit, getAdminOverview } from "~/services/summits.server";

export const meta: MetaFunction = () => [{ title: "Administration · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(context, request);
  return json(await getAdminOverview(context.db));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireAdmin(context, request);
  const form = readFormFields(await request.formData().catch(() => new FormData()));
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...values } = form.fields;
  if (intent !== "create-summit")
    throw badRequest("This form does not say what it is for; reload the page and try again.");
  const outcome = await createSummit(context.db, { actor: user, input: values });
  if (!outcome.ok) {
    return json(
      { message: outcome.message, fieldErrors: outcome.fieldErrors ?? {}, values },
      { status: outcome.status },
    );
  }
  return redirect(`/admin/summits/${outcome.value.slug}?notice=created`);
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue: string;
  type?: "text" | "date" | "email";
  maxLength?: number;
  required?: boolean;
}

/** A labelled input with its hint and error tied to it for assistive technology. */
function Field({ id, label, hint, error, defaultValue, type = "text", maxLength, required }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={id}
        type={type}
        defaultValue={defaultValue}
        maxLength={maxLength}
        required={required}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
      />
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export default function Administration() {
  const { summits, users } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const typed = (field: string) => failure?.values[field] ?? "";
  const error = (field: string) => (failure?.fieldErrors as FieldErrors | undefined)?.[field];

  return (
    <>
      <h1>Administration</h1>
      <p className="lead">Create summits and name their organizers; the organizers run everything else.</p>

      <section aria-labelledby="summits-heading">
        <h2 id="summits-heading">Summits</h2>
        {summits.length === 0 ? (
          <p className="muted">No summits yet: create the first one below.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Summit</th>
                  <th scope="col">Dates</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Organizers</th>
                </tr>
              </thead>
              <tbody>
                {summits.map((s) => (
                  <tr key={s.slug}>
                    <td>
                      <Link to={`/summits/${s.slug}`}>{s.title}</Link>
                    </td>
                    <td>{s.dates}</td>
                    <td>
                      <span className="badge">{s.phaseLabel}</span>
                    </td>
                    <td>
                      <Link to={`/admin/summits/${s.slug}`}>
                        Name or remove<span className="visually-hidden"> organizers of {s.title}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="create-heading">
        <h2 id="create-heading">Create a summit</h2>
        <Form method="post" className="form" noValidate>
          {failure ? (
            <div className="notice notice--error" role="alert">
              <p>{failure.message}</p>
            </div>
          ) : null}
          <input type="hidden" name="intent" value="create-summit" />
          <Field
            id="title"
            label="Title"
            hint="Such as “QEMU Summit 2025”."
            defaultValue={typed("title")}
            error={error("title")}
            maxLength={TITLE_MAX_LENGTH * 2}
            required
          />
          <Field
            id="slug"
            label="Short name for its address"
            hint={`The summit lives at /summits/<short name>: lower-case letters, digits and single hyphens, at most ${SLUG_MAX_LENGTH} characters. It cannot be changed later.`}
            defaultValue={typed("slug")}
            error={error("slug")}
            maxLength={SLUG_MAX_LENGTH * 2}
            required
          />
          <Field
            id="startsOn"
            label="First day"
            type="date"
            defaultValue={typed("startsOn")}
            error={error("startsOn")}
            required
          />
          <Field
            id="endsOn"
            label="Last day"
            type="date"
            hint="The same as the first day for a one-day summit."
            defaultValue={typed("endsOn")}
            error={error("endsOn")}
            required
          />
          <Field
            id="timezone"
            label="Timezone"
            hint="The IANA name of where the summit meets, such as Europe/Prague or America/New_York."
            defaultValue={typed("timezone")}
            error={error("timezone")}
            required
          />
          <Field
            id="venue"
            label="Venue or co-located event"
            hint="Such as “KVM Forum 2017, Prague”. Optional."
            defaultValue={typed("venue")}
            error={error("venue")}
            maxLength={VENUE_MAX_LENGTH * 2}
          />
          <Field
            id="listAddress"
            label="Mailing-list address"
            type="email"
            hint="The published minutes are sent here."
            defaultValue={typed("listAddress")}
            error={error("listAddress")}
            required
          />
          <Field
            id="signOff"
            label="Sign-off line"
            hint="The last line of the minutes, such as “-- PMM”. Optional."
            defaultValue={typed("signOff")}
            error={error("signOff")}
            maxLength={SIGN_OFF_MAX_LENGTH * 2}
          />
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              Create summit
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">People</h2>
        <p className="muted">
          Accounts are created at first sign-in, or when someone is named organizer or minute-taker. Administrators are
          named on the command line: <code>npm run summit -- admin add EMAIL</code>.
        </p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email address</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    {u.isAdmin ? <span className="badge">Administrator</span> : null}{" "}
                    {u.deactivated ? <span className="badge badge--danger">Deactivated</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
