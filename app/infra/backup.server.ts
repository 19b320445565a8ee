// Logical backups: a plain SQL dump (pg_dump) that a fresh database of either
// kind loads back. The embedded database is dumped in-process by the WASM build
// of pg_dump from pglite-tools; PostgreSQL by the pg_dump and psql binaries.
import { spawn } from "node:child_process";
import { existsSync, linkSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { sql } from "kysely";
import type { DatabaseHandle } from "~db/client";
import { forgetPreparedStatements } from "~db/pglite-prepared";

/** A problem with what the operator asked for (a file, a target): nothing was changed. */
export class BackupError extends Error {}

const DUMP_HEADER = "-- PostgreSQL database dump\n";
const DUMP_TRAILER = "-- PostgreSQL database dump complete";
// Data as INSERT statements so a dump loads through a plain SQL exec (PGlite has
// no COPY FROM STDIN); roles and grants do not exist in a fresh target.
const DUMP_ARGS = ["--inserts", "--no-owner", "--no-privileges"];

export interface DumpResult {
  bytes: number;
}

export interface RestoreResult {
  tables: number;
  rows: number;
}

/**
 * Writes a dump of the whole database to `file` (mode 0600: it holds users'
 * addresses and session hashes). The file appears only once the dump is
 * complete, and an existing file is never overwritten.
 */
export async function backupToFile(
  handle: DatabaseHandle,
  file: string,
  options: { databaseUrl?: string } = {},
): Promise<DumpResult> {
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose a new file name`);
  const partial = `${file}.partial-${process.pid}`;
  try {
    // Created private before any data goes in; pg_dump keeps the mode when it writes.
    rmSync(partial, { force: true });
    writeFileSync(partial, "", { mode: 0o600, flag: "wx" });
    if (handle.kind === "pglite") {
      writeFileSync(partial, await dumpEmbedded(handle));
    } else {
      if (!options.databaseUrl) throw new BackupError("Backing up PostgreSQL needs DATABASE_URL");
      await runPostgresTool("pg_dump", [...DUMP_ARGS, "--format=plain", `--file=${partial}`], options.databaseUrl);
    }
    assertCompleteDump(readFileSync(partial, "utf8"), file);
    // A link, unlike a rename, fails if the file appeared meanwhile.
    try {
      linkSync(partial, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST")
        throw new BackupError(`${file} already exists; choose a new file name`);
      throw error;
    }
  } finally {
    rmSync(partial, { force: true });
  }
  return { bytes: statSync(file).size };
}

/**
 * Dumps the embedded database while the app may be using it. pg_dump shares
 * PGlite's single connection, so it runs while holding that connection: no
 * transaction of the app is open during the dump, and queries wait for it.
 */
export async function dumpEmbedded(handle: DatabaseHandle): Promise<string> {
  const pglite = handle.pglite;
  if (!pglite) throw new BackupError("This database is not the embedded one");
  return handle.db.connection().execute(async () => {
    const { pgDump } = await import("@electric-sql/pglite-tools/pg_dump");
    try {
      const file = await pgDump({ pg: pglite, args: DUMP_ARGS });
      return await file.text();
    } finally {
      // pg_dump exits without ending its read-only snapshot transaction and leaves its
      // session settings (search_path '', DateStyle, timeouts) on the shared connection:
      // the app's next write would fail as "read-only". End both.
      await pglite.exec("ROLLBACK");
      await pglite.exec("RESET ALL");
      await forgetPreparedStatements(pglite);
    }
  });
}

/** Reads and checks a dump file; throws a BackupError naming what is wrong with it. */
export function readDumpFile(file: string): string {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new BackupError(`${file} is not a file`);
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  assertCompleteDump(text, file);
  return text;
}

function assertCompleteDump(text: string, file: string): void {
  if (!text.slice(0, 200).includes(DUMP_HEADER)) {
    throw new BackupError(`${file} is not a Summit backup (it does not start like a pg_dump SQL dump)`);
  }
  if (!text.slice(-200).includes(DUMP_TRAILER)) {
    throw new BackupError(`${file} is incomplete (it lacks the "${DUMP_TRAILER}" line at the end)`);
  }
}

/** Tables outside the system schemas, as `schema.table`. */
export async function listUserTables(handle: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select schemaname || '.' || tablename as name from pg_catalog.pg_tables
    where schemaname not in ('pg_catalog', 'information_schema') and schemaname not like 'pg\_%'
    order by 1`.execute(handle.db);
  return rows.map((r) => r.name);
}

/**
 * Loads a dump into an empty database, in one transaction: it either loads
 * completely or leaves the database empty. A database that already holds
 * tables is refused; a restore never merges.
 */
export async function restoreFromText(
  handle: DatabaseHandle,
  dump: string,
  options: { databaseUrl?: string } = {},
): Promise<RestoreResult> {
  const existing = await listUserTables(handle);
  if (existing.length > 0) {
    const summits = existing.includes("public.summit")
      ? ` and ${(await sql<{ n: number }>`select count(*)::int as n from public.summit`.execute(handle.db)).rows[0]?.n ?? 0} summit(s)`
      : "";
    throw new BackupError(
      `The target database is not empty (${existing.length} table(s)${summits}, e.g. ${existing[0]}); ` +
        "restore loads only into an empty database: point SUMMIT_DATA_DIR or DATABASE_URL at a new one",
    );
  }
  if (handle.kind === "pglite") {
    const pglite = handle.pglite;
    if (!pglite) throw new BackupError("The embedded database handle has no PGlite instance");
    await handle.db.connection().execute(async () => {
      try {
        // One simple-protocol query: PostgreSQL runs it as a single implicit transaction.
        await pglite.exec(withoutPsqlMetaCommands(dump));
      } catch (error) {
        throw new BackupError(`The dump did not load, nothing was restored: ${firstLine(error)}`);
      } finally {
        // The dump clears search_path and sets timeouts for its own session, and makes the tables.
        await pglite.exec("RESET ALL");
        await forgetPreparedStatements(pglite);
      }
    });
  } else {
    if (!options.databaseUrl) throw new BackupError("Restoring into PostgreSQL needs DATABASE_URL");
    const { rows } = await sql<{ server_version_num: string }>`show server_version_num`.execute(handle.db);
    const text = forServerVersion(dump, Number(rows[0]?.server_version_num ?? 0));
    await runPostgresTool(
      "psql",
      ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-"],
      options.databaseUrl,
      text,
    );
  }
  const tables = await listUserTables(handle);
  let rows = 0;
  for (const name of tables) {
    const [schema, table] = name.split(".") as [string, string];
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${schema}.${table}`)}`.execute(
      handle.db,
    );
    rows += result.rows[0]?.n ?? 0;
  }
  return { tables: tables.length, rows };
}

/**
 * psql meta-commands are not SQL. pg_dump 17.6+ and 15.14+ wrap dumps in
 * `\restrict KEY` / `\unrestrict KEY`, which only guard psql itself; any other
 * backslash line is left in so that it fails the load instead of being skipped.
 */
export function withoutPsqlMetaCommands(dump: string): string {
  return dump.replace(/^\\(?:un)?restrict\b.*$/gm, "");
}

/**
 * The embedded database is PostgreSQL 18, and its dumps start with a setting
 * older servers do not know; the dump's own value (0, no timeout) is also their
 * default, so the line can go. This is what lets an embedded database move to
 * a PostgreSQL 15 or 16 server.
 */
export function forServerVersion(dump: string, serverVersionNum: number): string {
  return serverVersionNum < 170000 ? dump.replace(/^SET transaction_timeout = 0;$/m, "") : dump;
}

/**
 * Runs pg_dump or psql against DATABASE_URL. The password goes through the
 * environment, not the command line, where other local users could read it.
 */
function runPostgresTool(tool: "pg_dump" | "psql", args: string[], databaseUrl: string, input?: string): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: "10" };
  if (password) env.PGPASSWORD = password;
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args, `--dbname=${url.toString()}`], { env, stdio: ["pipe", "ignore", "pipe"] });
    // psql stops reading at the first error (ON_ERROR_STOP): the rest of the input is not wanted.
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        new BackupError(
          error.code === "ENOENT"
            ? `${tool} was not found; install the PostgreSQL client tools (the same major version as the server or newer)`
            : `${tool} could not start: ${error.message}`,
        ),
      );
    });
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupError(
            `${tool} failed (exit ${code}), nothing was changed: ${firstLine(stderr.trim()) || "no message"}`,
          ),
        );
    });
  });
}

function firstLine(value: unknown): string {
  const text = value instanceof Error ? value.message : String(value);
  return (
    text
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? ""
  );
}
