import { createHash, randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import {
  consumeSignInToken,
  deleteExpiredSignInTokens,
  deleteSignInTokensForEmail,
  getSignInTokenState,
  insertSignInToken,
} from "~db/queries/sign-in-token";
import { ensureUser, getUserByEmail, getUserById, updateDisplayName } from "~db/queries/user";
import type { Database } from "~db/schema";
import { endAllSessions, endSession, startSession, type SessionSettings } from "~/auth/session.server";
import { SIGN_IN_TOKEN_PATTERN } from "~/forms/sign-in";
import type { Config } from "~/lib/config.server";
import { safeRedirectPath } from "~/lib/http";
import { enqueueMail, messageIdDomain } from "../kernel/mail.server";
import {
  checkRateLimit,
  clientAddressBucket,
  FAILED_SIGN_IN_RULE,
  signInRateLimits,
  takeRateLimitToken,
} from "../kernel/rate-limit.server";

/** Sign-in links work for 10 minutes (ASVS 2.7.2 / R8). */
export const SIGN_IN_TOKEN_TTL_MS = 10 * 60_000;
/** Expired tokens are kept a day, so a late click still hears "expired" rather than "not valid". */
const EXPIRED_TOKEN_RETENTION_MS = 24 * 3_600_000;

type SignInConfig = Pick<Config, "APP_ORIGIN" | "MAIL_FROM" | "LOGIN_LINKS_PER_ADDRESS" | "LOGIN_LINKS_PER_IP">;

/** 32 bytes from the CSPRNG, base32: the secret in the link. Only its SHA-256 is stored. */
export function generateSignInToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(32));
}

export function hashSignInToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The link in the mail. Built from the configured origin only, never from request headers (R9). */
export function signInLink(appOrigin: string, token: string, next?: string | null): string {
  const params = new URLSearchParams({ token });
  if (next && next !== "/") params.set("next", next);
  return `${appOrigin}/login/verify?${params.toString()}`;
}

