/**
 * Rules for an agenda item's fields: the kind of outcome it seeks, its title and
 * desired outcome, the time it requests and its links, and what changed between
 * two revisions. An item cannot exist without a stated desired outcome (DESIGN.md).
 */

/** The kinds of outcome an item may seek, in the order a form offers them, each with its label. */
export const OUTCOME_KINDS = [
  { value: "decision", label: "Decision" },
  { value: "consensus_check", label: "Consensus check on a proposal" },
  { value: "action_plan", label: "Action plan" },
  { value: "information", label: "Information only" },
] as const;

/** One of the values of {@link OUTCOME_KINDS}. */
export type OutcomeKind = (typeof OUTCOME_KINDS)[number]["value"];

/** The values alone, as a non-empty tuple (what `z.enum` takes). */
export const OUTCOME_KIND_VALUES = OUTCOME_KINDS.map((kind) => kind.value) as [OutcomeKind, ...OutcomeKind[]];

/** Whether a value (from a form or a row) is a kind of outcome. */
export function isOutcomeKind(value: unknown): value is OutcomeKind {
  return typeof value === "string" && (OUTCOME_KIND_VALUES as readonly string[]).includes(value);
}

/** The human label of a kind of outcome: "consensus_check" → "Consensus check on a proposal". */
export function outcomeKindLabel(kind: OutcomeKind): string {
  return OUTCOME_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

/** The longest title, in characters after trimming. */
export const ITEM_TITLE_MAX_LENGTH = 120;
/** The shortest desired outcome: a sentence, not a word. */
export const DESIRED_OUTCOME_MIN_LENGTH = 20;
/** The longest desired outcome: a sentence or two; the rest belongs in the background. */
export const DESIRED_OUTCOME_MAX_LENGTH = 500;
/** The longest background (Markdown), as R14 bounds bodies. */
export const BACKGROUND_MAX_LENGTH = 20_000;
/** The least time an item may request, in minutes. */
export const MINUTES_NEEDED_MIN = 5;
/** The most time an item may request, in minutes: a longer topic is two items. */
export const MINUTES_NEEDED_MAX = 120;
/** The most links an item may carry, after removing duplicates. */
export const LINKS_MAX = 10;
/** The longest link, in characters, as typed and as serialised. */
export const LINK_MAX_LENGTH = 2_000;

/** How to write a desired outcome; every refusal of one ends with this. */
export const OUTCOME_GUIDANCE =
  "Say what the summit should decide or produce, in a sentence or two: “Decide whether maintainers keep their own -next trees during the freeze.”";

/** What is checked together: the outcome is judged against the title and the kind. */
export interface ProposedOutcome {
  title: string;
  outcomeKind: OutcomeKind;
  desiredOutcome: string;
}

/** A message per field that is refused; a field that is fine is absent. `{}` means both are fine. */
export interface OutcomeProblems {
  title?: string;
  desiredOutcome?: string;
}

const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

/**
 * Checks a proposed item's title and desired outcome. Both are trimmed and
 * counted in UTF-16 units, as Zod's `max` counts.
 *
 * Title: required, at most 120 characters, one line.
 *
 * Desired outcome, in this order (the first failure is the message):
 * 1. required;
 * 2. not a placeholder: refused when every word (letters and digits, case,
 *    punctuation and white space ignored) is a placeholder or small word
 *    ("discuss", "TBD", "n/a", "see title", "to be discussed", "?", "various",
 *    "open discussion", "status update", ...), when it has no word at all, or
 *    when its letters run together spell "tbd", "tbc", "tba", "na" or "todo"
 *    ("T.B.D.");
 * 3. not only the title again: refused when it adds no word the title lacks,
 *    ignoring small words, "discuss"/"talk about" and the like, and a plural -s
 *    ("Discuss firmware blobs" for "Firmware blobs");
 * 4. 20 to 500 characters;
 * 5. by kind:
 *    - decision and consensus check state the question or the proposal: a "?",
 *      or a form of "decide"/"decision", "whether", "agree" followed by
 *      on/upon/that/to/whether/which/how/what/who/when/where/if, a form of
 *      "choose", "adopt", "approve", "accept", "ratify", "endorse" or
 *      "reject", "consensus" followed by on/that/for/about/whether/to, or a
 *      question opening "should/shall/do/can/must/may/will/would/could we";
 *    - an action plan names what is produced or who acts: "plan", "owner",
 *      "volunteer", "action", "assign", "deadline", "milestone", "roadmap",
 *      "timeline", "next steps", "list of", "who", "responsible",
 *      "deliverable", "produce", or "by" followed by a date ("by 1 March",
 *      "by the end of …", "by the next release", "by Q2", "by 2.12");
 *    - information only needs nothing more.
 */
export function checkItemOutcome(input: ProposedOutcome): OutcomeProblems {
  const problems: OutcomeProblems = {};
  const titleProblem = checkItemTitle(input.title);
  if (titleProblem) problems.title = titleProblem;
  const outcomeProblem = checkDesiredOutcome(input);
  if (outcomeProblem) problems.desiredOutcome = outcomeProblem;
  return problems;
}

/** The title's message, or undefined when it is fine (see {@link checkItemOutcome}). */
export function checkItemTitle(title: string): string | undefined {
  const value = title.trim();
  if (value.length === 0) return "Enter a title.";
  if (LINE_BREAK.test(value)) return "A title is one line.";
  if (value.length > ITEM_TITLE_MAX_LENGTH) return `A title has at most ${ITEM_TITLE_MAX_LENGTH} characters.`;
  return undefined;
}

/** The desired outcome's message, or undefined when it is fine (see {@link checkItemOutcome}). */
export function checkDesiredOutcome(input: ProposedOutcome): string | undefined {
  const value = input.desiredOutcome.trim();
  if (value.length === 0) return `Enter the desired outcome. ${OUTCOME_GUIDANCE}`;
  if (isPlaceholderOutcome(value)) {
    return `A placeholder such as “discuss” or “TBD” is not an outcome. ${OUTCOME_GUIDANCE}`;
  }
  if (repeatsTitle(value, input.title)) return `The desired outcome only repeats the title. ${OUTCOME_GUIDANCE}`;
  if (value.length < DESIRED_OUTCOME_MIN_LENGTH) {
    return `A desired outcome has at least ${DESIRED_OUTCOME_MIN_LENGTH} characters. ${OUTCOME_GUIDANCE}`;
  }
  if (value.length > DESIRED_OUTCOME_MAX_LENGTH) {
    return `A desired outcome has at most ${DESIRED_OUTCOME_MAX_LENGTH} characters: keep it to a sentence or two and put the rest in the background.`;
  }
  const text = ` ${words(value).join(" ")} `;
  switch (input.outcomeKind) {
    case "decision":
      if (!value.includes("?") && !DECISION_CUE.test(text)) {
        return "A decision states the question to decide: write “Decide whether …”, “Agree on …”, “Choose between …” or a question ending in “?”.";
      }
      return undefined;
    case "consensus_check":
      if (!value.includes("?") && !DECISION_CUE.test(text)) {
        return "A consensus check states the proposal: write “Agree that …”, “Adopt …”, “Consensus on …” or a question ending in “?”.";
      }
      return undefined;
    case "action_plan":
      if (!ACTION_CUE.test(text)) {
        return "An action plan names what it will produce or who acts: a plan, owners or volunteers, a list of actions, or a date (“Agree who writes the CVE process, by the next release.”).";
      }
      return undefined;
    case "information":
      return undefined;
  }
}

/** Lower-case words of letters and digits; everything else separates them. */
function words(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter((word) => word.length > 0);
}

// Small words: ignored when comparing with the title, and never content on their own.
const SMALL_WORDS = new Set(
  (
    "a an the to be is are was it its this that these those of on in at for with and or as per by from " +
    "we us our you i me my they them let lets s will shall can could would should may might must do does did " +
    "here there some any just please pls maybe perhaps possibly etc also more"
  ).split(" "),
);

// "Discuss X" and "talk about X" say no more than X.
const TALK_WORDS = new Set(
  "discuss discussed discussing discussion discussions talk talking talked about chat regarding re topic".split(" "),
);

const PLACEHOLDER_WORDS = new Set([
  ...SMALL_WORDS,
  ...TALK_WORDS,
  ...(
    "chatting conversation debate debating brainstorm brainstorming tbd tbc tba todo wip xxx fixme placeholder " +
    "na none nothing null nil undefined unknown empty idk dunno whatever various misc miscellaneous general open " +
    "free form freeform see title subject above below same description background thread link links details " +
    "detail info information topics item items issue issues thing things stuff point points question questions " +
    "qa summit meeting session later soon determined decided confirmed announced defined agreed decide decision " +
    "agree outcome outcomes result results consensus status update updates overview news yet now still again " +
    "further follow followup up ongoing continue continued no not only applicable need needs needed required " +
    "fyi heads recap summary ideas idea feedback thoughts opinions input comments welcome aob other business " +
    "floor round table roundtable list mailing line ditto obvious self explanatory tbs"
  ).split(" "),
]);

const PLACEHOLDER_LETTERS = new Set(["tbd", "tbc", "tba", "na", "todo"]);

/**
 * Whether an outcome says nothing: no word at all, only placeholder and small
 * words, only single letters, or letters spelling "tbd" and the like.
 */
export function isPlaceholderOutcome(outcome: string): boolean {
  const list = words(outcome);
  if (list.every((word) => PLACEHOLDER_WORDS.has(word) || word.length === 1)) return true;
  return PLACEHOLDER_LETTERS.has(list.join(""));
}

/** Words that carry meaning, for comparing with the title: a plural -s is dropped. */
function significantWords(text: string): Set<string> {
  return new Set(
    words(text)
      .filter((word) => !SMALL_WORDS.has(word) && !TALK_WORDS.has(word))
      .map((word) => (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word)),
  );
}

/** Whether the outcome adds no word to the title (see {@link checkItemOutcome}). */
export function repeatsTitle(outcome: string, title: string): boolean {
  const titleWords = significantWords(title);
  if (titleWords.size === 0) return false;
  return [...significantWords(outcome)].every((word) => titleWords.has(word));
}

const DECISION_CUE = new RegExp(
  [
    String.raw` (decide|decides|decided|deciding|decision|decisions|whether) `,
    String.raw` (agree|agrees|agreed|agreement) (on|upon|that|to|whether|which|how|what|who|when|where|if) `,
    String.raw` (choose|chooses|choosing|chose|choice) `,
    String.raw` (adopt|adopts|adopting|adoption|approve|approves|approving|approval|accept|accepts|accepting|acceptance) `,
    String.raw` (ratify|endorse|endorses|reject|rejects) `,
    String.raw` consensus (on|that|for|about|whether|to) `,
    String.raw` (should|shall|do|can|must|may|will|would|could) we `,
  ].join("|"),
);

const MONTH =
  "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december";

const ACTION_CUE = new RegExp(
  [
    String.raw` (plan|plans|planned|planning|owner|owners|owned|volunteer|volunteers|action|actions|assign|assigns|assigned|assignee|assignees) `,
    String.raw` (deadline|deadlines|milestone|milestones|roadmap|timeline|who|responsible|deliverable|deliverables|produce|produces) `,
    String.raw` next steps | list of `,
    String.raw` by (the )?(end|next|q[1-4]|v?\d+|${MONTH}|release|freeze|rc\d*) `,
    String.raw` by \d`,
  ].join("|"),
);

/** The time requested when it is fine, or the message to show beside the field. */
export type MinutesNeededCheck = { ok: true; minutesNeeded: number } | { ok: false; reason: string };

/** Time requested: a whole number of minutes from 5 to 120. */
export function checkMinutesNeeded(minutesNeeded: number): MinutesNeededCheck {
  if (!Number.isInteger(minutesNeeded) || minutesNeeded < MINUTES_NEEDED_MIN || minutesNeeded > MINUTES_NEEDED_MAX) {
    return {
      ok: false,
      reason: `Give the time requested as a whole number of minutes from ${MINUTES_NEEDED_MIN} to ${MINUTES_NEEDED_MAX}.`,
    };
  }
  return { ok: true, minutesNeeded };
}

/** The links to store when they are fine, or the message to show beside the field. */
export type LinksCheck = { ok: true; links: string[] } | { ok: false; reason: string };

/**
 * Links to list threads or other pages. Each is trimmed; blank entries are
 * dropped. A link is an absolute http or https address with a host, no white
 * space, no user name or password (they disguise the real host), and at most
 * 2,000 characters; `javascript:`, `data:`, `ftp:`, `mailto:` and the rest are
 * refused. The result holds each link once, in the order given, written as the
 * URL standard serialises it (so "HTTPS://Lists.GNU.org/x" and
 * "https://lists.gnu.org/x" are one link); there are at most 10.
 */
export function normalizeLinks(input: readonly string[]): LinksCheck {
  const links: string[] = [];
  let position = 0;
  for (const raw of input) {
    const value = raw.trim();
    if (value.length === 0) continue;
    position += 1;
    const reason = linkProblem(value);
    if (reason) return { ok: false, reason: `Link ${position} (“${shorten(value)}”) ${reason}` };
    const href = new URL(value).href;
    if (!links.includes(href)) links.push(href);
  }
  if (links.length > LINKS_MAX) return { ok: false, reason: `An item has at most ${LINKS_MAX} links.` };
  return { ok: true, links };
}

function linkProblem(value: string): string | undefined {
  if (value.length > LINK_MAX_LENGTH) return `has more than ${LINK_MAX_LENGTH} characters.`;
  if (/\s/.test(value)) return "contains a space; give one address per line.";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a web address: write it in full, such as https://lists.gnu.org/archive/html/qemu-devel/.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "is not an http or https address.";
  if (url.hostname.length === 0) return "has no host.";
  if (url.username.length > 0 || url.password.length > 0) return "has a user name or password in it.";
  if (url.href.length > LINK_MAX_LENGTH) return `has more than ${LINK_MAX_LENGTH} characters.`;
  return undefined;
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 59)}…` : value;
}

/** The fields of one revision of an item, as stored. */
export interface AgendaItemRevisionFields {
  title: string;
  outcomeKind: OutcomeKind;
  desiredOutcome: string;
  background: string;
  minutesNeeded: number;
  /** The discussion lead's id. */
  leadId: string | null;
  links: readonly string[];
}

/** The name of one field of a revision. */
export type RevisionField = keyof AgendaItemRevisionFields;

/** The fields in the order the item page shows them, with their names there. */
export const REVISION_FIELDS: readonly { field: RevisionField; label: string }[] = [
  { field: "title", label: "Title" },
  { field: "outcomeKind", label: "Kind of outcome" },
  { field: "desiredOutcome", label: "Desired outcome" },
  { field: "background", label: "Background" },
  { field: "minutesNeeded", label: "Time requested" },
  { field: "leadId", label: "Discussion lead" },
  { field: "links", label: "Links" },
];

/**
 * The fields that differ between two revisions, in the order of
 * {@link REVISION_FIELDS}. Values compare exactly; links compare as an ordered
 * list, so reordering them is a change.
 */
export function describeRevisionChanges(
  before: AgendaItemRevisionFields,
  after: AgendaItemRevisionFields,
): { field: RevisionField; label: string }[] {
  return REVISION_FIELDS.filter(({ field }) => {
    if (field === "links") {
      return before.links.length !== after.links.length || before.links.some((link, i) => link !== after.links[i]);
    }
    return before[field] !== after[field];
  }).map((entry) => ({ ...entry }));
}
