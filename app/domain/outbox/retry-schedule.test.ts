import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifyDeliveryFailure,
  DEFAULT_RETRY_POLICY,
  isPastGiveUp,
  nominalRetryDelayMs,
  retryDelayBounds,
  retryDelayMs,
} from "./retry-schedule";

describe("nominalRetryDelayMs", () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [4, 240_000],
    [5, 480_000],
    [6, 960_000],
    [7, 1_920_000],
    [8, 3_600_000],
    [9, 3_600_000],
    [1000, 3_600_000],
  ])("after %i failed attempts waits %i ms", (attempts, expected) => {
    expect(nominalRetryDelayMs(attempts)).toBe(expected);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])("refuses attempts = %d", (attempts) => {
    expect(() => nominalRetryDelayMs(attempts)).toThrow(RangeError);
  });
});

describe("retryDelayMs", () => {
  it("takes up to a quarter off the nominal wait, as the random source says", () => {
    expect(retryDelayMs(1, () => 0)).toBe(30_000);
    expect(retryDelayMs(1, () => 0.5)).toBe(26_250);
    expect(retryDelayMs(2, () => 0.999999)).toBe(45_000);
  });

  it("is never longer than one hour and never below the lower bound", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempts, r) => {
          const delay = retryDelayMs(attempts, () => r);
          const { minMs, maxMs } = retryDelayBounds(attempts);
          expect(delay).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.capMs);
          expect(delay).toBeGreaterThanOrEqual(minMs);
          expect(delay).toBeLessThanOrEqual(maxMs);
        },
      ),
    );
  });

  it("grows with each attempt until the cap", () => {
    for (let attempts = 1; attempts < 8; attempts++) {
      expect(nominalRetryDelayMs(attempts + 1)).toBe(Math.min(2 * nominalRetryDelayMs(attempts), 3_600_000));
    }
  });

  it.each([[1], [-0.1], [Number.NaN]])("refuses a random source returning %d", (r) => {
    expect(() => retryDelayMs(1, () => r)).toThrow(RangeError);
  });

  it("follows a custom policy", () => {
    const policy = { baseMs: 1000, factor: 3, capMs: 5000, jitter: 0 };
    expect([1, 2, 3].map((n) => retryDelayMs(n, () => 0.7, policy))).toEqual([1000, 3000, 5000]);
  });
});

describe("classifyDeliveryFailure", () => {
  it.each([
    // Replies decide, wherever they came.
    [{ responseCode: 451, code: "EENVELOPE", dataPhaseReached: false }, "transient"],
    [{ responseCode: 421, code: "ECONNECTION", dataPhaseReached: false }, "transient"],
    [{ responseCode: 452, code: "EMESSAGE", dataPhaseReached: true }, "transient"],
    [{ responseCode: 550, code: "EENVELOPE", dataPhaseReached: false }, "permanent"],
    [{ responseCode: 554, code: "EMESSAGE", dataPhaseReached: true }, "permanent"],
    [{ responseCode: 503, code: "EENVELOPE", dataPhaseReached: false }, "transient"],
    // Wrong credentials or TLS are fixed by the operator, then the mail goes.
    [{ responseCode: 535, code: "EAUTH", dataPhaseReached: false }, "transient"],
    [{ responseCode: 530, code: "ETLS", dataPhaseReached: false }, "transient"],
    // No reply before the data: the server cannot have the message.
    [{ code: "ECONNECTION", dataPhaseReached: false }, "transient"],
    [{ code: "ETIMEDOUT", dataPhaseReached: false }, "transient"],
    [{ code: "ESOCKET", dataPhaseReached: false }, "transient"],
    [{ code: "EDNS", dataPhaseReached: false }, "transient"],
    [{ code: "EAUTH", dataPhaseReached: false }, "transient"],
    [{ code: "ENOSPC", dataPhaseReached: false }, "transient"],
    [{ dataPhaseReached: false }, "transient"],
    // No reply after the data began: it may have arrived.
    [{ code: "ETIMEDOUT", dataPhaseReached: true }, "ambiguous"],
    [{ code: "ECONNECTION", dataPhaseReached: true }, "ambiguous"],
    [{ code: "ESOCKET", dataPhaseReached: true }, "ambiguous"],
    [{ responseCode: 250, code: "EPROTOCOL", dataPhaseReached: true }, "ambiguous"],
    // The message itself cannot be sent.
    [{ code: "EENVELOPE", dataPhaseReached: false }, "permanent"],
    [{ code: "EMESSAGE", dataPhaseReached: false }, "permanent"],
    [{ code: "EFILEACCESS", dataPhaseReached: false }, "permanent"],
  ] as const)("%j is %s", (failure, expected) => {
    expect(classifyDeliveryFailure(failure)).toBe(expected);
  });

  it("after the data began, retries only on a transient reply and calls silence ambiguous", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 100, max: 699 }), { nil: null }), fc.string(), (responseCode, code) => {
        const result = classifyDeliveryFailure({ responseCode, code, dataPhaseReached: true });
        const replied = responseCode !== null && responseCode >= 400 && responseCode < 600;
        const transientReply = replied && (responseCode < 500 || responseCode === 503);
        expect(result).toBe(!replied ? "ambiguous" : transientReply ? "transient" : "permanent");
      }),
      { numRuns: 500 },
    );
  });
});

describe("isPastGiveUp", () => {
  it("is true from the give-up instant on", () => {
    const giveUp = new Date("2026-11-27T10:00:00Z");
    expect(isPastGiveUp(new Date("2026-11-27T09:59:59.999Z"), giveUp)).toBe(false);
    expect(isPastGiveUp(giveUp, giveUp)).toBe(true);
    expect(isPastGiveUp(new Date("2026-11-28T10:00:00Z"), giveUp)).toBe(true);
  });
});
