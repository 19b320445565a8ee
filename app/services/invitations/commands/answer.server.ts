import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import { consumeInvitationToken, getInvitationByTokenHash, setInvitationUser } from "~db/queries/invitation";
import { ensureUser, getUserByEmail } from "~db/queries/user";
import type { Database } from "~db/schema";
import { endSession, startSession, type SessionSettings } from "~/auth/session.server";
import { INVITATION_TOKEN_PATTERN, type InvitationRefusal } from "~/domain/invitations/invitation-link";
import { displayNameFromEmail } from "~/domain/summit/details";
import type { MailConfig } from "../../kernel/mail.server";
import { lockSummitOrRefuse } from "../../kernel/summit-lock.server";
import { hashInvitationToken } from "../invitation-token.server";
import { getInvitationPage } from "../pages.server";
import { offerFreeSeats, offersFreedSeats } from "./seats.server";

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
      const summit = await lockSummitOrRefuse(trx, target.summit_id);
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
        action: status === "accepted" ? "invitation.accepted" : "invitation.declined",
        objectType: "invitation",
        objectId: row.id,
        detail: { email: row.email, name: row.name },
      });
      const offered =
        status === "declined" && offersFreedSeats(summit)
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
  // The link was not used: say why, as its page would.
  const page = await getInvitationPage(db, { token: args.token, now: args.now });
  if (page.ok) return { ok: false, reason: "answered" };
  return { ok: false, reason: page.reason, summitTitle: page.summitTitle };
}
