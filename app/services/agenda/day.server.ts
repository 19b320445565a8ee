import type { Kysely } from "kysely";
import {
  getPublication,
  listItemsForDay,
  listPins,
  listSummitDays,
  removePin,
  savePins,
  savePublication,
  type AgendaItemForDay,
  type DayRow,
  type PinRow,
  type Publication,
  type PublishedSlot,
} from "~db/queries/agenda-day";
import { recordAudit } from "~db/queries/audit";
import { getVoteSetup, listRollRecipients } from "~db/queries/voting";
import type { Database, Summit } from "~db/schema";
import { agendaMail } from "~/domain/agenda/agenda-mail";
import { buildSchedule, clock, parseClock, type Schedule } from "~/domain/agenda/day-schedule";
import { agendaCalendar } from "~/domain/agenda/agenda-calendar";
import { phaseAllows, phaseRefusal } from "~/domain/summit/phase-policy";
import { seesPublishedAgenda, type Standing } from "~/domain/summit/standing";
import type { VoteResult } from "~/domain/voting/result";
import { enqueueMail, queueOptions, type MailConfig } from "../kernel/mail.server";
import { inTransaction, refuse, resultOf, type Result } from "../kernel/result.server";
import { lockSummitOrRefuse } from "../kernel/summit-lock.server";

/**
 * The day of a summit, built from the vote: the items in the order the
 * frozen result gives, placed into the summit's days around the items
 * organizers pinned; published, it is what the summit page and the calendar
 * file show. Every change is recorded in the summit's history.
 */

export interface DayPlan {
  days: DayRow[];
  pins: PinRow[];
  /** The vote's order, with what the agenda shows of each item. */
  ranking: Array<AgendaItemForDay & { place: number }>;
  /** Null until voting has closed; the problems when the pins no longer fit. */
  schedule: Schedule | null;
  problems: string[];
  publishedAt: string | null;
  /** Why nothing can be built yet, in words for the page. */
  waitingFor: string | null;
}

async function rankingOf(db: Kysely<Database>, summitId: string) {
  const setup = await getVoteSetup(db, summitId);
  const result = (setup?.closed_at ? setup.result : null) as VoteResult | null;
  if (!result) return null;
  const items = await listItemsForDay(db, { summitId, numbers: result.ranking.map((r) => r.item) });
  return result.ranking.flatMap((r) => {
    const item = items.get(r.item);
    return item ? [{ ...item, place: r.place }] : [];
  });
}

async function planOf(db: Kysely<Database>, summit: Summit, pinsOverride?: PinRow[]): Promise<DayPlan> {
  const [days, pins, ranking, publication] = await Promise.all([
    listSummitDays(db, summit.id),
    pinsOverride ? Promise.resolve(pinsOverride) : listPins(db, summit.id),
    rankingOf(db, summit.id),
    getPublication(db, summit.id),
  ]);
  const base = { days, pins, ranking: ranking ?? [], publishedAt: publication?.publishedAt.toISOString() ?? null };
  if (!ranking) {
    return { ...base, schedule: null, problems: [], waitingFor: "The day is built from the vote: close voting first." };
  }
  if (days.length === 0) {
    return { ...base, schedule: null, problems: [], waitingFor: "Describe the summit's days on Manage first." };
  }
  const built = buildSchedule(
    days,
    ranking.map((r) => ({ item: r.number, minutes: r.minutes })),
    pins,
  );
  return built.ok
    ? { ...base, schedule: built.schedule, problems: [], waitingFor: null }
    : { ...base, schedule: null, problems: built.problems, waitingFor: null };
}

export async function getDayPlan(db: Kysely<Database>, summit: Summit): Promise<DayPlan> {
  return planOf(db, summit);
}

/** Under the summit lock, in a phase that builds the day, with the vote closed and the days described. */
async function lockForBuilding(trx: Kysely<Database>, summitId: string): Promise<{ summit: Summit; plan: DayPlan }> {
  const summit = await lockSummitOrRefuse(trx, summitId);
  if (!phaseAllows(summit.phase, "buildAgenda")) refuse(409, phaseRefusal("buildAgenda", summit.phase, summit.title));
  const plan = await planOf(trx, summit);
  if (plan.waitingFor) refuse(409, plan.waitingFor);
  return { summit, plan };
}

