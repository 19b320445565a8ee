/** Rules for a summit's details: its address (slug), its dates and its timezone. */

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 60;
export const TITLE_MAX_LENGTH = 200;
export const VENUE_MAX_LENGTH = 200;
export const SIGN_OFF_MAX_LENGTH = 100;
export const DISPLAY_NAME_MAX_LENGTH = 100;

export function isValidSlug(value: string): boolean {
  return value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD (so 2017-02-30 is refused), years 1900 to 2999. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

let timezones: Map<string, string> | null = null;

/** IANA names this runtime knows, keyed by their lower-case form. UTC is always there. */
function knownTimezones(): Map<string, string> {
  if (!timezones) {
    timezones = new Map();
    for (const name of [...Intl.supportedValuesOf("timeZone"), "UTC"]) timezones.set(name.toLowerCase(), name);
  }
  return timezones;
}

/** The IANA timezone name as spelled by the tz database ("europe/prague" → "Europe/Prague"), or null. */
export function canonicalTimezone(value: string): string | null {
  return knownTimezones().get(value.trim().toLowerCase()) ?? null;
}

export function timezoneNames(): string[] {
  return [...knownTimezones().values()].sort();
}

/**
 * A display name for someone known only by email address, from its local
 * part: "peter.maydell@linaro.org" → "Peter Maydell".
 */
export function displayNameFromEmail(email: string): string {
  const local = email.split("@")[0] ?? "";
  const words = local
    .split(/[._+-]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  const name = words.join(" ").slice(0, DISPLAY_NAME_MAX_LENGTH).trim();
  return name.length > 0 ? name : email.slice(0, DISPLAY_NAME_MAX_LENGTH);
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * "25 October 2017", "25–26 October 2017", "31 October – 1 November 2017".
 * Written out by hand so the server and the browser render the same text.
 */
export function formatDateRange(startsOn: string, endsOn: string): string {
  const start = parts(startsOn);
  const end = parts(endsOn);
  if (!start || !end) return startsOn === endsOn ? startsOn : `${startsOn} – ${endsOn}`;
  const month = (p: DateParts) => MONTHS[p.month - 1];
  if (startsOn === endsOn) return `${start.day} ${month(start)} ${start.year}`;
  if (start.year === end.year && start.month === end.month) {
    return `${start.day}–${end.day} ${month(end)} ${end.year}`;
  }
  if (start.year === end.year) return `${start.day} ${month(start)} – ${end.day} ${month(end)} ${end.year}`;
  return `${start.day} ${month(start)} ${start.year} – ${end.day} ${month(end)} ${end.year}`;
}

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function parts(value: string): DateParts | null {
  if (!isIsoDate(value)) return null;
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}
