import { describe, expect, it } from "vitest";
import { isParticipant, mayPropose, standingLabel, VISITOR, type Standing } from "./standing";

const member: Standing = { ...VISITOR, userId: "u1" };

describe("standing", () => {
  it.each([
    ["a visitor", VISITOR, false],
    ["a member", member, false],
    ["an administrator", { ...member, isAdmin: true }, false],
    ["a seat requester", { ...member, hasSeatRequest: true }, false],
    ["an attendee", { ...member, isAttendee: true }, true],
    ["a minute-taker", { ...member, isMinuteTaker: true }, true],
    ["an organizer", { ...member, isOrganizer: true }, true],
  ])("%s is a participant: %s", (_label, standing, expected) => {
    expect(isParticipant(standing)).toBe(expected);
  });

  it("lets participants propose, and seat requesters only at an open summit", () => {
    expect(mayPropose({ ...member, isAttendee: true }, { isOpen: false })).toBe(true);
    expect(mayPropose({ ...member, hasSeatRequest: true }, { isOpen: true })).toBe(true);
    expect(mayPropose({ ...member, hasSeatRequest: true }, { isOpen: false })).toBe(false);
    expect(mayPropose(member, { isOpen: true })).toBe(false);
    expect(mayPropose({ ...VISITOR, hasSeatRequest: true }, { isOpen: true })).toBe(false);
  });

  it("names the most senior relation", () => {
    expect(standingLabel(VISITOR)).toBe("visitor");
    expect(standingLabel(member)).toBe("member");
    expect(standingLabel({ ...member, isAdmin: true })).toBe("administrator");
    expect(standingLabel({ ...member, isAttendee: true, isOrganizer: true })).toBe("organizer");
    expect(standingLabel({ ...member, isMinuteTaker: true, isAttendee: true })).toBe("minute-taker");
    expect(standingLabel({ ...member, hasSeatRequest: true })).toBe("seat requester");
  });
});
