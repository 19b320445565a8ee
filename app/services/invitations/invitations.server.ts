import { createHash, randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { stringify } from "csv-stringify/sync";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "~db/queries/audit";
import {
  consumeInvitationToken,
  countInvitationsByStatus,
  countTakenSeats,
  firstWaitlisted,
  getInvitationByEmail,
  getInvitationById,
  getInvitationByTokenHash,
  hasAcceptedInvitation,
  insertInvitation,
  issueInvitationToken,
  listAttendeeNames,
  listInvitations,
  listInvitedEmails,
  lockSummitSeats,
  revokeInvitationRow,
  setInvitationUser,
  type InvitationRow,
} from "~db/queries/invitation";
import { hasSummitRole } from "~db/queries/summit-role";
import { ensureUser, getUserByEmail } from "~db/queries/user";
import type { Database, InvitationStatus, Summit } from "~db/schema";
import { endSession, startSession, type SessionSettings } from "~/auth/session.server";
import { normalizeEmailAddress } from "~/domain/people/email-address";
import { phaseIndex } from "~/domain/summit/phases";
import { displayNameFromEmail, formatDateRange } from "~/domain/summit/details";
import { emailField } from "~/forms/summit";
import { idField, textField } from "~/forms/text";
import type { Config } from "~/lib/config.server";
import { CORRECT_BELOW, inTransaction, parseOrRefuse, refuse, type Result } from "../kernel/result.server";
import { getEligibility } from "../eligibility/eligibility.server";
import { enqueueMail, messageIdDomain } from "../kernel/mail.server";

/** Invitation links work for 7 days (R8: at most 7). */
export const INVITATION_TOKEN_TTL_MS = 7 * 24 * 3_600_000;

/** 32 CSPRNG bytes in base32: 52 characters of a-z and 2-7. */
export const INVITATION_TOKEN_PATTERN = /^[a-z2-7]{52}$/;

export type MailConfig = Pick<Config, "APP_ORIGIN" | "MAIL_FROM">;

/** Who is eligible for a summit and why (the eligibility rules decide); `getEligibility` unless a caller passes another. */
export type EligibilityLookup = (
  db: Kysely<Database>,
  summitId: string,
) => Promise<{ eligible: Array<{ email: string; name: string; reasons: string[] }>; excluded: unknown[] }>;

// ---------------------------------------------------------------------------
// Outcomes

export async function requireOrganizer(db: Kysely<Database>, summitId: string, actorId: string): Promise<void> {
  if (!(await hasSummitRole(db, { summitId, userId: actorId, role: "organizer" }))) {
    refuse(403, "Only the organizers of this summit can do this.");
  }
}

/** Once the summit has met, its attendance is history: nobody is invited any more. */
export function requireInvitationsOpen(summit: Summit): void {
  if (phaseIndex(summit.phase) >= phaseIndex("minutes_draft")) {
    refuse(409, "This summit has already met, so nobody can be invited to it any more.");
  }
}

async function lockedSummit(db: Kysely<Database>, summitId: string): Promise<Summit> {
  await lockSummitSeats(db, summitId);
  const summit = await db.selectFrom("summit").selectAll().where("id", "=", summitId).executeTakeFirst();
  if (!summit) refuse(404, "There is no such summit.");
  return summit;
}

// ---------------------------------------------------------------------------
// Tokens and mail

export function generateInvitationToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(32));
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Built from the configured origin only, never from request headers (R9). */
export function invitationLink(appOrigin: string, token: string): string {
  return `${appOrigin}/invitations/${token}`;
}

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function invitationMailBody(args: {
  summit: Summit;
  name: string;
  reasons: string[];
  link: string;
  expiresAt: Date;
  seatFreed: boolean;
}): string {
  const { summit } = args;
  const lines = [
    `Hello${args.name ? ` ${args.name}` : ""},`,
    "",
    args.seatFreed
      ? `a seat is free at ${summit.title} (${formatDateRange(summit.starts_on, summit.ends_on)}${summit.venue ? `, ${summit.venue}` : ""}), and you are next on the waitlist: the seat is yours if you want it.`
      : `you are invited to ${summit.title} (${formatDateRange(summit.starts_on, summit.ends_on)}${summit.venue ? `, ${summit.venue}` : ""}).`,
  ];
  if (args.reasons.length > 0) {
    lines.push("", "You are invited because:", ...args.reasons.map((r) => `  - ${r}`));
  }
  lines.push(
    "",
    "To accept or decline, open this link and press one of the buttons:",
    "",
    args.link,
    "",
    `The link works until ${formatUtc(args.expiresAt)} and signs you in to Summit with this address.`,
    "Forward this mail to nobody: the link is yours alone.",
    "",
    "-- ",
    summit.sign_off || "Summit",
    "",
  );
  return lines.join("\n");
}

