import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import { countWaitlisted, getInvitationByEmail } from "~db/queries/invitation";
import {
  decideSeatRequest,
  getSeatRequestById,
  getSeatRequestOfUser,
  insertSeatRequest,
  type SeatRequestRow,
} from "~db/queries/seat-request";
import { getUserById } from "~db/queries/user";
import type { Database, Summit } from "~db/schema";
import { SEAT_REQUEST_STATUS_TEXT, seatRequestReasons } from "~/domain/invitations/seat-request";
import { seatRequestRefusedMail, seatRequestWaitlistedMail } from "~/domain/invitations/seat-request-mail";
import { phaseAllows, phaseRefusal } from "~/domain/summit/phase-policy";
import {
  ApproveSeatRequestFormSchema,
  RefuseSeatRequestFormSchema,
  SeatRequestFormSchema,
  WithdrawSeatRequestFormSchema,
} from "~/forms/invitations";
import { enqueueMail, queueOptions, type MailConfig } from "../../kernel/mail.server";
import { CORRECT_BELOW, inTransaction, parseOrRefuse, refuse, type Result } from "../../kernel/result.server";
import { lockSummitOrRefuse } from "../../kernel/summit-lock.server";
import { createInvitation, requireInviting, requireOrganizerNow, Seats } from "./seats.server";

/**
 * Seat requests at an open summit: a member asks (once) or takes the request
 * back; the organizers approve it, which invites the requester or puts them
 * on the waitlist, or refuse it with a reason the requester is mailed. Each
 * command opens and owns its transaction and takes the summit lock first.
 */

/** Any signed-in member asks for a seat at an open summit, once. */
export async function requestSeat(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; now: Date },
): Promise<Result<{ request: SeatRequestRow }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    if (!summit.is_open) {
      refuse(403, "This summit is by invitation only: it does not take seat requests.");
    }
    if (!phaseAllows(summit.phase, "requestSeat")) {
      refuse(409, phaseRefusal("requestSeat", summit.phase, summit.title));
    }
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
        `You have already requested a seat at this summit; that request is ${SEAT_REQUEST_STATUS_TEXT[earlier?.status ?? "pending"]}. Each member asks once.`,
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
  args: { summitId: string; actorId: string; input?: unknown; now: Date },
): Promise<Result<{ request: SeatRequestRow }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    parseOrRefuse(WithdrawSeatRequestFormSchema, args.input ?? {});
    const request = await getSeatRequestOfUser(trx, { summitId: summit.id, userId: args.actorId });
    if (!request) refuse(404, "You have not requested a seat at this summit.");
    if (request.status !== "pending") {
      refuse(
        409,
        `Your request is already ${SEAT_REQUEST_STATUS_TEXT[request.status]}: only a pending request can be withdrawn.`,
      );
    }
    const withdrawn = await decideSeatRequest(trx, {
      requestId: request.id,
      status: "withdrawn",
      decidedBy: args.actorId,
      now: args.now,
    });
    if (!withdrawn) refuse(409, "The organizers decided on your request in the meantime; reload the page.");
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

type PendingRequest = NonNullable<Awaited<ReturnType<typeof getSeatRequestById>>>;

/** The pending request the organizers decide on, now marked with their decision. */
async function decidedRequest(
  trx: Kysely<Database>,
  args: { summit: Summit; requestId: string; status: "approved" | "refused"; actorId: string; now: Date },
): Promise<PendingRequest> {
  const request = await getSeatRequestById(trx, { summitId: args.summit.id, requestId: args.requestId });
  if (!request) refuse(404, "There is no such seat request at this summit; reload the page.");
  if (request.status !== "pending") {
    refuse(409, `The request of ${request.email} is already ${SEAT_REQUEST_STATUS_TEXT[request.status]}.`);
  }
  const decided = await decideSeatRequest(trx, {
    requestId: request.id,
    status: args.status,
    decidedBy: args.actorId,
    now: args.now,
  });
  if (!decided) refuse(409, "The request changed in the meantime; reload the page.");
  return request;
}

/**
 * Organizers approve a request: the requester gets an invitation bound to
 * their account, sent when a seat is free, otherwise waitlisted in order
 * and told their place.
 */
export async function approveSeatRequest(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; config: MailConfig; now: Date },
): Promise<Result<{ status: "invited" | "waitlisted"; email: string }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    await requireOrganizerNow(trx, summit, args.actorId);
    requireInviting(summit);
    const { requestId } = parseOrRefuse(ApproveSeatRequestFormSchema, args.input);
    const request = await decidedRequest(trx, {
      summit,
      requestId,
      status: "approved",
      actorId: args.actorId,
      now: args.now,
    });
    const existing = await getInvitationByEmail(trx, { summitId: summit.id, email: request.email });
    if (existing) {
      refuse(409, `${request.email} already has an invitation to this summit (${existing.status}).`);
    }
    const invitation = await createInvitation(trx, {
      summit,
      seats: await Seats.of(trx, summit),
      userId: request.user_id,
      email: request.email,
      name: request.displayName,
      reasons: seatRequestReasons({ statement: request.statement, proposedItem: request.proposed_item }),
      config: args.config,
      now: args.now,
    });
    if (!invitation) refuse(409, `${request.email} already has an invitation to this summit.`);
    const status = invitation.status === "invited" ? "invited" : "waitlisted";
    if (status === "waitlisted") {
      const mail = seatRequestWaitlistedMail({
        summit: { title: summit.title, signOff: summit.sign_off },
        name: request.displayName,
        position: await countWaitlisted(trx, summit.id),
      });
      await enqueueMail(
        trx,
        { kind: "notification", recipient: request.email, ...mail, dedupeKey: `seat-request:${request.id}:waitlisted` },
        queueOptions(args.config, args.now),
      );
    }
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "seat_request.approved",
      objectType: "seat_request",
      objectId: request.id,
      detail: { email: request.email, displayName: request.displayName, invitation: status },
    });
    return { status, email: request.email };
  });
}

/** Organizers refuse a request; the requester is told why by mail. */
export async function refuseSeatRequest(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; config: MailConfig; now: Date },
): Promise<Result<{ email: string }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    await requireOrganizerNow(trx, summit, args.actorId);
    const { requestId, reason } = parseOrRefuse(RefuseSeatRequestFormSchema, args.input);
    const request = await decidedRequest(trx, {
      summit,
      requestId,
      status: "refused",
      actorId: args.actorId,
      now: args.now,
    });
    const mail = seatRequestRefusedMail({
      summit: { title: summit.title, signOff: summit.sign_off },
      name: request.displayName,
      reason,
    });
    await enqueueMail(
      trx,
      { kind: "notification", recipient: request.email, ...mail, dedupeKey: `seat-request:${request.id}:refused` },
      queueOptions(args.config, args.now),
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
