import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { InvitationAnswer, InvitationRefused } from "~/components/invitations/invitation-answer";
import type { InvitationRefusal } from "~/domain/invitations/invitation-link";
import { AnswerInvitationFormSchema } from "~/forms/invitations";
import { readFormBody, readFormFields } from "~/forms/posted-form";
import { answerInvitation } from "~/services/invitations/commands/answer.server";
import { getInvitationPage } from "~/services/invitations/pages.server";

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

export async function loader({ params, context }: LoaderFunctionArgs) {
  const page = await getInvitationPage(context.db, { token: params.token ?? "", now: new Date() });
  if (!page.ok) {
    return json(
      { state: "refused" as const, reason: page.reason, summitTitle: page.summitTitle ?? null, invitation: null },
      { status: REFUSAL_STATUS[page.reason], headers: TOKEN_PAGE_HEADERS },
    );
  }
  const viewer = await context.viewer.user();
  return json(
    {
      state: "ready" as const,
      reason: null,
      summitTitle: page.invitation.summit.title,
      invitation: page.invitation,
      signedInAs: viewer && viewer.email !== page.invitation.email ? viewer.displayName : null,
    },
    { headers: TOKEN_PAGE_HEADERS },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = readFormFields(await readFormBody(request));
  const parsed = form.ok ? AnswerInvitationFormSchema.safeParse(form.fields) : null;
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
    return redirect(target, { headers: { ...TOKEN_PAGE_HEADERS, "Set-Cookie": result.setCookie } });
  }
  context.log.warn({ reason: result.reason }, "invitation link refused");
  return json(
    { state: "refused" as const, reason: result.reason, message: null, summitTitle: result.summitTitle ?? null },
    { status: REFUSAL_STATUS[result.reason], headers: TOKEN_PAGE_HEADERS },
  );
}

export default function InvitationPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const refusal = actionData?.state === "refused" ? actionData : data.state === "refused" ? data : null;
  if (refusal) return <InvitationRefused reason={refusal.reason} summitTitle={refusal.summitTitle} />;
  if (data.state !== "ready") return null;
  return (
    <InvitationAnswer
      invitation={data.invitation}
      signedInAs={data.signedInAs}
      refusal={actionData?.state === "invalid-form" ? actionData.message : null}
    >
      <button type="submit" name="answer" value="accept" className="button" disabled={busy}>
        Accept
      </button>
      <button type="submit" name="answer" value="decline" className="button button--secondary" disabled={busy}>
        Decline
      </button>
    </InvitationAnswer>
  );
}
