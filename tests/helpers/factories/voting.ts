// A summit ready to vote on: in its voting phase, with accepted items and
// attendees with accounts, written straight into the database.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { insertAcceptedInvitation } from "../../../db/queries/invitation";
import type { Database } from "../../../db/schema";
import type { SessionUser } from "../../../app/auth/session.server";
import { makeUser, summitWithOrganizer } from "./eligibility";

const AT = new Date("2017-10-20T09:00:00Z");

/** An attendee with an account, as an accepted invitation makes one. */
export async function addVoter(db: Kysely<Database>, summitId: string, name: string): Promise<SessionUser> {
  const user = await makeUser(db, name);
  await insertAcceptedInvitation(db, {
    summitId,
    email: user.email,
    name: user.displayName,
    userId: user.id,
    reasons: [],
    now: AT,
  });
  return user;
}

/** A summit in its voting phase with items 1..`items` accepted and `voters` attendees. */
export async function summitInVoting(db: Kysely<Database>, args: { voters: number; items: number }) {
  const { summit, organizer } = await summitWithOrganizer(db, "voting");
  const attendees: SessionUser[] = [];
  for (let i = 0; i < args.voters; i++) attendees.push(await addVoter(db, summit.id, `Voter ${i}`));
  if (args.items > 0) {
    await db
      .insertInto("agenda_item")
      .values(
        Array.from({ length: args.items }, (_, i) => ({
          id: randomUUID(),
          summit_id: summit.id,
          number: i + 1,
          proposer_id: organizer.id,
          lead_id: organizer.id,
          title: `Item ${i + 1}`,
          outcome_kind: "decision" as const,
          desired_outcome: "A decision on the matter.",
          minutes_needed: 20,
          links: JSON.stringify([]),
          status: "accepted" as const,
        })),
      )
      .execute();
  }
  return { summit, organizer, attendees };
}
