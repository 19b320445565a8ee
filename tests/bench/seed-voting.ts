// The vote's benchmark: two summits of 200 attendees and 20 accepted items,
// one with ranked voting open (for ballot submission, as 40 different voters
// in turn) and one whose vote closed on 200 ranked ballots (for its results
// page, Schulze matrix and all). Plain inserts and the vote's own queries, so
// it fills the embedded database and PostgreSQL alike; `db` is migrated.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { insertSummit } from "../../db/queries/summit";
import {
  closeVote,
  markVoted,
  openVote,
  RANKED_OPEN_BALLOTS,
  replaceNamedBallot,
  saveVoteSetup,
} from "../../db/queries/voting";
import { startSession } from "../../app/auth/session.server";
import { countVotes } from "../../app/domain/voting/result";
import { insertAttendees } from "./seed-agenda-items";

export interface VotingBench {
  openSlug: string;
  closedSlug: string;
  /** Session cookies of voters on the open vote's roll, used in turn. */
  voterCookies: string[];
  /** An attendee of the closed vote. */
  resultsCookie: string;
  voters: number;
  items: number;
}

const SESSION = { secure: false, idleHours: 24, absoluteDays: 7 };
const VOTERS = 200;
const ITEMS = 20;
const NOW = new Date("2017-10-20T09:00:00Z");

/** A ranking of the items that differs from voter to voter, some of them partial. */
export function benchRanking(voter: number): Record<string, number> {
  const order = Array.from({ length: ITEMS }, (_, i) => ((i * 7 + voter * 3) % ITEMS) + 1);
  const ranked = order.slice(0, ITEMS - (voter % 5));
  return Object.fromEntries(ranked.map((item, rank) => [String(item), rank + 1]));
}

async function votingSummit(db: Kysely<Database>, slug: string) {
  const summit = await insertSummit(db, {
    slug,
    title: `Voting benchmark summit (${slug})`,
    starts_on: "2017-10-25",
    ends_on: "2017-10-25",
    timezone: "Europe/Prague",
    list_address: "list@bench.summit.test",
    phase: "voting",
  });
  if (!summit) throw new Error(`the benchmark summit ${slug} could not be created`);
  const people = await insertAttendees(db, {
    summitId: summit.id,
    count: VOTERS,
    who: (i) => [`voter${i}@${slug}.bench.summit.test`, `Voter ${i}`],
  });
  await db
    .insertInto("agenda_item")
    .values(
      Array.from({ length: ITEMS }, (_, i) => ({
        summit_id: summit.id,
        number: i + 1,
        proposer_id: people[i]!.id,
        lead_id: people[i]!.id,
        title: `Topic ${i + 1}: the release process and the freeze`,
        outcome_kind: "decision" as const,
        desired_outcome: `Decide whether subsystem ${i + 1} keeps its own tree during the freeze.`,
        minutes_needed: 10 + (i % 4) * 5,
        links: JSON.stringify([]),
        status: "accepted" as const,
      })),
    )
    .execute();
  await saveVoteSetup(db, { summitId: summit.id, ...RANKED_OPEN_BALLOTS });
  await openVote(db, { summitId: summit.id, now: NOW });
  return { summit, people };
}

export async function seedVotingBench(db: Kysely<Database>): Promise<VotingBench> {
  const cookie = async (userId: string) => (await startSession(db, SESSION, userId)).split(";")[0]!;
  const open = await votingSummit(db, "bench-vote-open");
  const closed = await votingSummit(db, "bench-vote-closed");
  const ballots: Array<Record<string, number>> = [];
  for (const [v, voter] of closed.people.entries()) {
    const choices = benchRanking(v);
    ballots.push(choices);
    await replaceNamedBallot(db, { summitId: closed.summit.id, voterId: voter.id, choices, now: NOW });
    await markVoted(db, { summitId: closed.summit.id, userId: voter.id });
  }
  const items = Array.from({ length: ITEMS }, (_, i) => i + 1);
  await closeVote(db, { summitId: closed.summit.id, now: NOW, result: countVotes("ranked", items, ballots) });
  await db.updateTable("summit").set({ phase: "agenda" }).where("id", "=", closed.summit.id).execute();
  const voterCookies: string[] = [];
  for (const voter of open.people.slice(0, 40)) voterCookies.push(await cookie(voter.id));
  return {
    openSlug: open.summit.slug,
    closedSlug: closed.summit.slug,
    voterCookies,
    resultsCookie: await cookie(closed.people[0]!.id),
    voters: VOTERS,
    items: ITEMS,
  };
}
