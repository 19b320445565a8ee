import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { SummitDetailsFields } from "~/components/summit-details-fields";
import { allowedMoves, phaseDescription, phaseLabel, type Phase } from "~/domain/summit/phases";
import { readFormFields, type FieldErrors } from "~/forms/summit";
import { badRequest, noticeFrom } from "~/lib/http";
import {
  getSummitManagement,
  movePhase,
  nameMinuteTaker,
  removeMinuteTaker,
  setSummitVisibility,
  updateSummit,
  type Result,
} from "~/services/summits/summits.server";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Manage ${data.summit.title} · Summit` : "Manage · Summit" },
];

const NOTICES = {
  "phase-moved": "The phase has been moved.",
  "details-saved": "The details have been saved.",
  "details-unchanged": "Nothing needed saving: the details were already as entered.",
  "minute-taker-named": "The minute-taker has been named.",
  "minute-taker-removed": "The minute-taker has been removed.",
  "visibility-saved": "The agenda's visibility has been saved.",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit } = await requireOrganizerOfSummit(context, request, params.slug ?? "");
  const management = await getSummitManagement(context.db, summit.id);
  const url = new URL(request.url);
  const moves = allowedMoves(summit.phase);
  const describe = (phase: Phase | null) =>
    phase ? { phase, label: phaseLabel(phase), allows: phaseDescription(phase) } : null;
  const confirm = url.searchParams.get("confirm");
  const confirmTo = confirm === "forward" ? moves.forward : confirm === "back" ? moves.back : null;
  return json({
    summit: {
      slug: summit.slug,
      title: summit.title,
      phase: summit.phase,
      phaseLabel: phaseLabel(summit.phase),
      allows: phaseDescription(summit.phase),
      details: {
        title: summit.title,
        startsOn: summit.starts_on,
        endsOn: summit.ends_on,
        timezone: summit.timezone,
        venue: summit.venue,
        listAddress: summit.list_address,
        signOff: summit.sign_off,
      },
      isPublic: summit.is_public,
    },
    forward: describe(moves.forward),
    back: describe(moves.back),
    confirm: confirmTo ? { direction: confirm as "forward" | "back", ...describe(confirmTo)! } : null,
    notice: noticeFrom(url, NOTICES)?.text ?? null,
    // Forms are keyed by it, so a successful change clears what was typed.
    revision: management.audit[0]?.id ?? 0,
    ...management,
  });
}

type Intent = "move-phase" | "edit-details" | "set-visibility" | "name-minute-taker" | "remove-minute-taker";

function refused(intent: Intent, result: Exclude<Result<unknown>, { ok: true }>, values: Record<string, string>) {
  return json(
    { intent, message: result.message, fieldErrors: result.fieldErrors ?? {}, values },
    { status: result.status },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const { user } = await requireOrganizerOfSummit(context, request, slug);
  const form = readFormFields(await request.formData().catch(() => new FormData()));
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...values } = form.fields;
  const back = (notice: keyof typeof NOTICES) => redirect(`/summits/${slug}/manage?notice=${notice}`);
  const args = { actor: user, slug, input: values };
  switch (intent) {
    case "move-phase": {
      const result = await movePhase(context.db, args);
      return result.ok ? back("phase-moved") : refused(intent, result, values);
    }
    case "edit-details": {
      const result = await updateSummit(context.db, args);
      if (!result.ok) return refused(intent, result, values);
      return back(result.value.changed.length > 0 ? "details-saved" : "details-unchanged");
    }
    case "set-visibility": {
      const result = await setSummitVisibility(context.db, args);
      return result.ok ? back("visibility-saved") : refused(intent, result, values);
    }
    case "name-minute-taker": {
      const result = await nameMinuteTaker(context.db, args);
      return result.ok ? back("minute-taker-named") : refused(intent, result, values);
    }
    case "remove-minute-taker": {
      const result = await removeMinuteTaker(context.db, args);
      return result.ok ? back("minute-taker-removed") : refused(intent, result, values);
    }
    default:
      throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
}

export default function ManageSummit() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { summit } = data;
  const failed = (intent: Intent) => (actionData && actionData.intent === intent ? actionData : null);
  const phaseFailure = failed("move-phase");
  const detailsFailure = failed("edit-details");
  const nameFailure = failed("name-minute-taker");
  const removeFailure = failed("remove-minute-taker");
  const visibilityFailure = failed("set-visibility");
  const details = detailsFailure ? { ...summit.details, ...detailsFailure.values } : summit.details;
  const manageUrl = `/summits/${summit.slug}/manage`;

  return (
    <>
      <p className="lead">Manage the summit: only its organizers see this page.</p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}

      <section className="card" aria-labelledby="phase-heading">
        <h2 id="phase-heading">Phase: {summit.phaseLabel}</h2>
        <p>{summit.allows}</p>
        {phaseFailure ? <Notice tone="error">{phaseFailure.message}</Notice> : null}
        {data.confirm ? (
          <section className="notice" aria-labelledby="confirm-heading">
            <h3 id="confirm-heading">
              Move {data.confirm.direction === "back" ? "back" : "forward"} to {data.confirm.label}?
            </h3>
            <p>{data.confirm.allows}</p>
            <p>Everyone sees the new phase at once, and the move is recorded in the audit log.</p>
            <Form method="post" action={manageUrl}>
              <input type="hidden" name="intent" value="move-phase" />
              <input type="hidden" name="from" value={summit.phase} />
              <input type="hidden" name="to" value={data.confirm.phase} />
              <FormActions>
                <SubmitButton variant={data.confirm.direction === "back" ? "danger" : "primary"} disabled={busy}>
                  Yes, move to {data.confirm.label}
                </SubmitButton>
                <Link to={manageUrl}>Cancel</Link>
              </FormActions>
            </Form>
          </section>
        ) : data.forward || data.back ? (
          <FormActions>
            {data.forward ? (
              <Link className="button" to={`${manageUrl}?confirm=forward`}>
                Move forward to {data.forward.label}…
              </Link>
            ) : null}
            {data.back ? (
              <Link className="button button--secondary" to={`${manageUrl}?confirm=back`}>
                Move back to {data.back.label}…
              </Link>
            ) : null}
          </FormActions>
        ) : (
          <p className="muted">Published is the last phase: the minutes are final and the phase no longer changes.</p>
        )}
      </section>

      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        {summit.phase === "published" ? (
          <p className="muted">The minutes are published, so the details are final.</p>
        ) : (
          <Form method="post" action={manageUrl} className="form" noValidate key={`details-${data.revision}`}>
            {detailsFailure ? <Notice tone="error">{detailsFailure.message}</Notice> : null}
            <input type="hidden" name="intent" value="edit-details" />
            <SummitDetailsFields values={details} errors={detailsFailure?.fieldErrors as FieldErrors | undefined} />
            <FormActions>
              <SubmitButton disabled={busy}>Save details</SubmitButton>
            </FormActions>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="visibility-heading">
        <h2 id="visibility-heading">Visibility</h2>
        <p>
          Attendees always see the agenda items. A public summit also shows its accepted items to everyone, signed in or
          not, from the agenda phase on.
        </p>
        {visibilityFailure ? <Notice tone="error">{visibilityFailure.message}</Notice> : null}
        <Form method="post" action={manageUrl} className="form" key={`visibility-${data.revision}`}>
          <input type="hidden" name="intent" value="set-visibility" />
          <div className="field">
            <div>
              <input type="checkbox" id="is-public" name="isPublic" value="on" defaultChecked={summit.isPublic} />{" "}
              <label htmlFor="is-public">Public: visitors read the accepted agenda once it is published</label>
            </div>
          </div>
          <FormActions>
            <SubmitButton variant="secondary" disabled={busy}>
              Save visibility
            </SubmitButton>
          </FormActions>
        </Form>
      </section>

      <section className="card" aria-labelledby="minute-takers-heading">
        <h2 id="minute-takers-heading">Minute-takers</h2>
        <p>Minute-takers record the notes, decisions and actions while the summit is in session.</p>
        {removeFailure ? (
          <Notice tone="error">{removeFailure.fieldErrors.email ?? removeFailure.message}</Notice>
        ) : null}
        {data.minuteTakers.length === 0 ? (
          <p className="muted">No minute-takers named yet.</p>
        ) : (
          <ul className="stack-list">
            {data.minuteTakers.map((person) => (
              <li key={person.email}>
                <Form method="post" action={manageUrl} className="item-row">
                  <span>
                    {person.name} <span className="muted">({person.email})</span>
                  </span>
                  <input type="hidden" name="intent" value="remove-minute-taker" />
                  <input type="hidden" name="email" value={person.email} />
                  <SubmitButton variant="link" disabled={busy}>
                    Remove<span className="visually-hidden"> {person.name} as minute-taker</span>
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form method="post" action={manageUrl} className="form" noValidate key={`minute-taker-${data.revision}`}>
          <input type="hidden" name="intent" value="name-minute-taker" />
          <FormField
            id="minute-taker-email"
            name="email"
            label="Name a minute-taker by email address"
            type="email"
            hint="Someone without an account yet gets one, named after the address; they sign in with it later."
            defaultValue={nameFailure?.values.email ?? ""}
            error={nameFailure ? (nameFailure.fieldErrors.email ?? nameFailure.message) : undefined}
            required
            autoComplete="off"
          />
          <FormActions>
            <SubmitButton variant="secondary" disabled={busy}>
              Name minute-taker
            </SubmitButton>
          </FormActions>
        </Form>
      </section>

      <section aria-labelledby="organizers-heading">
        <h2 id="organizers-heading">Organizers</h2>
        <p>
          {data.organizers.map((p) => p.name).join(", ")}.{" "}
          <span className="muted">Administrators name and remove organizers.</span>
        </p>
      </section>

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Recent changes</h2>
        {data.audit.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <TableRegion labelledBy="audit-heading">
            <table>
              <caption className="visually-hidden">The latest entries of this summit&apos;s audit log</caption>
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {data.audit.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.at}>{entry.at.slice(0, 16).replace("T", " ")}</time>
                    </td>
                    <td>{entry.actor}</td>
                    <td>{entry.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
    </>
  );
}
