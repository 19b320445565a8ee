import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "~db/queries/audit";
import { countTakenSeats, getInvitationByEmail, lockSummitSeats } from "~db/queries/invitation";
import {
  decideSeatRequest,
  getSeatRequestById,
  getSeatRequestOfUser,
  insertSeatRequest,
  listSeatRequests,
  type SeatRequestRow,
} from "~db/queries/seat-request";
import { getUserById } from "~db/queries/user";
import type { Database, SeatRequestStatus, Summit } from "~db/schema";
import { idField, textField } from "~/forms/text";
import { CORRECT_BELOW, inTransaction, parseOrRefuse, refuse, type Result } from "../kernel/result.server";
import {
  createInvitationForUser,
  requireInvitationsOpen,
  requireOrganizer,
  type MailConfig,
} from "./invitations.server";
import { enqueueMail, messageIdDomain } from "../kernel/mail.server";

export const STATEMENT_MAX_LENGTH = 1000;
export const PROPOSED_ITEM_MAX_LENGTH = 200;

/** The request form; the proposed item is checked against the summit's setting afterwards. */
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

const requestIdField = idField("This is not a seat request at this summit; reload the page.");

const RequestIdSchema = z.object({ requestId: requestIdField }).strict();

const RefuseFormSchema = z
  .object({
    requestId: requestIdField,
    reason: textField({
      name: "The reason",
      max: 1000,
      required: "Say why the request is refused; the requester reads it.",
      multiline: true,
    }),
  })
  .strict();

const STATUS_TEXT: Record<SeatRequestStatus, string> = {
  pending: "waiting for the organizers' decision",
  approved: "approved",
  refused: "refused",
  withdrawn: "withdrawn",
};

async function summitById(trx: Kysely<Database>, summitId: string): Promise<Summit> {
  await lockSummitSeats(trx, summitId);
  const summit = await trx.selectFrom("summit").selectAll().where("id", "=", summitId).executeTakeFirst();
  if (!summit) refuse(404, "There is no such summit.");
  return summit;
}

/** Any signed-in member asks for a seat at an open summit, once. */
export async function requestSeat(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; now: Date },
): Promise<Result<{ request: SeatRequestRow }>> {
  return inTransaction(db, async (trx) => {
    const summit = await summitById(trx, args.summitId);
    if (!summit.is_open) {
      refuse(403, "This summit is by invitation only: it does not take seat requests.");
    }
    requireInvitationsOpen(summit);
    const user = await getUserById(trx, args.actorId);
    if (!user || user.deactivated_at) refuse(403, "Sign in with an active account to request a seat.");
    const input = parseOrRefuse(SeatRequestFormSchema, args.input);
    if (summit.seat_request_needs_item && !input.proposedItem) {
      refuse(400, CORRECT_BELOW, {
        proposedItem: "This summit asks every request to come with the title of an agenda item you would propose.",
      });
    }
    const invitation = await getInvitationByEmail(trx, { summitId: summit.id, email: user.email });
    if (invitation && invitation.status !== "revoked") {
      refuse(409, `You already have an invitation to this summit (${invitation.status}): no request is needed.`);
    }
    const request = await insertSeatRequest(trx, {
      summitId: summit.id,
      userId: user.id,
      statement: input.statement,
      proposedItem: input.proposedItem || null,
      now: args.now,
    });
    if (!request) {
      const earlier = await getSeatRequestOfUser(trx, { summitId: summit.id, userId: user.id });
      refuse(
        409,
        `You have already requested a seat at this summit; that request is ${STATUS_TEXT[earlier?.status ?? "pending"]}. Each member asks once.`,
      );
    }
    await recordAudit(trx, {
      actorId: user.id,
      summitId: summit.id,
      action: "seat_request.created",
      objectType: "seat_request",
      objectId: request.id,
      detail: { email: user.email },
    });
    return { request };
  });
}

/** The requester takes a pending request back. */
export async function withdrawSeatRequest(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; now: Date },
): Promise<Result<{ request: SeatRequestRow }>> {
  return inTransaction(db, async (trx) => {
    const summit = await summitById(trx, args.summitId);
    const request = await getSeatRequestOfUser(trx, { summitId: summit.id, userId: args.actorId });
    if (!request) refuse(404, "You have not requested a seat at this summit.");
    if (request.status !== "pending") {
      refuse(409, `Your request is already ${STATUS_TEXT[request.status]}: only a pending request can be withdrawn.`);
    }
    if (
      !(await decideSeatRequest(trx, {
        requestId: request.id,
        status: "withdrawn",
        decidedBy: args.actorId,
        now: args.now,
      }))
    ) {
      refuse(409, "The organizers decided on your request in the meantime; reload the page.");
    }
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "seat_request.withdrawn",
      objectType: "seat_request",
      objectId: request.id,
    });
    return { request: { ...request, status: "withdrawn" as const } };
  });
}

async function pendingRequestOrRefuse(trx: Kysely<Database>, summitId: string, requestId: string) {
  const request = await getSeatRequestById(trx, { summitId, requestId });
  if (!request) refuse(404, "There is no such seat request at this summit; reload the page.");
  if (request.status !== "pending") {
    refuse(409, `The request of ${request.email} is already ${STATUS_TEXT[request.status]}.`);
  }
  return request;
}

/**
 * Organizers approve a request: the requester gets an invitation bound to
 * their account, sent when a seat is free, otherwise waitlisted in order.
 */
