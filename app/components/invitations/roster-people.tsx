import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  REVOCABLE_STATUSES,
  ROSTER_STATUS_LABELS,
  ROSTER_STATUSES,
  type RosterStatus,
} from "~/domain/invitations/roster";
import { FormActions, SubmitButton } from "../form-field";
import { Notice } from "../notice";
import { TableRegion } from "../table-region";

export interface RosterPerson {
  invitationId: string | null;
  name: string;
  email: string;
  status: RosterStatus;
  reasons: string[];
  invitedAt: string | null;
  respondedAt: string | null;
  waitlistPosition: number | null;
  linkExpired: boolean;
}

const BADGE: Record<RosterStatus, string> = {
  eligible: "badge",
  invited: "badge badge--warning",
  accepted: "badge badge--success",
  declined: "badge badge--danger",
  waitlisted: "badge badge--warning",
  revoked: "badge badge--danger",
};

function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "";
}

/** Where one person stands: the badge, their place on the waitlist, and when they were sent or answered. */
function StatusCell({ person }: { person: RosterPerson }) {
  return (
    <td>
      <span className={BADGE[person.status]}>{ROSTER_STATUS_LABELS[person.status]}</span>
      {person.waitlistPosition !== null ? <> #{person.waitlistPosition}</> : null}
      {person.linkExpired ? <span className="muted"> (link expired)</span> : null}
      {person.respondedAt ? <div className="muted">{when(person.respondedAt)}</div> : null}
      {!person.respondedAt && person.invitedAt ? <div className="muted">sent {when(person.invitedAt)}</div> : null}
    </td>
  );
}

/** A button that posts one intent for one invitation. */
function InvitationButton(props: {
  intent: ReactNode;
  invitationId: string;
  action: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <Form method="post" action={props.action}>
      {props.intent}
      <input type="hidden" name="invitationId" value={props.invitationId} />
      <SubmitButton variant="link" disabled={props.busy}>
        {props.children}
      </SubmitButton>
    </Form>
  );
}

/**
 * Everyone on the roster, or those of one status: the filter, then a table
 * of each person with why they are there and what an organizer may do.
 */
export function RosterPeople(props: {
  people: readonly RosterPerson[];
  counts: Record<RosterStatus, number>;
  status: RosterStatus | null;
  action: string;
  resendIntent: ReactNode;
  revokeIntent: ReactNode;
  /** Why a resend or a revocation was refused, if one was. */
  refusal: string | null;
  manageUrl: string;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="people-heading">
      <h3 id="people-heading">People{props.status ? `: ${ROSTER_STATUS_LABELS[props.status].toLowerCase()}` : ""}</h3>
      <Form method="get" action={props.action} className="form">
        <div className="field">
          <label htmlFor="status-filter">Show</label>
          <select id="status-filter" name="status" defaultValue={props.status ?? ""}>
            <option value="">Everyone</option>
            {ROSTER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {ROSTER_STATUS_LABELS[status]} ({props.counts[status]})
              </option>
            ))}
          </select>
        </div>
        <FormActions>
          <SubmitButton variant="secondary">Filter</SubmitButton>
        </FormActions>
      </Form>
      {props.refusal ? <Notice tone="error">{props.refusal}</Notice> : null}
      {props.people.length === 0 ? (
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
              {props.people.map((person) => (
                <tr key={person.email}>
                  <td>{person.name || <span className="muted">(no name)</span>}</td>
                  <td>{person.email}</td>
                  <StatusCell person={person} />
                  <td>
                    {person.reasons.length > 0 ? (
                      <ul>
                        {person.reasons.map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">None recorded</span>
                    )}
                  </td>
                  <td>
                    {person.invitationId && person.status === "invited" ? (
                      <InvitationButton
                        intent={props.resendIntent}
                        invitationId={person.invitationId}
                        action={props.action}
                        busy={props.busy}
                      >
                        Resend<span className="visually-hidden"> the invitation of {person.email}</span>
                      </InvitationButton>
                    ) : null}
                    {person.invitationId &&
                    person.status !== "eligible" &&
                    REVOCABLE_STATUSES.includes(person.status) ? (
                      <InvitationButton
                        intent={props.revokeIntent}
                        invitationId={person.invitationId}
                        action={props.action}
                        busy={props.busy}
                      >
                        Revoke<span className="visually-hidden"> the invitation of {person.email}</span>
                      </InvitationButton>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <p>
        <Link to={props.manageUrl}>Back to managing the summit</Link>
      </p>
    </section>
  );
}
