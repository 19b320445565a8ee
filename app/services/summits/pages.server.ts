import type { Kysely } from "kysely";
import { listSummitDays } from "~db/queries/agenda-day";
import { formatDayText } from "~/domain/agenda/day-text";
import { getPublishedAgenda } from "../agenda/day.server";
import { listAuditEntries } from "~db/queries/audit";
import { listSummits } from "~db/queries/summit";
import { listSummitRoles } from "~db/queries/summit-role";
import { listUsers } from "~db/queries/user";
import type { Database, Summit, SummitRoleName } from "~db/schema";
import { AUDIT_WORDING } from "~/domain/audit/registry";
import { describeAuditEntry } from "~/domain/audit/wording";
import { formatDateRange } from "~/domain/summit/details";
import { phaseAllows, phaseRefusal } from "~/domain/summit/phase-policy";
import {
  allowedMoves,
  phaseComesNext,
  phaseDescription,
  phaseLabel,
  PHASE_ORDER,
  type Phase,
} from "~/domain/summit/phases";
import { isParticipant, seesAgendaItems, type Standing } from "~/domain/summit/standing";

/**
 * The view models of the summit's pages: the list of summits, a summit's own
 * page (the layout of every page under it), Manage and the administration
 * pages. Each takes the summit and standing the guard read for the request.
 */

export interface SummitCard {
  slug: string;
  title: string;
  dates: string;
  startsOn: string;
  endsOn: string;
  timezone: string;
  venue: string;
  phase: Phase;
  phaseLabel: string;
}

function summitCard(s: Summit): SummitCard {
  return {
    slug: s.slug,
    title: s.title,
    dates: formatDateRange(s.starts_on, s.ends_on),
    startsOn: s.starts_on,
    endsOn: s.ends_on,
    timezone: s.timezone,
    venue: s.venue,
    phase: s.phase,
    phaseLabel: phaseLabel(s.phase),
  };
}

/** The home page: every summit, newest first. */
export async function getHomePage(db: Kysely<Database>, args: { viewerIsAdmin: boolean }) {
  return { summits: (await listSummits(db)).map(summitCard), viewerIsAdmin: args.viewerIsAdmin };
}

export interface PhaseStep {
  phase: Phase;
  label: string;
  state: "done" | "current" | "upcoming";
}

export function phaseSteps(current: Phase): PhaseStep[] {
  const at = PHASE_ORDER.indexOf(current);
  return PHASE_ORDER.map((phase, i) => ({
    phase,
    label: phaseLabel(phase),
    state: i < at ? "done" : i === at ? "current" : "upcoming",
  }));
}

export interface SummitTab {
  to: string;
  label: string;
}

/** The pages of a summit this viewer may open, as tabs; each page checks again. */
function summitTabs(summit: Summit, standing: Standing, seesItems: boolean): SummitTab[] {
  const base = `/summits/${summit.slug}`;
  const tabs: SummitTab[] = [{ to: base, label: "Overview" }];
  if (standing.isAttendee || standing.isOrganizer) tabs.push({ to: `${base}/attendees`, label: "Attendees" });
  if (seesItems) tabs.push({ to: `${base}/items`, label: "Agenda items" });
  if (standing.isOrganizer) tabs.push({ to: `${base}/triage`, label: "Triage" });
  if (standing.isOrganizer && PHASE_ORDER.indexOf(summit.phase) >= PHASE_ORDER.indexOf("voting")) {
    tabs.push({ to: `${base}/schedule`, label: "The day" });
  }
  // From the voting phase on: the ballot while voting is open, the result after.
  if (isParticipant(standing) && PHASE_ORDER.indexOf(summit.phase) >= PHASE_ORDER.indexOf("voting")) {
    tabs.push({ to: `${base}/vote`, label: "Vote" });
  }
  if (summit.is_open && standing.userId !== null && !standing.isAttendee) {
    tabs.push({ to: `${base}/request-seat`, label: "Request a seat" });
  }
  if (standing.isOrganizer) {
    tabs.push(
      { to: `${base}/eligibility`, label: "Eligibility" },
      { to: `${base}/sources`, label: "Sources" },
      { to: `${base}/roster`, label: "Roster" },
      { to: `${base}/manage`, label: "Manage" },
    );
  }
  return tabs;
}

export interface PersonView {
  name: string;
  email: string;
}

/**
 * What anyone may read of a summit, and what the viewer may do there: the
 * summit page, and the header of every page under it. Who organizes and
 * takes minutes is read only for the summit's own page (`withPeople`).
 */
