// The decision poll's load test (R37): a summit in its voting phase with 300
// attendees, each with a session, and one accepted decision item whose poll
// is open. Plain inserts and the poll's own queries, so it fills the embedded
// database and PostgreSQL alike; `db` is migrated.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { insertSummit } from "../../db/queries/summit";
import { insertPoll } from "../../db/queries/decision-poll";
import { startSession } from "../../app/auth/session.server";
import { insertAttendees } from "./seed-agenda-items";

export interface PollBench {
  slug: string;
  pollId: string;
  /** The poll's address: /summits/<slug>/items/1/poll. */
  path: string;
  /** One session cookie per voter on the roll. */
  voterCookies: string[];
}

const SESSION = { secure: false, idleHours: 24, absoluteDays: 7 };
export const POLL_VOTERS = 300;

export async function seedPollBench(db: Kysely<Database>): Promise<PollBench> {
  const slug = "bench-poll";
  const summit = await insertSummit(db, {
    slug,
    title: "Poll benchmark summit",
    starts_on: "2017-10-25",
    ends_on: "2017-10-25",
    timezone: "Europe/Prague",
    list_address: "list@bench.summit.test",
    phase: "voting",
  });
  if (!summit) throw new Error("the poll benchmark summit could not be created");
  const people = await insertAttendees(db, {
    summitId: summit.id,
    count: POLL_VOTERS,
    who: (i) => [`voter${i}@poll.bench.summit.test`, `Voter ${i}`],
  });
  const item = await db
    .insertInto("agenda_item")
    .values({
      summit_id: summit.id,
      number: 1,
      proposer_id: people[0]!.id,
      lead_id: people[0]!.id,
      title: "Deprecation cycle",
      outcome_kind: "consensus_check",
      desired_outcome: "Agree that deprecated features may be removed after two releases.",
      minutes_needed: 15,
      links: JSON.stringify([]),
      status: "accepted",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { pollId } = await insertPoll(db, {
    summitId: summit.id,
    itemId: item.id,
    proposal: "Agree that deprecated features may be removed after two releases.",
    secret: false,
    openedBy: people[0]!.id,
    now: new Date(),
  });
  const voterCookies: string[] = [];
  for (const person of people) voterCookies.push((await startSession(db, SESSION, person.id)).split(";")[0]!);
  return { slug, pollId, path: `/summits/${slug}/items/1/poll`, voterCookies };
}
