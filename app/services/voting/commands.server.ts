import { isDeepStrictEqual } from "node:util";
import type { Kysely } from "kysely";
import { isUniqueViolation } from "~db/errors";
import { recordAudit } from "~db/queries/audit";
import {
  closeVote,
  countTurnout,
  getVoteSetup,
  listBallotItems,
  listCountedChoices,
  changeRoll,
  listRollDifferences,
  listRollRecipients,
  listBallotPaper,
  lockVoteSetup,
  openVote,
  RANKED_OPEN_BALLOTS,
  saveVoteSetup,
  readBallotRules,
  castNamedBallotAudited,
  castSecretBallot,
  type VoteSetupRow,
} from "~db/queries/voting";
import type { Database, Summit } from "~db/schema";
import { phaseAllows, phaseRefusal, phasesAllowing } from "~/domain/summit/phase-policy";
import {
  checkBallot,
  methodProblems,
  VOTING_METHOD_LABELS,
  type BallotInput,
  type VotingMethod,
  type VotingMethodKind,
} from "~/domain/voting/ballot";
import { voteClosedMail, voteOpenedMail } from "~/domain/voting/vote-mail";
import { choicesOf, countVotes, type VoteResult } from "~/domain/voting/result";
import { enqueueMail, queueOptions, type MailConfig } from "../kernel/mail.server";
import { inTransaction, refuse, resultOf, type Result } from "../kernel/result.server";
import { lockSummitOrRefuse } from "../kernel/summit-lock.server";

/**
 * A summit's prioritisation vote: organizers set it up, open it (which
 * freezes the roll and the ballot paper) and close it (which freezes the
 * tally); attendees on the roll cast ballots in between. A ballot is replaced
 * whole in one transaction; a secret ballot, which nothing links to its
 * voter, is cast once. `actorId` is who acts: the organizer, or null for the
 * close a passed deadline makes.
 */

export function methodOf(setup: VoteSetupRow): VotingMethod {
  switch (setup.method) {
    case "approval":
      return { kind: "approval", maxApprovals: setup.max_approvals ?? 1 };
    case "dots":
      return { kind: "dots", budget: setup.budget ?? 1, maxPerItem: setup.max_per_item ?? 1 };
    case "ranked":
      return { kind: "ranked" };
  }
}

const NOT_OPEN = "Voting has not opened on this summit yet.";

function closedMessage(setup: VoteSetupRow): string {
  const at = setup.closed_at ?? setup.closes_at;
  const when = at ? ` at ${at.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
  return `Voting is closed: this summit's poll closed${when}, and takes no more ballots.`;
}

/** Whether the deadline has passed on a vote that is still open. */
export function isDue(setup: VoteSetupRow, now: Date): boolean {
  return setup.opened_at !== null && setup.closed_at === null && setup.closes_at !== null && setup.closes_at <= now;
}

/** The method, ballot secrecy and deadline; they are fixed once voting opens. */
export async function setUpVoting(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; method: VotingMethod; secret: boolean; closesAt: Date | null; now: Date },
): Promise<Result<VoteSetupRow>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    const current = await lockVoteSetup(trx, summit.id);
    if (current?.opened_at) refuse(409, "Voting has opened: its method and secrecy no longer change.");
    const problems = methodProblems(args.method);
    if (problems.length > 0) refuse(422, problems.join(" "));
    if (args.closesAt && args.closesAt <= args.now) refuse(422, "The close of voting must be in the future.");
    const { method } = args;
    const setup = await saveVoteSetup(trx, {
      summitId: summit.id,
      method: method.kind,
      maxApprovals: method.kind === "approval" ? method.maxApprovals : null,
      budget: method.kind === "dots" ? method.budget : null,
      maxPerItem: method.kind === "dots" ? method.maxPerItem : null,
      secret: args.secret,
      closesAt: args.closesAt,
    });
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "vote.set_up",
      objectType: "summit",
      objectId: summit.id,
      detail: { method: method.kind, secret: args.secret, closesAt: args.closesAt?.toISOString() ?? null },
    });
    return setup;
  });
}

