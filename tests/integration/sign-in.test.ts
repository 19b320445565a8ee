import { createHash, randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { PostgresQueryCompiler, sql, type Kysely, type KyselyPlugin, type RootOperationNode } from "kysely";
import { afterEach, expect, it, vi } from "vitest";
import { createUser, deactivateUser, getUserByEmail } from "../../db/queries/user";
import type { Database } from "../../db/schema";
import { validateSessionCookie } from "../../app/auth/session.server";
import { requestSignInLink, signInWithToken } from "../../app/services/account/commands.server";
import * as loginRoute from "../../app/routes/login";
import * as verifyRoute from "../../app/routes/login_.verify";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";
import { loadContextFor } from "../helpers/load-context";
import { config, nextIp, ORIGIN, sessionSettings } from "../helpers/factories/accounts";

function contextFor(t: TestDatabase, options: { db?: Kysely<Database>; clientIp?: string } = {}): AppLoadContext {
  return loadContextFor(options.db ?? t.db, t.kind, null, { config, clientIp: options.clientIp ?? nextIp() });
}

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, { method: "POST", body: new URLSearchParams(fields), headers });
}

async function requestLink(t: TestDatabase, email: string, extra: Record<string, string> = {}) {
  return loginRoute.action({ request: post("/login", { email, ...extra }), context: contextFor(t), params: {} });
}

async function latestMail(db: Kysely<Database>, recipient: string) {
  return db
    .selectFrom("outbox")
    .selectAll()
    .where("recipient", "=", recipient)
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
}

function tokenFromMail(body: string): { token: string; link: string } {
  const match = /(https?:\/\/\S+\/login\/verify\?token=([a-z2-7]+)\S*)/.exec(body);
  if (!match) throw new Error(`no sign-in link in:\n${body}`);
  return { link: match[1]!, token: match[2]! };
}

async function verifyPost(
  t: TestDatabase,
  token: string,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  return verifyRoute.action({
    request: post("/login/verify", { token, ...extra }, headers),
    context: contextFor(t),
    params: {},
  });
}

function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