/** A first display name from the address ("ada.lovelace+summit@x" → "Ada Lovelace"); editable on the profile page. */
export function displayNameFromEmail(email: string): string {
  const local = email.split("@")[0] ?? "";
  const words = (local.split("+")[0] ?? "")
    .split(/[._-]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  const name = words.join(" ").trim() || local || email;
  return name.slice(0, 100);
}

export type LinkRequestResult = { ok: true } | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/**
 * Mails a sign-in link. Known and unknown addresses take exactly the same
 * path (no user is looked up or created here), so neither the answer nor its
 * timing tells whether an account exists (R10). A new link supersedes every
 * earlier one for the address.
 */
export async function requestSignInLink(
  db: Kysely<Database>,
  args: { email: string; next?: string | null; clientAddress: string | null; config: SignInConfig; now: Date },
): Promise<LinkRequestResult> {
  const limits = signInRateLimits(args.config);
  const byClient = await takeRateLimitToken(
    db,
    limits.linkPerClient,
    clientAddressBucket(args.clientAddress),
    args.now,
  );
  if (!byClient.allowed) return { ok: false, reason: "rate-limited", retryAfterSeconds: byClient.retryAfterSeconds };
  const byAddress = await takeRateLimitToken(db, limits.linkPerAddress, args.email, args.now);
  if (!byAddress.allowed) return { ok: false, reason: "rate-limited", retryAfterSeconds: byAddress.retryAfterSeconds };

  const token = generateSignInToken();
  const expiresAt = new Date(args.now.getTime() + SIGN_IN_TOKEN_TTL_MS);
  const link = signInLink(args.config.APP_ORIGIN, token, safeRedirectPath(args.next));
  await db.transaction().execute(async (trx) => {
    await deleteSignInTokensForEmail(trx, args.email);
    await deleteExpiredSignInTokens(trx, new Date(args.now.getTime() - EXPIRED_TOKEN_RETENTION_MS));
    const row = await insertSignInToken(trx, {
      tokenHash: hashSignInToken(token),
      email: args.email,
      createdAt: args.now,
      expiresAt,
    });
    await enqueueMail(
      trx,
      {
        kind: "sign_in",
        recipient: args.email,
        subject: "Your Summit sign-in link",
        body: signInMailBody({ link, origin: args.config.APP_ORIGIN, expiresAt }),
        dedupeKey: `sign-in:${row.id}`,
      },
      { now: args.now, messageIdDomain: messageIdDomain(args.config.MAIL_FROM) },
    );
  });
  return { ok: true };
}

function signInMailBody(args: { link: string; origin: string; expiresAt: Date }): string {
  const until = args.expiresAt.toISOString().slice(11, 16);
  return [
    "Hello,",
    "",
    `someone asked to sign in to Summit at ${args.origin} with this address.`,
    'To sign in, open this link and press the "Sign in" button:',
    "",
    args.link,
    "",
    `The link works once, until ${until} UTC (10 minutes after it was requested).`,
    "If you did not ask for it, ignore this message: nobody can sign in without the link.",
    "",
    "-- ",
    "Summit",
    "",
  ].join("\n");
}

export type TokenRefusal = "invalid" | "expired" | "used" | "deactivated";

export type SignInResult =
  | { ok: true; userId: string; setCookie: string; createdUser: boolean }
  | { ok: false; reason: TokenRefusal }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

class DeactivatedUser extends Error {}

/**
 * Uses a sign-in token (the POST of the confirmation page; never a GET). On
 * success the user exists (created on first sign-in), any session the browser
 * still carried is ended, and a new session starts: a new id at every sign-in.
 * A refusal writes nothing but the failure count of the client address.
 */
export async function signInWithToken(
  db: Kysely<Database>,
  args: {
    /** null when the submitted form carried no well-formed token. */
    token: string | null;
    clientAddress: string | null;
    cookieHeader: string | null;
    sessionSettings: SessionSettings;
    now: Date;
  },
): Promise<SignInResult> {
  const failureRule = FAILED_SIGN_IN_RULE;
  const client = clientAddressBucket(args.clientAddress);
  const gate = await checkRateLimit(db, failureRule, client, args.now);
  if (!gate.allowed) return { ok: false, reason: "rate-limited", retryAfterSeconds: gate.retryAfterSeconds };

  const refuse = async (reason: TokenRefusal): Promise<SignInResult> => {
    if (reason !== "deactivated") await takeRateLimitToken(db, failureRule, client, args.now);
    return { ok: false, reason };
  };

  if (args.token === null || !SIGN_IN_TOKEN_PATTERN.test(args.token)) return refuse("invalid");
  const tokenHash = hashSignInToken(args.token);

  let result: { userId: string; setCookie: string; createdUser: boolean } | null;
  try {
    result = await db.transaction().execute(async (trx) => {
      const consumed = await consumeSignInToken(trx, { tokenHash, now: args.now });
      if (!consumed) return null;
      const existing = await getUserByEmail(trx, consumed.email);
      // Rolling back leaves the token as it was: a deactivated user's link changes nothing.
      if (existing?.deactivated_at) throw new DeactivatedUser();
      const { user, created } = existing
        ? { user: existing, created: false }
        : await ensureUser(trx, { email: consumed.email, displayName: displayNameFromEmail(consumed.email) });
      if (user.deactivated_at) throw new DeactivatedUser();
      if (created) {
        await recordAudit(trx, { actorId: user.id, action: "user.created", objectType: "user", objectId: user.id });
      }
      // Whatever session the browser had before is replaced, never upgraded (R3).
      await endSession(trx, args.sessionSettings, args.cookieHeader);
      const setCookie = await startSession(trx, args.sessionSettings, user.id);
      return { userId: user.id, setCookie, createdUser: created };
    });
  } catch (error) {
    if (error instanceof DeactivatedUser) return refuse("deactivated");
    throw error;
  }
  if (result) return { ok: true, ...result };
  return refuse(await tokenRefusal(db, tokenHash, args.now));
}

/** Why a token that could not be used was refused, for the message on the page (read-only). */
async function tokenRefusal(db: Kysely<Database>, tokenHash: string, now: Date): Promise<TokenRefusal> {
  const state = await getSignInTokenState(db, tokenHash);
  if (!state) return "invalid";
  if (state.usedAt) return "used";
  if (state.expiresAt.getTime() <= now.getTime()) return "expired";
  // Unused and unexpired, yet not consumed: it was used or replaced in between.
  return "used";
}

export type TokenPreview = { ok: true } | { ok: false; reason: Exclude<TokenRefusal, "deactivated"> };

/**
 * What the confirmation page (GET) says about a token, without using it or
 * writing anything: link scanners that fetch the page change nothing (R9).
 */
export async function previewSignInToken(
  db: Kysely<Database>,
  args: { token: string; now: Date },
): Promise<TokenPreview> {
  if (!SIGN_IN_TOKEN_PATTERN.test(args.token)) return { ok: false, reason: "invalid" };
  const state = await getSignInTokenState(db, hashSignInToken(args.token));
  if (!state) return { ok: false, reason: "invalid" };
  if (state.usedAt) return { ok: false, reason: "used" };
  if (state.expiresAt.getTime() <= args.now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true };
}

/** "Sign out everywhere": every session of the user ends; returns the blank cookie for this browser. */
export async function signOutEverywhere(
  db: Kysely<Database>,
  args: { userId: string; sessionSettings: SessionSettings },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await endAllSessions(trx, args.userId);
    await recordAudit(trx, {
      actorId: args.userId,
      action: "user.signed_out_everywhere",
      objectType: "user",
      objectId: args.userId,
    });
    return endSession(trx, args.sessionSettings, null);
  });
}

/** Changes the name other people see; false when the user does not exist. */
export async function changeDisplayName(
  db: Kysely<Database>,
  args: { userId: string; displayName: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const changed = await updateDisplayName(trx, args);
    if (changed) {
      await recordAudit(trx, {
        actorId: args.userId,
        action: "user.display_name_changed",
        objectType: "user",
        objectId: args.userId,
        detail: { displayName: args.displayName },
      });
    }
    return changed;
  });
}

/** The profile page's account, or null if it no longer exists. */
export function getAccount(db: Kysely<Database>, userId: string) {
  return getUserById(db, userId);
}
