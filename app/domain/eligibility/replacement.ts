/**
 * A MAINTAINERS import replaces the previous one. Replacing it with a file
 * that holds far fewer entries (a truncated upload, the wrong file) would
 * quietly drop people who may attend, so such a replacement says who it drops
 * and is applied only once that drop is confirmed.
 */

/** One person in one role, as a MAINTAINERS import stores it. */
export interface RoleEntry {
  role: string;
  email: string;
  name: string;
}

const keyOf = (e: RoleEntry) => `${e.role}\u0000${e.email}`;

/** The current entries the next import would not keep, by role and address, in the current order. */
export function droppedEntries(current: readonly RoleEntry[], next: readonly RoleEntry[]): RoleEntry[] {
  const kept = new Set(next.map(keyOf));
  return current.filter((e) => !kept.has(keyOf(e))).map(({ role, email, name }) => ({ role, email, name }));
}

/** A drop of a fifth or more of the current entries is "much": it must be confirmed. */
export const CONFIRMED_DROP_SHARE = 0.2;

/** Whether dropping `dropped` of `current` entries needs an explicit confirmation. */
export function dropNeedsConfirmation(current: number, dropped: number): boolean {
  return dropped > 0 && dropped >= current * CONFIRMED_DROP_SHARE;
}

/** Whether a confirmation given for `confirmed` dropped entries covers a drop of `dropped`. */
export function dropIsConfirmed(current: number, dropped: number, confirmed: number | null): boolean {
  return !dropNeedsConfirmation(current, dropped) || (confirmed !== null && confirmed >= dropped);
}
