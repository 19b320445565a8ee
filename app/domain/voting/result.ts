/**
 * A vote's result as it is frozen at the close and recounted later: the
 * ballots' choices as stored, and the tally of the summit's method over them.
 * The frozen result is plain JSON, so a recount can be compared with it whole.
 */
import type { CheckedBallot, VotingMethod } from "./ballot";
import { tallyApproval, tallyDots, tallySchulze, type RankedItem } from "./tally";

/** Choices as a ballot row stores them: approved item numbers, or points or ranks by item number. */
export type StoredChoices = number[] | Record<string, number>;

export function choicesOf(ballot: CheckedBallot): StoredChoices {
  switch (ballot.kind) {
    case "approval":
      return [...ballot.approved];
    case "dots":
      return Object.fromEntries([...ballot.points].map(([item, points]) => [String(item), points]));
    case "ranked":
      return Object.fromEntries([...ballot.ranks].map(([item, rank]) => [String(item), rank]));
  }
}

function asMap(choices: StoredChoices): Map<number, number> {
  if (Array.isArray(choices)) return new Map(choices.map((item) => [item, 1]));
  return new Map(Object.entries(choices).map(([item, value]) => [Number(item), value]));
}

export interface VoteResult {
  method: VotingMethod["kind"];
  ballots: number;
  ranking: RankedItem[];
  /** Approval and dot voting: approvals or points per item, by item number. */
  scores: Record<string, number> | null;
  /** Schulze: the items in matrix order, the pairwise preferences and the strongest paths. */
  matrix: { items: number[]; preferences: number[][]; strengths: number[][] } | null;
}

/** The tally of stored ballots over the ballot paper's items, as it is frozen and shown. */
export function countVotes(
  method: VotingMethod["kind"],
  items: readonly number[],
  ballots: readonly StoredChoices[],
): VoteResult {
  if (method === "ranked") {
    const tally = tallySchulze(items, ballots.map(asMap));
    return {
      method,
      ballots: tally.ballots,
      ranking: tally.ranking,
      scores: null,
      matrix: { items: tally.items, preferences: tally.preferences, strengths: tally.strengths },
    };
  }
  const tally =
    method === "approval"
      ? tallyApproval(
          items,
          ballots.map((b) => [...asMap(b).keys()]),
        )
      : tallyDots(items, ballots.map(asMap));
  return {
    method,
    ballots: tally.ballots,
    ranking: tally.ranking,
    scores: Object.fromEntries([...tally.score].map(([item, score]) => [String(item), score])),
    matrix: null,
  };
}
