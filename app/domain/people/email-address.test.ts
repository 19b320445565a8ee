import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeEmailAddress } from "./email-address";

describe("normalizeEmailAddress", () => {
  it.each([
    ["Peter.Maydell@Linaro.org", "peter.maydell@linaro.org"],
    ["  kwolf@redhat.com ", "kwolf@redhat.com"],
    ["a+tag@sub.example.org", "a+tag@sub.example.org"],
  ])("accepts %s", (input, expected) => {
    expect(normalizeEmailAddress(input)).toEqual({ ok: true, address: expected });
  });

  it.each([
    ['"a@b x"@c.org'],
    ["a@b,c@d.org"],
    ["a@b.org\r\nBcc: x@y.org"],
    ["a@b.org\nBcc: x@y.org"],
    ["Peter <peter@example.org>"],
    ["peter@example"],
    ["peter@@example.org"],
    [".peter@example.org"],
    ["pe..ter@example.org"],
    ["peter@exa mple.org"],
    ["peter@example.org\u0000"],
    [""],
    [`${"a".repeat(250)}@example.org`],
  ])("refuses %j", (input) => {
    const result = normalizeEmailAddress(input);
    expect(result.ok).toBe(false);
  });

  it("never accepts an address containing CR, LF, NUL, comma, space or angle brackets", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom("\r", "\n", "\0", ",", " x", "<", ">", ";"),
        fc.string(),
        (a, bad, b) => {
          const result = normalizeEmailAddress(`${a}${bad}${b}@example.org`.replace(/^\s+|\s+$/g, "") + bad.trim());
          if (result.ok) expect(result.address).not.toMatch(/[\r\n\0,<>; ]/);
        },
      ),
    );
  });
});
