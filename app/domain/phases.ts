/** The lifecycle of a summit, in order (DESIGN.md). */
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

export function phaseLabel(phase: Phase): string {
  return LABELS[phase];
}
