import { migrateToLatest, openDatabase, type DatabaseHandle } from "~db/client";
import { parseConfig, type Config } from "~/lib/config.server";

export class UsageError extends Error {}

/** Opens the configured database (taking the embedded lock), migrated, for one CLI command. */
export async function withDatabase<T>(fn: (handle: DatabaseHandle, config: Config) => Promise<T>): Promise<T> {
  const config = parseConfig(process.env);
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.SUMMIT_DATA_DIR });
  try {
    await migrateToLatest(handle.db);
    return await fn(handle, config);
  } finally {
    await handle.close();
  }
}
