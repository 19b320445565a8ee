import { createHash } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { UpdateQueryNode, sql, type Kysely, type KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createUser, deactivateUser, getUserById } from "../../db/queries/user";
import type { Database } from "../../db/schema";
import {
  generateSessionToken,
  startSession,
  validateSessionCookie,
  type SessionUser,
} from "../../app/auth/session.server";
import * as logoutRoute from "../../app/routes/logout";
import * as profileRoute from "../../app/routes/profile";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";
import { loadContextFor } from "../helpers/load-context";
import { config, ORIGIN, sessionSettings as settings } from "../helpers/factories/accounts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function contextFor(t: TestDatabase, user: SessionUser | null, db: Kysely<Database> = t.db): AppLoadContext {
  return loadContextFor(db, t.kind, user, { config, clientIp: "192.0.2.10" });
}

const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

let userCounter = 0;
async function signedInUser(db: Kysely<Database>): Promise<{ user: SessionUser; cookie: string; token: string }> {
  userCounter++;
  const row = await createUser(db, {
    email: `session${userCounter}@example.org`,
    displayName: `Session ${userCounter}`,
  });
  const cookie = cookiePair(await startSession(db, settings, row.id));
  const validated = await validateSessionCookie(db, settings, cookie);
  if (!validated.user) throw new Error("new session does not validate");
  return { user: validated.user, cookie, token: cookie.split("=")[1]! };
}

async function sessionRows(db: Kysely<Database>, userId: string) {
  return db.selectFrom("session").selectAll().where("user_id", "=", userId).execute();
}

/** Counts UPDATE statements on the session table run through the returned instance. */
function countSessionUpdates(db: Kysely<Database>): { db: Kysely<Database>; updates: () => number } {
  let updates = 0;
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      if (UpdateQueryNode.is(node) && JSON.stringify(node.table).includes('"session"')) updates++;
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
  return { db: db.withPlugin(plugin), updates: () => updates };
}

describe("session tokens (R2)", () => {
  it("are 32 random bytes in base32 and unique over 100,000 draws", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const token = generateSessionToken();
      seen.add(token);
    }
    expect(seen.size).toBe(100_000);
    for (const token of [...seen].slice(0, 100)) expect(token).toMatch(/^[a-z2-7]{52}$/);
  });
});

