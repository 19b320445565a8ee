import type { Kysely } from "kysely";
import { listAuditEntries, recordAudit } from "~db/queries/audit";
import { getSummitBySlug, insertSummit, listSummits, setPhaseIfCurrent, updateSummitDetails } from "~db/queries/summit";
import { ensureUser, getUserByEmail, listUsers, setUserAdmin } from "~db/queries/user";
import { endAllSessions } from "~/auth/session.server";
import {
  CORRECT_BELOW,
  inTransaction,
  parseOrRefuse,
  refuse,
  summitOrRefuse,
  type Result,
  type Refusal,
  type RefusalStatus,
} from "../kernel/result.server";

export type { Result, Refusal, RefusalStatus };
import { grantSummitRole, hasSummitRole, listSummitRoles, revokeSummitRole } from "~db/queries/summit-role";
import type { AppUser, Database, Summit, SummitRoleName, SummitUpdate } from "~db/schema";
import { seesAgendaItems, type Standing } from "~/domain/summit/standing";
import {
  checkPhaseMove,
  phaseDescription,
  phaseComesNext,
  phaseLabel,
  PHASE_ORDER,
  type Phase,
} from "~/domain/summit/phases";
import { displayNameFromEmail, formatDateRange } from "~/domain/summit/details";
import { AUDIT_WORDING } from "~/domain/audit/registry";
import { describeAuditEntry } from "~/domain/audit/wording";
import {
  AdminAddSchema,
  CreateSummitFormSchema,
  EditSummitFormSchema,
  MovePhaseFormSchema,
  PersonFormSchema,
  VisibilityFormSchema,
} from "~/forms/summit";

/** The signed-in person acting; permissions are checked again here, whatever the route did. */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

/** The parts of an account the services hand back. */
export type Person = Pick<AppUser, "id" | "email" | "display_name" | "is_admin" | "deactivated_at">;

async function requireOrganizerOf(db: Kysely<Database>, actor: Actor, summit: Summit): Promise<void> {
  if (!(await hasSummitRole(db, { summitId: summit.id, userId: actor.id, role: "organizer" }))) {
    refuse(403, "Only the organizers of this summit can do this.");
  }
}

function requireAdminActor(actor: Actor): void {
  if (!actor.isAdmin) refuse(403, "Only administrators of this Summit installation can do this.");
}

/** Creates the account of someone named by address, auditing the creation. */
async function ensurePerson(
  trx: Kysely<Database>,
  actorId: string | null,
  email: string,
  name?: string,
): Promise<Person> {
  const { user, created } = await ensureUser(trx, { email, displayName: name ?? displayNameFromEmail(email) });
  if (created) {
    await recordAudit(trx, {
      actorId,
      action: "user.created",
      objectType: "user",
      objectId: user.id,
      detail: { email: user.email, displayName: user.display_name },
    });
  }
  return user;
}

// ---------------------------------------------------------------------------
// Summits

export async function createSummit(
  db: Kysely<Database>,
  args: { actor: Actor; input: unknown },
): Promise<Result<Summit>> {
  return inTransaction(db, async (trx) => {
    requireAdminActor(args.actor);
    const details = parseOrRefuse(CreateSummitFormSchema, args.input);
    const summit = await insertSummit(trx, {
      slug: details.slug,
      title: details.title,
      starts_on: details.startsOn,
      ends_on: details.endsOn,
      timezone: details.timezone,
      venue: details.venue,
      list_address: details.listAddress,
      sign_off: details.signOff,
      created_by: args.actor.id,
    });
    if (!summit) {
      refuse(409, CORRECT_BELOW, { slug: `The address /summits/${details.slug} is already taken; choose another.` });
    }
    await recordAudit(trx, {
      actorId: args.actor.id,
      summitId: summit.id,
      action: "summit.created",
      objectType: "summit",
      objectId: summit.id,
      detail: { slug: summit.slug, title: summit.title },
    });
    return summit;
  });
}

const DETAIL_COLUMNS = {
  title: "title",
  startsOn: "starts_on",
  endsOn: "ends_on",
  timezone: "timezone",
  venue: "venue",
  listAddress: "list_address",
  signOff: "sign_off",
} as const;

