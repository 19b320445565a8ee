// Queries built once and run with each call's values (db/queries/compiled-once.ts):
// the answers are those of the query built afresh, the build runs once per
// database and shape, and a database with plugins still goes through them.
import { sql, type KyselyPlugin } from "kysely";
import { expect, it } from "vitest";
import { compiledOnce } from "../../db/queries/compiled-once";
import { describeEachDatabase } from "../helpers/test-db";

describeEachDatabase("queries compiled once", (use) => {
  let builds = 0;
  const usersNamed = compiledOnce(
    (db, a: { name: string; limit: number }, shape: { newestFirst: boolean }) => {
      builds++;
      return db
        .selectFrom("app_user")
        .select(["display_name", "email"])
        .where("display_name", "like", a.name)
        .where("is_admin", "=", false)
        .orderBy("email", shape.newestFirst ? "desc" : "asc")
        .limit(a.limit);
    },
    (shape) => (shape.newestFirst ? "desc" : "asc"),
  );

  it("answers as the same query built afresh, with each call's values, building once per shape", async () => {
    const { db } = use();
    await db
      .insertInto("app_user")
      .values([
        { email: "peter@example.org", display_name: "Peter Maydell" },
        { email: "paolo@example.org", display_name: "Paolo Bonzini" },
        { email: "stefan@example.org", display_name: "Stefan Hajnoczi" },
        { email: "root@example.org", display_name: "Peter Admin", is_admin: true },
      ])
      .execute();
    builds = 0;
    const fresh = (name: string, limit: number, newestFirst: boolean) =>
      db
        .selectFrom("app_user")
        .select(["display_name", "email"])
        .where("display_name", "like", name)
        .where("is_admin", "=", false)
        .orderBy("email", newestFirst ? "desc" : "asc")
        .limit(limit)
        .execute();
    for (const [name, limit, newestFirst] of [
      ["P%", 5, false],
      ["P%", 1, false],
      ["%o%", 5, true],
      ["S%", 5, false],
      ["nobody", 5, true],
    ] as const) {
      const rows = await usersNamed(db, { name, limit }, { newestFirst });
      expect(rows).toEqual(await fresh(name, limit, newestFirst));
    }
    expect(await usersNamed(db, { name: "P%", limit: 5 }, { newestFirst: false })).toEqual([
      { display_name: "Paolo Bonzini", email: "paolo@example.org" },
      { display_name: "Peter Maydell", email: "peter@example.org" },
    ]);
    expect(builds).toBe(2);
  });

  it("builds again for a database with plugins, which see the query and its result", async () => {
    const { db } = use();
    const seen: string[] = [];
    const plugin: KyselyPlugin = {
      transformQuery: ({ node }) => {
        seen.push("query");
        return node;
      },
      transformResult: async ({ result }) => {
        seen.push("result");
        return result;
      },
    };
    const watched = db.withPlugin(plugin);
    builds = 0;
    await usersNamed(watched, { name: "P%", limit: 5 }, { newestFirst: false });
    await usersNamed(watched, { name: "S%", limit: 5 }, { newestFirst: false });
    expect(builds).toBe(1);
    expect(seen.filter((s) => s === "result")).toHaveLength(2);
    expect(seen).toContain("query");

    const failing = db.withPlugin({
      transformQuery: () => {
        throw new Error("database unavailable (test)");
      },
      transformResult: async ({ result }) => result,
    });
    await expect(usersNamed(failing, { name: "P%", limit: 5 }, { newestFirst: false })).rejects.toThrow(
      "database unavailable",
    );
    await expect(usersNamed(failing, { name: "P%", limit: 5 }, { newestFirst: false })).rejects.toThrow(
      "database unavailable",
    );
    // The plain database's statement was not disturbed by either.
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from app_user`.execute(db);
    expect(rows).toEqual([{ n: 4 }]);
  });
});
