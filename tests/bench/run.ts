// `npm run bench`: builds once, starts the production server on a fresh embedded
// database with the demo loaded, and measures each entry of MEASUREMENTS with
// autocannon on loopback, one after the other in the same run. Speed is reported
// as ratios against the bare route measured in this run, never as absolute gates.
// Add a measurement by appending an entry to MEASUREMENTS.
import { spawnSync } from "node:child_process";
import autocannon from "autocannon";
import { freePort, REPO_ROOT, startApp, type RunningApp } from "../helpers/app-server";

interface Measurement {
  /** Short name printed at the start of each line. */
  name: string;
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Status every response must have (default 200); anything else is counted as an error. */
  expectStatus?: number;
}

/** The first entry is the baseline: a route with no database work and a tiny body. */
const MEASUREMENTS: Measurement[] = [
  { name: "bare route /ping", path: "/ping" },
  { name: "summit page /summits/qemu-summit-2017", path: "/summits/qemu-summit-2017" },
];

const CONNECTIONS = boundedInt("BENCH_CONNECTIONS", 10, 1, 100);
const DURATION_S = boundedInt("BENCH_DURATION_S", 10, 1, 60);
const WARMUP_S = 2;

function boundedInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

interface Result {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  unexpectedStatus: number;
}

async function measure(origin: string, m: Measurement, seconds: number): Promise<Result> {
  const expected = m.expectStatus ?? 200;
  let unexpectedStatus = 0;
  const result = await autocannon({
    url: `${origin}${m.path}`,
    method: m.method ?? "GET",
    headers: m.headers,
    body: m.body,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    setupClient(client) {
      client.on("response", (statusCode: number) => {
        if (statusCode !== expected) unexpectedStatus++;
      });
    },
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    unexpectedStatus,
  };
}

function line(name: string, value: number, unit: string, baseline: number): string {
  const ratio = baseline > 0 ? value / baseline : Number.NaN;
  const shown = value >= 100 ? value.toFixed(0) : value.toFixed(1);
  return `${name}: ${shown} ${unit} (ratio ${ratio.toFixed(2)} vs baseline)`;
}

async function checkAnswers(origin: string, m: Measurement): Promise<void> {
  const response = await fetch(`${origin}${m.path}`, { method: m.method ?? "GET", headers: m.headers, body: m.body });
  await response.arrayBuffer();
  if (response.status !== (m.expectStatus ?? 200)) {
    throw new Error(`${m.name}: ${m.path} answered ${response.status}, expected ${m.expectStatus ?? 200}`);
  }
}

async function main(): Promise<number> {
  process.stdout.write("Building the production bundle (npm run build)...\n");
  const build = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) {
    process.stderr.write(`npm run build failed (exit ${build.status ?? build.signal})\n`);
    return 1;
  }

  let app: RunningApp | null = null;
  const stopOnSignal = () => {
    void (app?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);

  try {
    app = await startApp({
      port: await freePort(),
      env: { OUTBOX_WORKER: "off", SUMMIT_TEST_ROUTES: "0", SUMMIT_DEMO: "auto", LOG_LEVEL: "warn" },
    });
    for (const m of MEASUREMENTS) await checkAnswers(app.origin, m);

    process.stdout.write(
      `Summit benchmark: ${CONNECTIONS} connections × ${DURATION_S} s per measurement, loopback, embedded database, Node ${process.version}\n`,
    );
    let baseline: Result | null = null;
    let failures = 0;
    for (const m of MEASUREMENTS) {
      await measure(app.origin, m, WARMUP_S);
      const result = await measure(app.origin, m, DURATION_S);
      baseline ??= result;
      process.stdout.write(
        `${line(`${m.name} throughput`, result.requestsPerSecond, "req/s", baseline.requestsPerSecond)}\n`,
      );
      process.stdout.write(`${line(`${m.name} p99 latency`, result.p99Ms, "ms", baseline.p99Ms)}\n`);
      if (result.errors > 0 || result.unexpectedStatus > 0) {
        failures++;
        process.stdout.write(
          `${m.name}: ${result.errors} errors or timeouts, ${result.unexpectedStatus} unexpected statuses\n`,
        );
      }
    }
    return failures === 0 ? 0 : 1;
  } finally {
    await app?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
