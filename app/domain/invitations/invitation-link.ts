import type { InvitationStatusCode } from "./roster";

/**
 * The rules of an invitation link: how long it works, what a token looks
 * like, where it points, and why a link that cannot be used is refused.
 */

/** Invitation links work for 7 days (R8: at most 7). */
export const INVITATION_TOKEN_TTL_MS = 7 * 24 * 3_600_000;

/** 32 random bytes in base32: 52 characters of a-z and 2-7. */
export const INVITATION_TOKEN_PATTERN = /^[a-z2-7]{52}$/;

/** Built from the configured origin only, never from request headers (R9). */
export function invitationLink(appOrigin: string, token: string): string {
  return `${appOrigin}/invitations/${token}`;
}

/** Why a link cannot be used: unknown, expired, answered, revoked, waitlisted, or its account deactivated. */
export type InvitationRefusal = "invalid" | "expired" | "answered" | "revoked" | "waitlisted" | "deactivated";

/** Whether the invitation's link may still be answered at `now`: invited, and not expired. */
export function isLinkUsable(
  invitation: { status: InvitationStatusCode; tokenExpiresAt: Date | null },
  now: Date,
): boolean {
  return (
    invitation.status === "invited" &&
    invitation.tokenExpiresAt !== null &&
    invitation.tokenExpiresAt.getTime() > now.getTime()
  );
}

/** Why the link of a known invitation cannot be used at `now` (for one that can, "answered": it was, in between). */
export function linkRefusal(
  invitation: { status: InvitationStatusCode; tokenExpiresAt: Date | null },
  now: Date,
): Exclude<InvitationRefusal, "invalid" | "deactivated"> {
  if (invitation.status === "revoked") return "revoked";
  if (invitation.status === "accepted" || invitation.status === "declined") return "answered";
  if (invitation.status === "waitlisted") return "waitlisted";
  if (invitation.tokenExpiresAt && invitation.tokenExpiresAt.getTime() <= now.getTime()) return "expired";
  // Invited and unexpired, yet not consumed: answered in between.
  return "answered";
}

/** What the invitation page says of a link it cannot use. */
export function refusalMessage(reason: InvitationRefusal, summitTitle: string | null): string {
  const to = summitTitle ? ` to ${summitTitle}` : "";
  switch (reason) {
    case "invalid":
      return "This invitation link is not valid. It may be incomplete (copy the whole link from the email), or a newer invitation mail has replaced it: use the link in the most recent one.";
    case "expired":
      return `This invitation${to} has expired: links work for 7 days. Ask the organizers to send it again.`;
    case "answered":
      return `This invitation${to} has already been answered. Each link works once; sign in to see the summit.`;
    case "revoked":
      return `The organizers have withdrawn this invitation${to}, so it can no longer be answered.`;
    case "waitlisted":
      return `You are on the waitlist${to}. When a seat is free you will get a new mail with a link to accept it.`;
    case "deactivated":
      return "The account of this address has been deactivated, so this link cannot sign it in. If you think this is a mistake, ask the administrators of this Summit.";
  }
}

/** "2026-11-27 10:00 UTC": when a link stops working, as mail and the page say it. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
