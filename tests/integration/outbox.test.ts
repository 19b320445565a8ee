import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { simpleParser } from "mailparser";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  claimDueMessages,
  countOutboxByStatus,
  listOutboxMessages,
  markRetry,
  markSent,
} from "../../db/queries/outbox";
import { parseOutboxArgs, runOutboxCommand, type OutboxCommandIo } from "../../app/cli/commands/outbox";
import { parseConfig, type Config } from "../../app/lib/config.server";
import { loader as devMailLoader } from "../../app/routes/dev.mail";
import { loader as devMailMessageLoader } from "../../app/routes/dev.mail.$id";
import {
  createMailboxTransport,
  DeliveryError,
  mailboxFileName,
  type MailTransport,
  type OutgoingMessage,
} from "../../app/infra/mail-transport.server";
import { deliverDueMessages, startOutboxWorker } from "../../app/infra/outbox-worker.server";
import { enqueueMail, InvalidRecipientError } from "../../app/services/kernel/mail.server";
import { confirmOutboxMessage, resendOutboxMessage } from "../../app/services/outbox/commands.server";
import { enqueueTestMail as enqueue, outboxRow as row, T0 } from "../helpers/factories/outbox";
import { createTestDatabase, describeEachDatabase } from "../helpers/test-db";
import { waitFor } from "../helpers/wait-for";

const HOUR = 3_600_000;
const silentLog = { info() {}, warn() {}, error() {} };
const scratchDirs: string[] = [];

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "summit-outbox-"));
  scratchDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A transport that answers from a script: "ok" or a DeliveryError, one per delivery. */
function scriptedTransport(script: Array<"ok" | DeliveryError> = []) {
  const calls: OutgoingMessage[] = [];
  const factory = (): MailTransport => ({
    kind: "smtp",
    async deliver(message) {
      calls.push(message);
      const next = script.shift() ?? "ok";
      if (next === "ok") return { response: `250 2.0.0 accepted ${calls.length}` };
      throw next;
    },
  });
  return { calls, factory };
}

function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    NODE_ENV: "test",
    SUMMIT_DATA_DIR: scratchDir(),
    MAIL_FROM: "summit@summit.test",
    OUTBOX_POLL_MS: "50",
    LOG_LEVEL: "silent",
    ...overrides,
  });
}

