import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import { confirmMessageSent, getOutboxMessage, requeueMessage, type ManualActionResult } from "~db/queries/outbox";
import type { Database } from "~db/schema";

/**
 * What a person does by hand to a message the worker could not settle:
 * confirm that it arrived, or queue it once more. Each is audited in the
 * transaction of the change. (Queueing mail is the kernel's: `enqueueMail`.)
 */
export type ManualOutboxResult = ManualActionResult;

/**
 * A person checked that a message held for confirmation did arrive (R28): it is
 * recorded as sent, and never sent again.
 */
export async function confirmOutboxMessage(
  db: Kysely<Database>,
  args: { id: string; now: Date; actorId: string | null },
): Promise<ManualOutboxResult> {
  return db.transaction().execute(async (trx) => {
    const result = await confirmMessageSent(trx, { id: args.id, now: args.now });
    if (result.ok) {
      await recordAudit(trx, {
        actorId: args.actorId,
        action: "outbox.confirm",
        objectType: "outbox",
        objectId: args.id,
        detail: { messageId: result.message.message_id, kind: result.message.kind },
      });
    }
    return result;
  });
}

/**
 * Queues a message held for confirmation, or given up, once more. It keeps its
 * Message-ID, so a reader who already has it sees one message.
 */
export async function resendOutboxMessage(
  db: Kysely<Database>,
  args: { id: string; now: Date; actorId: string | null },
): Promise<ManualOutboxResult> {
  return db.transaction().execute(async (trx) => {
    const before = await getOutboxMessage(trx, args.id);
    const result = await requeueMessage(trx, { id: args.id, now: args.now });
    if (result.ok) {
      await recordAudit(trx, {
        actorId: args.actorId,
        action: "outbox.resend",
        objectType: "outbox",
        objectId: args.id,
        detail: {
          messageId: result.message.message_id,
          kind: result.message.kind,
          previousStatus: before?.status ?? null,
        },
      });
    }
    return result;
  });
}