function onAgenda(plan: DayPlan, item: number): void {
  if (!plan.ranking.some((r) => r.number === item)) refuse(422, `Item ${item} is not on this summit's agenda.`);
}

/** The pins as they would be; refused with the schedule's own reason when they do not fit. */
async function checkedPins(trx: Kysely<Database>, summit: Summit, pins: PinRow[]): Promise<void> {
  const plan = await planOf(trx, summit, pins);
  if (plan.problems.length > 0) refuse(409, plan.problems.join(" "));
}

/** Who changed the day of which summit: the part every entry of the day shares. */
function about(summit: Summit, actorId: string) {
  return { actorId, summitId: summit.id, objectType: "summit", objectId: summit.id };
}

/** Puts an item at a time of day on one of the summit's days; the others are placed around it. */
export async function pinItem(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; item: number; date: string; time: string },
): Promise<Result<PinRow>> {
  return inTransaction(db, async (trx) => {
    const { summit, plan } = await lockForBuilding(trx, args.summitId);
    onAgenda(plan, args.item);
    const start = parseClock(args.time);
    if (start === null) refuse(422, "Give the time as HH:MM, as 14:30.");
    if (!plan.days.some((d) => d.date === args.date)) {
      refuse(422, `${args.date} is not one of the summit's days: ${plan.days.map((d) => d.date).join(", ")}.`);
    }
    const pin = { item: args.item, date: args.date, start };
    await checkedPins(trx, summit, [...plan.pins.filter((p) => p.item !== args.item), pin]);
    await savePins(trx, { summitId: summit.id, pins: [pin] });
    await recordAudit(trx, {
      ...about(summit, args.actorId),
      action: "agenda.item_pinned",
      detail: {
        number: pin.item,
        at: `${pin.date} ${clock(start)}`,
      },
    });
    return pin;
  });
}

export async function unpinItem(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; item: number },
): Promise<Result<{ item: number }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    if (!phaseAllows(summit.phase, "buildAgenda")) refuse(409, phaseRefusal("buildAgenda", summit.phase, summit.title));
    if (!(await removePin(trx, { summitId: summit.id, item: args.item }))) {
      refuse(409, `Item ${args.item} is not pinned.`);
    }
    await recordAudit(trx, {
      ...about(summit, args.actorId),
      action: "agenda.item_unpinned",
      detail: { number: args.item },
    });
    return { item: args.item };
  });
}

/** Swaps the times of two placed items: each is pinned where the other was. */
export async function swapItems(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; item: number; with: number },
): Promise<Result<{ item: number; with: number }>> {
  return inTransaction(db, async (trx) => {
    const { summit, plan } = await lockForBuilding(trx, args.summitId);
    if (args.item === args.with) refuse(422, "Choose another item to swap with.");
    onAgenda(plan, args.item);
    onAgenda(plan, args.with);
    const slotOf = (item: number) => {
      const slot = plan.schedule?.slots.find((s) => s.item === item);
      if (!slot)
        refuse(409, `Item ${item} has no time on the day (it is to be taken to the list), so it cannot be swapped.`);
      return slot;
    };
    const a = slotOf(args.item);
    const b = slotOf(args.with);
    const swapped = [
      { item: a.item, date: b.date, start: b.start },
      { item: b.item, date: a.date, start: a.start },
    ];
    const others = plan.pins.filter((p) => p.item !== a.item && p.item !== b.item);
    await checkedPins(trx, summit, [...others, ...swapped]);
    await savePins(trx, { summitId: summit.id, pins: swapped });
    await recordAudit(trx, {
      ...about(summit, args.actorId),
      action: "agenda.items_swapped",
      detail: { number: a.item, with: b.item },
    });
    return { item: a.item, with: b.item };
  });
}

/**
 * Publishes the day as it is built now: the summit page and the calendar
 * show it from then on, and everyone on the roll gets it by mail, once per
 * publication.
 */
