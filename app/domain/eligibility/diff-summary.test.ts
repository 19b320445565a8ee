import { describe, expect, it } from "vitest";
import { DIFF_NAMES_KEPT, isEmptyDiff, summariseDiff } from "./diff-summary";
import type { EligiblePerson } from "./eligibility";

const person = (i: number): EligiblePerson => ({
  email: `person${i}@example.org`,
  name: `Person ${i}`,
  reasons: ["added by hand: speaker"],
});

describe("summariseDiff", () => {
  it("names who was added and who dropped out, by address ignoring case, without their reasons", () => {
    const before = [person(1), person(2)];
    const after = [{ ...person(2), email: "PERSON2@example.org" }, person(3)];
    const diff = summariseDiff(before, after);
    expect(diff).toEqual({
      added: [{ email: "person3@example.org", name: "Person 3" }],
      removed: [{ email: "person1@example.org", name: "Person 1" }],
      addedCount: 1,
      removedCount: 1,
    });
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it("keeps the counts exact and the names bounded", () => {
    const after = Array.from({ length: DIFF_NAMES_KEPT + 20 }, (_, i) => person(i));
    const diff = summariseDiff([], after);
    expect(diff.addedCount).toBe(DIFF_NAMES_KEPT + 20);
    expect(diff.added).toHaveLength(DIFF_NAMES_KEPT);
    expect(diff.added[0]).toEqual({ email: "person0@example.org", name: "Person 0" });
  });

  it("is empty when the lists hold the same people", () => {
    expect(isEmptyDiff(summariseDiff([person(1)], [person(1)]))).toBe(true);
  });
});
