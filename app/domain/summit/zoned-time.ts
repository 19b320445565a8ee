/**
 * A wall-clock time in a summit's timezone as an instant: what a calendar
 * file stores (in UTC) for "14:30 on 2017-10-25 in Europe/Prague". It uses
 * the timezone database the runtime carries (Intl), so summer time and its
 * changes are as the operating system knows them.
 */

/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const value = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(
    value("year"),
    value("month") - 1,
    value("day"),
    value("hour"),
    value("minute"),
    value("second"),
  );
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/**
 * The instant of `minutes` after midnight on `date` (YYYY-MM-DD) in
 * `timeZone`. A time that a change to summer time skips is read as the
 * same number of minutes after the change; a repeated hour, as its second
 * pass (after the clocks went back). Summits do not meet at those hours.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  // Two passes settle the offset, also next to a change of it.
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}
