import { describe, expect, it } from "vitest";
import { MAIL_WIDTH } from "../text/plain-mail";
import { voteClosedMail, voteOpenedMail } from "./vote-mail";

const summit = { title: "QEMU Summit 2017", signOff: "The QEMU Summit organizers" };

function linesFit(body: string) {
  for (const line of body.split("\n")) {
    if (!line.startsWith("https://")) expect(line.length, line).toBeLessThanOrEqual(MAIL_WIDTH);
  }
}

describe("the vote's mails", () => {
  it("opening: what is on the ballot, how it is counted, until when, and where", () => {
    const mail = voteOpenedMail({
      summit,
      voterName: "Kevin Wolf",
      methodLabel: "ranked ballots (Schulze)",
      secret: false,
      items: 9,
      closesAt: new Date("2017-10-24T17:00:00Z"),
      link: "https://summit.example.org/summits/qemu-summit-2017/vote",
    });
    expect(mail.subject).toBe("QEMU Summit 2017: voting is open");
    expect(mail.body).toBe(
      [
        "Hello Kevin Wolf,",
        "",
        "voting on the agenda of QEMU Summit 2017 is open. 9 accepted items are",
        "on the ballot; the vote decides the order they are taken in, and what",
        "does not fit the day goes to the list.",
        "",
        "The method is ranked ballots (Schulze). Ballots are open: you can change",
        "yours until the close, and who voted how is shown after it.",
        "",
        "Voting closes at 2017-10-24 17:00 UTC.",
        "",
        "Vote here:",
        "",
        "https://summit.example.org/summits/qemu-summit-2017/vote",
        "",
        "-- ",
        "The QEMU Summit organizers",
        "",
      ].join("\n"),
    );
    linesFit(mail.body);
  });

  it("opening a secret vote with no deadline says the ballot is cast once and who closes it", () => {
    const mail = voteOpenedMail({
      summit: { title: "S", signOff: "" },
      voterName: "Ada",
      methodLabel: "approval voting",
      secret: true,
      items: 1,
      closesAt: null,
      link: "https://x.example/vote",
    });
    expect(mail.body).toContain("1 accepted item is on the ballot");
    expect(mail.body).toContain("so it is cast once and cannot be changed.");
    expect(mail.body).toContain("The organizers will close voting.");
    expect(mail.body.endsWith("-- \nSummit\n")).toBe(true);
  });

  it("closing: the turnout and the order, ties marked, each item on its own line", () => {
    const mail = voteClosedMail({
      summit,
      voterName: "Kevin Wolf",
      turnout: { voted: 19, roll: 22 },
      order: [
        { place: 1, tied: false, number: 3, title: "Should we move to GitLab CI?" },
        { place: 2, tied: true, number: 1, title: "Deprecating old machine types" },
        {
          place: 2,
          tied: true,
          number: 7,
          title: "A very long title that goes on and on about the block layer and its many features",
        },
      ],
      link: "https://summit.example.org/summits/qemu-summit-2017/vote",
    });
    expect(mail.subject).toBe("QEMU Summit 2017: voting is closed");
    expect(mail.body.replace(/\s+/g, " ")).toContain("is closed: 19 of 22 on the roll voted.");
    expect(mail.body).toContain(
      [
        "The vote puts the items in this order:",
        "",
        " * 1. Should we move to GitLab CI? (item 3)",
        " * 2= Deprecating old machine types (item 1)",
        " * 2= A very long title that goes on and on about the block layer and",
        "   its many features (item 7)",
        "",
        "An equals sign marks a tie.",
      ].join("\n"),
    );
    linesFit(mail.body);
  });

  it("closing with nothing ranked leaves the order out", () => {
    const mail = voteClosedMail({
      summit,
      voterName: "A",
      turnout: { voted: 0, roll: 3 },
      order: [],
      link: "https://x.example/v",
    });
    expect(mail.body).not.toContain("in this order");
    expect(mail.body.replace(/\s+/g, " ")).toContain("0 of 3 on the roll voted.");
  });
});
