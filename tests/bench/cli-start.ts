// How long a command that does nothing takes: `node build/cli.js db migrate`
// on an embedded data folder already migrated, against the same folder opened
// and closed by PGlite alone in a script of two lines (the floor of any command
// that reads the embedded database), in the same run. Each is run several times; the
// median is reported, as one slow start on a noisy machine says little.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CLI_ENTRY, REPO_ROOT } from "../helpers/server-build";
import { childEnv } from "../helpers/child-process";

/** Opens the folder with PGlite, asks one question, closes it: nothing of Summit's. */
const PGLITE_ALONE = `import { PGlite } from "@electric-sql/pglite";
const db = new PGlite(process.env.SUMMIT_DATA_DIR); await db.query("select 1"); await db.close();`;

export interface CliStart {
  pgliteOpenMs: number;
  migrateNoOpMs: number;
  runs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return elapsed;
}

/** Times the no-op migration as `npm run summit -- db migrate` runs it (build/ is made already). */
export function measureCliStart(runs = 7): CliStart {
  const dataDir = mkdtempSync(join(tmpdir(), "summit-bench-cli-"));
  try {
    const env = childEnv({ SUMMIT_DATA_DIR: dataDir });
    const migrate = ["--enable-source-maps", CLI_ENTRY, "db", "migrate"];
    timed(migrate, env); // creates and migrates the folder: not the case measured
    const alone: number[] = [];
    const noOp: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      alone.push(timed(["--input-type=module", "-e", PGLITE_ALONE], env));
      noOp.push(timed(migrate, env));
    }
    return { pgliteOpenMs: median(alone), migrateNoOpMs: median(noOp), runs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
