import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./2026_11_26_0001_create_foundation";

// A static, ordered registry: the app bundle and the CLI migrate from the same list
// without reading the file system at run time.
const migrations: Record<string, Migration> = {
  "2026_11_26_0001_create_foundation": m0001,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
