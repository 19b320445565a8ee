import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.
//
// The summit's time and the agenda built into it:
// - summit_day: each day's hours, in minutes after midnight in the summit's
//   timezone, and its breaks (a list of {start, end, label});
// - agenda_pin: an item an organizer put at a time; the rest are placed
//   around the pins in the vote's order;
// - agenda_publication: the agenda as last published, whole (times, titles,
//   leads, outcomes sought, breaks), as it was mailed: the summit page and
//   the calendar file show it, and later changes wait for the next publication.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("summit_day")
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id"))
    .addColumn("day", "text", (c) => c.notNull().check(sql`day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn("start_minute", "integer", (c) => c.notNull().check(sql`start_minute between 0 and 1440`))
    .addColumn("end_minute", "integer", (c) => c.notNull().check(sql`end_minute between 0 and 1440`))
    .addColumn("breaks", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint("summit_day_pk", ["summit_id", "day"])
    .addCheckConstraint("summit_day_ends_after_start", sql`end_minute > start_minute`)
    .execute();

  await db.schema
    .createTable("agenda_pin")
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id"))
    .addColumn("item_number", "integer", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("start_minute", "integer", (c) => c.notNull().check(sql`start_minute between 0 and 1440`))
    .addPrimaryKeyConstraint("agenda_pin_pk", ["summit_id", "item_number"])
    .execute();

  await db.schema
    .createTable("agenda_publication")
    .addColumn("summit_id", "uuid", (c) => c.primaryKey().references("summit.id"))
    .addColumn("published_at", "timestamptz", (c) => c.notNull())
    .addColumn("published_by", "uuid", (c) => c.references("app_user.id"))
    .addColumn("slots", "jsonb", (c) => c.notNull())
    .addColumn("overflow", "jsonb", (c) => c.notNull())
    .addColumn("breaks", "jsonb", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("agenda_publication").execute();
  await db.schema.dropTable("agenda_pin").execute();
  await db.schema.dropTable("summit_day").execute();
}
