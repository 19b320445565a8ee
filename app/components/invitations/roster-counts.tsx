import { Form } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";
import { ROSTER_STATUS_LABELS, ROSTER_STATUSES, type RosterStatus } from "~/domain/invitations/roster";
import { FormActions, SubmitButton } from "../form-field";
import { Notice } from "../notice";

export interface RosterCountsProps {
  counts: Record<RosterStatus, number>;
  capacity: number | null;
  seatsTaken: number;
  action: string;
  /** The hidden field naming the invite-everyone intent. */
  intent: ReactNode;
  csvUrl: string;
  /** Why inviting everyone was refused, if it was. */
  refusal: string | null;
  busy: boolean;
}

/** How many stand where, the seats, and the button that invites everyone eligible not yet invited. */
export function RosterCounts(props: RosterCountsProps) {
  const { counts } = props;
  return (
    <section className="card" aria-labelledby="counts-heading">
      <h3 id="counts-heading">Counts</h3>
      <dl className="facts">
        {ROSTER_STATUSES.map((status) => (
          <Fragment key={status}>
            <dt>{ROSTER_STATUS_LABELS[status]}</dt>
            <dd>{counts[status]}</dd>
          </Fragment>
        ))}
        <dt>Seats</dt>
        <dd>
          {props.capacity === null
            ? `${props.seatsTaken} taken (no limit)`
            : `${props.seatsTaken} of ${props.capacity} taken`}
        </dd>
      </dl>
      <p className="muted">A seat is taken by everyone invited (until they answer) and everyone who accepted.</p>
      {props.refusal ? <Notice tone="error">{props.refusal}</Notice> : null}
      <Form method="post" action={props.action}>
        {props.intent}
        <FormActions>
          <SubmitButton disabled={props.busy || counts.eligible === 0}>
            Invite everyone eligible not yet invited ({counts.eligible})
          </SubmitButton>
          <a href={props.csvUrl}>Export as CSV</a>
        </FormActions>
      </Form>
    </section>
  );
}
