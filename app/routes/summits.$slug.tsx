import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, NavLink, useLoaderData, useOutlet, useSearchParams } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { requireSummit } from "~/auth/guards.server";
import { getSummitOverview } from "~/services/summits/summits.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.summit.title} · Summit` : "Summit not found · Summit" },
];

// Public: visitors read a summit's details and phase. Pages under it (manage, ...)
// render inside this one, below the title and the phase stepper.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  // The summit's own page, not one of the pages under its tabs (which render in its place).
  const withPeople = new URL(request.url).pathname.replace(/\/+$/, "") === `/summits/${encodeURIComponent(slug)}`;
  const access = await requireSummit(context, slug);
  const summit = await getSummitOverview(context.db, { ...access, withPeople });
  return json({ summit, viewerIsAdmin: access.standing.isAdmin });
}

/** The pages of a summit this viewer may open; the server checks each again. */
function summitTabs(summit: {
  slug: string;
  isOpen: boolean;
  viewer: { signedIn: boolean; isOrganizer: boolean; isAttendee: boolean; seesItems: boolean };
}): Array<{ to: string; label: string }> {
  const base = `/summits/${summit.slug}`;
  const tabs = [{ to: base, label: "Overview" }];
  if (summit.viewer.isAttendee || summit.viewer.isOrganizer) tabs.push({ to: `${base}/attendees`, label: "Attendees" });
  if (summit.viewer.seesItems) tabs.push({ to: `${base}/items`, label: "Agenda items" });
  if (summit.viewer.isOrganizer) tabs.push({ to: `${base}/triage`, label: "Triage" });
  if (summit.isOpen && summit.viewer.signedIn && !summit.viewer.isAttendee) {
    tabs.push({ to: `${base}/request-seat`, label: "Request a seat" });
  }
  if (summit.viewer.isOrganizer) {
    tabs.push(
      { to: `${base}/eligibility`, label: "Eligibility" },
      { to: `${base}/sources`, label: "Sources" },
      { to: `${base}/roster`, label: "Roster" },
      { to: `${base}/manage`, label: "Manage" },
    );
  }
  return tabs;
}

export default function SummitPage() {
  const { summit, viewerIsAdmin } = useLoaderData<typeof loader>();
  const outlet = useOutlet();
  const [searchParams] = useSearchParams();
  const tabs = summitTabs(summit);
  return (
    <>
      <p className="eyebrow">Summit</p>
      <h1>{summit.title}</h1>
      <p className="muted">
        {summit.dates}
        {summit.venue ? ` · ${summit.venue}` : ""}
      </p>
      <ol className="phases" aria-label="Phases of this summit">
        {summit.steps.map((step) => (
          <li
            key={step.phase}
            className={step.state === "done" ? "done" : undefined}
            aria-current={step.state === "current" ? "step" : undefined}
          >
            {step.label}
            {step.state === "done" ? <span className="visually-hidden"> (done)</span> : null}
          </li>
        ))}
      </ol>
      {tabs.length > 1 ? (
        <nav aria-label="This summit" className="tabs">
          <ul>
            {tabs.map((tab) => (
              <li key={tab.to}>
                <NavLink to={tab.to} end={tab.to === `/summits/${summit.slug}`}>
                  {tab.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {outlet ?? (
        <>
          {searchParams.get("answered") === "declined" ? (
            <Notice>You declined the invitation. Thank you for letting the organizers know.</Notice>
          ) : null}
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
            <dd>
              {summit.organizers.length > 0 ? (
                summit.organizers.join(", ")
              ) : (
                <span className="muted">None named yet</span>
              )}
            </dd>
            <dt>Minute-takers</dt>
            <dd>
              {summit.minuteTakers.length > 0 ? (
                summit.minuteTakers.join(", ")
              ) : (
                <span className="muted">None named yet</span>
              )}
            </dd>
          </dl>
          {summit.viewer.isMinuteTaker ? <p className="muted">You are a minute-taker of this summit.</p> : null}
          {viewerIsAdmin ? (
            <p>
              <Link to={`/admin/summits/${summit.slug}`}>Name or remove organizers (administrators)</Link>
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
