// The prioritisation vote on both databases: the roll and ballot paper frozen
// at the open, ballots replaced whole (200 voters at once, several times each),
// secret ballots sealed and unlinked, the close idempotent and made by the
// first request after the deadline, and the frozen tally recounted (R17–R23).
import { sql, type Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { VISITOR, type Standing } from "../../app/domain/summit/standing";
import type { BallotInput, VotingMethod } from "../../app/domain/voting/ballot";
import {
  castBallot,
  closeVoting,
  closeVotingIfDue,
  openVoting,
  recountVoting,
  setUpVoting,
  updateRoll,
} from "../../app/services/voting/commands.server";
import { getVotePage } from "../../app/services/voting/pages.server";
import { movePhase } from "../../app/services/summits/commands.server";
import { summitWithOrganizer } from "../helpers/factories/eligibility";
import { addVoter, summitInVoting } from "../helpers/factories/voting";
import { callRoute, makeContext, postRequest } from "../helpers/route-harness";
import * as votingRoute from "../../app/routes/summits.$slug.voting";
import * as voteRoute from "../../app/routes/summits.$slug.vote";
import { MAIL_CONFIG } from "../helpers/factories/agenda";
import { describeEachDatabase } from "../helpers/test-db";

const NOW = new Date("2017-10-20T10:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function votingSummit(db: Kysely<Database>, voters: number, items = 5) {
  return summitInVoting(db, { voters, items });
}

async function setUp(
  db: Kysely<Database>,
  summitId: string,
  actorId: string,
  method: VotingMethod,
  secret = false,
  closesAt: Date | null = null,
) {
  const result = await setUpVoting(db, { summitId, actorId, method, secret, closesAt, now: NOW });
  expect(result.ok).toBe(true);
}

const ranks = (order: number[]): BallotInput => ({
  kind: "ranked",
  ranks: new Map(order.map((item, i) => [item, i + 1])),
});

async function currentBallots(db: Kysely<Database>, summitId: string) {
  return db
    .selectFrom("named_ballot")
    .select(["voter_id", "choices"])
    .where("summit_id", "=", summitId)
    .where("is_current", "=", true)
    .execute();
}

async function countRoll(db: Kysely<Database>, summitId: string): Promise<number> {
  const rows = await db.selectFrom("vote_roll").select("user_id").where("summit_id", "=", summitId).execute();
  return rows.length;
}

describeEachDatabase("the prioritisation vote", (use) => {
  it("freezes the roll and the ballot paper when it opens; later attendees and items are not on them", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 3);
    expect(await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW })).toEqual(
      {
        ok: true,
        value: { roll: 3, items: 5 },
      },
    );
    const latecomer = await addVoter(db, summit.id, "Latecomer");
    const refused = await castBallot(db, {
      summitId: summit.id,
      voterId: latecomer.id,
      input: ranks([1]),
      config: MAIL_CONFIG,
      now: NOW,
    });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    const cast = await castBallot(db, {
      summitId: summit.id,
      voterId: attendees[0]!.id,
      input: ranks([6]),
      config: MAIL_CONFIG,
      now: NOW,
    });
    expect(cast).toMatchObject({ ok: false, status: 422, message: "Item 6 is not on this ballot." });
    expect(
      await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW }),
    ).toMatchObject({
      ok: false,
      status: 409,
    });
  });

  it("refuses to open outside the voting phase, or with nothing accepted", async () => {
    const { db } = use();
    const { summit, organizer } = await summitWithOrganizer(db, "proposals");
    expect(
      await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW }),
    ).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("Ballots are cast only while voting is open") as string,
    });
    const empty = await votingSummit(db, 2, 0);
    expect(
      await openVoting(db, { summitId: empty.summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW }),
    ).toMatchObject({
      ok: false,
      status: 409,
      message: "There is nothing to vote on: no item of this summit is accepted.",
    });
  });

  it("replaces a named ballot whole, keeps the earlier ones as history, and counts only the last", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 2);
    await setUp(db, summit.id, organizer.id, { kind: "dots", budget: 5, maxPerItem: 3 });
    await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW });
    const voter = attendees[0]!.id;
    const dots = (pairs: Array<[number, number]>): BallotInput => ({ kind: "dots", points: new Map(pairs) });
    expect(
      await castBallot(db, {
        summitId: summit.id,
        voterId: voter,
        input: dots([[1, 3]]),
        config: MAIL_CONFIG,
        now: NOW,
      }),
    ).toEqual({
      ok: true,
      value: { replaced: false, secret: false },
    });
    for (const pairs of [
      [[2, 3]],
      [
        [3, 2],
        [4, 2],
      ],
    ] as Array<Array<[number, number]>>) {
      expect(
        await castBallot(db, {
          summitId: summit.id,
          voterId: voter,
          input: dots(pairs),
          config: MAIL_CONFIG,
          now: NOW,
        }),
      ).toEqual({
        ok: true,
        value: { replaced: true, secret: false },
      });
    }
    // Over budget: refused whole, and the ballot before it stays.
    const over = await castBallot(db, {
      summitId: summit.id,
      voterId: voter,
      input: dots([
        [1, 3],
        [2, 3],
      ]),
      config: MAIL_CONFIG,
      now: NOW,
    });
    expect(over).toMatchObject({ ok: false, status: 422, message: "You gave 6 points in all; you have 5 points." });
    expect(await currentBallots(db, summit.id)).toEqual([{ voter_id: voter, choices: { 3: 2, 4: 2 } }]);
    const history = await db.selectFrom("named_ballot").select("id").where("voter_id", "=", voter).execute();
    expect(history).toHaveLength(3);
    // The history cannot be rewritten.
    await expect(sql`update named_ballot set choices = '[]' where voter_id = ${voter}`.execute(db)).rejects.toThrow(
      /keeps its history/,
    );
    await expect(sql`delete from named_ballot where voter_id = ${voter}`.execute(db)).rejects.toThrow(
      /keeps its history/,
    );
    const result = await closeVoting(db, {
      summitId: summit.id,
      actorId: organizer.id,
      config: MAIL_CONFIG,
      now: later(60),
    });
    expect(result).toMatchObject({ ok: true, value: { method: "dots", ballots: 1, scores: { 1: 0, 3: 2, 4: 2 } } });
  });

  it("keeps exactly the last accepted ballot of each of 200 voters submitting at once, several times each", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 200, 6);
    await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW });
    const orders = [[1, 2, 3], [6, 5, 4, 3, 2, 1], [2, 4], [5]];
    // Each voter's submissions are sent one after another (as a browser does), all voters at once.
    const voters = attendees.map(async (voter, v) => {
      const sent = [0, 1, 2].map((round) => orders[(v + round) % orders.length]!);
      let last: number[] | null = null;
      for (const order of sent) {
        const result = await castBallot(db, {
          summitId: summit.id,
          voterId: voter.id,
          input: ranks(order),
          config: MAIL_CONFIG,
          now: NOW,
        });
        expect(result.ok, JSON.stringify(result)).toBe(true);
        last = order;
      }
      return [voter.id, last!] as const;
    });
    // And one voter sends five at once: exactly one of them ends current, whole.
    const racing = attendees[0]!;
    const raced = await Promise.all(
      orders.map((order) =>
        castBallot(db, { summitId: summit.id, voterId: racing.id, input: ranks(order), config: MAIL_CONFIG, now: NOW }),
      ),
    );
    const expected = new Map(await Promise.all(voters));
    expect(raced.every((r) => r.ok)).toBe(true);
    const stored = await currentBallots(db, summit.id);
    expect(stored).toHaveLength(200);
    for (const row of stored) {
      // The items in the order the ballot ranked them.
      const order = Object.entries(row.choices as Record<string, number>)
        .sort(([, a], [, b]) => a - b)
        .map(([item]) => Number(item));
      if (row.voter_id === racing.id) expect(orders).toContainEqual(order);
      else expect(order).toEqual(expected.get(row.voter_id));
    }
    const closed = await closeVoting(db, {
      summitId: summit.id,
      actorId: organizer.id,
      config: MAIL_CONFIG,
      now: later(60),
    });
    expect(closed).toMatchObject({ ok: true, value: { ballots: 200 } });
    expect(await recountVoting(db, summit.id)).toMatchObject({ holds: true, ballots: 200, voted: 200 });
  }, 120_000);

  it("stores a secret ballot with no voter and no time, once, sealed", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 3);
    await setUp(db, summit.id, organizer.id, { kind: "approval", maxApprovals: 2 }, true);
    await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW });
    const approve = (approved: number[]): BallotInput => ({ kind: "approval", approved });
    const voter = attendees[1]!;
    expect(
      await castBallot(db, {
        summitId: summit.id,
        voterId: voter.id,
        input: approve([1, 2, 3]),
        config: MAIL_CONFIG,
        now: NOW,
      }),
    ).toMatchObject({ ok: false, status: 422, message: "You approved 3 items; this vote allows at most 2 approvals." });
    expect(
      await castBallot(db, {
        summitId: summit.id,
        voterId: voter.id,
        input: approve([2, 4]),
        config: MAIL_CONFIG,
        now: NOW,
      }),
    ).toEqual({
      ok: true,
      value: { replaced: false, secret: true },
    });
    expect(
      await castBallot(db, {
        summitId: summit.id,
        voterId: voter.id,
        input: approve([1]),
        config: MAIL_CONFIG,
        now: NOW,
      }),
    ).toMatchObject({
      ok: false,
      status: 409,
    });
    // The ballot table has no column that could name the voter or the time.
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_name = 'secret_ballot' and table_schema = current_schema() order by column_name`.execute(db);
    expect(columns.rows.map((r) => r.column_name)).toEqual(["choices", "id", "summit_id"]);
    const rows = await db.selectFrom("secret_ballot").selectAll().where("summit_id", "=", summit.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.choices).toEqual([2, 4]);
    expect(JSON.stringify(rows)).not.toContain(voter.id);
    // Nothing in the audit log or the named ballots pairs the voter with a choice.
    const audit = await db
      .selectFrom("audit_log")
      .select(["actor_id", "detail"])
      .where("summit_id", "=", summit.id)
      .execute();
    expect(audit.filter((a) => a.actor_id === voter.id)).toEqual([]);
    expect(await db.selectFrom("named_ballot").select("id").where("summit_id", "=", summit.id).execute()).toEqual([]);
    const roll = await db
      .selectFrom("vote_roll")
      .select(["user_id", "has_voted"])
      .where("summit_id", "=", summit.id)
      .execute();
    expect(roll.filter((r) => r.has_voted).map((r) => r.user_id)).toEqual([voter.id]);
    await expect(sql`update secret_ballot set choices = '[1]'`.execute(db)).rejects.toThrow(/sealed/);
    await expect(sql`delete from secret_ballot`.execute(db)).rejects.toThrow(/sealed/);
  });

  it("closes once, with the same tally however often it is asked, and takes no ballot after", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 10);
    await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW });
    // Ballots and closes at once: every ballot accepted before the close is counted, none after.
    const outcomes = await Promise.all([
      ...attendees.map((a, i) =>
        castBallot(db, {
          summitId: summit.id,
          voterId: a.id,
          input: ranks([(i % 5) + 1]),
          config: MAIL_CONFIG,
          now: NOW,
        }),
      ),
      ...[1, 2, 3].map(() =>
        closeVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: later(1) }),
      ),
    ]);
    const ballots = outcomes.slice(0, 10);
    const closes = outcomes.slice(10);
    for (const b of ballots)
      if (!b.ok) expect(b).toMatchObject({ status: 409, message: expect.stringContaining("poll closed") as string });
    const accepted = ballots.filter((b) => b.ok).length;
    for (const c of closes) expect(c).toMatchObject({ ok: true, value: { ballots: accepted } });
    const again = [];
    for (let i = 0; i < 5; i++)
      again.push(
        await closeVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: later(5) }),
      );
    for (const c of again) expect(c).toEqual({ ok: true, value: (closes[0] as { value: unknown }).value });
    const after = await castBallot(db, {
      summitId: summit.id,
      voterId: attendees[0]!.id,
      input: ranks([2]),
      config: MAIL_CONFIG,
      now: later(9),
    });
    expect(after).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("poll closed") as string });
    const closedEntries = await db
      .selectFrom("audit_log")
      .select("action")
      .where("summit_id", "=", summit.id)
      .where("action", "=", "vote.closed")
      .execute();
    expect(closedEntries).toHaveLength(1);
    expect(await recountVoting(db, summit.id)).toMatchObject({ holds: true, ballots: accepted, voted: accepted });
  });

  it("is closed by the first request after its deadline, with no timer", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 2);
    await setUp(db, summit.id, organizer.id, { kind: "ranked" }, false, later(30));
    await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW });
    expect(
      await castBallot(db, {
        summitId: summit.id,
        voterId: attendees[0]!.id,
        input: ranks([3, 1]),
        config: MAIL_CONFIG,
        now: later(10),
      }),
    ).toMatchObject({ ok: true });
    expect(await closeVotingIfDue(db, { summitId: summit.id, config: MAIL_CONFIG, now: later(20) })).toBe(false);
    const late = await castBallot(db, {
      summitId: summit.id,
      voterId: attendees[1]!.id,
      input: ranks([1]),
      config: MAIL_CONFIG,
      now: later(31),
    });
    expect(late).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("poll closed at 2017-10-20 10:30 UTC") as string,
    });
    const setup = await db
      .selectFrom("vote_setup")
      .select(["closed_at"])
      .where("summit_id", "=", summit.id)
      .executeTakeFirstOrThrow();
    expect(setup.closed_at).toEqual(later(30));
    expect(await closeVotingIfDue(db, { summitId: summit.id, config: MAIL_CONFIG, now: later(40) })).toBe(true);
    const recount = await recountVoting(db, summit.id);
    expect(recount).toMatchObject({ holds: true, ballots: 1 });
    expect(recount?.frozen?.ranking[0]).toEqual({ item: 3, place: 1, tied: false });
  });

  it("finds a ballot removed behind its back: the recount no longer holds", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 2);
    await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW });
    for (const a of attendees)
      await castBallot(db, { summitId: summit.id, voterId: a.id, input: ranks([1, 2]), config: MAIL_CONFIG, now: NOW });
    await closeVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: later(5) });
    expect(await recountVoting(db, summit.id)).toMatchObject({ holds: true });
    // Tampering, as only someone with the database's own rights could: the trigger has to go first.
    await sql`alter table named_ballot disable trigger named_ballot_no_change`.execute(db);
    await sql`delete from named_ballot where voter_id = ${attendees[0]!.id}`.execute(db);
    await sql`alter table named_ballot enable trigger named_ballot_no_change`.execute(db);
    expect(await recountVoting(db, summit.id)).toMatchObject({ holds: false, ballots: 1, voted: 2 });
  });

  it("closes an open vote when the summit moves on to its agenda phase, in the same step", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 2);
    await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW });
    await castBallot(db, {
      summitId: summit.id,
      voterId: attendees[0]!.id,
      input: ranks([2, 1]),
      config: MAIL_CONFIG,
      now: NOW,
    });
    const moved = await movePhase(db, {
      actor: { id: organizer.id, isAdmin: false },
      slug: summit.slug,
      input: { from: "voting", to: "agenda" },
      config: MAIL_CONFIG,
    });
    expect(moved).toMatchObject({ ok: true, value: { to: "agenda" } });
    const setup = await db
      .selectFrom("vote_setup")
      .selectAll()
      .where("summit_id", "=", summit.id)
      .executeTakeFirstOrThrow();
    expect(setup.closed_at).not.toBeNull();
    expect(await recountVoting(db, summit.id)).toMatchObject({ holds: true, ballots: 1 });
    expect((await recountVoting(db, summit.id))?.frozen?.ranking[0]).toMatchObject({ item: 2, place: 1 });
    const late = await castBallot(db, {
      summitId: summit.id,
      voterId: attendees[1]!.id,
      input: ranks([1]),
      config: MAIL_CONFIG,
      now: NOW,
    });
    expect(late).toMatchObject({ ok: false, status: 409 });
  });

  it("fixes its method once voting opens, and checks the method's numbers", async () => {
    const { db } = use();
    const { summit, organizer } = await votingSummit(db, 1);
    const attempt = (method: VotingMethod, closesAt: Date | null = null) =>
      setUpVoting(db, { summitId: summit.id, actorId: organizer.id, method, secret: false, closesAt, now: NOW });
    expect(await attempt({ kind: "dots", budget: 5, maxPerItem: 6 })).toMatchObject({ ok: false, status: 422 });
    expect(await attempt({ kind: "ranked" }, later(-1))).toMatchObject({ ok: false, status: 422 });
    expect(await attempt({ kind: "approval", maxApprovals: 0 })).toMatchObject({
      ok: false,
      status: 422,
      message: "The number of approvals must be a whole number, 1 or more.",
    });
    expect(await attempt({ kind: "approval", maxApprovals: 2 })).toMatchObject({ ok: true });
    await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW });
    expect(await attempt({ kind: "ranked" })).toMatchObject({ ok: false, status: 409 });
  });

  it("keeps the roll frozen until an organizer updates it, and records who the update changed (R19)", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 10);
    expect(
      (await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW })).ok,
    ).toBe(true);
    const [leaves, votesThenLeaves] = attendees;
    expect(
      (
        await castBallot(db, {
          summitId: summit.id,
          voterId: votesThenLeaves!.id,
          input: ranks([2, 1]),
          config: MAIL_CONFIG,
          now: NOW,
        })
      ).ok,
    ).toBe(true);
    const leave = (userId: string) =>
      db
        .updateTable("invitation")
        .set({ status: "revoked" })
        .where("summit_id", "=", summit.id)
        .where("user_id", "=", userId)
        .execute();
    await leave(leaves!.id);
    await leave(votesThenLeaves!.id);
    const newcomer = await addVoter(db, summit.id, "Late Comer");

    // Without an update the roll is as it was at the open: the newcomer is refused, the leaver is not.
    const early = await castBallot(db, {
      summitId: summit.id,
      voterId: newcomer.id,
      input: ranks([1]),
      config: MAIL_CONFIG,
      now: later(1),
    });
    expect(early).toMatchObject({ ok: false, status: 403 });
    expect(await countRoll(db, summit.id)).toBe(10);
    const organizerStanding: Standing = { ...VISITOR, userId: organizer.id, isOrganizer: true };
    const before = await getVotePage(db, { summit, standing: organizerStanding, config: MAIL_CONFIG, now: later(1) });
    if (!before.ok) throw new Error(before.message);
    expect(before.value.rollChanges).toEqual({
      joined: ["Late Comer"],
      leftUnvoted: [leaves!.displayName],
      leftVoted: [votesThenLeaves!.displayName],
    });

    const updated = await updateRoll(db, { summitId: summit.id, actorId: organizer.id, now: later(2) });
    expect(updated).toEqual({ ok: true, value: { added: 1, removed: 1, kept: 1 } });
    expect(await countRoll(db, summit.id)).toBe(10);
    const audit = await db
      .selectFrom("audit_log")
      .select(["actor_id", "detail"])
      .where("summit_id", "=", summit.id)
      .where("action", "=", "vote.roll_updated")
      .execute();
    expect(audit).toEqual([
      {
        actor_id: organizer.id,
        detail: { added: ["Late Comer"], removed: [leaves!.displayName], kept: [votesThenLeaves!.displayName] },
      },
    ]);
    expect(
      (
        await castBallot(db, {
          summitId: summit.id,
          voterId: newcomer.id,
          input: ranks([1]),
          config: MAIL_CONFIG,
          now: later(3),
        })
      ).ok,
    ).toBe(true);
    const gone = await castBallot(db, {
      summitId: summit.id,
      voterId: leaves!.id,
      input: ranks([1]),
      config: MAIL_CONFIG,
      now: later(3),
    });
    expect(gone).toMatchObject({ ok: false, status: 403 });
    // Nothing more to change: a second update is refused and records nothing.
    const again = await updateRoll(db, { summitId: summit.id, actorId: organizer.id, now: later(4) });
    expect(again).toMatchObject({ ok: false, status: 409 });

    const closed = await closeVoting(db, {
      summitId: summit.id,
      actorId: organizer.id,
      config: MAIL_CONFIG,
      now: later(5),
    });
    expect(closed.ok && closed.value.ballots).toBe(2);
    const recount = await recountVoting(db, summit.id);
    expect(recount).toMatchObject({ holds: true, voted: 2, ballots: 2 });
    const afterClose = await updateRoll(db, { summitId: summit.id, actorId: organizer.id, now: later(6) });
    expect(afterClose).toMatchObject({ ok: false, status: 409 });
    expect(
      await db
        .selectFrom("audit_log")
        .select("id")
        .where("summit_id", "=", summit.id)
        .where("action", "=", "vote.roll_updated")
        .execute(),
    ).toHaveLength(1);
  });

  it("announces the open and the close to each person on the roll, once, in plain text", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await votingSummit(db, 3);
    const outbox = () =>
      db
        .selectFrom("outbox")
        .select(["recipient", "subject", "body"])
        .where("dedupe_key", "like", `vote:${summit.id}:%`)
        .orderBy("recipient")
        .execute();
    await setUp(db, summit.id, organizer.id, { kind: "approval", maxApprovals: 2 }, false, later(60));
    expect(
      (await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW })).ok,
    ).toBe(true);
    const opened = await outbox();
    expect(opened.map((m) => m.recipient)).toEqual(attendees.map((a) => a.email).sort());
    expect(new Set(opened.map((m) => m.subject))).toEqual(new Set([`${summit.title}: voting is open`]));
    expect(opened[0]!.body).toContain("Voting closes at 2017-10-20 11:00 UTC.");
    expect(opened[0]!.body).toContain(`${MAIL_CONFIG.APP_ORIGIN}/summits/${summit.slug}/vote`);
    await castBallot(db, {
      summitId: summit.id,
      voterId: attendees[0]!.id,
      input: { kind: "approval", approved: [2] },
      config: MAIL_CONFIG,
      now: NOW,
    });

    // The deadline closes it on the next request; asking again sends nothing more.
    expect(await closeVotingIfDue(db, { summitId: summit.id, config: MAIL_CONFIG, now: later(61) })).toBe(true);
    await closeVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: later(62) });
    const all = await outbox();
    const closed = all.filter((m) => m.subject.endsWith("closed"));
    expect(closed).toHaveLength(3);
    expect(all).toHaveLength(6);
    expect(closed[0]!.body.replace(/\s+/g, " ")).toContain("is closed: 1 of 3 on the roll voted.");
    expect(closed[0]!.body).toContain(" * 1. Item 2 (item 2)");
  });

  it("refuses on the pages what the forms get wrong, saying why, and writes nothing", async () => {
    const t = use();
    const { summit, organizer, attendees } = await votingSummit(t.db, 1);
    const asOrganizer = makeContext(t.db, t.kind, { ...organizer, isAdmin: false });
    const setUpPost = (fields: Array<[string, string]>) =>
      callRoute(votingRoute, "action", {
        request: postRequest(`/summits/${summit.slug}/voting`, [["intent", "set-up"], ...fields]),
        params: { slug: summit.slug },
        context: asOrganizer,
      });
    const missingK = await setUpPost([["method", "approval"]]);
    expect(missingK.status).toBe(400);
    expect(missingK.body).toContain("Say how many items each voter may approve.");
    const badClose = await setUpPost([
      ["method", "ranked"],
      ["closesAt", "tomorrow"],
    ]);
    expect(badClose.status).toBe(400);
    expect(badClose.body).toContain("YYYY-MM-DDTHH:MM");
    expect(
      await t.db.selectFrom("vote_setup").select("summit_id").where("summit_id", "=", summit.id).execute(),
    ).toEqual([]);
    // A ballot for a vote that has not opened is refused by the service, what was entered kept.
    const early = await callRoute(voteRoute, "action", {
      request: postRequest(`/summits/${summit.slug}/vote`, [
        ["intent", "cast"],
        ["rank-1", "1"],
      ]),
      params: { slug: summit.slug },
      context: makeContext(t.db, t.kind, attendees[0]!),
    });
    expect(early.status).toBe(409);
    expect(JSON.parse(early.body)).toEqual({
      message: "Voting has not opened on this summit yet.",
      values: { "rank-1": "1" },
    });
  });
});
