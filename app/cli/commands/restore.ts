import { resolve } from "node:path";
import { DatabaseOpenError, openDatabase } from "~db/client";
import { ConfigError, parseConfig } from "~/lib/config.server";
import { BackupError, readDumpFile, restoreFromText } from "~/infra/backup.server";

const USAGE = "Usage: npm run summit -- restore FILE   (into an empty database)";

/** `restore FILE`: loads a dump made by `backup` into an empty database. */
export async function run(args: string[]): Promise<number> {
  if (args.length !== 1 || !args[0] || args[0].startsWith("-")) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = resolve(args[0]);
  let dump: string;
  let config;
  try {
    dump = readDumpFile(file);
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof BackupError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.SUMMIT_DATA_DIR });
    try {
      const { tables, rows } = await restoreFromText(handle, dump, { databaseUrl: config.DATABASE_URL });
      process.stdout.write(`Restored ${tables} tables (${rows} rows) from ${file}\n`);
      return 0;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof BackupError || error instanceof DatabaseOpenError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
