// `npm run bench`: builds once, starts the production server on a fresh embedded
// database with the demo loaded, and measures each entry of MEASUREMENTS with
// autocannon on loopback, one after the other in the same run. Speed is reported
// as ratios against the bare route measured in this run, never as absolute gates.
// Add a measurement by appending an entry to MEASUREMENTS. The contributor import
// is timed in-process against `git shortlog -sne` (measureContributorImport).
import { spawn, spawnSync } from "node:child_process";
import autocannon from "autocannon";
import { freePort, REPO_ROOT, startApp, type RunningApp } from "../helpers/app-server";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateToLatest, openDatabase } from "../../db/client";
import { insertSummit } from "../../db/queries/summit";
import { grantSummitRole } from "../../db/queries/summit-role";
import { createUser } from "../../db/queries/user";
import { startSession } from "../../app/auth/session.server";
import { addRule } from "../../app/services/eligibility.server";
import { countRepositoryCommits, importFromGit } from "../../app/services/contributor-import.server";
import { historyRepository } from "../helpers/history-repository";
import { seedAgendaItemsBench } from "./seed-agenda-items";

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
  const response = await fetch(`${origin}${m.path}`, {
    method: m.method ?? "GET",
    headers: m.headers,
    body: m.body,
    redirect: "manual",
  });
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
    const eligibility = await measureEligibilityPage();
    for (const text of eligibility.lines) process.stdout.write(`${text}\n`);
    if (eligibility.failed) failures++;
    const agendaItems = await measureAgendaItems();
    for (const text of agendaItems.lines) process.stdout.write(`${text}\n`);
    if (agendaItems.failed) failures++;
    const contributorImport = await measureContributorImport();
    for (const text of contributorImport.lines) process.stdout.write(`${text}\n`);
    if (contributorImport.failed) failures++;
    return failures === 0 ? 0 : 1;
  } finally {
    await app?.stop();
  }
}

interface SeededMeasurement extends Measurement {
  /** The lowest throughput, as a share of the bare route's, that this issue accepts. */
  floor?: number;
}

/**
 * Measures pages of a server started on a data folder `seed` filled first (the
 * bench server has no test routes to create data through), each as a ratio
 * to the bare route of that same server.
 */
