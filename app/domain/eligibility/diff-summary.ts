import { diffEligibility, type EligiblePerson } from "./eligibility";

/** A person as a diff names them. */
export interface PersonRef {
  email: string;
  name: string;
}

/** Who a change added to the eligible list and who dropped out: exact counts, and the first names of each. */
export interface EligibilityDiffSummary {
  added: PersonRef[];
  removed: PersonRef[];
  addedCount: number;
  removedCount: number;
}

/** At most this many names of each side of a diff are kept (in the audit entry, on the page); the counts are exact. */
export const DIFF_NAMES_KEPT = 500;

function personRefs(people: readonly EligiblePerson[]): PersonRef[] {
  return people.slice(0, DIFF_NAMES_KEPT).map((p) => ({ email: p.email, name: p.name }));
}

/** The difference between two eligible lists, with at most DIFF_NAMES_KEPT names a side. */
export function summariseDiff(before: EligiblePerson[], after: EligiblePerson[]): EligibilityDiffSummary {
  const diff = diffEligibility(before, after);
  return {
    added: personRefs(diff.added),
    removed: personRefs(diff.removed),
    addedCount: diff.added.length,
    removedCount: diff.removed.length,
  };
}

/** Whether a diff changed anything. */
export function isEmptyDiff(diff: EligibilityDiffSummary): boolean {
  return diff.addedCount === 0 && diff.removedCount === 0;
}
