import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.
//
// Decision polls: an accepted item's proposal put to the summit's people,
// one poll per item. As with the prioritisation vote, the database keeps the
// promises the count depends on:
// - one roll entry per person (the primary key), frozen when the poll opens;
// - one current named answer per person (a partial unique index); earlier
//   answers stay as history, never changed again;
// - a block always has its reason (a check);
// - secret answers hold no person and no time, and are sealed once given.
// tentative_decision holds what organizers recorded from a poll's result:
// the item's decision until the meeting takes one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("decision_poll")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("summit_id", "uuid", (c) => c.notNull().references("summit.id"))
    .addColumn("item_id", "uuid", (c) => c.notNull().unique().references("agenda_item.id"))
    .addColumn("proposal", "text", (c) => c.notNull().check(sql`length(proposal) between 1 and 500`))
    .addColumn("secret", "boolean", (c) => c.notNull())
    .addColumn("opened_at", "timestamptz", (c) => c.notNull())
    .addColumn("opened_by", "uuid", (c) => c.references("app_user.id"))
    .addColumn("closed_at", "timestamptz")
    // The count as frozen at the close: counting the answers again must give it.
    .addColumn("result", "jsonb")
    .addCheckConstraint("decision_poll_closed_with_result", sql`(closed_at is null) = (result is null)`)
    .execute();

  await db.schema
    .createTable("poll_roll")
    .addColumn("poll_id", "uuid", (c) => c.notNull().references("decision_poll.id"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("app_user.id"))
    .addColumn("has_answered", "boolean", (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint("poll_roll_pk", ["poll_id", "user_id"])
    .execute();

  const answer = sql`answer in ('agree', 'abstain', 'disagree', 'block')`;
  const reason = sql`reason is null or length(reason) between 1 and 1000`;
  const blockHasReason = sql`answer <> 'block' or reason is not null`;

  await db.schema
    .createTable("poll_answer")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("poll_id", "uuid", (c) => c.notNull())
    .addColumn("voter_id", "uuid", (c) => c.notNull())
    .addColumn("is_current", "boolean", (c) => c.notNull())
    .addColumn("answered_at", "timestamptz", (c) => c.notNull())
    .addColumn("answer", "text", (c) => c.notNull().check(answer))
    .addColumn("reason", "text", (c) => c.check(reason))
    .addCheckConstraint("poll_answer_block_has_reason", blockHasReason)
    .addForeignKeyConstraint("poll_answer_on_roll", ["poll_id", "voter_id"], "poll_roll", ["poll_id", "user_id"])
    .execute();
  await sql`create unique index poll_answer_one_current on poll_answer (poll_id, voter_id) where is_current`.execute(
    db,
  );
  await sql`create function poll_answer_history_kept() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.is_current and not new.is_current
         and new.answer = old.answer and new.reason is not distinct from old.reason
         and new.voter_id = old.voter_id and new.poll_id = old.poll_id
         and new.answered_at = old.answered_at and new.id = old.id then
        return new;
      end if;
      raise exception 'poll_answer keeps its history: an answer is replaced, never changed or removed';
    end $$`.execute(db);
  await sql`create trigger poll_answer_no_change before update or delete on poll_answer
    for each row execute function poll_answer_history_kept()`.execute(db);

  await db.schema
    .createTable("secret_poll_answer")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("poll_id", "uuid", (c) => c.notNull().references("decision_poll.id"))
    .addColumn("answer", "text", (c) => c.notNull().check(answer))
    .addColumn("reason", "text", (c) => c.check(reason))
    .addCheckConstraint("secret_poll_answer_block_has_reason", blockHasReason)
    .execute();
  await sql`create function secret_poll_answer_sealed() returns trigger language plpgsql as $$
    begin raise exception 'secret_poll_answer is sealed: a given answer is never changed or removed'; end $$`.execute(
    db,
  );
  await sql`create trigger secret_poll_answer_no_change before update or delete on secret_poll_answer
    for each row execute function secret_poll_answer_sealed()`.execute(db);

  await db.schema
    .createTable("tentative_decision")
    .addColumn("item_id", "uuid", (c) => c.primaryKey().references("agenda_item.id"))
    .addColumn("poll_id", "uuid", (c) => c.notNull().references("decision_poll.id"))
    .addColumn("text", "text", (c) => c.notNull().check(sql`length(text) between 1 and 4000`))
    .addColumn("recorded_by", "uuid", (c) => c.notNull().references("app_user.id"))
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("tentative_decision").execute();
  await db.schema.dropTable("secret_poll_answer").execute();
  await sql`drop function secret_poll_answer_sealed()`.execute(db);
  await db.schema.dropTable("poll_answer").execute();
  await sql`drop function poll_answer_history_kept()`.execute(db);
  await db.schema.dropTable("poll_roll").execute();
  await db.schema.dropTable("decision_poll").execute();
}
