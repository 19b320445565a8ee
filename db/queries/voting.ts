import { randomUUID } from "node:crypto";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { sql, type Kysely, type Selectable } from "kysely";
import type { Database, Phase, VoteSetupTable, VotingMethodName } from "../schema";

/**
 * A summit's prioritisation vote: its set-up, the ballot paper and roll
 * frozen when it opens, and the ballots. Named ballots are replaced by a new
 * row (the old one stays as history); secret ones carry no voter at all.
 */

export type VoteSetupRow = Selectable<VoteSetupTable>;

/** Choices as the tables store them: approved item numbers, or points or ranks by item number. */
type Choices = number[] | Record<string, number>;

function lockable(db: Kysely<Database>, summitId: string) {
  return db.selectFrom("vote_setup").selectAll().where("summit_id", "=", summitId);
}

export async function getVoteSetup(db: Kysely<Database>, summitId: string): Promise<VoteSetupRow | null> {
  return (await lockable(db, summitId).executeTakeFirst()) ?? null;
}

/** The set-up's columns as a summit's left join to it selects them; `setupOfJoin` makes the row again. */
const JOINED_SETUP = [
  "v.summit_id as setupSummitId",
  "v.method",
  "v.max_approvals",
  "v.budget",
  "v.max_per_item",
  "v.secret",
  "v.closes_at",
  "v.opened_at",
  "v.closed_at",
] as const;

type JoinedSetup = {
  [K in keyof VoteSetupRow as K extends "summit_id" ? "setupSummitId" : K]: VoteSetupRow[K] | null;
};

/** The set-up from a summit's left join to it; null when the summit has none. */
function setupOfJoin(row: JoinedSetup): VoteSetupRow | null {
  if (row.setupSummitId === null || row.method === null) return null;
  return {
    summit_id: row.setupSummitId,
    method: row.method,
    max_approvals: row.max_approvals,
    budget: row.budget,
    max_per_item: row.max_per_item,
    secret: row.secret ?? false,
    closes_at: row.closes_at,
    opened_at: row.opened_at,
    closed_at: row.closed_at,
    result: row.result,
  };
}

export interface BallotRules {
  /** Null when the summit has no vote set up. */
  setup: VoteSetupRow | null;
  phase: Phase;
  title: string;
  /** The ballot paper. */
  items: number[];
  /** The voter's roll entry: null when they are not on the roll. */
  voter: { hasVoted: boolean } | null;
}

/**
 * What a ballot is checked against, in one read without locks: the summit's
 * phase and title, the vote's set-up and ballot paper, and the voter's roll
 * entry. The cast itself checks again, in its one statement, what a
 * concurrent change could have made untrue (the close, the roll, the phase).
 * Null when there is no such summit.
 */
export async function readBallotRules(
  db: Kysely<Database>,
  args: { summitId: string; voterId: string },
): Promise<BallotRules | null> {
  const row = await db
    .selectFrom("summit as s")
    .leftJoin("vote_setup as v", "v.summit_id", "s.id")
    .leftJoin("vote_roll as r", (join) => join.onRef("r.summit_id", "=", "s.id").on("r.user_id", "=", args.voterId))
    .select(["s.phase", "s.title", ...JOINED_SETUP, "r.user_id as voterId", "r.has_voted"])
    .select((eb) =>
      eb
        .fn<number[]>("array", [
          eb
            .selectFrom("ballot_item as bi")
            .select("bi.item_number")
            .whereRef("bi.summit_id", "=", "s.id")
            .orderBy("bi.item_number"),
        ])
        .as("items"),
    )
    .where("s.id", "=", args.summitId)
    .executeTakeFirst();
  if (!row) return null;
  // A ballot never needs the frozen result.
  const setup = setupOfJoin({ ...row, result: null });
  return {
    setup,
    phase: row.phase,
    title: row.title,
    items: row.items.map(Number),
    voter: row.voterId === null ? null : { hasVoted: row.has_voted ?? false },
  };
}

/**
 * The condition every cast checks in its own statement, and the row locks it
 * takes: the vote open and before its deadline, the summit in a phase that
 * takes ballots, the voter on the roll (and, for a secret ballot, not voted
 * yet). The set-up is held shared (a close waits for ballots in flight, and
 * ballots after it see it), the voter's roll entry exclusively (their other
 * ballots wait).
 */
