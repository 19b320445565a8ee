import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { hasSummitRole } from "~db/queries/summit-role";
import { getSummitBySlug } from "~db/queries/summit";
import type { Summit, SummitRoleName } from "~db/schema";
import { parseItemNumber } from "~/forms/agenda-item";
import { forbidden, notFound } from "~/lib/http";
import { loggablePath } from "~/lib/log.server";
import type { SessionUser } from "./session.server";

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export function requireUser(context: AppLoadContext, request: Request): SessionUser {
  if (context.user) return context.user;
  const url = new URL(request.url);
  throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

export function requireAdmin(context: AppLoadContext, request: Request): SessionUser {
  const user = requireUser(context, request);
  if (!user.isAdmin) {
    context.log.warn(
      { userId: user.id, path: loggablePath(new URL(request.url).pathname) },
      "authorization denied: not an admin",
    );
    throw forbidden("Only administrators of this Summit installation can do this.");
  }
  return user;
}

/** Signed in and holding `role` in this summit; anything else is a 403 (never a redirect that hides it). */
export async function requireSummitRole(
  context: AppLoadContext,
  request: Request,
  summitId: string,
  role: SummitRoleName,
): Promise<SessionUser> {
  const user = requireUser(context, request);
  if (!(await hasSummitRole(context.db, { summitId, userId: user.id, role }))) {
    context.log.warn(
      { userId: user.id, summitId, role, path: loggablePath(new URL(request.url).pathname) },
      "authorization denied",
    );
    throw forbidden(
      role === "organizer"
        ? "Only the organizers of this summit can do this."
        : "Only the minute-takers of this summit can do this.",
    );
  }
  return user;
}

/**
 * An organizer's page of the summit at `slug`: visitors are sent to sign in
 * first, an unknown summit is a 404, anyone else signed in a 403.
 */
export async function requireOrganizerOfSummit(
  context: AppLoadContext,
  request: Request,
  slug: string,
): Promise<{ user: SessionUser; summit: Summit }> {
  requireUser(context, request);
  const summit = await getSummitBySlug(context.db, slug);
  if (!summit) throw notFound(`There is no summit at /summits/${slug}.`);
  const user = await requireSummitRole(context, request, summit.id, "organizer");
  return { user, summit };
}

/** The summit the address names, or the 404 page. */
export async function requireSummit(context: AppLoadContext, slug: string | undefined): Promise<Summit> {
  const summit = await getSummitBySlug(context.db, slug ?? "");
  if (!summit) throw notFound(`There is no summit at /summits/${slug ?? ""}.`);
  return summit;
}

/** The summit and the item number an item's address names; anything else is the 404 page. */
export async function requireItemAddress(
  context: AppLoadContext,
  params: { slug?: string; number?: string },
): Promise<{ summit: Summit; number: number }> {
  const summit = await requireSummit(context, params.slug);
  const number = parseItemNumber(params.number);
  if (number === null) throw notFound(`There is no item ${params.number ?? ""} at ${summit.title}.`);
  return { summit, number };
}
