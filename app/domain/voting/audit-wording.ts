import type { AuditWording } from "../audit/wording";

const METHOD_WORDS: Record<string, string> = {
  approval: "approval voting",
  dots: "dot voting",
  ranked: "ranked ballots (Schulze)",
};

const VERDICT_WORDS: Record<string, string> = {
  agreed: "agreed",
  "not-agreed": "not agreed",
  blocked: "blocked",
};

/** Decision polls, recorded against the item they poll (secret answers leave no entry). */
export const POLL_AUDIT_WORDING: AuditWording = {
  "poll.opened": (d) =>
    `opened a ${d.secret === true ? "secret " : ""}poll on item ${Number(d.number ?? 0)}: ${Number(d.roll ?? 0)} on its roll`,
  "poll.answered": (d) =>
    `${d.replaced === true ? "changed their answer to" : "answered"} the poll on item ${Number(d.number ?? 0)}`,
  "poll.closed": (d) =>
    `closed a poll: ${Number(d.answered ?? 0)} of ${Number(d.roll ?? 0)} answered, ${VERDICT_WORDS[String(d.verdict)] ?? "counted"}`,
  "poll.decision_recorded": (d) =>
    `${d.replaced === true ? "recorded again" : "recorded"} the tentative decision of item ${Number(d.number ?? 0)}`,
};

/** The prioritisation vote: its set-up, opening and close, and named ballots (secret ones leave no entry), and decision polls. */
export const VOTING_AUDIT_WORDING: AuditWording = {
  "vote.set_up": (d) =>
    `set the vote to ${METHOD_WORDS[String(d.method)] ?? "a method"}${d.secret === true ? ", secret" : ", open ballots"}`,
  "vote.opened": (d) =>
    `opened voting: ${Number(d.roll ?? 0)} on the roll, ${Number(d.items ?? 0)} items on the ballot`,
  "vote.roll_updated": (d) => {
    const count = (key: string) => (Array.isArray(d[key]) ? (d[key] as unknown[]).length : 0);
    return `updated the roll: ${count("added")} added, ${count("removed")} taken off`;
  },
  "vote.closed": (d) => `closed voting: ${Number(d.voted ?? 0)} of ${Number(d.roll ?? 0)} voted`,
  "vote.ballot_cast": (d) => (d.replaced === true ? "changed their ballot" : "cast their ballot"),
  ...POLL_AUDIT_WORDING,
};