function castGate(args: { summitId: string; voterId: string; secret: boolean; now: Date; phases: readonly Phase[] }) {
  return sql`select r.user_id from vote_setup v
      join vote_roll r on r.summit_id = v.summit_id and r.user_id = ${args.voterId}
      join summit s on s.id = v.summit_id
    where v.summit_id = ${args.summitId} and v.secret = ${args.secret}
      and v.opened_at is not null and v.closed_at is null
      and (v.closes_at is null or v.closes_at > ${args.now})
      and s.phase in (${sql.join(args.phases.map((phase) => sql`${phase}`))})
      ${args.secret ? sql`and not r.has_voted` : sql``}
    for share of v for update of r`;
}

/**
 * Casts or replaces a named ballot in one statement (docs/decisions/0010): one round trip holds
 * the embedded database's one connection, where a transaction of several
 * statements held it across as many turns of the server's event loop. The
 * voter's current ballot stops being current and the new one is current; the
 * roll records that they voted; the audit log has the entry. Nothing is
 * written unless the gate holds: `cast` is false then. Two ballots of one
 * voter that start together can both pass the gate: the second then breaks
 * the one-current-ballot index, and is tried again by the caller.
 */
export async function castNamedBallotAudited(
  db: Kysely<Database>,
  args: {
    summitId: string;
    voterId: string;
    choices: Choices;
    now: Date;
    phases: readonly Phase[];
    audit: { action: string; objectType: string };
  },
): Promise<{ cast: boolean; replaced: boolean }> {
  const gate = castGate({ ...args, secret: false });
  const { rows } = await sql<{ cast: number; replaced: number }>`
    with gate as (${gate}),
    retired as (
      update named_ballot set is_current = false
      where summit_id = ${args.summitId} and voter_id = (select user_id from gate) and is_current
      returning id
    ),
    new_ballot as (
      insert into named_ballot (id, summit_id, voter_id, is_current, cast_at, choices)
      select ${randomUUID()}::uuid, ${args.summitId}::uuid, gate.user_id, true, ${args.now}::timestamptz,
        ${JSON.stringify(args.choices)}::jsonb
      from gate where (select count(*) from retired) >= 0
      returning id
    ),
    voted as (
      update vote_roll set has_voted = true
      where summit_id = ${args.summitId} and user_id = ${args.voterId} and not has_voted
        and exists (select 1 from new_ballot)
      returning user_id
    ),
    audited as (
      insert into audit_log (actor_id, summit_id, action, object_type, object_id, detail)
      select ${args.voterId}::uuid, ${args.summitId}::uuid, ${args.audit.action}::text, ${args.audit.objectType}::text,
        ${args.summitId}::text,
        jsonb_build_object('replaced', (select count(*) from retired) > 0)
      from new_ballot
      returning id
    )
    select (select count(*) from new_ballot)::int as cast, (select count(*) from retired)::int as replaced,
      (select count(*) from voted)::int + (select count(*) from audited)::int as written`.execute(db);
  const row = rows[0];
  return { cast: Number(row?.cast ?? 0) > 0, replaced: Number(row?.replaced ?? 0) > 0 };
}

/**
 * Casts a secret ballot in one statement: a random id and the choices,
 * nothing that names the voter or the time, and the roll records that they
 * voted. Nothing is written unless the gate holds (`cast` is false then),
 * and a voter who has voted does not pass it.
 */
export async function castSecretBallot(
  db: Kysely<Database>,
  args: { summitId: string; voterId: string; choices: Choices; now: Date; phases: readonly Phase[] },
): Promise<{ cast: boolean }> {
  const gate = castGate({ ...args, secret: true });
  const { rows } = await sql<{ cast: number }>`
    with gate as (${gate}),
    new_ballot as (
      insert into secret_ballot (id, summit_id, choices)
      select ${randomUUID()}::uuid, ${args.summitId}::uuid, ${JSON.stringify(args.choices)}::jsonb from gate
      returning id
    ),
    voted as (
      update vote_roll set has_voted = true
      where summit_id = ${args.summitId} and user_id = ${args.voterId} and exists (select 1 from new_ballot)
      returning user_id
    )
    select (select count(*) from new_ballot)::int as cast, (select count(*) from voted)::int as voted`.execute(db);
  return { cast: Number(rows[0]?.cast ?? 0) > 0 };
}

