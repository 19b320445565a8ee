import { describe, expect, it } from "vitest";
import {
  isRosterStatus,
  neutralizeCell,
  nothingToInviteMessage,
  ROSTER_STATUS_LABELS,
  ROSTER_STATUSES,
  rosterNotice,
  takesSeat,
} from "./roster";

const notice = (query: string) => rosterNotice(new URLSearchParams(query));

describe("roster statuses", () => {
  it("has one label per status, and knows its statuses from anything else", () => {
    expect(Object.keys(ROSTER_STATUS_LABELS).sort()).toEqual([...ROSTER_STATUSES].sort());
    expect(ROSTER_STATUS_LABELS.eligible).toBe("Eligible, not invited");
    expect(ROSTER_STATUSES.every(isRosterStatus)).toBe(true);
    for (const other of ["", "Invited", "pending", "__proto__", 3, null]) expect(isRosterStatus(other)).toBe(false);
  });

  it("counts a seat as taken while an invitation waits for an answer and once it is accepted", () => {
    expect(["invited", "accepted"].every((s) => takesSeat(s as "invited"))).toBe(true);
    expect(["declined", "waitlisted", "revoked"].some((s) => takesSeat(s as "declined"))).toBe(false);
  });
});

describe("neutralizeCell", () => {
  it("starts a cell a spreadsheet would run as a formula with a quote (R35)", () => {
    for (const cell of ["=1", "+1", "-1", "@a", "\tx", "\0x", "\rx"]) expect(neutralizeCell(cell)).toBe(`'${cell}`);
    for (const cell of ["plain", "", "a=b", "Ada Lovelace"]) expect(neutralizeCell(cell)).toBe(cell);
  });
});

describe("rosterNotice", () => {
  it("says how many were invited, waitlisted and skipped", () => {
    expect(notice("notice=invited-all&invited=3&waitlisted=0&rejected=0")).toBe("Invited 3 people.");
    expect(notice("notice=invited-all&invited=1&waitlisted=1&rejected=2")).toBe(
      "Invited 1 person; put 1 person on the waitlist (every seat is taken); skipped 2 people whose address cannot receive mail; correct it in the eligibility sources.",
    );
  });

  it("reads malformed or negative counts as none, and an unknown notice as nothing", () => {
    expect(notice("notice=invited-all&invited=-4&waitlisted=x")).toBe("Invited 0 people.");
    expect(notice("notice=revoked&offered=2")).toMatch(/offered to 2 people from the waitlist\.$/);
    expect(notice("notice=revoked&offered=nope")).toBe("The invitation has been revoked; its link no longer works.");
    expect(notice("notice=<script>")).toBeNull();
    expect(notice("")).toBeNull();
  });
});

describe("nothingToInviteMessage", () => {
  it("says everyone was invited, or names up to three unusable addresses", () => {
    expect(nothingToInviteMessage([])).toBe("Everyone eligible has already been invited: nothing was sent.");
    expect(nothingToInviteMessage(["a@b,c@d"])).toContain(
      'except 1 person whose address cannot receive mail ("a@b,c@d")',
    );
    const five = nothingToInviteMessage(["a", "b", "c", "d", "e"]);
    expect(five).toContain('5 people whose addresses cannot receive mail ("a", "b", "c", …)');
    expect(nothingToInviteMessage([`${"x".repeat(100)}@e.org`])).toContain(`"${"x".repeat(60)}"`);
  });
});
