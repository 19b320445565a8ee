import { createServer } from "node:net";
import fc from "fast-check";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimDueMessages } from "../../db/queries/outbox";
import { retryDelayMs } from "../../app/domain/outbox/retry-schedule";
import {
  composeMessage,
  createSmtpTransport,
  DeliveryError,
  sendsStartedWithOpenTransaction,
  type SmtpTransportOptions,
} from "../../app/infra/mail-transport.server";
import { deliverDueMessages, TransactionOpenError } from "../../app/infra/outbox-worker.server";
import { resendOutboxMessage } from "../../app/services/outbox/commands.server";
import { enqueueTestMail as enqueue, outboxRow as row, T0 } from "../helpers/factories/outbox";
import { describeEachDatabase } from "../helpers/test-db";

const FROM = "summit@summit.test";
const HOUR = 3_600_000;
const EXPECTED_HEADERS = [
  "content-transfer-encoding",
  "content-type",
  "date",
  "from",
  "message-id",
  "mime-version",
  "subject",
  "to",
];

type DataReply = "accept" | "hang" | "drop" | { code: number; message: string };

interface Sink {
  port: number;
  /** Every message body the sink read, whatever it answered. */
  received: Buffer[];
  /** The bodies it answered 250 to: what was delivered. */
  accepted: Buffer[];
  /** RCPT TO commands seen, with their recipients. */
  recipients: string[][];
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1:0 whose replies the test scripts. */
async function startSink(
  script: {
    rcpt?: (n: number) => { code: number; message: string } | null;
    data?: (n: number, raw: Buffer) => DataReply | Promise<DataReply>;
  } = {},
): Promise<Sink> {
  const received: Buffer[] = [];
  const accepted: Buffer[] = [];
  const recipients: string[][] = [];
  let rcptCount = 0;
  const server: SMTPServer = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    closeTimeout: 100,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      rcptCount++;
      const reply = script.rcpt?.(rcptCount) ?? null;
      if (reply) return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        received.push(raw);
        recipients.push(session.envelope.rcptTo.map((r) => r.address));
        void Promise.resolve(script.data?.(received.length, raw) ?? "accept").then((reply) => {
          if (reply === "hang") return;
          if (reply === "drop") {
            for (const connection of server.connections as Set<{ _socket?: { destroy(): void } }>)
              connection._socket?.destroy();
            return;
          }
          if (reply === "accept") {
            accepted.push(raw);
            return callback(null, "2.0.0 queued as sink-" + received.length);
          }
          callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("sink has no port");
  return {
    port: address.port,
    received,
    accepted,
    recipients,
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of server.connections as Set<{ _socket?: { destroy(): void } }>)
          connection._socket?.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

function smtpTo(port: number, extra: Partial<SmtpTransportOptions> = {}) {
  return () =>
    createSmtpTransport({
      url: `smtp://127.0.0.1:${port}`,
      from: FROM,
      connectionTimeoutMs: 2000,
      greetingTimeoutMs: 2000,
      socketTimeoutMs: 2000,
      deadlineMs: 10_000,
      strictTransactions: true,
      ...extra,
    });
}

/** Line endings as LF, and a final line break: what a plain-text message is. */
const normalized = (body: string) => {
  const lf = body.replace(/\r\n?/g, "\n");
  return lf.endsWith("\n") ? lf : `${lf}\n`;
};
/** CR, LF, NUL and the other C0 controls: none may reach a header. */
const hasControlCharacter = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const parse = (raw: Buffer): Promise<ParsedMail> => simpleParser(raw);
const headerNames = (mail: ParsedMail) => [...mail.headers.keys()].sort();

describeEachDatabase("SMTP delivery", (use) => {
  let sink: Sink | null = null;
  beforeEach(async () => {
    await use().db.deleteFrom("outbox").execute();
  });
  afterEach(async () => {
    await sink?.close();
    sink = null;
  });

  it("delivers a message with Message-ID, Date, From, To, Subject and a plain UTF-8 body", async () => {
    const { db } = use();
    sink = await startSink();
    const queued = await enqueue(db, {
      subject: "Sign in to Summit",
      body: "Hello Peter,\n\nhttp://localhost:3000/x\n",
    });
    const report = await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => T0 });
    expect(report).toMatchObject({ claimed: 1, sent: 1, retried: 0, dead: 0, needsConfirmation: 0 });

    const sent = await row(db, queued.id);
    expect(sent.status).toBe("sent");
    expect(sent.attempts).toBe(1);
    expect(sent.sent_at).toEqual(T0);
    expect(sent.smtp_response).toMatch(/^250 .*sink-1/);
    expect(sent.lease_until).toBeNull();

    expect(sink.accepted).toHaveLength(1);
    expect(sink.recipients).toEqual([["peter.maydell@linaro.org"]]);
    const mail = await parse(sink.accepted[0]!);
    expect(mail.messageId).toBe(queued.message_id);
    expect(queued.message_id).toMatch(/^<outbox-[0-9a-f-]{36}@summit\.test>$/);
    expect(mail.date).toEqual(queued.created_at);
    expect(mail.from?.text).toBe(FROM);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : null).toBe("peter.maydell@linaro.org");
    expect(mail.subject).toBe("Sign in to Summit");
    expect(mail.text).toBe("Hello Peter,\n\nhttp://localhost:3000/x\n");
    expect(mail.html).toBe(false);
    expect(mail.attachments).toHaveLength(0);
    expect(mail.headers.get("content-type")).toEqual({ value: "text/plain", params: { charset: "utf-8" } });
    expect(headerNames(mail)).toEqual(EXPECTED_HEADERS);
  });

  it("retries 451 on RCPT twice, then delivers exactly one copy on the schedule's spacing", async () => {
    const { db } = use();
    sink = await startSink({ rcpt: (n) => (n <= 2 ? { code: 451, message: "4.3.0 Try again later" } : null) });
    const queued = await enqueue(db);
    const random = () => 0.5;
    let now = T0;
    const deliver = () => deliverDueMessages(db, { transportFactory: smtpTo(sink!.port), now: () => now, random });

    expect(await deliver()).toMatchObject({ claimed: 1, retried: 1 });
    let current = await row(db, queued.id);
    expect(current).toMatchObject({ status: "pending", attempts: 1 });
    expect(current.last_error).toMatch(/451/);
    expect(current.next_attempt_at.getTime() - now.getTime()).toBe(retryDelayMs(1, random));

    // Not due yet: nothing is claimed a millisecond early.
    now = new Date(current.next_attempt_at.getTime() - 1);
    expect((await deliver()).claimed).toBe(0);

    now = current.next_attempt_at;
    expect(await deliver()).toMatchObject({ claimed: 1, retried: 1 });
    current = await row(db, queued.id);
    expect(current.attempts).toBe(2);
    expect(current.next_attempt_at.getTime() - now.getTime()).toBe(retryDelayMs(2, random));
    expect(retryDelayMs(2, random)).toBe(2 * retryDelayMs(1, random));

    now = current.next_attempt_at;
    expect(await deliver()).toMatchObject({ claimed: 1, sent: 1 });
    current = await row(db, queued.id);
    expect(current).toMatchObject({ status: "sent", attempts: 3 });
    expect(current.last_error).toMatch(/451/);

    expect(sink.accepted).toHaveLength(1);
    expect((await parse(sink.accepted[0]!)).messageId).toBe(queued.message_id);

    // Sent is final: later passes never send it again.
    now = new Date(now.getTime() + 2 * HOUR);
    expect((await deliver()).claimed).toBe(0);
    expect(sink.accepted).toHaveLength(1);
  });

  it("carries the same Message-ID and the same headers on every attempt (451 after the data twice)", async () => {
    const { db } = use();
    sink = await startSink({ data: (n) => (n <= 2 ? { code: 451, message: "4.7.1 Greylisted" } : "accept") });
    const queued = await enqueue(db, { subject: "Minutes: QEMU Summit 2017", kind: "minutes", body: "Minutes.\n" });
    let now = T0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => now, random: () => 0 });
      now = (await row(db, queued.id)).next_attempt_at;
    }
    const final = await row(db, queued.id);
    expect(final).toMatchObject({ status: "sent", attempts: 3 });
    expect(sink.received).toHaveLength(3);
    expect(sink.accepted).toHaveLength(1);
    const attempts = await Promise.all(sink.received.map(parse));
    expect(new Set(attempts.map((m) => m.messageId))).toEqual(new Set([queued.message_id]));
    expect(new Set(attempts.map((m) => m.headerLines.length)).size).toBe(1);
    expect(attempts.every((m) => headerNames(m).join() === EXPECTED_HEADERS.join())).toBe(true);
    // Byte for byte the same message each time (the Date header is the queue time).
    expect(sink.received[1]!.equals(sink.received[0]!)).toBe(true);
    expect(sink.received[2]!.equals(sink.received[0]!)).toBe(true);
  });

  it("gives up on 550 after one attempt and keeps the error", async () => {
    const { db } = use();
    sink = await startSink({ rcpt: () => ({ code: 550, message: "5.1.1 No such user" }) });
    const queued = await enqueue(db);
    expect(await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => T0 })).toMatchObject({
      claimed: 1,
      dead: 1,
    });
    const dead = await row(db, queued.id);
    expect(dead).toMatchObject({ status: "dead", attempts: 1 });
    expect(dead.last_error).toMatch(/550/);
    expect(dead.last_error).toMatch(/No such user/);
    const later = new Date(T0.getTime() + 2 * HOUR);
    expect((await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => later })).claimed).toBe(0);
    expect(sink.received).toHaveLength(0);
  });

  it("retries when no server is listening", async () => {
    const { db } = use();
    const port = await closedPort();
    const queued = await enqueue(db);
    expect(
      await deliverDueMessages(db, { transportFactory: smtpTo(port), now: () => T0, random: () => 0 }),
    ).toMatchObject({
      claimed: 1,
      retried: 1,
    });
    const pending = await row(db, queued.id);
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending.last_error).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(pending.next_attempt_at).toEqual(new Date(T0.getTime() + retryDelayMs(1, () => 0)));

    // The server comes back: the message goes out.
    sink = await startSink();
    await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => pending.next_attempt_at });
    expect(await row(db, queued.id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(sink.accepted).toHaveLength(1);
  });

  it("marks a message dead, not pending, once the give-up time (24 h) has passed", async () => {
    const { db } = use();
    const port = await closedPort();
    const queued = await enqueue(db);
    expect(queued.give_up_at).toEqual(new Date(T0.getTime() + 24 * HOUR));
    await deliverDueMessages(db, { transportFactory: smtpTo(port), now: () => T0 });
    expect((await row(db, queued.id)).status).toBe("pending");

    const justBefore = new Date(T0.getTime() + 24 * HOUR - 1000);
    await deliverDueMessages(db, { transportFactory: smtpTo(port), now: () => justBefore });
    expect((await row(db, queued.id)).status).toBe("pending");

    const dayLater = new Date(T0.getTime() + 24 * HOUR);
    expect(await deliverDueMessages(db, { transportFactory: smtpTo(port), now: () => dayLater })).toMatchObject({
      dead: 1,
    });
    const dead = await row(db, queued.id);
    expect(dead).toMatchObject({ status: "dead", attempts: 3 });
    expect(dead.last_error).toMatch(/^Gave up after 3 attempts: /);
  });

  it("holds a message for confirmation when the server never answers after the data, and sends it again only by hand", async () => {
    const { db } = use();
    sink = await startSink({ data: (n) => (n === 1 ? "hang" : "accept") });
    const queued = await enqueue(db, { kind: "minutes", subject: "Minutes", body: "The minutes.\n" });
    const transportFactory = smtpTo(sink.port, { socketTimeoutMs: 300 });
    expect(await deliverDueMessages(db, { transportFactory, now: () => T0 })).toMatchObject({ needsConfirmation: 1 });
    const held = await row(db, queued.id);
    expect(held).toMatchObject({ status: "needs_confirmation", attempts: 1 });
    expect(held.last_error).toMatch(/ETIMEDOUT/);
    expect(sink.received).toHaveLength(1);

    // Never resent by itself, however long the workers run.
    for (const hours of [1, 5, 30]) {
      const later = new Date(T0.getTime() + hours * HOUR);
      expect((await deliverDueMessages(db, { transportFactory, now: () => later })).claimed).toBe(0);
    }
    expect(sink.received).toHaveLength(1);

    // A person resends: a second copy, with the same Message-ID.
    const resendAt = new Date(T0.getTime() + 31 * HOUR);
    const result = await resendOutboxMessage(db, { id: queued.id, now: resendAt, actorId: null });
    expect(result.ok).toBe(true);
    await deliverDueMessages(db, { transportFactory, now: () => resendAt });
    expect(await row(db, queued.id)).toMatchObject({ status: "sent", attempts: 2, message_id: queued.message_id });
    expect(sink.received).toHaveLength(2);
    const copies = await Promise.all(sink.received.map(parse));
    expect(copies.map((m) => m.messageId)).toEqual([queued.message_id, queued.message_id]);
    const audit = await db.selectFrom("audit_log").selectAll().where("object_id", "=", queued.id).execute();
    expect(audit.map((a) => a.action)).toEqual(["outbox.resend"]);
  });

  it("holds a message for confirmation when the connection drops after the data", async () => {
    const { db } = use();
    sink = await startSink({ data: () => "drop" });
    const queued = await enqueue(db, { kind: "minutes" });
    expect(await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => T0 })).toMatchObject({
      needsConfirmation: 1,
    });
    const held = await row(db, queued.id);
    expect(held.status).toBe("needs_confirmation");
    expect(held.last_error).toMatch(/ECONNECTION|ESOCKET/);
    expect(sink.received).toHaveLength(1);
  });

  it("after a worker dies mid-send, holds minutes for confirmation and sends other mail again with the same Message-ID", async () => {
    const { db } = use();
    sink = await startSink();
    const minutes = await enqueue(db, { kind: "minutes", subject: "Minutes" });
    const invitation = await enqueue(db, { kind: "invitation", subject: "Invitation" });
    // A worker claims both and gets them to the server, then dies before recording anything.
    const claimed = await claimDueMessages(db, { now: T0, leaseMs: 60_000, limit: 10 });
    expect(claimed.map((r) => r.id).sort()).toEqual([minutes.id, invitation.id].sort());
    const transport = smtpTo(sink.port)();
    for (const r of claimed) {
      await transport.deliver({
        id: r.id,
        messageId: r.message_id,
        recipient: r.recipient,
        subject: r.subject,
        body: r.body,
        createdAt: r.created_at,
      });
    }
    expect(sink.accepted).toHaveLength(2);

    // Within the lease nobody touches them.
    expect(
      await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => new Date(T0.getTime() + 59_000) }),
    ).toMatchObject({
      reclaimed: 0,
      claimed: 0,
    });

    const afterLease = new Date(T0.getTime() + 61_000);
    expect(await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => afterLease })).toMatchObject({
      reclaimed: 2,
      claimed: 1,
      sent: 1,
    });
    const heldMinutes = await row(db, minutes.id);
    expect(heldMinutes.status).toBe("needs_confirmation");
    expect(heldMinutes.last_error).toMatch(/lease expired/);
    expect(await row(db, invitation.id)).toMatchObject({ status: "sent", attempts: 2 });

    const copies = await Promise.all(sink.accepted.map(parse));
    const minutesCopies = copies.filter((m) => m.messageId === minutes.message_id);
    const invitationCopies = copies.filter((m) => m.messageId === invitation.message_id);
    expect(minutesCopies).toHaveLength(1);
    expect(invitationCopies).toHaveLength(2);

    const muchLater = new Date(T0.getTime() + 10 * HOUR);
    await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => muchLater });
    expect(sink.accepted).toHaveLength(3);
  });

  it("keeps headers to one line and the body intact, whatever the subject and body hold", async () => {
    const { db } = use();
    sink = await startSink();
    const subject = "Minutes\r\nBcc: victim@example.org\t\u0007 — Größe ✓ " + "long ".repeat(40);
    const body = "Hello\r\nWörld ✓\n\u0007bell\rcr\n. a dot line\n.\n\n  indented\ttab  \n" + "x".repeat(300);
    // Inserted directly: the transport's own hygiene is under test, not enqueueMail's.
    // (NUL cannot be stored in a text column; the composition test below covers it.)
    await db
      .insertInto("outbox")
      .values({
        id: "00000000-0000-4000-8000-000000000001",
        message_id: "<outbox-00000000-0000-4000-8000-000000000001@summit.test>",
        dedupe_key: "hostile",
        kind: "notification",
        recipient: "kwolf@redhat.com",
        subject,
        body,
        status: "pending",
        created_at: T0,
        next_attempt_at: T0,
        give_up_at: new Date(T0.getTime() + 24 * HOUR),
      })
      .execute();
    await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => T0 });
    expect(sink.accepted).toHaveLength(1);
    const raw = sink.accepted[0]!.toString("latin1");
    const headerBlock = raw.slice(0, raw.indexOf("\r\n\r\n"));
    expect(headerBlock).not.toMatch(/^bcc:/im);
    expect(sink.recipients).toEqual([["kwolf@redhat.com"]]);
    const mail = await parse(sink.accepted[0]!);
    expect(hasControlCharacter(mail.subject ?? "")).toBe(false);
    expect(mail.subject).toMatch(/^Minutes Bcc: victim@example\.org — Größe ✓ long/);
    expect(headerNames(mail)).toEqual(EXPECTED_HEADERS);
    expect(mail.headers.get("content-type")).toEqual({ value: "text/plain", params: { charset: "utf-8" } });
    expect(mail.html).toBe(false);
    expect(mail.text).toBe(normalized(body));
  });

  it("refuses a recipient that is not a plain address without contacting the server", async () => {
    const { db } = use();
    sink = await startSink();
    await db
      .insertInto("outbox")
      .values({
        id: "00000000-0000-4000-8000-000000000002",
        message_id: "<outbox-00000000-0000-4000-8000-000000000002@summit.test>",
        dedupe_key: "hostile-recipient",
        kind: "notification",
        recipient: "a@example.org\r\nBcc: x@example.org",
        subject: "Hi",
        body: "Hi",
        status: "pending",
        created_at: T0,
        next_attempt_at: T0,
        give_up_at: new Date(T0.getTime() + 24 * HOUR),
      })
      .execute();
    expect(await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => T0 })).toMatchObject({
      dead: 1,
    });
    const dead = await row(db, "00000000-0000-4000-8000-000000000002");
    expect(dead.last_error).toMatch(/EENVELOPE.*plain email address/);
    expect(sink.recipients).toHaveLength(0);
  });

  it("sends with no transaction open: the claim is committed and the database answers while the server delays its reply (R30)", async () => {
    const { db } = use();
    let seen: { status: string | undefined; answered: boolean } | null = null;
    let queuedId = "";
    sink = await startSink({
      data: async (): Promise<DataReply> => {
        // If delivery held a transaction, this query would wait for it (one
        // connection on PGlite) or would not see the claim (PostgreSQL).
        const probe = db.selectFrom("outbox").select("status").where("id", "=", queuedId).executeTakeFirst();
        const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5000));
        const result = await Promise.race([probe, timeout]);
        seen = { status: result === "timeout" ? "timeout" : result?.status, answered: result !== "timeout" };
        return "accept";
      },
    });
    const queued = await enqueue(db);
    queuedId = queued.id;
    const before = sendsStartedWithOpenTransaction();
    await deliverDueMessages(db, { transportFactory: smtpTo(sink.port), now: () => T0 });
    expect(seen).not.toBeNull();
    expect(seen!.status).toBe("sending");
    // Not blocked behind the delivery: the probe answered before its bound.
    expect(seen!.answered).toBe(true);
    expect(sendsStartedWithOpenTransaction()).toBe(before);
    expect((await row(db, queued.id)).status).toBe("sent");
  });

  it("refuses to deliver inside a transaction, and the transport refuses while one is open", async () => {
    const { db } = use();
    sink = await startSink();
    const queued = await enqueue(db);
    await db.transaction().execute(async (trx) => {
      await expect(deliverDueMessages(trx, { transportFactory: smtpTo(sink!.port), now: () => T0 })).rejects.toThrow(
        TransactionOpenError,
      );
    });
    const before = sendsStartedWithOpenTransaction();
    let refusal: unknown = null;
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom("outbox").select("id").execute();
      refusal = await smtpTo(sink!.port)()
        .deliver({
          id: queued.id,
          messageId: queued.message_id,
          recipient: queued.recipient,
          subject: "s",
          body: "b",
          createdAt: T0,
        })
        .catch((error: unknown) => error);
    });
    expect(refusal).toBeInstanceOf(DeliveryError);
    expect((refusal as DeliveryError).code).toBe("ETXOPEN");
    expect((refusal as DeliveryError).dataPhaseReached).toBe(false);
    expect(sendsStartedWithOpenTransaction()).toBe(before + 1);
    expect(sink.received).toHaveLength(0);
    expect((await row(db, queued.id)).status).toBe("pending");
  });

  it("never sends a message twice, with several workers on PostgreSQL and one on PGlite (200 messages)", async () => {
    const { db, kind } = use();
    const messageIds: string[] = [];
    sink = await startSink({
      data: (_n, raw) => {
        const id = /^Message-ID: (.+)$/im.exec(raw.toString("latin1"))?.[1]?.trim();
        if (id) messageIds.push(id);
        return "accept";
      },
    });
    const total = 200;
    for (let i = 0; i < total; i++)
      await enqueue(db, { recipient: `attendee${i}@example.org`, subject: `Invitation ${i}` });
    const workers = kind === "postgres" ? 4 : 1;
    const transportFactory = smtpTo(sink.port);
    const worker = async () => {
      let claimed = 0;
      for (;;) {
        const report = await deliverDueMessages(db, { transportFactory, now: () => T0, maxMessages: 10 });
        claimed += report.claimed;
        if (report.claimed === 0) return claimed;
      }
    };
    const started = performance.now();
    const perWorker = await Promise.all(Array.from({ length: workers }, worker));
    const seconds = (performance.now() - started) / 1000;
    // smtp-server holds every greeting 100 ms (its early-talker check), which bounds this figure.
    console.info(`outbox throughput [${kind}, ${workers} worker(s)]: ${(total / seconds).toFixed(0)} messages/s`);

    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(total);
    expect(messageIds).toHaveLength(total);
    expect(new Set(messageIds).size).toBe(total);
    const rows = await db.selectFrom("outbox").select(["status", "attempts", "smtp_response", "message_id"]).execute();
    expect(rows).toHaveLength(total);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1 && r.smtp_response?.startsWith("250"))).toBe(true);
    expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set(messageIds));
  }, 120_000);
});

