import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { Summit } from "~db/schema";
import type { Standing } from "~/domain/summit/standing";
import { parseItemNumber } from "~/forms/agenda-item";
import { forbidden, notFound } from "~/lib/http";
import { loggablePath } from "~/lib/log.server";
import type { SessionUser } from "./session.server";

/** A summit page's guard result: the summit and how the viewer stands to it, read once for the request. */
export interface SummitAccess {
  user: SessionUser | null;
  summit: Summit;
  standing: Standing;
}

function toSignIn(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(context: AppLoadContext, request: Request): Promise<SessionUser> {
  return (await context.viewer.user()) ?? toSignIn(request);
}

export async function requireAdmin(context: AppLoadContext, request: Request): Promise<SessionUser> {
  const user = await requireUser(context, request);
  if (!user.isAdmin) {
    context.log.warn(
      { userId: user.id, path: loggablePath(new URL(request.url).pathname) },
      "authorization denied: not an admin",
    );
    throw forbidden("Only administrators of this Summit installation can do this.");
  }
  return user;
}

/** The summit the address names with the viewer's standing, or the 404 page. */
export async function requireSummit(context: AppLoadContext, slug: string | undefined): Promise<SummitAccess> {
  const { user, summit, standing } = await context.viewer.inSummit(slug ?? "");
  if (!summit) throw notFound(`There is no summit at /summits/${slug ?? ""}.`);
  return { user, summit, standing };
}

/** A page of the summit for signed-in members: visitors are sent to sign in; an unknown summit is a 404. */
export async function requireMemberOfSummit(
  context: AppLoadContext,
  request: Request,
  slug: string | undefined,
): Promise<SummitAccess & { user: SessionUser }> {
  // Visitors sign in before they learn whether the summit exists.
  const access = await context.viewer.inSummit(slug ?? "");
  if (!access.user) toSignIn(request);
  if (!access.summit) throw notFound(`There is no summit at /summits/${slug ?? ""}.`);
  return { user: access.user, summit: access.summit, standing: access.standing };
}

/**
 * An organizer's page of the summit at `slug`: visitors are sent to sign in
 * first, an unknown summit is a 404, anyone else signed in a 403.
 */
export async function requireOrganizerOfSummit(
  context: AppLoadContext,
  request: Request,
  slug: string | undefined,
): Promise<SummitAccess & { user: SessionUser }> {
  const access = await requireMemberOfSummit(context, request, slug);
  if (!access.standing.isOrganizer) {
    context.log.warn(
      {
        userId: access.user.id,
        summitId: access.summit.id,
        role: "organizer",
        path: loggablePath(new URL(request.url).pathname),
      },
      "authorization denied",
    );
    throw forbidden("Only the organizers of this summit can do this.");
  }
  return access;
}

/** The summit and the item number an item's address names; anything else is the 404 page. */
export async function requireItemAddress(
  context: AppLoadContext,
  params: { slug?: string; number?: string },
): Promise<SummitAccess & { number: number }> {
  const access = await requireSummit(context, params.slug);
  const number = parseItemNumber(params.number);
  if (number === null) throw notFound(`There is no item ${params.number ?? ""} at ${access.summit.title}.`);
  return { ...access, number };
}
