// The build that tests run, as users run it (`npm run build`): the Remix build
// (build/index.js) and the compiled server and command line (build/server.js,
// build/cli.js, from build.config.mjs). Test files that need it at the same
// time take turns through a lock folder, so a run builds once.
//
// The Remix build is made only when missing (`npm run build` refreshes it):
// remaking it empties public/build under a server already running from it. The
// compiled server and command line are remade whenever they are older than the
// sources, so tests never run yesterday's code: that is quick, and a running
// process has already loaded the files it replaces.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export const BUILD_INDEX = join(REPO_ROOT, "build", "index.js");
export const SERVER_ENTRY = join(REPO_ROOT, "build", "server.js");
export const CLI_ENTRY = join(REPO_ROOT, "build", "cli.js");
/** The embedded database's thread, as the server starts it. */
export const PGLITE_THREAD_ENTRY = join(REPO_ROOT, "build", "pglite-thread.js");

/** Runs `fn` holding the build lock, waiting for another build to finish first. */
async function withBuildLock<T>(timeoutMs: number, fn: () => T): Promise<T> {
  const lock = join(REPO_ROOT, "tests", ".tmp", "build.lock");
  mkdirSync(join(REPO_ROOT, "tests", ".tmp"), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock older than the timeout belongs to a build that died.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > timeoutMs) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for another build (${lock})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(lock);
  }
}

function run(command: string, args: string[], timeoutMs: number): void {
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

function compileIfStale(timeoutMs: number): void {
  run(process.execPath, [join(REPO_ROOT, "build.config.mjs"), "--if-stale"], timeoutMs);
}

/** Makes sure build/cli.js is there and current; returns its path. For tests that run only the command line. */
export async function ensureCompiled(timeoutMs = 240_000): Promise<string> {
  await withBuildLock(timeoutMs, () => compileIfStale(timeoutMs));
  return CLI_ENTRY;
}

/** Makes sure the whole build is there (build/index.js, build/server.js, build/cli.js); returns build/index.js. */
export async function ensureBuild(timeoutMs = 240_000): Promise<string> {
  await withBuildLock(timeoutMs, () => {
    if (!existsSync(BUILD_INDEX)) run(join(REPO_ROOT, "node_modules", ".bin", "remix"), ["build"], timeoutMs);
    compileIfStale(timeoutMs);
  });
  return BUILD_INDEX;
}
