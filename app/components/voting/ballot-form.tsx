import { Form } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { FormActions, SubmitButton } from "~/components/form-field";
import { plural } from "~/domain/text/plural";
import { pointsLeft, type VotingMethod } from "~/domain/voting/ballot";
import { moveInRanking } from "./ranking-moves";

export interface BallotItem {
  number: number;
  title: string;
  minutes: number;
}

/** What the form shows in its fields: the voter's ballot, or what they sent that was refused. */
export type BallotValues = Record<string, string | string[]>;

/** The current ballot's choices as the form's fields. */
export function ballotValuesOf(
  method: VotingMethod["kind"],
  choices: number[] | Record<string, number> | null,
): BallotValues {
  if (!choices) return {};
  if (Array.isArray(choices)) return { approve: choices.map(String) };
  const prefix = method === "ranked" ? "rank" : "points";
  return Object.fromEntries(Object.entries(choices).map(([item, n]) => [`${prefix}-${item}`, String(n)]));
}

function valueOf(values: BallotValues, name: string): string {
  const value = values[name];
  return typeof value === "string" ? value : "";
}

/** Points given so far, as the voter types (dot voting, with JavaScript). */
function PointsLeft({ budget, given }: { budget: number; given: number[] }) {
  const left = pointsLeft(budget, given);
  return (
    <p aria-live="polite" className={left < 0 ? "field-error" : "muted"}>
      {left >= 0 ? `${left} of ${budget} points left.` : `${plural(-left, "point", "points")} over your ${budget}.`}
    </p>
  );
}

/**
 * The ballot, as plain form fields: a rank to choose per item, points per
 * item, or a tick per item. It works without JavaScript; with it, dot voting
 * says how many points are left as the voter types, and ranked ballots have
 * buttons that move an item up or down the order.
 */
export function BallotForm(props: {
  action: string;
  intent: ReactNode;
  method: VotingMethod;
  items: readonly BallotItem[];
  values: BallotValues;
  busy: boolean;
  describedBy?: string;
}) {
  const { method, items, values } = props;
  const [points, setPoints] = useState<Record<string, string>>(() =>
    Object.fromEntries(items.map((i) => [`points-${i.number}`, valueOf(values, `points-${i.number}`)])),
  );
  const [ranks, setRanks] = useState<Record<string, string>>(() =>
    Object.fromEntries(items.map((i) => [`rank-${i.number}`, valueOf(values, `rank-${i.number}`)])),
  );
  const [moved, setMoved] = useState("");
  // The buttons need the page's script: without it they would do nothing, so they appear once it runs.
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  const numbers = items.map((i) => i.number);
  const move = (item: BallotItem, direction: "up" | "down") => {
    const next = moveInRanking(ranks, numbers, item.number, direction);
    setRanks(next);
    setMoved(`${item.title}: rank ${next[`rank-${item.number}`]}.`);
  };
  const approved = new Set(Array.isArray(values.approve) ? values.approve : values.approve ? [values.approve] : []);
  const hint =
    method.kind === "ranked"
      ? "Give 1 to the item you most want discussed, 2 to the next, and so on. Items may share a rank; items you leave unranked count below every ranked one."
      : method.kind === "dots"
        ? `Spread up to ${method.budget} points over the items, at most ${method.maxPerItem} on one.`
        : `Tick up to ${method.maxApprovals} items you want discussed.`;
  return (
    <Form method="post" action={props.action} className="form" aria-describedby={props.describedBy}>
      {props.intent}
      <fieldset className="field">
        <legend>Your ballot</legend>
        <p className="hint">{hint}</p>
        {method.kind === "dots" ? (
          <PointsLeft budget={method.budget} given={Object.values(points).map((p) => Number(p || 0))} />
        ) : null}
        <ol className="ballot">
          {items.map((item) => {
            const id = `ballot-${item.number}`;
            const label = (
              <label htmlFor={id}>
                {item.number}. {item.title} <span className="muted">({item.minutes} min)</span>
              </label>
            );
            if (method.kind === "approval") {
              return (
                <li key={item.number}>
                  <input
                    type="checkbox"
                    id={id}
                    name="approve"
                    value={String(item.number)}
                    defaultChecked={approved.has(String(item.number))}
                  />{" "}
                  {label}
                </li>
              );
            }
            if (method.kind === "dots") {
              const name = `points-${item.number}`;
              return (
                <li key={item.number}>
                  {label}{" "}
                  <input
                    type="number"
                    id={id}
                    name={name}
                    min={0}
                    max={method.maxPerItem}
                    step={1}
                    inputMode="numeric"
                    value={points[name] ?? ""}
                    onChange={(event) => setPoints((p) => ({ ...p, [name]: event.target.value }))}
                  />
                </li>
              );
            }
            const name = `rank-${item.number}`;
            return (
              <li key={item.number}>
                {label}{" "}
                <select
                  id={id}
                  name={name}
                  value={ranks[name] ?? ""}
                  onChange={(event) => setRanks((r) => ({ ...r, [name]: event.target.value }))}
                >
                  <option value="">not ranked</option>
                  {items.map((_, i) => (
                    <option key={i + 1} value={String(i + 1)}>
                      {i + 1}
                    </option>
                  ))}
                </select>
                {scripted ? (
                  <>
                    {" "}
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={`${ranks[name] ? "Up" : "Rank next"}: ${item.number}. ${item.title}`}
                      onClick={() => move(item, "up")}
                    >
                      {ranks[name] ? "Up" : "Rank next"}
                    </button>{" "}
                    {ranks[name] ? (
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={`Down: ${item.number}. ${item.title}`}
                        onClick={() => move(item, "down")}
                      >
                        Down
                      </button>
                    ) : null}
                  </>
                ) : null}
              </li>
            );
          })}
        </ol>
        {method.kind === "ranked" ? (
          <p className="visually-hidden" aria-live="polite">
            {moved}
          </p>
        ) : null}
      </fieldset>
      <FormActions>
        <SubmitButton disabled={props.busy}>Cast this ballot</SubmitButton>
      </FormActions>
    </Form>
  );
}
