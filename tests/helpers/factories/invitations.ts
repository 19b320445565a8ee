// What the invitation and seat request tests build again and again: a summit
// with its organizer (open or not, with a capacity or not), eligible people,
// requests to the routes, and reads of what was mailed and stored.
import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database, Summit } from "../../../db/schema";
import type { SessionUser } from "../../../app/auth/session.server";
import { parseConfig } from "../../../app/lib/config.server";
import { answerInvitation } from "../../../app/services/invitations/commands/answer.server";
import { readStanding } from "../../../app/services/kernel/standing.server";
import { loadContextFor } from "../load-context";
import type { TestDatabase } from "../test-db";
import { setEligibleList } from "./eligible-lists";
import { ORIGIN } from "./requests";
import { summitWithOrganizer, unique } from "./summits";

export { get, ORIGIN, post, respond, thrownBy } from "./requests";

export const config = parseConfig({});
export const sessionSettings = { secure: false, idleHours: 24, absoluteDays: 7 };

/** Someone on an eligible list, at an address of their own (example.net: no account yet). */
export interface Person {
  email: string;
  name: string;
  reasons: string[];
}

export function person(name: string, reasons: string[] = ["#1 by commits, 2017-01-01..2017-10-31: 412 commits"]) {
  return { email: `${unique(name.toLowerCase().replace(/\s+/g, "."))}@example.net`, name, reasons } satisfies Person;
}

export interface InvitationSummit {
  admin: SessionUser;
  organizer: SessionUser;
  summit: Summit;
  slug: string;
  summitId: string;
}

export interface InvitationSummitOptions {
  /** Summit details that differ from the factory's (title, venue, sign-off…). */
  details?: Record<string, unknown>;
  capacity?: number | null;
  isOpen?: boolean;
  needsItem?: boolean;
  /** Its eligible list, for tests whose `getEligibility` answers from eligible-lists.ts. */
  people?: Person[];
}

/** A summit an administrator created with one organizer named, its seats and openness as asked. */
export async function invitationSummit(
  db: Kysely<Database>,
  options: InvitationSummitOptions = {},
): Promise<InvitationSummit> {
  const { admin, organizer, summit: created } = await summitWithOrganizer(db, undefined, options.details);
  const settings = {
    capacity: options.capacity ?? null,
    is_open: options.isOpen ?? false,
    seat_request_needs_item: options.needsItem ?? false,
  };
  await db.updateTable("summit").set(settings).where("id", "=", created.id).execute();
  const summit = { ...created, ...settings };
  setEligibleList(summit.id, options.people ?? []);
  return { admin, organizer, summit, slug: summit.slug, summitId: summit.id };
}

export function contextFor(t: TestDatabase, user: SessionUser | null): AppLoadContext {
  return loadContextFor(t.db, t.kind, user, { config });
}

/** Answers an invitation by its link's token, as the invitee's click does, at `now`. */
export function answerWith(db: Kysely<Database>, token: string, answer: "accept" | "decline", now = new Date()) {
  return answerInvitation(db, { token, answer, sessionSettings, config, now });
}

export async function mailsTo(db: Kysely<Database>, recipient: string) {
  return db.selectFrom("outbox").selectAll().where("recipient", "=", recipient).orderBy("created_at").execute();
}

/** The token of the newest invitation link mailed to the address. */
export async function latestToken(db: Kysely<Database>, recipient: string): Promise<string> {
  const mails = await mailsTo(db, recipient);
  const body = mails.at(-1)?.body ?? "";
  const match = body.match(new RegExp(`${ORIGIN}/invitations/([a-z2-7]+)`));
  if (!match?.[1]) throw new Error(`no invitation link mailed to ${recipient}`);
  return match[1];
}

export async function invitationOf(db: Kysely<Database>, summitId: string, email: string) {
  return db
    .selectFrom("invitation")
    .selectAll()
    .where("summit_id", "=", summitId)
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
}

export type CountedTable = "invitation" | "outbox" | "audit_log" | "session" | "app_user" | "seat_request";

/** How many rows each table holds: what a refused action must leave as it was. */
export async function rowCounts<T extends CountedTable>(
  db: Kysely<Database>,
  tables: readonly T[],
): Promise<Record<T, number>> {
  const counts = {} as Record<T, number>;
  for (const table of tables) {
    const name: CountedTable = table;
    const row = await db
      .selectFrom(name)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Whether the user is an attendee of the summit, as their standing says (the one definition). */
export async function isAttendee(db: Kysely<Database>, args: { summitId: string; userId: string }): Promise<boolean> {
  const summit = await db.selectFrom("summit").select("slug").where("id", "=", args.summitId).executeTakeFirstOrThrow();
  return (await readStanding(db, { slug: summit.slug, userId: args.userId })).isAttendee;
}
