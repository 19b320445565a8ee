import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listSummits } from "~db/queries/summit";
import { phaseLabel } from "~/domain/phases";

export const meta: MetaFunction = () => [{ title: "Summits · Summit" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const summits = await listSummits(context.db);
  return json({
    summits: summits.map((s) => ({
      slug: s.slug,
      title: s.title,
      startsOn: s.starts_on,
      endsOn: s.ends_on,
      venue: s.venue,
      phase: phaseLabel(s.phase),
    })),
  });
}

export default function Index() {
  const { summits } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Summits</h1>
      <p className="lead">Agendas where every item states the decision it seeks, and minutes the list can read.</p>
      {summits.length === 0 ? (
        <p className="muted">No summits yet. An administrator creates them.</p>
      ) : (
        <ul className="stack-list">
          {summits.map((s) => (
            <li key={s.slug} className="card">
              <h2>
                <Link to={`/summits/${s.slug}`}>{s.title}</Link>
              </h2>
              <p className="muted">
                {s.startsOn === s.endsOn ? s.startsOn : `${s.startsOn} – ${s.endsOn}`}
                {s.venue ? ` · ${s.venue}` : ""} · <span className="badge">{s.phase}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
