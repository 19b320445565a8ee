// A fresh place for the app's data on one database: a temporary data folder for
// the embedded database, or a new schema on PostgreSQL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { createSchema } from "./postgres";
import type { DatabaseName } from "./report";

export interface Store {
  database: DatabaseName;
  /** Opens it from the bench process (the server must not be running on the embedded database meanwhile). */
  open(): Promise<DatabaseHandle>;
  /** What the app server needs in its environment to run on it. */
  appEnv: Record<string, string>;
  dispose(): Promise<void>;
}

export async function createStore(database: DatabaseName, postgresUrl: string | null, label: string): Promise<Store> {
  if (database === "embedded") {
    const dataDir = mkdtempSync(join(tmpdir(), `summit-bench-${label}-`));
    return {
      database,
      open: () => openDatabase({ dataDir }),
      appEnv: { SUMMIT_DATA_DIR: dataDir },
      async dispose() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!postgresUrl) throw new Error("no PostgreSQL to create a store on");
  const schema = await createSchema(postgresUrl, label);
  return {
    database,
    // The data folder is not used with a database URL.
    open: () => openDatabase({ databaseUrl: schema.url, dataDir: tmpdir(), poolSize: 2 }),
    appEnv: { DATABASE_URL: schema.url },
    dispose: schema.drop,
  };
}

/**
 * Fresh planner statistics and visibility maps after seeding, as a production
 * database would have them: the embedded database's own maintenance (vacuum,
 * analyze, checkpoint), and VACUUM ANALYZE of this schema's tables on
 * PostgreSQL rather than waiting for autovacuum to get to them during a
 * measurement (until it has, an index cannot answer a count on its own).
 */
export async function analyze(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await handle.maintain();
    return;
  }
  const tables = await sql<{ name: string }>`
    select quote_ident(table_name) as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(handle.db);
  for (const table of tables.rows) await sql`vacuum (analyze) ${sql.raw(table.name)}`.execute(handle.db);
}
