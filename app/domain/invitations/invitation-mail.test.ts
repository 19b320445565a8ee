import { describe, expect, it } from "vitest";
import { MAIL_WIDTH, textWidth } from "../text/plain-mail";
import { invitationMail, type InvitationMailInput } from "./invitation-mail";

const LINK = `https://summit.example.org/invitations/${"a".repeat(52)}`;

const BASE: InvitationMailInput = {
  kind: "invitation",
  summit: {
    title: "QEMU Summit 2017",
    startsOn: "2017-10-26",
    endsOn: "2017-10-26",
    venue: "KVM Forum 2017, Prague",
    signOff: "-- PMM",
  },
  name: "Ada Lovelace",
  reasons: ["#1 by commits, 2017-01-01..2017-10-31: 412 commits", "maintainer: Block layer core"],
  link: LINK,
  expiresAt: new Date("2017-10-01T09:30:00Z"),
};

/** Every line but the link's fits in 72 columns, and only the delimiter ends with a space. */
function expectPlainLayout(body: string): void {
  for (const line of body.split("\n")) {
    if (line !== LINK) expect(textWidth(line), line).toBeLessThanOrEqual(MAIL_WIDTH);
    if (line !== "-- ") expect(line).not.toMatch(/\s$/);
  }
  expect(body.endsWith("\n")).toBe(true);
  expect(body.endsWith("\n\n")).toBe(false);
}

describe("invitationMail", () => {
  it("invites with the reasons as a list, the link alone on its line and the demo's sign-off as the signature", () => {
    const mail = invitationMail(BASE);
    expect(mail.subject).toBe("Invitation to QEMU Summit 2017");
    expect(mail.body).toBe(
      [
        "Hello Ada Lovelace,",
        "",
        "you are invited to QEMU Summit 2017 (26 October 2017, KVM Forum 2017,",
        "Prague).",
        "",
        "You are invited because:",
        "",
        " * #1 by commits, 2017-01-01..2017-10-31: 412 commits",
        " * maintainer: Block layer core",
        "",
        "To accept or decline, open this link and press one of the buttons:",
        "",
        LINK,
        "",
        "The link works until 2017-10-01 09:30 UTC and signs you in to Summit",
        "with this address. Forward this mail to nobody: the link is yours alone.",
        "",
        "-- PMM",
        "",
      ].join("\n"),
    );
    // "-- PMM" is the signature itself: the delimiter comes once.
    expect(mail.body).not.toContain("-- \n-- PMM");
    expectPlainLayout(mail.body);
  });

  it("a resend says the earlier link no longer works; the subject stays that of the invitation", () => {
    const mail = invitationMail({ ...BASE, kind: "resend" });
    expect(mail.subject).toBe("Invitation to QEMU Summit 2017");
    expect(mail.body).toContain("here is a new link for your invitation to QEMU Summit 2017");
    expect(mail.body.replace(/\s+/g, " ")).toContain("The link in the earlier mail no longer works.");
    expect(mail.body).toContain(`\n${LINK}\n`);
    expectPlainLayout(mail.body);
  });

  it("offers a freed seat to the first on the waitlist", () => {
    const mail = invitationMail({ ...BASE, kind: "seat-offer" });
    expect(mail.subject).toBe("A seat is free for you at QEMU Summit 2017");
    expect(mail.body.startsWith("Hello Ada Lovelace,\n\na seat is free at QEMU Summit 2017")).toBe(true);
    expect(mail.body.replace(/\s+/g, " ")).toContain("you are next on the waitlist: the seat is yours if you want it.");
    expectPlainLayout(mail.body);
  });

  it("wraps long reasons under their first word, and leaves out the list when there are none", () => {
    const long = `maintainer: ${"Block layer core and its image formats ".repeat(3).trim()}`;
    const mail = invitationMail({ ...BASE, reasons: [long, "  "] });
    const lines = mail.body.split("\n");
    const first = lines.findIndex((line) => line.startsWith(" * maintainer:"));
    expect(first).toBeGreaterThan(0);
    expect(lines[first + 1]).toMatch(/^ {3}\S/);
    expect(lines.filter((line) => line.startsWith(" * "))).toHaveLength(1);
    expectPlainLayout(mail.body);

    const none = invitationMail({ ...BASE, reasons: [] });
    expect(none.body).not.toContain("You are invited because");
  });

  it("greets without a name, drops an empty venue, and signs a summit without a sign-off as Summit", () => {
    const mail = invitationMail({ ...BASE, name: " ", summit: { ...BASE.summit, venue: "", signOff: "" } });
    expect(mail.body.startsWith("Hello,\n\nyou are invited to QEMU Summit 2017 (26 October 2017).\n")).toBe(true);
    expect(mail.body.endsWith("\n\n-- \nSummit\n")).toBe(true);
  });

  it("puts the delimiter before a sign-off that has none", () => {
    const mail = invitationMail({ ...BASE, summit: { ...BASE.summit, signOff: "Peter Maydell" } });
    expect(mail.body.endsWith("\n\n-- \nPeter Maydell\n")).toBe(true);
  });
});
