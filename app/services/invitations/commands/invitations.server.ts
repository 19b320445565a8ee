import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import {
  getInvitationByEmail,
  getInvitationById,
  listInvitedEmails,
  revokeInvitationRow,
  type InvitationRow,
} from "~db/queries/invitation";
import type { Database, Summit } from "~db/schema";
import { nothingToInviteMessage, ROSTER_STATUS_LABELS } from "~/domain/invitations/roster";
import { normalizeEmailAddress } from "~/domain/people/email-address";
import { InvitationIdFormSchema, InviteEligibleFormSchema, InviteOneFormSchema } from "~/forms/invitations";
import { getEligibility } from "../../eligibility/eligibility.server";
import type { MailConfig } from "../../kernel/mail.server";
import { CORRECT_BELOW, inTransaction, parseOrRefuse, refuse, type Result } from "../../kernel/result.server";
import { lockSummitOrRefuse } from "../../kernel/summit-lock.server";
import {
  createInvitation,
  offerFreeSeats,
  offersFreedSeats,
  oneLine,
  requireInviting,
  requireOrganizerNow,
  Seats,
  sendNewLink,
} from "./seats.server";

/**
 * What organizers do on the roster: invite everyone eligible or one person,
 * send a link again, and revoke. Each command opens and owns its
 * transaction, takes the summit lock first (seats are taken and freed one
 * change at a time), and decides on the actor's standing as it is then.
 */

interface OrganizerCommand {
  summitId: string;
  actorId: string;
  config: MailConfig;
  now: Date;
}

/** The summit, locked, once the actor is known to be one of its organizers. */
async function organizersSummit(trx: Kysely<Database>, args: OrganizerCommand): Promise<Summit> {
  const summit = await lockSummitOrRefuse(trx, args.summitId);
  await requireOrganizerNow(trx, summit, args.actorId);
  return summit;
}

const statusWords = (invitation: InvitationRow) => ROSTER_STATUS_LABELS[invitation.status].toLowerCase();

export interface InviteCounts {
  invited: number;
  waitlisted: number;
  /** Eligible people whose address cannot receive mail (R40): never queued. */
  rejected: Array<{ email: string; reason: string }>;
}

/** Everyone eligible and not yet invited gets an invitation (or a waitlist place), in one transaction. */
export async function inviteEligible(
  db: Kysely<Database>,
  args: OrganizerCommand & { input?: unknown },
): Promise<Result<InviteCounts>> {
  return inTransaction(db, async (trx) => {
    const summit = await organizersSummit(trx, args);
    requireInviting(summit);
    parseOrRefuse(InviteEligibleFormSchema, args.input ?? {});
    const { eligible } = await getEligibility(trx, summit.id);
    const already = await listInvitedEmails(trx, summit.id);
    const seats = await Seats.of(trx, summit);
    const counts: InviteCounts = { invited: 0, waitlisted: 0, rejected: [] };
    for (const person of eligible) {
      const checked = normalizeEmailAddress(person.email);
      if (!checked.ok) {
        counts.rejected.push({ email: person.email, reason: checked.reason });
        continue;
      }
      if (already.has(checked.address)) continue;
      already.add(checked.address);
      const row = await createInvitation(trx, {
        summit,
        seats,
        email: checked.address,
        name: oneLine(person.name),
        reasons: person.reasons,
        config: args.config,
        now: args.now,
        waitlistAt: new Date(args.now.getTime() + counts.waitlisted),
      });
      if (row?.status === "invited") counts.invited += 1;
      else if (row?.status === "waitlisted") counts.waitlisted += 1;
    }
    if (counts.invited + counts.waitlisted === 0) {
      refuse(409, nothingToInviteMessage(counts.rejected.map((r) => r.email)));
    }
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "invitation.invited_eligible",
      objectType: "summit",
      objectId: summit.id,
      detail: { invited: counts.invited, waitlisted: counts.waitlisted, rejected: counts.rejected.length },
    });
    return counts;
  });
}

/**
 * Invites one person. Someone on the eligible list comes with their reasons;
 * anyone else needs a reason from the organizer, recorded as "invited by hand".
 */
