import type { Kysely } from "kysely";
import type { Database } from "../schema";

export async function listSummits(db: Kysely<Database>) {
  return db.selectFrom("summit").selectAll().orderBy("starts_on", "desc").orderBy("title").execute();
}

export async function getSummitBySlug(db: Kysely<Database>, slug: string) {
  return (await db.selectFrom("summit").selectAll().where("slug", "=", slug).executeTakeFirst()) ?? null;
}