export async function getSummitOverview(
  db: Kysely<Database>,
  args: { summit: Summit; standing: Standing; withPeople: boolean },
) {
  const { summit, standing } = args;
  const [roles, agenda] = args.withPeople
    ? await Promise.all([listSummitRoles(db, summit.id), getPublishedAgenda(db, { summit, standing })])
    : [[], null];
  const people = (role: SummitRoleName) => roles.filter((r) => r.role === role).map((r) => r.displayName);
  const seesItems = seesAgendaItems(standing, {
    isOpen: summit.is_open,
    isPublic: summit.is_public,
    phase: summit.phase,
  });
  return {
    ...summitCard(summit),
    listAddress: summit.list_address,
    signOff: summit.sign_off,
    steps: phaseSteps(summit.phase),
    allows: phaseDescription(summit.phase),
    comesNext: phaseComesNext(summit.phase),
    organizers: people("organizer"),
    minuteTakers: people("minute_taker"),
    isOpen: summit.is_open,
    tabs: summitTabs(summit, standing, seesItems),
    /** The agenda as last published, for those who may read it. */
    agenda: agenda?.ok ? agenda.value : null,
    viewer: {
      signedIn: standing.userId !== null,
      isAdmin: standing.isAdmin,
      isOrganizer: standing.isOrganizer,
      isMinuteTaker: standing.isMinuteTaker,
      isAttendee: standing.isAttendee,
      /** Whether the agenda items page has anything for this viewer (the page checks again). */
      seesItems,
    },
  };
}

/** `Generated<Timestamp>` columns are typed as the column type itself; the value is a Date on both drivers. */
function isoTime(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

export interface AuditLine {
  id: number;
  at: string;
  actor: string;
  text: string;
}

async function peopleAndAudit(db: Kysely<Database>, summitId: string, auditLimit: number) {
  const [roles, audit] = await Promise.all([
    listSummitRoles(db, summitId),
    listAuditEntries(db, { summitId, limit: auditLimit }),
  ]);
  const people = (role: SummitRoleName): PersonView[] =>
    roles.filter((r) => r.role === role).map((r) => ({ name: r.displayName, email: r.email }));
  const lines = audit.map((entry): AuditLine => ({
    id: Number(entry.id),
    at: isoTime(entry.at),
    actor: entry.actorName ?? "Summit",
    text: describeAuditEntry(AUDIT_WORDING, entry.action, entry.detail),
  }));
  return {
    organizers: people("organizer"),
    minuteTakers: people("minute_taker"),
    audit: lines,
    // Forms are keyed by it, so a change that went through clears what was typed.
    revision: lines[0]?.id ?? 0,
  };
}

export interface PhaseMove {
  phase: Phase;
  label: string;
  allows: string;
}

function phaseMove(phase: Phase | null): PhaseMove | null {
  return phase ? { phase, label: phaseLabel(phase), allows: phaseDescription(phase) } : null;
}

/**
 * Manage, the organizers' page: the phase and the moves from it (with the
 * one asked to confirm, `?confirm=forward|back`), the details, visibility,
 * the people and the latest entries of the audit log.
 */
export async function getManagePage(db: Kysely<Database>, args: { summit: Summit; confirm: string | null }) {
  const { summit } = args;
  const moves = allowedMoves(summit.phase);
  const direction: "forward" | "back" | null =
    args.confirm === "forward" || args.confirm === "back" ? args.confirm : null;
  const confirmTo = direction ? phaseMove(moves[direction]) : null;
  return {
    summit: {
      slug: summit.slug,
      title: summit.title,
      phase: summit.phase,
      phaseLabel: phaseLabel(summit.phase),
      allows: phaseDescription(summit.phase),
      details: {
        title: summit.title,
        startsOn: summit.starts_on,
        endsOn: summit.ends_on,
        timezone: summit.timezone,
        venue: summit.venue,
        listAddress: summit.list_address,
        signOff: summit.sign_off,
      },
      /** Why the details can no longer change, or null while they can. */
      detailsFinal: phaseAllows(summit.phase, "editDetails")
        ? null
        : phaseRefusal("editDetails", summit.phase, summit.title),
      isPublic: summit.is_public,
    },
    forward: phaseMove(moves.forward),
    back: phaseMove(moves.back),
    confirm: direction && confirmTo ? { direction, ...confirmTo } : null,
    daysText: formatDayText(await listSummitDays(db, summit.id)),
    ...(await peopleAndAudit(db, summit.id, 20)),
  };
}

/** Administration: every summit, and every account with whether it is an administrator or deactivated. */
export async function getAdminPage(db: Kysely<Database>) {
  const [summits, users] = await Promise.all([listSummits(db), listUsers(db, { includeDeactivated: true })]);
  return {
    summits: summits.map(summitCard),
    users: users.map((u) => ({
      id: u.id,
      name: u.display_name,
      email: u.email,
      isAdmin: u.is_admin,
      deactivated: u.deactivated_at !== null,
    })),
  };
}

/** An administrator's page of one summit: its organizers, to name and remove. */
export async function getAdminSummitPage(db: Kysely<Database>, args: { summit: Summit }) {
  const { summit } = args;
  const { organizers, revision } = await peopleAndAudit(db, summit.id, 1);
  return {
    summit: { slug: summit.slug, title: summit.title, phaseLabel: phaseLabel(summit.phase) },
    organizers,
    revision,
  };
}
