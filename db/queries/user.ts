import type { Kysely } from "kysely";
import type { AppUser as AppUserRow, Database } from "../schema";

/**
 * A user as read. `created_at` is `Generated<Timestamp>` in the schema, which
 * Kysely's Selectable leaves as the ColumnType wrapper; the driver returns a Date.
 */
export type AppUser = Omit<AppUserRow, "created_at"> & { created_at: Date };

const asUser = (row: AppUserRow): AppUser => row as unknown as AppUser;

// Ids come from sessions and URLs; a malformed one would make PostgreSQL raise
// "invalid input syntax for type uuid" instead of simply finding nobody.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Emails are stored lower-cased; the caller passes a normalised address. */
export async function getUserByEmail(db: Kysely<Database>, email: string): Promise<AppUser | null> {
  const row = await db.selectFrom("app_user").selectAll().where("email", "=", email).executeTakeFirst();
  return row ? asUser(row) : null;
}

export async function getUserById(db: Kysely<Database>, id: string): Promise<AppUser | null> {
  if (!UUID.test(id)) return null;
  const row = await db.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? asUser(row) : null;
}

export async function createUser(
  db: Kysely<Database>,
  args: { email: string; displayName: string; isAdmin?: boolean },
): Promise<AppUser> {
  const row = await db
    .insertInto("app_user")
    .values({ email: args.email, display_name: args.displayName, is_admin: args.isAdmin ?? false })
    .returningAll()
    .executeTakeFirstOrThrow();
  return asUser(row);
}

/**
 * The user with this address, created when absent. Two first sign-ins racing
 * for one address both end with the same row instead of a unique violation.
 */
export async function ensureUser(
  db: Kysely<Database>,
  args: { email: string; displayName: string },
): Promise<{ user: AppUser; created: boolean }> {
  const inserted = await db
    .insertInto("app_user")
    .values({ email: args.email, display_name: args.displayName })
    .onConflict((oc) => oc.column("email").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { user: asUser(inserted), created: true };
  const existing = await db
    .selectFrom("app_user")
    .selectAll()
    .where("email", "=", args.email)
    .executeTakeFirstOrThrow();
  return { user: asUser(existing), created: false };
}

export async function updateDisplayName(
  db: Kysely<Database>,
  args: { userId: string; displayName: string },
): Promise<boolean> {
  if (!UUID.test(args.userId)) return false;
  const result = await db
    .updateTable("app_user")
    .set({ display_name: args.displayName })
    .where("id", "=", args.userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setUserAdmin(db: Kysely<Database>, args: { userId: string; isAdmin: boolean }): Promise<boolean> {
  if (!UUID.test(args.userId)) return false;
  const result = await db
    .updateTable("app_user")
    .set({ is_admin: args.isAdmin })
    .where("id", "=", args.userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks a user deactivated (the first time only); their sessions stop validating at once. */
export async function deactivateUser(db: Kysely<Database>, args: { userId: string; at: Date }): Promise<boolean> {
  if (!UUID.test(args.userId)) return false;
  const result = await db
    .updateTable("app_user")
    .set({ deactivated_at: args.at })
    .where("id", "=", args.userId)
    .where("deactivated_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function reactivateUser(db: Kysely<Database>, userId: string): Promise<boolean> {
  if (!UUID.test(userId)) return false;
  const result = await db
    .updateTable("app_user")
    .set({ deactivated_at: null })
    .where("id", "=", userId)
    .where("deactivated_at", "is not", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listUsers(db: Kysely<Database>, args: { includeDeactivated?: boolean } = {}): Promise<AppUser[]> {
  let query = db.selectFrom("app_user").selectAll().orderBy("display_name").orderBy("email");
  if (!args.includeDeactivated) query = query.where("deactivated_at", "is", null);
  return (await query.execute()).map(asUser);
}
