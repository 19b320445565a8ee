// The day built from the vote, on both databases: the summit's days set on
// Manage, the agenda placed in the vote's order with its overflow, pins,
// swaps and their refusals, publication (mailed once to the roll) and the
// calendar file, read back by a separate iCalendar parser.
import ICAL from "ical.js";
import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { VISITOR, type Standing } from "../../app/domain/summit/standing";
import { clock } from "../../app/domain/agenda/day-schedule";
import { zonedInstant } from "../../app/domain/summit/zoned-time";
import {
  getAgendaCalendar,
  getDayPlan,
  getPublishedAgenda,
  pinItem,
  publishAgenda,
  swapItems,
  unpinItem,
} from "../../app/services/agenda/day.server";
import { setSummitDays } from "../../app/services/summits/commands.server";
import { castBallot, closeVoting, openVoting } from "../../app/services/voting/commands.server";
import { MAIL_CONFIG } from "../helpers/factories/agenda";
import { summitInVoting } from "../helpers/factories/voting";
import { describeEachDatabase } from "../helpers/test-db";

const NOW = new Date("2017-10-20T10:00:00Z");
const DAY = "2017-10-26";
// Free time 13:00–13:40 and 14:00–14:30 around the coffee break: room for three 20-minute items.
const DAYS_TEXT = `${DAY} 13:00-14:30\n  break 13:40-14:00 Coffee`;

const standing = (userId: string | null, roles: Partial<Standing> = {}): Standing => ({ ...VISITOR, userId, ...roles });

/** A summit whose vote closed with the order 3, 1, 2, 5, 4, moved on to its agenda phase. */
async function summitAfterTheVote(db: Kysely<Database>) {
  const made = await summitInVoting(db, { voters: 3, items: 5 });
  const { summit, organizer, attendees } = made;
  const args = { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW };
  expect((await openVoting(db, args)).ok).toBe(true);
  for (const voter of attendees) {
    const ranks = new Map([3, 1, 2, 5, 4].map((item, i) => [item, i + 1]));
    const cast = await castBallot(db, {
      summitId: summit.id,
      voterId: voter.id,
      input: { kind: "ranked", ranks },
      config: MAIL_CONFIG,
      now: NOW,
    });
    expect(cast.ok).toBe(true);
  }
  expect((await closeVoting(db, args)).ok).toBe(true);
  await db.updateTable("summit").set({ phase: "agenda" }).where("id", "=", summit.id).execute();
  return { ...made, summit: { ...summit, phase: "agenda" as const } };
}

