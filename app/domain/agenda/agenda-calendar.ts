import ical from "ical-generator";
import { zonedInstant } from "../summit/zoned-time";

/**
 * The published agenda as an iCalendar file: one event per item at its time,
 * its desired outcome and lead in the description, a link to the item. Times
 * are written in UTC, from the summit's timezone, so every calendar shows
 * them at the right local hour. Each event's id is stable (summit and item),
 * so a calendar that imports the file again updates the events, not adds more.
 */

export interface CalendarItem {
  number: number;
  title: string;
  desiredOutcome: string;
  lead: string;
  date: string;
  start: number;
  end: number;
}

export interface CalendarSummit {
  slug: string;
  title: string;
  timezone: string;
  venue: string;
}

export function agendaCalendar(args: {
  summit: CalendarSummit;
  items: readonly CalendarItem[];
  /** Where Summit runs: links and event ids are made from it. */
  origin: string;
  /** When the file is made (DTSTAMP). */
  now: Date;
}): string {
  const { summit, origin, now } = args;
  const host = new URL(origin).host;
  const calendar = ical({
    name: `${summit.title}: agenda`,
    prodId: { company: host, product: "Summit", language: "EN" },
  });
  for (const item of args.items) {
    const url = `${origin}/summits/${summit.slug}/items/${item.number}`;
    calendar.createEvent({
      id: `${summit.slug}-item-${item.number}@${host}`,
      start: zonedInstant(item.date, item.start, summit.timezone),
      end: zonedInstant(item.date, item.end, summit.timezone),
      stamp: now,
      summary: `${item.number}. ${item.title}`,
      description: `Desired outcome: ${item.desiredOutcome}\nLead: ${item.lead}\n${url}`,
      location: summit.venue || null,
      url,
    });
  }
  return calendar.toString();
}
