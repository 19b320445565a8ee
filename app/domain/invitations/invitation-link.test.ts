import { describe, expect, it } from "vitest";
import {
  formatUtc,
  INVITATION_TOKEN_PATTERN,
  INVITATION_TOKEN_TTL_MS,
  invitationLink,
  isLinkUsable,
  linkRefusal,
  refusalMessage,
} from "./invitation-link";

const now = new Date("2026-11-20T10:00:00Z");
const later = new Date(now.getTime() + 1000);
const earlier = new Date(now.getTime() - 1000);

describe("invitation links", () => {
  it("work at most 7 days, take 52 base32 characters and point at the configured origin", () => {
    expect(INVITATION_TOKEN_TTL_MS).toBeLessThanOrEqual(7 * 24 * 3_600_000);
    expect(INVITATION_TOKEN_PATTERN.test("a".repeat(52))).toBe(true);
    for (const bad of ["a".repeat(51), "A".repeat(52), `${"a".repeat(51)}1`, ""]) {
      expect(INVITATION_TOKEN_PATTERN.test(bad)).toBe(false);
    }
    expect(invitationLink("https://summit.example.org", "abc")).toBe("https://summit.example.org/invitations/abc");
  });

  it("may be answered only while invited and unexpired", () => {
    expect(isLinkUsable({ status: "invited", tokenExpiresAt: later }, now)).toBe(true);
    expect(isLinkUsable({ status: "invited", tokenExpiresAt: now }, now)).toBe(false);
    expect(isLinkUsable({ status: "invited", tokenExpiresAt: null }, now)).toBe(false);
    expect(isLinkUsable({ status: "waitlisted", tokenExpiresAt: later }, now)).toBe(false);
  });

  it("say why they cannot be used", () => {
    expect(linkRefusal({ status: "revoked", tokenExpiresAt: earlier }, now)).toBe("revoked");
    expect(linkRefusal({ status: "accepted", tokenExpiresAt: earlier }, now)).toBe("answered");
    expect(linkRefusal({ status: "declined", tokenExpiresAt: earlier }, now)).toBe("answered");
    expect(linkRefusal({ status: "waitlisted", tokenExpiresAt: null }, now)).toBe("waitlisted");
    expect(linkRefusal({ status: "invited", tokenExpiresAt: now }, now)).toBe("expired");
    expect(linkRefusal({ status: "invited", tokenExpiresAt: later }, now)).toBe("answered");
    expect(refusalMessage("expired", "QEMU Summit 2017")).toBe(
      "This invitation to QEMU Summit 2017 has expired: links work for 7 days. Ask the organizers to send it again.",
    );
    expect(refusalMessage("answered", null)).toMatch(/^This invitation has already been answered\./);
  });

  it("tell when they stop working in UTC, to the minute", () => {
    expect(formatUtc(new Date("2026-11-27T10:00:59Z"))).toBe("2026-11-27 10:00 UTC");
  });
});