describeEachDatabase("outbox", (use) => {
  beforeEach(async () => {
    await use().db.deleteFrom("outbox").execute();
  });

  it("queues a dedupe key once: a second enqueue gives the first message back", async () => {
    const { db } = use();
    const options = { now: T0, messageIdDomain: "summit.test" };
    const mail = {
      kind: "minutes" as const,
      recipient: "qemu-devel@nongnu.org",
      subject: "Minutes",
      body: "M",
      dedupeKey: "minutes:1:rev1",
    };
    const first = await enqueueMail(db, mail, options);
    const second = await enqueueMail(db, { ...mail, subject: "Different" }, options);
    expect(first.queued).toBe(true);
    expect(second).toEqual({ queued: false, messageId: first.messageId });
    const rows = await db.selectFrom("outbox").selectAll().where("dedupe_key", "=", "minutes:1:rev1").execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.subject).toBe("Minutes");
    await expect(enqueueMail(db, { ...mail, dedupeKey: "x", recipient: "a@b.org, c@d.org" }, options)).rejects.toThrow(
      InvalidRecipientError,
    );
  });

  it("claims due messages oldest first, marks them sending with a lease, and never hands one out twice", async () => {
    const { db } = use();
    const later = await enqueue(db, {}, new Date(T0.getTime() + 1000));
    const first = await enqueue(db, {}, T0);
    const future = await enqueue(db, {}, new Date(T0.getTime() + HOUR));
    const now = new Date(T0.getTime() + 5000);

    const claimed = await claimDueMessages(db, { now, leaseMs: 60_000, limit: 10 });
    expect(claimed.map((r) => r.id)).toEqual([first.id, later.id]);
    for (const r of claimed) {
      expect(r).toMatchObject({ status: "sending", attempts: 1 });
      expect(r.lease_until).toEqual(new Date(now.getTime() + 60_000));
    }
    expect(await claimDueMessages(db, { now, leaseMs: 60_000, limit: 10 })).toEqual([]);
    expect((await row(db, future.id)).status).toBe("pending");

    const limited = await claimDueMessages(db, { now: new Date(T0.getTime() + 2 * HOUR), leaseMs: 60_000, limit: 1 });
    expect(limited.map((r) => r.id)).toEqual([future.id]);
  });

  it("claims exactly the limit, however the statement is planned: no message is left sending unclaimed", async () => {
    // A fresh database, so the claim is planned here under these settings: they steer the planner to
    // a nested loop that runs the limited sub-select once per outbox row. Written as `id in (…)`, the
    // claim then marked every due message sending while returning one, and the rest waited out their
    // lease (seen with the generic plans of docs/decisions/0009-statements-built-once.md).
    const fresh = await createTestDatabase(use().kind);
    try {
      const { db } = fresh;
      for (let i = 0; i < 4; i++) await enqueue(db, {}, new Date(T0.getTime() + i * 1000));
      const now = new Date(T0.getTime() + HOUR);
      const handedOut: string[] = [];
      for (let i = 0; i < 5; i++) {
        const claimed = await db.transaction().execute(async (trx) => {
          for (const setting of [
            "enable_hashagg",
            "enable_hashjoin",
            "enable_mergejoin",
            "enable_sort",
            "enable_material",
          ]) {
            await sql`select set_config(${setting}, 'off', true)`.execute(trx);
          }
          return claimDueMessages(trx, { now, leaseMs: 60_000, limit: 1 });
        });
        expect(claimed.length).toBeLessThanOrEqual(1);
        handedOut.push(...claimed.map((r) => r.id));
        const sending = await db.selectFrom("outbox").select("id").where("status", "=", "sending").execute();
        expect(sending.map((r) => r.id).sort()).toEqual([...handedOut].sort());
      }
      expect(handedOut).toHaveLength(4);
    } finally {
      await fresh.destroy();
    }
  });

  it("ignores a delivery result reported with a stale claim", async () => {
    const { db } = use();
    const queued = await enqueue(db);
    const [claimed] = await claimDueMessages(db, { now: T0, leaseMs: 60_000, limit: 1 });
    expect(claimed!.attempts).toBe(1);
    expect(await markRetry(db, { id: queued.id, attempts: 2, error: "stale", nextAttemptAt: T0 })).toBe(false);
    expect((await row(db, queued.id)).status).toBe("sending");
    expect(await markRetry(db, { id: queued.id, attempts: 1, error: "fresh", nextAttemptAt: T0 })).toBe(true);
    expect(await row(db, queued.id)).toMatchObject({ status: "pending", last_error: "fresh", lease_until: null });
  });

  it.each([
    [
      "a 4xx reply",
      new DeliveryError("451 try later", { responseCode: 451, code: "EENVELOPE", dataPhaseReached: false }),
      "pending",
    ],
    [
      "a refused connection",
      new DeliveryError("connect ECONNREFUSED", { code: "ECONNECTION", dataPhaseReached: false }),
      "pending",
    ],
    [
      "a 5xx reply",
      new DeliveryError("550 no such user", { responseCode: 550, code: "EENVELOPE", dataPhaseReached: false }),
      "dead",
    ],
    [
      "silence after the data",
      new DeliveryError("Timeout", { code: "ETIMEDOUT", dataPhaseReached: true }),
      "needs_confirmation",
    ],
    ["a crash in the transport", new Error("unexpected") as DeliveryError, "pending"],
  ])("records %s as %s, keeping the error", async (_name, error, status) => {
    const { db } = use();
    const queued = await enqueue(db);
    const transport = scriptedTransport([error]);
    await deliverDueMessages(db, { transportFactory: transport.factory, now: () => T0, random: () => 0 });
    const after = await row(db, queued.id);
    expect(after.status).toBe(status);
    expect(after.attempts).toBe(1);
    expect(after.last_error).toContain(error.message);
    expect(after.lease_until).toBeNull();
    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]).toEqual({
      id: queued.id,
      messageId: queued.message_id,
      recipient: queued.recipient,
      subject: queued.subject,
      body: queued.body,
      createdAt: queued.created_at,
    });
  });

  it("leaves a delivered message to its lease when the success cannot be recorded, rather than retrying it", async () => {
    const { db } = use();
    const queued = await enqueue(db, { kind: "minutes" });
    let calls = 0;
    const transportFactory = (): MailTransport => ({
      kind: "smtp",
      async deliver() {
        calls++;
        // The database goes away between the server's 250 and the update that records it.
        await sql`alter table outbox rename to outbox_away`.execute(db);
        return { response: "250 ok" };
      },
    });
    await expect(deliverDueMessages(db, { transportFactory, now: () => T0 })).rejects.toThrow(/outbox/);
    await sql`alter table outbox_away rename to outbox`.execute(db);
    expect(await row(db, queued.id)).toMatchObject({ status: "sending", attempts: 1 });

    // Still within the lease: untouched. After it: held for a person, never sent twice.
    await deliverDueMessages(db, { transportFactory, now: () => new Date(T0.getTime() + 60_000) });
    expect((await row(db, queued.id)).status).toBe("sending");
    await deliverDueMessages(db, { transportFactory, now: () => new Date(T0.getTime() + HOUR) });
    expect((await row(db, queued.id)).status).toBe("needs_confirmation");
    expect(calls).toBe(1);
  });

  it("never sends a sent message again, and refuses to confirm or resend it", async () => {
    const { db } = use();
    const queued = await enqueue(db);
    const transport = scriptedTransport();
    expect(await deliverDueMessages(db, { transportFactory: transport.factory, now: () => T0 })).toMatchObject({
      sent: 1,
    });
    for (const hours of [1, 48]) {
      await deliverDueMessages(db, {
        transportFactory: transport.factory,
        now: () => new Date(T0.getTime() + hours * HOUR),
      });
    }
    expect(transport.calls).toHaveLength(1);
    expect(await resendOutboxMessage(db, { id: queued.id, now: T0, actorId: null })).toEqual({
      ok: false,
      reason: "wrong_status",
      status: "sent",
    });
    expect(await confirmOutboxMessage(db, { id: queued.id, now: T0, actorId: null })).toEqual({
      ok: false,
      reason: "wrong_status",
      status: "sent",
    });
    // Even a late success report leaves a sent row as it was.
    const sentAt = (await row(db, queued.id)).sent_at;
    expect(await markSent(db, { id: queued.id, now: new Date(T0.getTime() + HOUR), smtpResponse: "250 late" })).toBe(
      false,
    );
    expect((await row(db, queued.id)).sent_at).toEqual(sentAt);
  });

  it("confirms a held message as sent, audited, and refuses other states and unknown ids", async () => {
    const { db } = use();
    const held = await enqueue(db, { kind: "minutes" });
    const pending = await enqueue(db);
    await db
      .updateTable("outbox")
      .set({ status: "needs_confirmation", attempts: 1 })
      .where("id", "=", held.id)
      .execute();
    const at = new Date(T0.getTime() + HOUR);
    const result = await confirmOutboxMessage(db, { id: held.id, now: at, actorId: null });
    expect(result.ok).toBe(true);
    expect(await row(db, held.id)).toMatchObject({ status: "sent", sent_at: at, message_id: held.message_id });
    const audit = await db.selectFrom("audit_log").selectAll().where("object_id", "=", held.id).execute();
    expect(audit.map((a) => [a.action, a.detail])).toEqual([
      ["outbox.confirm", { messageId: held.message_id, kind: "minutes" }],
    ]);

    expect(await confirmOutboxMessage(db, { id: pending.id, now: at, actorId: null })).toEqual({
      ok: false,
      reason: "wrong_status",
      status: "pending",
    });
    expect(
      await confirmOutboxMessage(db, { id: "00000000-0000-4000-8000-00000000abcd", now: at, actorId: null }),
    ).toEqual({
      ok: false,
      reason: "not_found",
    });
  });

  it("resends a given-up message with the same Message-ID and a fresh give-up time", async () => {
    const { db } = use();
    const queued = await enqueue(db);
    const transport = scriptedTransport([
      new DeliveryError("550 mailbox full", { responseCode: 552, dataPhaseReached: false }),
    ]);
    await deliverDueMessages(db, { transportFactory: transport.factory, now: () => T0 });
    expect((await row(db, queued.id)).status).toBe("dead");
    const at = new Date(T0.getTime() + 3 * 24 * HOUR);
    const result = await resendOutboxMessage(db, { id: queued.id, now: at, actorId: null });
    expect(result.ok).toBe(true);
    expect(await row(db, queued.id)).toMatchObject({
      status: "pending",
      next_attempt_at: at,
      give_up_at: new Date(at.getTime() + 24 * HOUR),
      message_id: queued.message_id,
    });
    await deliverDueMessages(db, { transportFactory: transport.factory, now: () => at });
    expect(transport.calls.map((c) => c.messageId)).toEqual([queued.message_id, queued.message_id]);
    expect(await row(db, queued.id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("writes one parseable .eml per message to the mailbox folder, atomically", async () => {
    const { db } = use();
    const dir = join(scratchDir(), "mailbox");
    const queued = await enqueue(db, {
      subject: "Sign in to Summit — ✓",
      body: "Hello Alex,\n\nhttp://localhost:3000/login/verify?t=1\n",
    });
    const factory = () => createMailboxTransport({ dir, from: "summit@summit.test", strictTransactions: true });
    expect(await deliverDueMessages(db, { transportFactory: factory, now: () => T0 })).toMatchObject({ sent: 1 });

    const name = mailboxFileName({ id: queued.id, createdAt: queued.created_at });
    expect(name).toBe(`20261126T100000.000Z-${queued.id}.eml`);
    expect(readdirSync(dir)).toEqual([name]);
    const sent = await row(db, queued.id);
    expect(sent.smtp_response).toBe(`250 written to mailbox/${name}`);
    const mail = await simpleParser(readFileSync(join(dir, name)));
    expect(mail.messageId).toBe(queued.message_id);
    expect(mail.subject).toBe("Sign in to Summit — ✓");
    expect(mail.text).toBe("Hello Alex,\n\nhttp://localhost:3000/login/verify?t=1\n");
    expect(mail.html).toBe(false);
    expect(mail.headers.get("content-type")).toEqual({ value: "text/plain", params: { charset: "utf-8" } });

    // Delivering the same message again replaces its file: never two copies, never a temporary left over.
    await factory().deliver({
      id: queued.id,
      messageId: queued.message_id,
      recipient: queued.recipient,
      subject: queued.subject,
      body: queued.body,
      createdAt: queued.created_at,
    });
    expect(readdirSync(dir)).toEqual([name]);
  });

  it("reports a mailbox folder that cannot be written as a transient failure", async () => {
    const { db } = use();
    const blocker = join(scratchDir(), "not-a-folder");
    rmSync(blocker, { force: true });
    await import("node:fs/promises").then((fs) => fs.writeFile(blocker, "a file where the folder should be"));
    const queued = await enqueue(db);
    const factory = () => createMailboxTransport({ dir: join(blocker, "mailbox"), from: "summit@summit.test" });
    expect(await deliverDueMessages(db, { transportFactory: factory, now: () => T0 })).toMatchObject({ retried: 1 });
    const after = await row(db, queued.id);
    expect(after.status).toBe("pending");
    expect(after.last_error).toMatch(/ENOTDIR|EEXIST/);
  });

  it("runs as a worker until stopped, and stop waits for the message being sent", async () => {
    const { db } = use();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const sending = new Promise<void>((resolve) => (started = resolve));
    const transportFactory = (): MailTransport => ({
      kind: "smtp",
      async deliver() {
        started();
        await gate;
        return { response: "250 ok" };
      },
    });
    const config = testConfig();
    const queued = await enqueue(db, {}, new Date(Date.now() - 1000));
    // Every pass of the worker reads its clock: counting the reads shows whether it still runs.
    let clockReads = 0;
    const clock = () => {
      clockReads++;
      return new Date();
    };
    const worker = startOutboxWorker({ db, config, log: silentLog, transportFactory, now: clock });
    await sending;
    let stopped = false;
    // What the row says at the moment stop resolves: "sent" only if stop waited for the delivery.
    const stopping = worker.stop().then(async () => {
      stopped = true;
      return (await row(db, queued.id)).status;
    });
    // The delivery cannot finish until the gate opens, so stop cannot have resolved yet.
    expect((await row(db, queued.id)).status).toBe("sending");
    expect(stopped).toBe(false);
    release();
    expect(await stopping).toBe("sent");
    expect((await row(db, queued.id)).status).toBe("sent");

    // Stopped means stopped: new mail stays queued, and the clock is never read again,
    // through two passes of a second worker on the same poll interval. That worker's clock
    // is set in the past, so nothing is due for it and it leaves the mail alone.
    const readsAtStop = clockReads;
    const after = await enqueue(db, {}, new Date(Date.now() - 1000));
    let witnessClockReads = 0;
    const witness = startOutboxWorker({
      db,
      config,
      log: silentLog,
      transportFactory,
      now: () => {
        witnessClockReads++;
        return new Date("2000-01-01T00:00:00Z");
      },
    });
    try {
      // An idle pass reads the clock twice (reclaiming, then claiming): a third read is a second pass.
      await waitFor("a second pass of the witness worker", () => witnessClockReads >= 3);
    } finally {
      await witness.stop();
    }
    expect(clockReads).toBe(readsAtStop);
    expect((await row(db, after.id)).status).toBe("pending");
  });

  it("delivers to the mailbox folder from the configuration when no SMTP_URL is set", async () => {
    const { db } = use();
    const config = testConfig();
    const queued = await enqueue(db, {}, new Date(Date.now() - 1000));
    const worker = startOutboxWorker({ db, config, log: silentLog });
    try {
      await waitFor("the message to be sent", async () => (await row(db, queued.id)).status === "sent");
    } finally {
      await worker.stop();
    }
    const files = readdirSync(join(config.SUMMIT_DATA_DIR, "mailbox"));
    expect(files).toEqual([mailboxFileName({ id: queued.id, createdAt: queued.created_at })]);
  });

  it("lists messages newest first and counts them by status", async () => {
    const { db } = use();
    const old = await enqueue(db, {}, T0);
    const recent = await enqueue(db, {}, new Date(T0.getTime() + 1000));
    await db.updateTable("outbox").set({ status: "dead" }).where("id", "=", old.id).execute();
    expect((await listOutboxMessages(db)).map((r) => r.id)).toEqual([recent.id, old.id]);
    expect((await listOutboxMessages(db, { status: "dead" })).map((r) => r.id)).toEqual([old.id]);
    expect(await countOutboxByStatus(db)).toEqual({ pending: 1, sending: 0, sent: 0, needs_confirmation: 0, dead: 1 });
  });

  describe("the outbox command", () => {
    function io(now = T0) {
      const out: string[] = [];
      const err: string[] = [];
      const value: OutboxCommandIo = {
        out: (text) => out.push(text),
        err: (text) => err.push(text),
        untilStopped: async () => {},
        now: () => now,
      };
      return { out, err, io: value };
    }
    const parsed = (args: string[]) => {
      const result = parseOutboxArgs(args);
      if (!result.ok) throw new Error(result.message);
      return result.value;
    };

    it("lists, confirms and resends, refusing what does not apply", async () => {
      const { db } = use();
      const config = testConfig();
      const held = await enqueue(db, { kind: "minutes", subject: "Minutes of the QEMU Summit 2017" });
      await db
        .updateTable("outbox")
        .set({ status: "needs_confirmation", attempts: 1, last_error: "ETIMEDOUT during CONN: Timeout" })
        .where("id", "=", held.id)
        .execute();

      const listing = io();
      expect(await runOutboxCommand(db, config, parsed(["list"]), listing.io)).toBe(0);
      const text = listing.out.join("");
      expect(text).toContain("needs_confirmation: 1");
      expect(text).toContain(held.id);
      expect(text).toContain("Minutes of the QEMU Summit 2017");
      expect(text).toContain("ETIMEDOUT during CONN");

      const resend = io(new Date(T0.getTime() + HOUR));
      expect(await runOutboxCommand(db, config, parsed(["resend", held.id]), resend.io)).toBe(0);
      expect(resend.out.join("")).toContain(`Queued ${held.message_id}`);
      expect(await row(db, held.id)).toMatchObject({ status: "pending", message_id: held.message_id });

      const confirmPending = io();
      expect(await runOutboxCommand(db, config, parsed(["confirm", held.id]), confirmPending.io)).toBe(1);
      expect(confirmPending.err.join("")).toMatch(/Cannot confirm a message whose status is 'pending'/);

      await db.updateTable("outbox").set({ status: "needs_confirmation" }).where("id", "=", held.id).execute();
      const confirm = io();
      expect(await runOutboxCommand(db, config, parsed(["confirm", held.id]), confirm.io)).toBe(0);
      expect(await row(db, held.id)).toMatchObject({ status: "sent" });

      const missing = io();
      expect(
        await runOutboxCommand(db, config, parsed(["resend", "00000000-0000-4000-8000-00000000abcd"]), missing.io),
      ).toBe(1);
      expect(missing.err.join("")).toMatch(/no outbox message with that ID/);

      const empty = io();
      expect(await runOutboxCommand(db, config, parsed(["list", "--status", "dead"]), empty.io)).toBe(0);
      expect(empty.out.join("")).toContain("No messages.");
    });

    it("works the queue until told to stop", async () => {
      const { db } = use();
      const config = testConfig();
      const queued = await enqueue(db, {}, new Date(Date.now() - 1000));
      const { io: base } = io();
      const code = await runOutboxCommand(db, config, parsed(["work"]), {
        ...base,
        untilStopped: () => waitFor("the message to be sent", async () => (await row(db, queued.id)).status === "sent"),
      });
      expect(code).toBe(0);
      expect(readdirSync(join(config.SUMMIT_DATA_DIR, "mailbox"))).toHaveLength(1);
    });
  });

  describe("/dev/mail", () => {
    function context(overrides: Record<string, string> = {}): AppLoadContext {
      return { db: use().db, config: testConfig(overrides) } as unknown as AppLoadContext;
    }
    const request = (path: string) => new Request(`http://localhost:3000${path}`);

    async function thrownStatus(promise: Promise<unknown>): Promise<number> {
      try {
        await promise;
      } catch (error) {
        if (error instanceof Response) return error.status;
        throw error;
      }
      throw new Error("the loader did not throw");
    }

    it("does not exist in production", async () => {
      const { db } = use();
      const queued = await enqueue(db);
      const production = context({ NODE_ENV: "production", APP_ORIGIN: "https://summit.example.org" });
      expect(
        await thrownStatus(devMailLoader({ request: request("/dev/mail"), params: {}, context: production })),
      ).toBe(404);
      expect(
        await thrownStatus(
          devMailMessageLoader({
            request: request(`/dev/mail/${queued.id}`),
            params: { id: queued.id },
            context: production,
          }),
        ),
      ).toBe(404);
    });

    it("lists messages newest first with their status", async () => {
      const { db } = use();
      const old = await enqueue(db, { subject: "Old" }, T0);
      const recent = await enqueue(db, { subject: "Recent" }, new Date(T0.getTime() + 1000));
      await db.updateTable("outbox").set({ status: "sent", sent_at: T0 }).where("id", "=", old.id).execute();
      const response = await devMailLoader({ request: request("/dev/mail"), params: {}, context: context() });
      const data = (await response.json()) as { delivery: string; messages: Array<Record<string, unknown>> };
      expect(data.delivery).toBe("mailbox");
      expect(data.messages.map((m) => [m.id, m.subject, m.status, m.statusLabel])).toEqual([
        [recent.id, "Recent", "pending", "Queued"],
        [old.id, "Old", "sent", "Delivered"],
      ]);
      expect(data.messages[1]).toMatchObject({
        queuedAt: "2026-11-26 10:00:00 UTC",
        sentAt: "2026-11-26 10:00:00 UTC",
      });
    });

    it("shows one message with its links separated out, and 404s for bad or unknown ids", async () => {
      const { db } = use();
      const queued = await enqueue(db, {
        body: "Open this link to sign in:\n\nhttp://localhost:3000/login/verify?token=abc.\n(or https://example.org/x), not javascript:alert(1)\n",
      });
      const response = await devMailMessageLoader({
        request: request(`/dev/mail/${queued.id}`),
        params: { id: queued.id },
        context: context(),
      });
      const { message } = (await response.json()) as {
        message: { messageId: string; from: string; body: Array<{ text: string; href?: string }> };
      };
      expect(message.messageId).toBe(queued.message_id);
      expect(message.from).toBe("summit@summit.test");
      expect(message.body.filter((p) => p.href).map((p) => p.href)).toEqual([
        "http://localhost:3000/login/verify?token=abc",
        "https://example.org/x",
      ]);
      expect(message.body.map((p) => p.text).join("")).toBe(queued.body);

      for (const id of ["not-a-uuid", "00000000-0000-4000-8000-00000000abcd"]) {
        expect(
          await thrownStatus(
            devMailMessageLoader({ request: request(`/dev/mail/${id}`), params: { id }, context: context() }),
          ),
        ).toBe(404);
      }
    });
  });
});

describe("outbox command arguments", () => {
  it.each([
    [["work"], { command: "work" }],
    [["list"], { command: "list" }],
    [["list", "--status", "dead", "--limit=5"], { command: "list", status: "dead", limit: 5 }],
    [
      ["confirm", "0b7d1c8e-2f7a-4b8e-9c1d-3e5f7a9b1c2d"],
      { command: "confirm", id: "0b7d1c8e-2f7a-4b8e-9c1d-3e5f7a9b1c2d" },
    ],
    [
      ["resend", "0b7d1c8e-2f7a-4b8e-9c1d-3e5f7a9b1c2d"],
      { command: "resend", id: "0b7d1c8e-2f7a-4b8e-9c1d-3e5f7a9b1c2d" },
    ],
  ])("accepts %j", (args, expected) => {
    expect(parseOutboxArgs(args)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [[], /Usage/],
    [["send"], /Unknown outbox command 'send'/],
    [["confirm"], /takes one ID/],
    [["confirm", "12"], /ID must be an outbox id/],
    [["resend", "a", "b"], /takes one ID/],
    [["list", "--status", "lost"], /--status must be one of/],
    [["list", "--limit", "0"], /--limit must be at least 1/],
    [["list", "--limit", "many"], /--limit must be a whole number/],
    [["list", "--status"], /--status needs a value/],
    [["work", "--force"], /Unknown option --force/],
    [["work", "now"], /takes no argument 'now'/],
  ])("refuses %j", (args, message) => {
    const result = parseOutboxArgs(args);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
