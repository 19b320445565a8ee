// `npm run bench`: builds once, then on the embedded database and on PostgreSQL
// in turn seeds a fresh store (the summit of tests/bench/seed-agenda-items.ts and
// that of seed-eligibility.ts), starts the production server on it through the
// test helpers, and loads each route with autocannon on loopback, one after the
// other in the same run:
//
//   limits  `bare` (/ping), `bare signed in` (the same with an attendee's
//           session), `ssr` (the sign-in page: rendered, no database work);
//   pages   the summit page, an item, the item list (1,000 items, 300
//           attendees), triage, the vote's results page and ballot submission
//           (tests/bench/seed-voting.ts), ... each as a ratio to `ssr` of the
//           same run on the same database, with its p99 and body size;
//
// then times sign-in link requests for known and unknown addresses (R10), the
// contributor import against `git shortlog`, and (once) the gzipped JavaScript
// a first load of the sign-in page and of the proposal form fetches, and how
// long `db migrate` with nothing to do takes beside PGlite alone opening the
// same folder (tests/bench/cli-start.ts). Floors are
// printed beside each figure (`ok` / `TOO SLOW`); the exit status is 1 if one is
// missed or anything answered wrongly, after everything is printed.
//
// PostgreSQL is BENCH_DATABASE_URL, or the local Debian cluster with a
// `summit_bench` database made afresh (see postgres.ts); without either only the
// embedded database is measured.
//
//   npm run bench -- [--json FILE] [--only NAME]... [--duration S] [--connections N]
//                    [--database embedded|postgres]
//
// --only keeps the measurements whose figure names contain NAME (ignoring case;
// repeatable), plus the limits they are compared to. BENCH_DURATION_S,
// BENCH_CONNECTIONS and BENCH_IMPORT_REPETITIONS set the defaults.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort, REPO_ROOT, startApp, type RunningApp } from "../helpers/app-server";
import { summarizeCpuProfiles } from "./cpu-profile";
import { migrateToLatest } from "../../db/client";
import { measureCliStart } from "./cli-start";
import { measureTallies, TALLY_FIGURES } from "./tallies";
import { measureContributorImport } from "./contributor-import";
import { checkAnswer, load, type LoadSettings, type Target } from "./http";
import { GZIP_LEVEL, measureJsFirstLoad } from "./js-first-load";
import { findPostgres } from "./postgres";
import { Report, type DatabaseName, type Floor } from "./report";
import { seedAgendaItemsBench, type AgendaItemsBench } from "./seed-agenda-items";
import { seedEligibilityBench, type EligibilityBench } from "./seed-eligibility";
import { benchRanking, seedVotingBench, type VotingBench } from "./seed-voting";
import { seedPollBench, type PollBench } from "./seed-poll";
import { measureSignInTiming } from "./sign-in-timing";
import { analyze, createStore, type Store } from "./store";

/** Throughput floors, as a share of the baseline measured in the same run on the same database. */
const FLOORS = {
  bareSignedIn: 0.8,
  page: { postgres: 0.5, embedded: 0.35 } satisfies Record<DatabaseName, number>,
  /** A page's p99 latency, at most this many times the `ssr` p99. */
  pageP99: 3,
  /** 110 KB of gzipped JavaScript on a first load. */
  jsFirstLoadBytes: 112_640,
};

const WARMUP_S = 2;

/** R37's load test of one decision poll: its connections, its length, the page reads beside it, its p99 gates. */
const POLL_LOAD = {
  connections: 50,
  seconds: 60,
  pageReadsPerSecond: 20,
  p99Ms: { embedded: 1000, postgres: 500 } satisfies Record<DatabaseName, number>,
};
const POLL_FIGURES = [
  "poll answers under load",
  "poll answers under load p50",
  "poll answers under load p97.5",
  "poll answers under load p99",
  "poll page under load p99",
] as const;

interface Options {
  json: string | null;
  only: string[];
  seconds: number;
  connections: number;
  databases: DatabaseName[];
  importRepetitions: number;
  /** Where the page servers write CPU profiles (node --cpu-prof), summarised after each run. */
  cpuProfile: string | null;
}