/** The set-up, locked for opening or closing: every ballot in flight finishes first. */
export async function lockVoteSetup(db: Kysely<Database>, summitId: string): Promise<VoteSetupRow | null> {
  return (await lockable(db, summitId).forUpdate().executeTakeFirst()) ?? null;
}

/** The set-up a vote has when organizers chose none: ranked, open ballots, closed by hand. */
export const RANKED_OPEN_BALLOTS = {
  method: "ranked",
  maxApprovals: null,
  budget: null,
  maxPerItem: null,
  secret: false,
  closesAt: null,
} as const;

export async function saveVoteSetup(
  db: Kysely<Database>,
  args: {
    summitId: string;
    method: VotingMethodName;
    maxApprovals: number | null;
    budget: number | null;
    maxPerItem: number | null;
    secret: boolean;
    closesAt: Date | null;
  },
): Promise<VoteSetupRow> {
  const values = {
    method: args.method,
    max_approvals: args.maxApprovals,
    budget: args.budget,
    max_per_item: args.maxPerItem,
    secret: args.secret,
    closes_at: args.closesAt,
  };
  return db
    .insertInto("vote_setup")
    .values({ summit_id: args.summitId, ...values })
    .onConflict((oc) => oc.column("summit_id").doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Freezes the roll (the summit's attendees with an account) and the ballot
 * paper (its accepted items), and marks the vote open. Returns their sizes.
 */
export async function openVote(
  db: Kysely<Database>,
  args: { summitId: string; now: Date },
): Promise<{ roll: number; items: number }> {
  const roll = await db
    .insertInto("vote_roll")
    .columns(["summit_id", "user_id", "added_at"])
    .expression((eb) =>
      eb
        .selectFrom("invitation")
        .select((s) => [s.val(args.summitId).as("summit_id"), "user_id", s.val(args.now).as("added_at")])
        .where("summit_id", "=", args.summitId)
        .where("status", "=", "accepted")
        .where("user_id", "is not", null),
    )
    .onConflict((oc) => oc.columns(["summit_id", "user_id"]).doNothing())
    .executeTakeFirst();
  const items = await db
    .insertInto("ballot_item")
    .columns(["summit_id", "item_number"])
    .expression((eb) =>
      eb
        .selectFrom("agenda_item")
        .select((s) => [s.val(args.summitId).as("summit_id"), "number"])
        .where("summit_id", "=", args.summitId)
        .where("status", "=", "accepted"),
    )
    .onConflict((oc) => oc.columns(["summit_id", "item_number"]).doNothing())
    .executeTakeFirst();
  await db.updateTable("vote_setup").set({ opened_at: args.now }).where("summit_id", "=", args.summitId).execute();
  return { roll: Number(roll.numInsertedOrUpdatedRows ?? 0), items: Number(items.numInsertedOrUpdatedRows ?? 0) };
}

export async function closeVote(db: Kysely<Database>, args: { summitId: string; now: Date; result: unknown }) {
  await db
    .updateTable("vote_setup")
    .set({ closed_at: args.now, result: JSON.stringify(args.result) })
    .where("summit_id", "=", args.summitId)
    .execute();
}

export async function listBallotItems(db: Kysely<Database>, summitId: string): Promise<number[]> {
  const rows = await db
    .selectFrom("ballot_item")
    .select("item_number")
    .where("summit_id", "=", summitId)
    .orderBy("item_number")
    .execute();
  return rows.map((r) => r.item_number);
}

export async function markVoted(db: Kysely<Database>, args: { summitId: string; userId: string }) {
  await db
    .updateTable("vote_roll")
    .set({ has_voted: true })
    .where("summit_id", "=", args.summitId)
    .where("user_id", "=", args.userId)
    .execute();
}

/** Replaces the voter's current named ballot with a new one; the old one stays, no longer current. */
export async function replaceNamedBallot(
  db: Kysely<Database>,
  args: { summitId: string; voterId: string; choices: Choices; now: Date },
): Promise<{ replaced: boolean }> {
  const retired = await db
    .updateTable("named_ballot")
    .set({ is_current: false })
    .where("summit_id", "=", args.summitId)
    .where("voter_id", "=", args.voterId)
    .where("is_current", "=", true)
    .executeTakeFirst();
  await db
    .insertInto("named_ballot")
    .values({
      id: randomUUID(),
      summit_id: args.summitId,
      voter_id: args.voterId,
      is_current: true,
      cast_at: args.now,
      choices: JSON.stringify(args.choices),
    })
    .execute();
  return { replaced: Number(retired.numUpdatedRows) > 0 };
}

/** The choices of every counted ballot: current named ones, or the secret ones. */
export async function listCountedChoices(
  db: Kysely<Database>,
  args: { summitId: string; secret: boolean },
): Promise<Choices[]> {
  const rows = args.secret
    ? await db.selectFrom("secret_ballot").select("choices").where("summit_id", "=", args.summitId).execute()
    : await db
        .selectFrom("named_ballot")
        .select("choices")
        .where("summit_id", "=", args.summitId)
        .where("is_current", "=", true)
        .execute();
  return rows.map((r) => r.choices);
}

/** "X of N voted": N is the roll. */
export async function countTurnout(db: Kysely<Database>, summitId: string): Promise<{ voted: number; roll: number }> {
  const row = await db
    .selectFrom("vote_roll")
    .select((eb) => [
      eb.fn.countAll<string>().as("roll"),
      eb.fn.count<string>("user_id").filterWhere("has_voted", "=", true).as("voted"),
    ])
    .where("summit_id", "=", summitId)
    .executeTakeFirstOrThrow();
  return { voted: Number(row.voted), roll: Number(row.roll) };
}

/** The items of the ballot paper with their titles and minutes, by number; before the open, the accepted items. */
export async function listBallotPaper(
  db: Kysely<Database>,
  args: { summitId: string; opened: boolean },
): Promise<Array<{ number: number; title: string; minutes: number }>> {
  let query = db
    .selectFrom("agenda_item")
    .select(["agenda_item.number", "agenda_item.title", "agenda_item.minutes_needed as minutes"])
    .where("agenda_item.summit_id", "=", args.summitId);
  query = args.opened
    ? query.innerJoin("ballot_item", (join) =>
        join
          .onRef("ballot_item.summit_id", "=", "agenda_item.summit_id")
          .onRef("ballot_item.item_number", "=", "agenda_item.number"),
      )
    : query.where("agenda_item.status", "=", "accepted");
  return query.orderBy("agenda_item.number").execute();
}

export interface RollPerson {
  userId: string;
  name: string;
}

/**
 * How the roll differs from the summit's attendees now: who has come since
 * the open, who has left without voting, and who has left after voting
 * (their ballot stands: it is counted, and a secret one cannot be found).
 */
export async function listRollDifferences(
  db: Kysely<Database>,
  summitId: string,
): Promise<{ joined: RollPerson[]; leftUnvoted: RollPerson[]; leftVoted: RollPerson[] }> {
  const attending = db
    .selectFrom("invitation")
    .select("user_id")
    .where("summit_id", "=", summitId)
    .where("status", "=", "accepted")
    .where("user_id", "is not", null);
  const [joined, left] = await Promise.all([
    db
      .selectFrom("app_user")
      .select(["app_user.id as userId", "app_user.display_name as name"])
      .where("app_user.id", "in", attending)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("vote_roll")
              .select("vote_roll.user_id")
              .where("vote_roll.summit_id", "=", summitId)
              .whereRef("vote_roll.user_id", "=", "app_user.id"),
          ),
        ),
      )
      .orderBy("app_user.display_name")
      .execute(),
    db
      .selectFrom("vote_roll")
      .innerJoin("app_user", "app_user.id", "vote_roll.user_id")
      .select(["vote_roll.user_id as userId", "app_user.display_name as name", "vote_roll.has_voted as hasVoted"])
      .where("vote_roll.summit_id", "=", summitId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("invitation")
              .select("invitation.user_id")
              .where("invitation.summit_id", "=", summitId)
              .where("invitation.status", "=", "accepted")
              .whereRef("invitation.user_id", "=", "vote_roll.user_id"),
          ),
        ),
      )
      .orderBy("app_user.display_name")
      .execute(),
  ]);
  const person = ({ userId, name }: RollPerson) => ({ userId, name });
  return {
    joined,
    leftUnvoted: left.filter((p) => !p.hasVoted).map(person),
    leftVoted: left.filter((p) => p.hasVoted).map(person),
  };
}

