// What the eligibility tests build again and again: people, a summit with its
// organizer, and the contributor sources, responsibilities and aliases an
// import would leave, inserted directly.
import type { Kysely } from "kysely";
import { createUser } from "../../../db/queries/user";
import type { Database, Phase } from "../../../db/schema";
import type { SessionUser } from "../../../app/auth/session.server";
import { viewerOfUser } from "../../../app/services/kernel/viewer.server";
import { createSummit, nameOrganizer } from "../../../app/services/summits/commands.server";
import type { PageAccess } from "../../../app/services/eligibility/pages.server";

let counter = 0;

/** A name no other call of this module gives, for slugs and addresses. */
export const unique = (prefix: string) => `${prefix}-${++counter}`;

export async function makeUser(db: Kysely<Database>, name: string, isAdmin = false): Promise<SessionUser> {
  const email = `${unique(name.toLowerCase().replace(/\s+/g, "."))}@example.org`;
  const user = await createUser(db, { email, displayName: name, isAdmin });
  return { id: user.id, email: user.email, displayName: user.display_name, isAdmin: user.is_admin };
}

export interface SummitWithOrganizer {
  admin: SessionUser;
  organizer: SessionUser;
  summit: { id: string; slug: string };
  slug: string;
}

/** A QEMU Summit created by an administrator, with one organizer named, in `phase` if given. */
export async function summitWithOrganizer(db: Kysely<Database>, phase?: Phase): Promise<SummitWithOrganizer> {
  const admin = await makeUser(db, "Admin", true);
  const organizer = await makeUser(db, "Organizer");
  const created = await createSummit(db, {
    actor: admin,
    input: {
      title: "QEMU Summit 2017",
      slug: unique("qemu-summit"),
      startsOn: "2017-10-25",
      endsOn: "2017-10-25",
      timezone: "Europe/Prague",
      venue: "KVM Forum 2017, Prague",
      listAddress: "qemu-devel@nongnu.org",
      signOff: "-- PMM",
    },
  });
  if (!created.ok) throw new Error(created.message);
  const named = await nameOrganizer(db, { actor: admin, slug: created.value.slug, input: { email: organizer.email } });
  if (!named.ok) throw new Error(named.message);
  if (phase) await db.updateTable("summit").set({ phase }).where("id", "=", created.value.id).execute();
  return { admin, organizer, summit: created.value, slug: created.value.slug };
}

/** The summit and standing a page's guard reads for `user` at `slug`, as the request would. */
export async function accessOf(db: Kysely<Database>, user: SessionUser, slug: string): Promise<PageAccess> {
  const { summit, standing } = await viewerOfUser(db, user).inSummit(slug);
  if (!summit) throw new Error(`no summit at ${slug}`);
  return { summit, standing };
}

export interface SourceSpec {
  label: string;
  kind?: "git" | "shortlog" | "csv";
  since?: string | null;
  until?: string | null;
  contributors: Array<[email: string, name: string, commits: number]>;
}

/** Inserts a contributor source and its counts, as an import would leave them. */
export async function addSource(db: Kysely<Database>, summitId: string, spec: SourceSpec): Promise<string> {
  const source = await db
    .insertInto("contributor_source")
    .values({
      summit_id: summitId,
      kind: spec.kind ?? "git",
      label: spec.label,
      since: spec.since ?? null,
      until: spec.until ?? null,
      accepted_lines: spec.contributors.length,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (let i = 0; i < spec.contributors.length; i += 1000) {
    const chunk = spec.contributors.slice(i, i + 1000);
    await db
      .insertInto("contributor")
      .values(chunk.map(([email, name, commits]) => ({ source_id: source.id, email, name, commits })))
      .execute();
  }
  return source.id;
}

export async function addResponsibilities(
  db: Kysely<Database>,
  summitId: string,
  rows: Array<[role: string, email: string, name: string, origin?: "manual" | "maintainers"]>,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("responsibility")
    .values(
      rows.map(([role, email, name, origin]) => ({
        summit_id: summitId,
        role,
        email,
        name,
        origin: origin ?? "manual",
      })),
    )
    .execute();
}

export async function addAliases(
  db: Kysely<Database>,
  summitId: string,
  pairs: Array<[alias: string, canonical: string]>,
): Promise<void> {
  if (pairs.length === 0) return;
  await db
    .insertInto("email_alias")
    .values(pairs.map(([alias_email, canonical_email]) => ({ summit_id: summitId, alias_email, canonical_email })))
    .execute();
}