function wholeNumber(label: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${label} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

const USAGE =
  "usage: npm run bench -- [--json FILE] [--only NAME]... [--duration S] [--connections N] [--database embedded|postgres] [--cpu-profile DIR]";

function parseOptions(argv: string[]): Options {
  const options: Options = {
    json: null,
    only: [],
    seconds: wholeNumber("BENCH_DURATION_S", process.env.BENCH_DURATION_S, 10, 1, 60),
    connections: wholeNumber("BENCH_CONNECTIONS", process.env.BENCH_CONNECTIONS, 10, 1, 100),
    databases: ["embedded", "postgres"],
    importRepetitions: wholeNumber("BENCH_IMPORT_REPETITIONS", process.env.BENCH_IMPORT_REPETITIONS, 5, 1, 50),
    cpuProfile: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === "--json") options.json = value();
    else if (flag === "--only") options.only.push(value().toLowerCase());
    else if (flag === "--cpu-profile") options.cpuProfile = value();
    else if (flag === "--duration") options.seconds = wholeNumber("--duration", value(), 10, 1, 60);
    else if (flag === "--connections") options.connections = wholeNumber("--connections", value(), 10, 1, 100);
    else if (flag === "--database") {
      const database = value();
      if (database !== "embedded" && database !== "postgres") throw new Error(`--database is embedded or postgres`);
      options.databases = [database];
    } else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
  }
  return options;
}

/** Whether --only keeps the measurement whose figures are named `base`, `base p99`, ... */
function selected(options: Options, base: string, suffixes: string[] = [" p99", " body", " body gzip"]): boolean {
  if (options.only.length === 0) return true;
  const names = [base, ...suffixes.map((s) => `${base}${s}`)].map((n) => n.toLowerCase());
  return options.only.some((o) => names.some((n) => n.includes(o)));
}

const CLI_FIGURES = ["cli db migrate, nothing to do", "pglite open alone"] as const;

const PAGE_NAMES = [
  "summit page",
  "item page",
  "item list",
  "item list by co-sponsors, page 20",
  "triage page",
  "eligibility page",
  "vote results page",
  "ballot submission",
  "item submission",
] as const;

interface Page {
  name: (typeof PAGE_NAMES)[number];
  target: Target;
  /** Held to the page floors (throughput against `ssr`, p99 against the `ssr` p99). */
  floors: boolean;
  /** Its body is worth reporting (not for a redirect). */
  body: boolean;
  /** Connections other than the run's (ballots are measured under 20). */
  connections?: number;
}

/** The names of every figure, for --only. */
const ALL_NAMES = [
  ...["bare", "bare signed in", "ssr", ...PAGE_NAMES].flatMap((n) => [n, `${n} p99`, `${n} body`, `${n} body gzip`]),
  ...["known", "unknown", "answers"].map((s) => `sign-in link request ${s}`),
  ...["contributors import", "contributors import shortlog", "contributors import counting"],
  "js first load sign-in page",
  "js first load proposal form",
  ...CLI_FIGURES,
  ...TALLY_FIGURES,
  ...POLL_FIGURES,
];

/** Ballots under load: 20 connections, as issue 10 asks. */
const BALLOT_CONNECTIONS = 20;

