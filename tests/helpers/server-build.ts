// The production build (`remix build`) for tests that serve real pages. Built
// when missing; test files that need it at the same time take turns through a
// lock folder. An existing build is used as it is (`npm run build` refreshes it):
// rebuilding under a server that is already running from it would break that server.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./child-process";

export const BUILD_INDEX = join(REPO_ROOT, "build", "index.js");

/** Makes sure build/index.js exists; returns its path. */
export async function ensureBuild(timeoutMs = 240_000): Promise<string> {
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
    if (!existsSync(BUILD_INDEX)) {
      const result = spawnSync(join(REPO_ROOT, "node_modules", ".bin", "remix"), ["build"], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: timeoutMs,
        env: { ...process.env, NODE_ENV: "production" },
      });
      if (result.status !== 0) throw new Error(`remix build failed:\n${result.stdout}\n${result.stderr}`);
    }
  } finally {
    rmdirSync(lock);
  }
  return BUILD_INDEX;
}