export async function inviteOne(
  db: Kysely<Database>,
  args: OrganizerCommand & { input: unknown },
): Promise<Result<{ invitation: InvitationRow }>> {
  return inTransaction(db, async (trx) => {
    const summit = await organizersSummit(trx, args);
    requireInviting(summit);
    const input = parseOrRefuse(InviteOneFormSchema, args.input);
    const existing = await getInvitationByEmail(trx, { summitId: summit.id, email: input.email });
    if (existing) {
      refuse(409, CORRECT_BELOW, {
        email: `${input.email} already has an invitation to this summit (${statusWords(existing)}).`,
      });
    }
    const { eligible } = await getEligibility(trx, summit.id);
    const person = eligible.find((p) => p.email.toLowerCase() === input.email);
    if (!person && !input.reason) {
      refuse(400, CORRECT_BELOW, {
        reason: `${input.email} is not on the eligible list: say why you invite them.`,
      });
    }
    const row = await createInvitation(trx, {
      summit,
      seats: await Seats.of(trx, summit),
      email: input.email,
      name: input.name || (person ? oneLine(person.name) : ""),
      reasons: [...(person?.reasons ?? []), ...(input.reason ? [`invited by hand: ${input.reason}`] : [])],
      config: args.config,
      now: args.now,
    });
    if (!row) refuse(409, CORRECT_BELOW, { email: `${input.email} already has an invitation to this summit.` });
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: row.status === "invited" ? "invitation.sent" : "invitation.waitlisted",
      objectType: "invitation",
      objectId: row.id,
      detail: { email: row.email, name: row.name },
    });
    return { invitation: row };
  });
}

async function invitationOrRefuse(trx: Kysely<Database>, summit: Summit, input: unknown): Promise<InvitationRow> {
  const { invitationId } = parseOrRefuse(InvitationIdFormSchema, input);
  const invitation = await getInvitationById(trx, { summitId: summit.id, invitationId });
  if (!invitation) refuse(404, "There is no such invitation to this summit; reload the roster.");
  return invitation;
}

/** A new link and a new mail; the previous link stops working at once. */
export async function resendInvitation(
  db: Kysely<Database>,
  args: OrganizerCommand & { input: unknown },
): Promise<Result<{ invitation: InvitationRow }>> {
  return inTransaction(db, async (trx) => {
    const summit = await organizersSummit(trx, args);
    requireInviting(summit);
    const invitation = await invitationOrRefuse(trx, summit, args.input);
    if (invitation.status !== "invited") {
      refuse(
        409,
        `${invitation.email} is ${statusWords(invitation)}: only an invitation still waiting for an answer can be sent again.`,
      );
    }
    const row = await sendNewLink(trx, {
      summit,
      invitation,
      fromStatuses: ["invited"],
      kind: "resend",
      config: args.config,
      now: args.now,
    });
    if (!row) refuse(409, `${invitation.email} answered in the meantime; nothing was sent.`);
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "invitation.resent",
      objectType: "invitation",
      objectId: row.id,
      detail: { email: row.email, name: row.name, sends: row.sends },
    });
    return { invitation: row };
  });
}

/**
 * Withdraws an invitation (also from the waitlist, or an accepted seat): its
 * link shows "revoked" from now on. A seat it held goes to the waitlist
 * while the summit still invites.
 */
export async function revokeInvitation(
  db: Kysely<Database>,
  args: OrganizerCommand & { input: unknown },
): Promise<Result<{ invitation: InvitationRow; offered: InvitationRow[] }>> {
  return inTransaction(db, async (trx) => {
    const summit = await organizersSummit(trx, args);
    const invitation = await invitationOrRefuse(trx, summit, args.input);
    const row = await revokeInvitationRow(trx, { invitationId: invitation.id, now: args.now });
    if (!row) refuse(409, `The invitation of ${invitation.email} is ${statusWords(invitation)}: it cannot be revoked.`);
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "invitation.revoked",
      objectType: "invitation",
      objectId: row.id,
      detail: { email: row.email, name: row.name, was: invitation.status },
    });
    const offered =
      invitation.status === "waitlisted" || !offersFreedSeats(summit)
        ? []
        : await offerFreeSeats(trx, { summit, actorId: args.actorId, config: args.config, now: args.now });
    return { invitation: row, offered };
  });
}