/** Adds people to the roll and takes off people who have not voted. */
export async function changeRoll(
  db: Kysely<Database>,
  args: { summitId: string; add: readonly string[]; remove: readonly string[]; now: Date },
): Promise<void> {
  if (args.add.length > 0) {
    await db
      .insertInto("vote_roll")
      .values(args.add.map((userId) => ({ summit_id: args.summitId, user_id: userId, added_at: args.now })))
      .onConflict((oc) => oc.columns(["summit_id", "user_id"]).doNothing())
      .execute();
  }
  if (args.remove.length > 0) {
    await db
      .deleteFrom("vote_roll")
      .where("summit_id", "=", args.summitId)
      .where("user_id", "in", args.remove)
      .where("has_voted", "=", false)
      .execute();
  }
}

/** Everyone on the roll with the address their mail goes to. */
export async function listRollRecipients(
  db: Kysely<Database>,
  summitId: string,
): Promise<Array<{ userId: string; name: string; email: string }>> {
  return db
    .selectFrom("vote_roll")
    .innerJoin("app_user", "app_user.id", "vote_roll.user_id")
    .select(["vote_roll.user_id as userId", "app_user.display_name as name", "app_user.email"])
    .where("vote_roll.summit_id", "=", summitId)
    .orderBy("app_user.display_name")
    .execute();
}

