import { Link } from "@remix-run/react";
import { Timetable } from "~/components/agenda/timetable";

export interface PublishedAgendaView {
  publishedAt: string;
  timezone: string;
  slots: ReadonlyArray<{
    number: number;
    title: string;
    lead: string;
    desiredOutcome: string;
    date: string;
    start: number;
    end: number;
  }>;
  overflow: ReadonlyArray<{ number: number; title: string; lead: string }>;
  breaks: ReadonlyArray<{ date: string; start: number; end: number; label: string }>;
}

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
  agenda: PublishedAgendaView | null;
}

/** The day as published: the timetable, the items to be taken to the list, and the calendar file. */
function PublishedAgenda({ slug, agenda }: { slug: string; agenda: PublishedAgendaView }) {
  return (
    <section aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">Agenda</h2>
      <p className="muted">
        Published {agenda.publishedAt.slice(0, 16).replace("T", " ")} UTC, in the order the vote gave.{" "}
        <a href={`/summits/${slug}/agenda.ics`} download>
          Download it as a calendar file (iCalendar)
        </a>
      </p>
      <Timetable slug={slug} items={agenda.slots} breaks={agenda.breaks} timezone={agenda.timezone} />
      {agenda.overflow.length > 0 ? (
        <>
          <h3>To be taken to the list</h3>
          <ul>
            {agenda.overflow.map((item) => (
              <li key={item.number}>
                <Link to={`/summits/${slug}/items/${item.number}`}>
                  {item.number}. {item.title}
                </Link>{" "}
                (led by {item.lead})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
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

      {summit.agenda ? <PublishedAgenda slug={summit.slug} agenda={summit.agenda} /> : null}

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
