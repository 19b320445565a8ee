import { describe, expect, it } from "vitest";
import { PHASE_ORDER } from "./phases";
import {
  isAgendaPublic,
  isParticipant,
  mayPropose,
  seesAgendaItems,
  standingLabel,
  VISITOR,
  type Standing,
} from "./standing";

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

  it("opens a public summit's agenda to visitors from the agenda phase on, and a private one never", () => {
    const publicFrom = PHASE_ORDER.filter((phase) => isAgendaPublic({ isPublic: true, phase }));
    expect(publicFrom).toEqual(["agenda", "in_session", "minutes_draft", "published"]);
    expect(PHASE_ORDER.some((phase) => isAgendaPublic({ isPublic: false, phase }))).toBe(false);
  });

  it("shows the agenda items page to those who may propose, and to anyone once the agenda is public", () => {
    const summit = { isOpen: false, isPublic: true, phase: "proposals" as const };
    expect(seesAgendaItems(VISITOR, summit)).toBe(false);
    expect(seesAgendaItems({ ...member, isAttendee: true }, summit)).toBe(true);
    expect(seesAgendaItems(VISITOR, { ...summit, phase: "agenda" })).toBe(true);
    expect(seesAgendaItems(member, { ...summit, isOpen: true })).toBe(false);
    expect(seesAgendaItems({ ...member, hasSeatRequest: true }, { ...summit, isOpen: true })).toBe(true);
  });
});
