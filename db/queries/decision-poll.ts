import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { NOBODY } from "./voting";
import type { AgendaItemOutcomeKind, AgendaItemStatus, Database, DecisionPollTable, PollAnswerName } from "../schema";

/**
 * Decision polls: the poll on an item, its roll frozen when it opens, the
 * answers (named ones replaced by a new row, the old kept as history; secret
 * ones with no person at all) and the tentative decision recorded from it.
 */

export type DecisionPollRow = Selectable<DecisionPollTable>;

export interface PolledItem {
  id: string;
  number: number;
  title: string;
  outcomeKind: AgendaItemOutcomeKind;
  status: AgendaItemStatus;
  desiredOutcome: string;
  leadName: string;
}

export interface TentativeDecision {
  text: string;
  recordedAt: Date;
  recordedBy: string;
}

/**
 * An item with its poll and its tentative decision, in one read; null when
 * the summit has no item of that number.
 */
export async function getItemPoll(
  db: Kysely<Database>,
  args: { summitId: string; number: number },
): Promise<{ item: PolledItem; poll: DecisionPollRow | null; decision: TentativeDecision | null } | null> {
  const row = await db
    .selectFrom("agenda_item as i")
    .innerJoin("app_user as lead", "lead.id", "i.lead_id")
    .leftJoin("decision_poll as p", "p.item_id", "i.id")
    .leftJoin("tentative_decision as d", "d.item_id", "i.id")
    .leftJoin("app_user as recorder", "recorder.id", "d.recorded_by")
    .select([
      "i.id as itemId",
      "i.number",
      "i.title",
      "i.outcome_kind as outcomeKind",
      "i.status",
      "i.desired_outcome as desiredOutcome",
      "lead.display_name as leadName",
      "p.id as pollId",
      "p.summit_id as pollSummitId",
      "p.proposal",
      "p.secret",
      "p.opened_at as openedAt",
      "p.opened_by as openedBy",
      "p.closed_at as closedAt",
      "p.result",
      "d.text as decisionText",
      "d.recorded_at as decisionAt",
      "recorder.display_name as decisionBy",
    ])
    .where("i.summit_id", "=", args.summitId)
    .where("i.number", "=", args.number)
    .executeTakeFirst();
  if (!row) return null;
  const item: PolledItem = {
    id: row.itemId,
    number: Number(row.number),
    title: row.title,
    outcomeKind: row.outcomeKind,
    status: row.status,
    desiredOutcome: row.desiredOutcome,
    leadName: row.leadName,
  };
  const poll: DecisionPollRow | null =
    row.pollId === null
      ? null
      : {
          id: row.pollId,
          summit_id: row.pollSummitId ?? args.summitId,
          item_id: row.itemId,
          proposal: row.proposal ?? "",
          secret: row.secret ?? false,
          opened_at: row.openedAt ?? new Date(0),
          opened_by: row.openedBy,
          closed_at: row.closedAt,
          result: row.result,
        };
  const decision =
    row.decisionText === null
      ? null
      : { text: row.decisionText, recordedAt: row.decisionAt ?? new Date(0), recordedBy: row.decisionBy ?? "" };
  return { item, poll, decision };
}

/** The poll, locked for closing: every answer in flight finishes first. */
export async function lockPoll(db: Kysely<Database>, pollId: string): Promise<DecisionPollRow | null> {
  return (
    (await db.selectFrom("decision_poll").selectAll().where("id", "=", pollId).forUpdate().executeTakeFirst()) ?? null
  );
}

/** The poll, held shared against a close until the transaction ends; answers of others go on. */
export async function sharePoll(db: Kysely<Database>, pollId: string): Promise<DecisionPollRow | null> {
  return (
    (await db.selectFrom("decision_poll").selectAll().where("id", "=", pollId).forShare().executeTakeFirst()) ?? null
  );
}

/** Opens a poll on an item and freezes its roll: the summit's attendees with an account. Returns the roll's size. */
export async function insertPoll(
  db: Kysely<Database>,
  args: { summitId: string; itemId: string; proposal: string; secret: boolean; openedBy: string; now: Date },
): Promise<{ pollId: string; roll: number }> {
  const pollId = randomUUID();
  await db
    .insertInto("decision_poll")
    .values({
      id: pollId,
      summit_id: args.summitId,
      item_id: args.itemId,
      proposal: args.proposal,
      secret: args.secret,
      opened_at: args.now,
      opened_by: args.openedBy,
    })
    .execute();
  const roll = await db
    .insertInto("poll_roll")
    .columns(["poll_id", "user_id"])
    .expression((eb) =>
      eb
        .selectFrom("invitation")
        .select((s) => [s.val(pollId).as("poll_id"), "user_id"])
        .where("summit_id", "=", args.summitId)
        .where("status", "=", "accepted")
        .where("user_id", "is not", null),
    )
    .executeTakeFirst();
  return { pollId, roll: Number(roll.numInsertedOrUpdatedRows ?? 0) };
}

/** The person's roll entry, held until the transaction ends so one person's answers run one after the other. */
export async function lockPollRollEntry(
  db: Kysely<Database>,
  args: { pollId: string; userId: string },
): Promise<{ hasAnswered: boolean } | null> {
  const row = await db
    .selectFrom("poll_roll")
    .select("has_answered")
    .where("poll_id", "=", args.pollId)
    .where("user_id", "=", args.userId)
    .forUpdate()
    .executeTakeFirst();
  return row ? { hasAnswered: row.has_answered } : null;
}

export async function markAnswered(db: Kysely<Database>, args: { pollId: string; userId: string }) {
  await db
    .updateTable("poll_roll")
    .set({ has_answered: true })
    .where("poll_id", "=", args.pollId)
    .where("user_id", "=", args.userId)
    .execute();
}

