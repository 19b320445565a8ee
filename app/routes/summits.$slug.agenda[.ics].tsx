import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSummit, requireUser } from "~/auth/guards.server";
import { refusalResponse } from "~/lib/http";
import { getAgendaCalendar } from "~/services/agenda/day.server";

/** The published agenda as an iCalendar file, for whoever may read the agenda on the summit page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit, standing } = await requireSummit(context, params.slug);
  const calendar = await getAgendaCalendar(context.db, {
    summit,
    standing,
    origin: context.config.APP_ORIGIN,
    now: new Date(),
  });
  if (!calendar.ok) {
    // A visitor who may not read it is asked to sign in first, as on the item list.
    if (calendar.status === 403) await requireUser(context, request);
    throw refusalResponse(calendar);
  }
  return new Response(calendar.value.text, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${calendar.value.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
