import { describe, expect, it } from "vitest";
import { MAIL_WIDTH } from "../text/plain-mail";
import { agendaMail } from "./agenda-mail";

describe("the published agenda's mail", () => {
  it("lists each day's items and breaks at their local times, then the overflow", () => {
    const mail = agendaMail({
      summit: { title: "QEMU Summit 2017", timezone: "Europe/Prague", venue: "Hilton Prague", signOff: "-- PMM" },
      name: "Kevin Wolf",
      slots: [
        {
          item: 2,
          date: "2017-10-25",
          start: 840,
          end: 870,
          title: "Deprecating old machine types",
          lead: "Thomas Huth",
        },
        {
          item: 1,
          date: "2017-10-25",
          start: 810,
          end: 840,
          title: "Should QEMU move its continuous integration and its patch tracking to a hosted service?",
          lead: "Alex Bennée",
        },
      ],
      breaks: [{ date: "2017-10-25", start: 930, end: 960, label: "Coffee" }],
      overflow: [{ number: 7, title: "Rust in QEMU", lead: "Paolo Bonzini" }],
      link: "https://summit.example.org/summits/qemu-summit-2017",
      calendarLink: "https://summit.example.org/summits/qemu-summit-2017/agenda.ics",
    });
    expect(mail.subject).toBe("QEMU Summit 2017: the agenda");
    expect(mail.body).toContain(
      [
        "2017-10-25",
        "",
        "  13:30-14:00  Should QEMU move its continuous integration and its patch",
        "               tracking to a hosted service? (item 1), led by Alex",
        "               Bennée",
        "  14:00-14:30  Deprecating old machine types (item 2), led by Thomas",
        "               Huth",
        "  15:30-16:00  Coffee",
        "",
        "To be taken to the list, as the day has no room for them:",
        "",
        " * Rust in QEMU (item 7), led by Paolo Bonzini",
      ].join("\n"),
    );
    expect(mail.body).toContain("Times are in Europe/Prague.");
    expect(mail.body).toContain("at Hilton Prague is published");
    expect(mail.body).toContain(
      "https://summit.example.org/summits/qemu-summit-2017\nhttps://summit.example.org/summits/qemu-summit-2017/agenda.ics",
    );
    for (const line of mail.body.split("\n")) expect(line.length).toBeLessThanOrEqual(MAIL_WIDTH);
  });

  it("leaves the overflow out when everything fits", () => {
    const mail = agendaMail({
      summit: { title: "S", timezone: "UTC", venue: "", signOff: "" },
      name: "A",
      slots: [{ item: 1, date: "2017-10-25", start: 600, end: 630, title: "T", lead: "L" }],
      breaks: [],
      overflow: [],
      link: "https://x.example/s",
      calendarLink: "https://x.example/s/agenda.ics",
    });
    expect(mail.body).not.toContain("To be taken to the list");
    expect(mail.body).toContain("  10:00-10:30  T (item 1), led by L");
  });
});
