// What the eligibility tests build again and again: people, a summit with its
// organizer, and the contributor sources, responsibilities and aliases an
// import would leave, inserted directly.
import type { Kysely } from "kysely";
import type { Database, Phase } from "../../../db/schema";
import type { SessionUser } from "../../../app/auth/session.server";
import { viewerOfUser } from "../../../app/services/kernel/viewer.server";
import type { PageAccess } from "../../../app/services/eligibility/pages.server";
import { QEMU_SUMMIT_2017, summitWithOrganizer as summitWithOrganizerOf, type SummitWithOrganizer } from "./summits";

export { makeUser, unique, type SummitWithOrganizer } from "./summits";

/** QEMU Summit 2017 created by an administrator, with one organizer named, in `phase` if given. */
export function summitWithOrganizer(db: Kysely<Database>, phase?: Phase): Promise<SummitWithOrganizer> {
  return summitWithOrganizerOf(db, phase, QEMU_SUMMIT_2017);
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