function votePages(voting: VotingBench): Page[] {
  const ballot = new URLSearchParams({ intent: "cast" });
  for (const [item, rank] of Object.entries(benchRanking(1))) ballot.set(`rank-${item}`, String(rank));
  return [
    {
      name: "vote results page",
      target: { path: `/summits/${voting.closedSlug}/vote`, headers: { Cookie: voting.resultsCookie } },
      floors: true,
      body: true,
    },
    {
      name: "ballot submission",
      target: {
        method: "POST",
        path: `/summits/${voting.openSlug}/vote`,
        headers: { "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
        // The check before the load casts as the first voter.
        rotateHeaders: voting.voterCookies.map((cookie) => ({ Cookie: cookie })),
        body: ballot.toString(),
        expectStatus: 302,
      },
      floors: true,
      body: false,
      connections: BALLOT_CONNECTIONS,
    },
  ];
}

function pages(items: AgendaItemsBench, eligibility: EligibilityBench | null, voting: VotingBench | null): Page[] {
  const attendee = { Cookie: items.attendeeCookie };
  const list = `/summits/${items.slug}/items`;
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
  const all: Page[] = [
    { name: "summit page", target: { path: `/summits/${items.slug}`, headers: attendee }, floors: true, body: true },
    {
      name: "item page",
      target: { path: `${list}/${items.itemNumber}`, headers: attendee },
      floors: true,
      body: true,
    },
    { name: "item list", target: { path: list, headers: attendee }, floors: true, body: true },
    {
      name: "item list by co-sponsors, page 20",
      target: { path: `${list}?sort=cosponsors&page=20`, headers: attendee },
      floors: true,
      body: true,
    },
    {
      name: "triage page",
      target: { path: `/summits/${items.slug}/triage`, headers: { Cookie: items.organizerCookie } },
      floors: true,
      body: true,
    },
    ...(eligibility
      ? [
          {
            name: "eligibility page",
            target: { path: `/summits/${eligibility.slug}/eligibility`, headers: { Cookie: eligibility.cookie } },
            floors: false,
            body: true,
          } satisfies Page,
        ]
      : []),
    ...(voting ? votePages(voting) : []),
    // Last: every request adds an item to the summit the pages above show.
    {
      name: "item submission",
      target: {
        method: "POST",
        path: `${list}/new`,
        headers: {
          ...attendee,
          // What a browser sends with a form posted from the app's own page.
          "Sec-Fetch-Site": "same-origin",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: form.toString(),
        expectStatus: 302,
      },
      floors: false,
      body: false,
    },
  ];
  return all;
}

/** The server's environment beside the store's: no demo, no test routes, no mail sent, no rate limit in the way. */
const APP_ENV: Record<string, string> = {
  OUTBOX_WORKER: "off",
  SUMMIT_TEST_ROUTES: "0",
  SUMMIT_DEMO: "off",
  LOG_LEVEL: "warn",
  // The timing comparison sends hundreds of link requests from one address.
  LOGIN_LINKS_PER_ADDRESS: "1000",
  LOGIN_LINKS_PER_IP: "100000",
};

class Bench {
  private readonly cleanups = new Set<() => Promise<void>>();
  private jsFirstLoadDone = false;

  constructor(
    private readonly options: Options,
    private readonly report: Report,
    private readonly postgresUrl: string | null,
  ) {}

  private get settings(): LoadSettings {
    return { connections: this.options.connections, seconds: this.options.seconds };
  }

  /** Runs `body` with `cleanup` registered, so that a signal stops servers and drops stores too. */
  private async withCleanup<T>(cleanup: () => Promise<void>, body: () => Promise<T>): Promise<T> {
    this.cleanups.add(cleanup);
    try {
      return await body();
    } finally {
      this.cleanups.delete(cleanup);
      await cleanup();
    }
  }

  async cleanUp(): Promise<void> {
    for (const cleanup of [...this.cleanups].reverse()) await cleanup().catch(() => undefined);
  }

  private wantsJsFirstLoad(): boolean {
    return (
      !this.jsFirstLoadDone &&
      (selected(this.options, "js first load sign-in page", []) ||
        selected(this.options, "js first load proposal form", []))
    );
  }

  async run(database: DatabaseName): Promise<void> {
    const o = this.options;
    const limitsWanted = ["bare", "bare signed in", "ssr"].some((n) => selected(o, n));
    const pagesWanted = PAGE_NAMES.some((n) => selected(o, n));
    const signInWanted = selected(o, "sign-in link request", [" known", " unknown", " answers"]);
    if (limitsWanted || pagesWanted || signInWanted || this.wantsJsFirstLoad()) await this.serverRun(database);
    if (POLL_FIGURES.some((name) => selected(o, name, []))) await this.pollLoadRun(database);
    if (selected(o, "contributors import", [" shortlog", " counting"])) {
      this.report.note(`\n[${database}] contributors import`);
      const store = await createStore(database, this.postgresUrl, "import");
      await this.withCleanup(store.dispose, () => measureContributorImport(store, o.importRepetitions, this.report));
    }
  }

  private async seed(
    store: Store,
  ): Promise<{ items: AgendaItemsBench; eligibility: EligibilityBench | null; voting: VotingBench | null }> {
    const started = performance.now();
    const handle = await store.open();
    try {
      await migrateToLatest(handle.db);
      const items = await seedAgendaItemsBench(handle.db);
      const eligibility = selected(this.options, "eligibility page") ? await seedEligibilityBench(handle.db) : null;
      const voting =
        selected(this.options, "vote results page") || selected(this.options, "ballot submission")
          ? await seedVotingBench(handle.db)
          : null;
      await analyze(handle);
      this.report.note(
        `  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${items.items.toLocaleString("en-US")} items by ${items.attendees} attendees` +
          (eligibility
            ? `; eligibility: ${eligibility.candidates.toLocaleString("en-US")} candidates, ${eligibility.rules} rules, ${eligibility.eligible.toLocaleString("en-US")} eligible`
            : "") +
          (voting ? `; votes: ${voting.voters} voters × ${voting.items} items, one open, one closed` : ""),
      );
      return { items, eligibility, voting };
    } finally {
      await handle.close();
    }
  }

  private async serverRun(database: DatabaseName): Promise<void> {
    this.report.note(`\n[${database}] pages`);
    const store = await createStore(database, this.postgresUrl, "pages");
    await this.withCleanup(store.dispose, async () => {
      const seeded = await this.seed(store);
      const profileDir = this.options.cpuProfile ? join(this.options.cpuProfile, database) : null;
      if (profileDir) {
        rmSync(profileDir, { recursive: true, force: true });
        mkdirSync(profileDir, { recursive: true });
      }
      const app: RunningApp = await startApp({
        port: await freePort(),
        env: { ...APP_ENV, ...store.appEnv },
        nodeArgs: profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [],
      });
      await this.withCleanup(app.stop, () => this.measureServer(database, app.origin, seeded));
      if (profileDir) {
        this.report.note(`  [${database}] server CPU by self time (${profileDir}):`);
        for (const { part, ms, share } of summarizeCpuProfiles(profileDir).slice(0, 12)) {
          this.report.note(`    ${(share * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${part}`);
        }
      }
    });
  }

  /**
   * R37: 300 voters answer one decision poll through its form, 50 connections
   * for 60 s, each request as the next voter, while the poll page is read
   * about 20 times a second. Gates: no error, timeout or 5xx; nothing but
   * 302 (accepted) and 409; the p99 under the profile's limit; and the poll
   * ends with exactly one current answer per voter who answered.
   */
  private async pollLoadRun(database: DatabaseName): Promise<void> {
    this.report.note(`\n[${database}] decision poll under load (R37)`);
    const store = await createStore(database, this.postgresUrl, "poll");
    await this.withCleanup(store.dispose, async () => {
      const handle = await store.open();
      let poll: PollBench;
      try {
        await migrateToLatest(handle.db);
        poll = await seedPollBench(handle.db);
        await analyze(handle);
      } finally {
        await handle.close();
      }
      const app: RunningApp = await startApp({ port: await freePort(), env: { ...APP_ENV, ...store.appEnv } });
      const { answered, read } = await this.withCleanup(app.stop, async () => {
        const sessions = poll.voterCookies.map((cookie) => ({ Cookie: cookie }));
        const answer: Target = {
          method: "POST",
          path: poll.path,
          headers: { "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
          rotateHeaders: sessions,
          body: new URLSearchParams({ intent: "answer", answer: "agree", reason: "" }).toString(),
          expectStatus: 302,
        };
        const page: Target = { path: poll.path, headers: sessions[0] };
        await checkAnswer(app.origin, page);
        const [answered, read] = await Promise.all([
          load(app.origin, answer, { connections: POLL_LOAD.connections, seconds: POLL_LOAD.seconds }),
          load(app.origin, page, {
            connections: 2,
            seconds: POLL_LOAD.seconds,
            overallRate: POLL_LOAD.pageReadsPerSecond,
          }),
        ]);
        return { answered, read };
      });
      const statuses = Object.entries(answered.statuses)
        .map(([status, n]) => `${n} × ${status}`)
        .join(", ");
      const unexpected = Object.entries(answered.statuses).filter(([status]) => status !== "302" && status !== "409");
      if (answered.errors > 0 || read.errors > 0) {
        this.report.problem(`poll load on ${database}: ${answered.errors + read.errors} errors or timeouts`);
      }
      if (unexpected.length > 0 || read.unexpectedStatus > 0) {
        this.report.problem(
          `poll load on ${database}: answers ${statuses}; ${read.unexpectedStatus} page reads not 200`,
        );
      }
      // The server is stopped: the embedded database has one opener.
      const check = await store.open();
      try {
        const [row] = await check.db
          .selectFrom("poll_roll")
          .select((eb) => [
            eb.fn.count<string>("user_id").filterWhere("has_answered", "=", true).as("answered"),
            eb
              .selectFrom("poll_answer")
              .select((a) => a.fn.countAll<string>().as("n"))
              .where("poll_id", "=", poll.pollId)
              .where("is_current", "=", true)
              .as("current"),
          ])
          .where("poll_id", "=", poll.pollId)
          .execute();
        const voters = Number(row?.answered ?? 0);
        const current = Number(row?.current ?? 0);
        this.report.note(
          `  answers: ${statuses}; ${voters} of ${poll.voterCookies.length} voters answered, ${current} current answers`,
        );
        if (voters !== current || voters !== Math.min(poll.voterCookies.length, answered.statuses[302] ?? 0)) {
          this.report.problem(`poll load on ${database}: ${voters} voters answered but ${current} answers are current`);
        }
      } finally {
        await check.close();
      }
      const add = (name: string, value: number, unit: string, floor: Floor | null = null) =>
        this.report.add({ name, database, value, unit, baseline: null, ratio: null }, floor);
      add("poll answers under load", answered.requestsPerSecond, "req/s");
      add("poll answers under load p50", answered.p50Ms, "ms");
      add("poll answers under load p97.5", answered.p975Ms, "ms");
      add("poll answers under load p99", answered.p99Ms, "ms", { valueAtMost: POLL_LOAD.p99Ms[database] });
      add("poll page under load p99", read.p99Ms, "ms");
    });
  }

  private async measureServer(
    database: DatabaseName,
    origin: string,
    seeded: { items: AgendaItemsBench; eligibility: EligibilityBench | null; voting: VotingBench | null },
  ): Promise<void> {
    const o = this.options;
    const report = this.report;
    const attendee = { Cookie: seeded.items.attendeeCookie };
    // The session cookies must really sign in, or `bare signed in` measures an anonymous request.
    await checkAnswer(origin, { path: "/profile", headers: attendee });
    await checkAnswer(origin, { path: "/profile", expectStatus: 302 });

    const chosen = pages(seeded.items, seeded.eligibility, seeded.voting).filter((p) => selected(o, p.name));
    const bareSignedInWanted = selected(o, "bare signed in");
    const limits = {
      bare: selected(o, "bare", [" p99"]) || bareSignedInWanted,
      bareSignedIn: bareSignedInWanted,
      ssr: selected(o, "ssr") || chosen.length > 0,
    };
    const ssrTarget: Target = { path: "/login" };
    const bareTarget: Target = { path: "/ping" };
    const bareSignedInTarget: Target = { path: "/ping", headers: attendee };
    // Every route answers as expected before anything is measured; the bodies are the pages' sizes.
    const routes: Array<[string, Target]> = [
      ["bare", bareTarget],
      ["bare signed in", bareSignedInTarget],
      ["ssr", ssrTarget],
      ...chosen.map((p): [string, Target] => [p.name, p.target]),
    ];
    const bodies = new Map<string, { bytes: number; gzipBytes: number }>();
    for (const [name, target] of routes) bodies.set(name, await checkAnswer(origin, target));

    // The server's code is warmed on every route before the first figure: measured cold, the first
    // (the baseline, `bare` or `ssr`) came out up to 15% slower than the same route measured later.
    for (const [, target] of routes.filter(([, target]) => target.method !== "POST")) {
      await load(origin, target, { ...this.settings, seconds: Math.min(WARMUP_S, o.seconds) });
    }

    const measure = async (name: string, target: Target, connections = this.settings.connections) => {
      const settings = { ...this.settings, connections };
      await load(origin, target, { ...settings, seconds: Math.min(WARMUP_S, o.seconds) });
      const result = await load(origin, target, settings);
      if (result.errors > 0 || result.unexpectedStatus > 0) {
        report.problem(
          `${name} on ${database}: ${result.errors} errors or timeouts, ${result.unexpectedStatus} unexpected statuses under load`,
        );
      }
      if (result.requests === 0) {
        // No latency was recorded: the measurement's length is the least any request took.
        report.problem(`${name} on ${database}: no response within ${o.seconds} s; its p99 is given as ${o.seconds} s`);
        return { ...result, p99Ms: o.seconds * 1000 };
      }
      return result;
    };
    const bodyFigures = (name: string) => {
      const body = bodies.get(name)!;
      report.add({ name: `${name} body`, database, value: body.bytes, unit: "bytes", baseline: null, ratio: null });
      report.add({
        name: `${name} body gzip`,
        database,
        value: body.gzipBytes,
        unit: "bytes",
        baseline: null,
        ratio: null,
      });
    };

    report.note(
      `  limits: bare = GET /ping; bare signed in = the same with an attendee's session; ssr = GET /login, anonymous`,
    );
    let bare: { requestsPerSecond: number; p99Ms: number } | null = null;
    if (limits.bare) {
      bare = await measure("bare", bareTarget);
      report.add({ name: "bare", database, value: bare.requestsPerSecond, unit: "req/s", baseline: null, ratio: null });
      report.add({ name: "bare p99", database, value: bare.p99Ms, unit: "ms", baseline: null, ratio: null });
    }
    if (limits.bareSignedIn && bare) {
      const signedIn = await measure("bare signed in", bareSignedInTarget);
      report.add(
        {
          name: "bare signed in",
          database,
          value: signedIn.requestsPerSecond,
          unit: "req/s",
          baseline: "bare",
          ratio: signedIn.requestsPerSecond / bare.requestsPerSecond,
        },
        { ratioAtLeast: FLOORS.bareSignedIn },
      );
      report.add({
        name: "bare signed in p99",
        database,
        value: signedIn.p99Ms,
        unit: "ms",
        baseline: "bare p99",
        ratio: signedIn.p99Ms / bare.p99Ms,
      });
    }
    let ssr: { requestsPerSecond: number; p99Ms: number } | null = null;
    if (limits.ssr) {
      ssr = await measure("ssr", ssrTarget);
      report.add({ name: "ssr", database, value: ssr.requestsPerSecond, unit: "req/s", baseline: null, ratio: null });
      report.add({ name: "ssr p99", database, value: ssr.p99Ms, unit: "ms", baseline: null, ratio: null });
      bodyFigures("ssr");
    }

    if (ssr && chosen.length > 0) {
      report.note(
        `  pages (summit ${seeded.items.slug}, ${seeded.items.items.toLocaleString("en-US")} items, ${seeded.items.attendees} attendees; triage as its organizer, the rest as an attendee): throughput floor ${FLOORS.page[database]} × ssr, p99 at most ${FLOORS.pageP99} × the ssr p99`,
      );
      for (const page of chosen) {
        const result = await measure(page.name, page.target, page.connections);
        const throughput: Floor | null = page.floors ? { ratioAtLeast: FLOORS.page[database] } : null;
        const latency: Floor | null = page.floors ? { ratioAtMost: FLOORS.pageP99 } : null;
        report.add(
          {
            name: page.name,
            database,
            value: result.requestsPerSecond,
            unit: "req/s",
            baseline: "ssr",
            ratio: result.requestsPerSecond / ssr.requestsPerSecond,
          },
          throughput,
        );
        report.add(
          {
            name: `${page.name} p99`,
            database,
            value: result.p99Ms,
            unit: "ms",
            baseline: "ssr p99",
            ratio: result.p99Ms / ssr.p99Ms,
          },
          latency,
        );
        if (page.body) bodyFigures(page.name);
      }
    }

    if (selected(o, "sign-in link request", [" known", " unknown", " answers"])) {
      await measureSignInTiming(origin, seeded.items.knownEmails, database, report);
    }

    if (this.wantsJsFirstLoad()) {
      this.jsFirstLoadDone = true;
      report.note(
        `  js first load: script src, modulepreload, Remix's module scripts and manifest, and their imports, each fetched once, gzipped at zlib level ${GZIP_LEVEL === -1 ? "6 (Z_DEFAULT_COMPRESSION, the compression middleware's default)" : GZIP_LEVEL}; floor ${FLOORS.jsFirstLoadBytes.toLocaleString("en-US")} bytes`,
      );
      for (const [name, path, headers] of [
        ["js first load sign-in page", "/login", {}],
        ["js first load proposal form", `/summits/${seeded.items.slug}/items/new`, attendee],
      ] as Array<[string, string, Record<string, string>]>) {
        if (!selected(o, name, [])) continue;
        const loaded = await measureJsFirstLoad(origin, path, headers);
        report.add(
          { name, database: null, value: loaded.gzipBytes, unit: "bytes", baseline: null, ratio: null },
          { valueAtMost: FLOORS.jsFirstLoadBytes },
        );
        report.note(
          `    ${path}: ${loaded.modules.length} modules, ${loaded.bytes.toLocaleString("en-US")} bytes before gzip`,
        );
      }
    }
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const report = new Report((text) => process.stdout.write(`${text}\n`));
  const unmatched = options.only.filter((o) => !ALL_NAMES.some((n) => n.includes(o)));
  if (unmatched.length > 0) {
    throw new Error(`--only ${unmatched.join(", ")} matches no figure; the figures are: ${ALL_NAMES.join(", ")}`);
  }

  let postgresUrl: string | null = null;
  let databases = options.databases;
  if (databases.includes("postgres")) {
    const source = findPostgres();
    if (source.url !== null) {
      postgresUrl = source.url;
      report.note(`PostgreSQL: ${source.how}`);
    } else {
      report.note(`PostgreSQL not measured: ${source.why}`);
      databases = databases.filter((d) => d !== "postgres");
      if (databases.length === 0) return 1;
    }
  }

  report.note("Building the production bundle (npm run build)...");
  const build = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) {
    process.stderr.write(`npm run build failed (exit ${build.status ?? build.signal})\n`);
    return 1;
  }
  report.note(
    `Summit benchmark: ${options.connections} connections × ${options.seconds} s per measurement after a ${Math.min(WARMUP_S, options.seconds)} s warm-up, loopback, Node ${process.version}; databases: ${databases.join(", ")}` +
      (options.only.length ? `; only ${options.only.map((o) => JSON.stringify(o)).join(", ")}` : ""),
  );

  const bench = new Bench(options, report, postgresUrl);
  const stopOnSignal = () => {
    void bench.cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);

  for (const database of databases) {
    try {
      await bench.run(database);
    } catch (error) {
      // The other database is still worth measuring; the run fails all the same.
      report.problem(`the run on ${database} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  if (TALLY_FIGURES.some((name) => selected(options, name, []))) {
    measureTallies(report, (name) => selected(options, name, []));
  }

  if (databases.includes("embedded") && CLI_FIGURES.some((name) => selected(options, name, []))) {
    const cli = measureCliStart();
    report.note(
      `  command line: median of ${cli.runs} runs of node build/cli.js db migrate on a migrated embedded folder, against PGlite alone opening and closing it`,
    );
    report.add({
      name: "pglite open alone",
      database: "embedded",
      value: cli.pgliteOpenMs,
      unit: "ms",
      baseline: null,
      ratio: null,
    });
    report.add({
      name: "cli db migrate, nothing to do",
      database: "embedded",
      value: cli.migrateNoOpMs,
      unit: "ms",
      baseline: "pglite open alone",
      ratio: cli.migrateNoOpMs / cli.pgliteOpenMs,
    });
  }

  report.note("");
  for (const text of report.table()) report.note(text);
  report.note("");
  for (const text of report.summary()) report.note(text);
  if (options.json) {
    report.writeJson(options.json);
    report.note(`Figures written to ${options.json}`);
  }
  return report.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
