import type { Kysely } from "kysely";

// Frozen: migrations never import application code.
//
// Triage lists a summit's items by status, numbered within each status, and
// counts every status for its headings; the item list filters by status too.
// Without this index each of those read every item of the summit.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("agenda_item_summit_status_number_idx")
    .on("agenda_item")
    .columns(["summit_id", "status", "number"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("agenda_item_summit_status_number_idx").execute();
}
