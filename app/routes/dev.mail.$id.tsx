import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound } from "~/lib/http";
import { getMailMessagePage } from "~/services/outbox/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.message.subject || "Message"} · Mail · Summit` : "Message not found · Summit" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  if (context.config.isProduction) throw notFound();
  const message = await getMailMessagePage(context.db, { id: params.id ?? "", mailFrom: context.config.MAIL_FROM });
  if (!message) throw notFound("There is no message at this address.");
  return json({ message });
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