/**
 * Gives the invitation a fresh link and queues its mail, in the caller's
 * transaction. The old link dies with the old hash.
 */
async function sendInvitationLink(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
    invitation: InvitationRow;
    fromStatuses: InvitationStatus[];
    seatFreed: boolean;
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

async function queueInvitationMail(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
    invitation: InvitationRow;
    token: string;
    expiresAt: Date;
    seatFreed: boolean;
    config: MailConfig;
    now: Date;
  },
): Promise<void> {
  const { summit, invitation } = args;
  await enqueueMail(
    trx,
    {
      kind: "invitation",
      recipient: invitation.email,
      subject: args.seatFreed ? `A seat is free for you at ${summit.title}` : `Invitation to ${summit.title}`,
      body: invitationMailBody({
        summit,
        name: invitation.name,
        reasons: invitation.reasons,
        link: invitationLink(args.config.APP_ORIGIN, args.token),
        expiresAt: args.expiresAt,
        seatFreed: args.seatFreed,
      }),
      // Every send has its own number, so a resend is a new message and a retried transaction is not.
      dedupeKey: `invitation:${invitation.id}:send:${invitation.sends}`,
    },
    { now: args.now, messageIdDomain: messageIdDomain(args.config.MAIL_FROM) },
  );
}

/**
 * Invites one person, or puts them on the waitlist when every seat is taken.
 * Null when the address already has an invitation for this summit.
 */
async function createInvitation(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
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
  const { summit } = args;
  const full = summit.capacity !== null && (await countTakenSeats(trx, summit.id)) >= summit.capacity;
  if (full) {
    return insertInvitation(trx, {
      summitId: summit.id,
      email: args.email,
      name: args.name,
      reasons: args.reasons,
      userId: args.userId,
      status: "waitlisted",
      tokenHash: null,
      tokenExpiresAt: null,
      now: args.waitlistAt ?? args.now,
    });
  }
  const token = generateInvitationToken();
  const expiresAt = new Date(args.now.getTime() + INVITATION_TOKEN_TTL_MS);
  const row = await insertInvitation(trx, {
    summitId: summit.id,
    email: args.email,
    name: args.name,
    reasons: args.reasons,
    userId: args.userId,
    status: "invited",
    tokenHash: hashInvitationToken(token),
    tokenExpiresAt: expiresAt,
    now: args.now,
  });
  if (row) {
    await queueInvitationMail(trx, {
      summit,
      invitation: row,
      token,
      expiresAt,
      seatFreed: false,
      config: args.config,
      now: args.now,
    });
  }
  return row;
}

/**
 * While a seat is free, the first on the waitlist is offered it: a fresh link,
 * and a mail saying a seat is free. Runs in the transaction that freed the seat.
 */
