import type { Kysely } from "kysely";
import { readViewer, type ViewerRow } from "~db/queries/viewer";
import type { Database, Summit } from "~db/schema";
import { hashSessionToken, KyselySessionAdapter } from "~/auth/lucia-adapter.server";
import {
  blankSessionCookie,
  judgeSession,
  readSessionToken,
  sessionCookie,
  type SessionSettings,
  type SessionUser,
} from "~/auth/session.server";
import { VISITOR, type Standing } from "~/domain/summit/standing";
import { standingOfRow } from "./standing.server";

/** The viewer of one summit's page: who they are, the summit, and how they stand to it. */
export interface SummitViewer {
  user: SessionUser | null;
  /** Null when no summit has that slug. */
  summit: Summit | null;
  standing: Standing;
}

/**
 * Who is asking, read lazily and once per request: a route that never asks
 * (`/ping`, static files) costs no statement, and the root loader, the summit
 * layout, guards and the page all share one read of the session, the user,
 * the page's summit and the standing.
 */
export interface RequestViewer {
  user(): Promise<SessionUser | null>;
  inSummit(slug: string): Promise<SummitViewer>;
}

/** The slug of the summit a path is under (`/summits/SLUG/...`), so the first read can include it. */
export function summitSlugOfPath(pathname: string): string | null {
  const match = /^\/summits\/([^/]+)/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

type Read = (slug: string | null) => Promise<{ row: ViewerRow; user: SessionUser | null }>;

function memoized(read: Read, pathSlug: string | null): RequestViewer {
  const reads = new Map<string | null, ReturnType<Read>>();
  const once = (slug: string | null) => {
    let pending = reads.get(slug);
    if (!pending) {
      pending = read(slug);
      reads.set(slug, pending);
    }
    return pending;
  };
  return {
    async user() {
      // The first read of a summit page includes its summit: the layout will ask for it.
      return (await once(pathSlug)).user;
    },
    async inSummit(slug) {
      const { row, user } = await once(slug);
      return { user, summit: row.summit, standing: user ? standingOfRow(row) : VISITOR };
    },
  };
}

/** The viewer of a request, from its session cookie. Refreshed or cleared cookies go to `setCookie`. */
export function createRequestViewer(args: {
  db: Kysely<Database>;
  settings: SessionSettings;
  cookieHeader: string | null;
  pathSlug: string | null;
  setCookie: (value: string) => void;
  /** Told who the user turned out to be (for the request log). */
  onUser?: (user: SessionUser | null) => void;
  now?: () => Date;
}): RequestViewer {
  const token = readSessionToken(args.settings, args.cookieHeader);
  const sessionId = token ? hashSessionToken(token) : null;
  let settled = false;
  const read: Read = async (slug) => {
    const found = await readFromSession(slug);
    args.onUser?.(found.user);
    return found;
  };
  const readFromSession: Read = async (slug) => {
    const row = await readViewer(args.db, { sessionId, userId: null, slug });
    if (!token) return { row, user: null };
    if (!row.session) {
      if (!settled) args.setCookie(blankSessionCookie(args.settings));
      settled = true;
      return { row, user: null };
    }
    const verdict = judgeSession(row.session, args.settings, (args.now ?? (() => new Date()))());
    if (!row.user || !verdict.alive) {
      if (!settled) {
        settled = true;
        await new KyselySessionAdapter(args.db).deleteSession(token);
        args.setCookie(blankSessionCookie(args.settings));
      }
      return { row, user: null };
    }
    if (verdict.refreshTo && !settled) {
      settled = true;
      await new KyselySessionAdapter(args.db).updateSessionExpiration(token, verdict.refreshTo);
      args.setCookie(sessionCookie(args.settings, token));
    }
    settled = true;
    return { row, user: row.user };
  };
  return memoized(read, args.pathSlug);
}

/** The viewer for a user already known (the command line, tests): standing read from the database. */
export function viewerOfUser(db: Kysely<Database>, user: SessionUser | null): RequestViewer {
  return memoized(async (slug) => {
    const row = await readViewer(db, { sessionId: null, userId: user?.id ?? null, slug });
    return { row, user };
  }, null);
}
