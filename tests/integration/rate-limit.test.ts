import { randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { sql, type Kysely } from "kysely";
import { afterEach, expect, it, vi } from "vitest";
import { openDatabase } from "../../db/client";
import { createUser } from "../../db/queries/user";
import type { Database } from "../../db/schema";
import {
  FAILED_SIGN_IN_RULE,
  rateLimitKey,
  takeRateLimitToken,
  type RateLimitRule,
} from "../../app/services/kernel/rate-limit.server";
import { requestSignInLink, signInWithToken } from "../../app/services/account/commands.server";
import * as loginRoute from "../../app/routes/login";
import * as verifyRoute from "../../app/routes/login_.verify";
import { createTestDatabase, describeEachDatabase, TEST_DATABASE_KINDS, type TestDatabase } from "../helpers/test-db";
import { loadContextFor } from "../helpers/load-context";
import { config, nextIp, ORIGIN, sessionSettings } from "../helpers/factories/accounts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function contextFor(t: TestDatabase, clientIp: string): AppLoadContext {
  return loadContextFor(t.db, t.kind, null, { config, clientIp });
}

function linkRequest(t: TestDatabase, email: string, ip = nextIp()) {
  return loginRoute.action({
    request: new Request(`${ORIGIN}/login`, { method: "POST", body: new URLSearchParams({ email }) }),
    context: contextFor(t, ip),
    params: {},
  });
}

function tokenUse(t: TestDatabase, token: string, ip: string) {
  return verifyRoute.action({
    request: new Request(`${ORIGIN}/login/verify`, { method: "POST", body: new URLSearchParams({ token }) }),
    context: contextFor(t, ip),
    params: {},
  });
}

async function mailsTo(db: Kysely<Database>, recipient: string): Promise<string[]> {
  const rows = await db
    .selectFrom("outbox")
    .select("body")
    .where("recipient", "=", recipient)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => r.body);
}

function tokenIn(body: string): string {
  const match = /token=([a-z2-7]{52})/.exec(body);
  if (!match) throw new Error("no token in mail");
  return match[1]!;
}

const forged = () => encodeBase32LowerCaseNoPadding(randomBytes(32));

afterEach(() => {
  vi.useRealTimers();
});

