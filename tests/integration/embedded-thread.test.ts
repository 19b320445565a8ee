// The server runs the embedded database on a thread of its own (db/pglite-thread.ts):
// statements answer as in the server's thread, errors keep PostgreSQL's fields, the
// lock is the same, and the server's thread runs on while a statement does.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseOpenError, migrateToLatest, openDatabase, type DatabaseHandle } from "../../db/client";
import { ensureCompiled, PGLITE_THREAD_ENTRY } from "../helpers/server-build";

const thread = pathToFileURL(PGLITE_THREAD_ENTRY);

describe("the embedded database on its own thread", () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    await ensureCompiled();
    dataDir = mkdtempSync(join(tmpdir(), "summit-thread-"));
    handle = await openDatabase({ dataDir, thread });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers statements and transactions as the database in this thread does", async () => {
    const { rows } = await sql<{ n: number; at: Date; big: number }>`
      select 2 + 2 as n, timestamptz '2026-12-02 10:00:00+00' as at, 9007199254740991::int8 as big`.execute(handle.db);
    expect(rows).toEqual([{ n: 4, at: new Date("2026-12-02T10:00:00Z"), big: 9007199254740991 }]);
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await sql`create table scratch (id int primary key)`.execute(trx);
        await sql`insert into scratch values (1)`.execute(trx);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const table = await sql<{ found: boolean }>`select to_regclass('scratch') is not null as found`.execute(handle.db);
    expect(table.rows[0]?.found).toBe(false);
  });

  it("passes on a database error with its code, and goes on answering", async () => {
    await sql`create table unique_scratch (id int primary key)`.execute(handle.db);
    await sql`insert into unique_scratch values (1)`.execute(handle.db);
    await expect(sql`insert into unique_scratch values (1)`.execute(handle.db)).rejects.toMatchObject({
      code: "23505",
      message: expect.stringContaining("duplicate key"),
    });
    expect((await sql<{ one: number }>`select 1 as one`.execute(handle.db)).rows).toEqual([{ one: 1 }]);
  });

  it("runs upkeep after an open transaction ends, not inside it", async () => {
    await sql`create table upkeep_scratch (id int primary key)`.execute(handle.db);
    const order: string[] = [];
    let upkeep: Promise<void> | null = null;
    await handle.db.transaction().execute(async (trx) => {
      await sql`insert into upkeep_scratch values (1)`.execute(trx);
      upkeep = handle.maintain().then(() => {
        order.push("maintained");
      });
      await sql`select pg_sleep(0.1)`.execute(trx);
      await sql`insert into upkeep_scratch values (2)`.execute(trx);
      order.push("committed");
    });
    await upkeep;
    expect(order).toEqual(["committed", "maintained"]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from upkeep_scratch`.execute(handle.db);
    expect(rows).toEqual([{ n: 2 }]);
  });

  it("leaves this thread free while a statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    try {
      await sql`select pg_sleep(0.5)`.execute(handle.db);
    } finally {
      clearInterval(timer);
    }
    // In this thread PGlite would have held the event loop for the whole half second: no tick at all.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it("holds the data folder's lock: a second opener is refused by name", async () => {
    await expect(openDatabase({ dataDir })).rejects.toThrow(DatabaseOpenError);
    await expect(openDatabase({ dataDir, thread })).rejects.toThrow(/already open in this process|in use by process/);
  });

  it("releases the lock when closed", async () => {
    const other = mkdtempSync(join(tmpdir(), "summit-thread-"));
    try {
      const first = await openDatabase({ dataDir: other, thread });
      await first.maintain();
      await first.close();
      await expect(first.db.selectNoFrom(sql<number>`1`.as("one")).execute()).rejects.toThrow();
      const second = await openDatabase({ dataDir: other });
      await second.close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
