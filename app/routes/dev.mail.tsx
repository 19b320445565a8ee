import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useOutlet } from "@remix-run/react";
import { notFound } from "~/lib/http";
import { TableRegion } from "~/components/table-region";
import { getMailPage } from "~/services/outbox/pages.server";

export const meta: MetaFunction = () => [{ title: "Mail · Summit" }];

// Outside production only: the mail Summit sent, so a newcomer can follow a sign-in link.
export async function loader({ context }: LoaderFunctionArgs) {
  if (context.config.isProduction) throw notFound();
  return json(await getMailPage(context.db, { smtp: Boolean(context.config.SMTP_URL) }));
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
