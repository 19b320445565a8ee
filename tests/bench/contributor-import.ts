// Contributor import from a git history, against `git shortlog -sne HEAD` on
// the same repository, measured alternately in this run.
import { spawn } from "node:child_process";
import { migrateToLatest } from "../../db/client";
import { insertSummit } from "../../db/queries/summit";
import { countRepositoryCommits, importFromGit } from "../../app/services/eligibility/commands/imports.server";
import { historyRepository } from "../helpers/history-repository";
import type { Report } from "./report";
import type { Store } from "./store";

const HISTORY = { commits: 100_000, authors: 2_000 };
export const MAX_IMPORT_RATIO = 1.5;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Milliseconds `git shortlog -sne HEAD` takes, its output read through a pipe as the import reads git's. */
function timeShortlog(dir: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn("git", ["-C", dir, "shortlog", "-sne", "HEAD"], { stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolvePromise(performance.now() - started) : reject(new Error(`git shortlog exited ${code}`)),
    );
  });
}

/**
 * Times, alternately and `repetitions` times each: git shortlog; the counting
 * path of the import (git log --use-mailmap streamed into countCommitsFromLog,
 * no database); and the whole `importFromGit` with its write into `store`.
 * The ratio bounded is the whole import's.
 */
export async function measureContributorImport(store: Store, repetitions: number, report: Report): Promise<void> {
  const { dir, expected } = historyRepository(HISTORY.commits, HISTORY.authors);
  const handle = await store.open();
  try {
    await migrateToLatest(handle.db);
    const summit = await insertSummit(handle.db, {
      slug: "bench-import",
      title: "Import benchmark summit",
      starts_on: "2017-10-25",
      ends_on: "2017-10-25",
      timezone: "Europe/Prague",
      list_address: "list@bench.summit.test",
    });
    if (!summit) throw new Error("the import benchmark summit could not be created");
    const period = { since: expected.since, until: expected.until };
    // Once untimed, so every timed run finds the repository in the page cache.
    await timeShortlog(dir);
    const times = { shortlog: [] as number[], counting: [] as number[], full: [] as number[] };
    let wrong = "";
    for (let i = 0; i < repetitions; i++) {
      times.shortlog.push(await timeShortlog(dir));
      let started = performance.now();
      const counted = await countRepositoryCommits(dir, period);
      times.counting.push(performance.now() - started);
      started = performance.now();
      const imported = await importFromGit(handle.db, {
        summitId: summit.id,
        actorId: null,
        repoPath: dir,
        ...period,
        now: new Date(),
      });
      times.full.push(performance.now() - started);
      // Every commit is counted, or skipped as a bot's or a machine's.
      const commits = [...counted.counts, ...counted.skipped].reduce((sum, c) => sum + c.commits, 0);
      const people = expected.commits - (expected.botCommits ?? 0) - (expected.placeholderCommits ?? 0);
      if (commits !== expected.commits) wrong = `counted ${commits} commits, expected ${expected.commits}`;
      if (!imported.ok) wrong = `import refused: ${imported.message}`;
      else if (imported.value.commits !== people) wrong = `imported ${imported.value.commits} commits, not ${people}`;
    }
    const shortlog = median(times.shortlog);
    const counting = median(times.counting);
    const full = median(times.full);
    const database = store.database;
    report.note(
      `  contributors import: ${HISTORY.commits.toLocaleString("en-US")} commits by ${HISTORY.authors.toLocaleString("en-US")} authors, median of ${repetitions}; counting is git log --use-mailmap and counting without the database, the import is importFromGit with its write`,
    );
    report.add({
      name: "contributors import shortlog",
      database,
      value: shortlog,
      unit: "ms",
      baseline: null,
      ratio: null,
    });
    report.add({
      name: "contributors import counting",
      database,
      value: counting,
      unit: "ms",
      baseline: "contributors import shortlog",
      ratio: counting / shortlog,
    });
    report.add(
      {
        name: "contributors import",
        database,
        value: full,
        unit: "ms",
        baseline: "contributors import shortlog",
        ratio: full / shortlog,
      },
      { ratioAtMost: MAX_IMPORT_RATIO },
    );
    if (wrong) report.problem(`contributors import on ${database}: wrong result: ${wrong}`);
  } finally {
    await handle.close();
  }
}
