import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound } from "~/lib/http";
import { getQueuedMail, outboxStatusView } from "~/services/outbox/outbox.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.message.subject || "Message"} · Mail · Summit` : "Message not found · Summit" },
];

const ParamsSchema = z.object({ id: z.uuid() }).strict();

type TextPart = { text: string } | { text: string; href: string };

// http(s) URLs up to white space; trailing punctuation belongs to the sentence.
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/** Splits plain text into runs of text and links, so the page can make the links clickable. */
function splitLinks(text: string): TextPart[] {
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

function utc(date: Date | null): string | null {
  return date ? `${date.toISOString().slice(0, 19).replace("T", " ")} UTC` : null;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  if (context.config.isProduction) throw notFound();
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw notFound("There is no message at this address.");
  const row = await getQueuedMail(context.db, parsed.data.id);
  if (!row) throw notFound("There is no message at this address.");
  return json({
    message: {
      id: row.id,
      messageId: row.message_id,
      from: context.config.MAIL_FROM,
      to: row.recipient,
      subject: row.subject,
      kind: row.kind,
      status: row.status,
      statusLabel: outboxStatusView(row.status).label,
      badge: outboxStatusView(row.status).badge,
      attempts: row.attempts,
      queuedAt: utc(row.created_at),
      sentAt: utc(row.sent_at),
      lastError: row.last_error,
      serverResponse: row.smtp_response,
      body: splitLinks(row.body),
    },
  });
}

export default function DevMailMessage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="eyebrow">
        <Link to="/dev/mail">Mail</Link>
      </p>
      <h1>{message.subject || "(no subject)"}</h1>
      <dl className="facts">
        <dt>From</dt>
        <dd>{message.from}</dd>
        <dt>To</dt>
        <dd>{message.to}</dd>
        <dt>Status</dt>
        <dd>
          <span className={message.badge}>{message.statusLabel}</span>
          {message.attempts > 0
            ? ` after ${message.attempts} ${message.attempts === 1 ? "attempt" : "attempts"}`
            : null}
        </dd>
        <dt>Queued</dt>
        <dd>{message.queuedAt}</dd>
        {message.sentAt ? (
          <>
            <dt>Delivered</dt>
            <dd>{message.sentAt}</dd>
          </>
        ) : null}
        <dt>Message-ID</dt>
        <dd>
          <code>{message.messageId}</code>
        </dd>
        {message.serverResponse ? (
          <>
            <dt>Server reply</dt>
            <dd>{message.serverResponse}</dd>
          </>
        ) : null}
        {message.lastError ? (
          <>
            <dt>Last error</dt>
            <dd>{message.lastError}</dd>
          </>
        ) : null}
      </dl>
      <h2>Text</h2>
      <pre className="mail-text">
        {message.body.map((part, i) =>
          "href" in part ? (
            <a key={i} href={part.href}>
              {part.text}
            </a>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
      </pre>
      <p>
        <Link to="/dev/mail">All mail</Link>
      </p>
    </>
  );
}
