/**
 * What a prioritisation ballot may hold, by the summit's method, checked the
 * same way wherever a ballot comes from (the form, the command line, a test).
 * A ballot that breaks a rule is refused whole, with every reason, so the
 * voter can correct it; nothing of it is stored.
 */
import { plural } from "../text/plural";

export type VotingMethod =
  | { kind: "approval"; maxApprovals: number }
  | { kind: "dots"; budget: number; maxPerItem: number }
  | { kind: "ranked" };

export type VotingMethodKind = VotingMethod["kind"];

export const VOTING_METHOD_LABELS: Record<VotingMethodKind, string> = {
  approval: "Approval: tick up to K items",
  dots: "Dot voting: spread B points, at most M on one item",
  ranked: "Ranked ballots, counted by the Schulze method",
};

/** A ballot as the voter gave it: approvals, points or ranks, by item number. */
export type BallotInput =
  | { kind: "approval"; approved: readonly number[] }
  | { kind: "dots"; points: ReadonlyMap<number, number> }
  | { kind: "ranked"; ranks: ReadonlyMap<number, number> };

/** A ballot that holds: only what counts (no zero points, each approval once). */
export type CheckedBallot =
  | { kind: "approval"; approved: number[] }
  | { kind: "dots"; points: Map<number, number> }
  | { kind: "ranked"; ranks: Map<number, number> };

export type BallotCheck = { ok: true; ballot: CheckedBallot } | { ok: false; problems: string[] };

/** The largest budget or cap a summit may set: far above any real use, far below overflow. */
export const MAX_POINTS = 1000;

/** Whether a method's numbers make sense, for a ballot of `items` items when it is known; the problems if not. */
export function methodProblems(method: VotingMethod, items?: number): string[] {
  const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  switch (method.kind) {
    case "approval": {
      // Before voting opens the ballot paper is not fixed, so only the lower bound holds.
      const max = items === undefined ? Number.MAX_SAFE_INTEGER : Math.max(1, items);
      if (whole(method.maxApprovals, 1, max)) return [];
      return [
        items === undefined
          ? "The number of approvals must be a whole number, 1 or more."
          : `The number of approvals must be a whole number from 1 to ${max} (the items on the ballot).`,
      ];
    }
    case "dots": {
      const problems: string[] = [];
      if (!whole(method.budget, 1, MAX_POINTS)) {
        problems.push(`The points each voter has must be a whole number from 1 to ${MAX_POINTS}.`);
      }
      if (!whole(method.maxPerItem, 1, MAX_POINTS) || method.maxPerItem > method.budget) {
        problems.push("The most points on one item must be a whole number from 1 to the points each voter has.");
      }
      return problems;
    }
    case "ranked":
      return [];
  }
}

/**
 * Checks a ballot against the method and the items on the ballot paper
 * (the accepted items when voting opened). Every problem is reported, not
 * just the first; a ballot with none is returned as it will be stored.
 */
export function checkBallot(method: VotingMethod, items: ReadonlySet<number>, input: BallotInput): BallotCheck {
  if (input.kind !== method.kind) {
    return { ok: false, problems: ["This ballot is not of the kind this vote uses; reload the page and vote again."] };
  }
  const problems: string[] = [];
  const notOnBallot = (item: number) => {
    if (!items.has(item)) problems.push(`Item ${item} is not on this ballot.`);
  };
  switch (input.kind) {
    case "approval": {
      const max = (method as Extract<VotingMethod, { kind: "approval" }>).maxApprovals;
      const approved = [...new Set(input.approved)].sort((a, b) => a - b);
      approved.forEach(notOnBallot);
      if (approved.length > max) {
        problems.push(
          `You approved ${approved.length} items; this vote allows at most ${plural(max, "approval", "approvals")}.`,
        );
      }
      return problems.length > 0 ? { ok: false, problems } : { ok: true, ballot: { kind: "approval", approved } };
    }
    case "dots": {
      const { budget, maxPerItem } = method as Extract<VotingMethod, { kind: "dots" }>;
      const points = new Map<number, number>();
      let total = 0;
      for (const [item, given] of [...input.points].sort(([a], [b]) => a - b)) {
        if (!Number.isInteger(given) || given < 0) {
          problems.push(`The points on item ${item} must be a whole number, 0 or more.`);
          continue;
        }
        if (given === 0) continue;
        notOnBallot(item);
        if (given > maxPerItem) {
          problems.push(
            `You gave ${given} points to item ${item}; at most ${plural(maxPerItem, "point", "points")} may go on one item.`,
          );
        }
        points.set(item, given);
        total += given;
      }
      if (total > budget) {
        problems.push(`You gave ${total} points in all; you have ${plural(budget, "point", "points")}.`);
      }
      return problems.length > 0 ? { ok: false, problems } : { ok: true, ballot: { kind: "dots", points } };
    }
    case "ranked": {
      const ranks = new Map<number, number>();
      for (const [item, rank] of [...input.ranks].sort(([a], [b]) => a - b)) {
        notOnBallot(item);
        if (!Number.isInteger(rank) || rank < 1 || rank > items.size) {
          problems.push(`The rank of item ${item} must be a whole number from 1 to ${items.size}.`);
          continue;
        }
        ranks.set(item, rank);
      }
      return problems.length > 0 ? { ok: false, problems } : { ok: true, ballot: { kind: "ranked", ranks } };
    }
  }
}

/** Points a dot ballot has left to give: shown as the voter types. */
export function pointsLeft(budget: number, points: Iterable<number>): number {
  let given = 0;
  for (const p of points) if (Number.isInteger(p) && p > 0) given += p;
  return budget - given;
}
