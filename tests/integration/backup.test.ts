// R35: a dump restores into a fresh database with equal row counts and content
// hashes; restore refuses a database that is not empty; the dump runs while the
// database is in use.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase, type DatabaseHandle, type DatabaseKind } from "../../db/client";
import { recordAudit } from "../../db/queries/audit";
import type { Database } from "../../db/schema";
import { enqueueMail } from "../../app/services/kernel/mail.server";
import {
  BackupError,
  backupToFile,
  listUserTables,
  readDumpFile,
  restoreFromText,
  forServerVersion,
  withoutPsqlMetaCommands,
} from "../../app/infra/backup.server";
import { runTsx } from "../helpers/child-process";
import { fingerprintTables } from "../helpers/table-fingerprint";
import { TEST_DATABASE_KINDS } from "../helpers/test-db";
import { waitFor } from "../helpers/wait-for";

const APP_TABLES = [
  "app_user",
  "session",
  "sign_in_token",
  "rate_limit",
  "summit",
  "summit_role",
  "audit_log",
  "outbox",
];

interface FreshDatabase {
  handle: DatabaseHandle;
  /** For PostgreSQL: the URL of this database; for PGlite: undefined. */
  databaseUrl?: string;
  dataDir: string;
  /** Closes the handle, so that another process may open the database. */
  closeHandle(): Promise<void>;
  reopen(): Promise<void>;
  /** Closes the handle (if still open) and deletes the database. */
  destroy(): Promise<void>;
}

/**
 * A database of its own: a PGlite folder, or a whole PostgreSQL database (a
 * dump covers the database, so the schema-per-test helper does not fit here).
 */
