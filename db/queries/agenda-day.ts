import type { Kysely } from "kysely";
import type { Database } from "../schema";

/**
 * The summit's time (days and breaks), the items organizers pinned to a
 * time, and the agenda as last published. Times are minutes after midnight
 * in the summit's timezone.
 */

export interface DayRow {
  date: string;
  start: number;
  end: number;
  breaks: Array<{ start: number; end: number; label: string }>;
}

export interface PinRow {
  item: number;
  date: string;
  start: number;
}

/** An item at its time in the published agenda, with what the agenda shows of it. */
export interface PublishedSlot {
  item: number;
  date: string;
  start: number;
  end: number;
  pinned: boolean;
  title: string;
  lead: string;
  desiredOutcome: string;
}

export interface Publication {
  publishedAt: Date;
  slots: PublishedSlot[];
  overflow: Array<{ number: number; title: string; lead: string }>;
  breaks: Array<{ date: string; start: number; end: number; label: string }>;
}

export async function listSummitDays(db: Kysely<Database>, summitId: string): Promise<DayRow[]> {
  const rows = await db
    .selectFrom("summit_day")
    .select(["day", "start_minute", "end_minute", "breaks"])
    .where("summit_id", "=", summitId)
    .orderBy("day")
    .execute();
  return rows.map((r) => ({ date: r.day, start: r.start_minute, end: r.end_minute, breaks: r.breaks }));
}

/** The days, all replaced at once. */
export async function replaceSummitDays(db: Kysely<Database>, args: { summitId: string; days: readonly DayRow[] }) {
  await db.deleteFrom("summit_day").where("summit_id", "=", args.summitId).execute();
  if (args.days.length === 0) return;
  await db
    .insertInto("summit_day")
    .values(
      args.days.map((d) => ({
        summit_id: args.summitId,
        day: d.date,
        start_minute: d.start,
        end_minute: d.end,
        breaks: JSON.stringify(d.breaks),
      })),
    )
    .execute();
}

export async function listPins(db: Kysely<Database>, summitId: string): Promise<PinRow[]> {
  const rows = await db
    .selectFrom("agenda_pin")
    .select(["item_number", "day", "start_minute"])
    .where("summit_id", "=", summitId)
    .orderBy("day")
    .orderBy("start_minute")
    .execute();
  return rows.map((r) => ({ item: r.item_number, date: r.day, start: r.start_minute }));
}

/** Pins items at times, replacing any pin they had. */
export async function savePins(db: Kysely<Database>, args: { summitId: string; pins: readonly PinRow[] }) {
  if (args.pins.length === 0) return;
  await db
    .insertInto("agenda_pin")
    .values(
      args.pins.map((p) => ({ summit_id: args.summitId, item_number: p.item, day: p.date, start_minute: p.start })),
    )
    .onConflict((oc) =>
      oc.columns(["summit_id", "item_number"]).doUpdateSet((eb) => ({
        day: eb.ref("excluded.day"),
        start_minute: eb.ref("excluded.start_minute"),
      })),
    )
    .execute();
}

/** Removes an item's pin; whether it had one. */
export async function removePin(db: Kysely<Database>, args: { summitId: string; item: number }): Promise<boolean> {
  const result = await db
    .deleteFrom("agenda_pin")
    .where("summit_id", "=", args.summitId)
    .where("item_number", "=", args.item)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function getPublication(db: Kysely<Database>, summitId: string): Promise<Publication | null> {
  const row = await db
    .selectFrom("agenda_publication")
    .select(["published_at", "slots", "overflow", "breaks"])
    .where("summit_id", "=", summitId)
    .executeTakeFirst();
  return row ? { publishedAt: row.published_at, slots: row.slots, overflow: row.overflow, breaks: row.breaks } : null;
}

export async function savePublication(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; publication: Publication },
) {
  const { publication } = args;
  const values = {
    published_at: publication.publishedAt,
    published_by: args.actorId,
    slots: JSON.stringify(publication.slots),
    overflow: JSON.stringify(publication.overflow),
    breaks: JSON.stringify(publication.breaks),
  };
  await db
    .insertInto("agenda_publication")
    .values({ summit_id: args.summitId, ...values })
    .onConflict((oc) => oc.column("summit_id").doUpdateSet(values))
    .execute();
}

export interface AgendaItemForDay {
  number: number;
  title: string;
  minutes: number;
  desiredOutcome: string;
  lead: string;
}

/** The summit's items by number, with what the agenda shows of them: title, minutes, outcome and lead. */
export async function listItemsForDay(
  db: Kysely<Database>,
  args: { summitId: string; numbers: readonly number[] },
): Promise<Map<number, AgendaItemForDay>> {
  if (args.numbers.length === 0) return new Map();
  const rows = await db
    .selectFrom("agenda_item")
    .innerJoin("app_user", "app_user.id", "agenda_item.lead_id")
    .select([
      "agenda_item.number",
      "agenda_item.title",
      "agenda_item.minutes_needed as minutes",
      "agenda_item.desired_outcome as desiredOutcome",
      "app_user.display_name as lead",
    ])
    .where("agenda_item.summit_id", "=", args.summitId)
    .where("agenda_item.number", "in", [...args.numbers])
    .execute();
  return new Map(rows.map((r) => [r.number, r]));
}
