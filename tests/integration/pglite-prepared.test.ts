// The embedded database's statements are prepared once and then only bound and
// run (db/pglite-prepared.ts): they must answer exactly as PGlite's own `query`
// does, keep a bounded number of statements prepared, survive a schema change,
// fail as PostgreSQL fails, and run in the order they were sent.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmbedded, type DatabaseHandle } from "../../db/client";
import type { EmbeddedQueries } from "../../db/pglite-dialect";
import { forgetPreparedStatements, preparedQueries } from "../../db/pglite-prepared";
import { PREPARED_STATEMENT_LIMIT } from "../../db/prepared-statements";

describe("prepared statements on the embedded database", () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  let pglite: PGlite;
  let queries: EmbeddedQueries;
  const preparedCount = async () =>
    (await pglite.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements")).rows[0]!.n;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "summit-prepared-"));
    handle = await openEmbedded(dataDir);
    pglite = handle.pglite!;
    queries = preparedQueries(pglite);
    await pglite.exec(`create table sample (
      id int8 primary key, name text, on_day date, at timestamptz, done boolean, data jsonb, tags text[], share numeric)`);
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers every type as PGlite's own query does, the first time and after", async () => {
    const insert = "insert into sample values ($1, $2, $3, $4, $5, $6, $7, $8)";
    const values = [
      [1, "Peter Maydell", "2017-10-25", new Date("2017-10-25T09:00:00Z"), true, { a: [1, "ü"] }, ["x", "y z"], 2.5],
      [2, null, null, null, false, null, [], null],
    ];
    for (const row of values) {
      const inserted = await queries.query(insert, row);
      expect(inserted.affectedRows).toBe(1);
    }
    const select = "select * from sample where id >= $1 order by id";
    const expected = (await pglite.query(select, [1], { rowMode: "object" })).rows;
    expect(expected).toHaveLength(2);
    for (let i = 0; i < 7; i++) expect((await queries.query(select, [1])).rows).toEqual(expected);
    expect((await queries.query("select 1 as one where false", [])).rows).toEqual([]);
    expect((await queries.query("update sample set done = $1 where id > $2", [true, 0])).affectedRows).toBe(2);
  });

  it("keeps at most the limit of statements prepared, and reuses the ones it keeps", async () => {
    for (let i = 0; i < PREPARED_STATEMENT_LIMIT + 30; i++) {
      const { rows } = await queries.query(`select $1::int + ${i} as n`, [1]);
      expect(rows).toEqual([{ n: 1 + i }]);
    }
    expect(await preparedCount()).toBe(PREPARED_STATEMENT_LIMIT);
    await queries.query("select $1::int + 0 as n", [1]);
    await queries.query("select $1::int + 0 as n", [2]);
    expect(await preparedCount()).toBe(PREPARED_STATEMENT_LIMIT);
  });

  it("answers with the new columns after the schema changes", async () => {
    const select = "select * from sample where id = $1";
    expect(Object.keys((await queries.query<object>(select, [1])).rows[0]!)).not.toContain("extra");
    await queries.query("alter table sample add column extra text default 'more'", []);
    expect(await preparedCount()).toBe(0);
    expect((await queries.query<{ extra: string }>(select, [1])).rows[0]!.extra).toBe("more");
  });

  it("runs prepared statements on their generic plans, set up again after a tool resets the session", async () => {
    const planMode = async () =>
      (await queries.query<{ plan_cache_mode: string }>("show plan_cache_mode", [])).rows[0]!.plan_cache_mode;
    await queries.query("select count(*) as n from sample where id > $1", [0]);
    expect(await planMode()).toBe("force_generic_plan");
    await pglite.exec("reset all");
    await forgetPreparedStatements(pglite);
    await queries.query("select count(*) as n from sample where id > $1", [0]);
    expect(await planMode()).toBe("force_generic_plan");
  });

  it("prepares afresh after a tool deallocates the session's statements", async () => {
    const select = "select count(*) as n from sample where id > $1";
    expect((await queries.query(select, [0])).rows).toEqual([{ n: 2 }]);
    await pglite.exec("deallocate all");
    await forgetPreparedStatements(pglite);
    expect((await queries.query(select, [0])).rows).toEqual([{ n: 2 }]);
    // Not told: the statement that finds them gone fails, and the next prepares afresh.
    await pglite.exec("deallocate all");
    await expect(queries.query(select, [0])).rejects.toMatchObject({ code: "26000" });
    expect((await queries.query(select, [0])).rows).toEqual([{ n: 2 }]);
  });

  it("fails with PostgreSQL's error and goes on answering", async () => {
    await expect(queries.query("insert into sample (id) values ($1)", [1])).rejects.toMatchObject({ code: "23505" });
    await expect(queries.query("select nonsense from sample", [])).rejects.toMatchObject({ code: "42703" });
    await expect(queries.query("select * from sample where id = $1", ["one"])).rejects.toMatchObject({
      code: "22P02",
    });
    expect((await queries.query("select count(*) as n from sample", [])).rows).toEqual([{ n: 2 }]);
  });

  it("runs statements in the order they were sent, prepared or not, and rolls back as one", async () => {
    const sent = [
      queries.query("begin", []),
      queries.query("insert into sample (id, name) values ($1, $2)", [10, "in a transaction"]),
      queries.query("select count(*) as n from sample", []),
      queries.query("rollback", []),
      queries.query("select count(*) as n from sample", []),
    ];
    const answers = await Promise.all(sent);
    expect(answers[2]!.rows).toEqual([{ n: 3 }]);
    expect(answers[4]!.rows).toEqual([{ n: 2 }]);
  });
});