/** A user id nobody has: a page read for nobody in particular. */
export const NOBODY = "00000000-0000-0000-0000-000000000000";

export interface VotePageRow {
  setup: VoteSetupRow | null;
  /** The ballot paper once voting opened; before, the accepted items. By number. */
  items: Array<{ number: number; title: string; minutes: number }>;
  turnout: { voted: number; roll: number };
  /** The viewer's roll entry and (open ballots) current choices; null when not on the roll. */
  part: { hasVoted: boolean; choices: Choices | null } | null;
}

/**
 * Everything the vote page shows, in one read: the set-up, the ballot paper
 * (or the accepted items before the open), "X of N voted", and the viewer's
 * part. Null when there is no such summit.
 */
export async function readVotePage(
  db: Kysely<Database>,
  args: { summitId: string; userId: string | null },
): Promise<VotePageRow | null> {
  const userId = args.userId ?? NOBODY;
  const row = await db
    .selectFrom("summit as s")
    .leftJoin("vote_setup as v", "v.summit_id", "s.id")
    .leftJoin("vote_roll as me", (join) => join.onRef("me.summit_id", "=", "s.id").on("me.user_id", "=", userId))
    .leftJoin("named_ballot as b", (join) =>
      join
        .onRef("b.summit_id", "=", "me.summit_id")
        .onRef("b.voter_id", "=", "me.user_id")
        .on("b.is_current", "=", true),
    )
    .select([...JOINED_SETUP, "v.result", "me.user_id as myId", "me.has_voted as myVoted", "b.choices as myChoices"])
    .select((eb) => [
      eb
        .selectFrom("vote_roll as r")
        .select((r) => r.fn.countAll<string>().as("n"))
        .whereRef("r.summit_id", "=", "s.id")
        .as("roll"),
      eb
        .selectFrom("vote_roll as r")
        .select((r) => r.fn.countAll<string>().as("n"))
        .whereRef("r.summit_id", "=", "s.id")
        .where("r.has_voted", "=", true)
        .as("voted"),
      jsonArrayFrom(
        eb
          .selectFrom("agenda_item as i")
          .select(["i.number", "i.title", "i.minutes_needed as minutes"])
          .whereRef("i.summit_id", "=", "s.id")
          .where((w) =>
            w.or([
              w.and([
                w("v.opened_at", "is not", null),
                w.exists(
                  w
                    .selectFrom("ballot_item as bi")
                    .select("bi.item_number")
                    .whereRef("bi.summit_id", "=", "i.summit_id")
                    .whereRef("bi.item_number", "=", "i.number"),
                ),
              ]),
              w.and([w("v.opened_at", "is", null), w("i.status", "=", "accepted")]),
            ]),
          )
          .orderBy("i.number"),
      ).as("items"),
    ])
    .where("s.id", "=", args.summitId)
    .executeTakeFirst();
  if (!row) return null;
  const setup = setupOfJoin(row);
  return {
    setup,
    items: row.items.map((i) => ({ number: Number(i.number), title: i.title, minutes: Number(i.minutes) })),
    turnout: { voted: Number(row.voted ?? 0), roll: Number(row.roll ?? 0) },
    part: row.myId === null ? null : { hasVoted: row.myVoted ?? false, choices: row.myChoices ?? null },
  };
}
