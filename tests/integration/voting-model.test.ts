// R36: the vote's lifecycle run against the real service layer, with the start
// of every operation ordered by fast-check's scheduler. Each voter's ballots go
// one after another (as one browser sends them); voters and the close race each
// other. Invariants, on both databases: at most one current ballot per voter,
// the one they sent last that was accepted; no ballot accepted after the close;
// the frozen tally equals a recount and the model's; a secret vote leaves no
// voter–choice pair anywhere.
import fc from "fast-check";
import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { choicesOf, countVotes } from "../../app/domain/voting/result";
import { checkBallot, type BallotInput } from "../../app/domain/voting/ballot";
import {
  castBallot,
  closeVoting,
  openVoting,
  recountVoting,
  setUpVoting,
} from "../../app/services/voting/commands.server";
import { summitInVoting } from "../helpers/factories/voting";
import { MAIL_CONFIG } from "../helpers/factories/agenda";
import { describeEachDatabase } from "../helpers/test-db";

const NOW = new Date("2017-10-20T10:00:00Z");
const ITEMS = [1, 2, 3];
const VOTERS = 4;
const SEED = Number(process.env.FC_SEED ?? Date.now());

/** A ranking of some items, sometimes one that is not on the ballot (refused). */
const ballotArb = fc
  .uniqueArray(fc.constantFrom(1, 2, 3, 9), { minLength: 1, maxLength: 3 })
  .map((order): BallotInput => ({ kind: "ranked", ranks: new Map(order.map((item, i) => [item, i + 1])) }));

const scenarioArb = fc.record({
  secret: fc.boolean(),
  /** Each voter's ballots, sent one after another. */
  ballots: fc.array(fc.array(ballotArb, { maxLength: 3 }), { minLength: VOTERS, maxLength: VOTERS }),
  closes: fc.integer({ min: 0, max: 2 }),
});

async function summitToVoteOn(db: Kysely<Database>, secret: boolean) {
  const { summit, organizer, attendees: voters } = await summitInVoting(db, { voters: VOTERS, items: ITEMS.length });
  const setUp = await setUpVoting(db, {
    summitId: summit.id,
    actorId: organizer.id,
    method: { kind: "ranked" },
    secret,
    closesAt: null,
    now: NOW,
  });
  expect(setUp.ok).toBe(true);
  expect((await openVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW })).ok).toBe(
    true,
  );
  return { summit, organizer, voters };
}

describeEachDatabase("the vote's lifecycle under scheduled interleavings (R36)", (use) => {
  it(`keeps its invariants in every ordering (seed ${SEED})`, async () => {
    const { db } = use();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), scenarioArb, async (s, scenario) => {
        const { summit, organizer, voters } = await summitToVoteOn(db, scenario.secret);
        const started = (label: string) => s.schedule(Promise.resolve(label), label);
        /** Per voter: what each ballot sent was answered, in order. */
        const answers: Array<Array<{ ballot: BallotInput; ok: boolean; status?: number; message?: string }>> =
          voters.map(() => []);
        const voting = voters.map(async (voter, v) => {
          for (const [b, ballot] of scenario.ballots[v]!.entries()) {
            await started(`voter ${v} ballot ${b}`);
            const result = await castBallot(db, {
              summitId: summit.id,
              voterId: voter.id,
              input: ballot,
              config: MAIL_CONFIG,
              now: NOW,
            });
            answers[v]!.push(
              result.ok ? { ballot, ok: true } : { ballot, ok: false, status: result.status, message: result.message },
            );
          }
        });
        const closing = Array.from({ length: scenario.closes }, async (_, c) => {
          await started(`close ${c}`);
          return closeVoting(db, { summitId: summit.id, actorId: organizer.id, config: MAIL_CONFIG, now: NOW });
        });
        await s.waitFor(Promise.all([...voting, ...closing]));
        const closes = await Promise.all(closing);
        // Close whatever is still open, so the frozen tally can be compared.
        const final = await closeVoting(db, {
          summitId: summit.id,
          actorId: organizer.id,
          config: MAIL_CONFIG,
          now: NOW,
        });
        if (!final.ok) throw new Error(final.message);

        // Every refusal is one the voter can understand: a bad ballot, the close, or a sealed secret ballot.
        for (const a of answers.flat()) {
          if (a.ok) continue;
          expect([409, 422], `${a.status} ${a.message}`).toContain(a.status);
        }
        // The model: a voter's counted ballot is the last one accepted (the first, for a sealed secret ballot).
        const model = answers
          .map((list) => list.filter((a) => a.ok))
          .filter((accepted) => accepted.length > 0)
          .map((accepted) => (scenario.secret ? accepted[0]! : accepted.at(-1)!).ballot)
          .map((ballot) => {
            const checked = checkBallot({ kind: "ranked" }, new Set(ITEMS), ballot);
            if (!checked.ok) throw new Error("an accepted ballot fails the rules");
            return choicesOf(checked.ballot);
          });
        expect(final.value).toEqual(countVotes("ranked", ITEMS, model));
        for (const c of closes) if (c.ok) expect(c.value).toEqual(final.value);
        if (scenario.secret) {
          for (const list of answers) expect(list.filter((a) => a.ok).length).toBeLessThanOrEqual(1);
        }

        const current = await db
          .selectFrom("named_ballot")
          .select("voter_id")
          .where("summit_id", "=", summit.id)
          .where("is_current", "=", true)
          .execute();
        expect(new Set(current.map((c) => c.voter_id)).size).toBe(current.length);
        expect(current).toHaveLength(scenario.secret ? 0 : model.length);
        const recount = await recountVoting(db, summit.id);
        expect(recount).toMatchObject({ holds: true, ballots: model.length, voted: model.length });
        if (scenario.secret) {
          const audit = await db
            .selectFrom("audit_log")
            .select("actor_id")
            .where("summit_id", "=", summit.id)
            .execute();
          const voterIds = new Set(voters.map((v) => v.id));
          expect(audit.filter((a) => a.actor_id !== null && voterIds.has(a.actor_id))).toEqual([]);
        }
      }),
      { numRuns: 200, seed: SEED },
    );
  }, 300_000);
});