/** Replaces the person's current named answer with a new one; the old one stays, no longer current. */
export async function replaceNamedAnswer(
  db: Kysely<Database>,
  args: { pollId: string; voterId: string; answer: PollAnswerName; reason: string | null; now: Date },
): Promise<{ replaced: boolean }> {
  const retired = await db
    .updateTable("poll_answer")
    .set({ is_current: false })
    .where("poll_id", "=", args.pollId)
    .where("voter_id", "=", args.voterId)
    .where("is_current", "=", true)
    .executeTakeFirst();
  await db
    .insertInto("poll_answer")
    .values({
      id: randomUUID(),
      poll_id: args.pollId,
      voter_id: args.voterId,
      is_current: true,
      answered_at: args.now,
      answer: args.answer,
      reason: args.reason,
    })
    .execute();
  return { replaced: Number(retired.numUpdatedRows) > 0 };
}

/** A secret answer: a random id, the answer and its reason, nothing that names the person or the time. */
export async function insertSecretAnswer(
  db: Kysely<Database>,
  args: { pollId: string; answer: PollAnswerName; reason: string | null },
) {
  await db
    .insertInto("secret_poll_answer")
    .values({ id: randomUUID(), poll_id: args.pollId, answer: args.answer, reason: args.reason })
    .execute();
}

/** Every counted answer: current named ones with the person's name, or the secret ones with none. */
export async function listCountedAnswers(
  db: Kysely<Database>,
  args: { pollId: string; secret: boolean },
): Promise<Array<{ answer: PollAnswerName; reason: string | null; name: string | null }>> {
  if (args.secret) {
    const rows = await db
      .selectFrom("secret_poll_answer")
      .select(["answer", "reason"])
      .where("poll_id", "=", args.pollId)
      .orderBy("id")
      .execute();
    return rows.map((r) => ({ ...r, name: null }));
  }
  return db
    .selectFrom("poll_answer")
    .innerJoin("app_user", "app_user.id", "poll_answer.voter_id")
    .select(["poll_answer.answer", "poll_answer.reason", "app_user.display_name as name"])
    .where("poll_answer.poll_id", "=", args.pollId)
    .where("poll_answer.is_current", "=", true)
    .orderBy("app_user.display_name")
    .execute();
}

/**
 * "X of N answered", and the viewer's part, in one read: on the roll or not,
 * answered, and (named polls) their current answer.
 */
export async function getPollStanding(
  db: Kysely<Database>,
  args: { pollId: string; userId: string | null },
): Promise<{
  roll: number;
  answered: number;
  you: { onRoll: boolean; answered: boolean; answer: PollAnswerName | null; reason: string | null };
}> {
  const userId = args.userId ?? NOBODY;
  const row = await db
    .selectFrom("poll_roll")
    .leftJoin("poll_answer", (join) =>
      join
        .onRef("poll_answer.poll_id", "=", "poll_roll.poll_id")
        .onRef("poll_answer.voter_id", "=", "poll_roll.user_id")
        .on("poll_answer.is_current", "=", true)
        .on("poll_roll.user_id", "=", userId),
    )
    .select((eb) => [
      eb.fn.countAll<string>().as("roll"),
      eb.fn.count<string>("poll_roll.user_id").filterWhere("poll_roll.has_answered", "=", true).as("answered"),
      eb.fn.count<string>("poll_roll.user_id").filterWhere("poll_roll.user_id", "=", userId).as("onRoll"),
      eb.fn
        .count<string>("poll_roll.user_id")
        .filterWhere((w) => w.and([w("poll_roll.user_id", "=", userId), w("poll_roll.has_answered", "=", true)]))
        .as("youAnswered"),
      eb.fn.max("poll_answer.answer").as("answer"),
      eb.fn.max("poll_answer.reason").as("reason"),
    ])
    .where("poll_roll.poll_id", "=", args.pollId)
    .executeTakeFirstOrThrow();
  return {
    roll: Number(row.roll),
    answered: Number(row.answered),
    you: {
      onRoll: Number(row.onRoll) > 0,
      answered: Number(row.youAnswered) > 0,
      answer: (row.answer as PollAnswerName | null) ?? null,
      reason: (row.reason as string | null) ?? null,
    },
  };
}

export async function closePollRow(db: Kysely<Database>, args: { pollId: string; now: Date; result: unknown }) {
  await db
    .updateTable("decision_poll")
    .set({ closed_at: args.now, result: JSON.stringify(args.result) })
    .where("id", "=", args.pollId)
    .execute();
}

/** The summit's polls still open, oldest first: a move out of the polling phases closes them. */
export async function listOpenPollIds(db: Kysely<Database>, summitId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("decision_poll")
    .select("id")
    .where("summit_id", "=", summitId)
    .where("closed_at", "is", null)
    .orderBy("opened_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Records (or replaces) an item's tentative decision. */
export async function saveTentativeDecision(
  db: Kysely<Database>,
  args: { itemId: string; pollId: string; text: string; recordedBy: string; now: Date },
): Promise<{ replaced: boolean }> {
  const before = await db
    .selectFrom("tentative_decision")
    .select("item_id")
    .where("item_id", "=", args.itemId)
    .executeTakeFirst();
  const values = { poll_id: args.pollId, text: args.text, recorded_by: args.recordedBy, recorded_at: args.now };
  await db
    .insertInto("tentative_decision")
    .values({ item_id: args.itemId, ...values })
    .onConflict((oc) => oc.column("item_id").doUpdateSet(values))
    .execute();
  return { replaced: before !== undefined };
}