async function offerFreeSeats(
  trx: Kysely<Database>,
  args: { summit: Summit; actorId: string | null; config: MailConfig; now: Date },
): Promise<InvitationRow[]> {
  const offered: InvitationRow[] = [];
  const { summit } = args;
  for (;;) {
    if (summit.capacity !== null && (await countTakenSeats(trx, summit.id)) >= summit.capacity) break;
    const next = await firstWaitlisted(trx, summit.id);
    if (!next) break;
    const row = await sendInvitationLink(trx, {
      summit,
      invitation: next,
      fromStatuses: ["waitlisted"],
      seatFreed: true,
      config: args.config,
      now: args.now,
    });
    if (!row) break;
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

// ---------------------------------------------------------------------------
// Organizers' actions

export interface InviteCounts {
  invited: number;
  waitlisted: number;
  /** Eligible people whose address cannot receive mail (R40): never queued. */
  rejected: Array<{ email: string; reason: string }>;
}

/** Everyone eligible and not yet invited gets an invitation (or a waitlist place), in one transaction. */
export async function inviteEligible(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; config: MailConfig; now: Date; eligibility?: EligibilityLookup },
): Promise<Result<InviteCounts>> {
  return inTransaction(db, async (trx) => {
    await requireOrganizer(trx, args.summitId, args.actorId);
    const summit = await lockedSummit(trx, args.summitId);
    requireInvitationsOpen(summit);
    const { eligible } = await (args.eligibility ?? getEligibility)(trx, summit.id);
    const already = await listInvitedEmails(trx, summit.id);
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
      const unusable = counts.rejected.length;
      refuse(
        409,
        unusable === 0
          ? "Everyone eligible has already been invited: nothing was sent."
          : `Nothing was sent: everyone eligible has already been invited, except ${unusable === 1 ? "1 person whose address" : `${unusable} people whose addresses`} cannot receive mail (${counts.rejected
              .slice(0, 3)
              .map((r) => JSON.stringify(r.email.slice(0, 60)))
              .join(", ")}${unusable > 3 ? ", …" : ""}). Correct them in the eligibility sources.`,
      );
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

const oneLine = (value: string) =>
  value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .trim()
    .slice(0, 200);

export const InviteOneFormSchema = z
  .object({
    email: emailField,
    name: textField({ name: "A name", max: 200 }).default(""),
    reason: textField({ name: "A reason", max: 300 }).default(""),
  })
  .strict();

/**
 * Invites one person. Someone on the eligible list comes with their reasons;
 * anyone else needs a reason from the organizer, recorded as "invited by hand".
 */
export async function inviteOne(
  db: Kysely<Database>,
  args: {
    summitId: string;
    actorId: string;
    input: unknown;
    config: MailConfig;
    now: Date;
    eligibility?: EligibilityLookup;
  },
): Promise<Result<{ invitation: InvitationRow }>> {
  return inTransaction(db, async (trx) => {
    await requireOrganizer(trx, args.summitId, args.actorId);
    const summit = await lockedSummit(trx, args.summitId);
    requireInvitationsOpen(summit);
    const input = parseOrRefuse(InviteOneFormSchema, args.input);
    const existing = await getInvitationByEmail(trx, { summitId: summit.id, email: input.email });
    if (existing) {
      refuse(409, CORRECT_BELOW, {
        email: `${input.email} already has an invitation to this summit (${STATUS_LABELS[existing.status].toLowerCase()}).`,
      });
    }
    const { eligible } = await (args.eligibility ?? getEligibility)(trx, summit.id);
    const person = eligible.find((p) => p.email.toLowerCase() === input.email);
    if (!person && !input.reason) {
      refuse(400, CORRECT_BELOW, {
        reason: `${input.email} is not on the eligible list: say why you invite them.`,
      });
    }
    const reasons = [...(person?.reasons ?? []), ...(input.reason ? [`invited by hand: ${input.reason}`] : [])];
    const name = input.name || (person ? oneLine(person.name) : "");
    const row = await createInvitation(trx, {
      summit,
      email: input.email,
      name,
      reasons,
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

const InvitationIdSchema = z
  .object({ invitationId: idField("This is not an invitation of this summit; reload the roster.") })
  .strict();

async function invitationOrRefuse(trx: Kysely<Database>, summitId: string, input: unknown): Promise<InvitationRow> {
  const { invitationId } = parseOrRefuse(InvitationIdSchema, input);
  const invitation = await getInvitationById(trx, { summitId, invitationId });
  if (!invitation) refuse(404, "There is no such invitation to this summit; reload the roster.");
  return invitation;
}

/** A new link and a new mail; the previous link stops working at once. */
export async function resendInvitation(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; config: MailConfig; now: Date },
): Promise<Result<{ invitation: InvitationRow }>> {
  return inTransaction(db, async (trx) => {
    await requireOrganizer(trx, args.summitId, args.actorId);
    const summit = await lockedSummit(trx, args.summitId);
    requireInvitationsOpen(summit);
    const invitation = await invitationOrRefuse(trx, summit.id, args.input);
    if (invitation.status !== "invited") {
      refuse(
        409,
        `${invitation.email} is ${STATUS_LABELS[invitation.status].toLowerCase()}: only an invitation still waiting for an answer can be sent again.`,
      );
    }
    const row = await sendInvitationLink(trx, {
      summit,
      invitation,
      fromStatuses: ["invited"],
      seatFreed: false,
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
 * link shows "revoked" from now on. A seat it held goes to the waitlist.
 */
export async function revokeInvitation(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; config: MailConfig; now: Date },
): Promise<Result<{ invitation: InvitationRow; offered: InvitationRow[] }>> {
  return inTransaction(db, async (trx) => {
    await requireOrganizer(trx, args.summitId, args.actorId);
    const summit = await lockedSummit(trx, args.summitId);
    const invitation = await invitationOrRefuse(trx, summit.id, args.input);
    const row = await revokeInvitationRow(trx, { invitationId: invitation.id, now: args.now });
    if (!row) {
      refuse(
        409,
        `The invitation of ${invitation.email} is ${STATUS_LABELS[invitation.status].toLowerCase()}: it cannot be revoked.`,
      );
    }
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "invitation.revoked",
      objectType: "invitation",
      objectId: row.id,
      detail: { email: row.email, name: row.name, was: invitation.status },
    });
    const offered =
      invitation.status === "waitlisted" || phaseIndex(summit.phase) >= phaseIndex("minutes_draft")
        ? []
        : await offerFreeSeats(trx, { summit, actorId: args.actorId, config: args.config, now: args.now });
    return { invitation: row, offered };
  });
}

/**
 * Used by seat requests: an approved requester becomes an invitation bound to
 * their account, sent when a seat is free and waitlisted otherwise.
 */
export async function createInvitationForUser(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
    userId: string;
    email: string;
    name: string;
    reasons: string[];
    config: MailConfig;
    now: Date;
  },
): Promise<InvitationRow | null> {
  await lockSummitSeats(trx, args.summit.id);
  return createInvitation(trx, args);
}

// ---------------------------------------------------------------------------
// The invitee's link

export type InvitationRefusal = "invalid" | "expired" | "answered" | "revoked" | "waitlisted" | "deactivated";

export interface InvitationView {
  summit: { slug: string; title: string; dates: string; venue: string };
  name: string;
  email: string;
  reasons: string[];
  expiresAt: string;
}

export type InvitationPreview =
  | { ok: true; invitation: InvitationView }
  | { ok: false; reason: InvitationRefusal; status?: InvitationStatus; summitTitle?: string };

function refusalFor(invitation: InvitationRow, now: Date): Exclude<InvitationRefusal, "invalid" | "deactivated"> {
  if (invitation.status === "revoked") return "revoked";
  if (invitation.status === "accepted" || invitation.status === "declined") return "answered";
  if (invitation.status === "waitlisted") return "waitlisted";
  if (invitation.token_expires_at && invitation.token_expires_at.getTime() <= now.getTime()) return "expired";
  // Invited and unexpired, yet not consumed: answered in between.
  return "answered";
}

/** What the invitation page (GET) shows, without using the link or writing anything (R9). */
export async function getInvitationByToken(
  db: Kysely<Database>,
  args: { token: string; now: Date },
): Promise<InvitationPreview> {
  if (!INVITATION_TOKEN_PATTERN.test(args.token)) return { ok: false, reason: "invalid" };
  const invitation = await getInvitationByTokenHash(db, hashInvitationToken(args.token));
  if (!invitation) return { ok: false, reason: "invalid" };
  const summit = await db.selectFrom("summit").selectAll().where("id", "=", invitation.summit_id).executeTakeFirst();
  if (!summit) return { ok: false, reason: "invalid" };
  const usable =
    invitation.status === "invited" &&
    invitation.token_expires_at !== null &&
    invitation.token_expires_at.getTime() > args.now.getTime();
  if (!usable) {
    return {
      ok: false,
      reason: refusalFor(invitation, args.now),
      status: invitation.status,
      summitTitle: summit.title,
    };
  }
  return {
    ok: true,
    invitation: {
      summit: {
        slug: summit.slug,
        title: summit.title,
        dates: formatDateRange(summit.starts_on, summit.ends_on),
        venue: summit.venue,
      },
      name: invitation.name,
      email: invitation.email,
      reasons: invitation.reasons,
      expiresAt: invitation.token_expires_at!.toISOString(),
    },
  };
}

export type AnswerResult =
  | {
      ok: true;
      status: "accepted" | "declined";
      summitSlug: string;
      summitTitle: string;
      userId: string;
      setCookie: string;
      offered: number;
    }
  | { ok: false; reason: InvitationRefusal; summitTitle?: string };

class DeactivatedInvitee extends Error {}

/**
 * Answers an invitation through its link (the POST of the page). One
 * conditional UPDATE consumes the link, so of 20 concurrent answers exactly
 * one applies. The invitee is signed in with the invitation's address (the
 * account is created if needed), replacing whatever session the browser had.
 * A decline frees the seat for the first on the waitlist, in the same transaction.
 */
export async function answerInvitation(
  db: Kysely<Database>,
  args: {
    token: string | null;
    answer: "accept" | "decline";
    sessionSettings: SessionSettings;
    cookieHeader?: string | null;
    config: MailConfig;
    now: Date;
  },
): Promise<AnswerResult> {
  if (args.token === null || !INVITATION_TOKEN_PATTERN.test(args.token)) return { ok: false, reason: "invalid" };
  const tokenHash = hashInvitationToken(args.token);
  const status = args.answer === "accept" ? "accepted" : "declined";
  try {
    const done = await db.transaction().execute(async (trx) => {
      // The summit is locked before the invitation row, in the same order as every other seat change.
      const target = await getInvitationByTokenHash(trx, tokenHash);
      if (!target) return null;
      const summit = await lockedSummit(trx, target.summit_id);
      const row = await consumeInvitationToken(trx, { tokenHash, status, now: args.now });
      if (!row) return null;
      const existing = await getUserByEmail(trx, row.email);
      // Throwing rolls the answer back: a deactivated account's link changes nothing.
      if (existing?.deactivated_at) throw new DeactivatedInvitee();
      const { user, created } = existing
        ? { user: existing, created: false }
        : await ensureUser(trx, { email: row.email, displayName: row.name || displayNameFromEmail(row.email) });
      if (user.deactivated_at) throw new DeactivatedInvitee();
      if (created) {
        await recordAudit(trx, { actorId: user.id, action: "user.created", objectType: "user", objectId: user.id });
      }
      await setInvitationUser(trx, { invitationId: row.id, userId: user.id });
      await recordAudit(trx, {
        actorId: user.id,
        summitId: row.summit_id,
        action: `invitation.${status}`,
        objectType: "invitation",
        objectId: row.id,
        detail: { email: row.email, name: row.name },
      });
      const offered =
        status === "declined" && phaseIndex(summit.phase) < phaseIndex("minutes_draft")
          ? await offerFreeSeats(trx, { summit, actorId: null, config: args.config, now: args.now })
          : [];
      // The browser's earlier session, whoever's it was, is replaced, never upgraded (R3).
      await endSession(trx, args.sessionSettings, args.cookieHeader ?? null);
      const setCookie = await startSession(trx, args.sessionSettings, user.id);
      return { summit, userId: user.id, setCookie, offered: offered.length };
    });
    if (done) {
      return {
        ok: true,
        status,
        summitSlug: done.summit.slug,
        summitTitle: done.summit.title,
        userId: done.userId,
        setCookie: done.setCookie,
        offered: done.offered,
      };
    }
  } catch (error) {
    if (error instanceof DeactivatedInvitee) return { ok: false, reason: "deactivated" };
    throw error;
  }
  const preview = await getInvitationByToken(db, { token: args.token, now: args.now });
  if (preview.ok) return { ok: false, reason: "answered" };
  return { ok: false, reason: preview.reason, summitTitle: preview.summitTitle };
}

// ---------------------------------------------------------------------------
// Attendees and the roster

/** Whether this user accepted an invitation to the summit: the roll later phases use (R19). */
export async function isAttendee(db: Kysely<Database>, args: { summitId: string; userId: string }): Promise<boolean> {
  return hasAcceptedInvitation(db, args);
}

/** Names only: what attendees see of each other. */
export async function listAttendees(db: Kysely<Database>, summitId: string): Promise<string[]> {
  return listAttendeeNames(db, summitId);
}

export const ROSTER_STATUSES = ["eligible", "invited", "accepted", "declined", "waitlisted", "revoked"] as const;
export type RosterStatus = (typeof ROSTER_STATUSES)[number];

export const STATUS_LABELS: Record<RosterStatus, string> = {
  eligible: "Eligible, not invited",
  invited: "Invited",
  accepted: "Accepted",
  declined: "Declined",
  waitlisted: "Waitlisted",
  revoked: "Revoked",
};

export function isRosterStatus(value: unknown): value is RosterStatus {
  return typeof value === "string" && (ROSTER_STATUSES as readonly string[]).includes(value);
}

export interface RosterEntry {
  invitationId: string | null;
  name: string;
  email: string;
  status: RosterStatus;
  reasons: string[];
  invitedAt: string | null;
  respondedAt: string | null;
  waitlistedAt: string | null;
  /** 1 for the first on the waitlist. */
  waitlistPosition: number | null;
  linkExpired: boolean;
}

export interface Roster {
  counts: Record<RosterStatus, number>;
  capacity: number | null;
  seatsTaken: number;
  entries: RosterEntry[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Everyone known to the summit's invitations, plus the eligible not yet invited; filtered by status when asked. */
export async function getRoster(
  db: Kysely<Database>,
  args: { summit: Summit; status?: RosterStatus | null; eligibility?: EligibilityLookup; now: Date },
): Promise<Roster> {
  const [rows, byStatus, { eligible }] = await Promise.all([
    listInvitations(db, { summitId: args.summit.id }),
    countInvitationsByStatus(db, args.summit.id),
    (args.eligibility ?? getEligibility)(db, args.summit.id),
  ]);
  const invited = new Set(rows.map((r) => r.email));
  const notInvited = eligible.filter((p) => !invited.has(p.email.toLowerCase()));
  let position = 0;
  const entries: RosterEntry[] = [
    ...rows.map((r) => ({
      invitationId: r.id,
      name: r.name,
      email: r.email,
      status: r.status,
      reasons: r.reasons,
      invitedAt: iso(r.invited_at),
      respondedAt: iso(r.responded_at),
      waitlistedAt: iso(r.waitlisted_at),
      waitlistPosition: r.status === "waitlisted" ? ++position : null,
      linkExpired:
        r.status === "invited" && r.token_expires_at !== null && r.token_expires_at.getTime() <= args.now.getTime(),
    })),
    ...notInvited.map((p) => ({
      invitationId: null,
      name: p.name,
      email: p.email,
      status: "eligible" as const,
      reasons: p.reasons,
      invitedAt: null,
      respondedAt: null,
      waitlistedAt: null,
      waitlistPosition: null,
      linkExpired: false,
    })),
  ];
  return {
    counts: { eligible: notInvited.length, ...byStatus },
    capacity: args.summit.capacity,
    seatsTaken: byStatus.accepted + byStatus.invited,
    entries: args.status ? entries.filter((e) => e.status === args.status) : entries,
  };
}

/** A spreadsheet must not run a cell as a formula (R35): such cells start with a quote. */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\0\r]/.test(value) ? `'${value}` : value;
}

export function rosterCsv(entries: RosterEntry[]): string {
  const header = ["name", "email", "status", "reasons", "invited_at", "responded_at", "waitlist_position"];
  const records = entries.map((e) =>
    [
      e.name,
      e.email,
      e.status,
      e.reasons.join("; "),
      e.invitedAt ?? "",
      e.respondedAt ?? "",
      e.waitlistPosition === null ? "" : String(e.waitlistPosition),
    ].map(neutralizeCell),
  );
  return stringify([header, ...records], { record_delimiter: "\r\n" });
}
