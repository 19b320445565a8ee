import type { Kysely } from "kysely";
import type { Database } from "../schema";

const CHUNK = 1000;

export interface EmailAliasRow {
  alias: string;
  canonical: string;
}

/** Both addresses lower-case; an alias appears once. */
type Aliases = ReadonlyArray<EmailAliasRow>;

async function insertAliases(db: Kysely<Database>, summitId: string, given: Aliases, replaceExisting: boolean) {
  // One statement may not touch a row twice: the last mapping of an alias wins.
  const aliases = [...new Map(given.map((a) => [a.alias, a])).values()];
  for (let start = 0; start < aliases.length; start += CHUNK) {
    await db
      .insertInto("email_alias")
      .values(
        aliases.slice(start, start + CHUNK).map((a) => ({
          summit_id: summitId,
          alias_email: a.alias,
          canonical_email: a.canonical,
        })),
      )
      .onConflict((oc) =>
        replaceExisting
          ? oc
              .columns(["summit_id", "alias_email"])
              .doUpdateSet((eb) => ({ canonical_email: eb.ref("excluded.canonical_email") }))
          : oc.columns(["summit_id", "alias_email"]).doNothing(),
      )
      .execute();
  }
}

/** Makes `aliases` the summit's whole list. */
export async function replaceEmailAliases(
  db: Kysely<Database>,
  args: { summitId: string; aliases: Aliases },
): Promise<void> {
  await db.deleteFrom("email_alias").where("summit_id", "=", args.summitId).execute();
  await insertAliases(db, args.summitId, args.aliases, false);
}

/** Adds `aliases` to the summit's list; where an alias was known, its new canonical address wins. */
export async function mergeEmailAliases(
  db: Kysely<Database>,
  args: { summitId: string; aliases: Aliases },
): Promise<void> {
  await insertAliases(db, args.summitId, args.aliases, true);
}

export async function listEmailAliases(db: Kysely<Database>, summitId: string): Promise<EmailAliasRow[]> {
  return db
    .selectFrom("email_alias")
    .select(["alias_email as alias", "canonical_email as canonical"])
    .where("summit_id", "=", summitId)
    .orderBy("alias_email")
    .execute();
}
