// What the summit tests build again and again: people, the details of a new
// summit, and a summit with its administrator and one organizer, all made
// through the services, as the pages and the command line make them.
import type { Kysely } from "kysely";
import { createUser } from "../../../db/queries/user";
import type { Database, Phase, Summit } from "../../../db/schema";
import type { SessionUser } from "../../../app/auth/session.server";
import { createSummit, nameOrganizer } from "../../../app/services/summits/commands.server";

let counter = 0;

/** A name no other call of this module gives, for slugs and addresses. */
export const unique = (prefix: string) => `${prefix}-${++counter}`;

/** A member with an account of their own ("Cornelia Huck" → cornelia.huck-N@example.org), as the session sees them. */
export async function makeUser(db: Kysely<Database>, name: string, isAdmin = false): Promise<SessionUser> {
  const email = `${unique(name.toLowerCase().replace(/\s+/g, "."))}@example.org`;
  const user = await createUser(db, { email, displayName: name, isAdmin });
  return { id: user.id, email: user.email, displayName: user.display_name, isAdmin: user.is_admin };
}

/** The form that creates a summit, filled in, with an address of its own; `overrides` replace (or drop) fields. */
export function summitInput(overrides: Record<string, unknown> = {}) {
  return {
    title: "QEMU Summit 2025",
    slug: unique("qemu-summit"),
    startsOn: "2025-08-27",
    endsOn: "2025-08-27",
    timezone: "Europe/Amsterdam",
    venue: "KVM Forum 2025, Milan",
    listAddress: "qemu-devel@nongnu.org",
    signOff: "-- PMM",
    ...overrides,
  };
}

/** QEMU Summit 2017, as the invitation, eligibility and import tests know it. */
export const QEMU_SUMMIT_2017 = {
  title: "QEMU Summit 2017",
  startsOn: "2017-10-26",
  endsOn: "2017-10-26",
  timezone: "Europe/Prague",
  venue: "KVM Forum 2017, Prague",
  signOff: "-- PMM",
};

/** The form that edits a summit's details: the same fields, without the address, which never changes. */
export function detailsInput(overrides: Record<string, unknown> = {}) {
  const { slug: _slug, ...details } = summitInput(overrides);
  return details;
}

export interface SummitWithOrganizer {
  admin: SessionUser;
  organizer: SessionUser;
  summit: Summit;
  slug: string;
}

/**
 * A summit an administrator created, with one organizer named, moved to `phase`
 * if given; `details` replace the factory's (title, dates, venue…).
 */
export async function summitWithOrganizer(
  db: Kysely<Database>,
  phase?: Phase,
  details: Record<string, unknown> = {},
): Promise<SummitWithOrganizer> {
  const admin = await makeUser(db, "Admin", true);
  const organizer = await makeUser(db, "Organizer");
  const created = await createSummit(db, { actor: admin, input: summitInput(details) });
  if (!created.ok) throw new Error(created.message);
  const named = await nameOrganizer(db, { actor: admin, slug: created.value.slug, input: { email: organizer.email } });
  if (!named.ok) throw new Error(named.message);
  if (phase) await db.updateTable("summit").set({ phase }).where("id", "=", created.value.id).execute();
  return {
    admin,
    organizer,
    summit: { ...created.value, phase: phase ?? created.value.phase },
    slug: created.value.slug,
  };
}
