/**
 * When to try a failed delivery again, and whether to try at all.
 *
 * The schedule is exponential with jitter and a ceiling: the n-th retry waits
 * base·2^(n−1), at most one hour, and then up to a quarter less, so that
 * messages that failed together do not all come back at the same moment
 * (RFC 5321 §4.5.4.1 asks for a retry interval of tens of minutes at most once
 * the first retries have failed).
 */

export interface RetryPolicy {
  /** The wait after the first failed attempt, before jitter. */
  baseMs: number;
  /** Growth per further attempt. */
  factor: number;
  /** No wait is longer than this. */
  capMs: number;
  /** The share of each wait that jitter may take away (0 = none, 0.25 = up to a quarter). */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 30_000,
  factor: 2,
  capMs: 3_600_000,
  jitter: 0.25,
};

/** The wait before the next attempt, before jitter, after `attempts` failed attempts (1 = the first). */
export function nominalRetryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  // Past ~40 doublings the power overflows any sane cap; stop computing early.
  const exponent = Math.min(attempts - 1, 40);
  return Math.min(policy.capMs, policy.baseMs * policy.factor ** exponent);
}

/**
 * The wait after `attempts` failed attempts. `random` returns a number in [0, 1)
 * (Math.random in production, a fixed sequence in tests); the result lies in
 * [nominal·(1 − jitter), nominal] and never exceeds the cap.
 */
export function retryDelayMs(
  attempts: number,
  random: () => number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  const nominal = nominalRetryDelayMs(attempts, policy);
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${r}`);
  return Math.round(nominal * (1 - policy.jitter * r));
}

/** The earliest and latest wait the schedule allows after `attempts` failed attempts. */
export function retryDelayBounds(
  attempts: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): { minMs: number; maxMs: number } {
  const nominal = nominalRetryDelayMs(attempts, policy);
  return { minMs: Math.round(nominal * (1 - policy.jitter)), maxMs: nominal };
}

export type FailureClass = "transient" | "permanent" | "ambiguous";

/** What is known about a failed delivery, as plain data (from nodemailer's error and the transport). */
export interface DeliveryFailure {
  /** The SMTP reply code, when the server answered with one. */
  responseCode?: number | null;
  /** The error code (nodemailer's ECONNECTION, ETIMEDOUT, EENVELOPE, ... or a system code). */
  code?: string | null;
  /** True once the message data began to go to the server (after its 354 reply to DATA). */
  dataPhaseReached: boolean;
}

/**
 * Sorts a failed delivery into what to do with the message:
 * - a reply from the server decides: 5xx is permanent (the same message would be
 *   refused again), 4xx transient; 503 only means the session was in the wrong
 *   state, so it is transient too;
 * - with no reply, a failure before the data was sent (refused, timed out,
 *   dropped) is transient: the server cannot have the message;
 * - with no reply after the data began, the server may have accepted it and we
 *   did not hear back (RFC 5321 §6.1): ambiguous, for a person to confirm;
 * - a message the transport refused to build or address is permanent;
 * - authentication and TLS failures are the installation's, not the message's:
 *   they are retried until the give-up time, even with a 5xx reply, so fixing
 *   the settings still lets the mail through.
 */
export function classifyDeliveryFailure(failure: DeliveryFailure): FailureClass {
  if (!failure.dataPhaseReached && failure.code && INSTALLATION_CODES.has(failure.code)) return "transient";
  const code = failure.responseCode ?? null;
  if (code !== null && code >= 400 && code < 600) {
    if (code >= 500 && code !== 503) return "permanent";
    return "transient";
  }
  if (failure.dataPhaseReached) return "ambiguous";
  if (failure.code && PERMANENT_CODES.has(failure.code)) return "permanent";
  return "transient";
}

// Refusals raised before anything reaches a server, about the message itself.
const PERMANENT_CODES = new Set(["EENVELOPE", "EMESSAGE", "EFILEACCESS", "EURLACCESS", "EMAXRECIPIENTS"]);
const INSTALLATION_CODES = new Set(["EAUTH", "ENOAUTH", "EOAUTH2", "ETLS", "EREQUIRETLS", "EPROXY"]);

/** True when a transient failure at `now` is past the message's give-up time. */
export function isPastGiveUp(now: Date, giveUpAt: Date): boolean {
  return now.getTime() >= giveUpAt.getTime();
}