/**
 * Opens voting on a summit in its voting phase: the attendees now form the
 * roll, and the accepted items the ballot paper. A summit with no set-up
 * votes by ranked, open ballots.
 */
export async function openVoting(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; config: MailConfig; now: Date },
): Promise<Result<{ roll: number; items: number }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    if (!phaseAllows(summit.phase, "vote")) refuse(409, phaseRefusal("vote", summit.phase, summit.title));
    const setup =
      (await lockVoteSetup(trx, summit.id)) ??
      (await saveVoteSetup(trx, { summitId: summit.id, ...RANKED_OPEN_BALLOTS }));
    if (setup.opened_at) refuse(409, "Voting on this summit is open already.");
    const frozen = await openVote(trx, { summitId: summit.id, now: args.now });
    if (frozen.items === 0) refuse(409, "There is nothing to vote on: no item of this summit is accepted.");
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "vote.opened",
      objectType: "summit",
      objectId: summit.id,
      detail: frozen,
    });
    const { title, sign_off: signOff } = summit;
    await mailTheRoll(trx, summit, "opened", args, (voterName) =>
      voteOpenedMail({
        summit: { title, signOff },
        voterName,
        methodLabel: VOTING_METHOD_LABELS[setup.method],
        secret: setup.secret,
        items: frozen.items,
        closesAt: setup.closes_at,
        link: voteLink(args.config, summit),
      }),
    );
    return frozen;
  });
}

/**
 * Brings the roll of an open vote up to the summit's attendees now, by an
 * organizer's explicit hand (the roll never follows the attendees by
 * itself): attendees who came since the open join it, and people who left
 * without voting come off it. Someone who left after voting stays on it, as
 * their ballot is counted. The audit entry names everyone it changed.
 */
export async function updateRoll(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; now: Date },
): Promise<Result<{ added: number; removed: number; kept: number }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    // Ballots in flight finish first; later ones see the new roll.
    const setup = await lockVoteSetup(trx, summit.id);
    if (!setup?.opened_at) refuse(409, "Voting has not opened: the roll is made when it opens.");
    if (setup.closed_at) refuse(409, closedMessage(setup));
    const { joined, leftUnvoted, leftVoted } = await listRollDifferences(trx, summit.id);
    if (joined.length === 0 && leftUnvoted.length === 0) {
      refuse(409, "The roll already matches the attendees: there is nobody to add or take off.");
    }
    await changeRoll(trx, {
      summitId: summit.id,
      add: joined.map((p) => p.userId),
      remove: leftUnvoted.map((p) => p.userId),
      now: args.now,
    });
    const names = (people: ReadonlyArray<{ name: string }>) => people.map((p) => p.name);
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "vote.roll_updated",
      objectType: "summit",
      objectId: summit.id,
      detail: { added: names(joined), removed: names(leftUnvoted), kept: names(leftVoted) },
    });
    return { added: joined.length, removed: leftUnvoted.length, kept: leftVoted.length };
  });
}

/**
 * Closes voting and freezes the tally. Closing a closed vote changes nothing
 * and answers with the same frozen result, however often it is asked.
 */
export async function closeVoting(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; config: MailConfig; now: Date },
): Promise<Result<VoteResult>> {
  return inTransaction(db, async (trx) => {
    const closed = await closeVotingWithin(trx, args);
    if (!closed) refuse(409, NOT_OPEN);
    return closed;
  });
}

/**
 * The close, inside the caller's transaction (moving the summit on from its
 * voting phase closes an open vote too): the frozen result, or null when
 * voting never opened.
 */
