// Decision polls on both databases: opened only on accepted decision and
// consensus items in the polling phases, the roll frozen at the open, named
// answers replaced whole (history kept, one current per person even when many
// arrive at once), secret answers sealed and unlinked, a block always with its
// reason, the close idempotent and recounted, and the result recorded as the
// item's tentative decision (issue 10 §8; R17, R19–R23).
import { sql, type Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { VISITOR, type Standing } from "../../app/domain/summit/standing";
import type { PollAnswer } from "../../app/domain/voting/decision-poll";
import {
  answerPoll,
  closePoll,
  getPollPage,
  openPoll,
  recordTentativeDecision,
  recountPoll,
} from "../../app/services/voting/poll.server";
import { movePhase } from "../../app/services/summits/commands.server";
import { addVoter, summitInVoting } from "../helpers/factories/voting";
import { makeUser } from "../helpers/factories/eligibility";
import { MAIL_CONFIG } from "../helpers/factories/agenda";
import { callRoute, makeContext, postRequest } from "../helpers/route-harness";
import * as pollRoute from "../../app/routes/summits.$slug.items.$number_.poll";
import { describeEachDatabase } from "../helpers/test-db";

const NOW = new Date("2017-10-24T10:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const PROPOSAL = "Agree that deprecated features may be removed after two releases.";

async function pollSummit(db: Kysely<Database>, voters: number) {
  const made = await summitInVoting(db, { voters, items: 3 });
  // Item 3 seeks information: it is never put to a poll.
  await db
    .updateTable("agenda_item")
    .set({ outcome_kind: "information" })
    .where("summit_id", "=", made.summit.id)
    .where("number", "=", 3)
    .execute();
  return made;
}

async function open(db: Kysely<Database>, summitId: string, actorId: string, secret = false, number = 1) {
  const opened = await openPoll(db, { summitId, number, actorId, proposal: PROPOSAL, secret, now: NOW });
  expect(opened.ok, JSON.stringify(opened)).toBe(true);
  return opened;
}

const answer = (
  db: Kysely<Database>,
  summitId: string,
  voterId: string,
  value: PollAnswer,
  reason = "",
  now = later(1),
) => answerPoll(db, { summitId, number: 1, voterId, input: { answer: value, reason }, now });

async function pollRows(db: Kysely<Database>, summitId: string) {
  const polls = await db.selectFrom("decision_poll").selectAll().where("summit_id", "=", summitId).execute();
  const ids = polls.length > 0 ? polls.map((p) => p.id) : ["00000000-0000-0000-0000-000000000000"];
  const [named, secret, roll, decisions] = await Promise.all([
    db.selectFrom("poll_answer").selectAll().where("poll_id", "in", ids).execute(),
    db.selectFrom("secret_poll_answer").selectAll().where("poll_id", "in", ids).execute(),
    db.selectFrom("poll_roll").selectAll().where("poll_id", "in", ids).execute(),
    db.selectFrom("tentative_decision").selectAll().where("poll_id", "in", ids).execute(),
  ]);
  return { polls, named, secret, roll, decisions };
}

const standingOf = (userId: string, facts: Partial<Standing>): Standing => ({ ...VISITOR, userId, ...facts });

describeEachDatabase("decision polls", (use) => {
  it("opens only on an accepted decision or consensus item, in the polling phases, once; a refusal writes nothing", async () => {
    const { db } = use();
    const { summit, organizer } = await pollSummit(db, 3);
    const tryOpen = (number: number) =>
      openPoll(db, { summitId: summit.id, number, actorId: organizer.id, proposal: PROPOSAL, secret: false, now: NOW });
    expect(await tryOpen(3)).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("Only items that seek a decision or a consensus check"),
    });
    await db.updateTable("agenda_item").set({ status: "declined" }).where("number", "=", 2).execute();
    expect(await tryOpen(2)).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("accepted") });
    expect(await tryOpen(9)).toMatchObject({ ok: false, status: 404 });
    await db.updateTable("summit").set({ phase: "proposals" }).where("id", "=", summit.id).execute();
    expect(await tryOpen(1)).toMatchObject({
      ok: false,
      status: 409,
      message:
        "Decision polls are held only in the voting or agenda or in session phase; QEMU Summit 2017 is in its proposals phase.",
    });
    expect(await pollRows(db, summit.id)).toMatchObject({ polls: [], roll: [] });
    await db.updateTable("summit").set({ phase: "agenda" }).where("id", "=", summit.id).execute();
    expect(await tryOpen(1)).toEqual({ ok: true, value: { roll: 3 } });
    expect(await tryOpen(1)).toMatchObject({ ok: false, status: 409, message: "This item's poll is open already." });
    expect((await pollRows(db, summit.id)).polls).toHaveLength(1);
  });

  it("freezes the roll at the open: a later attendee is refused with 403, and X of N counts the roll", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await pollSummit(db, 3);
    await open(db, summit.id, organizer.id);
    const latecomer = await addVoter(db, summit.id, "Late Comer");
    expect(await answer(db, summit.id, latecomer.id, "agree")).toMatchObject({ ok: false, status: 403 });
    expect(await answer(db, summit.id, attendees[0]!.id, "agree")).toMatchObject({ ok: true });
    const page = await getPollPage(db, {
      summit,
      standing: standingOf(attendees[1]!.id, { isAttendee: true }),
      number: 1,
    });
    if (!page.ok) throw new Error(page.message);
    expect(page.value.turnout).toEqual({ answered: 1, roll: 3 });
    // Before the close an attendee sees how many answered, nothing more.
    expect(page.value.result).toBeNull();
    expect(page.value.answersByName).toBeNull();
  });

  it("keeps the last named answer, its history, and refuses a block without a reason and any answer after the close", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await pollSummit(db, 3);
    await open(db, summit.id, organizer.id);
    const [ada, bob, cy] = attendees as [(typeof attendees)[0], (typeof attendees)[0], (typeof attendees)[0]];
    expect(await answer(db, summit.id, ada.id, "agree")).toEqual({
      ok: true,
      value: { replaced: false, secret: false },
    });
    expect(await answer(db, summit.id, ada.id, "disagree", "Too soon.")).toMatchObject({ value: { replaced: true } });
    const before = await pollRows(db, summit.id);
    expect(await answer(db, summit.id, ada.id, "block", "   ")).toEqual({
      ok: false,
      status: 422,
      message: "A block stops consensus, so it must say why: give your reason.",
    });
    expect(await pollRows(db, summit.id)).toEqual(before);
    expect(await answer(db, summit.id, ada.id, "block", "  It breaks every downstream user.  ")).toMatchObject({
      ok: true,
    });
    expect(await answer(db, summit.id, bob.id, "agree")).toMatchObject({ ok: true });
    expect(await answer(db, summit.id, cy.id, "abstain", "No view.")).toMatchObject({ ok: true });
    const rows = (await pollRows(db, summit.id)).named.filter((r) => r.voter_id === ada.id);
    expect(rows.map((r) => r.answer).sort()).toEqual(["agree", "block", "disagree"]);
    expect(rows.filter((r) => r.is_current).map((r) => [r.answer, r.reason])).toEqual([
      ["block", "It breaks every downstream user."],
    ]);
    // The history cannot be rewritten.
    await expect(sql`update poll_answer set answer = 'agree'`.execute(db)).rejects.toThrow(/keeps its history/);
    await expect(sql`delete from poll_answer`.execute(db)).rejects.toThrow(/keeps its history/);

    const closed = await closePoll(db, { summitId: summit.id, number: 1, actorId: organizer.id, now: later(10) });
    if (!closed.ok) throw new Error(closed.message);
    expect(closed.value).toMatchObject({
      counts: { agree: 1, abstain: 1, disagree: 0, block: 1 },
      answers: 3,
      verdict: "blocked",
      reasons: [
        { answer: "block", reason: "It breaks every downstream user.", name: ada.displayName },
        { answer: "abstain", reason: "No view.", name: cy.displayName },
      ],
    });
    // Closing again changes nothing and gives the same count; an answer after it is refused.
    for (let i = 0; i < 3; i++) {
      expect(
        await closePoll(db, { summitId: summit.id, number: 1, actorId: organizer.id, now: later(20 + i) }),
      ).toEqual(closed);
    }
    expect(await answer(db, summit.id, bob.id, "disagree", "", later(30))).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("This poll is closed"),
    });
    expect(await recountPoll(db, { summitId: summit.id, number: 1 })).toMatchObject({ holds: true, answered: 3 });
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("summit_id", "=", summit.id)
      .where("action", "like", "poll.%")
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "poll.answered",
      "poll.answered",
      "poll.answered",
      "poll.answered",
      "poll.answered",
      "poll.closed",
      "poll.opened",
    ]);
    // Tampering shows: a current answer removed behind the service's back breaks the recount.
    await sql`alter table poll_answer disable trigger poll_answer_no_change`.execute(db);
    await sql`delete from poll_answer where voter_id = ${bob.id}`.execute(db);
    await sql`alter table poll_answer enable trigger poll_answer_no_change`.execute(db);
    expect(await recountPoll(db, { summitId: summit.id, number: 1 })).toMatchObject({ holds: false });
  });

  it("keeps exactly one current, whole answer per person when 60 people answer at once, several times each", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await pollSummit(db, 60);
    await open(db, summit.id, organizer.id);
    const cycle: Array<[PollAnswer, string]> = [
      ["agree", ""],
      ["block", "Breaks the ABI."],
      ["disagree", "Not yet."],
      ["abstain", ""],
    ];
    const people = attendees.map(async (person, p) => {
      let last: [PollAnswer, string] | null = null;
      for (let round = 0; round < 3; round++) {
        const given = cycle[(p + round) % cycle.length]!;
        const result = await answer(db, summit.id, person.id, given[0], given[1]);
        expect(result.ok, JSON.stringify(result)).toBe(true);
        last = given;
      }
      return [person.id, last!] as const;
    });
    // One person sends four at once: exactly one ends current, whole.
    const racing = attendees[0]!;
    const raced = await Promise.all(cycle.map(([a, r]) => answer(db, summit.id, racing.id, a, r)));
    expect(raced.every((r) => r.ok)).toBe(true);
    const expected = new Map(await Promise.all(people));
    const current = (await pollRows(db, summit.id)).named.filter((r) => r.is_current);
    expect(current).toHaveLength(60);
    for (const row of current) {
      const pair: [string, string] = [row.answer, row.reason ?? ""];
      if (row.voter_id === racing.id) expect(cycle).toContainEqual(pair);
      else expect(pair).toEqual(expected.get(row.voter_id));
    }
    const closed = await closePoll(db, { summitId: summit.id, number: 1, actorId: organizer.id, now: later(30) });
    expect(closed).toMatchObject({ ok: true, value: { answers: 60 } });
    expect(await recountPoll(db, { summitId: summit.id, number: 1 })).toMatchObject({ holds: true, answered: 60 });
  });

  it("seals secret answers: once each, no person, no time, no audit entry, and counts hidden below five", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await pollSummit(db, 4);
    await open(db, summit.id, organizer.id, true);
    expect(await answer(db, summit.id, attendees[0]!.id, "block", "Not with this ABI.")).toEqual({
      ok: true,
      value: { replaced: false, secret: true },
    });
    expect(await answer(db, summit.id, attendees[0]!.id, "agree")).toMatchObject({
      ok: false,
      status: 409,
      message: "Your secret answer is given already: nothing links it to you, so it cannot be changed.",
    });
    await answer(db, summit.id, attendees[1]!.id, "agree");
    const columns = await sql<{
      column_name: string;
    }>`select column_name from information_schema.columns where table_name = 'secret_poll_answer'`.execute(db);
    expect(columns.rows.map((c) => c.column_name).sort()).toEqual(["answer", "id", "poll_id", "reason"]);
    await expect(sql`update secret_poll_answer set answer = 'agree'`.execute(db)).rejects.toThrow(/sealed/);
    await expect(sql`delete from secret_poll_answer`.execute(db)).rejects.toThrow(/sealed/);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("summit_id", "=", summit.id)
      .where("action", "=", "poll.answered")
      .execute();
    expect(audit).toEqual([]);
    await closePoll(db, { summitId: summit.id, number: 1, actorId: organizer.id, now: later(5) });
    const page = await getPollPage(db, {
      summit,
      standing: standingOf(attendees[2]!.id, { isAttendee: true }),
      number: 1,
    });
    if (!page.ok) throw new Error(page.message);
    expect(page.value.result).toMatchObject({ verdict: "blocked", counts: null, answers: 2 });
    expect(page.value.result?.reasons).toEqual([{ answer: "block", reason: "Not with this ABI.", name: null }]);
    expect(page.value.answersByName).toBeNull();
    expect(JSON.stringify(page.value)).not.toContain(attendees[0]!.displayName);
  });

  it("shows results after the close to the summit's people (names on an open poll), running counts before it to organizers only", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await pollSummit(db, 2);
    await open(db, summit.id, organizer.id);
    await answer(db, summit.id, attendees[0]!.id, "agree");
    await answer(db, summit.id, attendees[1]!.id, "disagree", "Needs a migration plan.");
    const asOrganizer = standingOf(organizer.id, { isOrganizer: true });
    const running = await getPollPage(db, { summit, standing: asOrganizer, number: 1 });
    expect(running).toMatchObject({
      ok: true,
      value: { state: "open", result: { final: false, counts: { agree: 1, disagree: 1 } }, suggestion: null },
    });
    expect(await getPollPage(db, { summit, standing: VISITOR, number: 1 })).toMatchObject({ ok: false, status: 403 });
    await closePoll(db, { summitId: summit.id, number: 1, actorId: organizer.id, now: later(5) });
    const after = await getPollPage(db, {
      summit,
      standing: standingOf(attendees[0]!.id, { isAttendee: true }),
      number: 1,
    });
    if (!after.ok) throw new Error(after.message);
    expect(after.value.result).toMatchObject({ final: true, verdict: "not-agreed", counts: { agree: 1, disagree: 1 } });
    expect(after.value.answersByName).toEqual([
      { name: attendees[0]!.displayName, answer: "agree" },
      { name: attendees[1]!.displayName, answer: "disagree" },
    ]);
    expect(after.value.suggestion).toBeNull();
    const forOrganizer = await getPollPage(db, { summit, standing: asOrganizer, number: 1 });
    expect(forOrganizer).toMatchObject({
      ok: true,
      value: { suggestion: `Not agreed (poll: 1 agree, 0 abstain, 1 disagree, 0 block): ${PROPOSAL}` },
    });
  });

  it("records a closed poll's result as the item's tentative decision, and refuses while the poll is open", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await pollSummit(db, 2);
    await open(db, summit.id, organizer.id);
    await answer(db, summit.id, attendees[0]!.id, "agree");
    const record = (text: string) =>
      recordTentativeDecision(db, { summitId: summit.id, number: 1, actorId: organizer.id, text, now: later(9) });
    expect(await record("Agreed.")).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining("still open"),
    });
    expect((await pollRows(db, summit.id)).decisions).toEqual([]);
    await closePoll(db, { summitId: summit.id, number: 1, actorId: organizer.id, now: later(5) });
    expect(await record("Agreed: deprecated features go after two releases.")).toEqual({
      ok: true,
      value: { replaced: false },
    });
    expect(await record("Agreed, with a note in the changelog.")).toEqual({ ok: true, value: { replaced: true } });
    const page = await getPollPage(db, {
      summit,
      standing: standingOf(attendees[1]!.id, { isAttendee: true }),
      number: 1,
    });
    expect(page).toMatchObject({
      ok: true,
      value: { decision: { text: "Agreed, with a note in the changelog.", recordedBy: organizer.displayName } },
    });
  });

  it("closes open polls, count frozen, when the summit moves to a phase that holds none", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await pollSummit(db, 2);
    await db.updateTable("summit").set({ phase: "in_session" }).where("id", "=", summit.id).execute();
    await open(db, summit.id, organizer.id);
    await answer(db, summit.id, attendees[0]!.id, "agree");
    const moved = await movePhase(db, {
      actor: { id: organizer.id, isAdmin: false },
      slug: summit.slug,
      input: { from: "in_session", to: "minutes_draft" },
      config: MAIL_CONFIG,
    });
    expect(moved.ok, JSON.stringify(moved)).toBe(true);
    const [poll] = (await pollRows(db, summit.id)).polls;
    expect(poll?.closed_at).not.toBeNull();
    expect(poll?.result).toMatchObject({ answers: 1, verdict: "agreed" });
    expect(await recountPoll(db, { summitId: summit.id, number: 1 })).toMatchObject({ holds: true });
  });

  it("refuses on the page what a role may not do and what a form gets wrong, keeping what was typed", async () => {
    const t = use();
    const { summit, organizer, attendees } = await pollSummit(t.db, 2);
    const post = (user: { id: string; email: string; displayName: string }, fields: Array<[string, string]>) =>
      callRoute(pollRoute, "action", {
        request: postRequest(`/summits/${summit.slug}/items/1/poll`, fields),
        params: { slug: summit.slug, number: "1" },
        context: makeContext(t.db, t.kind, { ...user, isAdmin: false } as never),
      });
    const attendeeOpens = await post(attendees[0]!, [
      ["intent", "open"],
      ["proposal", PROPOSAL],
    ]);
    expect(attendeeOpens.status).toBe(403);
    const outsider = await makeUser(t.db, "Out Sider");
    expect(
      (
        await post(outsider, [
          ["intent", "answer"],
          ["answer", "agree"],
        ])
      ).status,
    ).toBe(403);
    expect((await pollRows(t.db, summit.id)).polls).toEqual([]);
    const opened = await post(organizer, [
      ["intent", "open"],
      ["proposal", PROPOSAL],
    ]);
    expect(opened.status).toBe(302);
    const blockWithout = await post(attendees[0]!, [
      ["intent", "answer"],
      ["answer", "block"],
      ["reason", ""],
    ]);
    expect(blockWithout.status).toBe(422);
    expect(JSON.parse(blockWithout.body)).toEqual({
      intent: "answer",
      message: "A block stops consensus, so it must say why: give your reason.",
      values: { answer: "block", reason: "" },
    });
    const strange = await post(attendees[0]!, [
      ["intent", "answer"],
      ["answer", "veto"],
    ]);
    expect(strange.status).toBe(400);
    expect(JSON.parse(strange.body).message).toBe("Choose agree, abstain, disagree or block.");
    expect((await pollRows(t.db, summit.id)).named).toEqual([]);
  });
});