describeEachDatabase("rate limits", (use) => {
  it("queues at most 3 of 30 link requests for one address; the rest get 429 with Retry-After (R12)", async () => {
    const t = use();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await linkRequest(t, "flood@example.org");
      statuses.push(response.status);
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get("Retry-After"));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(10 * 60);
        expect(await response.json()).toMatchObject({ kind: "rate-limited", retryAfterSeconds: retryAfter });
      }
    }
    expect(statuses.filter((s) => s === 302)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(27);
    expect(await mailsTo(t.db, "flood@example.org")).toHaveLength(3);
  });

  it("answers the per-address limit the same way for known and unknown addresses (R10)", async () => {
    const t = use();
    await createUser(t.db, { email: "known.limit@example.org", displayName: "Known" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-04-01T10:00:00Z"));
    const answers: Record<string, Array<[number, string | null, string]>> = {};
    for (const email of ["known.limit@example.org", "unknown.limit@example.org"]) {
      answers[email] = [];
      for (let i = 0; i < 5; i++) {
        const response = await linkRequest(t, email);
        answers[email]!.push([response.status, response.headers.get("Retry-After"), await response.text()]);
      }
    }
    expect(answers["known.limit@example.org"]).toEqual(answers["unknown.limit@example.org"]);
    expect(answers["known.limit@example.org"]!.map(([status]) => status)).toEqual([302, 302, 302, 429, 429]);
  });

  it("lets the address in again after the refill period, without a permanent lockout (R12)", async () => {
    const t = use();
    const t0 = new Date("2026-03-02T09:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const ask = (now: Date) =>
      requestSignInLink(t.db, { email: "patient@example.org", clientAddress: nextIp(), config, now });
    for (let i = 0; i < 3; i++) expect(await ask(t0)).toEqual({ ok: true });
    const refused = await ask(at(1000));
    expect(refused).toMatchObject({ ok: false, reason: "rate-limited" });
    // One token comes back every 200 seconds (3 per 10 minutes).
    expect(refused.ok ? 0 : refused.retryAfterSeconds).toBe(199);
    expect(await ask(at(199_000))).toMatchObject({ ok: false });
    expect(await ask(at(200_000))).toEqual({ ok: true });
    expect(await ask(at(201_000))).toMatchObject({ ok: false });

    // After a whole quiet period the full allowance is back, and the link works.
    const later = at(200_000 + 10 * MINUTE);
    for (let i = 0; i < 3; i++) expect(await ask(later)).toEqual({ ok: true });
    expect(await ask(later)).toMatchObject({ ok: false });
    const token = tokenIn((await mailsTo(t.db, "patient@example.org")).at(-1)!);
    expect(
      await signInWithToken(t.db, {
        token,
        clientAddress: nextIp(),
        cookieHeader: null,
        sessionSettings,
        now: at(200_000 + 11 * MINUTE),
      }),
    ).toMatchObject({ ok: true });
  });

  it("allows 20 link requests an hour from one client address (R12)", async () => {
    const t = use();
    const ip = nextIp();
    for (let i = 0; i < 20; i++) expect((await linkRequest(t, `client${i}@example.org`, ip)).status).toBe(302);
    const refused = await linkRequest(t, "client20@example.org", ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await mailsTo(t.db, "client20@example.org")).toHaveLength(0);
    // Another client address is not affected.
    expect((await linkRequest(t, "client20@example.org", nextIp())).status).toBe(302);
  });

  it("counts failed token uses per client address: 100 an hour, then 429 even for a good token (R12)", async () => {
    const t = use();
    const ip = nextIp();
    const t0 = new Date("2026-03-02T12:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(t0);
    for (let i = 0; i < 100; i++) {
      const response = await tokenUse(t, forged(), ip);
      expect(response.status).toBe(400);
    }
    const limited = await tokenUse(t, forged(), ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBe(36); // one failure comes back every 36 s
    expect(await limited.json()).toMatchObject({ state: "refused", reason: "rate-limited" });

    await requestSignInLink(t.db, { email: "blocked@example.org", clientAddress: nextIp(), config, now: t0 });
    const token = tokenIn((await mailsTo(t.db, "blocked@example.org")).at(-1)!);
    const refused = await tokenUse(t, token, ip);
    expect(refused.status).toBe(429);
    const row = await t.db
      .selectFrom("sign_in_token")
      .select("used_at")
      .where("email", "=", "blocked@example.org")
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();

    // The same good token from another client address works.
    expect((await tokenUse(t, token, nextIp())).status).toBe(302);

    // An hour later the first client address may try again.
    vi.setSystemTime(t0.getTime() + HOUR);
    await requestSignInLink(t.db, { email: "blocked@example.org", clientAddress: nextIp(), config, now: new Date() });
    const fresh = tokenIn((await mailsTo(t.db, "blocked@example.org")).at(-1)!);
    expect((await tokenUse(t, fresh, ip)).status).toBe(302);
  });

  it("never overdraws a bucket under concurrency", async () => {
    const t = use();
    const rule: RateLimitRule = { name: "concurrency-test", capacity: 5, periodMs: HOUR };
    const now = new Date("2026-03-02T09:00:00Z");
    const decisions = await Promise.all(
      Array.from({ length: 20 }, () => takeRateLimitToken(t.db, rule, "shared", now)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    const row = await t.db
      .selectFrom("rate_limit")
      .selectAll()
      .where("key", "=", rateLimitKey(rule, "shared"))
      .executeTakeFirstOrThrow();
    expect(Number(row.tokens)).toBeCloseTo(0, 9);
  });

  it("keeps buckets in the database, keyed by rule and a hash of the subject", async () => {
    const t = use();
    await linkRequest(t, "stored@example.org", "192.0.2.55");
    const keys = (await t.db.selectFrom("rate_limit").select("key").execute()).map((r) => r.key);
    expect(keys).toContain(
      rateLimitKey({ name: "sign-in-link:address", capacity: 3, periodMs: 10 * MINUTE }, "stored@example.org"),
    );
    expect(keys).toContain(rateLimitKey({ name: "sign-in-link:client", capacity: 20, periodMs: HOUR }, "192.0.2.55"));
    expect(keys.join("\n")).not.toContain("stored@example.org");
    expect(FAILED_SIGN_IN_RULE.capacity).toBe(100);
  });
});

for (const kind of TEST_DATABASE_KINDS) {
  it(`[${kind}] limiter state survives a restart and is shared between processes`, async () => {
    const t = await createTestDatabase(kind);
    const rule: RateLimitRule = { name: "restart-test", capacity: 3, periodMs: HOUR };
    const now = new Date("2026-03-02T09:00:00Z");
    try {
      for (let i = 0; i < 3; i++) expect((await takeRateLimitToken(t.db, rule, "me", now)).allowed).toBe(true);
      if (kind === "pglite") {
        // The embedded database is one process's: close it and open it again, as a restart does.
        await t.handle.close();
        const reopened = await openDatabase({ dataDir: t.location });
        try {
          expect(await takeRateLimitToken(reopened.db, rule, "me", now)).toEqual({
            allowed: false,
            retryAfterSeconds: 1200,
          });
        } finally {
          await reopened.close();
        }
      } else {
        // A second pool stands for a second app process on the same PostgreSQL.
        const second = await openDatabase({ databaseUrl: t.location, dataDir: "" });
        try {
          expect(await takeRateLimitToken(second.db, rule, "me", now)).toEqual({
            allowed: false,
            retryAfterSeconds: 1200,
          });
          const { n } = await second.db
            .selectFrom("rate_limit")
            .select(sql<number>`cast(count(*) as integer)`.as("n"))
            .executeTakeFirstOrThrow();
          expect(n).toBe(1);
        } finally {
          await second.close();
        }
      }
    } finally {
      await t.destroy();
    }
  }, 120_000); // two cold starts of the embedded database
}
