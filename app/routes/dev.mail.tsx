import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useOutlet } from "@remix-run/react";
import { notFound } from "~/lib/http";
import { listRecentMail, outboxStatusView } from "~/services/outbox/outbox.server";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction = () => [{ title: "Mail · Summit" }];

/** "2026-11-26 10:00:00 UTC": formatted here so server and browser render the same text. */
function utc(date: Date | null): string | null {
  return date ? `${date.toISOString().slice(0, 19).replace("T", " ")} UTC` : null;
}

// Outside production only: the mail Summit sent, so a newcomer can follow a sign-in link.
export async function loader({ context }: LoaderFunctionArgs) {
  if (context.config.isProduction) throw notFound();
  const rows = await listRecentMail(context.db);
  return json({
    delivery: context.config.SMTP_URL ? "smtp" : "mailbox",
    messages: rows.map((row) => ({
      id: row.id,
      to: row.recipient,
      subject: row.subject,
      status: row.status,
      statusLabel: outboxStatusView(row.status).label,
      badge: outboxStatusView(row.status).badge,
      queuedAt: utc(row.created_at),
      sentAt: utc(row.sent_at),
    })),
  });
}

export default function DevMail() {
  const { delivery, messages } = useLoaderData<typeof loader>();
  const outlet = useOutlet();
  if (outlet) return outlet;
  return (
    <>
      <p className="eyebrow">Development</p>
      <h1 id="mail-heading">Mail</h1>
      <p className="lead">
        Every message Summit has queued, newest first.{" "}
        {delivery === "smtp"
          ? "They are delivered through the configured SMTP server."
          : "Without SMTP they are written as .eml files to the mailbox folder in the data folder."}{" "}
        This page does not exist in production.
      </p>
      {messages.length === 0 ? (
        <p className="muted">No mail yet. Ask for a sign-in link and it appears here.</p>
      ) : (
        <TableRegion labelledBy="mail-heading">
          <table>
            <caption className="visually-hidden">Messages, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Queued</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/dev/mail/${m.id}`}>{m.subject || "(no subject)"}</Link>
                  </td>
                  <td>{m.to}</td>
                  <td>
                    <span className={m.badge}>{m.statusLabel}</span>
                  </td>
                  <td>{m.queuedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
