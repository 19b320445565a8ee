import { sql, type Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import { countSummits, insertSummit } from "~db/queries/summit";
import { countUsers } from "~db/queries/summit-people";
import { createUser } from "~db/queries/user";
import { grantSummitRole } from "~db/queries/summit-role";
import { insertEligibilityRule } from "~db/queries/eligibility";
import { insertAcceptedInvitation } from "~db/queries/invitation";
import {
  addCosponsor,
  insertAgendaItem,
  insertItemRevision,
  setItemStatus,
  updateItemContent,
  type ItemContent,
} from "~db/queries/agenda-item";
import { listItemsForDay, replaceSummitDays, savePublication } from "~db/queries/agenda-day";
import {
  closeVote,
  countTurnout,
  listBallotItems,
  listRollRecipients,
  markVoted,
  openVote,
  replaceNamedBallot,
  RANKED_OPEN_BALLOTS,
  saveVoteSetup,
} from "~db/queries/voting";
import {
  closePollRow,
  getItemPoll,
  insertPoll,
  listCountedAnswers,
  markAnswered,
  replaceNamedAnswer,
  saveTentativeDecision,
} from "~db/queries/decision-poll";
import type { Database } from "~db/schema";
import { buildSchedule } from "~/domain/agenda/day-schedule";
import { countVotes } from "~/domain/voting/result";
import { suggestedDecision, tallyPoll, type PollAnswer } from "~/domain/voting/decision-poll";
import { DEMO_2018_ITEMS, DEMO_ITEMS, type DemoItem } from "./demo-items";
import { inTransaction, refuse, type Result } from "./kernel/result.server";

export type DemoRole = "admin" | "organizer" | "minute-taker" | "attendee";

export interface DemoAccount {
  email: string;
  name: string;
  role: DemoRole;
}

const DEMO_DOMAIN = "demo.summit.test";

function person(name: string, role: DemoRole): DemoAccount {
  return { email: `${name.toLowerCase().replace(/\s+/g, ".")}@${DEMO_DOMAIN}`, name, role };
}

/**
 * Everyone the demo creates: the people who spoke at the QEMU Summit 2017 in
 * its minutes (qemu-devel, 23 November 2017), plus Fam Zheng, who is named in
 * an action, and an administrator. Sign in as any of them through /dev/mail.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: `admin@${DEMO_DOMAIN}`, name: "Demo Admin", role: "admin" },
  person("Peter Maydell", "organizer"),
  person("Stefan Hajnoczi", "minute-taker"),
  person("Markus Armbruster", "attendee"),
  person("Paolo Bonzini", "attendee"),
  person("Gerd Hoffmann", "attendee"),
  person("Alex Graf", "attendee"),
  person("Daniel Berrange", "attendee"),
  person("Cornelia Huck", "attendee"),
  person("Christian Borntraeger", "attendee"),
  person("Fam Zheng", "attendee"),
];

/**
 * The QEMU Summit 2017, held during KVM Forum 2017 in Prague. It is in its
 * agenda phase: the vote is closed and the day published, so the meeting and
 * the minutes can be tried next.
 */
export const DEMO_SUMMIT = {
  slug: "qemu-summit-2017",
  title: "QEMU Summit 2017",
  starts_on: "2017-10-25",
  ends_on: "2017-10-25",
  timezone: "Europe/Prague",
  venue: "KVM Forum 2017, Prague",
  list_address: "qemu-devel@nongnu.org",
  sign_off: "-- PMM",
  phase: "agenda",
  is_public: true,
} as const;

/** The follow-up, with the same people, in its proposals phase: to propose, triage and vote. */
export const DEMO_FOLLOW_UP = {
  slug: "qemu-summit-2018",
  title: "QEMU Summit 2018",
  starts_on: "2018-10-24",
  ends_on: "2018-10-24",
  timezone: "Europe/London",
  venue: "KVM Forum 2018, Edinburgh",
  list_address: "qemu-devel@nongnu.org",
  sign_off: "-- PMM",
  phase: "proposals",
  is_public: true,
} as const;

/** The 2017 afternoon: the items in the vote's order, with a coffee break; the last one does not fit. */
const DEMO_DAY = {
  date: "2017-10-25",
  start: 14 * 60,
  end: 16 * 60 + 45,
  breaks: [{ start: 15 * 60 + 30, end: 16 * 60, label: "Coffee" }],
};

/**
 * The 2017 ballots: most attendees rank the topics in the order the minutes
 * give them; some swap two neighbours or rank only a few. Schulze still
 * orders them as the minutes do, which `loadDemo` checks.
 */
const DEMO_BALLOTS: ReadonlyArray<readonly number[]> = [
  [1, 2, 3, 4, 5, 6, 7],
  [1, 2, 3, 4, 5, 6, 7],
  [1, 2, 3, 4, 5, 6, 7],
  [2, 1, 3, 4, 6, 5, 7],
  [1, 3, 2, 4, 5, 7, 6],
  [1, 2, 4, 3, 5, 6],
  [1, 2, 3, 5, 4],
  [3, 1, 2],
  [1, 2, 3, 4, 5, 6, 7],
  [2, 1, 3, 4, 5, 6, 7],
];

/**
 * The poll put before the meeting on "Deprecation cycle" (item 7): most agree
 * to shorter removal periods in named areas, and Daniel Berrange blocks, as
 * he argued in the minutes for keeping the policy so that tools can adapt.
 */
const DEMO_POLL = {
  item: 7,
  proposal:
    "Agree that code which is costly to maintain may be removed before the two-release grace period, in named areas of code only.",
  opened: new Date("2017-10-21T09:30:00Z"),
  closed: new Date("2017-10-24T17:00:00Z"),
  answers: [
    ["Markus Armbruster", "agree", "Only where the notice names the release that removes the feature."],
    ["Peter Maydell", "agree", null],
    ["Paolo Bonzini", "agree", null],
    ["Gerd Hoffmann", "agree", null],
    ["Stefan Hajnoczi", "abstain", null],
    ["Cornelia Huck", "disagree", "Exceptions become the rule; deprecate earlier instead."],
    [
      "Daniel Berrange",
      "block",
      "libvirt and the other management tools rely on the two releases to adapt: a shorter period anywhere lets a feature vanish between two of their releases.",
    ],
  ],
} as const satisfies {
  item: number;
  proposal: string;
  opened: Date;
  closed: Date;
  answers: ReadonlyArray<readonly [string, PollAnswer, string | null]>;
};

/** What `loadDemo` created. */
export interface DemoLoaded {
  slug: string;
  title: string;
  users: number;
  items: number;
}

function counted(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

/**
 * Loads the demo into an empty database, one that holds no summit and no user,
 * on the embedded database or PostgreSQL alike, all in one transaction. A
 * database anyone has used is refused (409) and left exactly as it was.
 */
export async function loadDemo(db: Kysely<Database>): Promise<Result<DemoLoaded>> {
  return inTransaction(db, async (trx) => {
    // Two processes starting on one empty PostgreSQL must not both load it.
    await sql`select pg_advisory_xact_lock(hashtext('summit-demo'))`.execute(trx);
    const summits = await countSummits(trx);
    const users = await countUsers(trx);
    if (summits > 0 || users > 0) {
      refuse(
        409,
        `The database is not empty (${counted(summits, "summit")}, ${counted(users, "user")}): ` +
          "the demo loads only into a database without summits or users.",
      );
    }
    const ids = new Map<string, string>();
    for (const account of DEMO_ACCOUNTS) {
      const user = await createUser(trx, {
        email: account.email,
        displayName: account.name,
        isAdmin: account.role === "admin",
      });
      ids.set(account.email, user.id);
    }
    const adminId = ids.get(`admin@${DEMO_DOMAIN}`) ?? null;
    const organizerId = ids.get(`peter.maydell@${DEMO_DOMAIN}`)!;
    const now = new Date();
    const summit = await insertSummit(trx, { ...DEMO_SUMMIT, created_by: adminId });
    if (!summit) throw new Error("the demo summit could not be created");
    await seatDemoPeople(trx, {
      summitId: summit.id,
      ids,
      adminId,
      now,
      reason: "named in the QEMU Summit 2017 minutes",
    });
    await loadDemoItems(trx, { summitId: summit.id, items: DEMO_ITEMS, ids, now });
    await loadDemoVoteAndDay(trx, { summitId: summit.id, organizerId });
    await loadDemoPoll(trx, { summitId: summit.id, organizerId, ids });
    const followUp = await insertSummit(trx, { ...DEMO_FOLLOW_UP, created_by: adminId });
    if (!followUp) throw new Error("the demo follow-up summit could not be created");
    await seatDemoPeople(trx, { summitId: followUp.id, ids, adminId, now, reason: "at QEMU Summit 2017" });
    await loadDemoItems(trx, { summitId: followUp.id, items: DEMO_2018_ITEMS, ids, now });
    await recordAudit(trx, {
      actorId: adminId,
      summitId: summit.id,
      action: "demo.loaded",
      objectType: "summit",
      objectId: summit.id,
      detail: { accounts: DEMO_ACCOUNTS.length },
    });
    return {
      slug: DEMO_SUMMIT.slug,
      title: DEMO_SUMMIT.title,
      users: DEMO_ACCOUNTS.length,
      items: DEMO_ITEMS.length + DEMO_2018_ITEMS.length,
    };
  });
}

/** Loads the demo when the database is empty (see `loadDemo`); returns whether it did. */
export async function loadDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  return (await loadDemo(db)).ok;
}

/** The same people at each demo summit: the organizer and minute-taker in their roles, everyone invited and coming. */
async function seatDemoPeople(
  trx: Kysely<Database>,
  args: { summitId: string; ids: Map<string, string>; adminId: string | null; now: Date; reason: string },
): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const role = account.role === "organizer" ? "organizer" : account.role === "minute-taker" ? "minute_taker" : null;
    const userId = args.ids.get(account.email);
    if (!userId || account.role === "admin") continue;
    if (role) await grantSummitRole(trx, { summitId: args.summitId, userId, role });
    // Admitted by hand, with the invitation accepted.
    await insertEligibilityRule(trx, {
      summitId: args.summitId,
      kind: "include",
      params: { email: account.email, name: account.name, reason: args.reason },
      createdBy: args.adminId,
    });
    await insertAcceptedInvitation(trx, {
      summitId: args.summitId,
      email: account.email,
      name: account.name,
      userId,
      reasons: [`added by hand: ${args.reason}`],
      now: args.now,
    });
  }
}

