import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import {
  addResponsibility as insertResponsibility,
  removeResponsibility as deleteResponsibility,
} from "~db/queries/responsibility";
import type { Database } from "~db/schema";
import { displayNameFromEmail } from "~/domain/summit/details";
import { RemoveResponsibilityFormSchema, ResponsibilityFormSchema } from "~/forms/contributor-import";
import { CORRECT_BELOW, inTransaction, parseOrRefuse, refuse, type Result } from "../../kernel/result.server";
import { lockChangeableSummit } from "./changeable.server";

/**
 * Responsibilities entered by hand: the holders of named roles ("stable
 * maintainer") that responsibility rules admit. Each command opens and owns
 * its transaction; `actorId` null is the command line.
 */

/** Names someone holder of a role, by address; the name defaults to one made from it. */
export async function addResponsibility(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; now: Date; input: unknown },
): Promise<Result<{ id: string; role: string; email: string; name: string }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockChangeableSummit(trx, args);
    const value = parseOrRefuse(ResponsibilityFormSchema, args.input);
    const name = value.name ?? displayNameFromEmail(value.email);
    const row = await insertResponsibility(trx, {
      summitId: summit.id,
      role: value.role,
      email: value.email,
      name,
      origin: "manual",
      createdAt: args.now,
    });
    if (!row) refuse(409, CORRECT_BELOW, { email: `${value.email} already holds the role “${value.role}”.` });
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "responsibility.added",
      objectType: "responsibility",
      objectId: row.id,
      detail: { role: row.role, email: row.email, displayName: row.name },
    });
    return { id: row.id, role: row.role, email: row.email, name: row.name };
  });
}

export async function removeResponsibility(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; input: unknown },
): Promise<Result<{ role: string; email: string; name: string }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockChangeableSummit(trx, args);
    const { id } = parseOrRefuse(RemoveResponsibilityFormSchema, args.input);
    const row = await deleteResponsibility(trx, { summitId: summit.id, id });
    if (!row) refuse(404, "That responsibility does not exist, or was removed already.");
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "responsibility.removed",
      objectType: "responsibility",
      objectId: row.id,
      detail: { role: row.role, email: row.email, displayName: row.name, origin: row.origin },
    });
    return { role: row.role, email: row.email, name: row.name };
  });
}
