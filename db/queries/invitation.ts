import { sql, type Kysely, type Selectable } from "kysely";
import type { Database, InvitationStatus, InvitationTable } from "../schema";

/** An invitation as read; `created_at` is a Date on both drivers. */
export type InvitationRow = Omit<Selectable<InvitationTable>, "created_at"> & { created_at: Date };

const asRow = (row: Selectable<InvitationTable>): InvitationRow => row as unknown as InvitationRow;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Seats taken: accepted invitations and those still waiting for an answer. */
export async function countTakenSeats(db: Kysely<Database>, summitId: string): Promise<number> {
  const row = await db
    .selectFrom("invitation")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("summit_id", "=", summitId)
    .where("status", "in", ["accepted", "invited"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many wait for a seat: the place of whoever joined the waitlist last. */
export async function countWaitlisted(db: Kysely<Database>, summitId: string): Promise<number> {
  const row = await db
    .selectFrom("invitation")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("summit_id", "=", summitId)
    .where("status", "=", "waitlisted")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listInvitations(
  db: Kysely<Database>,
  args: { summitId: string; status?: InvitationStatus },
): Promise<InvitationRow[]> {
  let query = db.selectFrom("invitation").selectAll().where("summit_id", "=", args.summitId);
  if (args.status) query = query.where("status", "=", args.status);
  const rows = await query
    .orderBy(sql`case status when 'waitlisted' then 1 else 0 end`)
    .orderBy("waitlisted_at")
    .orderBy("name")
    .orderBy("email")
    .execute();
  return rows.map(asRow);
}

/** Every address of the summit that already has an invitation, whatever its state. */
export async function listInvitedEmails(db: Kysely<Database>, summitId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("invitation").select("email").where("summit_id", "=", summitId).execute();
  return new Set(rows.map((r) => r.email));
}

export async function getInvitationById(
  db: Kysely<Database>,
  args: { summitId: string; invitationId: string },
): Promise<InvitationRow | null> {
  if (!UUID.test(args.invitationId)) return null;
  const row = await db
    .selectFrom("invitation")
    .selectAll()
    .where("summit_id", "=", args.summitId)
    .where("id", "=", args.invitationId)
    .executeTakeFirst();
  return row ? asRow(row) : null;
}

export async function getInvitationByEmail(
  db: Kysely<Database>,
  args: { summitId: string; email: string },
): Promise<InvitationRow | null> {
  const row = await db
    .selectFrom("invitation")
    .selectAll()
    .where("summit_id", "=", args.summitId)
    .where("email", "=", args.email)
    .executeTakeFirst();
  return row ? asRow(row) : null;
}

export async function getInvitationByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<InvitationRow | null> {
  const row = await db.selectFrom("invitation").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
  return row ? asRow(row) : null;
}

/** What an invitation link's page shows: the invitation and its summit, in one statement. */
export async function getInvitationPreviewByTokenHash(db: Kysely<Database>, tokenHash: string) {
  const row = await db
    .selectFrom("invitation")
    .innerJoin("summit", "summit.id", "invitation.summit_id")
    .select([
      "invitation.name",
      "invitation.email",
      "invitation.status",
      "invitation.reasons",
      "invitation.token_expires_at as tokenExpiresAt",
      "summit.slug as summitSlug",
      "summit.title as summitTitle",
      "summit.starts_on as startsOn",
      "summit.ends_on as endsOn",
      "summit.venue",
    ])
    .where("invitation.token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * A new invitation row. Null when the address already has one for this
 * summit (the unique key decides, so two concurrent invitations make one row).
 */
export async function insertInvitation(
  db: Kysely<Database>,
  args: {
    summitId: string;
    email: string;
    name: string;
    reasons: string[];
    userId?: string | null;
    status: "invited" | "waitlisted";
    tokenHash: string | null;
    tokenExpiresAt: Date | null;
    now: Date;
  },
): Promise<InvitationRow | null> {
  const invited = args.status === "invited";
  const row = await db
    .insertInto("invitation")
    .values({
      summit_id: args.summitId,
      email: args.email,
      name: args.name,
      user_id: args.userId ?? null,
      status: args.status,
      reasons: JSON.stringify(args.reasons),
      token_hash: args.tokenHash,
      token_expires_at: args.tokenExpiresAt,
      created_at: args.now,
      invited_at: invited ? args.now : null,
      waitlisted_at: invited ? null : args.now,
      sends: invited ? 1 : 0,
    })
    .onConflict((oc) => oc.columns(["summit_id", "email"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? asRow(row) : null;
}

/**
 * Gives an invitation a new link (a resend, or a waitlisted person offered a
 * seat): the old token hash is overwritten, so the old link is dead at once.
 * Only rows in one of `fromStatuses` change; null otherwise.
 */
export async function issueInvitationToken(
  db: Kysely<Database>,
  args: {
    invitationId: string;
    fromStatuses: InvitationStatus[];
    tokenHash: string;
    tokenExpiresAt: Date;
    now: Date;
  },
): Promise<InvitationRow | null> {
  const row = await db
    .updateTable("invitation")
    .set((eb) => ({
      status: "invited",
      token_hash: args.tokenHash,
      token_expires_at: args.tokenExpiresAt,
      invited_at: args.now,
      sends: eb("sends", "+", 1),
    }))
    .where("id", "=", args.invitationId)
    .where("status", "in", args.fromStatuses)
    .returningAll()
    .executeTakeFirst();
  return row ? asRow(row) : null;
}

/**
 * Uses an invitation's link: one conditional UPDATE, so of any number of
 * concurrent answers exactly one finds the row still invited and unexpired.
 * The hash stays on the row (status is what makes it single-use), so a later
 * click can be told "already answered" rather than "unknown link".
 */
export async function consumeInvitationToken(
  db: Kysely<Database>,
  args: { tokenHash: string; status: "accepted" | "declined"; now: Date },
): Promise<InvitationRow | null> {
  const row = await db
    .updateTable("invitation")
    .set({ status: args.status, responded_at: args.now, token_expires_at: args.now })
    .where("token_hash", "=", args.tokenHash)
    .where("status", "=", "invited")
    .where("token_expires_at", ">", args.now)
    .returningAll()
    .executeTakeFirst();
  return row ? asRow(row) : null;
}

export async function setInvitationUser(db: Kysely<Database>, args: { invitationId: string; userId: string }) {
  await db.updateTable("invitation").set({ user_id: args.userId }).where("id", "=", args.invitationId).execute();
}

/** Revokes an invitation still open (invited or waitlisted); its link stops working at once. */
export async function revokeInvitationRow(
  db: Kysely<Database>,
  args: { invitationId: string; now: Date },
): Promise<InvitationRow | null> {
  const row = await db
    .updateTable("invitation")
    .set({ status: "revoked", token_expires_at: args.now })
    .where("id", "=", args.invitationId)
    .where("status", "in", ["invited", "waitlisted", "accepted"])
    .returningAll()
    .executeTakeFirst();
  return row ? asRow(row) : null;
}

/** The first on the waitlist (by when they joined it), or null. */
export async function firstWaitlisted(db: Kysely<Database>, summitId: string): Promise<InvitationRow | null> {
  const row = await db
    .selectFrom("invitation")
    .selectAll()
    .where("summit_id", "=", summitId)
    .where("status", "=", "waitlisted")
    .orderBy("waitlisted_at")
    .orderBy("created_at")
    .orderBy("email")
    .limit(1)
    .executeTakeFirst();
  return row ? asRow(row) : null;
}

/** Names of the attendees, for other attendees: the account's display name, else the invitation's. */
export async function listAttendeeNames(db: Kysely<Database>, summitId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("invitation")
    .leftJoin("app_user", "app_user.id", "invitation.user_id")
    .select(["invitation.name", "app_user.display_name as displayName", "invitation.email"])
    .where("invitation.summit_id", "=", summitId)
    .where("invitation.status", "=", "accepted")
    .execute();
  return rows.map((r) => r.displayName || r.name || r.email.split("@")[0] || "").sort((a, b) => a.localeCompare(b));
}

/** An attendee who has already accepted (seeded data such as the demo): no link, no mail. */
export async function insertAcceptedInvitation(
  db: Kysely<Database>,
  args: { summitId: string; email: string; name: string; userId: string; reasons: string[]; now: Date },
): Promise<void> {
  await db
    .insertInto("invitation")
    .values({
      summit_id: args.summitId,
      email: args.email,
      name: args.name,
      user_id: args.userId,
      status: "accepted",
      reasons: JSON.stringify(args.reasons),
      created_at: args.now,
      invited_at: args.now,
      responded_at: args.now,
    })
    .execute();
}
