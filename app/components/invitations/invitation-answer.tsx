import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { refusalMessage, type InvitationRefusal } from "~/domain/invitations/invitation-link";
import { FormActions } from "../form-field";
import { Notice } from "../notice";

export interface InvitationToAnswer {
  summit: { title: string; dates: string; venue: string };
  name: string;
  email: string;
  reasons: string[];
  expiresAt: string;
}

/** A link that cannot be used: why, and the way back to the summits. */
export function InvitationRefused({ reason, summitTitle }: { reason: InvitationRefusal; summitTitle: string | null }) {
  return (
    <>
      <h1>This invitation link cannot be used</h1>
      <Notice tone="error">{refusalMessage(reason, summitTitle)}</Notice>
      <p>
        <Link to="/">Go to the list of summits</Link>
      </p>
    </>
  );
}

/**
 * The invitation a link opens, with its two buttons. Nothing happens until
 * one is pressed; answering signs the invitee in with the invitation's
 * address, ending any other session the browser had.
 */
export function InvitationAnswer(props: {
  invitation: InvitationToAnswer;
  /** The display name of someone else signed in in this browser, if anyone is. */
  signedInAs: string | null;
  /** Why the last answer was refused, if it was. */
  refusal: string | null;
  /** The Accept and Decline buttons, written out by the route that takes their answer. */
  children: ReactNode;
}) {
  const { invitation } = props;
  return (
    <>
      <p className="eyebrow">Invitation</p>
      <h1>{invitation.summit.title}</h1>
      <p className="lead">
        {invitation.name ? `${invitation.name}, you` : "You"} are invited to {invitation.summit.title},{" "}
        {invitation.summit.dates}
        {invitation.summit.venue ? ` at ${invitation.summit.venue}` : ""}.
      </p>
      {invitation.reasons.length > 0 ? (
        <section className="card" aria-labelledby="reasons-heading">
          <h2 id="reasons-heading">Why you are invited</h2>
          <ul className="stack-list">
            {invitation.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.refusal ? <Notice tone="error">{props.refusal}</Notice> : null}
      {props.signedInAs ? (
        <Notice>
          You are signed in as {props.signedInAs}. Answering ends that session and signs you in as {invitation.email},
          the address this invitation was sent to.
        </Notice>
      ) : null}
      <p className="muted">
        Answering signs you in to Summit as {invitation.email}. The link works once, until{" "}
        {invitation.expiresAt.slice(0, 16).replace("T", " ")} UTC; nothing happens until you press a button.
      </p>
      <Form method="post" className="form" aria-label="Answer the invitation">
        <FormActions>{props.children}</FormActions>
      </Form>
    </>
  );
}
