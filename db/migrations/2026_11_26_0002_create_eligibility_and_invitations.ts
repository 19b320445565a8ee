import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("summit")
    // An open summit takes seat requests from any signed-in member, up to its capacity.
    .addColumn("is_open", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("capacity", "integer", (c) => c.check(sql`capacity is null or capacity > 0`))
    .addColumn("seat_request_needs_item", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  // Where commit counts came from: a git history, pasted shortlog output, or a CSV.
  await db.schema
    .createTable("contributor_source")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('git','shortlog','csv')`))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("since", "date")
    .addColumn("until", "date")
    .addColumn("imported_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("imported_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("accepted_lines", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("skipped_lines", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("contributor_source_summit_idx").on("contributor_source").column("summit_id").execute();

  await db.schema
    .createTable("contributor")
    .addColumn("source_id", "uuid", (c) => c.notNull().references("contributor_source.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull().check(sql`email = lower(email)`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("commits", "integer", (c) => c.notNull().check(sql`commits >= 0`))
    .addPrimaryKeyConstraint("contributor_pk", ["source_id", "email"])
    .execute();

  // Mailmap aliases of a summit: an old address counts as its canonical one everywhere.
  await db.schema
    .createTable("email_alias")
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id").onDelete("cascade"))
    .addColumn("alias_email", "text", (c) => c.notNull().check(sql`alias_email = lower(alias_email)`))
    .addColumn("canonical_email", "text", (c) => c.notNull().check(sql`canonical_email = lower(canonical_email)`))
    .addPrimaryKeyConstraint("email_alias_pk", ["summit_id", "alias_email"])
    .execute();

  // Holders of responsibilities: named roles entered by hand, and subsystem
  // maintainers read from a MAINTAINERS file ("maintainer: Block layer core").
  await db.schema
    .createTable("responsibility")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`length(role) between 1 and 200`))
    .addColumn("email", "text", (c) => c.notNull().check(sql`email = lower(email)`))
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("origin", "text", (c) => c.notNull().check(sql`origin in ('manual','maintainers')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("responsibility_unique", ["summit_id", "role", "email"])
    .execute();

  await db.schema
    .createTable("eligibility_rule")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('top_contributors','responsibility','include','exclude')`),
    )
    .addColumn("params", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("eligibility_rule_summit_idx").on("eligibility_rule").column("summit_id").execute();

  // The list as it stood at the last rule change, so organizers see who was added and who dropped out.
  await db.schema
    .createTable("eligibility_snapshot")
    .addColumn("summit_id", "uuid", (c) => c.primaryKey().references("summit.id").onDelete("cascade"))
    .addColumn("computed_at", "timestamptz", (c) => c.notNull())
    .addColumn("people", "jsonb", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("invitation")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull().check(sql`email = lower(email)`))
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("user_id", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('invited','accepted','declined','revoked','waitlisted')`),
    )
    .addColumn("reasons", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // SHA-256 of the link's token; replaced at every (re)send, cleared once answered or revoked.
    .addColumn("token_hash", "text", (c) => c.unique())
    .addColumn("token_expires_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("invited_at", "timestamptz")
    .addColumn("waitlisted_at", "timestamptz")
    .addColumn("responded_at", "timestamptz")
    .addColumn("sends", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("invitation_summit_email", ["summit_id", "email"])
    .execute();
  await db.schema
    .createIndex("invitation_summit_status_idx")
    .on("invitation")
    .columns(["summit_id", "status"])
    .execute();

  // Requests for a seat at an open summit.
  await db.schema
    .createTable("seat_request")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("statement", "text", (c) => c.notNull().check(sql`length(statement) between 1 and 1000`))
    .addColumn("proposed_item", "text", (c) => c.check(sql`proposed_item is null or length(proposed_item) <= 500`))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending','approved','refused','withdrawn')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decided_by", "uuid", (c) => c.references("app_user.id").onDelete("set null"))
    .addUniqueConstraint("seat_request_summit_user", ["summit_id", "user_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "seat_request",
    "invitation",
    "eligibility_snapshot",
    "eligibility_rule",
    "responsibility",
    "email_alias",
    "contributor",
    "contributor_source",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema
    .alterTable("summit")
    .dropColumn("is_open")
    .dropColumn("capacity")
    .dropColumn("seat_request_needs_item")
    .execute();
}
