/** The lifecycle of a summit, in order (docs/glossary.md, "phase"). */
export const PHASE_ORDER = [
  "draft",
  "proposals",
  "voting",
  "agenda",
  "in_session",
  "minutes_draft",
  "published",
] as const;

export type Phase = (typeof PHASE_ORDER)[number];

const LABELS: Record<Phase, string> = {
  draft: "Draft",
  proposals: "Proposals",
  voting: "Voting",
  agenda: "Agenda",
  in_session: "In session",
  minutes_draft: "Minutes draft",
  published: "Published",
};

/** What each phase allows, in one line a visitor can read on the summit page. */
const ALLOWS: Record<Phase, string> = {
  draft: "The organizers set the summit up: its details, organizers and minute-takers.",
  proposals: "Attendees propose agenda items, each with the outcome it seeks, and revise or withdraw them.",
  voting: "Attendees cast their ballots on the proposed items and may change them until voting closes.",
  agenda: "The organizers build the agenda from the vote, fitting the items to the time available.",
  in_session: "The summit meets; minute-takers record notes, decisions and actions for each item.",
  minutes_draft: "Minute-takers complete the notes; organizers preview the minutes and edit their introduction.",
  published: "The minutes are published and final; a correction is a new, numbered revision.",
};

export function phaseLabel(phase: Phase): string {
  return LABELS[phase];
}

export function isPhase(value: unknown): value is Phase {
  return typeof value === "string" && (PHASE_ORDER as readonly string[]).includes(value);
}

export function phaseIndex(phase: Phase): number {
  return PHASE_ORDER.indexOf(phase);
}

/** One line: what may happen while a summit is in `phase`. */
export function phaseDescription(phase: Phase): string {
  return ALLOWS[phase];
}

/** One line: what comes after `phase`. */
export function phaseComesNext(phase: Phase): string {
  const next = nextPhase(phase);
  if (next === null) return "Nothing: this is the last phase.";
  return `${LABELS[next]}: ${ALLOWS[next]}`;
}

/** The phase one step forward, or null from the last one. */
export function nextPhase(phase: Phase): Phase | null {
  return PHASE_ORDER[phaseIndex(phase) + 1] ?? null;
}

/** The phase one step back, or null where a summit cannot go back (the first phase, and published). */
export function previousPhase(phase: Phase): Phase | null {
  if (phase === "published") return null;
  const index = phaseIndex(phase);
  return index > 0 ? (PHASE_ORDER[index - 1] ?? null) : null;
}

/** The moves an organizer may make from `phase`. */
export function allowedMoves(phase: Phase): { forward: Phase | null; back: Phase | null } {
  return { forward: nextPhase(phase), back: previousPhase(phase) };
}

export type PhaseMoveCheck = { ok: true; direction: "forward" | "back" } | { ok: false; reason: string };

/**
 * Whether a summit may move from `from` to `to`: one step forward, or one step
 * back, except that nothing leaves `published` (published minutes are final).
 */
export function checkPhaseMove(from: Phase, to: Phase): PhaseMoveCheck {
  if (from === to) return { ok: false, reason: `The summit is already in ${LABELS[from]}.` };
  if (from === "published") {
    return { ok: false, reason: "Published minutes are final: a published summit does not change phase." };
  }
  const { forward, back } = allowedMoves(from);
  if (to === forward) return { ok: true, direction: "forward" };
  if (to === back) return { ok: true, direction: "back" };
  const steps: string[] = [];
  if (forward) steps.push(`forward to ${LABELS[forward]}`);
  if (back) steps.push(`back to ${LABELS[back]}`);
  return {
    ok: false,
    reason: `A summit moves one phase at a time: from ${LABELS[from]} it can move ${steps.join(" or ")}, not to ${LABELS[to]}.`,
  };
}
