import type { Kysely } from "kysely";
import type { Database, SummitRoleName } from "../schema";

export async function listSummitRoles(db: Kysely<Database>, summitId: string) {
  return db
    .selectFrom("summit_role")
    .innerJoin("app_user", "app_user.id", "summit_role.user_id")
    .select(["summit_role.role", "app_user.id as userId", "app_user.display_name as displayName", "app_user.email"])
    .where("summit_role.summit_id", "=", summitId)
    .orderBy("summit_role.role")
    .orderBy("app_user.display_name")
    .execute();
}

export async function grantSummitRole(
  db: Kysely<Database>,
  args: { summitId: string; userId: string; role: SummitRoleName },
): Promise<boolean> {
  const result = await db
    .insertInto("summit_role")
    .values({ summit_id: args.summitId, user_id: args.userId, role: args.role })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function revokeSummitRole(
  db: Kysely<Database>,
  args: { summitId: string; userId: string; role: SummitRoleName },
): Promise<boolean> {
  const result = await db
    .deleteFrom("summit_role")
    .where("summit_id", "=", args.summitId)
    .where("user_id", "=", args.userId)
    .where("role", "=", args.role)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