describeEachDatabase("sessions", (use) => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-02T09:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("stores only the SHA-256 of the cookie's secret (R2)", async () => {
    const t = use();
    const { user, token } = await signedInUser(t.db);
    const rows = await sessionRows(t.db, user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(createHash("sha256").update(token).digest("hex"));
    for (const value of Object.values(rows[0]!)) {
      const text = value instanceof Date ? value.toISOString() : String(value);
      expect(text).not.toContain(token);
    }
  });

  it("rejects a session idle for longer than 24 hours and deletes its row (R4 a)", async () => {
    const t = use();
    const { user, cookie } = await signedInUser(t.db);
    vi.setSystemTime(Date.now() + 24 * HOUR - 1000);
    expect((await validateSessionCookie(t.db, settings, cookie)).user).not.toBeNull();
    // That validation counted as activity; now leave it idle for a whole day.
    vi.setSystemTime(Date.now() + 24 * HOUR + 1000);
    const result = await validateSessionCookie(t.db, settings, cookie);
    expect(result.user).toBeNull();
    expect(result.setCookie).toMatch(/Max-Age=0/);
    expect(await sessionRows(t.db, user.id)).toHaveLength(0);
  });

  it("rejects a session used every 30 minutes once 7 days have passed, and deletes its row (R4 b)", async () => {
    const t = use();
    const started = Date.now();
    const { user, cookie } = await signedInUser(t.db);
    let lastValid = 0;
    for (let step = 1; step <= 7 * 48; step++) {
      vi.setSystemTime(started + step * 30 * 60_000);
      const result = await validateSessionCookie(t.db, settings, cookie);
      if (!result.user) break;
      lastValid = step;
    }
    expect(lastValid).toBe(7 * 48 - 1);
    expect(Date.now() - started).toBe(7 * DAY);
    expect(await sessionRows(t.db, user.id)).toHaveLength(0);
    expect((await validateSessionCookie(t.db, settings, cookie)).user).toBeNull();
  });

  it("writes at most one refresh per session per hour over 100 validations (R4 c)", async () => {
    const t = use();
    const { cookie } = await signedInUser(t.db);
    const counting = countSessionUpdates(t.db);
    const start = Date.now();
    for (let hour = 0; hour < 3; hour++) {
      const before = counting.updates();
      for (let i = 1; i <= 100; i++) {
        vi.setSystemTime(start + hour * HOUR + i * 36_000);
        expect((await validateSessionCookie(counting.db, settings, cookie)).user).not.toBeNull();
      }
      expect(counting.updates() - before).toBeLessThanOrEqual(1);
    }
    // The refresh does happen: a session in use keeps living past its first idle deadline.
    expect(counting.updates()).toBeGreaterThanOrEqual(1);
  });

  it("invalidates a deactivated user's sessions at the next validation (R5)", async () => {
    const t = use();
    const { user, cookie } = await signedInUser(t.db);
    await deactivateUser(t.db, { userId: user.id, at: new Date() });
    const result = await validateSessionCookie(t.db, settings, cookie);
    expect(result.user).toBeNull();
    expect(await sessionRows(t.db, user.id)).toHaveLength(0);
  });

  it("signs out with a POST that deletes the session row; the old cookie no longer works (R5)", async () => {
    const t = use();
    const { user, cookie } = await signedInUser(t.db);
    const other = await signedInUser(t.db);

    // GET /logout changes nothing.
    const page = await logoutRoute.loader({
      request: new Request(`${ORIGIN}/logout`, { headers: { Cookie: cookie } }),
      context: contextFor(t, user),
      params: {},
    });
    expect(await page.json()).toEqual({ signedInAs: user.displayName });
    expect(await sessionRows(t.db, user.id)).toHaveLength(1);

    const response = await logoutRoute.action({
      request: new Request(`${ORIGIN}/logout`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams(),
      }),
      context: contextFor(t, user),
      params: {},
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Set-Cookie")).toMatch(/^__Host-session=;.*Max-Age=0/);
    expect(await sessionRows(t.db, user.id)).toHaveLength(0);
    expect((await validateSessionCookie(t.db, settings, cookie)).user).toBeNull();
    // Someone else's session is untouched.
    expect((await validateSessionCookie(t.db, settings, other.cookie)).user?.id).toBe(other.user.id);
  });

  it("refuses a sign-out form with unexpected fields and keeps the session", async () => {
    const t = use();
    const { user, cookie } = await signedInUser(t.db);
    const response = await logoutRoute.action({
      request: new Request(`${ORIGIN}/logout`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams({ userId: "someone-else" }),
      }),
      context: contextFor(t, user),
      params: {},
    });
    expect(response.status).toBe(400);
    expect(await sessionRows(t.db, user.id)).toHaveLength(1);
  });

  it("signs out everywhere: every session of the user ends, others' stay (R5)", async () => {
    const t = use();
    const { user, cookie } = await signedInUser(t.db);
    const more = [
      cookiePair(await startSession(t.db, settings, user.id)),
      cookiePair(await startSession(t.db, settings, user.id)),
    ];
    const other = await signedInUser(t.db);
    expect(await sessionRows(t.db, user.id)).toHaveLength(3);

    const response = await profileRoute.action({
      request: new Request(`${ORIGIN}/profile`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams({ intent: "sign-out-everywhere" }),
      }),
      context: contextFor(t, user),
      params: {},
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?signed-out=everywhere");
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await sessionRows(t.db, user.id)).toHaveLength(0);
    for (const c of [cookie, ...more]) expect((await validateSessionCookie(t.db, settings, c)).user).toBeNull();
    expect((await validateSessionCookie(t.db, settings, other.cookie)).user?.id).toBe(other.user.id);
    const audit = await t.db.selectFrom("audit_log").select("action").where("object_id", "=", user.id).execute();
    expect(audit.map((a) => a.action)).toContain("user.signed_out_everywhere");
  });
});

describeEachDatabase("profile", (use) => {
  const profileRequest = (fields?: Record<string, string>) =>
    new Request(`${ORIGIN}/profile`, fields ? { method: "POST", body: new URLSearchParams(fields) } : {});

  it("sends visitors who are not signed in to the sign-in page and back", async () => {
    const t = use();
    const thrown = await profileRoute
      .loader({ request: profileRequest(), context: contextFor(t, null), params: {} })
      .catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe("/login?next=%2Fprofile");
  });

  it("shows the profile and changes the display name", async () => {
    const t = use();
    const { user } = await signedInUser(t.db);
    const page = await profileRoute.loader({ request: profileRequest(), context: contextFor(t, user), params: {} });
    expect(await page.json()).toMatchObject({ email: user.email, displayName: user.displayName, isAdmin: false });

    const response = await profileRoute.action({
      request: profileRequest({ intent: "update-display-name", displayName: "  Ada Lovelace " }),
      context: contextFor(t, user),
      params: {},
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/profile?saved=1");
    expect((await getUserById(t.db, user.id))?.display_name).toBe("Ada Lovelace");
  });

  it("refuses a bad display name beside the field, keeps what was typed, and changes nothing", async () => {
    const t = use();
    const { user } = await signedInUser(t.db);
    const tooLong = "x".repeat(101);
    const response = await profileRoute.action({
      request: profileRequest({ intent: "update-display-name", displayName: tooLong }),
      context: contextFor(t, user),
      params: {},
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.result.error?.displayName).toEqual(["A display name has at most 100 characters."]);
    expect(body.result.initialValue?.displayName).toBe(tooLong);

    const smuggled = await profileRoute.action({
      request: profileRequest({ intent: "update-display-name", displayName: "Admin", isAdmin: "true" }),
      context: contextFor(t, user),
      params: {},
    });
    expect(smuggled.status).toBe(400);
    const row = await getUserById(t.db, user.id);
    expect(row).toMatchObject({ display_name: user.displayName, is_admin: false });
    const { n } = await t.db
      .selectFrom("audit_log")
      .select(sql<number>`cast(count(*) as integer)`.as("n"))
      .where("object_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(n).toBe(0);
  });
});
