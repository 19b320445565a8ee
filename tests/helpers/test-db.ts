import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe } from "vitest";
import { migrateToLatest, openDatabase, type DatabaseHandle, type DatabaseKind } from "../../db/client";
import type { Database } from "../../db/schema";

export interface TestDatabase {
  kind: DatabaseKind;
  handle: DatabaseHandle;
  db: Kysely<Database>;
  /** For PGlite, the data folder; for PostgreSQL, the connection URL of this test's own schema. */
  location: string;
  destroy(): Promise<void>;
}

/** The databases integration tests run on: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set. */
export const TEST_DATABASE_KINDS: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** A fresh, migrated database: a temporary PGlite folder, or a new schema in the test PostgreSQL. */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (kind === "pglite") {
    const dataDir = mkdtempSync(join(tmpdir(), "summit-test-"));
    const handle = await openDatabase({ dataDir });
    if (migrate) await migrateToLatest(handle.db);
    return {
      kind,
      handle,
      db: handle.db,
      location: dataDir,
      async destroy() {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error("TEST_DATABASE_URL is not set");
  const schema = `test_${randomBytes(6).toString("hex")}`;
  const admin = await openDatabase({ databaseUrl: baseUrl, dataDir: "", poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const url = withSearchPath(baseUrl, schema);
  const handle = await openDatabase({ databaseUrl: url, dataDir: "", poolSize: 12 });
  if (migrate) await migrateToLatest(handle.db);
  return {
    kind,
    handle,
    db: handle.db,
    location: url,
    async destroy() {
      await handle.close();
      const cleanup = await openDatabase({ databaseUrl: baseUrl, dataDir: "", poolSize: 1 });
      await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}

export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

/**
 * Runs `body` once per test database, each with its own fresh migrated
 * database for the whole describe block: `use()` returns it inside tests.
 */
export function describeEachDatabase(name: string, body: (use: () => TestDatabase) => void): void {
  for (const kind of TEST_DATABASE_KINDS) {
    describe(`${name} [${kind}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(kind);
      }, 60_000);
      afterAll(async () => {
        await current?.destroy();
      }, 60_000);
      body(() => {
        if (!current) throw new Error("test database not ready");
        return current;
      });
    });
  }
}
