import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { $ZodType } from "zod/v4/core";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { InviteOneForm } from "~/components/invitations/invite-one-form";
import { RosterCounts } from "~/components/invitations/roster-counts";
import { RosterPeople } from "~/components/invitations/roster-people";
import { SeatRequestDecisions, type DecisionFailure } from "~/components/invitations/seat-request-decisions";
import { Notice } from "~/components/notice";
import { rosterNotice } from "~/domain/invitations/roster";
import {
  ApproveSeatRequestFormSchema,
  InvitationIdFormSchema,
  InviteEligibleFormSchema,
  InviteOneFormSchema,
  readRosterFilter,
  RefuseSeatRequestFormSchema,
} from "~/forms/invitations";
import { refusalReply } from "~/forms/reply";
import { readConformForm, readFormFields, withoutIntent } from "~/forms/posted-form";
import { badRequest, refusalResponse } from "~/lib/http";
import {
  inviteEligible,
  inviteOne,
  resendInvitation,
  revokeInvitation,
} from "~/services/invitations/commands/invitations.server";
import { approveSeatRequest, refuseSeatRequest } from "~/services/invitations/commands/seat-requests.server";
import { getRosterPage } from "~/services/invitations/pages.server";
import type { Refusal } from "~/services/kernel/result.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Roster of ${data.summit.title} · Summit` : "Roster · Summit" },
];

/** The intents the action takes; each form of the page carries its own as a hidden field. */
const INTENT_FIELDS = {
  inviteEligible: <input type="hidden" name="intent" value="invite-eligible" />,
  inviteOne: <input type="hidden" name="intent" value="invite-one" />,
  resend: <input type="hidden" name="intent" value="resend" />,
  revoke: <input type="hidden" name="intent" value="revoke" />,
  approveRequest: <input type="hidden" name="intent" value="approve-request" />,
  refuseRequest: <input type="hidden" name="intent" value="refuse-request" />,
};

/** Organizers only: where everyone stands, filtered by `?status=`, and the seat requests waiting. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filter = readRosterFilter(url.searchParams);
  if (!filter.ok) throw badRequest(filter.message);
  const access = await requireOrganizerOfSummit(context, request, params.slug);
  const page = await getRosterPage(context.db, { ...access, status: filter.status, now: new Date() });
  if (!page.ok) throw refusalResponse(page);
  return json({ ...page.value, notice: rosterNotice(url.searchParams) });
}

type Intent = "invite-eligible" | "invite-one" | "resend" | "revoke" | "approve-request" | "refuse-request";

/** A refused form: Conform's reply for the page, and the refusal in plain words for any other client. */
function refused(
  intent: Intent,
  formData: FormData,
  schema: $ZodType,
  refusal: Refusal,
  values: Record<string, string>,
) {
  return json(
    {
      intent,
      requestId: values.requestId ?? "",
      message: refusal.message,
      fieldErrors: refusal.fieldErrors ?? {},
      values,
      result: refusalReply(withoutIntent(formData), schema, refusal),
    },
    { status: refusal.status },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readConformForm(request);
  const form = readFormFields(formData);
  if (!form.ok) throw badRequest(form.message);
  const { user, summit } = await requireOrganizerOfSummit(context, request, params.slug);
  const { intent, ...values } = form.fields;
  const back = (notice: string, counts: Record<string, number> = {}) => {
    const query = new URLSearchParams({ notice });
    for (const [key, value] of Object.entries(counts)) query.set(key, String(value));
    return redirect(`/summits/${summit.slug}/roster?${query.toString()}`);
  };
  const command = { summitId: summit.id, actorId: user.id, input: values, config: context.config, now: new Date() };
  switch (intent) {
    case "invite-eligible": {
      const result = await inviteEligible(context.db, command);
      if (!result.ok) return refused(intent, formData, InviteEligibleFormSchema, result, values);
      const { invited, waitlisted, rejected } = result.value;
      return back("invited-all", { invited, waitlisted, rejected: rejected.length });
    }
    case "invite-one": {
      const result = await inviteOne(context.db, command);
      if (!result.ok) return refused(intent, formData, InviteOneFormSchema, result, values);
      return back(result.value.invitation.status === "invited" ? "invited-one" : "waitlisted-one");
    }
    case "resend": {
      const result = await resendInvitation(context.db, command);
      return result.ok ? back("resent") : refused(intent, formData, InvitationIdFormSchema, result, values);
    }
    case "revoke": {
      const result = await revokeInvitation(context.db, command);
      if (!result.ok) return refused(intent, formData, InvitationIdFormSchema, result, values);
      return back("revoked", { offered: result.value.offered.length });
    }
    case "approve-request": {
      const result = await approveSeatRequest(context.db, command);
      if (!result.ok) return refused(intent, formData, ApproveSeatRequestFormSchema, result, values);
      return back(result.value.status === "invited" ? "approved" : "approved-waitlisted");
    }
    case "refuse-request": {
      const result = await refuseSeatRequest(context.db, command);
      return result.ok ? back("refused") : refused(intent, formData, RefuseSeatRequestFormSchema, result, values);
    }
    default:
      throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
}

export default function RosterPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() ?? null;
  const busy = useNavigation().state === "submitting";
  const url = `/summits/${data.summit.slug}/roster`;
  const refusalOf = (...intents: Intent[]) => (failure && intents.includes(failure.intent) ? failure : null);
  // A form that is only a button has no field to show a message beside: the field's message is the one said.
  const buttonMessage = (...intents: Intent[]) => {
    const refusal = refusalOf(...intents);
    return refusal ? (Object.values(refusal.fieldErrors)[0] ?? refusal.message) : null;
  };
  const decided = refusalOf("approve-request", "refuse-request");
  const decisionFailure: DecisionFailure | null = decided
    ? {
        intent: decided.intent === "approve-request" ? "approve-request" : "refuse-request",
        requestId: decided.requestId,
        message: buttonMessage("approve-request", "refuse-request") ?? decided.message,
        result: decided.result,
      }
    : null;
  const { roster } = data;

  return (
    <>
      <h2>Roster</h2>
      <p className="lead">Who is eligible, who is invited and how they answered. Only organizers see this page.</p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      <RosterCounts
        counts={roster.counts}
        capacity={roster.capacity}
        seatsTaken={roster.seatsTaken}
        action={url}
        intent={INTENT_FIELDS.inviteEligible}
        csvUrl={`/summits/${data.summit.slug}/roster.csv${data.status ? `?status=${data.status}` : ""}`}
        refusal={buttonMessage("invite-eligible")}
        busy={busy}
      />
      <InviteOneForm
        action={url}
        intent={INTENT_FIELDS.inviteOne}
        lastResult={refusalOf("invite-one")?.result}
        busy={busy}
      />
      {data.summit.isOpen || data.requests.length > 0 ? (
        <SeatRequestDecisions
          requests={data.requests}
          action={url}
          approveIntent={INTENT_FIELDS.approveRequest}
          refuseIntent={INTENT_FIELDS.refuseRequest}
          failure={decisionFailure}
          busy={busy}
        />
      ) : null}
      <RosterPeople
        people={roster.entries}
        counts={roster.counts}
        status={data.status}
        action={url}
        resendIntent={INTENT_FIELDS.resend}
        revokeIntent={INTENT_FIELDS.revoke}
        refusal={buttonMessage("resend", "revoke")}
        manageUrl={`/summits/${data.summit.slug}/manage`}
        busy={busy}
      />
    </>
  );
}
