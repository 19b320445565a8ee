import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Kysely } from "kysely";
import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import type { Database } from "~db/schema";

/** SHA-256 of a session token, hex: the only form in which a session id is stored. */
export function hashSessionToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Lucia v3 adapter over Kysely that never stores the session token: every id
 * Lucia hands in is hashed before it reaches SQL, and rows are looked up by that
 * digest, so a leaked table cannot be replayed as cookies and timing can reveal
 * only digests of guesses. Deactivated users have no sessions.
 */
export class KyselySessionAdapter implements Adapter {
  constructor(private readonly db: Kysely<Database>) {}

  async getSessionAndUser(token: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await this.db
      .selectFrom("session")
      .innerJoin("app_user", "app_user.id", "session.user_id")
      .select([
        "session.user_id",
        "session.created_at",
        "session.expires_at",
        "app_user.email",
        "app_user.display_name",
        "app_user.is_admin",
        "app_user.deactivated_at",
      ])
      .where("session.id", "=", hashSessionToken(token))
      .executeTakeFirst();
    if (!row) return [null, null];
    const session: DatabaseSession = {
      id: token,
      userId: row.user_id,
      expiresAt: row.expires_at,
      attributes: { createdAt: row.created_at },
    };
    if (row.deactivated_at) return [session, null];
    return [
      session,
      {
        id: row.user_id,
        attributes: { email: row.email, displayName: row.display_name, isAdmin: row.is_admin },
      },
    ];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    // Only digests are stored, so the ids returned here cannot be turned back into cookies.
    const rows = await this.db.selectFrom("session").selectAll().where("user_id", "=", userId).execute();
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      expiresAt: row.expires_at,
      attributes: { createdAt: row.created_at },
    }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db
      .insertInto("session")
      .values({
        id: hashSessionToken(session.id),
        user_id: session.userId,
        created_at: session.attributes.createdAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async updateSessionExpiration(token: string, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable("session")
      .set({ expires_at: expiresAt })
      .where("id", "=", hashSessionToken(token))
      .execute();
  }

  async deleteSession(token: string): Promise<void> {
    await this.db.deleteFrom("session").where("id", "=", hashSessionToken(token)).execute();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.deleteFrom("session").where("user_id", "=", userId).execute();
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.deleteFrom("session").where("expires_at", "<=", new Date()).execute();
  }
}
