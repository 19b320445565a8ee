import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.
//
// Prioritisation votes, one per summit. The database itself keeps the
// promises the counting depends on:
// - one roll entry per voter (the primary key), frozen when voting opens;
// - one current named ballot per voter (a partial unique index); earlier
//   ballots stay as history, never changed again;
// - secret ballots hold no voter and no time, and are never changed or
//   removed once cast (a trigger, as on the audit log).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("vote_setup")
    .addColumn("summit_id", "uuid", (c) => c.primaryKey().references("summit.id"))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method in ('approval', 'dots', 'ranked')`))
    .addColumn("max_approvals", "integer")
    .addColumn("budget", "integer")
    .addColumn("max_per_item", "integer")
    .addColumn("secret", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("closes_at", "timestamptz")
    .addColumn("opened_at", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    // The tally as frozen at the close: recounting the ballots must give it again.
    .addColumn("result", "jsonb")
    .addCheckConstraint("vote_setup_approval_k", sql`(method = 'approval') = (max_approvals is not null)`)
    .addCheckConstraint(
      "vote_setup_dots_budget",
      sql`(method = 'dots') = (budget is not null and max_per_item is not null)`,
    )
    .addCheckConstraint("vote_setup_closed_after_open", sql`closed_at is null or opened_at is not null`)
    .execute();

  // The ballot paper: the items accepted when voting opened.
  await db.schema
    .createTable("ballot_item")
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("vote_setup.summit_id"))
    .addColumn("item_number", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("ballot_item_pk", ["summit_id", "item_number"])
    .execute();

  await db.schema
    .createTable("vote_roll")
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("vote_setup.summit_id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id"))
    .addColumn("has_voted", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("added_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("vote_roll_pk", ["summit_id", "user_id"])
    .execute();

  await db.schema
    .createTable("named_ballot")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("summit_id", "uuid", (c) => c.notNull())
    .addColumn("voter_id", "uuid", (c) => c.notNull())
    .addColumn("is_current", "boolean", (c) => c.notNull())
    .addColumn("cast_at", "timestamptz", (c) => c.notNull())
    .addColumn("choices", "jsonb", (c) => c.notNull())
    .addForeignKeyConstraint("named_ballot_on_roll", ["summit_id", "voter_id"], "vote_roll", ["summit_id", "user_id"])
    .execute();
  await sql`create unique index named_ballot_one_current on named_ballot (summit_id, voter_id) where is_current`.execute(
    db,
  );
  // A ballot is replaced by a new row; the old one only stops being current.
  await sql`create function named_ballot_history_kept() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.is_current and not new.is_current
         and new.choices = old.choices and new.voter_id = old.voter_id and new.summit_id = old.summit_id
         and new.cast_at = old.cast_at and new.id = old.id then
        return new;
      end if;
      raise exception 'named_ballot keeps its history: a ballot is replaced, never changed or removed';
    end $$`.execute(db);
  await sql`create trigger named_ballot_no_change before update or delete on named_ballot
    for each row execute function named_ballot_history_kept()`.execute(db);

  await db.schema
    .createTable("secret_ballot")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("vote_setup.summit_id"))
    .addColumn("choices", "jsonb", (c) => c.notNull())
    .execute();
  await sql`create function secret_ballot_sealed() returns trigger language plpgsql as $$
    begin raise exception 'secret_ballot is sealed: a cast ballot is never changed or removed'; end $$`.execute(db);
  await sql`create trigger secret_ballot_no_change before update or delete on secret_ballot
    for each row execute function secret_ballot_sealed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("secret_ballot").execute();
  await sql`drop function secret_ballot_sealed()`.execute(db);
  await db.schema.dropTable("named_ballot").execute();
  await sql`drop function named_ballot_history_kept()`.execute(db);
  await db.schema.dropTable("vote_roll").execute();
  await db.schema.dropTable("ballot_item").execute();
  await db.schema.dropTable("vote_setup").execute();
}
