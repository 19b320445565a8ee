// The forms of the roster, of a seat request and of an invitation link. The
// roster's and the request page's forms validate in the browser with these
// very schemas, and the services check with the same ones.
import { z } from "zod";
import { isRosterStatus, type RosterStatus } from "~/domain/invitations/roster";
import { emailField } from "./summit";
import { idField, textField } from "./text";

export const INVITE_NAME_MAX_LENGTH = 200;
export const INVITE_REASON_MAX_LENGTH = 300;
export const STATEMENT_MAX_LENGTH = 1000;
export const PROPOSED_ITEM_MAX_LENGTH = 200;
export const REFUSAL_REASON_MAX_LENGTH = 1000;

/** Invite everyone eligible not yet invited: a button, so any field is a tampered form. */
export const InviteEligibleFormSchema = z.object({}).strict();

/** Invite one person: someone off the eligible list needs a reason. */
export const InviteOneFormSchema = z
  .object({
    email: emailField,
    name: textField({ name: "A name", max: INVITE_NAME_MAX_LENGTH }).default(""),
    reason: textField({ name: "A reason", max: INVITE_REASON_MAX_LENGTH }).default(""),
  })
  .strict();

/** Resend or revoke one invitation of the roster. */
export const InvitationIdFormSchema = z
  .object({ invitationId: idField("This is not an invitation of this summit; reload the roster.") })
  .strict();

const requestIdField = idField("This is not a seat request at this summit; reload the page.");

/** Approve a seat request: a button per request. */
export const ApproveSeatRequestFormSchema = z.object({ requestId: requestIdField }).strict();

/** Refuse a seat request: the requester reads the reason. */
export const RefuseSeatRequestFormSchema = z
  .object({
    requestId: requestIdField,
    reason: textField({
      name: "The reason",
      max: REFUSAL_REASON_MAX_LENGTH,
      required: "Say why the request is refused; the requester reads it.",
      multiline: true,
    }),
  })
  .strict();

/** A member's request for a seat; whether the summit needs the proposed item is checked afterwards. */
export const SeatRequestFormSchema = z
  .object({
    statement: textField({
      name: "The statement",
      max: STATEMENT_MAX_LENGTH,
      required: "Say in a few words why you would like to attend.",
      multiline: true,
    }),
    proposedItem: textField({ name: "The title", max: PROPOSED_ITEM_MAX_LENGTH }).default(""),
  })
  .strict();

/** The requester takes their request back: a button. */
export const WithdrawSeatRequestFormSchema = z.object({}).strict();

/** The two buttons of an invitation link's page. */
export const AnswerInvitationFormSchema = z
  .object({ answer: z.enum(["accept", "decline"], { error: "Choose Accept or Decline." }) })
  .strict();

export type RosterFilter = { ok: true; status: RosterStatus | null } | { ok: false; message: string };

/** The roster's `?status=` filter: empty for everyone, else one of its statuses. */
export function readRosterFilter(searchParams: URLSearchParams): RosterFilter {
  const raw = searchParams.get("status") ?? "";
  if (raw === "") return { ok: true, status: null };
  if (isRosterStatus(raw)) return { ok: true, status: raw };
  return { ok: false, message: `“${raw.slice(0, 40)}” is not a status of the roster; choose one from the list.` };
}

/**
 * The fields a form's schema reads: everything but the `intent` field that
 * names which form of the page was sent (the route reads it; the schema does not).
 */
export function withoutIntent(formData: FormData): FormData {
  const fields = new FormData();
  for (const [name, value] of formData.entries()) if (name !== "intent") fields.append(name, value);
  return fields;
}
