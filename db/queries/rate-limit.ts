import { sql, type Kysely } from "kysely";
import type { Database } from "../schema";

export interface BucketSpec {
  key: string;
  /** Most tokens the bucket holds (the burst). */
  capacity: number;
  /** Tokens added back per millisecond. */
  refillPerMs: number;
  /** Tokens this request takes. */
  cost: number;
  now: Date;
}

// Float arithmetic on the refill can land a hair below a whole token.
const EPSILON = 1e-9;

/**
 * Takes `cost` tokens from a bucket in one statement: the bucket is created
 * full on first use, refilled for the time since its last change, and only
 * written when the tokens are there. Concurrent callers (several processes)
 * queue on the row, so a bucket is never overdrawn. True when taken.
 */
export async function takeBucketTokens(db: Kysely<Database>, spec: BucketSpec): Promise<boolean> {
  const now = sql`cast(${spec.now.toISOString()} as timestamptz)`;
  const elapsedMs = sql`greatest(0, cast(extract(epoch from (${now} - rate_limit.updated_at)) as double precision) * 1000)`;
  const refilled = sql<number>`least(cast(${spec.capacity} as double precision), rate_limit.tokens + ${elapsedMs} * cast(${spec.refillPerMs} as double precision))`;
  const row = await db
    .insertInto("rate_limit")
    .values({ key: spec.key, tokens: spec.capacity - spec.cost, updated_at: spec.now })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({
          tokens: sql<number>`${refilled} - cast(${spec.cost} as double precision)`,
          updated_at: sql<Date>`greatest(rate_limit.updated_at, ${now})`,
        })
        .where(sql<boolean>`${refilled} >= cast(${spec.cost - EPSILON} as double precision)`),
    )
    .returning("tokens")
    .executeTakeFirst();
  return row !== undefined;
}

export async function getBucket(
  db: Kysely<Database>,
  key: string,
): Promise<{ tokens: number; updatedAt: Date } | null> {
  const row = await db
    .selectFrom("rate_limit")
    .select(["tokens", "updated_at"])
    .where("key", "=", key)
    .executeTakeFirst();
  return row ? { tokens: Number(row.tokens), updatedAt: row.updated_at } : null;
}

/** Housekeeping: a bucket untouched since `before` has refilled completely and can be forgotten. */
export async function deleteIdleBuckets(db: Kysely<Database>, args: { prefix: string; before: Date }): Promise<number> {
  const result = await db
    .deleteFrom("rate_limit")
    .where("key", "like", `${args.prefix.replace(/[\\%_]/g, "\\$&")}%`)
    .where("updated_at", "<", args.before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
