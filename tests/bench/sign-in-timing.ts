// R10: a sign-in link request must not reveal whether an address has an
// account, by its answer or by its time.
import { median } from "./contributor-import";
import type { DatabaseName, Report } from "./report";

const REQUESTS_EACH = 200;

/**
 * Requests for existing accounts (`known`) and for unknown addresses are
 * interleaved; the answers must be identical, and the medians are reported
 * side by side (the unknown one as a ratio to the known one).
 */
export async function measureSignInTiming(
  origin: string,
  known: string[],
  database: DatabaseName,
  report: Report,
): Promise<void> {
  const timings = { known: [] as number[], unknown: [] as number[] };
  const answers = new Set<string>();
  for (let i = 0; i < REQUESTS_EACH * 2; i++) {
    const kind = i % 2 === 0 ? "known" : "unknown";
    const email = kind === "known" ? known[(i / 2) % known.length]! : `nobody-${i}@unknown.example.org`;
    const started = performance.now();
    const response = await fetch(`${origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin" },
      body: new URLSearchParams({ email }).toString(),
    });
    const body = await response.text();
    timings[kind].push(performance.now() - started);
    answers.add(`${response.status} ${response.headers.get("location") ?? ""} ${body.length}`);
  }
  const knownMedian = median(timings.known);
  const unknownMedian = median(timings.unknown);
  report.add({
    name: "sign-in link request known",
    database,
    value: knownMedian,
    unit: "ms",
    baseline: null,
    ratio: null,
  });
  report.add({
    name: "sign-in link request unknown",
    database,
    value: unknownMedian,
    unit: "ms",
    baseline: "sign-in link request known",
    ratio: unknownMedian / knownMedian,
  });
  report.add({
    name: "sign-in link request answers",
    database,
    value: answers.size,
    unit: "distinct answers",
    baseline: null,
    ratio: null,
  });
  if (answers.size !== 1) {
    report.problem(
      `sign-in link request on ${database}: ${answers.size} different answers for known and unknown addresses`,
    );
  }
  report.note(
    `  sign-in link request: medians of ${REQUESTS_EACH} each, interleaved; ${answers.size === 1 ? "identical answers" : `${answers.size} different answers`} for known and unknown addresses; median difference ${Math.abs(unknownMedian - knownMedian).toFixed(1)} ms`,
  );
}
