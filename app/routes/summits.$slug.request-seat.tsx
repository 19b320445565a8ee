import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireSummit, requireUser } from "~/auth/guards.server";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { readFormFields } from "~/forms/summit";
import { badRequest } from "~/lib/http";
import {
  getSeatRequestPage,
  PROPOSED_ITEM_MAX_LENGTH,
  requestSeat,
  STATEMENT_MAX_LENGTH,
  withdrawSeatRequest,
} from "~/services/invitations/seat-requests.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Request a seat at ${data.summit.title} · Summit` : "Request a seat · Summit" },
];

const NOTICES = {
  requested: "Your request has been sent to the organizers. You will hear from them by mail.",
  withdrawn: "Your request has been withdrawn.",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { summit } = await requireSummit(context, params.slug);
  const page = await getSeatRequestPage(context.db, { summit, userId: user.id });
  const notice = new URL(request.url).searchParams.get("notice");
  return json({
    summit: { slug: summit.slug, title: summit.title },
    ...page,
    // Limits travel with the data: server modules do not reach the browser.
    limits: { statement: STATEMENT_MAX_LENGTH, proposedItem: PROPOSED_ITEM_MAX_LENGTH },
    notice: notice === "requested" || notice === "withdrawn" ? NOTICES[notice] : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const slug = params.slug ?? "";
  const { summit } = await requireSummit(context, slug);
  const form = readFormFields(await request.formData().catch(() => new FormData()));
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...values } = form.fields;
  const args = { summitId: summit.id, actorId: user.id, now: new Date() };
  if (intent === "request") {
    const result = await requestSeat(context.db, { ...args, input: values });
    if (!result.ok) {
      return json(
        { message: result.message, fieldErrors: result.fieldErrors ?? {}, values },
        { status: result.status },
      );
    }
    return redirect(`/summits/${slug}/request-seat?notice=requested`);
  }
  if (intent === "withdraw") {
    if (Object.keys(values).length > 0) throw badRequest("This form takes no fields; reload the page.");
    const result = await withdrawSeatRequest(context.db, args);
    if (!result.ok) return json({ message: result.message, fieldErrors: {}, values }, { status: result.status });
    return redirect(`/summits/${slug}/request-seat?notice=withdrawn`);
  }
  throw badRequest("This form does not say what it is for; reload the page and try again.");
}

export default function RequestSeatPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const url = `/summits/${data.summit.slug}/request-seat`;
  const errors: Record<string, string> = failure?.fieldErrors ?? {};
  const showFormMessage = failure && Object.keys(errors).filter((k) => k !== "form").length === 0;

  return (
    <section aria-labelledby="request-heading">
      <h2 id="request-heading">Request a seat</h2>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {showFormMessage ? <Notice tone="error">{failure.message}</Notice> : null}
      {data.invitationStatus && data.invitationStatus !== "revoked" ? (
        <p>You already have an invitation to this summit ({data.invitationStatus}); no request is needed.</p>
      ) : data.request ? (
        <div className="card">
          <p>
            Your request is <strong>{data.request.statusText}</strong>.
          </p>
          <p>{data.request.statement}</p>
          {data.request.proposedItem ? <p>Proposed agenda item: {data.request.proposedItem}</p> : null}
          {data.request.status === "pending" ? (
            <Form method="post" action={url}>
              <input type="hidden" name="intent" value="withdraw" />
              <FormActions>
                <SubmitButton variant="danger" disabled={busy}>
                  Withdraw my request
                </SubmitButton>
              </FormActions>
            </Form>
          ) : null}
        </div>
      ) : !data.isOpen ? (
        <Notice>This summit is by invitation only: it does not take seat requests.</Notice>
      ) : (
        <>
          <p>
            This summit is open: any member may ask for a seat. The organizers read your statement and approve or refuse
            the request; you hear from them by mail.
          </p>
          {data.full ? (
            <Notice>
              All {data.capacity} seats are taken for now. If your request is approved, you join the waitlist and are
              offered a seat when one is free.
            </Notice>
          ) : null}
          <Form method="post" action={url} className="form" noValidate>
            <input type="hidden" name="intent" value="request" />
            <FormField
              id="statement"
              name="statement"
              label="Why would you like to attend?"
              hint={`A few sentences, at most ${data.limits.statement} characters.`}
              error={errors.statement}
              control={(props) => (
                <textarea
                  {...props}
                  name="statement"
                  rows={5}
                  maxLength={data.limits.statement}
                  required
                  defaultValue={failure?.values.statement ?? ""}
                />
              )}
            />
            <FormField
              id="proposedItem"
              name="proposedItem"
              label={
                data.needsItem
                  ? "Title of an agenda item you propose"
                  : "Title of an agenda item you propose (optional)"
              }
              hint={data.needsItem ? "This summit asks every request to come with one." : undefined}
              maxLength={data.limits.proposedItem}
              required={data.needsItem}
              defaultValue={failure?.values.proposedItem ?? ""}
              error={errors.proposedItem}
            />
            <FormActions>
              <SubmitButton disabled={busy}>Request a seat</SubmitButton>
            </FormActions>
          </Form>
        </>
      )}
    </section>
  );
}
