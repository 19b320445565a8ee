import type { Kysely } from "kysely";
import { countOutboxByStatus, getOutboxMessage, listOutboxMessages } from "~db/queries/outbox";
import type { Database, OutboxMessage, OutboxStatus } from "~db/schema";

/** The reads of the outbox: the mail pages outside production, and the command line's list. */

const STATUS_VIEW: Record<OutboxStatus, { label: string; badge: string }> = {
  pending: { label: "Queued", badge: "badge" },
  sending: { label: "Sending", badge: "badge" },
  sent: { label: "Delivered", badge: "badge badge--success" },
  needs_confirmation: { label: "Needs confirmation", badge: "badge badge--warning" },
  dead: { label: "Failed", badge: "badge badge--danger" },
};

/** How a message's status is shown: a label and the badge classes. */
export function outboxStatusView(status: OutboxStatus): { label: string; badge: string } {
  return STATUS_VIEW[status];
}

/** "2026-11-26 10:00:00 UTC": formatted here so server and browser render the same text. */
function utc(date: Date | null): string | null {
  return date ? `${date.toISOString().slice(0, 19).replace("T", " ")} UTC` : null;
}

export type MailListEntry = {
  id: string;
  to: string;
  subject: string;
  status: OutboxStatus;
  statusLabel: string;
  badge: string;
  queuedAt: string | null;
  sentAt: string | null;
};

/** The mail page: the newest messages Summit queued, and how they are delivered. */
export async function getMailPage(
  db: Kysely<Database>,
  args: { smtp: boolean; limit?: number },
): Promise<{ delivery: "smtp" | "mailbox"; messages: MailListEntry[] }> {
  const rows = await listOutboxMessages(db, { limit: args.limit ?? 100 });
  return {
    delivery: args.smtp ? "smtp" : "mailbox",
    messages: rows.map((row) => ({
      id: row.id,
      to: row.recipient,
      subject: row.subject,
      status: row.status,
      ...statusOf(row.status),
      queuedAt: utc(row.created_at),
      sentAt: utc(row.sent_at),
    })),
  };
}

function statusOf(status: OutboxStatus): { statusLabel: string; badge: string } {
  const view = outboxStatusView(status);
  return { statusLabel: view.label, badge: view.badge };
}

export type TextPart = { text: string } | { text: string; href: string };

// http(s) URLs up to white space; trailing punctuation belongs to the sentence.
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/** Splits plain text into runs of text and links, so the page can make the links clickable. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(/[.,;:!?)\]']+$/, "");
    const start = match.index;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One message of the mail page, or null when the address names none (anything but an outbox id included). */
export async function getMailMessagePage(db: Kysely<Database>, args: { id: string; mailFrom: string }) {
  if (!UUID.test(args.id)) return null;
  const row = await getOutboxMessage(db, args.id);
  if (!row) return null;
  return {
    id: row.id,
    messageId: row.message_id,
    from: args.mailFrom,
    to: row.recipient,
    subject: row.subject,
    kind: row.kind,
    status: row.status,
    ...statusOf(row.status),
    attempts: row.attempts,
    queuedAt: utc(row.created_at),
    sentAt: utc(row.sent_at),
    lastError: row.last_error,
    serverResponse: row.smtp_response,
    body: splitLinks(row.body),
  };
}

/** The command line's `outbox list`: the newest messages, of one status if asked, and how many are in each. */
export async function listOutbox(
  db: Kysely<Database>,
  args: { status?: OutboxStatus; limit: number },
): Promise<{ messages: OutboxMessage[]; counts: Record<OutboxStatus, number> }> {
  const [messages, counts] = await Promise.all([
    listOutboxMessages(db, { status: args.status, limit: args.limit }),
    countOutboxByStatus(db),
  ]);
  return { messages, counts };
}