/**
 * The 2017 vote, closed, and its day, published: ranked open ballots from the
 * attendees, frozen at the close, and the afternoon built from the result.
 */
async function loadDemoVoteAndDay(
  trx: Kysely<Database>,
  args: { summitId: string; organizerId: string },
): Promise<void> {
  const { summitId } = args;
  // As it went before the summit: voting for a week, the agenda published the day after the close.
  const opened = new Date("2017-10-13T09:00:00Z");
  const closed = new Date("2017-10-20T17:00:00Z");
  const published = new Date("2017-10-21T09:00:00Z");
  await saveVoteSetup(trx, { summitId, ...RANKED_OPEN_BALLOTS });
  await openVote(trx, { summitId, now: opened });
  const voters = await listRollRecipients(trx, summitId);
  const ballots = DEMO_BALLOTS.map((order) => Object.fromEntries(order.map((item, i) => [String(item), i + 1])));
  for (const [i, choices] of ballots.entries()) {
    const voter = voters[i % voters.length]!;
    await replaceNamedBallot(trx, { summitId, voterId: voter.userId, choices, now: opened });
    await markVoted(trx, { summitId, userId: voter.userId });
  }
  const items = await listBallotItems(trx, summitId);
  const result = countVotes("ranked", items, ballots);
  const order = result.ranking.map((r) => r.item);
  if (order.join() !== items.join()) throw new Error(`the demo vote orders the items ${order.join(", ")}`);
  await closeVote(trx, { summitId, now: closed, result });
  await recordAudit(trx, {
    actorId: args.organizerId,
    summitId,
    action: "vote.closed",
    objectType: "summit",
    objectId: summitId,
    detail: { ...(await countTurnout(trx, summitId)), ballots: result.ballots, byDeadline: false },
  });

  await replaceSummitDays(trx, { summitId, days: [DEMO_DAY] });
  const shown = await listItemsForDay(trx, { summitId, numbers: order });
  const built = buildSchedule(
    [DEMO_DAY],
    order.map((n) => ({ item: n, minutes: shown.get(n)!.minutes })),
  );
  if (!built.ok) throw new Error(built.problems.join(" "));
  const item = (n: number) => shown.get(n)!;
  await savePublication(trx, {
    summitId,
    actorId: args.organizerId,
    publication: {
      publishedAt: published,
      slots: built.schedule.slots.map((slot) => ({
        ...slot,
        title: item(slot.item).title,
        lead: item(slot.item).lead,
        desiredOutcome: item(slot.item).desiredOutcome,
      })),
      overflow: built.schedule.overflow.map((n) => ({ number: n, title: item(n).title, lead: item(n).lead })),
      breaks: DEMO_DAY.breaks.map((b) => ({ date: DEMO_DAY.date, ...b })),
    },
  });
  await recordAudit(trx, {
    actorId: args.organizerId,
    summitId,
    action: "agenda.published",
    objectType: "summit",
    objectId: summitId,
    detail: { slots: built.schedule.slots.length, overflow: built.schedule.overflow.length },
  });
}

