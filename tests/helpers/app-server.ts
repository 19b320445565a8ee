// Starts the built Summit server (`node build/server.js`, as `npm start` does)
// the way the browser tests, the screenshot script and the benchmarks need it: a
// fresh temporary data folder, production mode, loopback only, and optionally a
// fresh PostgreSQL schema. The build is made first when it is missing (once, even
// for several servers: see server-build.ts). Run as a script it is Playwright's
// web server: it stays up until SIGTERM or SIGINT, then stops the app and
// removes what it created.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { ensureBuild, REPO_ROOT, SERVER_ENTRY } from "./server-build";

export { REPO_ROOT };

export interface AppServerOptions {
  port: number;
  /** A PostgreSQL URL: the app then runs in a new schema of it (dropped at stop) instead of the embedded database. */
  postgresUrl?: string;
  /** Extra or overriding environment for the app. */
  env?: Record<string, string>;
  /** Where the app's own output goes (default: inherited). */
  stdio?: "inherit" | "ignore";
  /** How long to wait for /healthz (default 120 s: first start migrates and loads the demo). */
  startTimeoutMs?: number;
  /** Extra arguments for node before the entry point (the bench's --cpu-prof). */
  nodeArgs?: string[];
}

export interface RunningApp {
  origin: string;
  dataDir: string;
  /** The schema the app runs in, on PostgreSQL. */
  schema: string | null;
  stop(): Promise<void>;
}

/** The environment the browser tests run the app with; the demo loads only on the embedded database. */
export function appEnvironment(port: number, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    APP_ORIGIN: `http://127.0.0.1:${port}`,
    SUMMIT_DATA_DIR: dataDir,
    SUMMIT_TEST_ROUTES: "1",
    SUMMIT_DEMO: "auto",
    OUTBOX_WORKER: "inline",
    OUTBOX_POLL_MS: "200",
    // E2E_LOG_LEVEL=debug (with DEBUG=pw:webserver) shows the servers' logs when a browser test needs explaining.
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
    // Empty means unset to the app, and keeps a developer's .env from filling these in.
    DATABASE_URL: "",
    SMTP_URL: "",
  };
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

async function onPostgres(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function waitForHealthy(origin: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`the app exited with code ${child.exitCode} before it was healthy`);
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${origin}/healthz did not answer 200 within ${timeoutMs} ms (${last})`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once("exit", () => done()));
}

/** Starts the app from the build (made first if missing) and waits until /healthz answers. */
export async function startApp(options: AppServerOptions): Promise<RunningApp> {
  await ensureBuild();
  const dataDir = mkdtempSync(join(tmpdir(), "summit-app-"));
  const origin = `http://127.0.0.1:${options.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...appEnvironment(options.port, dataDir),
    ...options.env,
  };
  let schema: string | null = null;
  if (options.postgresUrl) {
    schema = `e2e_${randomBytes(6).toString("hex")}`;
    await onPostgres(options.postgresUrl, `create schema ${schema}`);
    env.DATABASE_URL = withSearchPath(options.postgresUrl, schema);
  }

  // Its own process group, so stopping reaches anything the app started too.
  const child: ChildProcess = spawn(
    process.execPath,
    ["--enable-source-maps", ...(options.nodeArgs ?? []), SERVER_ENTRY],
    {
      cwd: REPO_ROOT,
      env,
      stdio: options.stdio === "ignore" ? "ignore" : ["ignore", "inherit", "inherit"],
      detached: true,
    },
  );

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
        const killer = setTimeout(() => {
          try {
            process.kill(-child.pid!, "SIGKILL");
          } catch {
            // already gone
          }
        }, 15_000);
        await exited(child);
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
      if (schema && options.postgresUrl)
        await onPostgres(options.postgresUrl, `drop schema if exists ${schema} cascade`);
    })();
    return stopped;
  };

  try {
    await waitForHealthy(origin, options.startTimeoutMs ?? 120_000, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, dataDir, schema, stop };
}

function parseArgs(argv: string[]): { port: number; postgresUrlEnv: string | null } {
  let port = 3311;
  let postgresUrlEnv: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--port") port = Number(argv[++i]);
    else if (arg === "--postgres-url-env") postgresUrlEnv = argv[++i] ?? null;
    else throw new Error(`unknown argument ${arg}; use --port N [--postgres-url-env NAME]`);
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port must be a port number`);
  return { port, postgresUrlEnv };
}

async function main(): Promise<void> {
  const { port, postgresUrlEnv } = parseArgs(process.argv.slice(2));
  const postgresUrl = postgresUrlEnv ? process.env[postgresUrlEnv] : undefined;
  if (postgresUrlEnv && !postgresUrl) throw new Error(`${postgresUrlEnv} is not set`);
  const app = await startApp({ port, postgresUrl });
  process.stdout.write(
    `Summit test server on ${app.origin} (${app.schema ? `PostgreSQL schema ${app.schema}` : "embedded database"})\n`,
  );
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stopping the test server failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
