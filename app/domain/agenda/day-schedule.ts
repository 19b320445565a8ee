/**
 * The day of a summit: its time, its breaks, and the agenda built from the
 * vote. Items are placed in ranking order, each at the earliest free time it
 * fits in; one that fits nowhere goes to the overflow ("to be taken to the
 * list"), and a later, shorter item may take a gap an earlier, longer one
 * could not use. The schedule says when either happens. Items an organizer
 * pinned keep their time, and the rest are placed around them.
 *
 * Times are minutes after midnight in the summit's timezone, on a given date.
 */

export interface DayBreak {
  start: number;
  end: number;
  label: string;
}

export interface SummitDay {
  /** YYYY-MM-DD. */
  date: string;
  start: number;
  end: number;
  breaks: DayBreak[];
}

export interface ItemToPlace {
  item: number;
  minutes: number;
}

export interface Pin {
  item: number;
  date: string;
  start: number;
}

export interface Slot {
  item: number;
  date: string;
  start: number;
  end: number;
  pinned: boolean;
}

export interface Schedule {
  /** In time order. */
  slots: Slot[];
  /** Items that fit nowhere, in ranking order. */
  overflow: number[];
  /** What the page says about the placing: gaps taken by later items, items that did not fit. */
  notes: string[];
}

export type ScheduleResult = { ok: true; schedule: Schedule } | { ok: false; problems: string[] };

/** "09:05". */
export function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** "09:05" to minutes after midnight, or null when it is not a time of day. */
export function parseClock(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

const DAY = 24 * 60;

/** What is wrong with the days as described: every problem, in order. */
export function dayProblems(days: readonly SummitDay[]): string[] {
  const problems: string[] = [];
  const dates = new Set<string>();
  for (const day of days) {
    if (dates.has(day.date)) problems.push(`${day.date} is described twice.`);
    dates.add(day.date);
    if (!(day.start >= 0 && day.end <= DAY && day.start < day.end)) {
      problems.push(`On ${day.date} the day must end after it starts.`);
      continue;
    }
    const breaks = [...day.breaks].sort((a, b) => a.start - b.start);
    breaks.forEach((b, i) => {
      if (b.start >= b.end) problems.push(`On ${day.date} the break “${b.label}” must end after it starts.`);
      else if (b.start < day.start || b.end > day.end) {
        problems.push(
          `On ${day.date} the break “${b.label}” must be within the day, ${clock(day.start)}–${clock(day.end)}.`,
        );
      } else if (i > 0 && b.start < breaks[i - 1]!.end) {
        problems.push(`On ${day.date} the breaks “${breaks[i - 1]!.label}” and “${b.label}” overlap.`);
      }
    });
  }
  return problems;
}

interface Gap {
  date: string;
  start: number;
  end: number;
}

/** The day's free time, between its breaks, in time order. */
function freeTime(days: readonly SummitDay[]): Gap[] {
  const gaps: Gap[] = [];
  for (const day of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    let from = day.start;
    for (const b of [...day.breaks].sort((x, y) => x.start - y.start)) {
      if (b.start > from) gaps.push({ date: day.date, start: from, end: b.start });
      from = Math.max(from, b.end);
    }
    if (day.end > from) gaps.push({ date: day.date, start: from, end: day.end });
  }
  return gaps;
}

const at = (date: string, minutes: number) => `${date} ${clock(minutes)}`;

/** Takes [start, end) out of the gaps; false when it is not wholly inside one free gap. */
function reserve(gaps: Gap[], date: string, start: number, end: number): boolean {
  const index = gaps.findIndex((g) => g.date === date && g.start <= start && end <= g.end);
  if (index < 0) return false;
  const gap = gaps[index]!;
  const rest = [
    { date, start: gap.start, end: start },
    { date, start: end, end: gap.end },
  ].filter((g) => g.end > g.start);
  gaps.splice(index, 1, ...rest);
  return true;
}

/**
 * Places the items, in ranking order, into the days. Pins are placed first
 * and must each lie within free time without overlapping another; a pin that
 * does not is refused with the reason, and nothing is placed.
 */
export function buildSchedule(
  days: readonly SummitDay[],
  ranked: readonly ItemToPlace[],
  pins: readonly Pin[] = [],
): ScheduleResult {
  const problems = dayProblems(days);
  if (problems.length > 0) return { ok: false, problems };
  const gaps = freeTime(days);
  const minutes = new Map(ranked.map((r) => [r.item, r.minutes]));
  const slots: Slot[] = [];
  for (const pin of [...pins].sort((a, b) => a.date.localeCompare(b.date) || a.start - b.start)) {
    const length = minutes.get(pin.item);
    if (length === undefined) {
      problems.push(`Item ${pin.item} is pinned but is not on the agenda.`);
      continue;
    }
    const end = pin.start + length;
    if (!reserve(gaps, pin.date, pin.start, end)) {
      problems.push(
        `Item ${pin.item} (${length} min) cannot be pinned at ${at(pin.date, pin.start)}: that time is not free until ${clock(end)}.`,
      );
      continue;
    }
    slots.push({ item: pin.item, date: pin.date, start: pin.start, end, pinned: true });
  }
  if (problems.length > 0) return { ok: false, problems };

  const pinned = new Set(pins.map((p) => p.item));
  const overflow: number[] = [];
  const notes: string[] = [];
  /** The latest placed item so far, by time, and which one it is: a later item placed before it took a gap. */
  let latest: Slot | null = null;
  for (const { item, minutes: length } of ranked) {
    if (pinned.has(item)) continue;
    const gap = gaps.find((g) => g.end - g.start >= length);
    if (!gap) {
      overflow.push(item);
      notes.push(`Item ${item} (${length} min) fits nowhere in the day: it is to be taken to the list.`);
      continue;
    }
    const slot = { item, date: gap.date, start: gap.start, end: gap.start + length, pinned: false };
    reserve(gaps, slot.date, slot.start, slot.end);
    if (latest && at(slot.date, slot.start) < at(latest.date, latest.start)) {
      notes.push(
        `Item ${item} (${length} min) takes the gap at ${at(slot.date, slot.start)}, before item ${latest.item}, which is ranked higher but did not fit there.`,
      );
    }
    if (!latest || at(slot.date, slot.start) > at(latest.date, latest.start)) latest = slot;
    slots.push(slot);
  }
  slots.sort((a, b) => a.date.localeCompare(b.date) || a.start - b.start);
  return { ok: true, schedule: { slots, overflow, notes } };
}
