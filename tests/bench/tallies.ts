// The vote's tallies at the size the issue names: 500 ballots over 200 items,
// each method on the same voters' preferences. Pure CPU, no database: the
// figures are milliseconds, the median of several runs, and the Schulze tally
// must take under a second.
import { tallyApproval, tallyDots, tallySchulze, type RankedBallot } from "../../app/domain/voting/tally";
import { median } from "./contributor-import";
import type { Report } from "./report";

export const TALLY_FIGURES = ["schulze tally 500×200", "dot tally 500×200", "approval tally 500×200"] as const;
export const SCHULZE_MAX_MS = 1000;
const BALLOTS = 500;
const ITEMS = 200;
const RUNS = 5;

/** A reproducible pseudo-random sequence (the same ballots every run). */
function sequence(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/** Each voter's ranking of a random share of the items, and the same preferences as points and approvals. */
function ballots() {
  const next = sequence(2017);
  const items = Array.from({ length: ITEMS }, (_, i) => i + 1);
  const ranked: RankedBallot[] = [];
  const dots: Array<Map<number, number>> = [];
  const approvals: number[][] = [];
  for (let b = 0; b < BALLOTS; b++) {
    const order = items
      .map((item) => ({ item, key: next() }))
      .sort((a, c) => a.key - c.key)
      .map((x) => x.item)
      .slice(0, 1 + Math.floor(next() * ITEMS));
    ranked.push(new Map(order.map((item, i) => [item, i + 1])));
    dots.push(new Map(order.slice(0, 5).map((item, i) => [item, 5 - i])));
    approvals.push(order.slice(0, 10));
  }
  return { items, ranked, dots, approvals };
}

function time(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}

export function measureTallies(report: Report, wanted: (name: string) => boolean): void {
  const { items, ranked, dots, approvals } = ballots();
  report.note(`\ntallies: ${BALLOTS} ballots over ${ITEMS} items, median of ${RUNS} runs each, no database`);
  const runs: Record<(typeof TALLY_FIGURES)[number], () => unknown> = {
    "schulze tally 500×200": () => tallySchulze(items, ranked),
    "dot tally 500×200": () => tallyDots(items, dots),
    "approval tally 500×200": () => tallyApproval(items, approvals),
  };
  for (const name of TALLY_FIGURES) {
    if (!wanted(name)) continue;
    const figure = { name, database: null, value: time(runs[name]), unit: "ms", baseline: null, ratio: null };
    report.add(figure, name.startsWith("schulze") ? { valueAtMost: SCHULZE_MAX_MS } : null);
  }
}