export async function closeVotingWithin(
  trx: Kysely<Database>,
  args: { summitId: string; actorId: string | null; config: MailConfig; now: Date },
): Promise<VoteResult | null> {
  // The summit first, as every command of a summit locks it: then the set-up, which waits for every
  // ballot in flight (they hold it shared), so later ones see the close.
  const summit = await lockSummitOrRefuse(trx, args.summitId);
  const setup = await lockVoteSetup(trx, args.summitId);
  if (!setup?.opened_at) return null;
  if (setup.closed_at) return setup.result as VoteResult;
  const result = await tallyNow(trx, setup);
  await closeVote(trx, { summitId: setup.summit_id, now: args.now, result });
  const turnout = await countTurnout(trx, setup.summit_id);
  await recordAudit(trx, {
    actorId: args.actorId,
    summitId: setup.summit_id,
    action: "vote.closed",
    objectType: "summit",
    objectId: setup.summit_id,
    detail: { ...turnout, ballots: result.ballots, byDeadline: args.actorId === null },
  });
  const titles = new Map(
    (await listBallotPaper(trx, { summitId: summit.id, opened: true })).map((item) => [item.number, item.title]),
  );
  const order = result.ranking.map((r) => ({ ...r, number: r.item, title: titles.get(r.item) ?? "" }));
  await mailTheRoll(trx, summit, "closed", args, (voterName) =>
    voteClosedMail({
      summit: { title: summit.title, signOff: summit.sign_off },
      voterName,
      turnout,
      order,
      link: voteLink(args.config, summit),
    }),
  );
  return result;
}

function voteLink(config: MailConfig, summit: Summit): string {
  return `${config.APP_ORIGIN}/summits/${summit.slug}/vote`;
}

/**
 * One mail to each person on the roll, in the transaction of the change it
 * announces. The key names the vote's moment, so it is never sent twice.
 */
async function mailTheRoll(
  trx: Kysely<Database>,
  summit: Summit,
  moment: "opened" | "closed",
  args: { config: MailConfig; now: Date },
  compose: (voterName: string) => { subject: string; body: string },
): Promise<void> {
  for (const voter of await listRollRecipients(trx, summit.id)) {
    const mail = compose(voter.name);
    await enqueueMail(
      trx,
      {
        kind: "notification",
        recipient: voter.email,
        subject: mail.subject,
        body: mail.body,
        dedupeKey: `vote:${summit.id}:${moment}:${voter.userId}`,
      },
      queueOptions(args.config, args.now),
    );
  }
}

async function tallyNow(db: Kysely<Database>, setup: VoteSetupRow): Promise<VoteResult> {
  const [items, ballots] = await Promise.all([
    listBallotItems(db, setup.summit_id),
    listCountedChoices(db, { summitId: setup.summit_id, secret: setup.secret }),
  ]);
  return countVotes(setup.method, items, ballots);
}

/**
 * Closes a vote whose deadline has passed, on the first request that sees
 * it: no timer is needed. True when the vote is closed after the call.
 */
export async function closeVotingIfDue(
  db: Kysely<Database>,
  args: { summitId: string; config: MailConfig; now: Date },
): Promise<boolean> {
  const setup = await getVoteSetup(db, args.summitId);
  if (!setup || !setup.opened_at) return false;
  if (setup.closed_at) return true;
  if (!isDue(setup, args.now)) return false;
  const closed = await closeVoting(db, {
    summitId: args.summitId,
    actorId: null,
    config: args.config,
    now: setup.closes_at ?? args.now,
  });
  return closed.ok;
}

/**
 * Casts or replaces a voter's ballot. The ballot is checked whole against the
 * method and the ballot paper, then written in one statement that checks
 * again what a concurrent change could have made untrue (the close, the roll,
 * the phase) and replaces the voter's earlier ballot under their roll entry's
 * lock, so two submissions of one voter leave exactly one of them current.
 */
export async function castBallot(
  db: Kysely<Database>,
  args: {
    summitId: string;
    voterId: string;
    /** The ballot, or how to read it once the vote's method is known (a posted form). */
    input: BallotInput | BallotReader;
    config: MailConfig;
    now: Date;
  },
): Promise<Result<{ replaced: boolean; secret: boolean }>> {
  let cast: Result<{ replaced: boolean; secret: boolean } | null> = { ok: true, value: null };
  // A cast the gate stopped (something changed since the read) is read again, and refused for what changed;
  // two ballots of one voter that passed the gate together are tried again one after the other.
  for (let attempt = 1; attempt <= CAST_ATTEMPTS; attempt++) {
    cast = await resultOf(() => castOnce(db, args));
    if (!cast.ok || cast.value !== null) break;
  }
  // A ballot refused because the deadline has passed closes the vote: the first request that sees it does.
  if (!cast.ok && cast.status === 409) {
    await closeVotingIfDue(db, { summitId: args.summitId, config: args.config, now: args.now });
  }
  if (cast.ok && cast.value === null) return { ok: false, status: 409, message: CAST_RACED };
  return cast as Result<{ replaced: boolean; secret: boolean }>;
}

