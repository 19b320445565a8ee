import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../helpers/test-db";

describeEachDatabase("database", (use) => {
  it("returns counts as numbers and dates as YYYY-MM-DD on every driver", async () => {
    const { db } = use();
    await db
      .insertInto("summit")
      .values({
        slug: "shape-check",
        title: "Shape check",
        starts_on: "2017-10-25",
        ends_on: "2017-10-26",
        timezone: "Europe/Prague",
        list_address: "list@example.org",
      })
      .execute();
    const summit = await db
      .selectFrom("summit")
      .selectAll()
      .where("slug", "=", "shape-check")
      .executeTakeFirstOrThrow();
    expect(summit.starts_on).toBe("2017-10-25");
    expect(summit.created_at).toBeInstanceOf(Date);
    const { n } = await db
      .selectFrom("summit")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(n).toBe(1);
  });

  it("refuses to change or delete audit entries", async () => {
    const { db } = use();
    await db.insertInto("audit_log").values({ action: "test", object_type: "test" }).execute();
    await expect(db.updateTable("audit_log").set({ action: "changed" }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    const rows = await db.selectFrom("audit_log").select("action").execute();
    expect(rows.map((r) => r.action)).toEqual(["test"]);
  });

  it("rolls back every row of a failed transaction", async () => {
    const { db } = use();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("app_user").values({ email: "half@example.org", display_name: "Half" }).execute();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const row = await db.selectFrom("app_user").select("id").where("email", "=", "half@example.org").executeTakeFirst();
    expect(row).toBeUndefined();
  });
});

describeEachDatabase("maintenance", (use) => {
  it("analyzes the embedded database, which has no autovacuum, and leaves PostgreSQL's to autovacuum", async () => {
    const { db, handle, kind } = use();
    await db
      .insertInto("app_user")
      .values(Array.from({ length: 50 }, (_, i) => ({ email: `stats${i}@example.org`, display_name: `Stats ${i}` })))
      .execute();
    const lastAnalyze = async () =>
      (
        await sql<{
          at: Date | null;
        }>`select last_analyze as at from pg_stat_user_tables where relname = 'app_user'`.execute(db)
      ).rows[0]?.at ?? null;
    const before = await lastAnalyze();
    await handle.maintain();
    const after = await lastAnalyze();
    if (kind === "pglite") {
      expect(after).not.toBeNull();
      expect(after).not.toEqual(before);
    } else {
      expect(after).toEqual(before);
    }
  });
});

describeEachDatabase("transaction monitor", (use) => {
  it("counts a transaction as open only while it runs", async () => {
    const { db } = use();
    const { openTransactionCount } = await import("../../db/transaction-monitor");
    expect(openTransactionCount()).toBe(0);
    let inside = -1;
    await db.transaction().execute(async (trx) => {
      inside = openTransactionCount();
      await trx.selectNoFrom((eb) => eb.val(1).as("one")).execute();
    });
    expect(inside).toBe(1);
    expect(openTransactionCount()).toBe(0);
    await expect(
      db.transaction().execute(async () => {
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(openTransactionCount()).toBe(0);
  });
});
