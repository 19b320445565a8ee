import type { Kysely } from "kysely";
import type { Database } from "../schema";

/** How many accounts exist, deactivated ones included (the demo loads only into an empty database). */
export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("app_user")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
