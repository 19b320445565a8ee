// The forms of the roster, of a seat request and of an invitation link. The
// roster's and the request page's forms validate in the browser with these
// very schemas, and the services check with the same ones. They are built with
// Zod's mini build, so the browser loads only the code the schemas call.
import * as z from "zod/mini";
import { isRosterStatus, type RosterStatus } from "~/domain/invitations/roster";
import { emailField } from "./summit";
import { miniIdField, miniTextField } from "./text";

export const INVITE_NAME_MAX_LENGTH = 200;
export const INVITE_REASON_MAX_LENGTH = 300;
export const STATEMENT_MAX_LENGTH = 1000;
export const PROPOSED_ITEM_MAX_LENGTH = 200;
export const REFUSAL_REASON_MAX_LENGTH = 1000;

/** Invite everyone eligible not yet invited: a button, so any field is a tampered form. */
export const InviteEligibleFormSchema = z.strictObject({});

/** Invite one person: someone off the eligible list needs a reason. */
export const InviteOneFormSchema = z.strictObject({
  email: emailField,
  name: z._default(miniTextField({ name: "A name", max: INVITE_NAME_MAX_LENGTH }), ""),
  reason: z._default(miniTextField({ name: "A reason", max: INVITE_REASON_MAX_LENGTH }), ""),
});

/** Resend or revoke one invitation of the roster. */
export const InvitationIdFormSchema = z.strictObject({
  invitationId: miniIdField("This is not an invitation of this summit; reload the roster."),
});

const requestIdField = miniIdField("This is not a seat request at this summit; reload the page.");

/** Approve a seat request: a button per request. */
export const ApproveSeatRequestFormSchema = z.strictObject({ requestId: requestIdField });

/** Refuse a seat request: the requester reads the reason. */
export const RefuseSeatRequestFormSchema = z.strictObject({
  requestId: requestIdField,
  reason: miniTextField({
    name: "The reason",
    max: REFUSAL_REASON_MAX_LENGTH,
    required: "Say why the request is refused; the requester reads it.",
    multiline: true,
  }),
});

/** A member's request for a seat; whether the summit needs the proposed item is checked afterwards. */
export const SeatRequestFormSchema = z.strictObject({
  statement: miniTextField({
    name: "The statement",
    max: STATEMENT_MAX_LENGTH,
    required: "Say in a few words why you would like to attend.",
    multiline: true,
  }),
  proposedItem: z._default(miniTextField({ name: "The title", max: PROPOSED_ITEM_MAX_LENGTH }), ""),
});

/** The requester takes their request back: a button. */
export const WithdrawSeatRequestFormSchema = z.strictObject({});

/** The two buttons of an invitation link's page. */
export const AnswerInvitationFormSchema = z.strictObject({
  answer: z.enum(["accept", "decline"], { error: "Choose Accept or Decline." }),
});

export type RosterFilter = { ok: true; status: RosterStatus | null } | { ok: false; message: string };

/** The roster's `?status=` filter: empty for everyone, else one of its statuses. */
export function readRosterFilter(searchParams: URLSearchParams): RosterFilter {
  const raw = searchParams.get("status") ?? "";
  if (raw === "") return { ok: true, status: null };
  if (isRosterStatus(raw)) return { ok: true, status: raw };
  return { ok: false, message: `“${raw.slice(0, 40)}” is not a status of the roster; choose one from the list.` };
}