/** The closed decision poll on "Deprecation cycle", its block and reason, and the tentative decision it gave. */
async function loadDemoPoll(
  trx: Kysely<Database>,
  args: { summitId: string; organizerId: string; ids: Map<string, string> },
): Promise<void> {
  const found = await getItemPoll(trx, { summitId: args.summitId, number: DEMO_POLL.item });
  if (!found) throw new Error(`the demo has no item ${DEMO_POLL.item} to poll`);
  const { pollId, roll } = await insertPoll(trx, {
    summitId: args.summitId,
    itemId: found.item.id,
    proposal: DEMO_POLL.proposal,
    secret: false,
    openedBy: args.organizerId,
    now: DEMO_POLL.opened,
  });
  for (const [name, answer, reason] of DEMO_POLL.answers) {
    const account = DEMO_ACCOUNTS.find((a) => a.name === name);
    const voterId = account ? args.ids.get(account.email) : undefined;
    if (!voterId) throw new Error(`the demo poll names ${name}, who is not a demo account`);
    await replaceNamedAnswer(trx, { pollId, voterId, answer, reason, now: DEMO_POLL.opened });
    await markAnswered(trx, { pollId, userId: voterId });
  }
  const tally = tallyPoll(await listCountedAnswers(trx, { pollId, secret: false }));
  if (tally.verdict !== "blocked") throw new Error(`the demo poll came out ${tally.verdict}`);
  await closePollRow(trx, { pollId, now: DEMO_POLL.closed, result: tally });
  await saveTentativeDecision(trx, {
    itemId: found.item.id,
    pollId,
    text: suggestedDecision(DEMO_POLL.proposal, tally),
    recordedBy: args.organizerId,
    now: DEMO_POLL.closed,
  });
  const entry = {
    actorId: args.organizerId,
    summitId: args.summitId,
    objectType: "agenda_item",
    objectId: found.item.id,
  };
  await recordAudit(trx, {
    ...entry,
    action: "poll.opened",
    detail: { number: DEMO_POLL.item, title: found.item.title, roll, secret: false },
  });
  await recordAudit(trx, {
    ...entry,
    action: "poll.closed",
    detail: { answered: tally.answers, roll, verdict: tally.verdict },
  });
}

