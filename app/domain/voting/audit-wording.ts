import type { AuditWording } from "../audit/wording";

const METHOD_WORDS: Record<string, string> = {
  approval: "approval voting",
  dots: "dot voting",
  ranked: "ranked ballots (Schulze)",
};

/** The prioritisation vote: its set-up, opening and close, and named ballots (secret ones leave no entry). */
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
};
