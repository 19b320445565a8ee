/**
 * The roster's words and rules: where each person stands (an invitation's
 * status, or "eligible" for someone on the eligible list not yet invited),
 * the one label of each, and the confirmations the page shows after an
 * organizer's action.
 */

export const INVITATION_STATUSES = ["invited", "accepted", "declined", "waitlisted", "revoked"] as const;
export type InvitationStatusCode = (typeof INVITATION_STATUSES)[number];

export const ROSTER_STATUSES = ["eligible", ...INVITATION_STATUSES] as const;
export type RosterStatus = (typeof ROSTER_STATUSES)[number];

/** The one label of each status, as the roster, its filter and its messages show it. */
export const ROSTER_STATUS_LABELS: Readonly<Record<RosterStatus, string>> = {
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

/** The statuses an organizer may still revoke: a seat held, offered or waited for. */
export const REVOCABLE_STATUSES: readonly InvitationStatusCode[] = ["invited", "waitlisted", "accepted"];

/** Whether a seat is taken by an invitation in this status: waiting for an answer, or accepted. */
export function takesSeat(status: InvitationStatusCode): boolean {
  return status === "invited" || status === "accepted";
}

/** A spreadsheet must not run a cell as a formula (R35): such cells start with a quote. */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\0\r]/.test(value) ? `'${value}` : value;
}

const people = (count: number) => (count === 1 ? "1 person" : `${count} people`);

/** A count from the address, never negative, 0 when absent or malformed. */
function countOf(params: URLSearchParams, key: string): number {
  return Math.max(0, Number.parseInt(params.get(key) ?? "0", 10) || 0);
}

/**
 * The confirmation named by `?notice=` after an organizer's action on the
 * roster, with the counts the address carries; null for anything else.
 */
export function rosterNotice(params: URLSearchParams): string | null {
  const n = (key: string) => countOf(params, key);
  switch (params.get("notice")) {
    case "invited-all": {
      const parts = [`Invited ${people(n("invited"))}`];
      if (n("waitlisted") > 0) parts.push(`put ${people(n("waitlisted"))} on the waitlist (every seat is taken)`);
      if (n("rejected") > 0) {
        parts.push(
          `skipped ${people(n("rejected"))} whose address cannot receive mail; correct it in the eligibility sources`,
        );
      }
      return `${parts.join("; ")}.`;
    }
    case "invited-one":
      return "The invitation has been sent.";
    case "waitlisted-one":
      return "Every seat is taken: the person is on the waitlist and is offered a seat when one is free.";
    case "resent":
      return "A new invitation mail has been sent; the link of the earlier one no longer works.";
    case "revoked":
      return n("offered") > 0
        ? `The invitation has been revoked; its link no longer works. The freed seat was offered to ${people(n("offered"))} from the waitlist.`
        : "The invitation has been revoked; its link no longer works.";
    case "approved":
      return "The request is approved and an invitation has been sent.";
    case "approved-waitlisted":
      return "The request is approved, but every seat is taken: the requester is on the waitlist and has been told so.";
    case "refused":
      return "The request is refused; the requester has been sent your reason.";
    default:
      return null;
  }
}

/**
 * Why nothing was sent when an organizer invited everyone eligible: everyone
 * had been invited already, or all who had not have an address that cannot
 * receive mail (the first three are named).
 */
export function nothingToInviteMessage(unusable: readonly string[]): string {
  if (unusable.length === 0) return "Everyone eligible has already been invited: nothing was sent.";
  const who = unusable.length === 1 ? "1 person whose address" : `${unusable.length} people whose addresses`;
  const named = unusable
    .slice(0, 3)
    .map((email) => JSON.stringify(email.slice(0, 60)))
    .join(", ");
  return `Nothing was sent: everyone eligible has already been invited, except ${who} cannot receive mail (${named}${unusable.length > 3 ? ", …" : ""}). Correct them in the eligibility sources.`;
}
