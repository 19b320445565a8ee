import type { Kysely } from "kysely";
import { listPins, replaceSummitDays } from "~db/queries/agenda-day";
import { recordAudit } from "~db/queries/audit";
import { insertSummit, updateSummitDetails } from "~db/queries/summit";
import { grantSummitRole, revokeSummitRole } from "~db/queries/summit-role";
import { ensureUser, getUserByEmail, setUserAdmin } from "~db/queries/user";
import type { AppUser, Database, Summit, SummitRoleName, SummitUpdate } from "~db/schema";
import { endAllSessions } from "~/auth/session.server";
import { clock } from "~/domain/agenda/day-schedule";
import { displayNameFromEmail } from "~/domain/summit/details";
import { phaseAllows, phaseRefusal } from "~/domain/summit/phase-policy";
import { checkPhaseMove, phaseLabel, type Phase } from "~/domain/summit/phases";
import {
  AdminAddSchema,
  CreateSummitFormSchema,
  DaysFormSchema,
  EditSummitFormSchema,
  MovePhaseFormSchema,
  PersonFormSchema,
  VisibilityFormSchema,
} from "~/forms/summit";
import {
  CORRECT_BELOW,
  inTransaction,
  parseOrRefuse,
  refuse,
  summitOrRefuse,
  type Result,
} from "../kernel/result.server";
import { readStanding } from "../kernel/standing.server";
import { lockSummitOrRefuse } from "../kernel/summit-lock.server";
import type { MailConfig } from "../kernel/mail.server";
import { closeVotingWithin } from "../voting/commands.server";
import { closeOpenPollsWithin } from "../voting/poll.server";

/**
 * The summit's own commands: creating it, its details, visibility and phase,
 * its organizers and minute-takers, and the installation's administrators.
 * Each opens and owns its transaction; a command on a summit takes the summit
 * lock first and decides on what it finds under it, permissions included,
 * whatever the route checked already.
 */

/** The signed-in person acting. */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

/** The parts of an account the services hand back. */
export type Person = Pick<AppUser, "id" | "email" | "display_name" | "is_admin" | "deactivated_at">;

const ONLY_ADMINS = "Only administrators of this Summit installation can do this.";
const ONLY_ORGANIZERS = "Only the organizers of this summit can do this.";

/** The summit at `slug`, locked until the command's transaction ends, or a 404. */
async function lockSummitAt(trx: Kysely<Database>, slug: string): Promise<Summit> {
  const summit = await summitOrRefuse(trx, slug);
  return lockSummitOrRefuse(trx, summit.id);
}

/** Under the summit lock, so a role removed by a command that committed first is already gone. */
async function requireOrganizerOf(trx: Kysely<Database>, actor: Actor, summit: Summit): Promise<void> {
  const standing = await readStanding(trx, { slug: summit.slug, userId: actor.id });
  if (!standing.isOrganizer) refuse(403, ONLY_ORGANIZERS);
}

function requireAdminActor(actor: Actor): void {
  if (!actor.isAdmin) refuse(403, ONLY_ADMINS);
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

/** Organizers edit a summit's details while the phase policy allows it (until the minutes are published). */
export async function updateSummit(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown },
): Promise<Result<{ summit: Summit; changed: string[] }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitAt(trx, args.slug);
    await requireOrganizerOf(trx, args.actor, summit);
    if (!phaseAllows(summit.phase, "editDetails")) refuse(409, phaseRefusal("editDetails", summit.phase, summit.title));
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

/** Organizers decide whether the summit is public: visitors then see its accepted items from the agenda phase on. */
export async function setSummitVisibility(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown },
): Promise<Result<{ isPublic: boolean; changed: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitAt(trx, args.slug);
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
 * The summit's time: its days and their breaks, replaced whole. Items pinned
 * to a time the new days leave out would have nowhere to stand, so such a
 * change is refused, naming them, until they are unpinned.
 */
export async function setSummitDays(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown },
): Promise<Result<{ days: number }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitAt(trx, args.slug);
    await requireOrganizerOf(trx, args.actor, summit);
    if (!phaseAllows(summit.phase, "editDetails")) refuse(409, phaseRefusal("editDetails", summit.phase, summit.title));
    const { days } = parseOrRefuse(DaysFormSchema, args.input);
    const stranded = (await listPins(trx, summit.id)).filter((pin) => {
      const day = days.find((d) => d.date === pin.date);
      return !day || pin.start < day.start || pin.start >= day.end;
    });
    if (stranded.length > 0) {
      const items = stranded.map((pin) => `item ${pin.item} (${pin.date} ${clock(pin.start)})`).join(", ");
      refuse(409, `The new days leave out where ${items} is pinned: unpin it on the day's page first.`, {
        days: `Pinned outside these days: ${items}.`,
      });
    }
    await replaceSummitDays(trx, { summitId: summit.id, days });
    await recordAudit(trx, {
      actorId: args.actor.id,
      summitId: summit.id,
      action: "agenda.days_set",
      objectType: "summit",
      objectId: summit.id,
      detail: {
        days: days.map((d) => `${d.date} ${clock(d.start)}-${clock(d.end)}`),
        breaks: days.flatMap((d) => d.breaks).length,
      },
    });
    return { days: days.length };
  });
}

