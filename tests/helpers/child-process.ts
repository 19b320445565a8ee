import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI_ENTRY, ensureBuild, ensureCompiled, REPO_ROOT, SERVER_ENTRY } from "./server-build";

/** The repository root: child processes run there, as npm runs the app's scripts. */
export { REPO_ROOT };

/**
 * The app's entry points, as tests name them, and the files `npm run build`
 * compiles them to. Tests run the compiled files, as `npm start` and
 * `npm run summit` do; tsx runs only the test helpers.
 */
const COMPILED: Record<string, { file: string; ensure: () => Promise<unknown> }> = {
  "app/server.ts": { file: SERVER_ENTRY, ensure: () => ensureBuild() },
  "app/cli/summit.ts": { file: CLI_ENTRY, ensure: () => ensureCompiled() },
};

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The environment a child starts with: this process's, minus anything that
 * would point it at another database or data folder, plus `env`.
 */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    "DATABASE_URL",
    "SUMMIT_DATA_DIR",
    "PORT",
    "APP_ORIGIN",
    "NODE_OPTIONS",
    "VITEST",
    "VITEST_POOL_ID",
    "VITEST_WORKER_ID",
  ]) {
    delete base[key];
  }
  // Empty values count as unset in the config, and keep a stray .env from filling them in.
  return { ...base, DATABASE_URL: "", ...env };
}

/** The Node arguments that run `script`: its compiled file for an app entry point, else the script through tsx. */
function nodeArguments(script: string): string[] {
  const compiled = COMPILED[script];
  if (!compiled) return ["--import", "tsx", script];
  if (!existsSync(compiled.file)) {
    throw new Error(`${compiled.file} is missing: build first (await ensureBuild() or ensureCompiled())`);
  }
  return ["--enable-source-maps", compiled.file];
}

/**
 * Starts SCRIPT in the repository root: `node build/server.js` for
 * app/server.ts and `node build/cli.js` for app/cli/summit.ts (build first:
 * `ensureBuild()`), `node --import tsx SCRIPT` for a test helper.
 */
export function spawnTsx(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...nodeArguments(script), ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Starts the compiled server, `node build/server.js` (after `ensureBuild()`). */
export function spawnServer(env: Record<string, string>): ChildProcess {
  return spawnTsx("app/server.ts", [], env);
}

/** Runs the compiled command line, `node build/cli.js ...args`, compiling it first when it is missing or stale. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<RunResult> {
  return runTsx("app/cli/summit.ts", args, env, timeoutMs);
}

/**
 * Runs SCRIPT to its end and collects its output; an app entry point runs
 * compiled, built first when needed (`ms` leaves the build out).
 */
export async function runTsx(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<RunResult> {
  await COMPILED[script]?.ensure();
  const started = Date.now();
  const child = spawnTsx(script, args, env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} ${args.join(" ")} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Resolves with the first line of the child's output that `match` accepts. */
export function waitForLine(child: ChildProcess, match: (line: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no matching output within ${timeoutMs} ms; saw:\n${seen}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      const line = seen.split("\n").find((l) => match(l));
      if (line !== undefined) {
        cleanup();
        resolve(line);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`exited (${code}) before the expected output; saw:\n${seen}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", onExit);
  });
}

/** Resolves when the child has exited (and been reaped). */
export function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}
