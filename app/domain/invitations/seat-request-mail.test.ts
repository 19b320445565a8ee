import { describe, expect, it } from "vitest";
import { MAIL_WIDTH, textWidth } from "../text/plain-mail";
import { seatRequestRefusedMail, seatRequestWaitlistedMail } from "./seat-request-mail";

const SUMMIT = { title: "QEMU Summit 2018", signOff: "-- PMM" };

function expectPlainLayout(body: string): void {
  for (const line of body.split("\n")) {
    expect(textWidth(line), line).toBeLessThanOrEqual(MAIL_WIDTH);
    if (line !== "-- ") expect(line).not.toMatch(/\s$/);
  }
  expect(body.endsWith("\n")).toBe(true);
}

describe("seatRequestWaitlistedMail", () => {
  it("tells the requester their place on the waitlist, signed with the summit's sign-off", () => {
    const mail = seatRequestWaitlistedMail({ summit: SUMMIT, name: "Thomas Huth", position: 2 });
    expect(mail.subject).toBe("Your seat request for QEMU Summit 2018: on the waitlist");
    expect(mail.body).toBe(
      [
        "Hello Thomas Huth,",
        "",
        "the organizers of QEMU Summit 2018 approved your request for a seat, but",
        "every seat is taken for now.",
        "",
        "You are number 2 on the waitlist. When a seat is free, you will get a",
        "mail with a link to accept it.",
        "",
        "-- PMM",
        "",
      ].join("\n"),
    );
    expectPlainLayout(mail.body);
  });

  it("keeps the place on one line whatever the summit's title", () => {
    const mail = seatRequestWaitlistedMail({
      summit: { title: "The Very Long Annual Summit of the Maintainers of QEMU", signOff: "" },
      name: "Second",
      position: 1234,
    });
    expect(mail.body).toContain("\nYou are number 1234 on the waitlist.");
    expect(mail.body.endsWith("\n\n-- \nSummit\n")).toBe(true);
    expectPlainLayout(mail.body);
  });
});

describe("seatRequestRefusedMail", () => {
  it("quotes the organizers' reason line by line after the sentence that introduces it", () => {
    const mail = seatRequestRefusedMail({
      summit: SUMMIT,
      name: "Member",
      reason: "The room holds 30 people and the list is full.\n\nCome to KVM Forum instead.",
    });
    expect(mail.subject).toBe("Your seat request for QEMU Summit 2018");
    expect(mail.body).toBe(
      [
        "Hello Member,",
        "",
        "the organizers of QEMU Summit 2018 could not give you a seat. They say:",
        "",
        "> The room holds 30 people and the list is full.",
        ">",
        "> Come to KVM Forum instead.",
        "",
        "-- PMM",
        "",
      ].join("\n"),
    );
    expectPlainLayout(mail.body);
  });

  it("wraps a long reason within the quote, and keeps a sign-off's closing above its delimiter", () => {
    const mail = seatRequestRefusedMail({
      summit: { title: "QEMU Summit 2018", signOff: "Thanks,\n-- \nThe organizers" },
      name: "Member",
      reason: "We had many more requests than seats this year, so we chose those who maintain a subsystem.",
    });
    const quoted = mail.body.split("\n").filter((line) => line.startsWith(">"));
    expect(quoted.length).toBeGreaterThan(1);
    expect(quoted.every((line) => line.startsWith("> "))).toBe(true);
    expect(mail.body.endsWith("\n\nThanks,\n-- \nThe organizers\n")).toBe(true);
    expectPlainLayout(mail.body);
  });
});
