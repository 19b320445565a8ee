import { sql, type Kysely } from "kysely";
import type { Database, Summit } from "../schema";
import { compiledOnce } from "./compiled-once";
import { isPossibleSlug } from "./summit";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How a person stands to one summit: the facts every permission is decided from. */
export interface StandingFacts {
  isOrganizer: boolean;
  isMinuteTaker: boolean;
  /** Holds an accepted invitation: on the roll of attendees. */
  isAttendee: boolean;
  /** Has a pending or approved seat request. */
  hasSeatRequest: boolean;
}

export interface ViewerRow {
  /** The session the digest names, whether or not it is still valid. */
  session: { userId: string; createdAt: Date; expiresAt: Date } | null;
  /** The session's user (or the user asked for by id); null when deactivated or absent. */
  user: { id: string; email: string; displayName: string; isAdmin: boolean } | null;
  /** The summit the slug names, if one was asked for and exists. */
  summit: Summit | null;
  facts: StandingFacts;
}

/**
 * The session, its user, the summit of the page and how the user stands to it,
 * in ONE statement: a signed-in page pays per statement (on the embedded
 * database ~0.3 ms each, on the server's one thread), and these four decide
 * every page. Either `sessionId` (the stored digest) or `userId` names the person.
 */
export async function readViewer(
  db: Kysely<Database>,
  args: { sessionId: string | null; userId: string | null; slug: string | null },
): Promise<ViewerRow> {
  const userId = args.userId !== null && UUID.test(args.userId) ? args.userId : null;
  // A slug that cannot be a summit's (NUL, too long) names none: it never reaches SQL.
  const slug = args.slug !== null && isPossibleSlug(args.slug) ? args.slug : null;
  // A visitor on a page of no summit (the sign-in page, the list of summits): nothing to read.
  if (args.sessionId === null && userId === null && slug === null) return nobody();
  const [row] = await viewerStatement(db, { sessionId: args.sessionId ?? "", userId, slug: slug ?? "" });
  if (!row) throw new Error("the viewer's statement returned no row");
  const r = row as Record<string, unknown>;
  let summit: Summit | null = null;
  if (r.summit_id !== null && r.summit_id !== undefined) {
    summit = Object.fromEntries(SUMMIT_COLUMNS.map((c) => [c, r[`summit_${c}`]])) as unknown as Summit;
  }
  return {
    session:
      row.sessionUserId !== null && row.sessionCreatedAt !== null && row.sessionExpiresAt !== null
        ? { userId: row.sessionUserId, createdAt: row.sessionCreatedAt, expiresAt: row.sessionExpiresAt }
        : null,
    user:
      row.userId !== null && row.userEmail !== null && row.userDisplayName !== null
        ? { id: row.userId, email: row.userEmail, displayName: row.userDisplayName, isAdmin: Boolean(row.userIsAdmin) }
        : null,
    summit,
    facts: {
      isOrganizer: Boolean(row.isOrganizer),
      isMinuteTaker: Boolean(row.isMinuteTaker),
      isAttendee: Boolean(row.isAttendee),
      hasSeatRequest: Boolean(row.hasSeatRequest),
    },
  };
}

/** The statement of `readViewer`, built once: every signed-in request runs it. */
const viewerStatement = compiledOnce((db, a: { sessionId: string; userId: string | null; slug: string }) =>
  db
    .selectFrom(sql<{ one: number }>`(select 1 as one)`.as("base"))
    .leftJoin("session", (join) => join.on("session.id", "=", a.sessionId))
    .leftJoin("app_user", (join) =>
      join
        .on((eb) => eb("app_user.id", "=", eb.fn.coalesce("session.user_id", sql<string>`${a.userId}::uuid`)))
        .on("app_user.deactivated_at", "is", null),
    )
    .leftJoin("summit", (join) => join.on("summit.slug", "=", a.slug))
    .select((eb) => {
      const role = (name: "organizer" | "minute_taker") =>
        eb.exists(
          eb
            .selectFrom("summit_role")
            .select("summit_role.user_id")
            .whereRef("summit_role.summit_id", "=", "summit.id")
            .whereRef("summit_role.user_id", "=", "app_user.id")
            .where("summit_role.role", "=", name),
        );
      return [
        "session.user_id as sessionUserId",
        "session.created_at as sessionCreatedAt",
        "session.expires_at as sessionExpiresAt",
        "app_user.id as userId",
        "app_user.email as userEmail",
        "app_user.display_name as userDisplayName",
        "app_user.is_admin as userIsAdmin",
        ...SUMMIT_COLUMNS.map((c) => `summit.${c} as summit_${c}` as const),
        role("organizer").as("isOrganizer"),
        role("minute_taker").as("isMinuteTaker"),
        eb
          .exists(
            eb
              .selectFrom("invitation")
              .select("invitation.id")
              .whereRef("invitation.summit_id", "=", "summit.id")
              .whereRef("invitation.user_id", "=", "app_user.id")
              .where("invitation.status", "=", "accepted"),
          )
          .as("isAttendee"),
        eb
          .exists(
            eb
              .selectFrom("seat_request")
              .select("seat_request.id")
              .whereRef("seat_request.summit_id", "=", "summit.id")
              .whereRef("seat_request.user_id", "=", "app_user.id")
              .where("seat_request.status", "in", ["pending", "approved"]),
          )
          .as("hasSeatRequest"),
      ];
    }),
);

function nobody(): ViewerRow {
  return {
    session: null,
    user: null,
    summit: null,
    facts: { isOrganizer: false, isMinuteTaker: false, isAttendee: false, hasSeatRequest: false },
  };
}

// Every column of the summit table, so the page's summit comes with the viewer.
const SUMMIT_COLUMNS = [
  "id",
  "slug",
  "title",
  "starts_on",
  "ends_on",
  "timezone",
  "venue",
  "list_address",
  "sign_off",
  "phase",
  "created_at",
  "created_by",
  "is_open",
  "capacity",
  "seat_request_needs_item",
  "is_public",
] as const satisfies ReadonlyArray<keyof Summit>;

// A column added to the summit table must be added above, or the viewer's summit would lack it.
type MissingSummitColumns = Exclude<keyof Summit, (typeof SUMMIT_COLUMNS)[number]>;
const _allSummitColumns: MissingSummitColumns extends never ? true : never = true;
void _allSummitColumns;
