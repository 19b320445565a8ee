import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.
//
// A git import skips the commits of bots, no-reply services and addresses that
// are not a person's; the sources page says how many and why, so the reasons
// are kept with the source: [{ "why": "from bots", "count": 40 }, …].
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("contributor_source")
    .addColumn("skipped_reasons", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("contributor_source").dropColumn("skipped_reasons").execute();
}
