// `npm test`: every test of the project, on the embedded database and, when
// available, on PostgreSQL; ends with one line `N passed, N failed`.
//
// It prepares what the tests need on a fresh machine of the kind Summit is
// developed on: Debian's Chromium for the browser tests and, when running as
// root with the Debian PostgreSQL 15 cluster installed, a test database.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RESULTS = "tests/.tmp/reports"; // not test-results/: Playwright empties that folder when it starts
const isRoot = process.getuid?.() === 0;

function run(command: string, args: string[], options: SpawnSyncOptions = {}): number {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  return result.status ?? 1;
}

function quiet(command: string, args: string[]): { status: number; stdout: string } {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return { status: result.status ?? 1, stdout: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    console.error(
      `Chromium is missing at ${CHROMIUM}. Install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  console.log("Installing Debian's Chromium for the browser tests…");
  if (
    run("apt-get", ["update", "-qq"]) !== 0 ||
    run("apt-get", ["install", "-y", "-qq", "chromium"], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }) !== 0
  ) {
    console.error("Could not install Chromium with apt-get.");
    process.exit(1);
  }
}

/** The local PostgreSQL 15 cluster, started and given a test database, when this machine has one. */
function ensurePostgres(): string | undefined {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  if (!isRoot || !existsSync("/usr/bin/pg_ctlcluster")) return undefined;
  const status = quiet("pg_ctlcluster", ["15", "main", "status"]);
  if (status.status !== 0) {
    if (run("pg_ctlcluster", ["15", "main", "start"]) !== 0) return undefined;
  }
  const sql = (statement: string) => quiet("su", ["postgres", "-c", `psql -v ON_ERROR_STOP=1 -qAtc "${statement}"`]);
  if (sql("select 1 from pg_roles where rolname = 'summit'").stdout.trim() !== "1") {
    sql("create role summit login superuser password 'summit'");
  }
  if (sql("select 1 from pg_database where datname = 'summit_test'").stdout.trim() !== "1") {
    sql("create database summit_test owner summit");
  }
  return "postgres://summit:summit@127.0.0.1:5432/summit_test";
}

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: { title: string; ok: boolean; line?: number; tests?: { projectName?: string; status?: string }[] }[];
  suites?: PlaywrightSuite[];
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n").find((line) => line.trim() !== "") ?? "";
}

/** Each failed test and its first line of error, so the end of a long log says what broke. */
function vitestFailures(file: string): string[] {
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, "utf8")) as VitestReport;
  const failures: string[] = [];
  for (const result of report.testResults) {
    const failed = result.assertionResults.filter((test) => test.status === "failed");
    for (const test of failed) {
      failures.push(
        `${result.name.replace(`${process.cwd()}/`, "")} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`,
      );
    }
    if (failed.length === 0 && result.status === "failed") {
      failures.push(`${result.name.replace(`${process.cwd()}/`, "")}: ${firstLine(result.message)}`);
    }
  }
  return failures;
}

function playwrightFailures(file: string): string[] {
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, "utf8")) as { suites?: PlaywrightSuite[] };
  const failures: string[] = [];
  const walk = (suite: PlaywrightSuite, path: string[]) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== "expected" && test.status !== "skipped") {
          failures.push(
            `[${test.projectName ?? ""}] ${[...path, spec.title].join(" › ")} (${test.status ?? "unknown"})`,
          );
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
  return failures;
}

function vitestTotals(file: string): Totals {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(file, "utf8")) as VitestReport;
  return {
    passed: report.numPassedTests,
    // A file that fails to load has no failed tests but is a failure all the same.
    failed: report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightTotals(file: string): Totals {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors?: unknown[];
  };
  const { expected, unexpected, flaky, skipped } = report.stats;
  const errors = report.errors?.length ?? 0;
  return { passed: expected, failed: unexpected + flaky + (unexpected === 0 ? errors : 0), skipped };
}

ensureChromium();
const databaseUrl = ensurePostgres();
const env = { ...process.env, ...(databaseUrl ? { TEST_DATABASE_URL: databaseUrl } : {}) };
console.log(
  databaseUrl
    ? `Databases: embedded PGlite and PostgreSQL (${new URL(databaseUrl).host})`
    : "Databases: embedded PGlite only (set TEST_DATABASE_URL to include PostgreSQL)",
);

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

// Built once, first: the tests that run the server or the command line run this build, as users do.
console.log("\n== Build");
const built = run("npm", ["run", "build"], { env }) === 0;

console.log("\n== Unit and integration tests (Vitest)");
run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${RESULTS}/vitest.json`], {
  env,
});
const unit = vitestTotals(`${RESULTS}/vitest.json`);

console.log("\n== Browser tests (Playwright, Chromium)");
const e2e: Totals = built
  ? (run("npx", ["playwright", "test"], { env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: `${RESULTS}/e2e.json` } }),
    playwrightTotals(`${RESULTS}/e2e.json`))
  : { passed: 0, failed: 1, skipped: 0 };

const failures = [...vitestFailures(`${RESULTS}/vitest.json`), ...playwrightFailures(`${RESULTS}/e2e.json`)];
if (failures.length > 0) {
  console.log(`\nFailed:\n${failures.map((failure) => `  ${failure}`).join("\n")}`);
}

const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed + (built ? 0 : 1);
const skipped = unit.skipped + e2e.skipped;
console.log(
  `\nVitest: ${unit.passed} passed, ${unit.failed} failed; Playwright: ${e2e.passed} passed, ${e2e.failed} failed`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