/** Organizers edit a summit's details until its minutes are published. */
export async function updateSummit(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown },
): Promise<Result<{ summit: Summit; changed: string[] }>> {
  return inTransaction(db, async (trx) => {
    const summit = await summitOrRefuse(trx, args.slug);
    await requireOrganizerOf(trx, args.actor, summit);
    if (summit.phase === "published") refuse(409, "The minutes of this summit are published: its details are final.");
    const details = parseOrRefuse(EditSummitFormSchema, args.input);
    const values: SummitUpdate = {};
    const changes: Record<string, { from: string; to: string }> = {};
    for (const [field, column] of Object.entries(DETAIL_COLUMNS) as [
      keyof typeof DETAIL_COLUMNS,
      (typeof DETAIL_COLUMNS)[keyof typeof DETAIL_COLUMNS],
    ][]) {
      if (summit[column] !== details[field]) {
        values[column] = details[field];
        changes[field] = { from: summit[column], to: details[field] };
      }
    }
    const changed = Object.keys(changes);
    if (changed.length === 0) return { summit, changed };
    const updated = await updateSummitDetails(trx, { summitId: summit.id, values });
    if (!updated) refuse(404, `There is no summit at /summits/${args.slug}.`);
    await recordAudit(trx, {
      actorId: args.actor.id,
      summitId: summit.id,
      action: "summit.updated",
      objectType: "summit",
      objectId: summit.id,
      detail: { changes },
    });
    return { summit: updated, changed };
  });
}

/** Organizers decide whether visitors may read the accepted agenda once it is published. */
export async function setSummitVisibility(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown },
): Promise<Result<{ isPublic: boolean; changed: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await summitOrRefuse(trx, args.slug);
    await requireOrganizerOf(trx, args.actor, summit);
    const { isPublic } = parseOrRefuse(VisibilityFormSchema, args.input);
    if (summit.is_public === isPublic) return { isPublic, changed: false };
    await updateSummitDetails(trx, { summitId: summit.id, values: { is_public: isPublic } });
    await recordAudit(trx, {
      actorId: args.actor.id,
      summitId: summit.id,
      action: "summit.visibility_changed",
      objectType: "summit",
      objectId: summit.id,
      detail: { isPublic },
    });
    return { isPublic, changed: true };
  });
}

/**
 * Moves a summit one phase forward or back (the domain decides which moves
 * exist). `from` is the phase the organizer saw: if another move got there
 * first, this one is refused rather than applied on top of it.
 */
export async function movePhase(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown },
): Promise<Result<{ summit: Summit; from: Phase; to: Phase; direction: "forward" | "back" }>> {
  return inTransaction(db, async (trx) => {
    const summit = await summitOrRefuse(trx, args.slug);
    await requireOrganizerOf(trx, args.actor, summit);
    const { from, to } = parseOrRefuse(MovePhaseFormSchema, args.input);
    const stale = (current: Phase) =>
      refuse(
        409,
        `This summit is no longer in ${phaseLabel(from)}: it is in ${phaseLabel(current)} now. Nothing was changed; check the current phase before moving it again.`,
      );
    if (summit.phase !== from) stale(summit.phase);
    const check = checkPhaseMove(from, to);
    if (!check.ok) refuse(409, check.reason);
    // Another move may have committed since the read above; only one of them finds the row still in `from`.
    if (!(await setPhaseIfCurrent(trx, { summitId: summit.id, from, to }))) {
      stale((await getSummitBySlug(trx, args.slug))?.phase ?? from);
    }
    await recordAudit(trx, {
      actorId: args.actor.id,
      summitId: summit.id,
      action: "summit.phase_moved",
      objectType: "summit",
      objectId: summit.id,
      detail: { from, to, direction: check.direction },
    });
    return { summit: { ...summit, phase: to }, from, to, direction: check.direction };
  });
}

// ---------------------------------------------------------------------------
// Organizers and minute-takers

const ROLE_NAMES: Record<SummitRoleName, string> = { organizer: "an organizer", minute_taker: "a minute-taker" };

