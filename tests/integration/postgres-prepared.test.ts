// On PostgreSQL each connection prepares a statement once (db/postgres-prepared.ts):
// it keeps a bounded number, and a statement that went stale under it (a table
// changed shape, or the session deallocated it) is sent again rather than failing.
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { PREPARED_STATEMENT_LIMIT } from "../../db/prepared-statements";
import type { Database } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

// vitest.config.ts runs this file only when TEST_DATABASE_URL names a PostgreSQL.
describe("prepared statements on PostgreSQL", () => {
  let database: TestDatabase;
  /** One connection, so that what it has prepared can be read back. */
  let single: DatabaseHandle;
  let db: Kysely<Database>;
  const preparedOnConnection = async () =>
    (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db))
      .rows;

  beforeAll(async () => {
    database = await createTestDatabase("postgres", { migrate: false });
    single = await openDatabase({ databaseUrl: database.location, dataDir: "", poolSize: 1 });
    db = single.db;
    await sql`create table sample (id int primary key, name text)`.execute(db);
    await sql`insert into sample values (1, 'Peter'), (2, 'Stefan')`.execute(db);
  });
  afterAll(async () => {
    await single?.close();
    await database?.destroy();
  });

  it("prepares a statement on first use and runs it prepared after", async () => {
    const query = () => sql<{ n: number }>`select count(*) as n from sample where id > ${0}`.execute(db);
    expect((await query()).rows).toEqual([{ n: 2 }]);
    expect((await query()).rows).toEqual([{ n: 2 }]);
    const statements = (await preparedOnConnection()).map((s) => s.statement);
    expect(statements.filter((s) => s.startsWith("select count(*) as n from sample"))).toHaveLength(1);
  });

  it("runs prepared statements on their generic plans, on every connection", async () => {
    const { rows } = await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(db);
    expect(rows).toEqual([{ plan_cache_mode: "force_generic_plan" }]);
  });

  it("keeps at most the limit of statements on one connection", async () => {
    for (let i = 0; i < PREPARED_STATEMENT_LIMIT + 20; i++) {
      const { rows } = await sql<{ n: number }>`select ${1}::int + ${sql.lit(i)} as n`.execute(db);
      expect(rows).toEqual([{ n: 1 + i }]);
    }
    expect((await preparedOnConnection()).length).toBeLessThanOrEqual(PREPARED_STATEMENT_LIMIT);
  });

  it("answers with the new columns after another connection changes the table", async () => {
    const everything = () => sql<Record<string, unknown>>`select * from sample where id = ${1}`.execute(db);
    expect((await everything()).rows).toEqual([{ id: 1, name: "Peter" }]);
    const other = await openDatabase({ databaseUrl: database.location, dataDir: "", poolSize: 1 });
    try {
      await sql`alter table sample add column extra text default 'more'`.execute(other.db);
    } finally {
      await other.close();
    }
    expect((await everything()).rows).toEqual([{ id: 1, name: "Peter", extra: "more" }]);
    expect((await everything()).rows).toEqual([{ id: 1, name: "Peter", extra: "more" }]);
  });

  it("sends a statement again when the session deallocated it, and fails it only inside a transaction", async () => {
    const named = () => sql<{ name: string }>`select name from sample where id = ${2}`.execute(db);
    expect((await named()).rows).toEqual([{ name: "Stefan" }]);
    await sql`deallocate all`.execute(db);
    expect((await named()).rows).toEqual([{ name: "Stefan" }]);
    await named();
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`deallocate all`.execute(trx);
        await sql`select name from sample where id = ${2}`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: "26000" });
    expect((await named()).rows).toEqual([{ name: "Stefan" }]);
  });
});
