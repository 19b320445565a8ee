import { outcomeKindLabel, type OutcomeKind } from "../agenda/agenda-item";

/**
 * Decision polls: one accepted item that seeks a decision or a consensus
 * check puts its proposal to the summit's people, who answer agree, abstain,
 * disagree or block. A block stops consensus, so it must say why; the other
 * answers may. The count and the sentence it reads as are pure, so the page,
 * the mail and the minutes say the same thing.
 */

export const POLL_ANSWERS = [
  { value: "agree", label: "Agree" },
  { value: "abstain", label: "Abstain" },
  { value: "disagree", label: "Disagree" },
  { value: "block", label: "Block" },
] as const;

export type PollAnswer = (typeof POLL_ANSWERS)[number]["value"];

export const POLL_ANSWER_VALUES = POLL_ANSWERS.map((a) => a.value) as [PollAnswer, ...PollAnswer[]];

/** Outcome kinds whose items may be put to a poll. */
const POLLED_KINDS: ReadonlySet<OutcomeKind> = new Set(["decision", "consensus_check"]);

/** Why an item cannot be put to a poll (its kind, or not accepted), or null when it can. */
export function whyNotPolled(item: { outcomeKind: OutcomeKind; status: string }): string | null {
  if (!POLLED_KINDS.has(item.outcomeKind)) {
    return `Only items that seek a decision or a consensus check are put to a poll; this one seeks ${outcomeKindLabel(item.outcomeKind).toLowerCase()}.`;
  }
  if (item.status !== "accepted") return "Only accepted items are put to a poll; this item is not accepted.";
  return null;
}

export const MAX_REASON = 1000;
export const MAX_PROPOSAL = 500;
export const MAX_DECISION = 4000;

export function pollAnswerLabel(answer: PollAnswer): string {
  return POLL_ANSWERS.find((a) => a.value === answer)?.label ?? answer;
}

/** An answer as given: the reason is trimmed, and empty means none. */
export interface PollAnswerInput {
  answer: PollAnswer;
  reason: string;
}

/** What is wrong with an answer; none when it stands. */
export function pollAnswerProblems(input: PollAnswerInput): string[] {
  const reason = input.reason.trim();
  const problems: string[] = [];
  if (input.answer === "block" && reason === "") {
    problems.push("A block stops consensus, so it must say why: give your reason.");
  }
  if (reason.length > MAX_REASON) problems.push(`A reason has at most ${MAX_REASON} characters.`);
  return problems;
}

/** One counted answer; `name` only on open-ballot polls. */
export interface CountedAnswer {
  answer: PollAnswer;
  reason: string | null;
  name?: string | null;
}

export interface PollTally {
  counts: Record<PollAnswer, number>;
  answers: number;
  /** Answers with a reason, blocks first, then in answer order, then by name. */
  reasons: Array<{ answer: PollAnswer; reason: string; name: string | null }>;
  verdict: PollVerdict;
}

/**
 * - "blocked": at least one block; consensus fails whatever the others say.
 * - "agreed": no block, and more agree than disagree.
 * - "not-agreed": no block, and at least as many disagree as agree (a tie is
 *   not agreement), or nobody took a side.
 */
export type PollVerdict = "blocked" | "agreed" | "not-agreed";

const ORDER: Record<PollAnswer, number> = { block: 0, disagree: 1, abstain: 2, agree: 3 };

export function tallyPoll(answers: readonly CountedAnswer[]): PollTally {
  const counts: Record<PollAnswer, number> = { agree: 0, abstain: 0, disagree: 0, block: 0 };
  for (const a of answers) counts[a.answer] += 1;
  const reasons = answers
    .filter((a) => a.reason !== null && a.reason.trim() !== "")
    .map((a) => ({ answer: a.answer, reason: (a.reason ?? "").trim(), name: a.name ?? null }))
    .sort(
      (x, y) =>
        ORDER[x.answer] - ORDER[y.answer] ||
        (x.name ?? "").localeCompare(y.name ?? "", "en") ||
        x.reason.localeCompare(y.reason, "en"),
    );
  let verdict: PollVerdict = "not-agreed";
  if (counts.block > 0) verdict = "blocked";
  else if (counts.agree > counts.disagree) verdict = "agreed";
  return { counts, answers: answers.length, reasons, verdict };
}

/** "7 agree, 1 abstain, 0 disagree, 1 block". */
export function countsText(counts: Record<PollAnswer, number>): string {
  return POLL_ANSWER_VALUES.map((a) => `${counts[a]} ${a}`).join(", ");
}

const VERDICT_WORDS: Record<PollVerdict, string> = {
  agreed: "Agreed",
  "not-agreed": "Not agreed",
  blocked: "Blocked",
};

export function verdictText(verdict: PollVerdict): string {
  return VERDICT_WORDS[verdict];
}

/**
 * The tentative decision a poll's result suggests, for organizers to edit
 * before they record it: "Agreed (poll: 7 agree, …): <proposal>", and for a
 * block, who blocked and why when the poll is open-ballot.
 */
export function suggestedDecision(proposal: string, tally: PollTally): string {
  const head = `${verdictText(tally.verdict)} (poll: ${countsText(tally.counts)}): ${proposal.trim()}`;
  if (tally.verdict !== "blocked") return head;
  const blocks = tally.reasons.filter((r) => r.answer === "block");
  const why = blocks.map((b) => (b.name ? `${b.name}: ${b.reason}` : b.reason)).join("; ");
  const text = why === "" ? head : `${head}${/[.!?]$/.test(head) ? "" : "."} Blocked: ${why}`;
  return text.length <= MAX_DECISION ? text : `${text.slice(0, MAX_DECISION - 1)}…`;
}
