// Several app processes serving one installation: two compiled servers
// (`node build/server.js`) on one PostgreSQL schema, reached the way a reverse
// proxy on loopback reaches them (the public Host, Origin and X-Forwarded-For,
// TRUST_PROXY=1). A session made on one works on the other and ends on both;
// the sign-in rate limits are one budget whichever process answers; and with
// both outbox workers running, every message reaches the SMTP server exactly
// once. PostgreSQL only: the embedded database is one process's alone.
import http from "node:http";
import { sql } from "kysely";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countOutboxByStatus } from "../../db/queries/outbox";
import type { OutboxStatus } from "../../db/schema";
import { enqueueMail } from "../../app/services/kernel/mail.server";
import { rateLimitKey, signInRateLimits } from "../../app/services/kernel/rate-limit.server";
import { parseConfig } from "../../app/lib/config.server";
import { freePort, startApp, type RunningApp } from "../helpers/app-server";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

/** The public address both processes sit behind. */
const PUBLIC_ORIGIN = "https://summit.example";
const PUBLIC_HOST = new URL(PUBLIC_ORIGIN).host;
/** The visitor's address, as the proxy forwards it. */
const CLIENT_IP = "198.51.100.7";
const MESSAGES = 200;
const LINKS_PER_ADDRESS = parseConfig({}).LOGIN_LINKS_PER_ADDRESS;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request to a process, with the headers the proxy would pass on. */
function viaProxy(
  app: RunningApp,
  options: { method?: "GET" | "POST"; path: string; cookie?: string; form?: Record<string, string> },
): Promise<Reply> {
  const method = options.method ?? "GET";
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: Record<string, string> = {
    Host: PUBLIC_HOST,
    "X-Forwarded-For": CLIENT_IP,
    "X-Forwarded-Proto": "https",
    ...(options.cookie ? { Cookie: options.cookie } : {}),
    // What a browser adds to a form post on the app's own page.
    ...(method === "POST"
      ? {
          Origin: PUBLIC_ORIGIN,
          "Sec-Fetch-Site": "same-origin",
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": String(Buffer.byteLength(body ?? "")),
        }
      : {}),
  };
  const { port } = new URL(app.origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: options.path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${options.path}: no answer in 30 s`)));
    req.end(body);
  });
}

/** The `name=value` part of the session cookie a reply sets. */
function sessionCookie(reply: Reply): string {
  const [first] = reply.headers["set-cookie"] ?? [];
  if (!first) throw new Error(`no Set-Cookie in the reply (status ${reply.status})`);
  return first.split(";")[0]!;
}

/** Polls `condition` until it holds; fails after `timeoutMs` with `what`. */
async function waitFor(what: string, timeoutMs: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Delivery {
  messageId: string;
  /** The envelope sender: it tells which process sent the message. */
  mailFrom: string;
}

interface Sink {
  port: number;
  deliveries: Delivery[];
  close(): Promise<void>;
}

/** An SMTP server on loopback that accepts everything and notes each Message-ID. */
async function startSink(): Promise<Sink> {
  const deliveries: Delivery[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 100,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          deliveries.push({ messageId: mail.messageId ?? "", mailFrom });
          callback(null, `2.0.0 queued as multi-${deliveries.length}`);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("the SMTP sink has no port");
  return {
    port: address.port,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Several processes need PostgreSQL (the embedded database is one process's):
// vitest.config.ts runs this file only when TEST_DATABASE_URL names one.
const postgresUrl = process.env.TEST_DATABASE_URL;

if (postgresUrl) {
  describe("several app processes on one PostgreSQL database", () => {
    let database: TestDatabase | undefined;
    let sink: Sink | undefined;
    const apps: RunningApp[] = [];
    const senders = { a: "summit-a@summit.example", b: "summit-b@summit.example" };

    const serverA = () => apps[0]!;
    const serverB = () => apps[1]!;

    beforeAll(async () => {
      // An empty schema of its own: both processes migrate it as they start, at the same moment.
      database = await createTestDatabase("postgres", { migrate: false });
      sink = await startSink();
      const [portA, portB] = [await freePort(), await freePort()];
      const shared: Record<string, string> = {
        DATABASE_URL: database.location,
        APP_ORIGIN: PUBLIC_ORIGIN,
        TRUST_PROXY: "1",
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        OUTBOX_WORKER: "inline",
        OUTBOX_POLL_MS: "100",
        SUMMIT_DEMO: "off",
        // The refused link requests are expected; anything worse is still shown.
        LOG_LEVEL: "error",
        // Test routes are for loopback origins; this installation has a public one.
        SUMMIT_TEST_ROUTES: "0",
      };
      // The sender differs only so the test can tell which process delivered a message.
      const started = await Promise.allSettled([
        startApp({ port: portA, env: { ...shared, MAIL_FROM: senders.a } }),
        startApp({ port: portB, env: { ...shared, MAIL_FROM: senders.b } }),
      ]);
      for (const result of started) if (result.status === "fulfilled") apps.push(result.value);
      const failed = started.find((result) => result.status === "rejected");
      if (failed) throw failed.reason;
    }, 300_000);

    afterAll(async () => {
      await Promise.allSettled(apps.map((app) => app.stop()));
      await sink?.close();
      await database?.destroy();
    }, 120_000);

    it("keeps a session made on one process on the other, and signing out on either ends it on both", async () => {
      const email = "ada.lovelace@example.org";
      const asked = await viaProxy(serverA(), { method: "POST", path: "/login", form: { email } });
      expect(asked.status).toBe(302);
      expect(asked.headers.location).toBe("/login?sent=1");

      const mail = await database!.db
        .selectFrom("outbox")
        .select("body")
        .where("recipient", "=", email)
        .where("kind", "=", "sign_in")
        .executeTakeFirstOrThrow();
      const link = /https:\/\/\S+\/login\/verify\?\S+/.exec(mail.body)?.[0];
      expect(link, mail.body).toBeDefined();
      const url = new URL(link!);
      expect(url.origin).toBe(PUBLIC_ORIGIN);
      const token = url.searchParams.get("token") ?? "";

      const page = await viaProxy(serverA(), { path: `${url.pathname}${url.search}` });
      expect(page.status).toBe(200);
      const verified = await viaProxy(serverA(), { method: "POST", path: "/login/verify", form: { token } });
      expect(verified.status).toBe(302);
      const cookie = sessionCookie(verified);

      const onB = await viaProxy(serverB(), { path: "/profile", cookie });
      expect(onB.status).toBe(200);
      expect(onB.body).toContain(email);
      const anonymousOnB = await viaProxy(serverB(), { path: "/profile" });
      expect(anonymousOnB.status).toBe(302);
      expect(anonymousOnB.headers.location).toMatch(/^\/login/);

      const signedOut = await viaProxy(serverB(), { method: "POST", path: "/logout", cookie, form: {} });
      expect(signedOut.status).toBe(302);
      const afterOnA = await viaProxy(serverA(), { path: "/profile", cookie });
      expect(afterOnA.status).toBe(302);
      expect(afterOnA.headers.location).toMatch(/^\/login/);
      const sessions = await database!.db
        .selectFrom("session")
        .innerJoin("app_user", "app_user.id", "session.user_id")
        .select(sql<number>`count(*)::int`.as("count"))
        .where("app_user.email", "=", email)
        .executeTakeFirstOrThrow();
      expect(sessions.count).toBe(0);
    });

    it("limits sign-in links for one address as one budget, whichever process is asked", async () => {
      const email = "grace.hopper@example.org";
      const statuses: number[] = [];
      const retryAfter: string[] = [];
      for (let i = 0; i < 2 * LINKS_PER_ADDRESS; i++) {
        const reply = await viaProxy(i % 2 === 0 ? serverA() : serverB(), {
          method: "POST",
          path: "/login",
          form: { email },
        });
        statuses.push(reply.status);
        if (reply.status === 429) retryAfter.push(String(reply.headers["retry-after"]));
      }
      expect(statuses).toEqual([
        ...Array<number>(LINKS_PER_ADDRESS).fill(302),
        ...Array<number>(LINKS_PER_ADDRESS).fill(429),
      ]);
      for (const seconds of retryAfter) expect(Number(seconds)).toBeGreaterThan(0);

      const queued = await database!.db
        .selectFrom("outbox")
        .select(sql<number>`count(*)::int`.as("count"))
        .where("recipient", "=", email)
        .executeTakeFirstOrThrow();
      expect(queued.count).toBe(LINKS_PER_ADDRESS);
      // The proxy's X-Forwarded-For is the client both processes counted, in one shared bucket.
      const client = signInRateLimits(parseConfig({})).linkPerClient;
      const bucket = await database!.db
        .selectFrom("rate_limit")
        .select("tokens")
        .where("key", "=", rateLimitKey(client, CLIENT_IP))
        .executeTakeFirst();
      expect(bucket).toBeDefined();
      // One request in the first test, 2 × LINKS_PER_ADDRESS here; the refill since adds a fraction.
      expect(Number(bucket!.tokens)).toBeLessThan(client.capacity - 2 * LINKS_PER_ADDRESS);
    });

    it(`delivers each of ${MESSAGES} messages exactly once with both outbox workers running`, async () => {
      const db = database!.db;
      const started = Date.now();
      // One commit, so both workers find the whole queue at once.
      await db.transaction().execute(async (trx) => {
        for (let n = 0; n < MESSAGES; n++) {
          await enqueueMail(
            trx,
            {
              kind: "notification",
              recipient: `reader-${n}@example.org`,
              subject: `Notice ${n}`,
              body: `Notice number ${n}.\n`,
              dedupeKey: `multi-process:${n}`,
            },
            { now: new Date(), messageIdDomain: "summit.example" },
          );
        }
      });
      const unsettled: OutboxStatus[] = ["pending", "sending"];
      let counts = await countOutboxByStatus(db);
      await waitFor("every outbox row sent", 120_000, async () => {
        counts = await countOutboxByStatus(db);
        return unsettled.every((status) => counts[status] === 0);
      });
      const seconds = (Date.now() - started) / 1000;
      // Stopping lets a message still in flight anywhere finish, so a late second copy would be counted too.
      await Promise.all(apps.map((app) => app.stop()));

      const rows = await db.selectFrom("outbox").select(["message_id", "status", "kind"]).execute();
      expect(counts.needs_confirmation + counts.dead).toBe(0);
      expect(rows.every((row) => row.status === "sent")).toBe(true);
      const deliveries = sink!.deliveries;
      const copies = new Map<string, number>();
      for (const delivery of deliveries) copies.set(delivery.messageId, (copies.get(delivery.messageId) ?? 0) + 1);
      const notExactlyOnce = rows.filter((row) => copies.get(row.message_id) !== 1);
      expect(notExactlyOnce).toEqual([]);
      expect(deliveries).toHaveLength(rows.length);

      const notices = new Set(rows.filter((row) => row.kind === "notification").map((row) => row.message_id));
      const byA = deliveries.filter((d) => notices.has(d.messageId) && d.mailFrom === senders.a).length;
      const byB = deliveries.filter((d) => notices.has(d.messageId) && d.mailFrom === senders.b).length;
      console.info(
        `two outbox workers: ${rows.length} messages (${notices.size} notices: ${byA} sent by A, ${byB} by B), ` +
          `${deliveries.length} deliveries, all sent ${seconds.toFixed(1)} s after the enqueue`,
      );
      expect(byA + byB).toBe(MESSAGES);
      // Both took part, or the test would not have shown two workers sharing a queue.
      expect(byA).toBeGreaterThan(0);
      expect(byB).toBeGreaterThan(0);
    }, 180_000);
  });
}
