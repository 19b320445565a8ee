import { migrateToLatest, openDatabase } from "~db/client";
import { parseConfig } from "~/lib/config.server";

export async function run(args: string[]): Promise<number> {
  if (args[0] !== "migrate" || args.length !== 1) {
    process.stderr.write("Usage: npm run summit -- db migrate\n");
    return 2;
  }
  const config = parseConfig(process.env);
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.SUMMIT_DATA_DIR });
  try {
    const applied = await migrateToLatest(handle.db);
    process.stdout.write(applied.length ? `Applied: ${applied.join(", ")}\n` : "The database is up to date.\n");
    return 0;
  } finally {
    await handle.close();
  }
}
