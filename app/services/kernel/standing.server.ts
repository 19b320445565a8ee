import type { Kysely } from "kysely";
import { readViewer, type ViewerRow } from "~db/queries/viewer";
import type { Database } from "~db/schema";
import { VISITOR, type Standing } from "~/domain/summit/standing";

/**
 * A person's standing in a summit as it is now, for commands that decide
 * inside their transaction (pages use the standing their request already
 * read). A deactivated account stands as a visitor.
 */
export async function readStanding(
  db: Kysely<Database>,
  args: { slug: string; userId: string | null },
): Promise<Standing> {
  if (args.userId === null) return VISITOR;
  return standingOfRow(await readViewer(db, { sessionId: null, userId: args.userId, slug: args.slug }));
}

/** The standing a viewer row describes; no user (none, or deactivated) is a visitor. */
export function standingOfRow(row: ViewerRow): Standing {
  if (!row.user) return VISITOR;
  return { userId: row.user.id, isAdmin: row.user.isAdmin, ...row.facts };
}
