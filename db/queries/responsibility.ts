import type { Kysely } from "kysely";
import type { Database } from "../schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHUNK = 1000;

export type ResponsibilityOrigin = "manual" | "maintainers";

export interface ResponsibilityRow {
  id: string;
  role: string;
  email: string;
  name: string;
  origin: ResponsibilityOrigin;
  createdAt: Date;
}

const COLUMNS = ["id", "role", "email", "name", "origin", "created_at"] as const;

function toRow(r: {
  id: string;
  role: string;
  email: string;
  name: string;
  origin: ResponsibilityOrigin;
  created_at: unknown;
}): ResponsibilityRow {
  return { id: r.id, role: r.role, email: r.email, name: r.name, origin: r.origin, createdAt: r.created_at as Date };
}

/** Adds one holder of a role; null when that person already holds that role in this summit. */
export async function addResponsibility(
  db: Kysely<Database>,
  args: { summitId: string; role: string; email: string; name: string; origin: ResponsibilityOrigin; createdAt: Date },
): Promise<ResponsibilityRow | null> {
  const row = await db
    .insertInto("responsibility")
    .values({
      summit_id: args.summitId,
      role: args.role,
      email: args.email,
      name: args.name,
      origin: args.origin,
      created_at: args.createdAt,
    })
    .onConflict((oc) => oc.columns(["summit_id", "role", "email"]).doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toRow(row) : null;
}

/** Removes one responsibility of this summit; null when there is none with that id here. */
export async function removeResponsibility(
  db: Kysely<Database>,
  args: { summitId: string; id: string },
): Promise<ResponsibilityRow | null> {
  if (!UUID.test(args.id)) return null;
  const row = await db
    .deleteFrom("responsibility")
    .where("id", "=", args.id)
    .where("summit_id", "=", args.summitId)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toRow(row) : null;
}

/** A summit's responsibilities by role, then name; optionally of one origin only. */
export async function listResponsibilities(
  db: Kysely<Database>,
  args: { summitId: string; origin?: ResponsibilityOrigin },
): Promise<ResponsibilityRow[]> {
  let query = db.selectFrom("responsibility").select(COLUMNS).where("summit_id", "=", args.summitId);
  if (args.origin) query = query.where("origin", "=", args.origin);
  const rows = await query.orderBy("role").orderBy("name").orderBy("email").execute();
  return rows.map(toRow);
}

/**
 * Replaces the summit's responsibilities imported from a MAINTAINERS file with
 * `entries`; those entered by hand stay. A role held by hand and in the file is
 * kept once, as entered by hand. Run it inside the caller's transaction.
 */
export async function replaceMaintainersResponsibilities(
  db: Kysely<Database>,
  args: { summitId: string; entries: ReadonlyArray<{ role: string; email: string; name: string }>; createdAt: Date },
): Promise<{ removed: number; added: number }> {
  const deleted = await db
    .deleteFrom("responsibility")
    .where("summit_id", "=", args.summitId)
    .where("origin", "=", "maintainers")
    .executeTakeFirst();
  let added = 0;
  for (let start = 0; start < args.entries.length; start += CHUNK) {
    const result = await db
      .insertInto("responsibility")
      .values(
        args.entries.slice(start, start + CHUNK).map((e) => ({
          summit_id: args.summitId,
          role: e.role,
          email: e.email,
          name: e.name,
          origin: "maintainers" as const,
          created_at: args.createdAt,
        })),
      )
      .onConflict((oc) => oc.columns(["summit_id", "role", "email"]).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return { removed: Number(deleted.numDeletedRows), added };
}
