import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkBallot, methodProblems, pointsLeft, type VotingMethod } from "./ballot";

const ITEMS = new Set([1, 2, 3, 5, 8]);
const approval: VotingMethod = { kind: "approval", maxApprovals: 3 };
const dots: VotingMethod = { kind: "dots", budget: 10, maxPerItem: 4 };
const ranked: VotingMethod = { kind: "ranked" };

describe("checkBallot: approval", () => {
  it("takes up to K approvals of items on the ballot, each once, in item order", () => {
    expect(checkBallot(approval, ITEMS, { kind: "approval", approved: [5, 1, 5] })).toEqual({
      ok: true,
      ballot: { kind: "approval", approved: [1, 5] },
    });
    expect(checkBallot(approval, ITEMS, { kind: "approval", approved: [] })).toMatchObject({ ok: true });
  });

  it("refuses too many approvals and items not on the ballot, saying each", () => {
    expect(checkBallot(approval, ITEMS, { kind: "approval", approved: [1, 2, 3, 5, 4] })).toEqual({
      ok: false,
      problems: ["Item 4 is not on this ballot.", "You approved 5 items; this vote allows at most 3 approvals."],
    });
  });
});

describe("checkBallot: dot voting", () => {
  it("takes points within the budget and the cap, dropping zeros", () => {
    const points = new Map([
      [1, 4],
      [2, 0],
      [8, 6 - 2],
    ]);
    expect(checkBallot(dots, ITEMS, { kind: "dots", points })).toEqual({
      ok: true,
      ballot: {
        kind: "dots",
        points: new Map([
          [1, 4],
          [8, 4],
        ]),
      },
    });
  });

  it("refuses a ballot over budget, over the cap on one item, or with points that are not whole", () => {
    const result = checkBallot(dots, ITEMS, {
      kind: "dots",
      points: new Map([
        [1, 5],
        [2, 4],
        [3, 4],
        [5, 1.5],
        [9, 0],
      ]),
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        "You gave 5 points to item 1; at most 4 points may go on one item.",
        "The points on item 5 must be a whole number, 0 or more.",
        "You gave 13 points in all; you have 10 points.",
      ],
    });
  });

  it("counts the points left as the voter types", () => {
    expect(pointsLeft(10, [3, 4])).toBe(3);
    expect(pointsLeft(10, [12])).toBe(-2);
    expect(pointsLeft(10, [Number.NaN, -1, 2])).toBe(8);
  });
});

describe("checkBallot: ranked", () => {
  it("takes a partial ranking with equal ranks", () => {
    const ranks = new Map([
      [3, 1],
      [1, 1],
      [8, 2],
    ]);
    expect(checkBallot(ranked, ITEMS, { kind: "ranked", ranks })).toEqual({
      ok: true,
      ballot: {
        kind: "ranked",
        ranks: new Map([
          [1, 1],
          [3, 1],
          [8, 2],
        ]),
      },
    });
  });

  it("refuses ranks outside 1..N and items not on the ballot", () => {
    const ranks = new Map([
      [1, 0],
      [2, 6],
      [4, 1],
    ]);
    expect(checkBallot(ranked, ITEMS, { kind: "ranked", ranks })).toEqual({
      ok: false,
      problems: [
        "The rank of item 1 must be a whole number from 1 to 5.",
        "The rank of item 2 must be a whole number from 1 to 5.",
        "Item 4 is not on this ballot.",
      ],
    });
  });
});

describe("checkBallot: any method", () => {
  it("refuses a ballot of another kind than the vote's", () => {
    expect(checkBallot(ranked, ITEMS, { kind: "approval", approved: [1] })).toMatchObject({ ok: false });
  });

  it("never accepts a dot ballot over budget or over the cap, whatever it holds", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(1, 2, 3, 5, 8, 13), fc.integer({ min: -2, max: 12 })), { maxLength: 8 }),
        (pairs) => {
          const result = checkBallot(dots, ITEMS, { kind: "dots", points: new Map(pairs) });
          if (!result.ok || result.ballot.kind !== "dots") return;
          const given = [...result.ballot.points.values()];
          expect(given.reduce((s, p) => s + p, 0)).toBeLessThanOrEqual(10);
          expect(given.every((p) => p >= 1 && p <= 4)).toBe(true);
          expect([...result.ballot.points.keys()].every((item) => ITEMS.has(item))).toBe(true);
        },
      ),
    );
  });
});

describe("methodProblems", () => {
  it.each<[VotingMethod, number, number]>([
    [{ kind: "approval", maxApprovals: 3 }, 5, 0],
    [{ kind: "approval", maxApprovals: 6 }, 5, 1],
    [{ kind: "approval", maxApprovals: 0 }, 5, 1],
    [{ kind: "dots", budget: 10, maxPerItem: 3 }, 5, 0],
    [{ kind: "dots", budget: 10, maxPerItem: 11 }, 5, 1],
    [{ kind: "dots", budget: 0, maxPerItem: 0 }, 5, 2],
    [{ kind: "dots", budget: 2.5, maxPerItem: 1 }, 5, 1],
    [{ kind: "ranked" }, 0, 0],
  ])("%j over %i items has %i problems", (method, items, count) => {
    expect(methodProblems(method, items)).toHaveLength(count);
  });
});
