import { Link } from "@remix-run/react";

export interface SummitOverviewView {
  slug: string;
  phaseLabel: string;
  allows: string;
  comesNext: string;
  dates: string;
  timezone: string;
  venue: string;
  listAddress: string;
  organizers: readonly string[];
  minuteTakers: readonly string[];
  viewer: { isAdmin: boolean; isOrganizer: boolean; isMinuteTaker: boolean };
}

function names(people: readonly string[]) {
  return people.length > 0 ? people.join(", ") : <span className="muted">None named yet</span>;
}

/** A summit's own page, readable by visitors: where it stands, what comes next, and its details. */
export function SummitOverview({ summit }: { summit: SummitOverviewView }) {
  return (
    <>
      <section className="card" aria-labelledby="phase-heading">
        <h2 id="phase-heading">Now: {summit.phaseLabel}</h2>
        <p>{summit.allows}</p>
        <p className="muted">
          <strong>Next:</strong> {summit.comesNext}
        </p>
        {summit.viewer.isOrganizer ? (
          <p>
            <Link className="button" to={`/summits/${summit.slug}/manage`}>
              Manage this summit
            </Link>
          </p>
        ) : null}
      </section>

      <h2>Details</h2>
      <dl className="facts">
        <dt>Dates</dt>
        <dd>{summit.dates}</dd>
        <dt>Timezone</dt>
        <dd>{summit.timezone}</dd>
        <dt>Venue</dt>
        <dd>{summit.venue || <span className="muted">Not announced yet</span>}</dd>
        <dt>Mailing list</dt>
        <dd>
          <a href={`mailto:${summit.listAddress}`}>{summit.listAddress}</a>
        </dd>
        <dt>Organizers</dt>
        <dd>{names(summit.organizers)}</dd>
        <dt>Minute-takers</dt>
        <dd>{names(summit.minuteTakers)}</dd>
      </dl>
      {summit.viewer.isMinuteTaker ? <p className="muted">You are a minute-taker of this summit.</p> : null}
      {summit.viewer.isAdmin ? (
        <p>
          <Link to={`/admin/summits/${summit.slug}`}>Name or remove organizers (administrators)</Link>
        </p>
      ) : null}
    </>
  );
}
