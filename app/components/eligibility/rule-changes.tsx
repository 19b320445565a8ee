import { Notice } from "~/components/notice";
import type { EligibilityDiffSummary, PersonRef } from "~/domain/eligibility/diff-summary";
import { plural, someNames, utcMinute } from "./words";

interface LastChange extends EligibilityDiffSummary {
  at: string;
  actor: string;
  change: "added" | "removed";
  rule: string;
  eligibleBefore: number;
  eligibleAfter: number;
}

function PeopleList({ people, total }: { people: readonly PersonRef[]; total: number }) {
  return (
    <ul className="stack-list">
      {people.map((p) => (
        <li key={p.email}>
          {p.name} <span className="muted">&lt;{p.email}&gt;</span>
        </li>
      ))}
      {total > people.length ? <li className="muted">and {plural(total - people.length, "more", "more")}</li> : null}
    </ul>
  );
}

/** One side of a diff under its heading: the people, or "Nobody." */
function DiffSide({ heading, people, total }: { heading: string; people: readonly PersonRef[]; total: number }) {
  return (
    <>
      <h3>
        {heading} ({total.toLocaleString("en")})
      </h3>
      {total === 0 ? <p className="muted">Nobody.</p> : <PeopleList people={people} total={total} />}
    </>
  );
}

/** The confirmation after a change; after a rule change, who it added and who dropped out. */
export function ChangeNotice({ text, diff }: { text: string; diff: EligibilityDiffSummary | null }) {
  let summary = "";
  if (diff) {
    summary =
      diff.addedCount === 0 && diff.removedCount === 0
        ? "Nobody was added and nobody dropped out."
        : [
            diff.addedCount > 0
              ? `Added (${diff.addedCount.toLocaleString("en")}): ${someNames(diff.added, diff.addedCount)}.`
              : "Nobody was added.",
            diff.removedCount > 0
              ? `Dropped out (${diff.removedCount.toLocaleString("en")}): ${someNames(diff.removed, diff.removedCount)}.`
              : "Nobody dropped out.",
          ].join(" ");
  }
  return (
    <Notice tone="success">
      {text}
      {summary ? ` ${summary}` : null}
    </Notice>
  );
}

/** The last rule change: who made it, how the list's size moved, and who was added and who dropped out. */
export function LastRuleChange({ last }: { last: LastChange }) {
  return (
    <section className="card" aria-labelledby="last-change-heading">
      <h2 id="last-change-heading">Last change to the rules</h2>
      <p>
        {last.actor} {last.change} the rule “{last.rule}” on <time dateTime={last.at}>{utcMinute(last.at)} UTC</time>:
        the list went from {plural(last.eligibleBefore, "person", "people")} to{" "}
        {plural(last.eligibleAfter, "person", "people")}.
      </p>
      <DiffSide heading="Added" people={last.added} total={last.addedCount} />
      <DiffSide heading="Dropped out" people={last.removed} total={last.removedCount} />
    </section>
  );
}

/** Whom imports (counts, responsibilities, aliases) have admitted or dropped since the last rule change. */
export function ChangedSinceLastRuleChange({ diff }: { diff: EligibilityDiffSummary }) {
  return (
    <section className="card" aria-labelledby="since-heading">
      <h2 id="since-heading">Changed since the last rule change</h2>
      <p>New imports (counts, responsibilities or aliases) changed whom the rules admit.</p>
      <DiffSide heading="Now eligible" people={diff.added} total={diff.addedCount} />
      <DiffSide heading="No longer eligible" people={diff.removed} total={diff.removedCount} />
    </section>
  );
}
