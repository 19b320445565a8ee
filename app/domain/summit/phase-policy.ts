import { PHASE_ORDER, phaseLabel, type Phase } from "./phases";

/**
 * What each phase of a summit allows: one table for every feature, so that
 * the pages, the services and the item lifecycle ask the same question
 * ("may this happen now?") and get the same answer.
 */
export const PHASE_ACTIVITIES = [
  /** Change the summit's details (title, dates, venue, list, sign-off). */
  "editDetails",
  /** Change who may attend: eligibility rules, contributor and MAINTAINERS imports, open-summit settings. */
  "changeEligibility",
  /** Send and resend invitations, and offer freed seats to the waitlist. */
  "invite",
  /** Members ask for a seat at an open summit (whether the summit is open is not the phase's business). */
  "requestSeat",
  /** Propose, edit, submit, withdraw and co-sponsor agenda items. */
  "proposeItems",
  /** Accept, decline, return, merge and reopen agenda items. */
  "triageItems",
  /** Visitors see the accepted items of a public summit. */
  "showPublicAgenda",
  /** Attendees cast and change their ballots. */
  "vote",
  /** Organizers open and close decision polls on items' proposals; attendees answer them. */
  "poll",
  /** Organizers build the day from the vote: pin, move and swap items, and publish the agenda. */
  "buildAgenda",
  /** Minute-takers record notes, decisions and actions. */
  "takeMinutes",
  /** Minute-takers complete the notes; organizers edit the introduction. */
  "editMinutes",
  /** The minutes go out: the move from minutes draft to published. */
  "publishMinutes",
] as const;

export type PhaseActivity = (typeof PHASE_ACTIVITIES)[number];

/**
 * Phase → activity → allowed. Every cell is written out, so a column reads
 * as the life of one activity and a row as everything one phase allows.
 * Invitations and seat requests close once the summit has met (minutes
 * draft): its attendance is history from then on.
 */
// prettier-ignore
export const PHASE_POLICY: Readonly<Record<Phase, Readonly<Record<PhaseActivity, boolean>>>> = {
  draft:         { editDetails: true,  changeEligibility: true,  invite: true,  requestSeat: true,  proposeItems: false, triageItems: false, showPublicAgenda: false, vote: false, poll: false, buildAgenda: false, takeMinutes: false, editMinutes: false, publishMinutes: false },
  proposals:     { editDetails: true,  changeEligibility: true,  invite: true,  requestSeat: true,  proposeItems: true,  triageItems: true,  showPublicAgenda: false, vote: false, poll: false, buildAgenda: false, takeMinutes: false, editMinutes: false, publishMinutes: false },
  voting:        { editDetails: true,  changeEligibility: true,  invite: true,  requestSeat: true,  proposeItems: false, triageItems: true,  showPublicAgenda: false, vote: true,  poll: true,  buildAgenda: false, takeMinutes: false, editMinutes: false, publishMinutes: false },
  agenda:        { editDetails: true,  changeEligibility: true,  invite: true,  requestSeat: true,  proposeItems: false, triageItems: false, showPublicAgenda: true,  vote: false, poll: true,  buildAgenda: true,  takeMinutes: false, editMinutes: false, publishMinutes: false },
  in_session:    { editDetails: true,  changeEligibility: true,  invite: true,  requestSeat: true,  proposeItems: false, triageItems: false, showPublicAgenda: true,  vote: false, poll: true,  buildAgenda: true,  takeMinutes: true,  editMinutes: false, publishMinutes: false },
  minutes_draft: { editDetails: true,  changeEligibility: true,  invite: false, requestSeat: false, proposeItems: false, triageItems: false, showPublicAgenda: true,  vote: false, poll: false, buildAgenda: false, takeMinutes: true,  editMinutes: true,  publishMinutes: true  },
  published:     { editDetails: false, changeEligibility: false, invite: false, requestSeat: false, proposeItems: false, triageItems: false, showPublicAgenda: true,  vote: false, poll: false, buildAgenda: false, takeMinutes: false, editMinutes: false, publishMinutes: false },
};

/** Whether a summit in `phase` allows `activity`. */
export function phaseAllows(phase: Phase, activity: PhaseActivity): boolean {
  return PHASE_POLICY[phase][activity];
}

const ALLOWING = Object.fromEntries(
  PHASE_ACTIVITIES.map((activity) => [
    activity,
    Object.freeze(PHASE_ORDER.filter((phase) => PHASE_POLICY[phase][activity])),
  ]),
) as Record<PhaseActivity, readonly Phase[]>;

/** The phases that allow `activity`, in the summit's order; the same array on every call. */
export function phasesAllowing(activity: PhaseActivity): readonly Phase[] {
  return ALLOWING[activity];
}

function phaseWords(phase: Phase): string {
  return phaseLabel(phase).toLowerCase();
}

/** "the proposals or voting phase", from the table. */
function allowingWords(activity: PhaseActivity): string {
  return `the ${phasesAllowing(activity).map(phaseWords).join(" or ")} phase`;
}

/**
 * What is refused, before the "; <summit> is in its <phase> phase." that
 * follows it; or, for what closes only once the summit has met or its
 * minutes are published, the whole sentence.
 */
const REFUSALS: Record<PhaseActivity, { refused: string } | { final: string }> = {
  editDetails: { final: "The minutes of this summit are published: its details are final." },
  changeEligibility: {
    final: "The minutes of this summit are published: who could attend is final and no longer changes.",
  },
  invite: { final: "This summit has already met, so nobody can be invited to it any more." },
  requestSeat: { final: "This summit has already met, so it takes no more seat requests." },
  proposeItems: { refused: "Items are proposed only while proposals are open" },
  triageItems: { refused: `Items are triaged only in ${allowingWords("triageItems")}` },
  showPublicAgenda: { refused: "Visitors see the accepted items only from the agenda phase on" },
  vote: { refused: "Ballots are cast only while voting is open" },
  poll: { refused: `Decision polls are held only in ${allowingWords("poll")}` },
  buildAgenda: { refused: `The day is built only in ${allowingWords("buildAgenda")}` },
  takeMinutes: { refused: `Minutes are taken only in ${allowingWords("takeMinutes")}` },
  editMinutes: { refused: `Minutes are edited only in ${allowingWords("editMinutes")}` },
  publishMinutes: { refused: `Minutes are published only from ${allowingWords("publishMinutes")}` },
};

/**
 * The one sentence a refusal shows when `phase` does not allow `activity`:
 * "Items are proposed only while proposals are open; QEMU Summit 2017 is in
 * its voting phase." It throws a RangeError for a phase that allows the
 * activity: there is nothing to refuse.
 */
export function phaseRefusal(activity: PhaseActivity, phase: Phase, summitTitle: string): string {
  if (phaseAllows(phase, activity)) {
    throw new RangeError(`The ${phaseWords(phase)} phase allows ${activity}: there is nothing to refuse.`);
  }
  const refusal = REFUSALS[activity];
  if ("final" in refusal) return refusal.final;
  const summit = summitTitle.trim() === "" ? "this summit" : summitTitle.trim();
  return `${refusal.refused}; ${summit} is in its ${phaseWords(phase)} phase.`;
}
