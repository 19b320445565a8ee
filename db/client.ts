import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { DEFAULT_MIGRATION_TABLE, Kysely, Migrator, PostgresDialect, sql } from "kysely";
import { migrationProvider } from "./migrations/index";
import { PGliteDialect } from "./pglite-dialect";
import { preparedQueries } from "./pglite-prepared";
import { PreparingPool } from "./postgres-prepared";
import { EmbeddedDatabaseError, ThreadedPGlite } from "./threaded-pglite";
import type { Database } from "./schema";
import { monitorTransactions } from "./transaction-monitor";

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Flushes the write-ahead log to the data files (embedded database only; a no-op on PostgreSQL). */
  checkpoint(): Promise<void>;
  /**
   * The embedded database runs no autovacuum: this vacuums, refreshes the
   * planner's statistics (without them it plans for empty tables), and
   * checkpoints. A no-op on PostgreSQL, whose autovacuum does the same.
   */
  maintain(): Promise<void>;
  /** Checkpoints, closes, and releases the data-folder lock. */
  close(): Promise<void>;
  /** The embedded instance, for tools that need it (logical dumps). */
  pglite?: PGlite;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** The data folder; the embedded database lives in DATA_DIR/pgdata. */
  dataDir: string;
  /** Pool size on PostgreSQL. */
  poolSize?: number;
  /**
   * The compiled pglite-thread.js: the embedded database then runs on a
   * thread of its own (the server's choice; see pglite-thread.ts).
   */
  thread?: URL;
}

export class DatabaseOpenError extends Error {}