async function freshDatabase(kind: DatabaseKind, options: { migrate: boolean }): Promise<FreshDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), "summit-backup-"));
  let databaseUrl: string | undefined;
  if (kind === "postgres") {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `summit_backup_${randomBytes(5).toString("hex")}`;
    const admin = await openDatabase({ databaseUrl: base, dataDir: "", poolSize: 1 });
    await sql`create database ${sql.id(name)}`.execute(admin.db);
    await admin.close();
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  let handle = await openDatabase({ databaseUrl, dataDir, poolSize: 4 });
  if (options.migrate) await migrateToLatest(handle.db);
  let open = true;
  return {
    get handle() {
      return handle;
    },
    databaseUrl,
    dataDir,
    async closeHandle() {
      await handle.close();
      open = false;
    },
    async reopen() {
      handle = await openDatabase({ databaseUrl, dataDir, poolSize: 4 });
      open = true;
    },
    async destroy() {
      if (open) await handle.close();
      open = false;
      if (databaseUrl) {
        const admin = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, dataDir: "", poolSize: 1 });
        await sql`drop database if exists ${sql.id(new URL(databaseUrl).pathname.slice(1))} with (force)`.execute(
          admin.db,
        );
        await admin.close();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Rows in every table, with the values a dump is most likely to mangle. */
async function fillEveryTable(handle: DatabaseHandle): Promise<void> {
  const now = new Date("2026-03-01T09:30:00.123Z");
  await handle.db.transaction().execute(async (trx) => {
    const users = await trx
      .insertInto("app_user")
      .values([
        { email: "peter@example.org", display_name: "Peter O'Maydell", is_admin: true },
        { email: "stefan@example.org", display_name: "Stefan \\ Hajnoczi — «QEMU»" },
        { email: "ana@example.org", display_name: "Ana\tTab 🙂", deactivated_at: now },
      ])
      .returning("id")
      .execute();
    const [peter, stefan, ana] = users.map((u) => u.id) as [string, string, string];
    await trx
      .insertInto("session")
      .values([
        { id: "a".repeat(64), user_id: peter, created_at: now, expires_at: new Date(now.getTime() + 86_400_000) },
        { id: "b".repeat(64), user_id: stefan, created_at: now, expires_at: new Date(now.getTime() + 3_600_000) },
      ])
      .execute();
    await trx
      .insertInto("sign_in_token")
      .values({ token_hash: "c".repeat(64), email: "ana@example.org", created_at: now, expires_at: now, used_at: now })
      .execute();
    await trx.insertInto("rate_limit").values({ key: "ip:127.0.0.1", tokens: 2.5, updated_at: now }).execute();
    const [summit] = await trx
      .insertInto("summit")
      .values([
        {
          slug: "qemu-2017",
          title: "QEMU Summit 2017",
          starts_on: "2017-10-26",
          ends_on: "2017-10-26",
          timezone: "Europe/Prague",
          venue: "Prague; co-located with KVM Forum",
          list_address: "qemu-devel@nongnu.org",
          sign_off: "Thanks,\n-- \nThe organizers",
          phase: "published",
          created_by: peter,
        },
        {
          slug: "qemu-2026",
          title: 'Summit "next"',
          starts_on: "2026-08-01",
          ends_on: "2026-08-02",
          timezone: "UTC",
          list_address: "list@example.org",
        },
      ])
      .returning("id")
      .execute();
    await trx
      .insertInto("summit_role")
      .values([
        { summit_id: summit!.id, user_id: peter, role: "organizer" },
        { summit_id: summit!.id, user_id: stefan, role: "minute_taker" },
      ])
      .execute();
    await recordAudit(trx, {
      actorId: peter,
      summitId: summit!.id,
      action: "summit.phase",
      objectType: "summit",
      objectId: summit!.id,
      detail: { from: "draft", to: "published", note: "quote ' and \\ and \u00e9" },
    });
    await recordAudit(trx, { actorId: null, action: "admin.add", objectType: "user", objectId: ana });
    await enqueueMail(
      trx,
      {
        kind: "minutes",
        recipient: "qemu-devel@nongnu.org",
        subject: "Minutes: QEMU Summit 2017",
        body: "Line one\n\\.\nA line with a backslash-dot, which ends COPY data\n\ttabbed\n",
        dedupeKey: "minutes:qemu-2017:1",
      },
      { now, messageIdDomain: "example.org" },
    );
    await enqueueMail(
      trx,
      {
        kind: "sign_in",
        recipient: "ana@example.org",
        subject: "Sign in",
        body: "https://summit.example/login/x",
        dedupeKey: "k2",
      },
      { now, messageIdDomain: "example.org" },
    );
  });
}

for (const kind of TEST_DATABASE_KINDS) {
  describe(`backup and restore [${kind}]`, () => {
    let source: FreshDatabase;
    let work: string;

    beforeAll(async () => {
      source = await freshDatabase(kind, { migrate: true });
      await fillEveryTable(source.handle);
      work = mkdtempSync(join(tmpdir(), "summit-dumps-"));
    }, 120_000);

    afterAll(async () => {
      await source?.destroy();
      rmSync(work, { recursive: true, force: true });
    }, 120_000);

    it("round-trips every table: equal row counts and ordered content hashes", async () => {
      const before = await fingerprintTables(source.handle.db);
      for (const table of APP_TABLES) expect(before[table]?.rows, table).toBeGreaterThan(0);

      const file = join(work, "round-trip.sql");
      const { bytes } = await backupToFile(source.handle, file, { databaseUrl: source.databaseUrl });
      expect(bytes).toBe(statSync(file).size);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // Dumping changed nothing.
      expect(await fingerprintTables(source.handle.db)).toEqual(before);

      const target = await freshDatabase(kind, { migrate: false });
      try {
        expect(await listUserTables(target.handle)).toEqual([]);
        const restored = await restoreFromText(target.handle, readDumpFile(file), { databaseUrl: target.databaseUrl });
        const after = await fingerprintTables(target.handle.db);
        expect(after).toEqual(before);
        expect(restored.rows).toBe(Object.values(before).reduce((sum, t) => sum + t.rows, 0));

        // The restored database is a working Summit database, not just equal rows.
        expect(await migrateToLatest(target.handle.db)).toEqual([]);
        await expect(sql`update audit_log set action = 'x'`.execute(target.handle.db)).rejects.toThrow(/append-only/);
        const maxBefore = Math.max(
          ...(await target.handle.db.selectFrom("audit_log").select("id").execute()).map((r) => Number(r.id)),
        );
        await recordAudit(target.handle.db, { actorId: null, action: "after.restore", objectType: "test" });
        const newest = await target.handle.db
          .selectFrom("audit_log")
          .select("id")
          .where("action", "=", "after.restore")
          .executeTakeFirstOrThrow();
        expect(Number(newest.id)).toBeGreaterThan(maxBefore);
        const { rows } = await sql<{ search_path: string }>`show search_path`.execute(target.handle.db);
        expect(rows[0]?.search_path).toContain("public");
      } finally {
        await target.destroy();
      }
    }, 120_000);

    it("refuses to restore into a database that is not empty, and changes nothing", async () => {
      const file = join(work, "refused.sql");
      await backupToFile(source.handle, file, { databaseUrl: source.databaseUrl });
      const before = await fingerprintTables(source.handle.db);
      await expect(
        restoreFromText(source.handle, readDumpFile(file), { databaseUrl: source.databaseUrl }),
      ).rejects.toThrow(/not empty \(\d+ table\(s\) and 2 summit\(s\)/);
      expect(await fingerprintTables(source.handle.db)).toEqual(before);

      // A database with one stray table, and no Summit tables, is refused too.
      const other = await freshDatabase(kind, { migrate: false });
      try {
        await sql`create table notes (body text)`.execute(other.handle.db);
        await expect(
          restoreFromText(other.handle, readDumpFile(file), { databaseUrl: other.databaseUrl }),
        ).rejects.toThrow(BackupError);
        expect(await listUserTables(other.handle)).toEqual(["public.notes"]);
      } finally {
        await other.destroy();
      }
    }, 120_000);

    it("loads all or nothing: a dump that fails half way leaves the target empty", async () => {
      const file = join(work, "good.sql");
      await backupToFile(source.handle, file, { databaseUrl: source.databaseUrl });
      const text = readFileSync(file, "utf8");
      // A statement that fails after the tables and most rows are in.
      const marker = "-- PostgreSQL database dump complete";
      const broken = text.replace(
        marker,
        `INSERT INTO public.app_user (email, display_name) VALUES ('UPPER@EXAMPLE.ORG', 'x');\n\n--\n${marker}`,
      );
      const brokenFile = join(work, "broken.sql");
      writeFileSync(brokenFile, broken);
      const target = await freshDatabase(kind, { migrate: false });
      try {
        await expect(
          restoreFromText(target.handle, readDumpFile(brokenFile), { databaseUrl: target.databaseUrl }),
        ).rejects.toThrow(/check constraint|violates/);
        expect(await listUserTables(target.handle)).toEqual([]);
        // And the same target then takes the good dump.
        await restoreFromText(target.handle, readDumpFile(file), { databaseUrl: target.databaseUrl });
        expect(await fingerprintTables(target.handle.db)).toEqual(await fingerprintTables(source.handle.db));
      } finally {
        await target.destroy();
      }
    }, 120_000);

    it("rejects files that are not complete dumps, and never overwrites a file", async () => {
      expect(() => readDumpFile(join(work, "missing.sql"))).toThrow(/Cannot read .*missing\.sql: ENOENT/);
      expect(() => readDumpFile(work)).toThrow(/is not a file/);
      const notes = join(work, "notes.txt");
      writeFileSync(notes, "select 1;\n");
      expect(() => readDumpFile(notes)).toThrow(/is not a Summit backup/);

      const file = join(work, "complete.sql");
      await backupToFile(source.handle, file, { databaseUrl: source.databaseUrl });
      const text = readFileSync(file, "utf8");
      const truncated = join(work, "truncated.sql");
      writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
      expect(() => readDumpFile(truncated)).toThrow(/is incomplete/);

      const size = statSync(file).size;
      await expect(backupToFile(source.handle, file, { databaseUrl: source.databaseUrl })).rejects.toThrow(
        /already exists/,
      );
      expect(statSync(file).size).toBe(size);
    }, 120_000);

    it("dumps while the database is in use, and the app's queries keep working", async () => {
      const db = source.handle.db;
      const usersBefore = (await db.selectFrom("app_user").select("id").execute()).length;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      // A transaction is open when the dump starts; more queries arrive right after.
      let opened!: () => void;
      const transactionOpen = new Promise<void>((resolve) => (opened = resolve));
      const transaction = db.transaction().execute(async (trx) => {
        await trx.insertInto("app_user").values({ email: "during-dump@example.org", display_name: "During" }).execute();
        opened();
        await gate;
      });
      await transactionOpen;
      const file = join(work, "live.sql");
      const dump = backupToFile(source.handle, file, { databaseUrl: source.databaseUrl });
      const reads = Array.from({ length: 5 }, (_, i) =>
        db
          .selectFrom("summit")
          .select(["slug"])
          .where("slug", "=", i % 2 ? "qemu-2017" : "qemu-2026")
          .execute(),
      );
      // Commit once the dump has started. The embedded database has one connection, so its
      // dump is already queued behind the transaction; PostgreSQL's pg_dump is a process of
      // its own, started once its session shows (or once it has finished, if it was that quick).
      if (kind === "postgres") {
        let dumpSettled = false;
        void dump.then(
          () => (dumpSettled = true),
          () => (dumpSettled = true),
        );
        await waitFor("pg_dump's session", async () => dumpSettled || (await pgDumpSessions(db)) > 0);
      }
      release();
      await transaction;
      const [dumped, ...readResults] = await Promise.all([dump, ...reads]);
      expect(dumped.bytes).toBeGreaterThan(0);
      for (const rows of readResults) expect(rows).toHaveLength(1);

      // After pg_dump's DEALLOCATE ALL and session settings, parameterised queries still work.
      for (let i = 0; i < 10; i++) {
        const row = await db
          .selectFrom("app_user")
          .select("email")
          .where("email", "=", "during-dump@example.org")
          .executeTakeFirst();
        expect(row?.email).toBe("during-dump@example.org");
      }
      const settings = await sql<{ search_path: string; datestyle: string }>`
        select current_setting('search_path') as search_path, current_setting('DateStyle') as datestyle`.execute(db);
      expect(settings.rows[0]?.search_path).toContain("public");
      expect(settings.rows[0]?.datestyle).toBe("ISO, MDY");

      // The dump is a consistent snapshot: the open transaction's row is either wholly in or out.
      const target = await freshDatabase(kind, { migrate: false });
      try {
        await restoreFromText(target.handle, readDumpFile(file), { databaseUrl: target.databaseUrl });
        const restoredUsers = (await target.handle.db.selectFrom("app_user").select("id").execute()).length;
        expect([usersBefore, usersBefore + 1]).toContain(restoredUsers);
      } finally {
        await target.destroy();
      }
    }, 120_000);

    it("removes only psql's \\restrict lines before loading into the embedded database", () => {
      const dump = "--\n\\restrict abc123\nSELECT 1;\n\\unrestrict abc123\n\\connect other\n";
      expect(withoutPsqlMetaCommands(dump)).toBe("--\n\nSELECT 1;\n\n\\connect other\n");
    });
  });
}

/** How many pg_dump sessions are connected to this database. */
async function pgDumpSessions(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and application_name = 'pg_dump'`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Every row of every Summit table as the app reads it, in key order: comparable across the two databases. */
async function contentOf(handle: DatabaseHandle): Promise<string> {
  const keys: Record<string, string[]> = {
    app_user: ["id"],
    session: ["id"],
    sign_in_token: ["id"],
    rate_limit: ["key"],
    summit: ["id"],
    summit_role: ["summit_id", "user_id", "role"],
    audit_log: ["id"],
    outbox: ["id"],
    kysely_migration: ["name"],
  };
  const content: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(keys)) {
    const { rows } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} order by ${sql.join(order.map((c) => sql.ref(c)))}`.execute(handle.db);
    content[table] = rows;
  }
  return JSON.stringify(content);
}

describe("moving data between the embedded database and PostgreSQL", () => {
  it("drops only the PostgreSQL 17+ setting for older servers", () => {
    const dump = "SET lock_timeout = 0;\nSET transaction_timeout = 0;\nSET client_encoding = 'UTF8';\n";
    expect(forServerVersion(dump, 150018)).toBe("SET lock_timeout = 0;\n\nSET client_encoding = 'UTF8';\n");
    expect(forServerVersion(dump, 170002)).toBe(dump);
  });

  if (TEST_DATABASE_KINDS.includes("postgres")) {
    it("restores an embedded dump into PostgreSQL and a PostgreSQL dump into the embedded database", async () => {
      const work = mkdtempSync(join(tmpdir(), "summit-cross-"));
      const embedded = await freshDatabase("pglite", { migrate: true });
      const server = await freshDatabase("postgres", { migrate: false });
      const back = await freshDatabase("pglite", { migrate: false });
      try {
        await fillEveryTable(embedded.handle);
        const expected = await contentOf(embedded.handle);
        await backupToFile(embedded.handle, join(work, "embedded.sql"));
        await restoreFromText(server.handle, readDumpFile(join(work, "embedded.sql")), {
          databaseUrl: server.databaseUrl,
        });
        expect(await contentOf(server.handle)).toBe(expected);

        await backupToFile(server.handle, join(work, "server.sql"), { databaseUrl: server.databaseUrl });
        await restoreFromText(back.handle, readDumpFile(join(work, "server.sql")));
        expect(await contentOf(back.handle)).toBe(expected);
        expect(await migrateToLatest(back.handle.db)).toEqual([]);
      } finally {
        await embedded.destroy();
        await server.destroy();
        await back.destroy();
        rmSync(work, { recursive: true, force: true });
      }
    }, 180_000);
  }
});

describe("summit backup / restore on the command line", () => {
  const CLI = "app/cli/summit.ts";
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "summit-cli-backup-"));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it("rejects bad arguments with one line and exit code 2, changing nothing", async () => {
    const dataDir = join(work, "untouched");
    const env = { SUMMIT_DATA_DIR: dataDir };
    const noFile = await runTsx(CLI, ["restore"], env);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr.trim()).toMatch(/^Usage: npm run summit -- restore FILE/);

    const missing = await runTsx(CLI, ["restore", join(work, "nope.sql")], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^Cannot read .*nope\.sql: ENOENT$/);

    const notDump = join(work, "readme.txt");
    writeFileSync(notDump, "hello\n");
    const wrong = await runTsx(CLI, ["restore", notDump], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
    expect(wrong.stderr).toMatch(/is not a Summit backup/);

    const backupNoFile = await runTsx(CLI, ["backup"], env);
    expect(backupNoFile.code).toBe(2);
    expect(backupNoFile.stderr.trim()).toMatch(/^Usage: npm run summit -- backup FILE/);

    // Backing up a data folder that holds no database does not create one.
    const empty = await runTsx(CLI, ["backup", join(work, "x.sql")], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim()).toMatch(/^There is no embedded database in .*untouched/);
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(join(work, "x.sql"))).toBe(false);
  }, 120_000);

  for (const kind of TEST_DATABASE_KINDS) {
    it(`backs up and restores through the CLI [${kind}]`, async () => {
      const source = await freshDatabase(kind, { migrate: true });
      const target = await freshDatabase(kind, { migrate: false });
      try {
        await fillEveryTable(source.handle);
        const expected = await fingerprintTables(source.handle.db);
        // The embedded database admits one process at a time.
        await source.closeHandle();
        await target.closeHandle();
        const envFor = (d: FreshDatabase): Record<string, string> =>
          d.databaseUrl ? { DATABASE_URL: d.databaseUrl } : { SUMMIT_DATA_DIR: d.dataDir };
        const sourceEnv = envFor(source);
        const targetEnv = envFor(target);
        const file = join(work, `cli-${kind}.sql`);

        const backup = await runTsx(CLI, ["backup", file], sourceEnv);
        expect(backup.stderr).toBe("");
        expect(backup.code).toBe(0);
        expect(backup.stdout).toMatch(/^Wrote .*cli-.*\.sql \(\d+ bytes/);

        const restore = await runTsx(CLI, ["restore", file], targetEnv);
        expect(restore.stderr).toBe("");
        expect(restore.code).toBe(0);
        expect(restore.stdout).toMatch(/^Restored \d+ tables \(\d+ rows\) from /);

        const again = await runTsx(CLI, ["restore", file], targetEnv);
        expect(again.code).toBe(1);
        expect(again.stderr.trim()).toMatch(/^The target database is not empty/);

        await target.reopen();
        expect(await fingerprintTables(target.handle.db)).toEqual(expected);
      } finally {
        await source.destroy();
        await target.destroy();
      }
    }, 180_000);
  }
});
