// What the agenda item tests build again and again: a proposal as the form
// posts it, items proposed, triaged and co-sponsored through the services,
// another attendee, and the rows and counts the tests read back.
import type { AppLoadContext } from "@remix-run/node";
import type { Kysely, KyselyPlugin } from "kysely";
import type { Database } from "../../../db/schema";
import { startSession, type SessionUser } from "../../../app/auth/session.server";
import type { Phase } from "../../../app/domain/summit/phases";
import { proposeItem, setCosponsorship, triageItem } from "../../../app/services/agenda/commands.server";
import type { Result } from "../../../app/services/kernel/result.server";
import { createRequestViewer, summitSlugOfPath } from "../../../app/services/kernel/viewer.server";
import { loadContextFor } from "../load-context";
import { buildFixture, type Fixture } from "../route-harness";
import type { TestDatabase } from "../test-db";

/** Where links in the proposer's mail point, and whom it comes from. */
export const MAIL_CONFIG = { APP_ORIGIN: "https://summit.example.org", MAIL_FROM: "summit@example.org" };

/** The value of a use case that must succeed; its refusal, with its status and fields, otherwise. */
export function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused ${result.status}: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.value;
}

/** A proposal as the form posts it: an item that passes every outcome rule. */
export function proposalForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "submit",
    title: "-next trees during the freeze",
    outcomeKind: "decision",
    desiredOutcome: "Decide whether maintainers keep their own -next trees during the freeze.",
    background: "Some maintainers keep a -next tree during the freeze; others stop.",
    minutesNeeded: "30",
    leadId: "",
    links: "https://lists.gnu.org/archive/html/qemu-devel/2017-10/msg01.html",
    ...overrides,
  };
}

/** Proposes an item as `actor` through the service and returns its number. */
export async function proposeAs(
  db: Kysely<Database>,
  args: { summitId: string; actor: SessionUser; input: Record<string, string>; now: Date },
): Promise<number> {
  return must(
    await proposeItem(db, { summitId: args.summitId, actorId: args.actor.id, input: args.input, now: args.now }),
  ).number;
}

/** An organizer's decision through the service, which must be taken. */
export async function triageAs(
  db: Kysely<Database>,
  args: { summitId: string; organizer: SessionUser; input: Record<string, string>; now: Date },
): Promise<void> {
  must(
    await triageItem(db, {
      summitId: args.summitId,
      actorId: args.organizer.id,
      input: args.input,
      config: MAIL_CONFIG,
      now: args.now,
    }),
  );
}

/** `who` co-sponsors item `number` through the service. */
export async function cosponsorAs(
  db: Kysely<Database>,
  args: { summitId: string; who: SessionUser; number: number; now: Date },
): Promise<void> {
  must(
    await setCosponsorship(db, {
      summitId: args.summitId,
      number: args.number,
      actorId: args.who.id,
      input: { intent: "cosponsor" },
      now: args.now,
    }),
  );
}

let attendees = 0;

/** Another attendee of a summit (an accepted invitation), written directly as the fixture does. */
export async function addAttendee(
  db: Kysely<Database>,
  summitId: string,
  name: string,
  at = new Date("2026-11-26T09:00:00Z"),
): Promise<SessionUser> {
  const email = `${name.toLowerCase().replace(/\s+/g, ".")}.${++attendees}.${summitId.slice(0, 8)}@people.example.org`;
  const user = await db
    .insertInto("app_user")
    .values({ email, display_name: name, is_admin: false })
    .returning(["id", "email", "display_name", "is_admin"])
    .executeTakeFirstOrThrow();
  await db
    .insertInto("invitation")
    .values({
      summit_id: summitId,
      email,
      name,
      user_id: user.id,
      status: "accepted",
      reasons: JSON.stringify(["stable maintainer"]),
      token_hash: null,
      token_expires_at: null,
      invited_at: at,
      responded_at: at,
      sends: 1,
    })
    .execute();
  return { id: user.id, email: user.email, displayName: user.display_name, isAdmin: user.is_admin };
}

/**
 * The shared fixture, with the own summit's agenda emptied so that a test
 * counts only the items it proposes; the foreign summit keeps its items,
 * which must never show on the own summit's pages.
 */
export async function emptyAgendaFixture(db: Kysely<Database>): Promise<Fixture> {
  const f = await buildFixture(db);
  await db.deleteFrom("agenda_item").where("summit_id", "=", f.own.id).execute();
  return f;
}

export async function setPhase(db: Kysely<Database>, summitId: string, phase: Phase): Promise<void> {
  await db.updateTable("summit").set({ phase }).where("id", "=", summitId).execute();
}

/** An item's row as stored. */
export async function itemRow(db: Kysely<Database>, summitId: string, number: number) {
  return db
    .selectFrom("agenda_item")
    .selectAll()
    .where("summit_id", "=", summitId)
    .where("number", "=", number)
    .executeTakeFirstOrThrow();
}

/** How many audit entries a summit has. */
export async function auditCount(db: Kysely<Database>, summitId: string): Promise<number> {
  const row = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("summit_id", "=", summitId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A load context for `path` as the server makes it for `user`'s request, or
 * a visitor's when `user` is null (the viewer read once, with the path's
 * summit), over a handle that counts the
 * statements it runs (not the subqueries inside them): for the tests that
 * hold a page to the statements it needs.
 */
export async function countingContext(
  t: TestDatabase,
  user: SessionUser | null,
  path: string,
): Promise<{ context: AppLoadContext; count: () => number }> {
  const settings = loadContextFor(t.db, t.kind, null).sessionSettings;
  const cookie = user ? (await startSession(t.db, settings, user.id)).split(";")[0]! : null;
  let statements = 0;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => node,
    async transformResult({ result }) {
      statements++;
      return result;
    },
  };
  const db = t.db.withPlugin(plugin);
  const context: AppLoadContext = {
    ...loadContextFor(db, t.kind, null),
    viewer: createRequestViewer({
      db,
      settings,
      cookieHeader: cookie,
      pathSlug: summitSlugOfPath(path),
      setCookie: () => {},
    }),
  };
  return { context, count: () => statements };
}