describe("message composition", () => {
  const message = (subject: string, body: string) => ({
    id: "00000000-0000-4000-8000-000000000003",
    messageId: "<outbox-00000000-0000-4000-8000-000000000003@summit.test>",
    recipient: "list@example.org",
    subject,
    body,
    createdAt: T0,
  });

  it("keeps every subject on one line and every body intact, with a constant set of headers", async () => {
    const text = fc.string({
      unit: fc.constantFrom("a", "Z", " ", "\r", "\n", "\u0000", "\t", "é", "✓", "😀", ".", "=", "?", ":", "-"),
    });
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.string({ maxLength: 400, unit: fc.constantFrom("a", " ", "\r", "\n", "\u0000", "é", "✓", "😀", ".", "=") }),
        async (subject, body) => {
          const composed = await composeMessage(message(subject, body), FROM);
          const mail = await simpleParser(composed.raw);
          expect(headerNames(mail)).toEqual(EXPECTED_HEADERS);
          expect(hasControlCharacter(mail.subject ?? "")).toBe(false);
          expect(mail.html).toBe(false);
          expect(mail.text ?? "").toBe(normalized(body));
          expect(composed.envelope).toEqual({ from: FROM, to: ["list@example.org"] });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("refuses a sender or recipient that is not a plain address", async () => {
    await expect(composeMessage({ ...message("s", "b"), recipient: "a@b.org, c@d.org" }, FROM)).rejects.toMatchObject({
      code: "EENVELOPE",
    });
    await expect(composeMessage(message("s", "b"), "Summit <summit@summit.test>")).rejects.toMatchObject({
      code: "ECONFIG",
    });
  });
});
