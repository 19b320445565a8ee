import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Fragment } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { TableRegion } from "~/components/table-region";
import { readFormFields } from "~/forms/summit";
import { badRequest } from "~/lib/http";
import {
  getRoster,
  inviteEligible,
  inviteOne,
  isRosterStatus,
  resendInvitation,
  revokeInvitation,
  ROSTER_STATUSES,
  STATUS_LABELS,
  type RosterStatus,
} from "~/services/invitations/invitations.server";
import {
  approveSeatRequest,
  listPendingSeatRequests,
  refuseSeatRequest,
} from "~/services/invitations/seat-requests.server";
import type { Result } from "~/services/kernel/result.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Roster of ${data.summit.title} · Summit` : "Roster · Summit" },
];

const BADGE: Record<RosterStatus, string> = {
  eligible: "badge",
  invited: "badge badge--warning",
  accepted: "badge badge--success",
  declined: "badge badge--danger",
  waitlisted: "badge badge--warning",
  revoked: "badge badge--danger",
};

function noticeFrom(url: URL): string | null {
  const p = url.searchParams;
  const n = (key: string) => Math.max(0, Number.parseInt(p.get(key) ?? "0", 10) || 0);
  const people = (count: number) => (count === 1 ? "1 person" : `${count} people`);
  switch (p.get("notice")) {
    case "invited-all": {
      const parts = [`Invited ${people(n("invited"))}`];
      if (n("waitlisted") > 0) parts.push(`put ${people(n("waitlisted"))} on the waitlist (every seat is taken)`);
      if (n("rejected") > 0) {
        parts.push(
          `skipped ${people(n("rejected"))} whose address cannot receive mail; correct it in the eligibility sources`,
        );
      }
      return `${parts.join("; ")}.`;
    }
    case "invited-one":
      return "The invitation has been sent.";
    case "waitlisted-one":
      return "Every seat is taken: the person is on the waitlist and is offered a seat when one is free.";
    case "resent":
      return "A new invitation mail has been sent; the link of the earlier one no longer works.";
    case "revoked":
      return n("offered") > 0
        ? `The invitation has been revoked; its link no longer works. The freed seat was offered to ${people(n("offered"))} from the waitlist.`
        : "The invitation has been revoked; its link no longer works.";
    case "approved":
      return "The request is approved and an invitation has been sent.";
    case "approved-waitlisted":
      return "The request is approved, but every seat is taken: the requester is on the waitlist and has been told so.";
    case "refused":
      return "The request is refused; the requester has been sent your reason.";
    default:
      return null;
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit } = await requireOrganizerOfSummit(context, request, params.slug ?? "");
  const url = new URL(request.url);
  const rawStatus = url.searchParams.get("status") ?? "";
  if (rawStatus !== "" && !isRosterStatus(rawStatus)) {
    throw badRequest(`“${rawStatus.slice(0, 40)}” is not a status of the roster; choose one from the list.`);
  }
  const status = rawStatus === "" ? null : (rawStatus as RosterStatus);
  const [roster, requests] = await Promise.all([
    getRoster(context.db, { summit, status, now: new Date() }),
    listPendingSeatRequests(context.db, summit.id),
  ]);
  return json({
    summit: { slug: summit.slug, title: summit.title, isOpen: summit.is_open },
    // Server modules do not reach the browser: the page gets the statuses and their labels from here.
    statuses: ROSTER_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
    status,
    statusLabel: status ? STATUS_LABELS[status] : null,
    roster,
    requests,
    notice: noticeFrom(url),
  });
}

type Intent = "invite-eligible" | "invite-one" | "resend" | "revoke" | "approve-request" | "refuse-request";

