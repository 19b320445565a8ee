import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { readRosterFilter } from "~/forms/invitations";
import { badRequest, refusalResponse } from "~/lib/http";
import { getRosterCsv } from "~/services/invitations/pages.server";

/** The roster as CSV, for organizers only; `?status=` narrows it like the page's filter. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const filter = readRosterFilter(new URL(request.url).searchParams);
  if (!filter.ok) throw badRequest(filter.message);
  const access = await requireOrganizerOfSummit(context, request, params.slug);
  const csv = await getRosterCsv(context.db, { ...access, status: filter.status, now: new Date() });
  if (!csv.ok) throw refusalResponse(csv);
  return new Response(csv.value.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csv.value.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
