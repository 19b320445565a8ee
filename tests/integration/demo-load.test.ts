// `npm run summit -- demo load` through the compiled command line: the demo goes
// into any empty database, the embedded one or PostgreSQL, and a database that
// holds anything is refused without a single write.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { DEMO_ACCOUNTS, DEMO_SUMMIT } from "../../app/services/demo.server";
import { DEMO_2018_ITEMS, DEMO_ITEMS } from "../../app/services/demo-items";
import { runCli } from "../helpers/child-process";
import { ensureCompiled } from "../helpers/server-build";
import { fingerprintTables } from "../helpers/table-fingerprint";
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from "../helpers/test-db";

/** An empty database the command line can open: a new data folder, or a new PostgreSQL schema. */
interface EmptyDatabase {
  env: Record<string, string>;
  /** Runs `fn` on the database while the command line is not running (the embedded one admits one process). */
  inspect<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

async function emptyDatabase(kind: "pglite" | "postgres", work: string, name: string): Promise<EmptyDatabase> {
  if (kind === "pglite") {
    const dataDir = join(work, name);
    return {
      env: { SUMMIT_DATA_DIR: dataDir },
      async inspect(fn) {
        const handle = await openDatabase({ dataDir });
        try {
          return await fn(handle);
        } finally {
          await handle.close();
        }
      },
      async destroy() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const postgres: TestDatabase = await createTestDatabase("postgres", { migrate: false });
  return {
    env: { DATABASE_URL: postgres.location },
    inspect: (fn) => fn(postgres.handle),
    destroy: () => postgres.destroy(),
  };
}

async function count(handle: DatabaseHandle, table: "summit" | "app_user" | "agenda_item"): Promise<number> {
  const row = await handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const kind of TEST_DATABASE_KINDS) {
  describe(`npm run summit -- demo load [${kind}]`, () => {
    let work: string;

    beforeAll(async () => {
      await ensureCompiled();
      work = mkdtempSync(join(tmpdir(), "summit-demo-load-"));
    }, 300_000);
    afterAll(() => {
      rmSync(work, { recursive: true, force: true });
    });

    it("migrates an empty database and loads the demo; a second load is refused and writes nothing", async () => {
      const database = await emptyDatabase(kind, work, "empty");
      try {
        const loaded = await runCli(["demo", "load"], database.env);
        expect(loaded.stderr).toBe("");
        expect(loaded.code).toBe(0);
        const where = kind === "pglite" ? "the embedded database" : "PostgreSQL";
        expect(loaded.stdout).toContain(
          `Loaded the demo into ${where}: ${DEMO_SUMMIT.title} (/summits/${DEMO_SUMMIT.slug}), ` +
            `${DEMO_ACCOUNTS.length} users, ${DEMO_ITEMS.length + DEMO_2018_ITEMS.length} agenda items.\n`,
        );

        const before = await database.inspect(async (handle) => {
          expect(await count(handle, "summit")).toBe(2);
          expect(await count(handle, "app_user")).toBe(DEMO_ACCOUNTS.length);
          expect(await count(handle, "agenda_item")).toBe(DEMO_ITEMS.length + DEMO_2018_ITEMS.length);
          const summits = await handle.db.selectFrom("summit").select(["slug", "title"]).orderBy("slug").execute();
          expect(summits).toEqual([
            { slug: DEMO_SUMMIT.slug, title: DEMO_SUMMIT.title },
            { slug: "qemu-summit-2018", title: "QEMU Summit 2018" },
          ]);
          // The closed poll on "Deprecation cycle", blocked with its reason, and the decision recorded from it.
          const polls = await handle.db
            .selectFrom("decision_poll")
            .innerJoin("agenda_item", "agenda_item.id", "decision_poll.item_id")
            .select(["agenda_item.title", "decision_poll.closed_at", "decision_poll.result"])
            .execute();
          expect(polls).toHaveLength(1);
          expect(polls[0]!.title).toBe("Deprecation cycle");
          expect(polls[0]!.closed_at).not.toBeNull();
          expect(polls[0]!.result).toMatchObject({
            verdict: "blocked",
            counts: { agree: 4, abstain: 1, disagree: 1, block: 1 },
            reasons: [{ answer: "block", name: "Daniel Berrange", reason: expect.stringContaining("libvirt") }, {}, {}],
          });
          const decision = await handle.db.selectFrom("tentative_decision").select("text").executeTakeFirstOrThrow();
          expect(decision.text).toMatch(
            /^Blocked \(poll: 4 agree, 1 abstain, 1 disagree, 1 block\): .* Blocked: Daniel Berrange: libvirt/,
          );
          return fingerprintTables(handle.db);
        });

        const again = await runCli(["demo", "load"], database.env);
        expect(again.code).toBe(1);
        expect(again.stdout).toBe("");
        expect(again.stderr).toBe(
          `The database is not empty (2 summits, ${DEMO_ACCOUNTS.length} users): ` +
            "the demo loads only into a database without summits or users.\n",
        );
        expect(await database.inspect((handle) => fingerprintTables(handle.db))).toEqual(before);
      } finally {
        await database.destroy();
      }
    }, 180_000);

    it("refuses a database that holds only one user, leaving it as it was", async () => {
      const database = await emptyDatabase(kind, work, "one-user");
      try {
        const admin = await runCli(["admin", "add", "first@example.org", "--name", "First Admin"], database.env);
        expect(admin.code).toBe(0);
        const before = await database.inspect((handle) => fingerprintTables(handle.db));

        const refused = await runCli(["demo", "load"], database.env);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/^The database is not empty \(0 summits, 1 user\): /);
        await database.inspect(async (handle) => {
          expect(await fingerprintTables(handle.db)).toEqual(before);
          expect(await count(handle, "summit")).toBe(0);
        });
      } finally {
        await database.destroy();
      }
    }, 180_000);
  });
}

describe("npm run summit -- demo with other arguments", () => {
  it("answers anything but `demo load` with the usage and exit code 2, opening no database", async () => {
    const work = mkdtempSync(join(tmpdir(), "summit-demo-usage-"));
    try {
      const dataDir = join(work, "untouched");
      for (const args of [["demo"], ["demo", "unload"], ["demo", "load", "extra"]]) {
        const result = await runCli(args, { SUMMIT_DATA_DIR: dataDir });
        expect(result.code).toBe(2);
        expect(result.stderr).toBe("Usage: npm run summit -- demo load   (into an empty database)\n");
      }
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
