import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { normalizeEmailAddress } from "~/domain/people/email-address";
import type { Config } from "~/lib/config.server";

/**
 * Putting mail into the outbox, for every feature that sends some: the mail
 * is written in the transaction of the change that causes it and delivered
 * later by the outbox worker, so a change and its mail commit together or
 * not at all.
 */
export type MailKind = "sign_in" | "invitation" | "minutes" | "notification";

export interface MailToQueue {
  kind: MailKind;
  /** One plain address; validated again here, never built from free text. */
  recipient: string;
  subject: string;
  /** Plain text, UTF-8. */
  body: string;
  /** The same key never produces a second message (a double-click publishes once). */
  dedupeKey: string;
}

/** What a command that writes mail needs of the configuration: the origin its links point at, and the sender. */
export type MailConfig = Pick<Config, "APP_ORIGIN" | "MAIL_FROM">;

export interface QueueOptions {
  now: Date;
  /** Domain part of Message-IDs, from MAIL_FROM. */
  messageIdDomain: string;
  /** How long delivery is retried before the message is given up (default 24 h). */
  giveUpAfterMs?: number;
}

export class InvalidRecipientError extends Error {}

/** Subjects are one line: CR, LF and other control characters from user data are removed. */
export function sanitizeSubject(subject: string): string {
  return (
    subject
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]+/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 250)
  );
}

/**
 * Puts a message into the outbox. Call it with the transaction of the change
 * that causes the mail, so both commit or neither does. The Message-ID is fixed
 * here, so every delivery attempt carries the same one.
 */
export async function enqueueMail(
  db: Kysely<Database>,
  mail: MailToQueue,
  options: QueueOptions,
): Promise<{ queued: boolean; messageId: string }> {
  const recipient = normalizeEmailAddress(mail.recipient);
  if (!recipient.ok) throw new InvalidRecipientError(`Invalid recipient: ${recipient.reason}`);
  const id = randomUUID();
  const messageId = `<outbox-${id}@${options.messageIdDomain}>`;
  const inserted = await db
    .insertInto("outbox")
    .values({
      id,
      message_id: messageId,
      dedupe_key: mail.dedupeKey,
      kind: mail.kind,
      recipient: recipient.address,
      subject: sanitizeSubject(mail.subject),
      body: mail.body.replaceAll("\u0000", ""), // text columns cannot hold NUL; it has no place in mail anyway
      status: "pending",
      created_at: options.now,
      next_attempt_at: options.now,
      give_up_at: new Date(options.now.getTime() + (options.giveUpAfterMs ?? 24 * 3_600_000)),
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("message_id")
    .executeTakeFirst();
  if (inserted) return { queued: true, messageId: inserted.message_id };
  const existing = await db
    .selectFrom("outbox")
    .select("message_id")
    .where("dedupe_key", "=", mail.dedupeKey)
    .executeTakeFirstOrThrow();
  return { queued: false, messageId: existing.message_id };
}

/** The domain for Message-IDs: that of the configured sender. */
export function messageIdDomain(mailFrom: string): string {
  return mailFrom.split("@")[1] ?? "localhost";
}

/** The queueing options of a command's mail at `now`, from the configuration. */
export function queueOptions(config: MailConfig, now: Date): QueueOptions {
  return { now, messageIdDomain: messageIdDomain(config.MAIL_FROM) };
}
