import { phaseAllows, phasesAllowing } from "../summit/phase-policy";
import { phaseLabel, type Phase } from "../summit/phases";
import { isAgendaPublic, type Standing } from "../summit/standing";

/** Where an agenda item stands. */
export const ITEM_STATUSES = ["draft", "submitted", "accepted", "declined", "withdrawn", "merged", "returned"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  accepted: "Accepted",
  declined: "Declined",
  withdrawn: "Withdrawn",
  merged: "Merged",
  returned: "Returned for changes",
};

export function isItemStatus(value: unknown): value is ItemStatus {
  return typeof value === "string" && (ITEM_STATUSES as readonly string[]).includes(value);
}

/** Items are proposed, edited, submitted, withdrawn and co-sponsored only while proposals are open (the phase policy). */
export const PROPOSING_PHASES: readonly Phase[] = phasesAllowing("proposeItems");
/** Organizers may still sort items after proposals close, until the vote is over (the phase policy). */
export const TRIAGE_PHASES: readonly Phase[] = phasesAllowing("triageItems");

/** Statuses in which the proposer (or an organizer) may still change an item's text. */
export const EDITABLE_STATUSES: readonly ItemStatus[] = ["draft", "submitted", "returned", "accepted"];
/** Statuses in which an item can gather co-sponsors. */
export const COSPONSORABLE_STATUSES: readonly ItemStatus[] = ["submitted", "returned", "accepted"];
/** Statuses an item may be merged into: a live item that will still be discussed. */
export const MERGE_TARGET_STATUSES: readonly ItemStatus[] = ["submitted", "returned", "accepted"];

export type ItemAction = "submit" | "withdraw" | "accept" | "decline" | "return" | "merge" | "reopen";

/** Who may take an action: the item's proposer, the summit's organizers, or either. */
type Taker = "proposer" | "organizer" | "either";

interface Transition {
  from: readonly ItemStatus[];
  to: ItemStatus;
  by: Taker;
  phases: readonly Phase[];
  /** The verb in a refusal: "An item can be accepted only …". */
  done: string;
}

export const ITEM_TRANSITIONS: Record<ItemAction, Transition> = {
  submit: { from: ["draft", "returned"], to: "submitted", by: "either", phases: PROPOSING_PHASES, done: "submitted" },
  withdraw: {
    from: ["draft", "submitted", "returned", "accepted"],
    to: "withdrawn",
    by: "proposer",
    phases: PROPOSING_PHASES,
    done: "withdrawn",
  },
  accept: { from: ["submitted", "returned"], to: "accepted", by: "organizer", phases: TRIAGE_PHASES, done: "accepted" },
  decline: {
    from: ["submitted", "returned", "accepted"],
    to: "declined",
    by: "organizer",
    phases: TRIAGE_PHASES,
    done: "declined",
  },
  return: {
    from: ["submitted", "accepted"],
    to: "returned",
    by: "organizer",
    phases: TRIAGE_PHASES,
    done: "returned for changes",
  },
  merge: {
    from: ["submitted", "returned", "accepted"],
    to: "merged",
    by: "organizer",
    phases: TRIAGE_PHASES,
    done: "merged into another item",
  },
  reopen: { from: ["accepted", "declined"], to: "submitted", by: "organizer", phases: TRIAGE_PHASES, done: "reopened" },
};

export interface ItemActor {
  isProposer: boolean;
  isOrganizer: boolean;
}

export type TransitionCheck = { ok: true; to: ItemStatus } | { ok: false; status: 403 | 409; reason: string };

function phasesText(phases: readonly Phase[]): string {
  return phases.map((p) => phaseLabel(p).toLowerCase()).join(" or ");
}