async function count(
  db: Kysely<Database>,
  table: "session" | "app_user" | "outbox" | "sign_in_token",
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select(sql<number>`cast(count(*) as integer)`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Records the SQL text of every statement a Kysely instance runs (parameters left out). */
function recordStatements(db: Kysely<Database>): { db: Kysely<Database>; statements: string[] } {
  const statements: string[] = [];
  const compiler = new PostgresQueryCompiler();
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      statements.push(compiler.compileQuery(node as RootOperationNode, { queryId: "r" } as never).sql);
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
  return { db: db.withPlugin(plugin), statements };
}

afterEach(() => {
  vi.useRealTimers();
});

describeEachDatabase("sign-in links", (use) => {
  it("mails a link built from APP_ORIGIN, with at least 128 bits, and stores only its SHA-256", async () => {
    const t = use();
    // A spoofed Host and X-Forwarded-Host must not reach the link (R9).
    const response = await loginRoute.action({
      request: new Request("https://evil.example/login", {
        method: "POST",
        body: new URLSearchParams({ email: "Link.Check@Example.org" }),
        headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example" },
      }),
      context: contextFor(t),
      params: {},
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?sent=1");

    const mail = await latestMail(t.db, "link.check@example.org");
    expect(mail.kind).toBe("sign_in");
    expect(mail.body).not.toContain("evil.example");
    const { token, link } = tokenFromMail(mail.body);
    expect(link).toBe(`${ORIGIN}/login/verify?token=${token}`);
    expect(token).toMatch(/^[a-z2-7]{52}$/); // 260 bits of base32 text over 32 random bytes

    const rows = await t.db
      .selectFrom("sign_in_token")
      .selectAll()
      .where("email", "=", "link.check@example.org")
      .execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(mail.dedupe_key).toBe(`sign-in:${row.id}`);
    for (const value of Object.values(row)) expect(String(value)).not.toContain(token);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(10 * 60_000);
    // No account is created by asking for a link.
    expect(await getUserByEmail(t.db, "link.check@example.org")).toBeNull();
  });

  it("answers known and unknown addresses identically and does the same database work for both (R10)", async () => {
    const t = use();
    await createUser(t.db, { email: "known.r10@example.org", displayName: "Known" });
    const usersBefore = await count(t.db, "app_user");
    const known = recordStatements(t.db);
    const unknown = recordStatements(t.db);
    const ip = nextIp();
    const send = (db: Kysely<Database>, email: string) =>
      loginRoute.action({
        request: new Request(`${ORIGIN}/login`, { method: "POST", body: new URLSearchParams({ email }) }),
        context: contextFor(t, { db, clientIp: ip }),
        params: {},
      });
    const a = await send(known.db, "known.r10@example.org");
    const b = await send(unknown.db, "unknown.r10@example.org");
    expect(a.status).toBe(b.status);
    expect([...a.headers.entries()]).toEqual([...b.headers.entries()]);
    expect(await a.text()).toBe(await b.text());
    expect(known.statements.length).toBeGreaterThan(0);
    expect(unknown.statements).toEqual(known.statements);
    expect(await count(t.db, "app_user")).toBe(usersBefore);
  });

  it("never uses the token on HEAD or GET; the POST of the page signs in exactly once (R9)", async () => {
    const t = use();
    await requestLink(t, "scanner@example.org", { next: "/summits/qemu-2017" });
    const { token, link } = tokenFromMail((await latestMail(t.db, "scanner@example.org")).body);
    expect(link).toBe(`${ORIGIN}/login/verify?token=${token}&next=%2Fsummits%2Fqemu-2017`);
    const sessionsBefore = await count(t.db, "session");

    for (const method of ["HEAD", "GET", "GET"]) {
      const response = await verifyRoute.loader({
        request: new Request(link, { method }),
        context: contextFor(t),
        params: {},
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("Set-Cookie")).toBeNull();
    }
    const page = await (
      await verifyRoute.loader({ request: new Request(link), context: contextFor(t), params: {} })
    ).json();
    expect(page).toMatchObject({ state: "ready", token, next: "/summits/qemu-2017" });
    const row = await t.db
      .selectFrom("sign_in_token")
      .selectAll()
      .where("email", "=", "scanner@example.org")
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
    expect(await count(t.db, "session")).toBe(sessionsBefore);
    expect(await getUserByEmail(t.db, "scanner@example.org")).toBeNull();

    const first = await verifyPost(t, token, { next: "/summits/qemu-2017" });
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/summits/qemu-2017");
    expect(first.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(first.headers.get("Cache-Control")).toBe("no-store");
    const setCookie = first.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^__Host-session=[a-z2-7]{52};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("Secure");
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const user = await getUserByEmail(t.db, "scanner@example.org");
    expect(user).toMatchObject({ display_name: "Scanner", is_admin: false, deactivated_at: null });
    expect(await count(t.db, "session")).toBe(sessionsBefore + 1);
    const validated = await validateSessionCookie(t.db, sessionSettings, cookiePair(setCookie));
    expect(validated.user).toMatchObject({ id: user!.id, email: "scanner@example.org" });

    const second = await verifyPost(t, token);
    expect(second.status).toBe(410);
    expect(await second.json()).toMatchObject({ state: "refused", reason: "used" });
    expect(second.headers.get("Set-Cookie")).toBeNull();
    expect(await count(t.db, "session")).toBe(sessionsBefore + 1);

    // The page of a used link says so, without a button.
    const after = await verifyRoute.loader({ request: new Request(link), context: contextFor(t), params: {} });
    expect(after.status).toBe(410);
    expect(await after.json()).toMatchObject({ state: "refused", reason: "used", token: "" });
  });

  it("lets exactly one of 20 concurrent uses of a token through (R8)", async () => {
    const t = use();
    await requestLink(t, "race@example.org");
    const { token } = tokenFromMail((await latestMail(t.db, "race@example.org")).body);
    const sessionsBefore = await count(t.db, "session");
    const responses = await Promise.all(Array.from({ length: 20 }, () => verifyPost(t, token)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(19);
    expect(await count(t.db, "session")).toBe(sessionsBefore + 1);
    const users = await t.db.selectFrom("app_user").select("id").where("email", "=", "race@example.org").execute();
    expect(users).toHaveLength(1);
  });

  it("refuses a token after 10 minutes and accepts it just before", async () => {
    const t = use();
    const t0 = new Date("2026-03-02T09:00:00Z");
    const send = (email: string) => requestSignInLink(t.db, { email, clientAddress: nextIp(), config, now: t0 });
    await send("late@example.org");
    const late = tokenFromMail((await latestMail(t.db, "late@example.org")).body).token;
    await send("onTime@example.org".toLowerCase());
    const onTime = tokenFromMail((await latestMail(t.db, "ontime@example.org")).body).token;
    const use_ = (token: string, now: Date) =>
      signInWithToken(t.db, { token, clientAddress: nextIp(), cookieHeader: null, sessionSettings, now });

    expect(await use_(late, new Date(t0.getTime() + 10 * 60_000))).toEqual({ ok: false, reason: "expired" });
    const row = await t.db
      .selectFrom("sign_in_token")
      .selectAll()
      .where("email", "=", "late@example.org")
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
    expect(await getUserByEmail(t.db, "late@example.org")).toBeNull();

    expect(await use_(onTime, new Date(t0.getTime() + 10 * 60_000 - 1000))).toMatchObject({
      ok: true,
      createdUser: true,
    });

    // Through the page (real clock): an expired link gets 410 and a clear message.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now()));
    await requestLink(t, "page.expiry@example.org");
    const token = tokenFromMail((await latestMail(t.db, "page.expiry@example.org")).body).token;
    vi.setSystemTime(new Date(Date.now() + 10 * 60_000 + 1));
    const response = await verifyPost(t, token);
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ reason: "expired" });
    const page = await verifyRoute.loader({
      request: new Request(`${ORIGIN}/login/verify?token=${token}`),
      context: contextFor(t),
      params: {},
    });
    expect(page.status).toBe(410);
  });

  it("refuses a link superseded by a newer one (R8)", async () => {
    const t = use();
    await requestLink(t, "twice@example.org");
    const older = tokenFromMail((await latestMail(t.db, "twice@example.org")).body).token;
    await requestLink(t, "twice@example.org");
    const newer = tokenFromMail((await latestMail(t.db, "twice@example.org")).body).token;
    expect(newer).not.toBe(older);
    expect(await count(t.db, "outbox")).toBeGreaterThan(0);

    const refused = await verifyPost(t, older);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ state: "refused", reason: "invalid" });
    expect(refused.headers.get("Set-Cookie")).toBeNull();
    expect(await getUserByEmail(t.db, "twice@example.org")).toBeNull();

    const accepted = await verifyPost(t, newer);
    expect(accepted.status).toBe(302);
  });

  it("refuses forged and malformed tokens, writing nothing but the failure count", async () => {
    const t = use();
    const before = {
      session: await count(t.db, "session"),
      users: await count(t.db, "app_user"),
      tokens: await count(t.db, "sign_in_token"),
    };
    const forged = encodeBase32LowerCaseNoPadding(randomBytes(32));
    const cases: Array<[Record<string, string>, number]> = [
      [{ token: forged }, 400],
      [{ token: "short" }, 400],
      [{ token: forged.toUpperCase() }, 400],
      [{ token: forged, role: "admin" }, 400],
      [{}, 400],
    ];
    for (const [fields, status] of cases) {
      const response = await verifyRoute.action({
        request: post("/login/verify", fields),
        context: contextFor(t),
        params: {},
      });
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ state: "refused", reason: "invalid" });
      expect(response.headers.get("Set-Cookie")).toBeNull();
    }
    const page = await verifyRoute.loader({
      request: new Request(`${ORIGIN}/login/verify?token=${forged}`),
      context: contextFor(t),
      params: {},
    });
    expect(page.status).toBe(400);
    expect(await count(t.db, "session")).toBe(before.session);
    expect(await count(t.db, "app_user")).toBe(before.users);
    expect(await count(t.db, "sign_in_token")).toBe(before.tokens);
  });

  it("does not sign in a deactivated user and leaves their link untouched", async () => {
    const t = use();
    const user = await createUser(t.db, { email: "gone@example.org", displayName: "Gone" });
    await deactivateUser(t.db, { userId: user.id, at: new Date() });
    await requestLink(t, "gone@example.org");
    const { token } = tokenFromMail((await latestMail(t.db, "gone@example.org")).body);
    const sessionsBefore = await count(t.db, "session");
    const response = await verifyPost(t, token);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ reason: "deactivated" });
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await count(t.db, "session")).toBe(sessionsBefore);
    const row = await t.db
      .selectFrom("sign_in_token")
      .select("used_at")
      .where("email", "=", "gone@example.org")
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it("gives a malformed address a message beside the field, keeps what was typed, and queues nothing", async () => {
    const t = use();
    const outboxBefore = await count(t.db, "outbox");
    const response = await requestLink(t, "ada at example dot org");
    expect(response.status).toBe(400);
    const body = await response.json();
    if (body.kind !== "invalid") throw new Error(`expected an invalid-form answer, got ${body.kind}`);
    expect(body.result.error?.email).toEqual(["Enter a plain email address such as name@example.org."]);
    expect(body.result.initialValue?.email).toBe("ada at example dot org");
    expect(await count(t.db, "outbox")).toBe(outboxBefore);

    const extra = await requestLink(t, "ada@example.org", { isAdmin: "true" });
    expect(extra.status).toBe(400);
    expect(await count(t.db, "outbox")).toBe(outboxBefore);
  });

  it("follows only same-site return paths after sign-in", async () => {
    const t = use();
    await requestLink(t, "redirect@example.org", { next: "//evil.example/steal" });
    const { token, link } = tokenFromMail((await latestMail(t.db, "redirect@example.org")).body);
    expect(link).toBe(`${ORIGIN}/login/verify?token=${token}`);
    const response = await verifyPost(t, token, { next: "https://evil.example/" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
  });

  it("starts a new session at sign-in and ends the one the browser had (R3)", async () => {
    const t = use();
    await requestLink(t, "rotate@example.org");
    const first = await verifyPost(t, tokenFromMail((await latestMail(t.db, "rotate@example.org")).body).token);
    const oldCookie = cookiePair(first.headers.get("Set-Cookie")!);
    expect((await validateSessionCookie(t.db, sessionSettings, oldCookie)).user).not.toBeNull();

    await requestLink(t, "rotate@example.org");
    const second = await verifyPost(
      t,
      tokenFromMail((await latestMail(t.db, "rotate@example.org")).body).token,
      {},
      { Cookie: oldCookie },
    );
    expect(second.status).toBe(302);
    const newCookie = cookiePair(second.headers.get("Set-Cookie")!);
    expect(newCookie).not.toBe(oldCookie);
    expect((await validateSessionCookie(t.db, sessionSettings, oldCookie)).user).toBeNull();
    expect((await validateSessionCookie(t.db, sessionSettings, newCookie)).user?.email).toBe("rotate@example.org");
  });

  it("shows the sign-in form with the return path and passes Retry-After on to the document", async () => {
    const t = use();
    const response = await loginRoute.loader({
      request: new Request(`${ORIGIN}/login?next=%2Fprofile`),
      context: contextFor(t),
      params: {},
    });
    expect(await response.json()).toMatchObject({ next: "/profile", sent: false, signedInAs: null });
    const unsafe = await loginRoute.loader({
      request: new Request(`${ORIGIN}/login?next=https%3A%2F%2Fevil.example`),
      context: contextFor(t),
      params: {},
    });
    expect(await unsafe.json()).toMatchObject({ next: "" });

    const headersOf = (fn: typeof loginRoute.headers | typeof verifyRoute.headers, actionHeaders: Headers) =>
      new Headers(
        typeof fn === "function"
          ? fn({ loaderHeaders: new Headers(), parentHeaders: new Headers(), actionHeaders, errorHeaders: undefined })
          : fn,
      );
    const limited = new Headers({ "Retry-After": "120" });
    expect(headersOf(loginRoute.headers, limited).get("Retry-After")).toBe("120");
    const verifyHeaders = headersOf(verifyRoute.headers, limited);
    expect(verifyHeaders.get("Retry-After")).toBe("120");
    expect(verifyHeaders.get("Referrer-Policy")).toBe("no-referrer");
    expect(verifyHeaders.get("Cache-Control")).toBe("no-store");
  });
});