/**
 * Moves a summit one phase forward or back (the domain decides which moves
 * exist). `from` is the phase the organizer saw: under the summit lock the
 * phase read is the one every other command sees too, so a move that another
 * got in before is refused rather than applied on top of it.
 */
export async function movePhase(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown; config: MailConfig },
): Promise<Result<{ summit: Summit; from: Phase; to: Phase; direction: "forward" | "back" }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitAt(trx, args.slug);
    await requireOrganizerOf(trx, args.actor, summit);
    const { from, to } = parseOrRefuse(MovePhaseFormSchema, args.input);
    if (summit.phase !== from) {
      refuse(
        409,
        `This summit is no longer in ${phaseLabel(from)}: it is in ${phaseLabel(summit.phase)} now. Nothing was changed; check the current phase before moving it again.`,
      );
    }
    const check = checkPhaseMove(from, to);
    if (!check.ok) refuse(409, check.reason);
    // Moving on from the voting phase closes an open vote, in the same transaction.
    if (from === "voting" && check.direction === "forward") {
      await closeVotingWithin(trx, {
        summitId: summit.id,
        actorId: args.actor.id,
        config: args.config,
        now: new Date(),
      });
    }
    // A move to a phase that holds no polls closes the open ones, whichever way it goes.
    if (phaseAllows(from, "poll") && !phaseAllows(to, "poll")) {
      await closeOpenPollsWithin(trx, { summitId: summit.id, actorId: args.actor.id, now: new Date() });
    }
    const moved = await updateSummitDetails(trx, { summitId: summit.id, values: { phase: to } });
    if (!moved) refuse(404, `There is no summit at /summits/${args.slug}.`);
    await recordAudit(trx, {
      actorId: args.actor.id,
      summitId: summit.id,
      action: "summit.phase_moved",
      objectType: "summit",
      objectId: summit.id,
      detail: { from, to, direction: check.direction },
    });
    return { summit: moved, from, to, direction: check.direction };
  });
}

// ---------------------------------------------------------------------------
// Organizers and minute-takers

const ROLE_NAMES: Record<SummitRoleName, string> = { organizer: "an organizer", minute_taker: "a minute-taker" };

type RoleArgs = { actor: Actor; slug: string; input: unknown };

/** Who may name or remove holders of a role: administrators name organizers, organizers minute-takers. */
const ROLE_GRANTED_BY: Record<SummitRoleName, (trx: Kysely<Database>, actor: Actor, summit: Summit) => Promise<void>> =
  {
    organizer: async (_trx, actor) => requireAdminActor(actor),
    minute_taker: requireOrganizerOf,
  };

async function nameRole(
  db: Kysely<Database>,
  args: RoleArgs,
  role: SummitRoleName,
): Promise<Result<{ user: Person; created: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitAt(trx, args.slug);
    await ROLE_GRANTED_BY[role](trx, args.actor, summit);
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
  args: RoleArgs,
  role: SummitRoleName,
): Promise<Result<{ user: Person }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitAt(trx, args.slug);
    await ROLE_GRANTED_BY[role](trx, args.actor, summit);
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

/** Admins name organizers; someone without an account yet gets one, to sign in with later. */
export function nameOrganizer(db: Kysely<Database>, args: RoleArgs) {
  return nameRole(db, args, "organizer");
}

export function removeOrganizer(db: Kysely<Database>, args: RoleArgs) {
  return removeRole(db, args, "organizer");
}

/** Organizers name the minute-takers of their summit. */
export function nameMinuteTaker(db: Kysely<Database>, args: RoleArgs) {
  return nameRole(db, args, "minute_taker");
}

export function removeMinuteTaker(db: Kysely<Database>, args: RoleArgs) {
  return removeRole(db, args, "minute_taker");
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
    const summit = await lockSummitAt(trx, args.slug);
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