const CAST_ATTEMPTS = 5;
const CAST_RACED = "The vote changed while your ballot was being cast; nothing was stored. Send it again.";

/** One try: the ballot cast, or null when its statement did not go through (to be tried again). */
async function castOnce(
  db: Kysely<Database>,
  args: { summitId: string; voterId: string; input: BallotInput | BallotReader; now: Date },
): Promise<{ replaced: boolean; secret: boolean } | null> {
  const rules = await readBallotRules(db, { summitId: args.summitId, voterId: args.voterId });
  if (!rules) refuse(404, "There is no such summit.");
  const { setup, phase, title, voter } = rules;
  // A form that is not a ballot at all is refused first, whatever the vote's state; a vote nobody set up counts
  // ranked ballots.
  const ballot = readInput(args.input, setup?.method ?? RANKED_OPEN_BALLOTS.method);
  if (!setup?.opened_at) refuse(409, NOT_OPEN);
  if (setup.closed_at || isDue(setup, args.now)) refuse(409, closedMessage(setup));
  if (!phaseAllows(phase, "vote")) refuse(409, phaseRefusal("vote", phase, title));
  if (!voter) refuse(403, "Only the attendees on the roll when voting opened may vote, and you are not on it.");
  const check = checkBallot(methodOf(setup), new Set(rules.items), ballot);
  if (!check.ok) refuse(422, check.problems.join(" "));
  const choices = choicesOf(check.ballot);
  const write = { summitId: args.summitId, voterId: args.voterId, choices, now: args.now, phases: VOTING_PHASES };
  if (setup.secret) {
    if (voter.hasVoted) {
      refuse(409, "Your secret ballot is cast already: nothing links it to you, so it cannot be changed.");
    }
    return (await castSecretBallot(db, write)).cast ? { replaced: false, secret: true } : null;
  }
  try {
    const { cast, replaced } = await castNamedBallotAudited(db, {
      ...write,
      audit: { action: "vote.ballot_cast", objectType: "summit" },
    });
    return cast ? { replaced, secret: false } : null;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

const VOTING_PHASES = phasesAllowing("vote");

type BallotReader = (method: VotingMethodKind) => { ok: true; ballot: BallotInput } | { ok: false; message: string };

/** The ballot as given, or as read from its form by the vote's method; a form that is not a ballot refuses (400). */
function readInput(input: BallotInput | BallotReader, method: VotingMethodKind): BallotInput {
  if (typeof input !== "function") return input;
  const read = input(method);
  if (!read.ok) refuse(400, read.message);
  return read.ballot;
}

/**
 * The integrity check: the ballots counted again, against the frozen tally,
 * and the ballots against the roll (one counted ballot per voter who voted).
 */
export async function recountVoting(
  db: Kysely<Database>,
  summitId: string,
): Promise<{
  frozen: VoteResult | null;
  recounted: VoteResult;
  ballots: number;
  voted: number;
  holds: boolean;
} | null> {
  const setup = await getVoteSetup(db, summitId);
  if (!setup?.opened_at) return null;
  const recounted = await tallyNow(db, setup);
  const { voted } = await countTurnout(db, summitId);
  const frozen = (setup.result as VoteResult | null) ?? null;
  // The frozen tally comes back from jsonb, whose key order is its own: compared as values, not as text.
  const holds = recounted.ballots === voted && (frozen === null || isDeepStrictEqual(frozen, recounted));
  return { frozen, recounted, ballots: recounted.ballots, voted, holds };
}
