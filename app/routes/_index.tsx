import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listSummitCards } from "~/services/summits/summits.server";

export const meta: MetaFunction = () => [{ title: "Summits · Summit" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({
    summits: await listSummitCards(context.db),
    viewerIsAdmin: (await context.viewer.user())?.isAdmin ?? false,
  });
}

export default function Index() {
  const { summits, viewerIsAdmin } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Summits</h1>
      <p className="lead">Agendas where every item states the decision it seeks, and minutes the list can read.</p>
      {summits.length === 0 ? (
        <p className="muted">
          No summits yet.{" "}
          {viewerIsAdmin ? <Link to="/admin">Create the first one.</Link> : "An administrator creates them."}
        </p>
      ) : (
        <ul className="stack-list">
          {summits.map((s) => (
            <li key={s.slug} className="card">
              <h2>
                <Link to={`/summits/${s.slug}`}>{s.title}</Link>
              </h2>
              <p className="muted">
                {s.dates}
                {s.venue ? ` · ${s.venue}` : ""}
              </p>
              <p>
                <span className="badge">{s.phaseLabel}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
