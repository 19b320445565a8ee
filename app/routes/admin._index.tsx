import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { FormActions, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { SummitDetailsFields } from "~/components/summit-details-fields";
import { readFormFields, type FieldErrors } from "~/forms/summit";
import { badRequest } from "~/lib/http";
import { createSummit, getAdminOverview } from "~/services/summits/summits.server";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction = () => [{ title: "Administration · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(context, request);
  return json(await getAdminOverview(context.db));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdmin(context, request);
  const form = readFormFields(await request.formData().catch(() => new FormData()));
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...values } = form.fields;
  if (intent !== "create-summit")
    throw badRequest("This form does not say what it is for; reload the page and try again.");
  const result = await createSummit(context.db, { actor: user, input: values });
  if (!result.ok) {
    return json({ message: result.message, fieldErrors: result.fieldErrors ?? {}, values }, { status: result.status });
  }
  return redirect(`/admin/summits/${result.value.slug}?notice=created`);
}

export default function Administration() {
  const { summits, users } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";

  return (
    <>
      <h1>Administration</h1>
      <p className="lead">Create summits and name their organizers; the organizers run everything else.</p>

      <section aria-labelledby="summits-heading">
        <h2 id="summits-heading">Summits</h2>
        {summits.length === 0 ? (
          <p className="muted">No summits yet: create the first one below.</p>
        ) : (
          <TableRegion labelledBy="summits-heading">
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
          </TableRegion>
        )}
      </section>

      <section className="card" aria-labelledby="create-heading">
        <h2 id="create-heading">Create a summit</h2>
        <Form method="post" className="form" noValidate>
          {failure ? <Notice tone="error">{failure.message}</Notice> : null}
          <input type="hidden" name="intent" value="create-summit" />
          <SummitDetailsFields
            values={failure?.values ?? {}}
            errors={failure?.fieldErrors as FieldErrors | undefined}
            creating
          />
          <FormActions>
            <SubmitButton disabled={busy}>Create summit</SubmitButton>
          </FormActions>
        </Form>
      </section>

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">People</h2>
        <p className="muted">
          Accounts are created at first sign-in, or when someone is named organizer or minute-taker. Administrators are
          named on the command line: <code>npm run summit -- admin add EMAIL</code>.
        </p>
        <TableRegion labelledBy="people-heading">
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
        </TableRegion>
      </section>
    </>
  );
}
