// The eligibility rules are tested on their own: the invitation and seat
// request tests replace the eligibility module's `getEligibility` with the one
// below, and set each summit's eligible list themselves. This module imports nothing at run time, so a
// vi.mock factory can load it before the modules it stands in for.
import type { Person } from "./invitations";

const eligibleBySummit = new Map<string, Person[]>();

export function setEligibleList(summitId: string, people: Person[]): void {
  eligibleBySummit.set(summitId, people);
}

/** Adds someone to a summit's eligible list, as a new contributor or rule would. */
export function addToEligibleList(summitId: string, person: Person): void {
  eligibleBySummit.set(summitId, [...(eligibleBySummit.get(summitId) ?? []), person]);
}

/**
 * The eligibility module with `getEligibility` answering from the lists set
 * here; use as
 * `vi.mock(path, async (original) => (await import("…/eligible-lists")).withEligibleLists(await original()))`.
 */
export function withEligibleLists<T extends object>(original: T) {
  return {
    ...original,
    getEligibility: async (_db: unknown, summitId: string) => ({
      eligible: eligibleBySummit.get(summitId) ?? [],
      excluded: [],
    }),
  };
}
