import { randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Kysely } from "kysely";
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

/** `__Host-` binds the cookie to this exact origin over https; plain http (local use) cannot carry the prefix. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-session" : "session";
}

/** 32 bytes from the CSPRNG, base32: the cookie value. Only its SHA-256 is stored. */
export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(32));
}

export function createLucia(db: Kysely<Database>, settings: SessionSettings) {
  return new Lucia(new KyselySessionAdapter(db), {
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

/**
 * Resolves the session cookie of a request. Sessions end after the idle
 * timeout and, whatever their activity, at the absolute lifetime (Lucia v3 has
 * none). Expiry is extended at most once an hour, so reads do not become
 * writes. The adapter is used directly rather than `lucia.validateSession`,
 * whose own half-life extension would write past the absolute cap and read
 * the wall clock instead of `now`.
 */
export async function validateSessionCookie(
  db: Kysely<Database>,
  settings: SessionSettings,
  cookieHeader: string | null,
  now: Date = new Date(),
): Promise<ValidatedSession> {
  const lucia = createLucia(db, settings);
  const token = cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
  if (!token) return { user: null, setCookie: null };
  const blank = lucia.createBlankSessionCookie().serialize();
  const adapter = new KyselySessionAdapter(db);
  const [session, user] = await adapter.getSessionAndUser(token);
  if (!session) return { user: null, setCookie: blank };

  const absoluteEnd = session.attributes.createdAt.getTime() + settings.absoluteDays * 24 * HOUR_MS;
  if (!user || session.expiresAt.getTime() <= now.getTime() || now.getTime() >= absoluteEnd) {
    await adapter.deleteSession(token);
    return { user: null, setCookie: blank };
  }
  const idleMs = settings.idleHours * HOUR_MS;
  const refreshDue = session.expiresAt.getTime() - now.getTime() < idleMs - HOUR_MS;
  const cappedExpiry = Math.min(now.getTime() + idleMs, absoluteEnd);
  let setCookie: string | null = null;
  if (refreshDue && session.expiresAt.getTime() !== cappedExpiry) {
    await adapter.updateSessionExpiration(token, new Date(cappedExpiry));
    setCookie = lucia.createSessionCookie(token).serialize();
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
  const token = cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
  if (token) await lucia.invalidateSession(token);
  return lucia.createBlankSessionCookie().serialize();
}

/** Signs a user out everywhere (deactivation, "sign out everywhere"). */
export async function endAllSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await new KyselySessionAdapter(db).deleteUserSessions(userId);
}
