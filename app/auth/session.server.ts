import { randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Kysely } from "kysely";
import { parse as parseCookieHeader } from "cookie";
import { Lucia, TimeSpan } from "lucia";
import type { Database } from "~db/schema";
import { KyselySessionAdapter } from "./lucia-adapter.server";

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { createdAt: Date };
    DatabaseUserAttributes: { email: string; displayName: string; isAdmin: boolean };
  }
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
}

export interface SessionSettings {
  secure: boolean;
  idleHours: number;
  absoluteDays: number;
}

export interface ValidatedSession {
  user: SessionUser | null;
  /** A Set-Cookie value to send back: a refreshed cookie, or a blank one clearing a dead session. */
  setCookie: string | null;
}

const HOUR_MS = 3_600_000;

/** For a Lucia that only reads and writes cookies: any database call is a mistake. */
const NO_DATABASE = new Proxy({} as KyselySessionAdapter, {
  get() {
    throw new Error("this Lucia instance only handles cookies");
  },
});

/** `__Host-` binds the cookie to this exact origin over https; plain http (local use) cannot carry the prefix. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-session" : "session";
}

/** 32 bytes from the CSPRNG, base32: the cookie value. Only its SHA-256 is stored. */
export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(32));
}

/** Lucia for this installation; `db` may be null where only cookies are read or written. */
export function createLucia(db: Kysely<Database> | null, settings: SessionSettings) {
  return new Lucia(db ? new KyselySessionAdapter(db) : NO_DATABASE, {
    sessionExpiresIn: new TimeSpan(settings.idleHours, "h"),
    sessionCookie: {
      name: sessionCookieName(settings.secure),
      expires: true,
      attributes: { secure: settings.secure, sameSite: "lax" },
    },
    getSessionAttributes: (attributes) => ({ createdAt: attributes.createdAt }),
    getUserAttributes: (attributes) => attributes,
  });
}

/** Starts a new session (a new id at every sign-in) and returns its Set-Cookie value. */
export async function startSession(db: Kysely<Database>, settings: SessionSettings, userId: string): Promise<string> {
  const lucia = createLucia(db, settings);
  const session = await lucia.createSession(userId, { createdAt: new Date() }, { sessionId: generateSessionToken() });
  return lucia.createSessionCookie(session.id).serialize();
}

/** What to do with a session read from the database, at `now`. */
export type SessionVerdict = { alive: false } | { alive: true; refreshTo: Date | null };

/**
 * Sessions end after the idle timeout and, whatever their activity, at the
 * absolute lifetime (Lucia v3 has none). Expiry is extended at most once an
 * hour, so reads do not become writes.
 */
export function judgeSession(
  session: { createdAt: Date; expiresAt: Date },
  settings: SessionSettings,
  now: Date,
): SessionVerdict {
  const absoluteEnd = session.createdAt.getTime() + settings.absoluteDays * 24 * HOUR_MS;
  if (session.expiresAt.getTime() <= now.getTime() || now.getTime() >= absoluteEnd) return { alive: false };
  const idleMs = settings.idleHours * HOUR_MS;
  const refreshDue = session.expiresAt.getTime() - now.getTime() < idleMs - HOUR_MS;
  const cappedExpiry = Math.min(now.getTime() + idleMs, absoluteEnd);
  const refresh = refreshDue && session.expiresAt.getTime() !== cappedExpiry;
  return { alive: true, refreshTo: refresh ? new Date(cappedExpiry) : null };
}

/** What generateSessionToken makes: 32 bytes in lower-case base32, no padding. */
const SESSION_TOKEN = /^[a-z2-7]{52}$/;

/**
 * The session token a request's cookie carries, if any. The header is read
 * with `cookie`, which leaves a value it cannot decode as it is instead of
 * throwing: another app on this host or a parent domain may set cookies such
 * as `prefs=50%`, and they must not lock anyone out. Anything in our cookie
 * that is not a token we made counts as no session.
 */
export function readSessionToken(settings: SessionSettings, cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  const value = parseCookieHeader(cookieHeader)[sessionCookieName(settings.secure)];
  return value !== undefined && SESSION_TOKEN.test(value) ? value : null;
}

export function sessionCookie(settings: SessionSettings, token: string): string {
  return createLucia(null, settings).createSessionCookie(token).serialize();
}

export function blankSessionCookie(settings: SessionSettings): string {
  return createLucia(null, settings).createBlankSessionCookie().serialize();
}

/**
 * Resolves the session cookie of a request (for callers outside a page
 * request; pages read the session with the viewer, in one statement). The
 * adapter is used directly rather than `lucia.validateSession`, whose own
 * half-life extension would write past the absolute cap and read the wall
 * clock instead of `now`.
 */
export async function validateSessionCookie(
  db: Kysely<Database>,
  settings: SessionSettings,
  cookieHeader: string | null,
  now: Date = new Date(),
): Promise<ValidatedSession> {
  const token = readSessionToken(settings, cookieHeader);
  if (!token) return { user: null, setCookie: null };
  const adapter = new KyselySessionAdapter(db);
  const [session, user] = await adapter.getSessionAndUser(token);
  if (!session) return { user: null, setCookie: blankSessionCookie(settings) };
  const verdict = judgeSession(
    { createdAt: session.attributes.createdAt, expiresAt: session.expiresAt },
    settings,
    now,
  );
  if (!user || !verdict.alive) {
    await adapter.deleteSession(token);
    return { user: null, setCookie: blankSessionCookie(settings) };
  }
  let setCookie: string | null = null;
  if (verdict.refreshTo) {
    await adapter.updateSessionExpiration(token, verdict.refreshTo);
    setCookie = sessionCookie(settings, token);
  }
  return { user: { id: user.id, ...user.attributes }, setCookie };
}

/** Deletes the session of this cookie on the server; returns the blank cookie to send. */
export async function endSession(
  db: Kysely<Database>,
  settings: SessionSettings,
  cookieHeader: string | null,
): Promise<string> {
  const lucia = createLucia(db, settings);
  const token = readSessionToken(settings, cookieHeader);
  if (token) await lucia.invalidateSession(token);
  return lucia.createBlankSessionCookie().serialize();
}

/** Signs a user out everywhere (deactivation, "sign out everywhere"). */
export async function endAllSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await new KyselySessionAdapter(db).deleteUserSessions(userId);
}
