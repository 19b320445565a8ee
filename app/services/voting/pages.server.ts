import type { Kysely } from "kysely";
import { listCountedChoices, listRollDifferences, readVotePage, type VoteSetupRow } from "~db/queries/voting";
import type { Database, Summit } from "~db/schema";
import { phaseAllows } from "~/domain/summit/phase-policy";
import { isParticipant, type Standing } from "~/domain/summit/standing";
import { VOTING_METHOD_LABELS, type VotingMethod } from "~/domain/voting/ballot";
import { countVotes, type StoredChoices, type VoteResult } from "~/domain/voting/result";
import { TIE_BREAK_RULE } from "~/domain/voting/tally";
import type { MailConfig } from "../kernel/mail.server";
import { refuse, resultOf, type Result } from "../kernel/result.server";
import { closeVotingIfDue, isDue, methodOf } from "./commands.server";

/** Below this many secret ballots the results show the ranking only: counts could tell who voted how. */
export const SMALL_SECRET_VOTE = 5;

export type VoteState = "not-open" | "open" | "closed";

export interface VotePage {
  summit: { slug: string; title: string };
  state: VoteState;
  /** Whether the summit's phase takes ballots now (the voting phase). */
  votingPhase: boolean;
  method: VotingMethod;
  methodLabel: string;
  secret: boolean;
  closesAt: string | null;
  turnout: { voted: number; roll: number };
  items: Array<{ number: number; title: string; minutes: number }>;
  /** The viewer's part: on the roll, voted, and their current ballot (open ballots only). */
  you: { onRoll: boolean; voted: boolean; choices: StoredChoices | null };
  isOrganizer: boolean;
  /** Organizers, while the vote is open: how the roll differs from the attendees now (names only). */
  rollChanges: { joined: string[]; leftUnvoted: string[]; leftVoted: string[] } | null;
  /** After the close for everyone; before it, for organizers only. */
  result: (VoteResult & { countsShown: boolean; final: boolean }) | null;
  tieBreakRule: string;
}

/** Only the summit's people take part in its vote, or see it. */
function refuseUnlessParticipant(standing: Standing): void {
  if (!isParticipant(standing)) refuse(403, "Only the people of this summit see its vote.");
}

function stateOf(setup: VoteSetupRow | null): VoteState {
  if (!setup?.opened_at) return "not-open";
  return setup.closed_at ? "closed" : "open";
}

/**
 * The vote page of a summit for one of its people: where the vote stands
 * ("X of N voted"), the ballot paper, the viewer's ballot, and the result
 * once it is closed (organizers see the running tally before). Reading it
 * closes a vote whose deadline has passed.
 */
export async function getVotePage(
  db: Kysely<Database>,
  args: { summit: Summit; standing: Standing; config: MailConfig; now: Date },
): Promise<Result<VotePage>> {
  return resultOf(async () => {
    const { summit, standing } = args;
    refuseUnlessParticipant(standing);
    // One read for the page; a deadline that has just passed closes the vote, and the page is read again.
    let read = await readVotePage(db, { summitId: summit.id, userId: standing.userId });
    if (read?.setup && isDue(read.setup, args.now)) {
      await closeVotingIfDue(db, { summitId: summit.id, config: args.config, now: args.now });
      read = await readVotePage(db, { summitId: summit.id, userId: standing.userId });
    }
    if (!read) refuse(404, "There is no such summit.");
    const { setup, items, turnout, part } = read;
    const state = stateOf(setup);
    const method: VotingMethod = setup ? methodOf(setup) : { kind: "ranked" };
    const secret = setup?.secret ?? false;
    // A secret ballot is never shown back: nothing links it to its voter.
    const choices = part && !secret ? part.choices : null;
    let result: VotePage["result"] = null;
    if (state === "closed" && setup?.result) {
      result = { ...(setup.result as VoteResult), countsShown: true, final: true };
    } else if (state === "open" && standing.isOrganizer && setup) {
      const ballots = await listCountedChoices(db, { summitId: summit.id, secret });
      result = {
        ...countVotes(
          method.kind,
          items.map((i) => i.number),
          ballots,
        ),
        countsShown: true,
        final: false,
      };
    }
    let rollChanges: VotePage["rollChanges"] = null;
    if (state === "open" && standing.isOrganizer) {
      const differences = await listRollDifferences(db, summit.id);
      const names = (people: ReadonlyArray<{ name: string }>) => people.map((p) => p.name);
      rollChanges = {
        joined: names(differences.joined),
        leftUnvoted: names(differences.leftUnvoted),
        leftVoted: names(differences.leftVoted),
      };
    }
    // The counts are left out of the page's data, not only hidden on it.
    if (result && secret && result.ballots < SMALL_SECRET_VOTE) {
      result = { ...result, scores: null, matrix: null, countsShown: false };
    }
    return {
      summit: { slug: summit.slug, title: summit.title },
      state,
      votingPhase: phaseAllows(summit.phase, "vote"),
      method,
      methodLabel: VOTING_METHOD_LABELS[method.kind],
      secret,
      closesAt: setup?.closes_at ? setup.closes_at.toISOString() : null,
      turnout,
      items,
      you: { onRoll: part !== null, voted: part?.hasVoted ?? false, choices },
      isOrganizer: standing.isOrganizer,
      rollChanges,
      result,
      tieBreakRule: TIE_BREAK_RULE,
    };
  });
}
