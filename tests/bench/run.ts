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

const LINK_REQUESTS_EACH = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * R10: a sign-in link request must not reveal whether an address has an
 * account, by its answer or by its time. Requests for demo accounts and for
 * unknown addresses are interleaved; the answers must be identical and the
 * medians are printed side by side.
 */
async function measureLinkRequestTiming(origin: string): Promise<{ lines: string[]; failed: boolean }> {
  const known = ["admin", "peter.maydell", "stefan.hajnoczi", "paolo.bonzini", "markus.armbruster"].map(
    (local) => `${local}@demo.summit.test`,
  );
  const timings = { known: [] as number[], unknown: [] as number[] };
  const answers = new Set<string>();
  for (let i = 0; i < LINK_REQUESTS_EACH * 2; i++) {
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
  return {
    lines: [
      `${line("sign-in link request median, known address", knownMedian, "ms", knownMedian)}`,
      `${line("sign-in link request median, unknown address", unknownMedian, "ms", knownMedian)}`,
      `sign-in link request: ${answers.size === 1 ? "identical answers" : `${answers.size} different answers`} for known and unknown addresses; median difference ${Math.abs(unknownMedian - knownMedian).toFixed(1)} ms`,
    ],
    failed: answers.size !== 1,
  };
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
      env: {
        OUTBOX_WORKER: "off",
        SUMMIT_TEST_ROUTES: "0",
        SUMMIT_DEMO: "auto",
        LOG_LEVEL: "warn",
        // The timing comparison sends hundreds of link requests from one address.
        LOGIN_LINKS_PER_ADDRESS: "1000",
        LOGIN_LINKS_PER_IP: "100000",
      },
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
    const timing = await measureLinkRequestTiming(app.origin);
    for (const text of timing.lines) process.stdout.write(`${text}\n`);
    if (timing.failed) failures++;
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