async function nameRole(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown },
  role: SummitRoleName,
  allowed: (trx: Kysely<Database>, summit: Summit) => Promise<void>,
): Promise<Result<{ user: Person; created: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await summitOrRefuse(trx, args.slug);
    await allowed(trx, summit);
    const { email } = parseOrRefuse(PersonFormSchema, args.input);
    const existing = await getUserByEmail(trx, email);
    if (existing?.deactivated_at) refuse(409, CORRECT_BELOW, { email: `The account of ${email} is deactivated.` });
    const user = existing ?? (await ensurePerson(trx, args.actor.id, email));
    if (!(await grantSummitRole(trx, { summitId: summit.id, userId: user.id, role }))) {
      refuse(409, CORRECT_BELOW, {
        email: `${user.display_name} (${email}) is already ${ROLE_NAMES[role]} of this summit.`,
      });
    }
    // A new privilege starts with a new session (R3): whatever cookie the person had is retired.
    await endAllSessions(trx, user.id);
    await recordAudit(trx, {
      actorId: args.actor.id,
      summitId: summit.id,
      action: `summit.${role}_named`,
      objectType: "user",
      objectId: user.id,
      detail: { email: user.email, displayName: user.display_name },
    });
    return { user, created: existing === null };
  });
}

async function removeRole(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown },
  role: SummitRoleName,
  allowed: (trx: Kysely<Database>, summit: Summit) => Promise<void>,
): Promise<Result<{ user: Person }>> {
  return inTransaction(db, async (trx) => {
    const summit = await summitOrRefuse(trx, args.slug);
    await allowed(trx, summit);
    const { email } = parseOrRefuse(PersonFormSchema, args.input);
    const user = await getUserByEmail(trx, email);
    if (!user || !(await revokeSummitRole(trx, { summitId: summit.id, userId: user.id, role }))) {
      refuse(409, CORRECT_BELOW, { email: `${email} is not ${ROLE_NAMES[role]} of this summit.` });
    }
    await recordAudit(trx, {
      actorId: args.actor.id,
      summitId: summit.id,
      action: `summit.${role}_removed`,
      objectType: "user",
      objectId: user.id,
      detail: { email: user.email, displayName: user.display_name },
    });
    return { user };
  });
}

const adminOnly = (actor: Actor) => async () => requireAdminActor(actor);
const organizerOnly = (actor: Actor) => (trx: Kysely<Database>, summit: Summit) =>
  requireOrganizerOf(trx, actor, summit);

/** Admins name organizers; someone without an account yet gets one, to sign in with later. */
export function nameOrganizer(db: Kysely<Database>, args: { actor: Actor; slug: string; input: unknown }) {
  return nameRole(db, args, "organizer", adminOnly(args.actor));
}

export function removeOrganizer(db: Kysely<Database>, args: { actor: Actor; slug: string; input: unknown }) {
  return removeRole(db, args, "organizer", adminOnly(args.actor));
}

/** Organizers name the minute-takers of their summit. */
export function nameMinuteTaker(db: Kysely<Database>, args: { actor: Actor; slug: string; input: unknown }) {
  return nameRole(db, args, "minute_taker", organizerOnly(args.actor));
}

export function removeMinuteTaker(db: Kysely<Database>, args: { actor: Actor; slug: string; input: unknown }) {
  return removeRole(db, args, "minute_taker", organizerOnly(args.actor));
}

/**
 * The command line's `summit organizer add`: whoever can run it owns the
 * installation, so it acts without a signed-in actor.
 */
export async function nameOrganizerFromCommandLine(
  db: Kysely<Database>,
  args: { slug: string; input: unknown },
): Promise<Result<{ user: Person; created: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await summitOrRefuse(trx, args.slug);
    const { email } = parseOrRefuse(PersonFormSchema, args.input);
    const existing = await getUserByEmail(trx, email);
    const user = existing ?? (await ensurePerson(trx, null, email));
    if (!(await grantSummitRole(trx, { summitId: summit.id, userId: user.id, role: "organizer" }))) {
      refuse(409, `${user.display_name} (${email}) is already an organizer of ${summit.title}.`);
    }
    await endAllSessions(trx, user.id);
    await recordAudit(trx, {
      actorId: null,
      summitId: summit.id,
      action: "summit.organizer_named",
      objectType: "user",
      objectId: user.id,
      detail: { email: user.email, displayName: user.display_name, via: "command line" },
    });
    return { user, created: existing === null };
  });
}

