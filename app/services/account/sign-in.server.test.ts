import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { displayNameFromEmail } from "~/domain/account/display-name";
import { signInLink } from "~/domain/account/sign-in-mail";
import { generateSignInToken, hashSignInToken, SIGN_IN_TOKEN_TTL_MS, tokenStateRefusal } from "./sign-in.server";

describe("sign-in tokens", () => {
  it("carry 256 bits: 52 base32 characters", () => {
    const token = generateSignInToken();
    expect(token).toMatch(/^[a-z2-7]{52}$/);
    // 52 characters × 5 bits ≥ 256 bits ≥ the 128 required.
    expect(token.length * 5).toBeGreaterThanOrEqual(256);
  });

  it("are unique over 100,000 draws", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(generateSignInToken());
    expect(seen.size).toBe(100_000);
  });

  it("are stored as the SHA-256 hex of the link's token", () => {
    const token = generateSignInToken();
    const hash = hashSignInToken(token);
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
  });

  it("expire after 10 minutes", () => {
    expect(SIGN_IN_TOKEN_TTL_MS).toBe(600_000);
  });
});

describe("why a stored token cannot be used", () => {
  const now = new Date("2026-03-02T09:00:00Z");
  const later = new Date(now.getTime() + 1);

  it("is not known, used, or past its time; otherwise it can be used", () => {
    expect(tokenStateRefusal(null, now)).toBe("invalid");
    expect(tokenStateRefusal({ usedAt: now, expiresAt: later }, now)).toBe("used");
    expect(tokenStateRefusal({ usedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(tokenStateRefusal({ usedAt: null, expiresAt: later }, now)).toBeNull();
  });

  it("says used rather than expired for a link both used and past its time", () => {
    expect(tokenStateRefusal({ usedAt: now, expiresAt: now }, later)).toBe("used");
  });
});

describe("signInLink", () => {
  it("is built from the configured origin", () => {
    expect(signInLink("https://summit.example.org", "abc")).toBe("https://summit.example.org/login/verify?token=abc");
  });

  it("carries a return path, encoded, and leaves out the home page", () => {
    expect(signInLink("http://localhost:3000", "abc", "/summits/qemu-2017?tab=items")).toBe(
      "http://localhost:3000/login/verify?token=abc&next=%2Fsummits%2Fqemu-2017%3Ftab%3Ditems",
    );
    expect(signInLink("http://localhost:3000", "abc", "/")).toBe("http://localhost:3000/login/verify?token=abc");
  });
});

describe("displayNameFromEmail", () => {
  it.each([
    ["peter.maydell@linaro.org", "Peter Maydell"],
    ["stefanha@redhat.com", "Stefanha"],
    ["ada_lovelace+summit@example.org", "Ada Lovelace"],
    ["a-b.c@example.org", "A B C"],
    ["+tag@example.org", "+tag"],
    ["...@example.org", "..."],
  ])("%s → %s", (email, name) => {
    expect(displayNameFromEmail(email)).toBe(name);
  });

  it("fits the 100-character limit of display names", () => {
    const long = `${"x".repeat(64)}.${"y".repeat(60)}@example.org`;
    expect(displayNameFromEmail(long).length).toBe(100);
  });
});
