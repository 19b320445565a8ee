import { isDeepStrictEqual } from "node:util";
import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import { getSummitPhase } from "~db/queries/contributor-source";
import {
  closePollRow,
  getItemPoll,
  getPollStanding,
  insertPoll,
  insertSecretAnswer,
  listCountedAnswers,
  listOpenPollIds,
  lockPoll,
  lockPollRollEntry,
  markAnswered,
  replaceNamedAnswer,
  saveTentativeDecision,
  sharePoll,
  type DecisionPollRow,
  type PolledItem,
  type TentativeDecision,
} from "~db/queries/decision-poll";
import type { Database, Summit } from "~db/schema";
import {
  pollAnswerProblems,
  suggestedDecision,
  whyNotPolled,
  tallyPoll,
  type PollAnswer,
  type PollAnswerInput,
  type PollTally,
} from "~/domain/voting/decision-poll";
import { phaseAllows, phaseRefusal } from "~/domain/summit/phase-policy";
import { isParticipant, type Standing } from "~/domain/summit/standing";
import { inTransaction, refuse, resultOf, type Result } from "../kernel/result.server";
import { lockSummitOrRefuse } from "../kernel/summit-lock.server";
import { SMALL_SECRET_VOTE } from "./pages.server";

/**
 * Decision polls: organizers put an accepted decision or consensus item's
 * proposal to the summit's attendees (who form the poll's roll when it
 * opens), attendees answer until it closes, and organizers record its result
 * as the item's tentative decision for the meeting and the minutes. Named
 * answers are replaced whole, the old kept as history; a secret answer, which
 * nothing links to its giver, is given once.
 */

const NO_POLL = "No poll has been opened on this item.";

