import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DatabaseOpenError, openDatabase } from "~db/client";
import { ConfigError, parseConfig } from "~/lib/config.server";
import { BackupError, backupToFile } from "~/infra/backup.server";

const USAGE = "Usage: npm run summit -- backup FILE   (FILE must not exist yet)";

/** `backup FILE`: writes a plain SQL dump of the configured database. */
export async function run(args: string[]): Promise<number> {
  if (args.length !== 1 || !args[0] || args[0].startsWith("-")) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = resolve(args[0]);
  if (existsSync(file)) {
    process.stderr.write(`${file} already exists; choose a new file name\n`);
    return 2;
  }
  if (!existsSync(dirname(file))) {
    process.stderr.write(`The folder ${dirname(file)} does not exist\n`);
    return 2;
  }
  try {
    const config = parseConfig(process.env);
    // Opening a missing embedded folder would create an empty database and back that up.
    if (!config.DATABASE_URL && !existsSync(join(resolve(config.SUMMIT_DATA_DIR), "pgdata", "PG_VERSION"))) {
      process.stderr.write(
        `There is no embedded database in ${resolve(config.SUMMIT_DATA_DIR)} (check SUMMIT_DATA_DIR)\n`,
      );
      return 2;
    }
    const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.SUMMIT_DATA_DIR });
    try {
      const { bytes } = await backupToFile(handle, file, { databaseUrl: config.DATABASE_URL });
      process.stdout.write(
        `Wrote ${file} (${bytes} bytes, ${handle.kind === "pglite" ? "embedded database" : "PostgreSQL"})\n`,
      );
      return 0;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof DatabaseOpenError) {
      // The embedded database belongs to one process: a running Summit holds it.
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof ConfigError || error instanceof BackupError) {
      process.stderr.write(`${error.message}\n`);
      return error instanceof ConfigError ? 2 : 1;
    }
    throw error;
  }
}