export async function approveSeatRequest(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; config: MailConfig; now: Date },
): Promise<Result<{ status: "invited" | "waitlisted"; email: string }>> {
  return inTransaction(db, async (trx) => {
    await requireOrganizer(trx, args.summitId, args.actorId);
    const summit = await summitById(trx, args.summitId);
    requireInvitationsOpen(summit);
    const { requestId } = parseOrRefuse(RequestIdSchema, args.input);
    const request = await pendingRequestOrRefuse(trx, summit.id, requestId);
    if (
      !(await decideSeatRequest(trx, {
        requestId: request.id,
        status: "approved",
        decidedBy: args.actorId,
        now: args.now,
      }))
    ) {
      refuse(409, "The request changed in the meantime; reload the page.");
    }
    const existing = await getInvitationByEmail(trx, { summitId: summit.id, email: request.email });
    if (existing) {
      refuse(409, `${request.email} already has an invitation to this summit (${existing.status}).`);
    }
    const reasons = [
      `asked for a seat: “${request.statement.replace(/\s+/g, " ").slice(0, 200)}”`,
      ...(request.proposed_item ? [`proposes: ${request.proposed_item}`] : []),
    ];
    const invitation = await createInvitationForUser(trx, {
      summit,
      userId: request.user_id,
      email: request.email,
      name: request.displayName,
      reasons,
      config: args.config,
      now: args.now,
    });
    if (!invitation) refuse(409, `${request.email} already has an invitation to this summit.`);
    if (invitation.status === "waitlisted") {
      const ahead = await trx
        .selectFrom("invitation")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("summit_id", "=", summit.id)
        .where("status", "=", "waitlisted")
        .executeTakeFirstOrThrow();
      await enqueueMail(
        trx,
        {
          kind: "notification",
          recipient: request.email,
          subject: `Your seat request for ${summit.title}: on the waitlist`,
          body: [
            `Hello ${request.displayName},`,
            "",
            `the organizers of ${summit.title} approved your request for a seat, but every seat is taken for now.`,
            `You are number ${Number(ahead.n)} on the waitlist. When a seat is free, you will get a mail with a link to accept it.`,
            "",
            "-- ",
            summit.sign_off || "Summit",
            "",
          ].join("\n"),
          dedupeKey: `seat-request:${request.id}:waitlisted`,
        },
        { now: args.now, messageIdDomain: messageIdDomain(args.config.MAIL_FROM) },
      );
    }
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "seat_request.approved",
      objectType: "seat_request",
      objectId: request.id,
      detail: { email: request.email, displayName: request.displayName, invitation: invitation.status },
    });
    return { status: invitation.status as "invited" | "waitlisted", email: request.email };
  });
}

/** Organizers refuse a request; the requester is told why by mail. */
export async function refuseSeatRequest(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; config: MailConfig; now: Date },
): Promise<Result<{ email: string }>> {
  return inTransaction(db, async (trx) => {
    await requireOrganizer(trx, args.summitId, args.actorId);
    const summit = await summitById(trx, args.summitId);
    const { requestId, reason } = parseOrRefuse(RefuseFormSchema, args.input);
    const request = await pendingRequestOrRefuse(trx, summit.id, requestId);
    if (
      !(await decideSeatRequest(trx, {
        requestId: request.id,
        status: "refused",
        decidedBy: args.actorId,
        now: args.now,
      }))
    ) {
      refuse(409, "The request changed in the meantime; reload the page.");
    }
    await enqueueMail(
      trx,
      {
        kind: "notification",
        recipient: request.email,
        subject: `Your seat request for ${summit.title}`,
        body: [
          `Hello ${request.displayName},`,
          "",
          `the organizers of ${summit.title} could not give you a seat. They say:`,
          "",
          ...reason.split(/\r?\n/).map((line) => `  ${line}`),
          "",
          "-- ",
          summit.sign_off || "Summit",
          "",
        ].join("\n"),
        dedupeKey: `seat-request:${request.id}:refused`,
      },
      { now: args.now, messageIdDomain: messageIdDomain(args.config.MAIL_FROM) },
    );
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "seat_request.refused",
      objectType: "seat_request",
      objectId: request.id,
      detail: { email: request.email, displayName: request.displayName, reason },
    });
    return { email: request.email };
  });
}

export interface SeatRequestView {
  id: string;
  name: string;
  email: string;
  statement: string;
  proposedItem: string | null;
  status: SeatRequestStatus;
  createdAt: string;
}

function requestView(r: Awaited<ReturnType<typeof listSeatRequests>>[number]): SeatRequestView {
  return {
    id: r.id,
    name: r.displayName,
    email: r.email,
    statement: r.statement,
    proposedItem: r.proposed_item,
    status: r.status,
    createdAt: (r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at))).toISOString(),
  };
}

/** Pending requests, oldest first, for the roster page. */
export async function listPendingSeatRequests(db: Kysely<Database>, summitId: string): Promise<SeatRequestView[]> {
  return (await listSeatRequests(db, { summitId, status: "pending" })).map(requestView);
}

/** What the request page shows a member: the summit's terms and their own request, if any. */
export async function getSeatRequestPage(db: Kysely<Database>, args: { summit: Summit; userId: string }) {
  const [request, taken, user] = await Promise.all([
    getSeatRequestOfUser(db, { summitId: args.summit.id, userId: args.userId }),
    countTakenSeats(db, args.summit.id),
    getUserById(db, args.userId),
  ]);
  const invitation = user ? await getInvitationByEmail(db, { summitId: args.summit.id, email: user.email }) : null;
  return {
    isOpen: args.summit.is_open,
    needsItem: args.summit.seat_request_needs_item,
    capacity: args.summit.capacity,
    seatsTaken: taken,
    full: args.summit.capacity !== null && taken >= args.summit.capacity,
    invitationStatus: invitation?.status ?? null,
    request: request
      ? {
          status: request.status,
          statusText: STATUS_TEXT[request.status],
          statement: request.statement,
          proposedItem: request.proposed_item,
        }
      : null,
  };
}
