import type { Kysely } from "kysely";
import type { Database } from "../schema";

export async function insertSignInToken(
  db: Kysely<Database>,
  args: { tokenHash: string; email: string; createdAt: Date; expiresAt: Date },
): Promise<{ id: string }> {
  return db
    .insertInto("sign_in_token")
    .values({
      token_hash: args.tokenHash,
      email: args.email,
      created_at: args.createdAt,
      expires_at: args.expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Removes every earlier token of an address: a new link supersedes the old ones. */
export async function deleteSignInTokensForEmail(db: Kysely<Database>, email: string): Promise<number> {
  const result = await db.deleteFrom("sign_in_token").where("email", "=", email).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Housekeeping: tokens that expired before `before` are of no further use. */
export async function deleteExpiredSignInTokens(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom("sign_in_token").where("expires_at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Uses a token. One statement both checks and marks it, so of any number of
 * concurrent attempts exactly one gets the address back.
 */
export async function consumeSignInToken(
  db: Kysely<Database>,
  args: { tokenHash: string; now: Date },
): Promise<{ email: string } | null> {
  const row = await db
    .updateTable("sign_in_token")
    .set({ used_at: args.now })
    .where("token_hash", "=", args.tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", args.now)
    .returning("email")
    .executeTakeFirst();
  return row ?? null;
}

/** Why a token cannot be used (read-only): null when no such token exists. */
export async function getSignInTokenState(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<{ usedAt: Date | null; expiresAt: Date } | null> {
  const row = await db
    .selectFrom("sign_in_token")
    .select(["used_at", "expires_at"])
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row ? { usedAt: row.used_at, expiresAt: row.expires_at } : null;
}
