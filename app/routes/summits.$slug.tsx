import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useOutlet, useSearchParams } from "@remix-run/react";
import { requireSummit } from "~/auth/guards.server";
import { Notice } from "~/components/notice";
import { PhaseStepper, SummitTabs } from "~/components/summits/summit-header";
import { SummitOverview } from "~/components/summits/summit-overview";
import { getSummitOverview } from "~/services/summits/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.summit.title} · Summit` : "Summit not found · Summit" },
];

// Readable by visitors: a summit's details and phase. Pages under it (manage, ...)
// render inside this one, below the title and the phase stepper.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  // The summit's own page, not one of the pages under its tabs (which render in its place).
  const withPeople = new URL(request.url).pathname.replace(/\/+$/, "") === `/summits/${encodeURIComponent(slug)}`;
  const access = await requireSummit(context, slug);
  const summit = await getSummitOverview(context.db, { summit: access.summit, standing: access.standing, withPeople });
  return json({ summit, viewerIsAdmin: access.standing.isAdmin });
}

export default function SummitPage() {
  const { summit } = useLoaderData<typeof loader>();
  const outlet = useOutlet();
  const [searchParams] = useSearchParams();
  return (
    <>
      <p className="eyebrow">Summit</p>
      <h1>{summit.title}</h1>
      <p className="muted">
        {summit.dates}
        {summit.venue ? ` · ${summit.venue}` : ""}
      </p>
      <PhaseStepper steps={summit.steps} />
      <SummitTabs tabs={summit.tabs} home={`/summits/${summit.slug}`} />
      {outlet ?? (
        <>
          {searchParams.get("answered") === "declined" ? (
            <Notice>You declined the invitation. Thank you for letting the organizers know.</Notice>
          ) : null}
          <SummitOverview summit={summit} />
        </>
      )}
    </>
  );
}