async function measureOnSeededServer(
  prefix: string,
  seed: (dataDir: string) => Promise<SeededMeasurement[]>,
): Promise<{ lines: string[]; failed: boolean }> {
  const dataDir = mkdtempSync(join(tmpdir(), `summit-bench-${prefix}-`));
  let server: RunningApp | null = null;
  try {
    const pages = await seed(dataDir);
    server = await startApp({
      port: await freePort(),
      env: {
        SUMMIT_DATA_DIR: dataDir,
        SUMMIT_DEMO: "off",
        SUMMIT_TEST_ROUTES: "0",
        OUTBOX_WORKER: "off",
        LOG_LEVEL: "warn",
      },
    });
    for (const page of pages) await checkAnswers(server.origin, page);
    const bare: Measurement = { name: "bare route /ping, same server", path: "/ping" };
    await measure(server.origin, bare, WARMUP_S);
    const base = await measure(server.origin, bare, DURATION_S);
    const lines = [line(`${bare.name} throughput`, base.requestsPerSecond, "req/s", base.requestsPerSecond)];
    let failed = base.errors > 0 || base.unexpectedStatus > 0;
    for (const page of pages) {
      await measure(server.origin, page, WARMUP_S);
      const measured = await measure(server.origin, page, DURATION_S);
      const ratio = measured.requestsPerSecond / Math.max(base.requestsPerSecond, 1e-9);
      lines.push(
        line(`${page.name} throughput`, measured.requestsPerSecond, "req/s", base.requestsPerSecond),
        line(`${page.name} p99 latency`, measured.p99Ms, "ms", base.p99Ms),
        // A small ratio rounds to 0.00 at two decimals; the inverse says more.
        `${page.name}: one request costs as much as ${(1 / Math.max(ratio, 1e-9)).toFixed(1)} bare-route requests`,
      );
      if (page.floor !== undefined) {
        const ok = ratio >= page.floor;
        lines.push(
          `${page.name}: ${ratio.toFixed(2)} of the bare route, required at least ${page.floor}: ${ok ? "ok" : "TOO SLOW"}`,
        );
        if (!ok) failed = true;
      }
      if (measured.errors > 0 || measured.unexpectedStatus > 0) {
        failed = true;
        lines.push(
          `${page.name}: ${measured.errors} errors or timeouts, ${measured.unexpectedStatus} unexpected statuses`,
        );
      }
    }
    return { lines, failed };
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The eligibility page of a summit with 5,000 candidates and 20 rules. */
function measureEligibilityPage() {
  return measureOnSeededServer("eligibility", async (dataDir) => {
    const seeded = await seedEligibilityBench(dataDir);
    return [
      {
        name: `eligibility page (${seeded.candidates} candidates, ${seeded.rules} rules, ${seeded.eligible} eligible)`,
        path: `/summits/${seeded.slug}/eligibility`,
        headers: { Cookie: seeded.cookie },
      },
    ];
  });
}

/**
 * Issue 4: the item list of a summit with 1,000 items and 300 attendees (at
 * least 0.2 of the bare route), and proposing an item through the form's
 * HTTP endpoint, as an attendee would without JavaScript.
 */
function measureAgendaItems() {
  return measureOnSeededServer("items", async (dataDir) => {
    const seeded = await seedAgendaItemsBench(dataDir);
    const list = `/summits/${seeded.slug}/items`;
    const form = new URLSearchParams({
      intent: "submit",
      title: "Deprecation cycle",
      outcomeKind: "consensus_check",
      desiredOutcome: "Agree that code which is costly to maintain may be removed before the two-release grace period.",
      background: "Markus asked for exceptions to the policy; Daniel asked us to keep it.",
      minutesNeeded: "15",
      leadId: "",
      links: "https://wiki.qemu.org/Features/LegacyRemoval",
    });
    const who = `${seeded.items} items, ${seeded.attendees} attendees`;
    const pages: SeededMeasurement[] = [
      { name: `item list (${who})`, path: list, headers: { Cookie: seeded.cookie }, floor: 0.2 },
      {
        name: `item list sorted by co-sponsors, page 20 (${who})`,
        path: `${list}?sort=cosponsors&page=20`,
        headers: { Cookie: seeded.cookie },
        floor: 0.2,
      },
      {
        name: "item submission through the form (POST /items/new)",
        method: "POST",
        path: `${list}/new`,
        headers: {
          Cookie: seeded.cookie,
          // What a browser sends with a form posted from the app's own page.
          "Sec-Fetch-Site": "same-origin",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: form.toString(),
        expectStatus: 302,
      },
    ];
    return pages;
  });
}

/**
 * Five thousand people: source A counts persons 0..2999, source B persons
 * 2000..4999 (500 of them under old addresses a mailmap alias maps back), 105
 * responsibilities; 20 rules of every kind (tests/integration/eligibility.test.ts
 * checks the same shape's result).
 */
async function seedEligibilityBench(
  dataDir: string,
): Promise<{ slug: string; cookie: string; candidates: number; rules: number; eligible: number }> {
  const handle = await openDatabase({ dataDir });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const organizer = await createUser(db, { email: "organizer@bench.summit.test", displayName: "Bench Organizer" });
    const summit = await insertSummit(db, {
      slug: "bench-eligibility",
      title: "Eligibility benchmark summit",
      starts_on: "2017-10-25",
      ends_on: "2017-10-25",
      timezone: "Europe/Prague",
      list_address: "list@bench.summit.test",
    });
    if (!summit) throw new Error("the benchmark summit could not be created");
    await grantSummitRole(db, { summitId: summit.id, userId: organizer.id, role: "organizer" });

    const person = (i: number) => `person${i}@example.org`;
    const addSource = async (label: string, since: string | null, rows: Array<[string, string, number]>) => {
      const source = await db
        .insertInto("contributor_source")
        .values({ summit_id: summit.id, kind: "git", label, since, until: since ? "2017-12-31" : null })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (let i = 0; i < rows.length; i += 1000) {
        await db
          .insertInto("contributor")
          .values(
            rows.slice(i, i + 1000).map(([email, name, commits]) => ({ source_id: source.id, email, name, commits })),
          )
          .execute();
      }
      return source.id;
    };
    const a = await addSource(
      "git A",
      "2017-01-01",
      Array.from({ length: 3000 }, (_, i): [string, string, number] => [person(i), `Person ${i}`, 3000 - i]),
    );
    const b = await addSource(
      "shortlog B",
      null,
      Array.from({ length: 3000 }, (_, k): [string, string, number] => {
        const i = 2000 + k;
        return [i < 2500 ? `old${i}@example.net` : person(i), `Person ${i}`, 5000 - i];
      }),
    );
    await db
      .insertInto("email_alias")
      .values(
        Array.from({ length: 500 }, (_, k) => ({
          summit_id: summit.id,
          alias_email: `old${2000 + k}@example.net`,
          canonical_email: person(2000 + k),
        })),
      )
      .execute();
    await db
      .insertInto("responsibility")
      .values([
        ...Array.from({ length: 100 }, (_, k) => ({
          summit_id: summit.id,
          role: `maintainer: Area ${k}`,
          email: person(k * 50),
          name: `Person ${k * 50}`,
          origin: "maintainers" as const,
        })),
        ...[4995, 4996, 4997, 4998, 4999].map((i) => ({
          summit_id: summit.id,
          role: "stable maintainer",
          email: person(i),
          name: `Person ${i}`,
          origin: "manual" as const,
        })),
      ])
      .execute();

    const rules: Array<Record<string, unknown>> = [
      ...[1000, 500, 100, 10].map((n) => ({ kind: "top_contributors", sourceId: a, n: String(n) })),
      ...[1000, 500, 50, 10].map((n) => ({ kind: "top_contributors", sourceId: b, n: String(n) })),
      { kind: "responsibility", scope: "all" },
      { kind: "responsibility", scope: "chosen", roles: "stable maintainer" },
      ...Array.from({ length: 6 }, (_, j) => ({
        kind: "include",
        email: `guest${j}@example.com`,
        name: `Guest ${j}`,
        reason: "invited speaker",
      })),
      ...[person(0), person(4999), "guest0@example.com", "nobody@example.com"].map((email) => ({
        kind: "exclude",
        email,
        reason: "declined in advance",
      })),
    ];
    let eligible = 0;
    const actor = { id: organizer.id, isAdmin: false };
    for (const input of rules) {
      const outcome = await addRule(db, { actor, slug: summit.slug, input });
      if (!outcome.ok) throw new Error(`seeding the eligibility benchmark: ${outcome.message}`);
      eligible = outcome.value.eligible;
    }
    const setCookie = await startSession(db, { secure: false, idleHours: 24, absoluteDays: 7 }, organizer.id);
    return { slug: summit.slug, cookie: setCookie.split(";")[0]!, candidates: 5000, rules: rules.length, eligible };
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------
// Contributor import from a git history (issue 3): against `git shortlog -sne
// HEAD` on the same repository, measured alternately in this run.

const HISTORY = { commits: 100_000, authors: 2_000 };
const IMPORT_REPETITIONS = boundedInt("BENCH_IMPORT_REPETITIONS", 5, 1, 50);
const MAX_IMPORT_RATIO = 1.5;

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
 * Times, alternately and several times each: git shortlog; the counting path
 * of the import (git log --use-mailmap streamed into countCommitsFromLog, no
 * database); and the whole `importFromGit` with its write into a fresh
 * embedded database. The ratio the issue bounds is the whole import's.
 */
async function measureContributorImport(): Promise<{ lines: string[]; failed: boolean }> {
  const { dir, expected } = historyRepository(HISTORY.commits, HISTORY.authors);
  const dataDir = mkdtempSync(join(tmpdir(), "summit-bench-import-"));
  const handle = await openDatabase({ dataDir });
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
    for (let i = 0; i < IMPORT_REPETITIONS; i++) {
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
      const commits = counted.counts.reduce((sum, c) => sum + c.commits, 0);
      if (commits !== expected.commits) wrong = `counted ${commits} commits, expected ${expected.commits}`;
      if (!imported.ok) wrong = `import refused: ${imported.message}`;
      else if (imported.value.commits !== expected.commits) wrong = `imported ${imported.value.commits} commits`;
    }
    const shortlog = median(times.shortlog);
    const counting = median(times.counting);
    const full = median(times.full);
    const ratio = full / shortlog;
    const failed = wrong !== "" || ratio > MAX_IMPORT_RATIO;
    const label = `${HISTORY.commits / 1000}k commits`;
    return {
      lines: [
        `git shortlog -sne HEAD (${label}): ${shortlog.toFixed(0)} ms (median of ${IMPORT_REPETITIONS})`,
        `contributors import counting only, no database write (${label}): ${counting.toFixed(0)} ms (ratio ${(counting / shortlog).toFixed(2)} vs git shortlog -sne)`,
        `contributors import (${label}): ${full.toFixed(0)} ms (ratio ${ratio.toFixed(2)} vs git shortlog -sne)`,
        `contributors import: timed as importFromGit does it (git log --use-mailmap, counting, writing to the embedded database); the ratio must be at most ${MAX_IMPORT_RATIO}`,
        ...(wrong ? [`contributors import: wrong result: ${wrong}`] : []),
      ],
      failed,
    };
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
