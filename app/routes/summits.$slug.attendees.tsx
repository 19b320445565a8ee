import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMemberOfSummit } from "~/auth/guards.server";
import { AttendeeList } from "~/components/invitations/attendee-list";
import { refusalResponse } from "~/lib/http";
import { getAttendeesPage } from "~/services/invitations/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Attendees of ${data.summit.title} · Summit` : "Attendees · Summit" },
];

/** Attendees see who else comes (names only); organizers too. Visitors sign in first; anyone else gets a 403. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const answered = new URL(request.url).searchParams.get("answered");
  const { user, summit, standing } = await requireMemberOfSummit(context, request, params.slug);
  const page = await getAttendeesPage(context.db, { summit, standing, answered });
  if (!page.ok) {
    context.log.warn({ userId: user.id, summitId: summit.id }, "authorization denied: not an attendee");
    throw refusalResponse(page);
  }
  return json(page.value);
}

export default function AttendeesPage() {
  const data = useLoaderData<typeof loader>();
  return <AttendeeList names={data.names} justAccepted={data.justAccepted} />;
}
