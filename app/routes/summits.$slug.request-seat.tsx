import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberOfSummit } from "~/auth/guards.server";
import { OpenSummitTerms, OwnSeatRequestCard, SeatRequestForm } from "~/components/invitations/seat-request-form";
import { Notice } from "~/components/notice";
import { SeatRequestFormSchema, WithdrawSeatRequestFormSchema } from "~/forms/invitations";
import { refusalReply } from "~/forms/reply";
import { readConformForm, readFormFields, withoutIntent } from "~/forms/posted-form";
import { badRequest, noticeFrom } from "~/lib/http";
import { requestSeat, withdrawSeatRequest } from "~/services/invitations/commands/seat-requests.server";
import { getSeatRequestPage } from "~/services/invitations/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Request a seat at ${data.summit.title} · Summit` : "Request a seat · Summit" },
];

const NOTICES = {
  requested: "Your request has been sent to the organizers. You will hear from them by mail.",
  withdrawn: "Your request has been withdrawn.",
} as const;

/** The intents the action takes; each form of the page carries its own as a hidden field. */
const INTENT_FIELDS = {
  request: <input type="hidden" name="intent" value="request" />,
  withdraw: <input type="hidden" name="intent" value="withdraw" />,
};

/** Any signed-in member: the summit's terms and their own invitation or request. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const notice = noticeFrom(new URL(request.url), NOTICES);
  const { user, summit, standing } = await requireMemberOfSummit(context, request, params.slug);
  const page = await getSeatRequestPage(context.db, { summit, standing, user });
  return json({ ...page, notice: notice?.text ?? null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readConformForm(request);
  const form = readFormFields(formData);
  if (!form.ok) throw badRequest(form.message);
  const { user, summit } = await requireMemberOfSummit(context, request, params.slug);
  const { intent, ...values } = form.fields;
  const command = { summitId: summit.id, actorId: user.id, input: values, now: new Date() };
  const back = (notice: keyof typeof NOTICES) => redirect(`/summits/${summit.slug}/request-seat?notice=${notice}`);
  if (intent !== "request" && intent !== "withdraw") {
    throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
  const result =
    intent === "request" ? await requestSeat(context.db, command) : await withdrawSeatRequest(context.db, command);
  if (result.ok) return back(intent === "request" ? "requested" : "withdrawn");
  const schema = intent === "request" ? SeatRequestFormSchema : WithdrawSeatRequestFormSchema;
  return json(
    {
      intent,
      message: result.message,
      fieldErrors: result.fieldErrors ?? {},
      values,
      result: refusalReply(withoutIntent(formData), schema, result),
    },
    { status: result.status },
  );
}

export default function RequestSeatPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() ?? null;
  const busy = useNavigation().state === "submitting";
  const url = `/summits/${data.summit.slug}/request-seat`;
  // The request form says its own refusals; any other is said over the page.
  const pageRefusal =
    failure && (failure.intent !== "request" || !data.isOpen || data.closed || data.request) ? failure.message : null;

  return (
    <section aria-labelledby="request-heading">
      <h2 id="request-heading">Request a seat</h2>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {pageRefusal ? <Notice tone="error">{pageRefusal}</Notice> : null}
      {data.invitationStatus && data.invitationStatus !== "revoked" ? (
        <p>You already have an invitation to this summit ({data.invitationStatus}); no request is needed.</p>
      ) : data.request ? (
        <OwnSeatRequestCard request={data.request} action={url} withdrawIntent={INTENT_FIELDS.withdraw} busy={busy} />
      ) : !data.isOpen ? (
        <Notice>This summit is by invitation only: it does not take seat requests.</Notice>
      ) : data.closed ? (
        <Notice>{data.closed}</Notice>
      ) : (
        <>
          <OpenSummitTerms full={data.full} capacity={data.capacity} />
          <SeatRequestForm
            action={url}
            intent={INTENT_FIELDS.request}
            needsItem={data.needsItem}
            lastResult={failure?.intent === "request" ? failure.result : undefined}
            busy={busy}
          />
        </>
      )}
    </section>
  );
}
