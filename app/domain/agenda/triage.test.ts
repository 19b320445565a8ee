import { describe, expect, it } from "vitest";
import {
  groupItemsText,
  placeGroups,
  statusesOfView,
  TRIAGE_STATUSES,
  TRIAGE_VIEWS,
  type TriageStatus,
} from "./triage";

const counts = (submitted: number, returned: number, accepted: number, declined: number) =>
  ({ submitted, returned, accepted, declined }) satisfies Record<TriageStatus, number>;

describe("statusesOfView", () => {
  it("shows the items still to decide by default: waiting for a decision or returned", () => {
    expect(statusesOfView("undecided")).toEqual(["submitted", "returned"]);
  });

  it("shows one status, or all four in the order of the groups", () => {
    expect(statusesOfView("declined")).toEqual(["declined"]);
    expect(statusesOfView("all")).toEqual(TRIAGE_STATUSES);
  });

  it("shows only triage statuses, each in its group order", () => {
    for (const view of TRIAGE_VIEWS) {
      const statuses = statusesOfView(view);
      expect(statuses.length).toBeGreaterThan(0);
      expect([...statuses].sort((a, b) => TRIAGE_STATUSES.indexOf(a) - TRIAGE_STATUSES.indexOf(b))).toEqual(statuses);
    }
  });
});

describe("placeGroups", () => {
  it("puts everything on page 1 when it fits", () => {
    const groups = placeGroups({ counts: counts(5, 1, 1, 1), shown: TRIAGE_STATUSES, page: 1, pageSize: 25 });
    expect(groups.map((g) => [g.status, g.firstPage, g.lastPage, g.here])).toEqual([
      ["submitted", 1, 1, true],
      ["returned", 1, 1, true],
      ["accepted", 1, 1, true],
      ["declined", 1, 1, true],
    ]);
  });

  it("follows the groups across pages, counting only the statuses shown", () => {
    const place = (page: number) =>
      placeGroups({ counts: counts(30, 4, 700, 20), shown: ["submitted", "returned"], page, pageSize: 25 });
    expect(place(1).map((g) => [g.status, g.count, g.shown, g.firstPage, g.lastPage, g.here])).toEqual([
      ["submitted", 30, true, 1, 2, true],
      ["returned", 4, true, 2, 2, false],
      ["accepted", 700, false, null, null, false],
      ["declined", 20, false, null, null, false],
    ]);
    expect(
      place(2)
        .filter((g) => g.here)
        .map((g) => g.status),
    ).toEqual(["submitted", "returned"]);
    expect(place(3).some((g) => g.here)).toBe(false);
  });

  it("starts a group on the page after a full one, and skips an empty group", () => {
    const groups = placeGroups({ counts: counts(25, 0, 3, 0), shown: TRIAGE_STATUSES, page: 2, pageSize: 25 });
    expect(groups.find((g) => g.status === "returned")).toMatchObject({ firstPage: null, here: false });
    expect(groups.find((g) => g.status === "accepted")).toMatchObject({ firstPage: 2, lastPage: 2, here: true });
    expect(groups.find((g) => g.status === "submitted")).toMatchObject({ firstPage: 1, lastPage: 1, here: false });
  });
});

describe("groupItemsText", () => {
  it("names one item, or several with their number", () => {
    expect(groupItemsText("declined", 1)).toBe("the declined item");
    expect(groupItemsText("declined", 3)).toBe("the 3 declined items");
    expect(groupItemsText("submitted", 2)).toBe("the 2 items waiting for a decision");
  });
});
