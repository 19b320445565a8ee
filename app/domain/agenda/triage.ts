import type { ItemStatus } from "./item-lifecycle";

/** The statuses the organizers' triage page works on, in the order of its groups. */
export const TRIAGE_STATUSES = [
  "submitted",
  "returned",
  "accepted",
  "declined",
] as const satisfies readonly ItemStatus[];
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

/**
 * What the page's status filter shows: the items still to decide (waiting
 * for a decision or returned for changes, the default), one status, or all four.
 */
export const TRIAGE_VIEWS = ["undecided", ...TRIAGE_STATUSES, "all"] as const;
export type TriageView = (typeof TRIAGE_VIEWS)[number];
export const DEFAULT_TRIAGE_VIEW: TriageView = "undecided";

export const TRIAGE_VIEW_LABELS: Record<TriageView, string> = {
  undecided: "Still to decide",
  submitted: "Waiting for a decision",
  returned: "Returned for changes",
  accepted: "Accepted",
  declined: "Declined",
  all: "Any of these",
};

/** The statuses a view shows, in the order of their groups. */
export function statusesOfView(view: TriageView): readonly TriageStatus[] {
  if (view === "all") return TRIAGE_STATUSES;
  if (view === "undecided") return ["submitted", "returned"];
  return [view];
}

/** Each status's group on the page: its heading, what it says when empty, and its items by name. */
export const TRIAGE_GROUPS: Record<TriageStatus, { heading: string; empty: string; one: string; many: string }> = {
  submitted: {
    heading: "Waiting for a decision",
    empty: "No item is waiting for a decision.",
    one: "item waiting for a decision",
    many: "items waiting for a decision",
  },
  returned: {
    heading: "Returned for changes",
    empty: "No item is back with its proposer.",
    one: "item returned for changes",
    many: "items returned for changes",
  },
  accepted: { heading: "Accepted", empty: "No item is accepted yet.", one: "accepted item", many: "accepted items" },
  declined: { heading: "Declined", empty: "No item is declined.", one: "declined item", many: "declined items" },
};

/** "the declined item", "the 3 declined items": a group's items, to name in a link. */
export function groupItemsText(status: TriageStatus, count: number): string {
  const group = TRIAGE_GROUPS[status];
  return count === 1 ? `the ${group.one}` : `the ${count} ${group.many}`;
}

/** Where a group's items are among the pages of a view. */
export interface GroupPlace {
  status: TriageStatus;
  /** How many of its items match the filters. */
  count: number;
  /** Whether the view shows this status at all. */
  shown: boolean;
  /** The pages its items are on (null when it shows none). */
  firstPage: number | null;
  lastPage: number | null;
  /** Whether some of its items are on the page asked for. */
  here: boolean;
}

/**
 * The groups of a page: the shown statuses follow one another in
 * TRIAGE_STATUSES order across the pages, `pageSize` items a page, so each
 * group's pages follow from the counts of the groups before it.
 */
export function placeGroups(args: {
  counts: Record<TriageStatus, number>;
  shown: readonly TriageStatus[];
  page: number;
  pageSize: number;
}): GroupPlace[] {
  let before = 0;
  return TRIAGE_STATUSES.map((status) => {
    const count = args.counts[status];
    const shown = args.shown.includes(status);
    if (!shown || count === 0) return { status, count, shown, firstPage: null, lastPage: null, here: false };
    const firstPage = Math.floor(before / args.pageSize) + 1;
    const lastPage = Math.floor((before + count - 1) / args.pageSize) + 1;
    before += count;
    return { status, count, shown, firstPage, lastPage, here: args.page >= firstPage && args.page <= lastPage };
  });
}