// ---------------------------------------------------------------------------
// Administrators

/** `admin add EMAIL [--name NAME]`: the account is created if needed, then made an administrator. */
export async function addAdmin(
  db: Kysely<Database>,
  args: { input: unknown },
): Promise<Result<{ user: Person; created: boolean; alreadyAdmin: boolean }>> {
  return inTransaction(db, async (trx) => {
    const { email, name } = parseOrRefuse(AdminAddSchema, args.input);
    const existing = await getUserByEmail(trx, email);
    const user = existing ?? (await ensurePerson(trx, null, email, name));
    const changed = !user.is_admin;
    if (changed) {
      await setUserAdmin(trx, { userId: user.id, isAdmin: true });
      await endAllSessions(trx, user.id);
      await recordAudit(trx, {
        actorId: null,
        action: "user.admin_granted",
        objectType: "user",
        objectId: user.id,
        detail: { email: user.email, via: "command line" },
      });
    }
    return { user: { ...user, is_admin: true }, created: existing === null, alreadyAdmin: !changed };
  });
}

// ---------------------------------------------------------------------------
// View models for the pages

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

export async function listSummitCards(db: Kysely<Database>): Promise<SummitCard[]> {
  return (await listSummits(db)).map(summitCard);
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

export interface PersonView {
  name: string;
  email: string;
}

/** What anyone may see of a summit, and what the viewer may do there. */
export async function getSummitOverview(
  db: Kysely<Database>,
  args: { summit: Summit; standing: Standing; withPeople: boolean },
) {
  const { summit, standing } = args;
  // Who organizes and takes minutes shows only on the summit's own page, not under its tabs.
  const roles = args.withPeople ? await listSummitRoles(db, summit.id) : [];
  const people = (role: SummitRoleName) => roles.filter((r) => r.role === role).map((r) => r.displayName);
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
    viewer: {
      signedIn: standing.userId !== null,
      isOrganizer: standing.isOrganizer,
      isMinuteTaker: standing.isMinuteTaker,
      isAttendee: standing.isAttendee,
      /** Whether the agenda items page has anything for this viewer (the page checks again). */
      seesItems: seesAgendaItems(standing, { isOpen: summit.is_open, isPublic: summit.is_public, phase: summit.phase }),
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

/** What an organizer needs on the manage page: the people and the recent audit log. */
export async function getSummitManagement(db: Kysely<Database>, summitId: string) {
  const [roles, audit] = await Promise.all([
    listSummitRoles(db, summitId),
    listAuditEntries(db, { summitId, limit: 20 }),
  ]);
  const people = (role: SummitRoleName): PersonView[] =>
    roles.filter((r) => r.role === role).map((r) => ({ name: r.displayName, email: r.email }));
  return {
    organizers: people("organizer"),
    minuteTakers: people("minute_taker"),
    audit: audit.map((entry): AuditLine => ({
      id: Number(entry.id),
      at: isoTime(entry.at),
      actor: entry.actorName ?? "Summit",
      text: describeAuditEntry(AUDIT_WORDING, entry.action, entry.detail),
    })),
  };
}

export async function getAdminOverview(db: Kysely<Database>) {
  const [summits, users] = await Promise.all([listSummitCards(db), listUsers(db, { includeDeactivated: true })]);
  return {
    summits,
    users: users.map((u) => ({
      id: u.id,
      name: u.display_name,
      email: u.email,
      isAdmin: u.is_admin,
      deactivated: u.deactivated_at !== null,
    })),
  };
}

export async function getOrganizers(db: Kysely<Database>, summitId: string): Promise<PersonView[]> {
  return (await listSummitRoles(db, summitId))
    .filter((r) => r.role === "organizer")
    .map((r) => ({ name: r.displayName, email: r.email }));
}
