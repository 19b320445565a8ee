import type { Kysely } from "kysely";
import type { Database, NewSummit, Phase, SummitUpdate } from "../schema";

export async function listSummits(db: Kysely<Database>) {
  return db.selectFrom("summit").selectAll().orderBy("starts_on", "desc").orderBy("title").execute();
}

export async function getSummitBySlug(db: Kysely<Database>, slug: string) {
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
 * Moves the phase only if it is still `from`: of two concurrent moves from the
 * same phase exactly one finds the row in that phase. False when it was not.
 */
export async function setPhaseIfCurrent(
  db: Kysely<Database>,
  args: { summitId: string; from: Phase; to: Phase },
): Promise<boolean> {
  const result = await db
    .updateTable("summit")
    .set({ phase: args.to })
    .where("id", "=", args.summitId)
    .where("phase", "=", args.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
