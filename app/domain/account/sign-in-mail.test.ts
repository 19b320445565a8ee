import { describe, expect, it } from "vitest";
import { MAIL_WIDTH, textWidth } from "../text/plain-mail";
import { SIGN_IN_MAIL_SUBJECT, signInLink, signInMail } from "./sign-in-mail";

const REQUESTED = new Date("2026-03-02T09:00:30Z");
const EXPIRES = new Date("2026-03-02T09:10:30Z");
const TOKEN = "a".repeat(52);

function mailFor(link = signInLink("https://summit.example.org", TOKEN)) {
  return signInMail({ origin: "https://summit.example.org", link, requestedAt: REQUESTED, expiresAt: EXPIRES });
}

describe("signInMail", () => {
  it("has the subject people look for in their mailbox", () => {
    expect(mailFor().subject).toBe(SIGN_IN_MAIL_SUBJECT);
    expect(SIGN_IN_MAIL_SUBJECT).toBe("Your Summit sign-in link");
  });

  it("reads as one plain-text mail: greeting, what to do, the link, how long it works, signature", () => {
    expect(mailFor().body).toBe(
      [
        "Hello,",
        "",
        "someone asked to sign in to Summit at https://summit.example.org with",
        "this address.",
        'To sign in, open this link and press the "Sign in" button:',
        "",
        `https://summit.example.org/login/verify?token=${TOKEN}`,
        "",
        "It works once, until 09:10 UTC (10 minutes after it was requested).",
        "If you did not ask for it, ignore this message: nobody can sign in",
        "without the link.",
        "",
        "-- ",
        "Summit",
        "",
      ].join("\n"),
    );
  });

  it("keeps every line but the link within 72 columns, and the link whole on its own line", () => {
    const link = signInLink("https://summit.example.org", TOKEN, "/summits/qemu-summit-2017/items?status=accepted");
    const lines = mailFor(link).body.split("\n");
    expect(lines).toContain(link);
    for (const line of lines.filter((l) => l !== link)) expect(textWidth(line)).toBeLessThanOrEqual(MAIL_WIDTH);
    expect(textWidth(link)).toBeGreaterThan(MAIL_WIDTH);
  });

  it("states the end of the link's life in UTC, and how long after the request that is", () => {
    const body = signInMail({
      origin: "http://localhost:3000",
      link: signInLink("http://localhost:3000", TOKEN),
      requestedAt: new Date("2026-12-31T23:59:00Z"),
      expiresAt: new Date("2027-01-01T00:00:00Z"),
    }).body;
    expect(body).toContain("until 00:00 UTC (a minute after it was requested)");
  });

  it("ends with a single signature delimiter and one line break", () => {
    const body = mailFor().body;
    expect(body.match(/^-- $/gm)).toHaveLength(1);
    expect(body.endsWith("-- \nSummit\n")).toBe(true);
  });
});