function refused(intent: Intent, result: Exclude<Result<unknown>, { ok: true }>, values: Record<string, string>) {
  return json(
    { intent, message: result.message, fieldErrors: result.fieldErrors ?? {}, values },
    { status: result.status },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const { user, summit } = await requireOrganizerOfSummit(context, request, slug);
  const form = readFormFields(await request.formData().catch(() => new FormData()));
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...values } = form.fields;
  const back = (notice: string, counts: Record<string, number> = {}) => {
    const query = new URLSearchParams({ notice });
    for (const [key, value] of Object.entries(counts)) query.set(key, String(value));
    return redirect(`/summits/${slug}/roster?${query.toString()}`);
  };
  const base = { summitId: summit.id, actorId: user.id, config: context.config, now: new Date() };
  switch (intent) {
    case "invite-eligible": {
      if (Object.keys(values).length > 0) throw badRequest("This form takes no fields; reload the page.");
      const result = await inviteEligible(context.db, base);
      if (!result.ok) return refused(intent, result, values);
      const { invited, waitlisted, rejected } = result.value;
      return back("invited-all", { invited, waitlisted, rejected: rejected.length });
    }
    case "invite-one": {
      const result = await inviteOne(context.db, { ...base, input: values });
      if (!result.ok) return refused(intent, result, values);
      return back(result.value.invitation.status === "invited" ? "invited-one" : "waitlisted-one");
    }
    case "resend": {
      const result = await resendInvitation(context.db, { ...base, input: values });
      return result.ok ? back("resent") : refused(intent, result, values);
    }
    case "revoke": {
      const result = await revokeInvitation(context.db, { ...base, input: values });
      return result.ok ? back("revoked", { offered: result.value.offered.length }) : refused(intent, result, values);
    }
    case "approve-request": {
      const result = await approveSeatRequest(context.db, { ...base, input: values });
      if (!result.ok) return refused(intent, result, values);
      return back(result.value.status === "invited" ? "approved" : "approved-waitlisted");
    }
    case "refuse-request": {
      const result = await refuseSeatRequest(context.db, { ...base, input: values });
      return result.ok ? back("refused") : refused(intent, result, values);
    }
    default:
      throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
}

function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "";
}

