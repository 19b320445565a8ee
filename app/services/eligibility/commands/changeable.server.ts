import type { Kysely } from "kysely";
import type { Database, Phase, Summit } from "~db/schema";
import { phaseAllows, phaseRefusal } from "~/domain/summit/phase-policy";
import { refuse } from "../../kernel/result.server";
import { readStanding } from "../../kernel/standing.server";
import { lockSummitOrRefuse } from "../../kernel/summit-lock.server";

export const ONLY_ORGANIZERS = "Only the organizers of this summit can do this.";

/**
 * Refuses unless `actorId` may change who may attend `summit` now: an
 * organizer (their standing read here, as it is now), while the phase allows
 * it. `actorId` null is the command line, whose user owns the installation.
 */
export async function refuseUnlessChangeable(
  db: Kysely<Database>,
  summit: { slug: string; title: string; phase: Phase },
  actorId: string | null,
): Promise<void> {
  if (actorId !== null && !(await readStanding(db, { slug: summit.slug, userId: actorId })).isOrganizer) {
    refuse(403, ONLY_ORGANIZERS);
  }
  if (!phaseAllows(summit.phase, "changeEligibility")) {
    refuse(409, phaseRefusal("changeEligibility", summit.phase, summit.title));
  }
}

/**
 * Inside a command's transaction: the summit, locked (so changes of who may
 * attend one summit run one after the other, and none lands after the phase
 * moved on), once `actorId` may change it.
 */
export async function lockChangeableSummit(
  trx: Kysely<Database>,
  args: { summitId: string; actorId: string | null },
): Promise<Summit> {
  const summit = await lockSummitOrRefuse(trx, args.summitId);
  await refuseUnlessChangeable(trx, summit, args.actorId);
  return summit;
}
