import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import {
  consumeSignInToken,
  deleteExpiredSignInTokens,
  deleteSignInTokensForEmail,
  getSignInTokenState,
  insertSignInToken,
} from "~db/queries/sign-in-token";
import { ensureUser, getUserByEmail, updateDisplayName } from "~db/queries/user";
import type { Database } from "~db/schema";
import { endAllSessions, endSession, startSession, type SessionSettings } from "~/auth/session.server";
import { displayNameFromEmail } from "~/domain/account/display-name";
import { signInLink, signInMail } from "~/domain/account/sign-in-mail";
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
import {
  EXPIRED_TOKEN_RETENTION_MS,
  generateSignInToken,
  hashSignInToken,
  SIGN_IN_TOKEN_TTL_MS,
  tokenStateRefusal,
  type TokenRefusal,
} from "./sign-in.server";

/**
 * What a member does to their account: ask for a sign-in link, sign in with
 * it, sign out (here or everywhere) and change their display name. Each
 * opens and owns its transaction.
 *
 * Sign-in answers with reason codes rather than a `Result`: its refusals
 * carry statuses a `Refusal` does not have (410 for a used or expired link,
 * 429 with Retry-After), and the page words each reason itself.
 */

type SignInConfig = Pick<Config, "APP_ORIGIN" | "MAIL_FROM" | "LOGIN_LINKS_PER_ADDRESS" | "LOGIN_LINKS_PER_IP">;

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
  const mail = signInMail({
    origin: args.config.APP_ORIGIN,
    link: signInLink(args.config.APP_ORIGIN, token, safeRedirectPath(args.next)),
    requestedAt: args.now,
    expiresAt,
  });
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
      { kind: "sign_in", recipient: args.email, ...mail, dedupeKey: `sign-in:${row.id}` },
      { now: args.now, messageIdDomain: messageIdDomain(args.config.MAIL_FROM) },
    );
  });
  return { ok: true };
}

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
  // Unused and unexpired, yet not consumed: it was used or replaced in between.
  return refuse(tokenStateRefusal(await getSignInTokenState(db, tokenHash), args.now) ?? "used");
}

/** Signing out: this browser's session ends on the server; returns the blank cookie that clears it. */
export function signOut(
  db: Kysely<Database>,
  args: { sessionSettings: SessionSettings; cookieHeader: string | null },
): Promise<string> {
  return endSession(db, args.sessionSettings, args.cookieHeader);
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
