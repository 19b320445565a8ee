import { stringify } from "csv-stringify/sync";
import type { Kysely } from "kysely";
import {
  countTakenSeats,
  getInvitationByEmail,
  getInvitationPreviewByTokenHash,
  listAttendeeNames,
  listInvitations,
  type InvitationRow,
} from "~db/queries/invitation";
import { getSeatRequestOfUser, listSeatRequests } from "~db/queries/seat-request";
import type { Database, InvitationStatus, SeatRequestStatus, Summit } from "~db/schema";
import {
  INVITATION_TOKEN_PATTERN,
  isLinkUsable,
  linkRefusal,
  type InvitationRefusal,
} from "~/domain/invitations/invitation-link";
import { INVITATION_STATUSES, neutralizeCell, takesSeat, type RosterStatus } from "~/domain/invitations/roster";
import { SEAT_REQUEST_STATUS_TEXT } from "~/domain/invitations/seat-request";
import { formatDateRange } from "~/domain/summit/details";
import { phaseAllows, phaseRefusal } from "~/domain/summit/phase-policy";
import type { Standing } from "~/domain/summit/standing";
import { getEligibility } from "../eligibility/eligibility.server";
import { refuse, resultOf, type Result } from "../kernel/result.server";
import { hashInvitationToken } from "./invitation-token.server";

/**
 * The reads that build the invitation pages, one view model each, from the
 * summit and standing the request's guard already read: the roster (and its
 * CSV), the request-a-seat page, the attendees, and an invitation link's page.
 */

/** What a page's guard read once for the request. */
export interface PageAccess {
  summit: Summit;
  standing: Standing;
}

function requireOrganizerStanding(standing: Standing): void {
  if (!standing.isOrganizer) refuse(403, "Only the organizers of this summit can do this.");
}

// ---------------------------------------------------------------------------
// The roster

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

function countsOf(rows: readonly InvitationRow[]): Record<InvitationStatus, number> {
  const counts = Object.fromEntries(INVITATION_STATUSES.map((s) => [s, 0])) as Record<InvitationStatus, number>;
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/** Everyone known to the summit's invitations (the waitlist in order), then the eligible not yet invited. */
async function readRoster(
  db: Kysely<Database>,
  args: { summit: Summit; status: RosterStatus | null; now: Date },
): Promise<Roster> {
  const rows = await listInvitations(db, { summitId: args.summit.id });
  const { eligible } = await getEligibility(db, args.summit.id);
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
    counts: { eligible: notInvited.length, ...countsOf(rows) },
    capacity: args.summit.capacity,
    seatsTaken: rows.filter((r) => takesSeat(r.status)).length,
    entries: args.status ? entries.filter((e) => e.status === args.status) : entries,
  };
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

/** The roster page: where everyone stands, filtered by status if asked, and the seat requests waiting (oldest first). */
export async function getRosterPage(
  db: Kysely<Database>,
  args: PageAccess & { status: RosterStatus | null; now: Date },
) {
  return resultOf(async () => {
    requireOrganizerStanding(args.standing);
    const { summit } = args;
    const roster = await readRoster(db, { summit, status: args.status, now: args.now });
    const requests = await listSeatRequests(db, { summitId: summit.id, status: "pending" });
    return {
      summit: { slug: summit.slug, title: summit.title, isOpen: summit.is_open },
      status: args.status,
      roster,
      requests: requests.map(requestView),
    };
  });
}

export type RosterPage = Extract<Awaited<ReturnType<typeof getRosterPage>>, { ok: true }>["value"];

const CSV_HEADER = ["name", "email", "status", "reasons", "invited_at", "responded_at", "waitlist_position"];

/** The roster as CSV (R35: no cell a spreadsheet would run as a formula). */
export function rosterCsv(entries: readonly RosterEntry[]): string {
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
  return stringify([CSV_HEADER, ...records], { record_delimiter: "\r\n" });
}

/** The roster's CSV export and the name to save it under, narrowed like the page's filter. */
export async function getRosterCsv(
  db: Kysely<Database>,
  args: PageAccess & { status: RosterStatus | null; now: Date },
): Promise<Result<{ filename: string; csv: string }>> {
  return resultOf(async () => {
    requireOrganizerStanding(args.standing);
    const roster = await readRoster(db, args);
    return {
      filename: `${args.summit.slug}-roster${args.status ? `-${args.status}` : ""}.csv`,
      csv: rosterCsv(roster.entries),
    };
  });
}

// ---------------------------------------------------------------------------
// Request a seat

/** What the request page shows a member: the summit's terms, the seats, and their own invitation or request. */
export async function getSeatRequestPage(
  db: Kysely<Database>,
  args: PageAccess & { user: { id: string; email: string } },
) {
  const { summit, user } = args;
  const request = await getSeatRequestOfUser(db, { summitId: summit.id, userId: user.id });
  const taken = await countTakenSeats(db, summit.id);
  const invitation = await getInvitationByEmail(db, { summitId: summit.id, email: user.email });
  return {
    summit: { slug: summit.slug, title: summit.title },
    isOpen: summit.is_open,
    /** Why the summit takes no more requests, once it has met; null while it does. */
    closed: phaseAllows(summit.phase, "requestSeat") ? null : phaseRefusal("requestSeat", summit.phase, summit.title),
    needsItem: summit.seat_request_needs_item,
    capacity: summit.capacity,
    seatsTaken: taken,
    full: summit.capacity !== null && taken >= summit.capacity,
    invitationStatus: invitation?.status ?? null,
    request: request
      ? {
          status: request.status,
          statusText: SEAT_REQUEST_STATUS_TEXT[request.status],
          statement: request.statement,
          proposedItem: request.proposed_item,
        }
      : null,
  };
}

// ---------------------------------------------------------------------------
// Attendees

/** Attendees see who else comes, names only; organizers too. */
export async function getAttendeesPage(db: Kysely<Database>, args: PageAccess & { answered: string | null }) {
  return resultOf(async () => {
    const attending = args.standing.isAttendee;
    if (!attending && !args.standing.isOrganizer) {
      refuse(403, "Only the attendees of this summit see who is attending.");
    }
    return {
      summit: { slug: args.summit.slug, title: args.summit.title },
      names: await listAttendeeNames(db, args.summit.id),
      attending,
      justAccepted: attending && args.answered === "accepted",
    };
  });
}

// ---------------------------------------------------------------------------
// An invitation link's page

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

/** What the invitation page (GET) shows, without using the link or writing anything (R9). */
export async function getInvitationPage(
  db: Kysely<Database>,
  args: { token: string; now: Date },
): Promise<InvitationPreview> {
  if (!INVITATION_TOKEN_PATTERN.test(args.token)) return { ok: false, reason: "invalid" };
  const found = await getInvitationPreviewByTokenHash(db, hashInvitationToken(args.token));
  if (!found) return { ok: false, reason: "invalid" };
  const link = { status: found.status, tokenExpiresAt: found.tokenExpiresAt };
  if (!isLinkUsable(link, args.now) || found.tokenExpiresAt === null) {
    return { ok: false, reason: linkRefusal(link, args.now), status: found.status, summitTitle: found.summitTitle };
  }
  return {
    ok: true,
    invitation: {
      summit: {
        slug: found.summitSlug,
        title: found.summitTitle,
        dates: formatDateRange(found.startsOn, found.endsOn),
        venue: found.venue,
      },
      name: found.name,
      email: found.email,
      reasons: found.reasons,
      expiresAt: found.tokenExpiresAt.toISOString(),
    },
  };
}
