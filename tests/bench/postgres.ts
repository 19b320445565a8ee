// Where the benchmark's PostgreSQL comes from: BENCH_DATABASE_URL, or the local
// Debian cluster prepared the way `npm test` prepares it (tests/run-all.ts),
// with a `summit_bench` database made afresh for every run.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import pg from "pg";
import { withSearchPath } from "../helpers/app-server";

export type PostgresSource = { url: string; how: string } | { url: null; why: string };

const LOCAL_URL = "postgres://summit:summit@127.0.0.1:5432/summit_bench";

function quiet(command: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return { status: result.status ?? 1, output: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() };
}

export function findPostgres(): PostgresSource {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { url: given, how: `BENCH_DATABASE_URL (${new URL(given).host})` };
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/pg_ctlcluster")) {
    return {
      url: null,
      why: "no PostgreSQL: set BENCH_DATABASE_URL, or run as root where the Debian PostgreSQL 15 cluster is installed",
    };
  }
  if (quiet("pg_ctlcluster", ["15", "main", "status"]).status !== 0) {
    const started = quiet("pg_ctlcluster", ["15", "main", "start"]);
    if (started.status !== 0)
      return { url: null, why: `the local PostgreSQL 15 cluster did not start: ${started.output}` };
  }
  const psql = (statement: string) => quiet("su", ["postgres", "-c", `psql -v ON_ERROR_STOP=1 -qAtc "${statement}"`]);
  if (psql("select 1 from pg_roles where rolname = 'summit'").output !== "1") {
    psql("create role summit login superuser password 'summit'");
  }
  for (const statement of [
    "drop database if exists summit_bench with (force)",
    "create database summit_bench owner summit",
  ]) {
    const done = psql(statement);
    if (done.status !== 0) return { url: null, why: `could not prepare summit_bench (${statement}): ${done.output}` };
  }
  return { url: LOCAL_URL, how: "local cluster 15/main, database summit_bench (made afresh)" };
}

async function execute(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new schema of `url` for one server or one measurement, and the URL that works in it. */
export async function createSchema(url: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `bench_${label}_${randomBytes(4).toString("hex")}`;
  await execute(url, `create schema ${schema}`);
  return {
    url: withSearchPath(url, schema),
    drop: () => execute(url, `drop schema if exists ${schema} cascade`),
  };
}
