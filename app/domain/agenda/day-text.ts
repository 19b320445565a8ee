import { clock, dayProblems, parseClock, type DayBreak, type SummitDay } from "./day-schedule";

/**
 * The summit's time as organizers write it on Manage: one line per day, a
 * date and its hours, and under it one indented line per break.
 *
 *     2017-10-25 13:30-18:00
 *       break 15:30-16:00 Coffee
 *
 * Plain text, so it needs no script to edit and reads the same in a backup.
 */

const DAY_LINE = /^(\d{4}-\d{2}-\d{2})\s+(\S+)\s*[-–]\s*(\S+)$/;
const BREAK_LINE = /^break\s+(\S+)\s*[-–]\s*(\S+)(?:\s+(.+))?$/i;

export const DAY_TEXT_EXAMPLE = "2017-10-25 13:30-18:00\n  break 15:30-16:00 Coffee";

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

export type DayTextResult = { ok: true; days: SummitDay[] } | { ok: false; problems: string[] };

export function parseDayText(text: string): DayTextResult {
  const days: SummitDay[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    const where = `Line ${index + 1}`;
    const breakMatch = BREAK_LINE.exec(line);
    if (breakMatch) {
      const day = days.at(-1);
      if (!day) {
        problems.push(`${where}: a break belongs under the day it is on; write the day first.`);
        return;
      }
      const start = parseClock(breakMatch[1]!);
      const end = parseClock(breakMatch[2]!);
      if (start === null || end === null) {
        problems.push(`${where}: a break is “break HH:MM-HH:MM label”, as “break 15:30-16:00 Coffee”.`);
        return;
      }
      const label = (breakMatch[3] ?? "Break").trim().slice(0, 60);
      day.breaks.push({ start, end, label });
      return;
    }
    const dayMatch = DAY_LINE.exec(line);
    if (!dayMatch) {
      problems.push(
        `${where}: write a day as “YYYY-MM-DD HH:MM-HH:MM” or a break under it as “break HH:MM-HH:MM label”.`,
      );
      return;
    }
    const [, date, from, to] = dayMatch as unknown as [string, string, string, string];
    const start = parseClock(from);
    const end = parseClock(to);
    if (!isRealDate(date)) problems.push(`${where}: ${date} is not a date.`);
    else if (start === null || end === null) problems.push(`${where}: the hours are “HH:MM-HH:MM”, as “13:30-18:00”.`);
    else days.push({ date, start, end, breaks: [] });
  });
  if (problems.length > 0) return { ok: false, problems };
  if (days.length === 0) return { ok: false, problems: ["Describe at least one day, as “2017-10-25 13:30-18:00”."] };
  const rules = dayProblems(days);
  return rules.length > 0 ? { ok: false, problems: rules } : { ok: true, days };
}

/** The days as the form shows them: what `parseDayText` reads back to the same days. */
export function formatDayText(days: readonly SummitDay[]): string {
  const breakLine = (b: DayBreak) => `  break ${clock(b.start)}-${clock(b.end)} ${b.label}`;
  return days
    .map((day) =>
      [
        `${day.date} ${clock(day.start)}-${clock(day.end)}`,
        ...[...day.breaks].sort((a, b) => a.start - b.start).map(breakLine),
      ].join("\n"),
    )
    .join("\n");
}
