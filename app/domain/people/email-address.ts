/**
 * Plain `local@domain` addresses only: no display names, no lists, no quoted
 * local parts, no white space or control characters, at most 254 characters.
 * Recipients reach the mail transport only in this form, so no header can be
 * smuggled in through an address (nodemailer GHSA-mm7p-fcc7-pg87).
 */
const PLAIN_ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export type EmailCheck = { ok: true; address: string } | { ok: false; reason: string };

export const EMAIL_MAX_LENGTH = 254;

/** Trims, lower-cases and checks an address; the result is what Summit stores and mails to. */
export function normalizeEmailAddress(input: string): EmailCheck {
  const address = input.trim().toLowerCase();
  if (address.length === 0) return { ok: false, reason: "Enter an email address." };
  if (address.length > EMAIL_MAX_LENGTH) return { ok: false, reason: "An email address has at most 254 characters." };
  if (!PLAIN_ADDRESS.test(address) || address.includes("..") || address.startsWith(".") || address.includes(".@")) {
    return { ok: false, reason: "Enter a plain email address such as name@example.org." };
  }
  return { ok: true, address };
}
