import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface AuditEntryInput {
  actorId: string | null;
  summitId?: string | null;
  action: string;
  objectType: string;
  objectId?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends to the audit log; call it inside the transaction of the change it records. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntryInput): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      summit_id: entry.summitId ?? null,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

/** Entries of a summit with the actor's name, for pages that show the log. */
function entriesOfSummit(db: Kysely<Database>, summitId: string) {
  return db
    .selectFrom("audit_log")
    .leftJoin("app_user", "app_user.id", "audit_log.actor_id")
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.action",
      "audit_log.object_type",
      "audit_log.object_id",
      "audit_log.detail",
      "app_user.display_name as actorName",
    ])
    .where("audit_log.summit_id", "=", summitId);
}

export async function listAuditEntries(db: Kysely<Database>, args: { summitId: string; limit?: number }) {
  return entriesOfSummit(db, args.summitId)
    .orderBy("audit_log.id", "desc")
    .limit(args.limit ?? 100)
    .execute();
}

/** The log of one object (an agenda item's transitions), oldest first. */
export async function listAuditEntriesOfObject(
  db: Kysely<Database>,
  args: { summitId: string; objectType: string; objectId: string },
) {
  return entriesOfSummit(db, args.summitId)
    .where("audit_log.object_type", "=", args.objectType)
    .where("audit_log.object_id", "=", args.objectId)
    .orderBy("audit_log.id")
    .execute();
}
