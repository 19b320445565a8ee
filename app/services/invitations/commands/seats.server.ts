import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import {
  countTakenSeats,
  firstWaitlisted,
  insertInvitation,
  issueInvitationToken,
  type InvitationRow,
} from "~db/queries/invitation";
import type { Database, InvitationStatus, Summit } from "~db/schema";
import { INVITATION_TOKEN_TTL_MS, invitationLink } from "~/domain/invitations/invitation-link";
import { invitationMail, type InvitationMailKind } from "~/domain/invitations/invitation-mail";
import { phaseAllows, phaseRefusal } from "~/domain/summit/phase-policy";
import { enqueueMail, queueOptions, type MailConfig } from "../../kernel/mail.server";
import { refuse } from "../../kernel/result.server";
import { readStanding } from "../../kernel/standing.server";
import { generateInvitationToken, hashInvitationToken } from "../invitation-token.server";

/**
 * What the invitation commands share inside their transactions, after the
 * summit lock: who may act, whether the phase still invites, and the seats.
 * Every change that takes or frees a seat runs under the summit lock, so the
 * seats counted here stay counted until the transaction ends.
 */

export const ORGANIZERS_ONLY = "Only the organizers of this summit can do this.";

/** The actor's standing as it is now, inside the transaction: an organizer, or a refusal. */
export async function requireOrganizerNow(trx: Kysely<Database>, summit: Summit, actorId: string): Promise<void> {
  const standing = await readStanding(trx, { slug: summit.slug, userId: actorId });
  if (!standing.isOrganizer) refuse(403, ORGANIZERS_ONLY);
}

/** Once the summit has met, its attendance is history: nobody is invited any more (the phase policy). */
export function requireInviting(summit: Summit): void {
  if (!phaseAllows(summit.phase, "invite")) refuse(409, phaseRefusal("invite", summit.phase, summit.title));
}

/** Whether a freed seat still goes to the waitlist: only while the summit invites. */
export function offersFreedSeats(summit: Summit): boolean {
  return phaseAllows(summit.phase, "invite");
}

/** One line of text from an eligibility source: control characters go, and it is bounded. */
export function oneLine(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]+/g, " ")
      .trim()
      .slice(0, 200)
  );
}

/** The seats of a locked summit: counted once, then kept up to date by the command that holds the lock. */
export class Seats {
  private constructor(
    private taken: number,
    private readonly capacity: number | null,
  ) {}

  static async of(trx: Kysely<Database>, summit: Summit): Promise<Seats> {
    return new Seats(await countTakenSeats(trx, summit.id), summit.capacity);
  }

  get full(): boolean {
    return this.capacity !== null && this.taken >= this.capacity;
  }

  take(): void {
    this.taken += 1;
  }
}

async function queueInvitationMail(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
    invitation: InvitationRow;
    token: string;
    expiresAt: Date;
    kind: InvitationMailKind;
    config: MailConfig;
    now: Date;
  },
): Promise<void> {
  const { summit, invitation } = args;
  const mail = invitationMail({
    kind: args.kind,
    summit: {
      title: summit.title,
      startsOn: summit.starts_on,
      endsOn: summit.ends_on,
      venue: summit.venue,
      signOff: summit.sign_off,
    },
    name: invitation.name,
    reasons: invitation.reasons,
    link: invitationLink(args.config.APP_ORIGIN, args.token),
    expiresAt: args.expiresAt,
  });
  await enqueueMail(
    trx,
    {
      kind: "invitation",
      recipient: invitation.email,
      ...mail,
      // Every send has its own number, so a resend is a new message and a retried transaction is not.
      dedupeKey: `invitation:${invitation.id}:send:${invitation.sends}`,
    },
    queueOptions(args.config, args.now),
  );
}

/**
 * Gives the invitation a fresh link and queues its mail. The old link dies
 * with the old hash. Null when the invitation is no longer in one of
 * `fromStatuses` (answered or revoked in the meantime).
 */
export async function sendNewLink(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
    invitation: InvitationRow;
    fromStatuses: InvitationStatus[];
    kind: Exclude<InvitationMailKind, "invitation">;
    config: MailConfig;
    now: Date;
  },
): Promise<InvitationRow | null> {
  const token = generateInvitationToken();
  const expiresAt = new Date(args.now.getTime() + INVITATION_TOKEN_TTL_MS);
  const updated = await issueInvitationToken(trx, {
    invitationId: args.invitation.id,
    fromStatuses: args.fromStatuses,
    tokenHash: hashInvitationToken(token),
    tokenExpiresAt: expiresAt,
    now: args.now,
  });
  if (!updated) return null;
  await queueInvitationMail(trx, { ...args, invitation: updated, token, expiresAt });
  return updated;
}

/**
 * Invites one person and mails them their link, or puts them on the
 * waitlist when every seat is taken. Null when the address already has an
 * invitation to this summit.
 */
export async function createInvitation(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
    seats: Seats;
    email: string;
    name: string;
    reasons: string[];
    userId?: string | null;
    config: MailConfig;
    now: Date;
    /** When a bulk invitation waitlists several people at once, each is a millisecond after the one before, so the list's order is the waitlist's. */
    waitlistAt?: Date;
  },
): Promise<InvitationRow | null> {
  const person = {
    summitId: args.summit.id,
    email: args.email,
    name: args.name,
    reasons: args.reasons,
    userId: args.userId,
  };
  if (args.seats.full) {
    return insertInvitation(trx, {
      ...person,
      status: "waitlisted",
      tokenHash: null,
      tokenExpiresAt: null,
      now: args.waitlistAt ?? args.now,
    });
  }
  const token = generateInvitationToken();
  const expiresAt = new Date(args.now.getTime() + INVITATION_TOKEN_TTL_MS);
  const row = await insertInvitation(trx, {
    ...person,
    status: "invited",
    tokenHash: hashInvitationToken(token),
    tokenExpiresAt: expiresAt,
    now: args.now,
  });
  if (row) {
    args.seats.take();
    await queueInvitationMail(trx, {
      summit: args.summit,
      invitation: row,
      token,
      expiresAt,
      kind: "invitation",
      config: args.config,
      now: args.now,
    });
  }
  return row;
}

/**
 * While a seat is free, the first on the waitlist is offered it: a fresh
 * link, and a mail saying a seat is free. Runs in the transaction that freed
 * the seat.
 */
export async function offerFreeSeats(
  trx: Kysely<Database>,
  args: { summit: Summit; actorId: string | null; config: MailConfig; now: Date },
): Promise<InvitationRow[]> {
  const { summit } = args;
  const seats = await Seats.of(trx, summit);
  const offered: InvitationRow[] = [];
  while (!seats.full) {
    const next = await firstWaitlisted(trx, summit.id);
    if (!next) break;
    const row = await sendNewLink(trx, {
      summit,
      invitation: next,
      fromStatuses: ["waitlisted"],
      kind: "seat-offer",
      config: args.config,
      now: args.now,
    });
    if (!row) break;
    seats.take();
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "invitation.offered_free_seat",
      objectType: "invitation",
      objectId: row.id,
      detail: { email: row.email, name: row.name },
    });
    offered.push(row);
  }
  return offered;
}
