import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMemberOfSummit } from "~/auth/guards.server";
import { Notice } from "~/components/notice";
import { forbidden } from "~/lib/http";
import { listAttendees } from "~/services/invitations/invitations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Attendees of ${data.summit.title} · Summit` : "Attendees · Summit" },
];

/** Attendees see who else comes (names only); organizers too. Visitors sign in first; anyone else gets a 403. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, summit, standing } = await requireMemberOfSummit(context, request, params.slug);
  const attending = standing.isAttendee;
  if (!attending && !standing.isOrganizer) {
    context.log.warn({ userId: user.id, summitId: summit.id }, "authorization denied: not an attendee");
    throw forbidden("Only the attendees of this summit see who is attending.");
  }
  const answered = new URL(request.url).searchParams.get("answered");
  return json({
    summit: { slug: summit.slug, title: summit.title },
    names: await listAttendees(context.db, summit.id),
    attending,
    justAccepted: attending && answered === "accepted",
  });
}

export default function AttendeesPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="attendees-heading">
      {data.justAccepted ? (
        <Notice tone="success">Thank you: you have accepted the invitation and are an attendee of this summit.</Notice>
      ) : null}
      <h2 id="attendees-heading">Attendees ({data.names.length})</h2>
      {data.names.length === 0 ? (
        <p className="muted">Nobody has accepted an invitation yet.</p>
      ) : (
        <ul className="stack-list">
          {data.names.map((name, i) => (
            <li key={`${i}-${name}`}>{name}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