export default function RosterPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const rosterUrl = `/summits/${data.summit.slug}/roster`;
  const failed = (intent: Intent) => (actionData && actionData.intent === intent ? actionData : null);
  const bulkFailure = failed("invite-eligible");
  const oneFailure = failed("invite-one");
  const rowFailure = failed("resend") ?? failed("revoke");
  const requestFailure = failed("approve-request") ?? failed("refuse-request");
  const { roster } = data;
  const labelOf = (status: RosterStatus) => data.statuses.find((s) => s.value === status)?.label ?? status;
  const csvUrl = `/summits/${data.summit.slug}/roster.csv${data.status ? `?status=${data.status}` : ""}`;

  return (
    <>
      <h2>Roster</h2>
      <p className="lead">Who is eligible, who is invited and how they answered. Only organizers see this page.</p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}

      <section className="card" aria-labelledby="counts-heading">
        <h3 id="counts-heading">Counts</h3>
        <dl className="facts">
          {data.statuses.map(({ value, label }) => (
            <Fragment key={value}>
              <dt>{label}</dt>
              <dd>{roster.counts[value]}</dd>
            </Fragment>
          ))}
          <dt>Seats</dt>
          <dd>
            {roster.capacity === null
              ? `${roster.seatsTaken} taken (no limit)`
              : `${roster.seatsTaken} of ${roster.capacity} taken`}
          </dd>
        </dl>
        <p className="muted">A seat is taken by everyone invited (until they answer) and everyone who accepted.</p>
        {bulkFailure ? <Notice tone="error">{bulkFailure.message}</Notice> : null}
        <Form method="post" action={rosterUrl}>
          <input type="hidden" name="intent" value="invite-eligible" />
          <FormActions>
            <SubmitButton disabled={busy || roster.counts.eligible === 0}>
              Invite everyone eligible not yet invited ({roster.counts.eligible})
            </SubmitButton>
            <a href={csvUrl}>Export as CSV</a>
          </FormActions>
        </Form>
      </section>

      <section className="card" aria-labelledby="invite-one-heading">
        <h3 id="invite-one-heading">Invite one person</h3>
        {oneFailure && !Object.keys(oneFailure.fieldErrors).some((k) => k !== "form") ? (
          <Notice tone="error">{oneFailure.message}</Notice>
        ) : null}
        <Form method="post" action={rosterUrl} className="form" noValidate>
          <input type="hidden" name="intent" value="invite-one" />
          <FormField
            id="invite-email"
            name="email"
            label="Email address"
            type="email"
            autoComplete="off"
            required
            defaultValue={oneFailure?.values.email ?? ""}
            error={oneFailure?.fieldErrors.email}
          />
          <FormField
            id="invite-name"
            name="name"
            label="Name (optional)"
            hint="Taken from the eligible list when left empty."
            defaultValue={oneFailure?.values.name ?? ""}
            error={oneFailure?.fieldErrors.name}
          />
          <FormField
            id="invite-reason"
            name="reason"
            label="Reason (needed for someone not on the eligible list)"
            hint="Shown beside the person on the roster and in the invitation."
            defaultValue={oneFailure?.values.reason ?? ""}
            error={oneFailure?.fieldErrors.reason}
          />
          <FormActions>
            <SubmitButton variant="secondary" disabled={busy}>
              Invite
            </SubmitButton>
          </FormActions>
        </Form>
      </section>

      {data.summit.isOpen || data.requests.length > 0 ? (
        <section className="card" aria-labelledby="requests-heading">
          <h3 id="requests-heading">Seat requests waiting for a decision</h3>
          {requestFailure ? (
            <Notice tone="error">{Object.values(requestFailure.fieldErrors)[0] ?? requestFailure.message}</Notice>
          ) : null}
          {data.requests.length === 0 ? (
            <p className="muted">No requests are waiting.</p>
          ) : (
            <ul className="stack-list">
              {data.requests.map((r) => (
                <li key={r.id}>
                  <p>
                    <strong>{r.name}</strong> <span className="muted">({r.email})</span>
                  </p>
                  <p>{r.statement}</p>
                  {r.proposedItem ? <p>Proposes: {r.proposedItem}</p> : null}
                  <Form method="post" action={rosterUrl}>
                    <input type="hidden" name="intent" value="approve-request" />
                    <input type="hidden" name="requestId" value={r.id} />
                    <FormActions>
                      <SubmitButton disabled={busy}>
                        Approve<span className="visually-hidden"> the request of {r.name}</span>
                      </SubmitButton>
                    </FormActions>
                  </Form>
                  <Form method="post" action={rosterUrl} className="form" noValidate>
                    <input type="hidden" name="intent" value="refuse-request" />
                    <input type="hidden" name="requestId" value={r.id} />
                    <FormField
                      id={`refuse-reason-${r.id}`}
                      name="reason"
                      label={`Reason for refusing ${r.name}`}
                      hint="Mailed to the requester."
                      defaultValue={
                        requestFailure?.values.requestId === r.id ? (requestFailure.values.reason ?? "") : ""
                      }
                      error={requestFailure?.values.requestId === r.id ? requestFailure.fieldErrors.reason : undefined}
                    />
                    <FormActions>
                      <SubmitButton variant="danger" disabled={busy}>
                        Refuse<span className="visually-hidden"> the request of {r.name}</span>
                      </SubmitButton>
                    </FormActions>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section aria-labelledby="people-heading">
        <h3 id="people-heading">People{data.statusLabel ? `: ${data.statusLabel.toLowerCase()}` : ""}</h3>
        <Form method="get" action={rosterUrl} className="form">
          <div className="field">
            <label htmlFor="status-filter">Show</label>
            <select id="status-filter" name="status" defaultValue={data.status ?? ""}>
              <option value="">Everyone</option>
              {data.statuses.map(({ value, label }) => (
                <option key={value} value={value}>
                  {label} ({roster.counts[value]})
                </option>
              ))}
            </select>
          </div>
          <FormActions>
            <SubmitButton variant="secondary">Filter</SubmitButton>
          </FormActions>
        </Form>
        {rowFailure ? <Notice tone="error">{rowFailure.message}</Notice> : null}
        {roster.entries.length === 0 ? (
          <p className="muted">Nobody here yet.</p>
        ) : (
          <TableRegion labelledBy="people-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Status</th>
                  <th scope="col">Why</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {roster.entries.map((e) => (
                  <tr key={e.email}>
                    <td>{e.name || <span className="muted">(no name)</span>}</td>
                    <td>{e.email}</td>
                    <td>
                      <span className={BADGE[e.status]}>{labelOf(e.status)}</span>
                      {e.waitlistPosition !== null ? <> #{e.waitlistPosition}</> : null}
                      {e.linkExpired ? <span className="muted"> (link expired)</span> : null}
                      {e.respondedAt ? <div className="muted">{when(e.respondedAt)}</div> : null}
                      {!e.respondedAt && e.invitedAt ? <div className="muted">sent {when(e.invitedAt)}</div> : null}
                    </td>
                    <td>
                      {e.reasons.length > 0 ? (
                        <ul>
                          {e.reasons.map((reason) => (
                            <li key={reason}>{reason}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">None recorded</span>
                      )}
                    </td>
                    <td>
                      {e.invitationId && e.status === "invited" ? (
                        <Form method="post" action={rosterUrl}>
                          <input type="hidden" name="intent" value="resend" />
                          <input type="hidden" name="invitationId" value={e.invitationId} />
                          <SubmitButton variant="link" disabled={busy}>
                            Resend<span className="visually-hidden"> the invitation of {e.email}</span>
                          </SubmitButton>
                        </Form>
                      ) : null}
                      {e.invitationId && ["invited", "waitlisted", "accepted"].includes(e.status) ? (
                        <Form method="post" action={rosterUrl}>
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="invitationId" value={e.invitationId} />
                          <SubmitButton variant="link" disabled={busy}>
                            Revoke<span className="visually-hidden"> the invitation of {e.email}</span>
                          </SubmitButton>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
        <p>
          <Link to={`/summits/${data.summit.slug}/manage`}>Back to managing the summit</Link>
        </p>
      </section>
    </>
  );
}