function closedMessage(poll: DecisionPollRow): string {
  const at = poll.closed_at ? ` at ${poll.closed_at.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
  return `This poll is closed${at}, and takes no more answers.`;
}

async function itemPollOrRefuse(db: Kysely<Database>, args: { summitId: string; number: number }) {
  const found = await getItemPoll(db, args);
  if (!found) refuse(404, `There is no item ${args.number} at this summit.`);
  return found;
}

export async function openPoll(
  db: Kysely<Database>,
  args: { summitId: string; number: number; actorId: string; proposal: string; secret: boolean; now: Date },
): Promise<Result<{ roll: number }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    if (!phaseAllows(summit.phase, "poll")) refuse(409, phaseRefusal("poll", summit.phase, summit.title));
    const { item, poll } = await itemPollOrRefuse(trx, args);
    const why = whyNotPolled(item);
    if (why) refuse(409, why);
    if (poll)
      refuse(409, poll.closed_at ? "This item's poll has been held and closed." : "This item's poll is open already.");
    const opened = await insertPoll(trx, {
      summitId: summit.id,
      itemId: item.id,
      proposal: args.proposal,
      secret: args.secret,
      openedBy: args.actorId,
      now: args.now,
    });
    if (opened.roll === 0) refuse(409, "Nobody attends this summit yet, so there is nobody to answer a poll.");
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "poll.opened",
      objectType: "agenda_item",
      objectId: item.id,
      detail: { number: item.number, title: item.title, roll: opened.roll, secret: args.secret },
    });
    return { roll: opened.roll };
  });
}

/**
 * Gives or replaces an attendee's answer. Under the poll's shared lock (a
 * close waits for it) and the person's roll entry's lock (their other
 * answers wait), so two answers of one person leave exactly one current.
 */
export async function answerPoll(
  db: Kysely<Database>,
  args: { summitId: string; number: number; voterId: string; input: PollAnswerInput; now: Date },
): Promise<Result<{ replaced: boolean; secret: boolean }>> {
  return inTransaction(db, async (trx) => {
    const { poll: found } = await itemPollOrRefuse(trx, args);
    if (!found) refuse(409, NO_POLL);
    const poll = await sharePoll(trx, found.id);
    if (!poll) refuse(409, NO_POLL);
    if (poll.closed_at) refuse(409, closedMessage(poll));
    const summit = await getSummitPhase(trx, args.summitId);
    if (!summit) refuse(404, "There is no such summit.");
    if (!phaseAllows(summit.phase, "poll")) refuse(409, phaseRefusal("poll", summit.phase, summit.title));
    const entry = await lockPollRollEntry(trx, { pollId: poll.id, userId: args.voterId });
    if (!entry)
      refuse(403, "Only the attendees on the roll when the poll opened may answer it, and you are not on it.");
    const problems = pollAnswerProblems(args.input);
    if (problems.length > 0) refuse(422, problems.join(" "));
    const reason = args.input.reason.trim() === "" ? null : args.input.reason.trim();
    if (poll.secret) {
      if (entry.hasAnswered) {
        refuse(409, "Your secret answer is given already: nothing links it to you, so it cannot be changed.");
      }
      await insertSecretAnswer(trx, { pollId: poll.id, answer: args.input.answer, reason });
      await markAnswered(trx, { pollId: poll.id, userId: args.voterId });
      return { replaced: false, secret: true };
    }
    const { replaced } = await replaceNamedAnswer(trx, {
      pollId: poll.id,
      voterId: args.voterId,
      answer: args.input.answer,
      reason,
      now: args.now,
    });
    if (!entry.hasAnswered) await markAnswered(trx, { pollId: poll.id, userId: args.voterId });
    await recordAudit(trx, {
      actorId: args.voterId,
      summitId: args.summitId,
      action: "poll.answered",
      objectType: "agenda_item",
      objectId: poll.item_id,
      detail: { number: args.number, replaced },
    });
    return { replaced, secret: false };
  });
}

async function countNow(db: Kysely<Database>, poll: DecisionPollRow): Promise<PollTally> {
  return tallyPoll(await listCountedAnswers(db, { pollId: poll.id, secret: poll.secret }));
}

/** Closes a poll and freezes its count, inside the caller's transaction; a closed poll gives its frozen count. */
async function closePollWithin(
  trx: Kysely<Database>,
  args: { pollId: string; summitId: string; actorId: string; now: Date },
): Promise<PollTally> {
  const poll = await lockPoll(trx, args.pollId);
  if (!poll) refuse(409, NO_POLL);
  if (poll.closed_at) return poll.result as PollTally;
  const tally = await countNow(trx, poll);
  await closePollRow(trx, { pollId: poll.id, now: args.now, result: tally });
  const { roll, answered } = await getPollStanding(trx, { pollId: poll.id, userId: args.actorId });
  await recordAudit(trx, {
    actorId: args.actorId,
    summitId: args.summitId,
    action: "poll.closed",
    objectType: "agenda_item",
    objectId: poll.item_id,
    detail: { answered, roll, verdict: tally.verdict },
  });
  return tally;
}

/** Closes the item's poll; closing it again answers with the same frozen count. */
export async function closePoll(
  db: Kysely<Database>,
  args: { summitId: string; number: number; actorId: string; now: Date },
): Promise<Result<PollTally>> {
  return inTransaction(db, async (trx) => {
    await lockSummitOrRefuse(trx, args.summitId);
    const { poll } = await itemPollOrRefuse(trx, args);
    if (!poll) refuse(409, NO_POLL);
    return closePollWithin(trx, { pollId: poll.id, summitId: args.summitId, actorId: args.actorId, now: args.now });
  });
}

/** A summit moved out of the phases that hold polls closes those still open, in the move's transaction. */
export async function closeOpenPollsWithin(
  trx: Kysely<Database>,
  args: { summitId: string; actorId: string; now: Date },
): Promise<number> {
  const ids = await listOpenPollIds(trx, args.summitId);
  for (const pollId of ids) await closePollWithin(trx, { ...args, pollId });
  return ids.length;
}

/**
 * Records a closed poll's result as the item's tentative decision, in the
 * organizers' words (the page suggests them); recording again replaces it.
 */
export async function recordTentativeDecision(
  db: Kysely<Database>,
  args: { summitId: string; number: number; actorId: string; text: string; now: Date },
): Promise<Result<{ replaced: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    if (!phaseAllows(summit.phase, "poll") && !phaseAllows(summit.phase, "takeMinutes")) {
      refuse(409, phaseRefusal("poll", summit.phase, summit.title));
    }
    const { item, poll } = await itemPollOrRefuse(trx, args);
    if (!poll) refuse(409, NO_POLL);
    if (!poll.closed_at) refuse(409, "The poll is still open: close it before recording its result as the decision.");
    const { replaced } = await saveTentativeDecision(trx, {
      itemId: item.id,
      pollId: poll.id,
      text: args.text,
      recordedBy: args.actorId,
      now: args.now,
    });
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "poll.decision_recorded",
      objectType: "agenda_item",
      objectId: item.id,
      detail: { number: item.number, replaced },
    });
    return { replaced };
  });
}

export type PollState = "not-open" | "open" | "closed";

export interface PollPage {
  summit: { slug: string; title: string };
  item: Omit<PolledItem, "id">;
  /** Why this item cannot be polled (kind or status), or null. */
  notPolled: string | null;
  /** Whether the summit's phase holds polls now. */
  pollPhase: boolean;
  state: PollState;
  poll: { proposal: string; secret: boolean; openedAt: string; closedAt: string | null } | null;
  turnout: { answered: number; roll: number };
  you: { onRoll: boolean; answered: boolean; answer: PollAnswer | null; reason: string | null };
  isOrganizer: boolean;
  /** After the close for everyone; before it, for organizers only. Counts are left out of a small secret poll. */
  result: (Omit<PollTally, "counts"> & { counts: PollTally["counts"] | null; final: boolean }) | null;
  /** Open-ballot polls after the close: who answered what. */
  answersByName: Array<{ name: string; answer: PollAnswer }> | null;
  decision: (Omit<TentativeDecision, "recordedAt"> & { recordedAt: string }) | null;
  /** Organizers, once the poll is closed: the decision its result suggests. */
  suggestion: string | null;
}

/** One item's poll for the summit's people: where it stands, their answer, and its result once closed. */
export async function getPollPage(
  db: Kysely<Database>,
  args: { summit: Summit; standing: Standing; number: number },
): Promise<Result<PollPage>> {
  return resultOf(async () => {
    const { summit, standing } = args;
    if (!isParticipant(standing)) refuse(403, "Only the people of this summit see its polls.");
    const { item, poll, decision } = await itemPollOrRefuse(db, { summitId: summit.id, number: args.number });
    const state: PollState = !poll ? "not-open" : poll.closed_at ? "closed" : "open";
    const standingInPoll = poll
      ? await getPollStanding(db, { pollId: poll.id, userId: standing.userId })
      : { roll: 0, answered: 0, you: { onRoll: false, answered: false, answer: null, reason: null } };
    let tally: PollTally | null = null;
    let answersByName: PollPage["answersByName"] = null;
    if (poll && state === "closed") {
      tally = poll.result as PollTally;
    } else if (poll && standing.isOrganizer) {
      tally = await countNow(db, poll);
    }
    if (poll && state === "closed" && !poll.secret) {
      const answers = await listCountedAnswers(db, { pollId: poll.id, secret: false });
      answersByName = answers.map((a) => ({ name: a.name ?? "", answer: a.answer }));
    }
    // A secret poll's counts are left out of the page's data below the threshold, not only hidden.
    const countsShown = !(poll?.secret && tally && tally.answers < SMALL_SECRET_VOTE);
    const { number, title, outcomeKind, status, desiredOutcome, leadName } = item;
    return {
      summit: { slug: summit.slug, title: summit.title },
      item: { number, title, outcomeKind, status, desiredOutcome, leadName },
      notPolled: whyNotPolled(item),
      pollPhase: phaseAllows(summit.phase, "poll"),
      state,
      poll: poll
        ? {
            proposal: poll.proposal,
            secret: poll.secret,
            openedAt: poll.opened_at.toISOString(),
            closedAt: poll.closed_at?.toISOString() ?? null,
          }
        : null,
      turnout: { answered: standingInPoll.answered, roll: standingInPoll.roll },
      // A secret answer is never shown back: nothing links it to its giver.
      you: poll?.secret ? { ...standingInPoll.you, answer: null, reason: null } : standingInPoll.you,
      isOrganizer: standing.isOrganizer,
      result: tally ? { ...tally, counts: countsShown ? tally.counts : null, final: state === "closed" } : null,
      answersByName,
      decision: decision ? { ...decision, recordedAt: decision.recordedAt.toISOString() } : null,
      suggestion:
        poll && tally && state === "closed" && standing.isOrganizer ? suggestedDecision(poll.proposal, tally) : null,
    };
  });
}

/** The integrity check: the answers counted again, against the frozen count and the roll. */
export async function recountPoll(
  db: Kysely<Database>,
  args: { summitId: string; number: number },
): Promise<{ frozen: PollTally | null; recounted: PollTally; answered: number; holds: boolean } | null> {
  const found = await getItemPoll(db, args);
  if (!found?.poll) return null;
  const recounted = await countNow(db, found.poll);
  const { answered } = await getPollStanding(db, { pollId: found.poll.id, userId: null });
  const frozen = (found.poll.result as PollTally | null) ?? null;
  const holds = recounted.answers === answered && (frozen === null || isDeepStrictEqual(frozen, recounted));
  return { frozen, recounted, answered, holds };
}
