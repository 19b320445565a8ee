import { describe, expect, it } from "vitest";
import { moveInRanking } from "./ranking-moves";

const NUMBERS = [1, 2, 3, 4];
const ranks = (order: Record<number, number>) =>
  Object.fromEntries(NUMBERS.map((n) => [`rank-${n}`, order[n] ? String(order[n]) : ""]));

describe("moving an item in a ranked ballot", () => {
  it("swaps it with its neighbour and numbers the order again", () => {
    expect(moveInRanking(ranks({ 3: 1, 1: 2, 2: 3 }), NUMBERS, 2, "up")).toEqual(ranks({ 3: 1, 2: 2, 1: 3 }));
    expect(moveInRanking(ranks({ 3: 1, 1: 2, 2: 3 }), NUMBERS, 3, "down")).toEqual(ranks({ 1: 1, 3: 2, 2: 3 }));
  });

  it("ranks an unranked item next, and leaves the first and last where they are", () => {
    expect(moveInRanking(ranks({ 3: 1 }), NUMBERS, 4, "up")).toEqual(ranks({ 3: 1, 4: 2 }));
    expect(moveInRanking(ranks({ 3: 1, 1: 2 }), NUMBERS, 3, "up")).toEqual(ranks({ 3: 1, 1: 2 }));
    expect(moveInRanking(ranks({ 3: 1, 1: 2 }), NUMBERS, 1, "down")).toEqual(ranks({ 3: 1, 1: 2 }));
  });

  it("gives items that shared a rank ranks of their own, by number", () => {
    expect(moveInRanking(ranks({ 2: 1, 4: 1, 1: 3 }), NUMBERS, 1, "up")).toEqual(ranks({ 2: 1, 1: 2, 4: 3 }));
  });
});
