import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const MAKE_HISTORY = fileURLToPath(new URL("../../../shared/tools/make-history.mjs", import.meta.url));

/** What make-history writes beside the repository: the true counts, mailmap applied. */
export interface HistoryTruth {
  commits: number;
  authors: number;
  since: string;
  until: string;
  ranking: Array<{ name: string; email: string; commits: number }>;
}

/**
 * A repository built by ../shared/tools/make-history.mjs, cached under the
 * system's temporary folder by its arguments (100,000 commits take a minute to
 * build). The .expected.json is moved into place last, so its presence means
 * the cached repository is whole.
 */
export function historyRepository(commits: number, authors: number): { dir: string; expected: HistoryTruth } {
  const base = join(tmpdir(), "summit-make-history");
  const dir = join(base, `commits-${commits}-authors-${authors}-seed-1`);
  const expectedPath = `${dir}.expected.json`;
  if (!existsSync(expectedPath) || !existsSync(join(dir, ".git"))) {
    mkdirSync(base, { recursive: true });
    const partial = `${dir}.partial-${process.pid}-${Date.now()}`;
    const made = spawnSync(
      process.execPath,
      [MAKE_HISTORY, partial, "--commits", String(commits), "--authors", String(authors)],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    if (made.status !== 0) throw new Error(`make-history failed (exit ${made.status ?? made.signal})`);
    try {
      renameSync(partial, dir);
    } catch {
      // Built meanwhile by another run; the history is the same (fixed seed).
      rmSync(partial, { recursive: true, force: true });
    }
    renameSync(`${partial}.expected.json`, expectedPath);
  }
  return { dir, expected: JSON.parse(readFileSync(expectedPath, "utf8")) as HistoryTruth };
}
