import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HISTORY_GENERATOR_VERSION, makeHistory, type HistoryTruth } from "./make-history";

export type { HistoryTruth };

/**
 * A repository built by make-history.ts (seed 1), cached under the system's
 * temporary folder by its arguments and the generator's version, so a history
 * built by an older generator is never reused. 100,000 commits take about ten
 * seconds to build. The .expected.json is moved into place last, so its
 * presence means the cached repository is whole.
 */
export function historyRepository(commits: number, authors: number): { dir: string; expected: HistoryTruth } {
  const base = join(tmpdir(), `summit-git-history-v${HISTORY_GENERATOR_VERSION}`);
  const dir = join(base, `commits-${commits}-authors-${authors}-seed-1`);
  const expectedPath = `${dir}.expected.json`;
  if (!existsSync(expectedPath) || !existsSync(join(dir, ".git"))) {
    mkdirSync(base, { recursive: true });
    const partial = `${dir}.partial-${process.pid}-${Date.now()}`;
    try {
      makeHistory(partial, { commits, authors, seed: 1 });
      try {
        renameSync(partial, dir);
      } catch {
        // Built meanwhile by another run; the history is the same (fixed seed).
        rmSync(partial, { recursive: true, force: true });
      }
      renameSync(`${partial}.expected.json`, expectedPath);
    } finally {
      rmSync(partial, { recursive: true, force: true });
      rmSync(`${partial}.expected.json`, { force: true });
    }
  }
  return { dir, expected: JSON.parse(readFileSync(expectedPath, "utf8")) as HistoryTruth };
}
