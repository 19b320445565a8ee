import { sql, type Kysely } from "kysely";
import type { Database, OutboxMessage, OutboxStatus } from "../schema";

/**
 * The outbox's state changes. A worker claims rows (pending → sending, with a
 * lease and attempts + 1) in one committed statement, delivers outside any
 * transaction, then records the attempt's result. Every result but success is
 * fenced by the attempt number it was claimed with, so a worker whose lease was
 * reclaimed cannot overwrite what a later attempt recorded.
 */

export interface ClaimArgs {
  now: Date;
  leaseMs: number;
  limit: number;
}

/**
 * Claims up to `limit` due messages. Rows locked by another worker's claim are
 * skipped, so two workers never hold the same message. The due rows are chosen
 * in a materialized CTE, which runs once: written as `id in (select … limit n
 * for update skip locked)`, a plan that runs the sub-select once per outbox row
 * skips the rows it has just claimed and takes the next each time, marking every
 * due message `sending` while returning only `limit` of them.
 */
export async function claimDueMessages(db: Kysely<Database>, args: ClaimArgs): Promise<OutboxMessage[]> {
  return db
    .with(
      (cte) => cte("due").materialized(),
      (qb) =>
        qb
          .selectFrom("outbox")
          .select("id")
          .where("status", "=", "pending")
          .where("next_attempt_at", "<=", args.now)
          .orderBy("next_attempt_at")
          .orderBy("id")
          .limit(args.limit)
          .forUpdate()
          .skipLocked(),
    )
    .updateTable("outbox")
    .set({
      status: "sending",
      lease_until: new Date(args.now.getTime() + args.leaseMs),
      attempts: sql<number>`attempts + 1`,
    })
    .where("id", "in", (eb) => eb.selectFrom("due").select("due.id"))
    .returningAll()
    .execute()
    .then((rows) => rows.sort(byDueThenId));
}

function byDueThenId(a: OutboxMessage, b: OutboxMessage): number {
  return a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Rows left in `sending` past their lease belong to a worker that died
 * mid-send; the server may or may not have the message. Minutes are held for a
 * person to confirm (never two copies to the list); other mail is queued again
 * with the same Message-ID (at most two copies, which a reader's client folds).
 */
export async function reclaimExpiredLeases(db: Kysely<Database>, args: { now: Date }): Promise<OutboxMessage[]> {
  return db
    .updateTable("outbox")
    .set({
      status: sql<OutboxStatus>`case when kind = 'minutes' then 'needs_confirmation' else 'pending' end`,
      next_attempt_at: args.now,
      lease_until: null,
      last_error: sql<string>`'The delivering worker stopped before recording the result (lease expired at ' || to_char(lease_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')'`,
    })
    .where("status", "=", "sending")
    .where("lease_until", "<", args.now)
    .returningAll()
    .execute();
}

/**
 * Records a delivery the server accepted. Success is a fact whatever happened
 * to the lease meanwhile, so it is recorded unless the row is already final.
 */
export async function markSent(
  db: Kysely<Database>,
  args: { id: string; now: Date; smtpResponse: string },
): Promise<boolean> {
  const result = await db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: args.now, smtp_response: args.smtpResponse, lease_until: null })
    .where("id", "=", args.id)
    .where("status", "in", ["sending", "pending", "needs_confirmation"])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A failed attempt's result, for the row as that attempt claimed it. */
interface FencedDeliveryResult {
  id: string;
  /** The attempts value the row was claimed with. */
  attempts: number;
  error: string;
}

/** A transient failure: back to pending, to be tried again at `nextAttemptAt`. */
export async function markRetry(
  db: Kysely<Database>,
  args: FencedDeliveryResult & { nextAttemptAt: Date },
): Promise<boolean> {
  return fencedUpdate(db, args, { status: "pending", next_attempt_at: args.nextAttemptAt, last_error: args.error });
}

/** A permanent failure, or a transient one past the give-up time: never tried again by itself. */
export async function markDead(db: Kysely<Database>, args: FencedDeliveryResult): Promise<boolean> {
  return fencedUpdate(db, args, { status: "dead", last_error: args.error });
}

/** The server may have the message: a person decides (confirm or resend). */
export async function markNeedsConfirmation(db: Kysely<Database>, args: FencedDeliveryResult): Promise<boolean> {
  return fencedUpdate(db, args, { status: "needs_confirmation", last_error: args.error });
}

async function fencedUpdate(
  db: Kysely<Database>,
  args: { id: string; attempts: number },
  values: { status: OutboxStatus; last_error: string; next_attempt_at?: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("outbox")
    .set({ ...values, lease_until: null })
    .where("id", "=", args.id)
    .where("status", "=", "sending")
    .where("attempts", "=", args.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ["pending", "sending", "sent", "needs_confirmation", "dead"];

/** Outbox rows, newest first, optionally of one status. */
export async function listOutboxMessages(
  db: Kysely<Database>,
  args: { status?: OutboxStatus; limit?: number } = {},
): Promise<OutboxMessage[]> {
  let query = db
    .selectFrom("outbox")
    .selectAll()
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(args.limit ?? 100);
  if (args.status) query = query.where("status", "=", args.status);
  return query.execute();
}

export async function getOutboxMessage(db: Kysely<Database>, id: string): Promise<OutboxMessage | null> {
  return (await db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

/** How many rows are in each status (every status present, zero when none). */
export async function countOutboxByStatus(db: Kysely<Database>): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom("outbox")
    .select(["status", sql<number>`count(*)::int`.as("count")])
    .groupBy("status")
    .execute();
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** What a person's confirm or requeue came to: the message as changed, or why it was not. */
export type ManualActionResult =
  | { ok: true; message: OutboxMessage }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "wrong_status"; status: OutboxStatus };

/**
 * A person checked that a message held for confirmation did arrive: record it
 * as sent, so it is never sent again.
 */
export async function confirmMessageSent(
  db: Kysely<Database>,
  args: { id: string; now: Date },
): Promise<ManualActionResult> {
  const updated = await db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: args.now, lease_until: null })
    .where("id", "=", args.id)
    .where("status", "=", "needs_confirmation")
    .returningAll()
    .executeTakeFirst();
  return updated ? { ok: true, message: updated } : explainRefusal(db, args.id);
}

/**
 * Queues a message held for confirmation, or given up, for delivery again. The
 * Message-ID stays the same, so a reader who already has it sees one message.
 */
export async function requeueMessage(
  db: Kysely<Database>,
  args: { id: string; now: Date; giveUpAfterMs?: number },
): Promise<ManualActionResult> {
  const updated = await db
    .updateTable("outbox")
    .set({
      status: "pending",
      next_attempt_at: args.now,
      give_up_at: new Date(args.now.getTime() + (args.giveUpAfterMs ?? 24 * 3_600_000)),
      lease_until: null,
    })
    .where("id", "=", args.id)
    .where("status", "in", ["needs_confirmation", "dead"])
    .returningAll()
    .executeTakeFirst();
  return updated ? { ok: true, message: updated } : explainRefusal(db, args.id);
}

async function explainRefusal(db: Kysely<Database>, id: string): Promise<ManualActionResult> {
  const row = await db.selectFrom("outbox").select("status").where("id", "=", id).executeTakeFirst();
  return row ? { ok: false, reason: "wrong_status", status: row.status } : { ok: false, reason: "not_found" };
}
