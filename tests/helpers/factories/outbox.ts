// What the outbox and SMTP delivery tests build again and again: a sign-in
// mail queued as the app queues it, and the outbox row read back.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { getOutboxMessage } from "../../../db/queries/outbox";
import type { Database, OutboxMessage } from "../../../db/schema";
import { enqueueMail, type MailKind } from "../../../app/services/kernel/mail.server";

/** The moment the outbox tests' mail is queued, unless a test says otherwise. */
export const T0 = new Date("2026-11-26T10:00:00.000Z");

export interface TestMail {
  kind?: MailKind;
  recipient?: string;
  subject?: string;
  body?: string;
  dedupeKey?: string;
}

/** Queues a mail (a sign-in link unless told otherwise) at `now` and returns its row. */
export async function enqueueTestMail(db: Kysely<Database>, mail: TestMail = {}, now = T0): Promise<OutboxMessage> {
  const dedupeKey = mail.dedupeKey ?? `test:${randomUUID()}`;
  await enqueueMail(
    db,
    {
      kind: mail.kind ?? "sign_in",
      recipient: mail.recipient ?? "peter.maydell@linaro.org",
      subject: mail.subject ?? "Sign in to Summit",
      body: mail.body ?? "Open this link to sign in:\n\nhttp://localhost:3000/login/verify?token=abc\n",
      dedupeKey,
    },
    { now, messageIdDomain: "summit.test" },
  );
  return db.selectFrom("outbox").selectAll().where("dedupe_key", "=", dedupeKey).executeTakeFirstOrThrow();
}

export async function outboxRow(db: Kysely<Database>, id: string): Promise<OutboxMessage> {
  const found = await getOutboxMessage(db, id);
  if (!found) throw new Error(`no outbox row ${id}`);
  return found;
}