export async function publishAgenda(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; config: MailConfig; now: Date },
): Promise<Result<{ slots: number; overflow: number }>> {
  return inTransaction(db, async (trx) => {
    const { summit, plan } = await lockForBuilding(trx, args.summitId);
    if (!plan.schedule) refuse(409, plan.problems.join(" "));
    const items = new Map(plan.ranking.map((r) => [r.number, r]));
    const shown = (n: number) => items.get(n) ?? { title: "", lead: "", desiredOutcome: "" };
    const publication: Publication = {
      publishedAt: args.now,
      slots: plan.schedule.slots.map((slot) => {
        const { title, lead, desiredOutcome } = shown(slot.item);
        return { ...slot, title, lead, desiredOutcome };
      }),
      overflow: plan.schedule.overflow.map((n) => ({ number: n, title: shown(n).title, lead: shown(n).lead })),
      breaks: plan.days.flatMap((d) => d.breaks.map((b) => ({ date: d.date, ...b }))),
    };
    const { slots, overflow } = publication;
    await savePublication(trx, { summitId: summit.id, actorId: args.actorId, publication });
    await recordAudit(trx, {
      ...about(summit, args.actorId),
      action: "agenda.published",
      detail: { slots: slots.length, overflow: overflow.length },
    });
    const link = `${args.config.APP_ORIGIN}/summits/${summit.slug}`;
    for (const person of await listRollRecipients(trx, summit.id)) {
      const mail = agendaMail({
        summit: { title: summit.title, timezone: summit.timezone, venue: summit.venue, signOff: summit.sign_off },
        name: person.name,
        slots,
        breaks: publication.breaks,
        overflow,
        link,
        calendarLink: `${link}/agenda.ics`,
      });
      await enqueueMail(
        trx,
        {
          kind: "notification",
          recipient: person.email,
          subject: mail.subject,
          body: mail.body,
          dedupeKey: `agenda:${summit.id}:published:${args.now.toISOString()}:${person.userId}`,
        },
        queueOptions(args.config, args.now),
      );
    }
    return { slots: slots.length, overflow: overflow.length };
  });
}

export interface PublishedAgenda {
  publishedAt: string;
  timezone: string;
  slots: Array<PublishedSlot & { number: number }>;
  overflow: Publication["overflow"];
  breaks: Publication["breaks"];
}

/**
 * The agenda as last published, as it was mailed, or null before the first
 * publication: one read. For the summit's people, and for everyone at a
 * public summit from the agenda phase on.
 */
export async function getPublishedAgenda(
  db: Kysely<Database>,
  args: { summit: Summit; standing: Standing },
): Promise<Result<PublishedAgenda | null>> {
  const { summit } = args;
  return resultOf(async () => {
    if (!seesPublishedAgenda(args.standing, { isPublic: summit.is_public, phase: summit.phase })) {
      refuse(403, "Only the people of this summit see its agenda.");
    }
    // Only these phases publish one; before them there is nothing to read.
    if (!phaseAllows(summit.phase, "showPublicAgenda")) return null;
    const publication = await getPublication(db, summit.id);
    if (!publication) return null;
    return {
      publishedAt: publication.publishedAt.toISOString(),
      timezone: summit.timezone,
      slots: publication.slots.map((slot) => ({ ...slot, number: slot.item })),
      overflow: publication.overflow,
      breaks: publication.breaks,
    };
  });
}

/**
 * The published agenda as an iCalendar file: one event per item, the outcome
 * sought in its description; with no events before it is published.
 */
export async function getAgendaCalendar(
  db: Kysely<Database>,
  args: { summit: Summit; standing: Standing; origin: string; now: Date },
): Promise<Result<{ text: string; filename: string }>> {
  const agenda = await getPublishedAgenda(db, args);
  if (!agenda.ok) return agenda;
  const { summit } = args;
  // Before the first publication the file has no events: a calendar subscribed to early fills in once it is.
  const text = agendaCalendar({
    summit: { slug: summit.slug, title: summit.title, timezone: summit.timezone, venue: summit.venue },
    items: (agenda.value?.slots ?? []).map((slot) => ({
      number: slot.number,
      title: slot.title,
      desiredOutcome: slot.desiredOutcome,
      lead: slot.lead,
      date: slot.date,
      start: slot.start,
      end: slot.end,
    })),
    origin: args.origin,
    now: args.now,
  });
  return { ok: true, value: { text, filename: `${summit.slug}-agenda.ics` } };
}
