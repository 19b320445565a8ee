import { describe, expect, it } from "vitest";
import {
  BACKGROUND_MAX_LENGTH,
  checkItemOutcome,
  checkMinutesNeeded,
  isOutcomeKind,
  normalizeLinks,
} from "~/domain/agenda/agenda-item";
import { DEMO_ACCOUNTS } from "./demo.server";
import { DEMO_2018_ITEMS, DEMO_ITEMS, type DemoItem } from "./demo-items";

const ATTENDEE_EMAILS = new Set(DEMO_ACCOUNTS.filter((a) => a.role !== "admin").map((a) => a.email));
const ADMIN_EMAILS = DEMO_ACCOUNTS.filter((a) => a.role === "admin").map((a) => a.email);
const byTitle = DEMO_ITEMS.map((item) => [item.title, item] as const);

function proposerOf(title: string): string | undefined {
  return DEMO_ITEMS.find((item) => item.title === title)?.proposerEmail;
}

describe("the demo summit's agenda items", () => {
  it("are the seven topics of the QEMU Summit 2017 minutes, in their order, each once", () => {
    expect(DEMO_ITEMS.map((item) => item.title)).toEqual([
      "qemu.org hosting update",
      "-next trees during the freeze",
      "Firmware blobs",
      "Security bug handling",
      "QEMU Summit inclusion",
      "Continuous integration and qemu-iotests",
      "Deprecation cycle",
    ]);
    expect(new Set(DEMO_ITEMS.map((item) => item.title.toLowerCase())).size).toBe(7);
  });

  it("are all accepted for 2017, whose vote is over; 2018 leaves two proposals for triage", () => {
    expect(DEMO_ITEMS.every((item) => item.status === "accepted")).toBe(true);
    expect(DEMO_2018_ITEMS.filter((item) => item.status === "submitted").map((item) => item.title)).toEqual([
      "qemu-iotests in make check: what broke",
      "Firmware blobs: building them reproducibly",
    ]);
  });

  it("are proposed by the people who raised them in the minutes", () => {
    expect(proposerOf("Firmware blobs")).toBe("gerd.hoffmann@demo.summit.test");
    expect(proposerOf("Security bug handling")).toBe("daniel.berrange@demo.summit.test");
    expect(proposerOf("QEMU Summit inclusion")).toBe("paolo.bonzini@demo.summit.test");
    expect(proposerOf("Continuous integration and qemu-iotests")).toBe("christian.borntraeger@demo.summit.test");
  });

  it.each(byTitle)("“%s” passes every rule a proposal must pass", (_title, item: DemoItem) => {
    expect(isOutcomeKind(item.outcomeKind)).toBe(true);
    expect(checkItemOutcome(item)).toEqual({});
    expect(item.title).toBe(item.title.trim());
    expect(item.desiredOutcome).toBe(item.desiredOutcome.trim());
    expect(checkMinutesNeeded(item.minutesNeeded)).toEqual({ ok: true, minutesNeeded: item.minutesNeeded });
    expect(normalizeLinks(item.links)).toEqual({ ok: true, links: item.links });
    expect(item.background.length).toBeLessThanOrEqual(BACKGROUND_MAX_LENGTH);
  });

  it.each(byTitle)("“%s” has a background of a few paragraphs, with no placeholder", (_title, item) => {
    expect(item.background.length).toBeGreaterThanOrEqual(400);
    expect(item.background.length).toBeLessThanOrEqual(1500);
    expect(item.background).toBe(item.background.trim());
    expect(item.background).toMatch(/\n\n/);
    expect(item.background).not.toMatch(/\b(TODO|TBD|lorem)\b/i);
  });

  it.each(byTitle)("“%s” asks for a realistic time", (_title, item) => {
    expect(item.minutesNeeded).toBeGreaterThanOrEqual(10);
    expect(item.minutesNeeded).toBeLessThanOrEqual(30);
  });

  it.each(byTitle)("“%s” is proposed, led and co-sponsored by demo attendees", (_title, item) => {
    expect(ATTENDEE_EMAILS.has(item.proposerEmail)).toBe(true);
    expect(ATTENDEE_EMAILS.has(item.leadEmail)).toBe(true);
    expect(item.cosponsorEmails.length).toBeGreaterThanOrEqual(1);
    expect(item.cosponsorEmails.length).toBeLessThanOrEqual(4);
    for (const email of item.cosponsorEmails) expect(ATTENDEE_EMAILS.has(email)).toBe(true);
    expect(new Set(item.cosponsorEmails).size).toBe(item.cosponsorEmails.length);
  });

  it.each(byTitle)("“%s” is never co-sponsored by its proposer nor touched by the administrator", (_title, item) => {
    expect(item.cosponsorEmails).not.toContain(item.proposerEmail);
    for (const admin of ADMIN_EMAILS) {
      expect([item.proposerEmail, item.leadEmail, ...item.cosponsorEmails]).not.toContain(admin);
    }
  });

  it("show a revision history on one item, whose first version passed the rules too", () => {
    const revised = DEMO_ITEMS.filter((item) => item.earlier !== undefined);
    expect(revised.map((item) => item.title)).toEqual(["Firmware blobs"]);
    const item = revised[0]!;
    const earlier = item.earlier!;
    expect(checkItemOutcome({ ...item, desiredOutcome: earlier.desiredOutcome })).toEqual({});
    expect(checkMinutesNeeded(earlier.minutesNeeded)).toEqual({ ok: true, minutesNeeded: earlier.minutesNeeded });
    expect(earlier.desiredOutcome).not.toBe(item.desiredOutcome);
    expect(earlier.minutesNeeded).not.toBe(item.minutesNeeded);
  });

  it("link only to pages of the project and its services, over https", () => {
    const links = DEMO_ITEMS.flatMap((item) => item.links);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(new URL(link).protocol).toBe("https:");
      expect(new URL(link).hostname).toMatch(/^(www\.qemu\.org|wiki\.qemu\.org|patchew\.org)$/);
    }
  });

  it("refer to no contributor's personal address or outside account", () => {
    const text = JSON.stringify(DEMO_ITEMS);
    const addresses = text.match(/[\w.+-]+@[\w.-]+/g) ?? [];
    for (const address of addresses) expect(address).toMatch(/@demo\.summit\.test$/);
  });
});
