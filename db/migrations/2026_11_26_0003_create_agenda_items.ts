import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("summit")
    // Whether visitors may read the accepted agenda once it is published (and, later, the minutes).
    .addColumn("is_public", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable("agenda_item")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id").onDelete("cascade"))
    // Items are named by a number per summit ("item 3"), short enough to say in a mail.
    .addColumn("number", "integer", (c) => c.notNull().check(sql`number > 0`))
    .addColumn("proposer_id", "uuid", (c) => c.notNull().references("app_user.id"))
    .addColumn("lead_id", "uuid", (c) => c.notNull().references("app_user.id"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`length(title) between 1 and 120`))
    .addColumn("outcome_kind", "text", (c) =>
      c.notNull().check(sql`outcome_kind in ('decision','consensus_check','action_plan','information')`),
    )
    .addColumn("desired_outcome", "text", (c) => c.notNull().check(sql`length(desired_outcome) between 20 and 500`))
    .addColumn("background", "text", (c) =>
      c
        .notNull()
        .defaultTo("")
        .check(sql`length(background) <= 20000`),
    )
    .addColumn("minutes_needed", "integer", (c) => c.notNull().check(sql`minutes_needed between 5 and 120`))
    .addColumn("links", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('draft','submitted','accepted','declined','withdrawn','merged','returned')`),
    )
    // The organizers' reason for a decline, or their comment when returning an item for changes.
    .addColumn("status_note", "text", (c) => c.check(sql`status_note is null or length(status_note) <= 2000`))
    .addColumn("merged_into_id", "uuid", (c) => c.references("agenda_item.id"))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    // Co-sponsor count kept with the row, so sorting a long list by support needs no aggregate.
    .addColumn("cosponsor_count", "integer", (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`cosponsor_count >= 0`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("submitted_at", "timestamptz")
    .addUniqueConstraint("agenda_item_summit_number", ["summit_id", "number"])
    .addCheckConstraint(
      "agenda_item_merge_target",
      sql`(status = 'merged') = (merged_into_id is not null) and merged_into_id is distinct from id`,
    )
    .execute();
  await db.schema
    .createIndex("agenda_item_summit_created_idx")
    .on("agenda_item")
    .columns(["summit_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("agenda_item_summit_cosponsors_idx")
    .on("agenda_item")
    .columns(["summit_id", "cosponsor_count"])
    .execute();
  await db.schema.createIndex("agenda_item_proposer_idx").on("agenda_item").column("proposer_id").execute();

  // Every version of an item as it was saved; revision 1 is the first.
  await db.schema
    .createTable("agenda_item_revision")
    .addColumn("item_id", "uuid", (c) => c.notNull().references("agenda_item.id").onDelete("cascade"))
    .addColumn("revision", "integer", (c) => c.notNull().check(sql`revision > 0`))
    .addColumn("author_id", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("outcome_kind", "text", (c) => c.notNull())
    .addColumn("desired_outcome", "text", (c) => c.notNull())
    .addColumn("background", "text", (c) => c.notNull())
    .addColumn("minutes_needed", "integer", (c) => c.notNull())
    .addColumn("lead_id", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("links", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("agenda_item_revision_pk", ["item_id", "revision"])
    .execute();

  await db.schema
    .createTable("agenda_item_cosponsor")
    .addColumn("item_id", "uuid", (c) => c.notNull().references("agenda_item.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("agenda_item_cosponsor_pk", ["item_id", "user_id"])
    .execute();
  await db.schema.createIndex("agenda_item_cosponsor_user_idx").on("agenda_item_cosponsor").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("agenda_item_cosponsor").execute();
  await db.schema.dropTable("agenda_item_revision").execute();
  await db.schema.dropTable("agenda_item").execute();
  await db.schema.alterTable("summit").dropColumn("is_public").execute();
}
