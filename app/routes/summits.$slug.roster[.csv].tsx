import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { badRequest } from "~/lib/http";
import { getRoster, isRosterStatus, rosterCsv } from "~/services/invitations/invitations.server";

/** The roster as CSV, for organizers only; `?status=` narrows it like the page's filter. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit } = await requireOrganizerOfSummit(context, request, params.slug ?? "");
  const rawStatus = new URL(request.url).searchParams.get("status") ?? "";
  if (rawStatus !== "" && !isRosterStatus(rawStatus)) {
    throw badRequest(`“${rawStatus.slice(0, 40)}” is not a status of the roster.`);
  }
  const roster = await getRoster(context.db, {
    summit,
    status: rawStatus === "" ? null : rawStatus,
    now: new Date(),
  });
  const filename = `${summit.slug}-roster${rawStatus ? `-${rawStatus}` : ""}.csv`;
  return new Response(rosterCsv(roster.entries), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
