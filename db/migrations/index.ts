import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./2026_11_26_0001_create_foundation";
import * as m0002 from "./2026_11_26_0002_create_eligibility_and_invitations";
import * as m0003 from "./2026_11_26_0003_create_agenda_items";
import * as m0004 from "./2026_12_02_0004_index_agenda_items_by_status";
import * as m0005 from "./2026_12_03_0005_record_why_contributors_were_skipped";
import * as m0006 from "./2026_12_03_0006_create_voting";
import * as m0007 from "./2026_12_03_0007_create_the_day";
import * as m0008 from "./2026_12_04_0008_create_decision_polls";

// A static, ordered registry: the app bundle and the CLI migrate from the same list
// without reading the file system at run time.
const migrations: Record<string, Migration> = {
  "2026_11_26_0001_create_foundation": m0001,
  "2026_11_26_0002_create_eligibility_and_invitations": m0002,
  "2026_11_26_0003_create_agenda_items": m0003,
  "2026_12_02_0004_index_agenda_items_by_status": m0004,
  "2026_12_03_0005_record_why_contributors_were_skipped": m0005,
  "2026_12_03_0006_create_voting": m0006,
  "2026_12_03_0007_create_the_day": m0007,
  "2026_12_04_0008_create_decision_polls": m0008,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
