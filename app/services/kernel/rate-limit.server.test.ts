import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  clientAddressBucket,
  FAILED_SIGN_IN_RULE,
  rateLimitKey,
  refilledTokens,
  retryAfterSeconds,
  signInRateLimits,
} from "./rate-limit.server";

const rule = { name: "test", capacity: 3, periodMs: 600_000 };
const t0 = new Date("2026-03-02T09:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("refilledTokens", () => {
  it("treats a bucket never seen as full", () => {
    expect(refilledTokens(null, rule, t0)).toBe(3);
  });

  it.each([
    [0, 0, 0],
    [0, 200_000, 1],
    [0, 400_000, 2],
    [0, 600_000, 3],
    [0, 6_000_000, 3], // never above capacity
    [1.5, 100_000, 2],
  ])("refills %d tokens after %d ms to %d", (tokens, elapsed, expected) => {
    expect(refilledTokens({ tokens, updatedAt: t0 }, rule, at(elapsed))).toBeCloseTo(expected, 9);
  });

  it("does not refill backwards when another process's clock is behind", () => {
    expect(refilledTokens({ tokens: 1, updatedAt: t0 }, rule, at(-60_000))).toBe(1);
  });
});

describe("retryAfterSeconds", () => {
  it.each([
    [0, 200],
    [0.5, 100],
    [0.999, 1],
    [1, 1], // never 0: a Retry-After of 0 invites a tight loop
  ])("with %d tokens left says %d s", (tokens, seconds) => {
    expect(retryAfterSeconds(tokens, rule)).toBe(seconds);
  });

  it("accounts for the cost", () => {
    expect(retryAfterSeconds(0, rule, 2)).toBe(400);
  });
});

describe("rateLimitKey", () => {
  it("names the rule and hashes the subject", () => {
    const key = rateLimitKey(rule, "ada@example.org");
    expect(key).toBe(`test:${createHash("sha256").update("ada@example.org").digest("hex")}`);
    expect(key).not.toContain("ada");
  });

  it("keeps rules apart for the same subject", () => {
    expect(rateLimitKey(rule, "x")).not.toBe(rateLimitKey({ ...rule, name: "other" }, "x"));
  });
});

describe("clientAddressBucket", () => {
  it.each([
    ["192.0.2.7", "192.0.2.7"],
    ["::ffff:192.0.2.7", "192.0.2.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:0db8:0001:0002::/64"],
    ["2001:db8:1:2::9", "2001:0db8:0001:0002::/64"],
    ["2001:DB8:1:2:ffff::1", "2001:0db8:0001:0002::/64"],
    ["::1", "0000:0000:0000:0000::/64"],
    ["fe80::1%eth0", "fe80:0000:0000:0000::/64"],
    [null, "unknown"],
    [undefined, "unknown"],
    ["", "unknown"],
    ["evil.example", "unknown"],
    ["1.2.3.4, 5.6.7.8", "unknown"],
  ])("puts %s into %s", (address, bucket) => {
    expect(clientAddressBucket(address)).toBe(bucket);
  });

  it("gives every address of one IPv6 /64 the same bucket and another /64 a different one", () => {
    expect(clientAddressBucket("2001:db8:0:1::a")).toBe(clientAddressBucket("2001:db8:0:1:ffff:ffff:ffff:ffff"));
    expect(clientAddressBucket("2001:db8:0:1::a")).not.toBe(clientAddressBucket("2001:db8:0:2::a"));
  });
});

describe("sign-in limits", () => {
  it("follow the configuration: per address per 10 minutes, per client address per hour", () => {
    const limits = signInRateLimits({ LOGIN_LINKS_PER_ADDRESS: 3, LOGIN_LINKS_PER_IP: 20 });
    expect(limits.linkPerAddress).toMatchObject({ capacity: 3, periodMs: 600_000 });
    expect(limits.linkPerClient).toMatchObject({ capacity: 20, periodMs: 3_600_000 });
  });

  it("allow at most 100 failed token uses an hour", () => {
    expect(FAILED_SIGN_IN_RULE).toMatchObject({ capacity: 100, periodMs: 3_600_000 });
  });
});
