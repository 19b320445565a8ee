import type { Kysely } from "kysely";
import { lockSummit } from "~db/queries/summit";
import type { Database, Summit } from "~db/schema";
import { refuse } from "./result.server";

/**
 * Inside a command's transaction: the summit, locked until the transaction
 * ends. Every command that changes a summit or what belongs to it takes this
 * lock first, so they run one after the other and each decides on what the
 * one before it left.
 */
export async function lockSummitOrRefuse(trx: Kysely<Database>, summitId: string): Promise<Summit> {
  const summit = await lockSummit(trx, summitId);
  if (!summit) refuse(404, "There is no such summit.");
  return summit;
}
