import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormActions } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { readFormFields } from "~/forms/summit";
import {
  answerInvitation,
  getInvitationByToken,
  type InvitationRefusal,
} from "~/services/invitations/invitations.server";

/**
 * The page an invitation link opens. GET (and HEAD) only show the invitation
 * and its two buttons; the POST of a button uses the link, so mail scanners
 * that follow links cannot answer for the invitee (R9). The token is in the
 * URL: it must not leak through the Referer header or a cache.
 */
const TOKEN_PAGE_HEADERS = {
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
} as const;

export const meta: MetaFunction = () => [
  { title: "Invitation · Summit" },
  { name: "referrer", content: "no-referrer" },
];

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => {
  const merged = new Headers(TOKEN_PAGE_HEADERS);
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    source?.forEach((value, name) => {
      if (name !== "set-cookie") merged.set(name, value);
    });
  }
  return merged;
};

const REFUSAL_STATUS: Record<InvitationRefusal, number> = {
  invalid: 404,
  expired: 410,
  answered: 410,
  revoked: 410,
  waitlisted: 409,
  deactivated: 403,
};

const AnswerFormSchema = z
  .object({ answer: z.enum(["accept", "decline"], { error: "Choose Accept or Decline." }) })
  .strict();

export async function loader({ params, context }: LoaderFunctionArgs) {
  const preview = await getInvitationByToken(context.db, { token: params.token ?? "", now: new Date() });
  if (!preview.ok) {
    return json(
      { state: "refused" as const, reason: preview.reason, summitTitle: preview.summitTitle ?? null, invitation: null },
      { status: REFUSAL_STATUS[preview.reason], headers: TOKEN_PAGE_HEADERS },
    );
  }
  const viewer = await context.viewer.user();
  return json(
    {
      state: "ready" as const,
      reason: null,
      summitTitle: preview.invitation.summit.title,
      invitation: preview.invitation,
      signedInAs: viewer && viewer.email !== preview.invitation.email ? viewer.displayName : null,
    },
    { headers: TOKEN_PAGE_HEADERS },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = readFormFields(await request.formData().catch(() => new FormData()));
  const parsed = form.ok ? AnswerFormSchema.safeParse(form.fields) : null;
  if (!parsed?.success) {
    return json(
      { state: "invalid-form" as const, reason: null, message: "Choose Accept or Decline.", summitTitle: null },
      { status: 400, headers: TOKEN_PAGE_HEADERS },
    );
  }
  const result = await answerInvitation(context.db, {
    token: params.token ?? null,
    answer: parsed.data.answer,
    sessionSettings: context.sessionSettings,
    cookieHeader: request.headers.get("Cookie"),
    config: context.config,
    now: new Date(),
  });
  if (result.ok) {
    context.log.info({ userId: result.userId, answer: result.status }, "invitation answered");
    // An attendee lands where they see who else comes; a decline goes back to the summit's page.
    const target =
      result.status === "accepted"
        ? `/summits/${result.summitSlug}/attendees?answered=accepted`
        : `/summits/${result.summitSlug}?answered=declined`;
    return redirect(target, {
      headers: { ...TOKEN_PAGE_HEADERS, "Set-Cookie": result.setCookie },
    });
  }
  context.log.warn({ reason: result.reason }, "invitation link refused");
  return json(
    { state: "refused" as const, reason: result.reason, message: null, summitTitle: result.summitTitle ?? null },
    { status: REFUSAL_STATUS[result.reason], headers: TOKEN_PAGE_HEADERS },
  );
}

function refusalMessage(reason: InvitationRefusal, summitTitle: string | null): string {
  const to = summitTitle ? ` to ${summitTitle}` : "";
  switch (reason) {
    case "invalid":
      return "This invitation link is not valid. It may be incomplete (copy the whole link from the email), or a newer invitation mail has replaced it: use the link in the most recent one.";
    case "expired":
      return `This invitation${to} has expired: links work for 7 days. Ask the organizers to send it again.`;
    case "answered":
      return `This invitation${to} has already been answered. Each link works once; sign in to see the summit.`;
    case "revoked":
      return `The organizers have withdrawn this invitation${to}, so it can no longer be answered.`;
    case "waitlisted":
      return `You are on the waitlist${to}. When a seat is free you will get a new mail with a link to accept it.`;
    case "deactivated":
      return "The account of this address has been deactivated, so this link cannot sign it in. If you think this is a mistake, ask the administrators of this Summit.";
  }
}

export default function InvitationPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";

  const refusal = actionData?.state === "refused" ? actionData : data.state === "refused" ? data : null;
  if (refusal) {
    return (
      <>
        <h1>This invitation link cannot be used</h1>
        <Notice tone="error">{refusalMessage(refusal.reason, refusal.summitTitle)}</Notice>
        <p>
          <Link to="/">Go to the list of summits</Link>
        </p>
      </>
    );
  }
  if (data.state !== "ready") return null;
  const { invitation } = data;
  return (
    <>
      <p className="eyebrow">Invitation</p>
      <h1>{invitation.summit.title}</h1>
      <p className="lead">
        {invitation.name ? `${invitation.name}, you` : "You"} are invited to {invitation.summit.title},{" "}
        {invitation.summit.dates}
        {invitation.summit.venue ? ` at ${invitation.summit.venue}` : ""}.
      </p>
      {invitation.reasons.length > 0 ? (
        <section className="card" aria-labelledby="reasons-heading">
          <h2 id="reasons-heading">Why you are invited</h2>
          <ul className="stack-list">
            {invitation.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {actionData?.state === "invalid-form" ? <Notice tone="error">{actionData.message}</Notice> : null}
      {data.signedInAs ? (
        <Notice>
          You are signed in as {data.signedInAs}. Answering ends that session and signs you in as {invitation.email},
          the address this invitation was sent to.
        </Notice>
      ) : null}
      <p className="muted">
        Answering signs you in to Summit as {invitation.email}. The link works once, until{" "}
        {invitation.expiresAt.slice(0, 16).replace("T", " ")} UTC; nothing happens until you press a button.
      </p>
      <Form method="post" className="form" aria-label="Answer the invitation">
        <FormActions>
          <button type="submit" name="answer" value="accept" className="button" disabled={busy}>
            Accept
          </button>
          <button type="submit" name="answer" value="decline" className="button button--secondary" disabled={busy}>
            Decline
          </button>
        </FormActions>
      </Form>
    </>
  );
}
