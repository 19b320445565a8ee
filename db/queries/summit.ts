import type { Kysely } from "kysely";
import type { Database, NewSummit, SummitUpdate } from "../schema";

export async function listSummits(db: Kysely<Database>) {
  return db.selectFrom("summit").selectAll().orderBy("starts_on", "desc").orderBy("title").execute();
}

/** The slug column's check constraint; the longest slug a summit is given is 60 characters. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MAX_LENGTH = 60;

/**
 * Null without a query for a value that cannot be a slug: it comes from the
 * URL, and a NUL or broken UTF-16 in it would make the driver fail.
 */
/** Whether `slug` could name a summit at all; anything else is looked up as nothing. */
export function isPossibleSlug(slug: string): boolean {
  return slug.length <= SLUG_MAX_LENGTH && SLUG.test(slug);
}

export async function getSummitBySlug(db: Kysely<Database>, slug: string) {
  if (!isPossibleSlug(slug)) return null;
  return (await db.selectFrom("summit").selectAll().where("slug", "=", slug).executeTakeFirst()) ?? null;
}

export async function countSummits(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("summit")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts a summit; null when the slug is taken (the caller reports it beside the field). */
export async function insertSummit(db: Kysely<Database>, values: NewSummit) {
  return (
    (await db
      .insertInto("summit")
      .values(values)
      .onConflict((oc) => oc.column("slug").doNothing())
      .returningAll()
      .executeTakeFirst()) ?? null
  );
}

export async function updateSummitDetails(db: Kysely<Database>, args: { summitId: string; values: SummitUpdate }) {
  return (
    (await db
      .updateTable("summit")
      .set(args.values)
      .where("id", "=", args.summitId)
      .returningAll()
      .executeTakeFirst()) ?? null
  );
}

/**
 * The summit's row, locked for the rest of the transaction: the one lock every
 * change of a summit takes first (phase moves, rules, imports, seats, items),
 * so changes of one summit run one after the other and none lands after a
 * phase move that committed first. Null for an id that names no summit.
 */
export async function lockSummit(db: Kysely<Database>, summitId: string) {
  if (!UUID.test(summitId)) return null;
  return (await db.selectFrom("summit").selectAll().where("id", "=", summitId).forUpdate().executeTakeFirst()) ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