/** A demo summit's items, with their revisions, co-sponsors and triage. */
async function loadDemoItems(
  trx: Kysely<Database>,
  args: { summitId: string; items: readonly DemoItem[]; ids: Map<string, string>; now: Date },
): Promise<void> {
  const idOf = (email: string) => {
    const id = args.ids.get(email);
    if (!id) throw new Error(`the demo item names ${email}, who is not a demo account`);
    return id;
  };
  for (const [index, demo] of args.items.entries()) {
    const proposerId = idOf(demo.proposerEmail);
    const content: ItemContent = {
      title: demo.title,
      outcomeKind: demo.outcomeKind,
      desiredOutcome: demo.desiredOutcome,
      background: demo.background,
      minutesNeeded: demo.minutesNeeded,
      leadId: idOf(demo.leadEmail),
      links: [...demo.links],
    };
    const first = demo.earlier ? { ...content, ...demo.earlier } : content;
    const item = await insertAgendaItem(trx, {
      summitId: args.summitId,
      number: index + 1,
      proposerId,
      content: first,
      status: "submitted",
      now: args.now,
    });
    await insertItemRevision(trx, {
      itemId: item.id,
      revision: 1,
      authorId: proposerId,
      content: first,
      now: args.now,
    });
    if (demo.earlier) {
      await updateItemContent(trx, { itemId: item.id, expectedRevision: 1, content, now: args.now });
      await insertItemRevision(trx, { itemId: item.id, revision: 2, authorId: proposerId, content, now: args.now });
    }
    for (const email of demo.cosponsorEmails) {
      await addCosponsor(trx, { itemId: item.id, userId: idOf(email), now: args.now });
    }
    if (demo.status === "accepted") {
      await setItemStatus(trx, { itemId: item.id, from: "submitted", to: "accepted", note: null, now: args.now });
    }
  }
}
