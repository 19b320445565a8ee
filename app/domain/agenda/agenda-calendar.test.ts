import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { agendaCalendar, type CalendarItem } from "./agenda-calendar";

const SUMMIT = {
  slug: "qemu-summit-2017",
  title: "QEMU Summit 2017",
  timezone: "Europe/Prague",
  venue: "KVM Forum 2017, Hilton Prague",
};
const ITEMS: CalendarItem[] = [
  {
    number: 3,
    title: "Hosting: moving the wiki; Bugzilla vs. Launchpad",
    desiredOutcome: "Decide whether to leave Launchpad, and who moves the wiki.",
    lead: "Stefan Hajnoczi",
    date: "2017-10-25",
    start: 13 * 60,
    end: 13 * 60 + 45,
  },
  {
    number: 7,
    title: "Überprüfung of the release process, with a title long enough to be folded over several lines",
    desiredOutcome: "Agree on a freeze policy; commas, semicolons; and\nline breaks survive.",
    lead: "Peter Maydell",
    date: "2017-10-25",
    start: 15 * 60 + 30,
    end: 16 * 60 + 30,
  },
];

function parsed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
}

describe("agendaCalendar", () => {
  const text = agendaCalendar({
    summit: SUMMIT,
    items: ITEMS,
    origin: "https://summit.example.org",
    now: new Date("2017-10-20T08:00:00Z"),
  });

  it("is a calendar a standard parser reads: one event per item, at its time in UTC", () => {
    const events = parsed(text);
    expect(events.map((e) => e.summary)).toEqual([
      "3. Hosting: moving the wiki; Bugzilla vs. Launchpad",
      "7. Überprüfung of the release process, with a title long enough to be folded over several lines",
    ]);
    // 13:00 in Prague in October 2017 is summer time, UTC+2.
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe("2017-10-25T11:00:00.000Z");
    expect(events[0]!.endDate.toJSDate().toISOString()).toBe("2017-10-25T11:45:00.000Z");
    expect(events[1]!.startDate.toJSDate().toISOString()).toBe("2017-10-25T13:30:00.000Z");
    expect(events[0]!.location).toBe("KVM Forum 2017, Hilton Prague");
  });

  it("puts the desired outcome, the lead and the item's link in the description, escaped and folded", () => {
    const [first, second] = parsed(text);
    expect(first!.description).toBe(
      "Desired outcome: Decide whether to leave Launchpad, and who moves the wiki.\nLead: Stefan Hajnoczi\nhttps://summit.example.org/summits/qemu-summit-2017/items/3",
    );
    expect(second!.description).toContain("commas, semicolons; and\nline breaks survive.");
    // Lines are folded at 75 octets, as RFC 5545 says.
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it("gives each event an id that stays the same when the file is made again", () => {
    const again = agendaCalendar({
      summit: SUMMIT,
      items: ITEMS,
      origin: "https://summit.example.org",
      now: new Date(),
    });
    expect(parsed(again).map((e) => e.uid)).toEqual(parsed(text).map((e) => e.uid));
    expect(parsed(text)[0]!.uid).toBe("qemu-summit-2017-item-3@summit.example.org");
  });
});