function statusesText(statuses: readonly ItemStatus[]): string {
  const names = statuses.map((s) => ITEM_STATUS_LABELS[s].toLowerCase());
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

function mayTake(by: Taker, actor: ItemActor): boolean {
  if (by === "either") return actor.isProposer || actor.isOrganizer;
  return by === "proposer" ? actor.isProposer : actor.isOrganizer;
}

const WHO: Record<Taker, string> = {
  proposer: "Only the item's proposer can do this; organizers decline an item instead.",
  organizer: "Only the organizers of this summit triage items.",
  either: "Only the item's proposer or the organizers can do this.",
};

/**
 * Whether `actor` may take `action` on an item in `status` while the summit
 * is in `phase`. Who asks is checked first (403), then the phase and the
 * item's state (409), so a refusal names the first thing to change.
 */
export function checkItemTransition(args: {
  action: ItemAction;
  status: ItemStatus;
  actor: ItemActor;
  phase: Phase;
}): TransitionCheck {
  const transition = ITEM_TRANSITIONS[args.action];
  if (!mayTake(transition.by, args.actor)) return { ok: false, status: 403, reason: WHO[transition.by] };
  if (!transition.phases.includes(args.phase)) {
    return {
      ok: false,
      status: 409,
      reason: `Items can be ${transition.done} only in the ${phasesText(transition.phases)} phase; this summit is in ${phaseLabel(args.phase).toLowerCase()}.`,
    };
  }
  if (!transition.from.includes(args.status)) {
    const allowed = statusesText(transition.from);
    return {
      ok: false,
      status: 409,
      reason: `This item is ${ITEM_STATUS_LABELS[args.status].toLowerCase()}: only ${/^[aeiou]/.test(allowed) ? "an" : "a"} ${allowed} item can be ${transition.done}.`,
    };
  }
  return { ok: true, to: transition.to };
}

/** The actions this actor could take now, in the order the item page offers them. */
export function availableItemActions(args: { status: ItemStatus; actor: ItemActor; phase: Phase }): ItemAction[] {
  return (Object.keys(ITEM_TRANSITIONS) as ItemAction[]).filter(
    (action) => checkItemTransition({ action, ...args }).ok,
  );
}

export type EditCheck = { ok: true } | { ok: false; status: 403 | 409; reason: string };

/** Whether `actor` may change the item's text now. */
export function checkItemEdit(args: { status: ItemStatus; actor: ItemActor; phase: Phase }): EditCheck {
  if (!args.actor.isProposer && !args.actor.isOrganizer) {
    return { ok: false, status: 403, reason: "Only the item's proposer or the organizers can edit it." };
  }
  if (!phaseAllows(args.phase, "proposeItems")) {
    return {
      ok: false,
      status: 409,
      reason: `Items are edited only while proposals are open; this summit is in ${phaseLabel(args.phase).toLowerCase()}.`,
    };
  }
  if (!EDITABLE_STATUSES.includes(args.status)) {
    return {
      ok: false,
      status: 409,
      reason: `This item is ${ITEM_STATUS_LABELS[args.status].toLowerCase()}: it can no longer be edited.`,
    };
  }
  return { ok: true };
}

/** Whether an item can take (or lose) a co-sponsor now; the proposer never co-sponsors their own item. */
export function checkCosponsoring(args: { status: ItemStatus; isProposer: boolean; phase: Phase }): EditCheck {
  if (args.isProposer)
    return { ok: false, status: 409, reason: "You proposed this item: your support is counted already." };
  if (!phaseAllows(args.phase, "proposeItems")) {
    return {
      ok: false,
      status: 409,
      reason: `Items are co-sponsored only while proposals are open; this summit is in ${phaseLabel(args.phase).toLowerCase()}.`,
    };
  }
  if (!COSPONSORABLE_STATUSES.includes(args.status)) {
    return {
      ok: false,
      status: 409,
      reason: `This item is ${ITEM_STATUS_LABELS[args.status].toLowerCase()}: it takes no co-sponsors.`,
    };
  }
  return { ok: true };
}

/**
 * The viewer's standing as the item rules ask it: the facts of the standing
 * they need, and what is derived from it for this summit. Derived once from
 * the standing the request read, or inside a command's transaction.
 */
export interface ItemViewer extends Pick<Standing, "userId" | "isOrganizer"> {
  /** `isParticipant(standing)`. */
  isParticipant: boolean;
  /** `mayPropose(standing, summit)`; the phase is checked separately. */
  mayPropose: boolean;
  /** `isAgendaPublic(summit)`: anyone reads its accepted items. */
  agendaPublic: boolean;
}

/**
 * Whether the viewer may read an item: its proposer always; the summit's
 * participants every item but others' drafts; anyone else only accepted
 * items, and only while the summit's agenda is public.
 */
export function canSeeItem(args: {
  item: { status: ItemStatus; proposerId: string };
  viewer: Pick<ItemViewer, "userId" | "isParticipant">;
  summit: { isPublic: boolean; phase: Phase };
}): boolean {
  const { item, viewer, summit } = args;
  if (viewer.userId !== null && item.proposerId === viewer.userId) return true;
  if (item.status === "draft") return false;
  if (viewer.isParticipant) return true;
  return item.status === "accepted" && isAgendaPublic(summit);
}