// int8 (counts, bigserial) as number and date as YYYY-MM-DD on both drivers, so
// queries return the same shapes whichever database is behind them.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
const parseInt8 = (value: string) => Number(value);
const keepDate = (value: string) => value;

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : options.thread
      ? openEmbeddedThread(options.dataDir, options.thread)
      : openEmbedded(options.dataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  // Each driver is loaded only where it is used: a command on one database does not pay for the other.
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => {
        if (oid === INT8 || oid === NUMERIC) return parseInt8;
        if (oid === DATE) return keepDate;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({
    dialect: monitorTransactions(new PostgresDialect({ pool: new PreparingPool(pool) })),
  });
  try {
    await assertDurablePostgres(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    kind: "postgres",
    async checkpoint() {},
    async maintain() {},
    async close() {
      await db.destroy();
    },
  };
}

/** Production data must survive a power cut: refuse a server that has durability switched off. */
async function assertDurablePostgres(db: Kysely<Database>): Promise<void> {
  for (const setting of ["fsync", "synchronous_commit", "full_page_writes"]) {
    const { rows } = await sql<Record<string, string>>`${sql.raw(`show ${setting}`)}`.execute(db);
    const value = rows[0]?.[setting];
    if (value !== "on") {
      throw new DatabaseOpenError(`PostgreSQL setting ${setting} is '${value}'; Summit requires it to be 'on'`);
    }
  }
}

async function openEmbeddedThread(dataDir: string, script: URL): Promise<DatabaseHandle> {
  // The thread takes the folder's lock under this process's pid; marked held here as well, so that
  // this thread cannot open the folder a second time (it would take the lock for a stale one).
  const lockPath = dataLockOf(resolve(dataDir, "pgdata"));
  if (heldLocks.has(lockPath)) {
    throw new DatabaseOpenError(`The embedded database in ${dirname(lockPath)} is already open in this process`);
  }
  heldLocks.add(lockPath);
  let threaded: ThreadedPGlite;
  try {
    threaded = await ThreadedPGlite.open(script, dataDir);
  } catch (error) {
    heldLocks.delete(lockPath);
    // Opening refused (the folder is locked or incomplete): said as opening the database in this thread says it.
    if (error instanceof EmbeddedDatabaseError) throw new DatabaseOpenError(error.message);
    throw error;
  }
  const db = new Kysely<Database>({ dialect: monitorTransactions(new PGliteDialect(threaded)) });
  let closed = false;
  return {
    db,
    kind: "pglite",
    ...embeddedUpkeep(db, () => closed),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      try {
        await threaded.close();
      } finally {
        heldLocks.delete(lockPath);
      }
    },
  };
}

/** The lock file beside an embedded database's folder. */
function dataLockOf(pgdata: string): string {
  return `${pgdata}.lock`;
}

/**
 * The embedded database's upkeep (it runs no autovacuum), sent through the
 * dialect's one connection like any statement: it waits for an open
 * transaction to end rather than running inside it.
 */
function embeddedUpkeep(db: Kysely<Database>, isClosed: () => boolean) {
  const checkpoint = async () => {
    if (!isClosed()) await sql`checkpoint`.execute(db);
  };
  return {
    checkpoint,
    async maintain() {
      if (isClosed()) return;
      await sql`vacuum (analyze)`.execute(db);
      await checkpoint();
    },
  };
}

/** The embedded database, in this thread. */
export async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const pgdata = resolve(dataDir, "pgdata");
  mkdirSync(dirname(pgdata), { recursive: true });
  const releaseLock = acquireDataLock(dataLockOf(pgdata));
  let pglite: PGlite;
  try {
    await initialiseOnce(pgdata);
    pglite = await PGlite.create(pgdata, {
      relaxedDurability: false,
      parsers: { [INT8]: parseInt8, [NUMERIC]: parseInt8, [DATE]: keepDate },
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: monitorTransactions(new PGliteDialect(preparedQueries(pglite))) });
  let closed = false;
  const { checkpoint, maintain } = embeddedUpkeep(db, () => closed);
  return {
    db,
    kind: "pglite",
    pglite,
    checkpoint,
    maintain,
    async close() {
      if (closed) return;
      await checkpoint();
      closed = true;
      await db.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}

/**
 * A first initdb interrupted half way leaves a folder PGlite cannot open. Creating
 * the cluster in a scratch folder and renaming it into place means `pgdata` either
 * does not exist or is complete; a folder without PG_VERSION is refused by name.
 */
async function initialiseOnce(pgdata: string): Promise<void> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (existsSync(pgdata)) {
    if (!existsSync(join(pgdata, "PG_VERSION"))) {
      throw new DatabaseOpenError(
        `${pgdata} exists but is not a complete database (no PG_VERSION); move it aside or restore a backup`,
      );
    }
    return;
  }
  const scratch = `${pgdata}.init-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  const fresh = await PGlite.create(scratch);
  await fresh.close();
  renameSync(scratch, pgdata);
}

/** Locks this process holds: the same process must not open a folder twice either. */
const heldLocks = new Set<string>();

/**
 * Who holds a lock: the pid, and what tells that pid's process from a later
 * one given the same number: the boot it ran in (a reboot restarts pids, and a
 * container's first process is always 1) and when it started. Read from
 * /proc; where there is none, only the pid is known.
 */
interface LockHolder {
  pid: number;
  boot: string | null;
  started: string | null;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function bootId(): string | null {
  return readOrNull("/proc/sys/kernel/random/boot_id")?.trim() ?? null;
}

/** The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), if known. */
function startTimeOf(pid: number): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ")".
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields?.[19] ?? null;
}

function thisHolder(): LockHolder {
  return { pid: process.pid, boot: bootId(), started: startTimeOf(process.pid) };
}

/** A lock file's holder; a file of only a pid was written before the lock said more. */
function parseHolder(text: string): LockHolder | null {
  if (/^\d+$/.test(text.trim())) return { pid: Number(text.trim()), boot: null, started: null };
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== "number" || !Number.isInteger(value.pid)) return null;
    return {
      pid: value.pid,
      boot: typeof value.boot === "string" ? value.boot : null,
      started: typeof value.started === "string" ? value.started : null,
    };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's holder still runs: its pid is alive, in this boot, and is
 * the same process (started when the lock says). A lock of only a pid, from
 * before, counts as held only while that pid runs Node.
 */
function holderRuns(holder: LockHolder): boolean {
  if (!isAlive(holder.pid)) return false;
  if (holder.boot !== null || holder.started !== null) {
    const boot = bootId();
    if (holder.boot !== null && boot !== null && holder.boot !== boot) return false;
    const started = startTimeOf(holder.pid);
    return holder.started === null || started === null || holder.started === started;
  }
  const command = readOrNull(`/proc/${holder.pid}/cmdline`);
  return command === null || /node/.test(command);
}

/**
 * PGlite is one process's database: a second process opening the same folder
 * would corrupt it. The lock file sits beside the folder and says who holds it
 * (pid, boot, start time); a lock whose process is gone is taken over, and so
 * is one whose pid now belongs to another process (after a reboot, or PID 1 in
 * a container). The lock is written in full before the file appears (hard
 * link), so no opener ever reads a half-written lock.
 */
export function acquireDataLock(lockPath: string): () => void {
  if (heldLocks.has(lockPath)) {
    throw new DatabaseOpenError(`The embedded database in ${dirname(lockPath)} is already open in this process`);
  }
  const me = thisHolder();
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    const staging = `${lockPath}.${process.pid}`;
    writeFileSync(staging, mine);
    try {
      linkSync(staging, lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let text: string;
      try {
        text = readFileSync(lockPath, "utf8");
      } catch (readError) {
        if ((readError as NodeJS.ErrnoException).code === "ENOENT") continue; // released meanwhile
        throw readError;
      }
      const holder = parseHolder(text);
      // Our own pid here, but not in heldLocks: a previous process with a reused pid.
      if (holder && holder.pid !== process.pid && holderRuns(holder)) {
        throw new DatabaseOpenError(
          `The embedded database in ${dirname(lockPath)} is in use by process ${holder.pid}; stop it first (lock: ${lockPath})`,
        );
      }
      unlinkSync(lockPath); // stale: its process is gone, or the file says nothing we can read
      continue;
    } finally {
      unlinkSync(staging);
    }
    heldLocks.add(lockPath);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      heldLocks.delete(lockPath);
      try {
        if (readFileSync(lockPath, "utf8") === mine) unlinkSync(lockPath);
      } catch {
        // Already gone: nothing to release.
      }
    };
  }
  throw new DatabaseOpenError(`Could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema; pin them to ours so
  // several schemas of one server (tests, staging) migrate independently.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  // Nothing to do is the common case (every start, `db migrate` twice): answer it in two reads.
  if (schema && (await isUpToDate(db, schema))) return [];
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    throw new DatabaseOpenError(
      `Migration ${failed?.migrationName ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Whether every migration the registry knows, and no other, is recorded as applied. */
async function isUpToDate(db: Kysely<Database>, schema: string): Promise<boolean> {
  const table = `"${schema.replaceAll('"', '""')}".${DEFAULT_MIGRATION_TABLE}`;
  const { rows } = await sql<{ found: boolean }>`select to_regclass(${table}) is not null as found`.execute(db);
  if (!rows[0]?.found) return false;
  const applied = await sql<{
    name: string;
  }>`select name from ${sql.table(`${schema}.${DEFAULT_MIGRATION_TABLE}`)} order by name`.execute(db);
  const known = Object.keys(await migrationProvider.getMigrations()).sort();
  return applied.rows.length === known.length && applied.rows.every((row, i) => row.name === known[i]);
}
