import { createHash } from "node:crypto";
import { isIP } from "node:net";
import type { Kysely } from "kysely";
import { getBucket, takeBucketTokens } from "~db/queries/rate-limit";
import type { Database } from "~db/schema";
import type { Config } from "~/lib/config.server";

/**
 * A token bucket: `capacity` requests at once, refilled evenly so that
 * `capacity` more become available over each `periodMs`. Buckets live in the
 * `rate_limit` table, so every app process shares them and they survive a
 * restart.
 */
export interface RateLimitRule {
  name: string;
  capacity: number;
  periodMs: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const MINUTE_MS = 60_000;

const HOUR_MS = 60 * MINUTE_MS;

/** The limits of sign-in (R12). */
export function signInRateLimits(config: Pick<Config, "LOGIN_LINKS_PER_ADDRESS" | "LOGIN_LINKS_PER_IP">) {
  return {
    /** Link mails to one address. */
    linkPerAddress: {
      name: "sign-in-link:address",
      capacity: config.LOGIN_LINKS_PER_ADDRESS,
      periodMs: 10 * MINUTE_MS,
    },
    /** Link requests from one client address. */
    linkPerClient: { name: "sign-in-link:client", capacity: config.LOGIN_LINKS_PER_IP, periodMs: HOUR_MS },
  } satisfies Record<string, RateLimitRule>;
}

/** Refused sign-in token uses from one client address (ASVS 2.2.1: at most 100 failures an hour). */
export const FAILED_SIGN_IN_RULE: RateLimitRule = { name: "sign-in-failure:client", capacity: 100, periodMs: HOUR_MS };

/**
 * The row key of a subject's bucket. Subjects (addresses, client addresses)
 * are hashed so the table does not become a list of who tried to sign in.
 */
export function rateLimitKey(rule: RateLimitRule, subject: string): string {
  return `${rule.name}:${createHash("sha256").update(subject).digest("hex")}`;
}

/** Tokens in a bucket at `now` (a bucket never seen is full). */
export function refilledTokens(
  bucket: { tokens: number; updatedAt: Date } | null,
  rule: RateLimitRule,
  now: Date,
): number {
  if (!bucket) return rule.capacity;
  const elapsed = Math.max(0, now.getTime() - bucket.updatedAt.getTime());
  return Math.min(rule.capacity, bucket.tokens + (elapsed * rule.capacity) / rule.periodMs);
}

/** Whole seconds until `cost` tokens are back (at least 1), for Retry-After. */
export function retryAfterSeconds(tokens: number, rule: RateLimitRule, cost = 1): number {
  const missing = Math.max(0, cost - tokens);
  const waitMs = (missing * rule.periodMs) / rule.capacity;
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/** Takes a token from the subject's bucket; when it is empty, says how long to wait. Writes nothing when refused. */
export async function takeRateLimitToken(
  db: Kysely<Database>,
  rule: RateLimitRule,
  subject: string,
  now: Date,
  cost = 1,
): Promise<RateLimitDecision> {
  if (cost > rule.capacity) throw new RangeError(`cost ${cost} exceeds the capacity of ${rule.name}`);
  const key = rateLimitKey(rule, subject);
  const taken = await takeBucketTokens(db, {
    key,
    capacity: rule.capacity,
    refillPerMs: rule.capacity / rule.periodMs,
    cost,
    now,
  });
  if (taken) return { allowed: true };
  const tokens = refilledTokens(await getBucket(db, key), rule, now);
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(tokens, rule, cost) };
}

/** Whether a token is there, without taking it (read-only). */
export async function checkRateLimit(
  db: Kysely<Database>,
  rule: RateLimitRule,
  subject: string,
  now: Date,
  cost = 1,
): Promise<RateLimitDecision> {
  const tokens = refilledTokens(await getBucket(db, rateLimitKey(rule, subject)), rule, now);
  return tokens >= cost - 1e-9
    ? { allowed: true }
    : { allowed: false, retryAfterSeconds: retryAfterSeconds(tokens, rule, cost) };
}

/**
 * The bucket a client address falls into: IPv4 addresses as they are, IPv6
 * by their /64 prefix (one subscriber usually holds a whole /64), and anything
 * missing or malformed in one shared "unknown" bucket.
 */
export function clientAddressBucket(address: string | null | undefined): string {
  if (!address) return "unknown";
  let ip = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  const version = isIP(ip);
  if (version === 4) return ip;
  if (version !== 6) return "unknown";
  return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(ip: string): string[] {
  const withoutZone = ip.split("%")[0]!;
  let text = withoutZone;
  // An embedded IPv4 tail (::1.2.3.4) becomes two hextets.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headParts.length - tailParts.length).fill("0");
  return [...headParts, ...zeros, ...tailParts].map((part) => part.toLowerCase().padStart(4, "0"));
}