describeEachDatabase("the day", (use) => {
  it("is built in the vote's order into the summit's days, the rest to the list, and adjusted by pins and swaps", async () => {
    const { db } = use();
    const { summit, organizer } = await summitAfterTheVote(db);
    const waiting = await getDayPlan(db, summit);
    expect(waiting.waitingFor).toBe("Describe the summit's days on Manage first.");

    const set = await setSummitDays(db, { actor: organizer, slug: summit.slug, input: { days: DAYS_TEXT } });
    expect(set).toEqual({ ok: true, value: { days: 1 } });
    const plan = await getDayPlan(db, summit);
    expect(plan.schedule?.slots.map((s) => [s.item, s.start])).toEqual([
      [3, 13 * 60],
      [1, 13 * 60 + 20],
      [2, 14 * 60],
    ]);
    expect(plan.schedule?.overflow).toEqual([5, 4]);

    const by = { summitId: summit.id, actorId: organizer.id };
    // 14:20 + 20 minutes runs past the end of the day: refused with the reason, nothing pinned.
    const late = await pinItem(db, { ...by, item: 5, date: DAY, time: "14:20" });
    expect(late).toMatchObject({ ok: false, status: 409 });
    expect(!late.ok && late.message).toContain("cannot be pinned at 2017-10-26 14:20");
    expect((await pinItem(db, { ...by, item: 9, date: DAY, time: "13:00" })).ok).toBe(false);
    expect((await pinItem(db, { ...by, item: 2, date: "2017-10-27", time: "13:00" })).ok).toBe(false);
    expect(await db.selectFrom("agenda_pin").selectAll().where("summit_id", "=", summit.id).execute()).toEqual([]);

    expect(await pinItem(db, { ...by, item: 2, date: DAY, time: "13:00" })).toEqual({
      ok: true,
      value: { item: 2, date: DAY, start: 13 * 60 },
    });
    const pinned = await getDayPlan(db, summit);
    expect(pinned.schedule?.slots.map((s) => [s.item, s.start, s.pinned])).toEqual([
      [2, 13 * 60, true],
      [3, 13 * 60 + 20, false],
      [1, 14 * 60, false],
    ]);

    expect((await swapItems(db, { ...by, item: 3, with: 1 })).ok).toBe(true);
    const swapped = await getDayPlan(db, summit);
    expect(swapped.schedule?.slots.map((s) => s.item)).toEqual([2, 1, 3]);
    expect((await swapItems(db, { ...by, item: 3, with: 5 })).ok).toBe(false); // 5 has no time on the day

    // New hours that leave out a pinned time are refused until the item is unpinned.
    const stranding = await setSummitDays(db, {
      actor: organizer,
      slug: summit.slug,
      input: { days: `${DAY} 14:00-18:00` },
    });
    expect(stranding).toMatchObject({ ok: false, status: 409 });
    for (const item of [1, 2, 3]) expect((await unpinItem(db, { ...by, item })).ok).toBe(true);
    expect(await unpinItem(db, { ...by, item: 1 })).toMatchObject({ ok: false, status: 409 });
    expect((await getDayPlan(db, summit)).schedule?.slots.map((s) => s.item)).toEqual([3, 1, 2]);

    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("summit_id", "=", summit.id)
      .where("action", "like", "agenda.%")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "agenda.days_set",
      "agenda.item_pinned",
      "agenda.items_swapped",
      "agenda.item_unpinned",
      "agenda.item_unpinned",
      "agenda.item_unpinned",
    ]);
  });

  it("is refused outside the agenda phases and before the vote has closed, changing nothing", async () => {
    const { db } = use();
    const { summit, organizer } = await summitInVoting(db, { voters: 1, items: 2 });
    await setSummitDays(db, { actor: organizer, slug: summit.slug, input: { days: DAYS_TEXT } });
    const by = { summitId: summit.id, actorId: organizer.id };
    const early = await pinItem(db, { ...by, item: 1, date: DAY, time: "13:00" });
    expect(early).toMatchObject({ ok: false, status: 409 });
    expect(!early.ok && early.message).toContain("The day is built only in the agenda or in session phase");
    await db.updateTable("summit").set({ phase: "agenda" }).where("id", "=", summit.id).execute();
    const noVote = await publishAgenda(db, { ...by, config: MAIL_CONFIG, now: NOW });
    expect(noVote).toEqual({ ok: false, status: 409, message: "The day is built from the vote: close voting first." });
    expect(await db.selectFrom("agenda_publication").selectAll().where("summit_id", "=", summit.id).execute()).toEqual(
      [],
    );
    const badDays = await setSummitDays(db, {
      actor: organizer,
      slug: summit.slug,
      input: { days: `${DAY} 18:00-13:00` },
    });
    expect(badDays).toMatchObject({ ok: false, status: 400 });
  });

  it("is published to the summit page, mailed once to each person on the roll, and downloads as iCalendar", async () => {
    const { db } = use();
    const { summit, organizer, attendees } = await summitAfterTheVote(db);
    await setSummitDays(db, { actor: organizer, slug: summit.slug, input: { days: DAYS_TEXT } });
    const attendee = standing(attendees[0]!.id, { isAttendee: true });
    expect(await getPublishedAgenda(db, { summit, standing: attendee })).toEqual({ ok: true, value: null });
    const published = await publishAgenda(db, {
      summitId: summit.id,
      actorId: organizer.id,
      config: MAIL_CONFIG,
      now: NOW,
    });
    expect(published).toEqual({ ok: true, value: { slots: 3, overflow: 2 } });

    const agenda = await getPublishedAgenda(db, { summit, standing: attendee });
    if (!agenda.ok || !agenda.value) throw new Error("no published agenda");
    expect(agenda.value.slots.map((s) => [s.number, clock(s.start), clock(s.end), s.title])).toEqual([
      [3, "13:00", "13:20", "Item 3"],
      [1, "13:20", "13:40", "Item 1"],
      [2, "14:00", "14:20", "Item 2"],
    ]);
    expect(agenda.value.overflow.map((o) => o.number)).toEqual([5, 4]);
    // The publication is what was mailed: a title changed afterwards waits for the next one.
    await db.updateTable("agenda_item").set({ title: "Renamed" }).where("summit_id", "=", summit.id).execute();
    const again = await getPublishedAgenda(db, { summit, standing: attendee });
    expect(again.ok && again.value?.slots[0]?.title).toBe("Item 3");
    expect(agenda.value.breaks).toEqual([{ date: DAY, start: 13 * 60 + 40, end: 14 * 60, label: "Coffee" }]);
    // A visitor of a summit that is not public sees none of it.
    expect(await getPublishedAgenda(db, { summit, standing: standing(null) })).toMatchObject({
      ok: false,
      status: 403,
    });

    const mails = await db
      .selectFrom("outbox")
      .select(["recipient", "subject", "body"])
      .where("dedupe_key", "like", `agenda:${summit.id}:%`)
      .execute();
    expect(mails.map((m) => m.recipient).sort()).toEqual(attendees.map((a) => a.email).sort());
    expect(mails[0]!.subject).toBe(`${summit.title}: the agenda`);
    expect(mails[0]!.body).toContain("  13:40-14:00  Coffee");
    expect(mails[0]!.body.replace(/\s+/g, " ")).toContain("Times are in Europe/Prague.");

    const calendar = await getAgendaCalendar(db, {
      summit,
      standing: attendee,
      origin: MAIL_CONFIG.APP_ORIGIN,
      now: NOW,
    });
    if (!calendar.ok) throw new Error(calendar.message);
    const events = new ICAL.Component(ICAL.parse(calendar.value.text))
      .getAllSubcomponents("vevent")
      .map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(["3. Item 3", "1. Item 1", "2. Item 2"]);
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe(
      zonedInstant(DAY, 13 * 60, "Europe/Prague").toISOString(),
    );
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe("2017-10-26T11:00:00.000Z");
    expect(events[0]!.description).toContain("Desired outcome: A decision on the matter.");
  });
});
