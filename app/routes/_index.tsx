import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SummitList } from "~/components/summits/summit-list";
import { getHomePage } from "~/services/summits/pages.server";

export const meta: MetaFunction = () => [{ title: "Summits · Summit" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const user = await context.viewer.user();
  return json(await getHomePage(context.db, { viewerIsAdmin: user?.isAdmin ?? false }));
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
        <SummitList summits={summits} />
      )}
    </>
  );
}
