import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAdmin, requireSummit } from "~/auth/guards.server";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { phaseLabel } from "~/domain/summit/phases";
import { readFormFields } from "~/forms/summit";
import { badRequest, notFound } from "~/lib/http";
import { getOrganizers, nameOrganizer, removeOrganizer } from "~/services/summits/summits.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Organizers of ${data.summit.title} · Summit` : "Organizers · Summit" },
];

const NOTICES = {
  created: "The summit has been created. Name its organizers: they run it from here on.",
  named: "The organizer has been named.",
  removed: "The organizer has been removed.",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(context, request);
  const slug = params.slug ?? "";
  const { summit } = await requireSummit(context, slug);
  const notice = new URL(request.url).searchParams.get("notice");
  return json({
    summit: { slug: summit.slug, title: summit.title, phaseLabel: phaseLabel(summit.phase) },
    organizers: await getOrganizers(context.db, summit.id),
    notice:
      notice && Object.prototype.hasOwnProperty.call(NOTICES, notice) ? NOTICES[notice as keyof typeof NOTICES] : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireAdmin(context, request);
  const slug = params.slug ?? "";
  const form = readFormFields(await request.formData().catch(() => new FormData()));
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...values } = form.fields;
  if (intent !== "name-organizer" && intent !== "remove-organizer") {
    throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
  const service = intent === "name-organizer" ? nameOrganizer : removeOrganizer;
  const result = await service(context.db, { actor: user, slug, input: values });
  if (!result.ok) {
    if (result.status === 404) throw notFound(result.message);
    return json(
      { intent, message: result.message, emailError: result.fieldErrors?.email ?? result.message, values },
      { status: result.status },
    );
  }
  return redirect(`/admin/summits/${slug}?notice=${intent === "name-organizer" ? "named" : "removed"}`);
}

export default function SummitOrganizers() {
  const { summit, organizers, notice } = useLoaderData<typeof loader>();
  // A new list of organizers means the naming worked: start the form afresh.
  const formKey = organizers.map((p) => p.email).join(" ");
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const nameFailure = failure?.intent === "name-organizer" ? failure : null;
  const removeFailure = failure?.intent === "remove-organizer" ? failure : null;

  return (
    <>
      <p className="eyebrow">
        <Link to="/admin">Administration</Link>
      </p>
      <h1>Organizers of {summit.title}</h1>
      <p className="muted">
        <Link to={`/summits/${summit.slug}`}>The summit&apos;s page</Link> · phase: {summit.phaseLabel}
      </p>
      {notice ? <Notice tone="success">{notice}</Notice> : null}

      <section className="card" aria-labelledby="organizers-heading">
        <h2 id="organizers-heading">Organizers</h2>
        {removeFailure ? <Notice tone="error">{removeFailure.emailError}</Notice> : null}
        {organizers.length === 0 ? (
          <p className="muted">No organizers yet. Until one is named, nobody can move this summit&apos;s phase.</p>
        ) : (
          <ul className="stack-list">
            {organizers.map((person) => (
              <li key={person.email}>
                <Form method="post" className="item-row">
                  <span>
                    {person.name} <span className="muted">({person.email})</span>
                  </span>
                  <input type="hidden" name="intent" value="remove-organizer" />
                  <input type="hidden" name="email" value={person.email} />
                  <SubmitButton variant="link" disabled={busy}>
                    Remove<span className="visually-hidden"> {person.name} as organizer</span>
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}

        <Form method="post" className="form" noValidate key={formKey}>
          <input type="hidden" name="intent" value="name-organizer" />
          <FormField
            id="organizer-email"
            name="email"
            label="Name an organizer by email address"
            type="email"
            hint="Someone without an account yet gets one, named after the address; they sign in with it later."
            defaultValue={nameFailure?.values.email ?? ""}
            error={nameFailure?.emailError}
            required
            autoComplete="off"
          />
          <FormActions>
            <SubmitButton disabled={busy}>Name organizer</SubmitButton>
          </FormActions>
        </Form>
      </section>
    </>
  );
}
