import { sql, type Kysely } from "kysely";
import type { ContributorSourceKind, Database, Phase, SkippedReason } from "../schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rows per multi-row insert: 3 parameters a row stays far below PostgreSQL's 65,535 per statement. */
export const CONTRIBUTOR_CHUNK = 1000;

export interface NewContributorSource {
  summitId: string;
  kind: ContributorSourceKind;
  label: string;
  since: string | null;
  until: string | null;
  importedAt: Date;
  importedBy: string | null;
  acceptedLines: number;
  skippedLines: number;
  /** Why, as counts; none recorded when left out. */
  skippedReasons?: SkippedReason[];
}

export interface ContributorRow {
  email: string;
  name: string;
  commits: number;
}

/**
 * Stores a source and its per-person counts. Emails must be lower-case and
 * unique within the source. Call it inside the caller's transaction: a failure
 * part-way through leaves nothing once that transaction rolls back.
 */
export async function insertContributorSource(
  db: Kysely<Database>,
  args: { source: NewContributorSource; contributors: readonly ContributorRow[] },
): Promise<{ id: string }> {
  const { source } = args;
  const row = await db
    .insertInto("contributor_source")
    .values({
      summit_id: source.summitId,
      kind: source.kind,
      label: source.label,
      since: source.since,
      until: source.until,
      imported_at: source.importedAt,
      imported_by: source.importedBy,
      accepted_lines: source.acceptedLines,
      skipped_lines: source.skippedLines,
      skipped_reasons: JSON.stringify(source.skippedReasons ?? []),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (let start = 0; start < args.contributors.length; start += CONTRIBUTOR_CHUNK) {
    await db
      .insertInto("contributor")
      .values(
        args.contributors.slice(start, start + CONTRIBUTOR_CHUNK).map((c) => ({
          source_id: row.id,
          email: c.email,
          name: c.name,
          commits: c.commits,
        })),
      )
      .execute();
  }
  return { id: row.id };
}

export interface ContributorSourceSummary {
  id: string;
  kind: ContributorSourceKind;
  label: string;
  since: string | null;
  until: string | null;
  importedAt: Date;
  importedByName: string | null;
  acceptedLines: number;
  skippedLines: number;
  skippedReasons: SkippedReason[];
  contributors: number;
  commits: number;
}

/** A summit's sources, newest first, with how many people and commits each holds. */
export async function listContributorSources(
  db: Kysely<Database>,
  summitId: string,
): Promise<ContributorSourceSummary[]> {
  const rows = await db
    .selectFrom("contributor_source as s")
    .leftJoin("app_user as u", "u.id", "s.imported_by")
    .select((eb) => [
      "s.id",
      "s.kind",
      "s.label",
      "s.since",
      "s.until",
      "s.imported_at",
      "s.accepted_lines",
      "s.skipped_lines",
      "s.skipped_reasons",
      "u.display_name as importedByName",
      eb
        .selectFrom("contributor as c")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("c.source_id", "=", "s.id")
        .as("contributors"),
      eb
        .selectFrom("contributor as c")
        .select(sql<number>`coalesce(sum(c.commits), 0)::int`.as("n"))
        .whereRef("c.source_id", "=", "s.id")
        .as("commits"),
    ])
    .where("s.summit_id", "=", summitId)
    .orderBy("s.imported_at", "desc")
    .orderBy("s.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    label: r.label,
    since: r.since,
    until: r.until,
    importedAt: r.imported_at as unknown as Date,
    importedByName: r.importedByName ?? null,
    acceptedLines: Number(r.accepted_lines),
    skippedLines: Number(r.skipped_lines),
    skippedReasons: r.skipped_reasons,
    contributors: Number(r.contributors ?? 0),
    commits: Number(r.commits ?? 0),
  }));
}

/** The counts of one source, most commits first (ties by email, so the order is stable). */
export async function listContributors(db: Kysely<Database>, sourceId: string): Promise<ContributorRow[]> {
  if (!UUID.test(sourceId)) return [];
  return db
    .selectFrom("contributor")
    .select(["email", "name", "commits"])
    .where("source_id", "=", sourceId)
    .orderBy("commits", "desc")
    .orderBy("email")
    .execute();
}

/** Deletes a source of this summit (its counts go with it); null when there is none with that id here. */
export async function deleteContributorSource(
  db: Kysely<Database>,
  args: { summitId: string; sourceId: string },
): Promise<{ id: string; kind: ContributorSourceKind; label: string } | null> {
  if (!UUID.test(args.sourceId)) return null;
  return (
    (await db
      .deleteFrom("contributor_source")
      .where("id", "=", args.sourceId)
      .where("summit_id", "=", args.summitId)
      .returning(["id", "kind", "label"])
      .executeTakeFirst()) ?? null
  );
}

/** A summit's phase, with what names it, read without a lock (an import checks early, before running git). */
export async function getSummitPhase(
  db: Kysely<Database>,
  summitId: string,
): Promise<{ id: string; slug: string; title: string; phase: Phase } | null> {
  if (!UUID.test(summitId)) return null;
  return (
    (await db
      .selectFrom("summit")
      .select(["id", "slug", "title", "phase"])
      .where("id", "=", summitId)
      .executeTakeFirst()) ?? null
  );
}
