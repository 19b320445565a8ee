import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../app/auth/session.server";
import * as listRoute from "../../app/routes/summits.$slug.items._index";
import * as summitRoute from "../../app/routes/summits.$slug";
import * as triageRoute from "../../app/routes/summits.$slug.triage";
import * as decisionsRoute from "../../app/routes/summits.$slug.triage_.$number";
import {
  callRoute,
  getRequest,
  makeContext,
  postRequest,
  type Fixture,
  type RouteModule,
  type RouteResult,
} from "../helpers/route-harness";
import {
  auditCount as summitAuditCount,
  cosponsorAs,
  countingContext,
  emptyAgendaFixture,
  itemRow as storedItem,
  proposalForm,
  proposeAs,
  triageAs,
} from "../helpers/factories/agenda";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";

type Kind = "decision" | "consensus_check" | "action_plan" | "information";

interface ItemInput {
  title: string;
  desiredOutcome?: string;
  outcomeKind?: Kind;
  background?: string;
  leadId?: string;
  draft?: boolean;
}

let clock = Date.parse("2026-11-20T09:00:00Z");
/** Each item a minute after the last, so "newest first" has one answer. */
const tick = () => new Date((clock += 60_000));

async function propose(db: Kysely<Database>, f: Fixture, actor: SessionUser, input: ItemInput): Promise<number> {
  return proposeAs(db, {
    summitId: f.own.id,
    actor,
    input: proposalForm({
      intent: input.draft ? "save-draft" : "submit",
      title: input.title,
      outcomeKind: input.outcomeKind ?? "information",
      desiredOutcome:
        input.desiredOutcome ?? `Everyone leaves knowing where ${input.title.toLowerCase()} stands today.`,
      background: input.background ?? "",
      minutesNeeded: "20",
      links: "",
      leadId: input.leadId ?? "",
    }),
    now: tick(),
  });
}

async function triage(db: Kysely<Database>, f: Fixture, input: Record<string, string>) {
  await triageAs(db, { summitId: f.own.id, organizer: f.users.organizer, input, now: tick() });
}

async function cosponsor(db: Kysely<Database>, f: Fixture, who: SessionUser, number: number) {
  await cosponsorAs(db, { summitId: f.own.id, who, number, now: tick() });
}

interface ListItem {
  number: number;
  title: string;
  status: string;
  desiredOutcome: string;
  cosponsorCount: number;
  leadName: string;
}
interface ListPage {
  items: ListItem[];
  total: number;
  page: number;
  pageCount: number;
  viewer: { mayPropose: boolean; isParticipant: boolean };
}

interface TriagePage {
  items: Array<{ number: number; status: string; actions: string[]; leadName: string; title: string }>;
  groups: Array<{
    status: string;
    count: number;
    shown: boolean;
    firstPage: number | null;
    lastPage: number | null;
    here: boolean;
  }>;
  total: number;
  totalAll: number;
  page: number;
  pageCount: number;
  view: { status: string; kind: string; lead: string; q: string };
}

function harness(t: TestDatabase, f: Fixture) {
  const context = (user: SessionUser | null) => makeContext(t.db, t.kind, user);
  const call = (mod: RouteModule, kind: "loader" | "action", user: SessionUser | null, request: Request) =>
    callRoute(mod, kind, { request, params: { slug: f.own.slug }, context: context(user) });
  const itemsPath = `/summits/${f.own.slug}/items`;
  const triagePath = `/summits/${f.own.slug}/triage`;
  return {
    itemsPath,
    triagePath,
    async list(user: SessionUser | null, search = ""): Promise<ListPage> {
      const result = await call(listRoute, "loader", user, getRequest(itemsPath + search));
      if (result.status !== 200) throw new Error(`list answered ${result.status}: ${result.body}`);
      return JSON.parse(result.body) as ListPage;
    },
    listRaw: (user: SessionUser | null, search = "") => call(listRoute, "loader", user, getRequest(itemsPath + search)),
    triagePage: (user: SessionUser | null) => call(triageRoute, "loader", user, getRequest(triagePath)),
    async triage(user: SessionUser | null, search = ""): Promise<TriagePage> {
      const result = await call(triageRoute, "loader", user, getRequest(triagePath + search));
      if (result.status !== 200) throw new Error(`triage answered ${result.status}: ${result.body}`);
      return JSON.parse(result.body) as TriagePage;
    },
    post: (user: SessionUser | null, fields: Record<string, string>, search = "") =>
      call(triageRoute, "action", user, postRequest(triagePath + search, Object.entries(fields))),
    /** A decision posted from the item's own triage page, the one that takes a comment, a number or a reason. */
    decide: (user: SessionUser | null, fields: Record<string, string>, search = "", number = fields.number!) =>
      callRoute(decisionsRoute, "action", {
        request: postRequest(`${triagePath}/${number}${search}`, Object.entries(fields)),
        params: { slug: f.own.slug, number },
        context: context(user),
      }),
    decisionsPage: (user: SessionUser | null, number: string, search = "") =>
      callRoute(decisionsRoute, "loader", {
        request: getRequest(`${triagePath}/${number}${search}`),
        params: { slug: f.own.slug, number },
        context: context(user),
      }),
    /** The statements a page's loader runs, the guard's one read of the viewer included. */
    async statements(mod: RouteModule, user: SessionUser, path: string, params = {}): Promise<number> {
      const counted = await countingContext(t, user, path);
      const result = await callRoute(mod, "loader", {
        request: getRequest(path),
        params: { slug: f.own.slug, ...params },
        context: counted.context,
      });
      expect(result.status, result.body).toBe(200);
      return counted.count();
    },
    summit: (user: SessionUser | null) =>
      callRoute(summitRoute, "loader", {
        request: getRequest(`/summits/${f.own.slug}`),
        params: { slug: f.own.slug },
        context: context(user),
      }),
  };
}

const itemRow = (db: Kysely<Database>, f: Fixture, number: number) => storedItem(db, f.own.id, number);
const auditCount = (db: Kysely<Database>, f: Fixture) => summitAuditCount(db, f.own.id);

async function setSummit(
  db: Kysely<Database>,
  f: Fixture,
  values: { is_public?: boolean; phase?: "agenda" | "proposals" },
) {
  await db.updateTable("summit").set(values).where("id", "=", f.own.id).execute();
}

function jsonOf<T>(result: RouteResult): T {
  return JSON.parse(result.body) as T;
}

const titles = (page: ListPage) => page.items.map((i) => i.title);

describeEachDatabase("agenda item list and triage", (use) => {
  it("filters by status, kind of outcome, lead and words in the title, outcome or background", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const { attendee, organizer, minuteTaker } = f.users;
    const h = harness(t, f);
    const release = await propose(t.db, f, attendee, {
      title: "Release cadence",
      outcomeKind: "decision",
      desiredOutcome: "Decide whether we move to three releases a year?",
    });
    const ci = await propose(t.db, f, attendee, {
      title: "Continuous integration budget",
      outcomeKind: "action_plan",
      desiredOutcome: "Agree who owns the CI runners and a plan to pay for them by the next release.",
      leadId: minuteTaker.id,
    });
    await propose(t.db, f, organizer, {
      title: "Rust in the tree",
      background: "The **bindings** for the memory API are ready for review.",
    });
    await triage(t.db, f, { intent: "accept", number: String(release) });

    expect(titles(await h.list(attendee, "?status=accepted"))).toEqual(["Release cadence"]);
    expect(titles(await h.list(attendee, "?status=submitted")).sort()).toEqual([
      "Continuous integration budget",
      "Rust in the tree",
    ]);
    expect(titles(await h.list(attendee, "?kind=action_plan"))).toEqual(["Continuous integration budget"]);
    // The lead by words of their name, any case; every word must match.
    const byLead = await h.list(attendee, "?lead=minutetaker");
    expect(byLead.items.map((i) => [i.number, i.leadName])).toEqual([[ci, minuteTaker.displayName]]);
    expect(titles(await h.list(attendee, "?lead=MIA+minute"))).toEqual(["Continuous integration budget"]);
    expect((await h.list(attendee, "?lead=mia+organizer")).total).toBe(0);
    expect((await h.list(attendee, "?lead=%25")).total).toBe(0);

    // Words match in any of the three texts, case-insensitively, and every word must match.
    expect(titles(await h.list(attendee, "?q=CADENCE"))).toEqual(["Release cadence"]);
    expect(titles(await h.list(attendee, "?q=runners"))).toEqual(["Continuous integration budget"]);
    expect(titles(await h.list(attendee, "?q=bindings"))).toEqual(["Rust in the tree"]);
    expect(titles(await h.list(attendee, "?q=release+runners"))).toEqual(["Continuous integration budget"]);
    expect((await h.list(attendee, "?q=release+bindings")).total).toBe(0);

    // Filters combine.
    expect(titles(await h.list(attendee, "?status=submitted&kind=information"))).toEqual(["Rust in the tree"]);
    // A malformed filter is ignored, not an error: these addresses are edited by hand.
    expect((await h.list(attendee, `?status=bogus&kind=nope&lead=${"x".repeat(101)}&page=-4`)).total).toBe(3);
  });

  it("treats % and _ in the search as the characters themselves", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const { attendee } = f.users;
    await propose(t.db, f, attendee, {
      title: "Coverage target",
      desiredOutcome: "Agree that 100% of new device models come with a qtest.",
      outcomeKind: "consensus_check",
    });
    await propose(t.db, f, attendee, {
      title: "Bug count",
      desiredOutcome: "Know whether the 1000 open bugs on the tracker are still real.",
    });
    await propose(t.db, f, attendee, { title: "The snake_case config names", background: "All of them." });
    await propose(t.db, f, attendee, { title: "The snakeXcase names", background: "None of them." });

    expect(titles(await h.list(attendee, `?q=${encodeURIComponent("100%")}`))).toEqual(["Coverage target"]);
    expect(titles(await h.list(attendee, "?q=snake_case"))).toEqual(["The snake_case config names"]);
    expect((await h.list(attendee, `?q=${encodeURIComponent("%")}`)).total).toBe(1);
    expect((await h.list(attendee, "?q=_")).total).toBe(1);
    expect((await h.list(attendee, `?q=${encodeURIComponent("\\")}`)).total).toBe(0);
  });

  it("sorts by newest or by co-sponsors", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const { attendee, organizer, minuteTaker } = f.users;
    const a = await propose(t.db, f, attendee, { title: "Alpha topic" });
    const b = await propose(t.db, f, attendee, { title: "Bravo topic" });
    const c = await propose(t.db, f, attendee, { title: "Charlie topic" });
    await cosponsor(t.db, f, organizer, a);
    await cosponsor(t.db, f, minuteTaker, a);
    await cosponsor(t.db, f, organizer, b);

    expect(titles(await h.list(attendee))).toEqual(["Charlie topic", "Bravo topic", "Alpha topic"]);
    const bySupport = await h.list(attendee, "?sort=cosponsors");
    expect(bySupport.items.map((i) => [i.number, i.cosponsorCount])).toEqual([
      [a, 2],
      [b, 1],
      [c, 0],
    ]);
  });

  it("pages through 30 items, 25 a page", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    for (let i = 1; i <= 30; i++) {
      await propose(t.db, f, f.users.attendee, { title: `Topic number ${i}` });
    }
    const first = await h.list(f.users.attendee);
    expect(first).toMatchObject({ total: 30, page: 1, pageCount: 2 });
    expect(first.items).toHaveLength(25);
    expect(first.items[0]!.title).toBe("Topic number 30");
    const second = await h.list(f.users.attendee, "?page=2");
    expect(second).toMatchObject({ total: 30, page: 2, pageCount: 2 });
    expect(second.items.map((i) => i.title)).toEqual([5, 4, 3, 2, 1].map((n) => `Topic number ${n}`));
    // Past the last page: an empty page that still knows how many there are.
    const beyond = await h.list(f.users.attendee, "?page=9");
    expect(beyond).toMatchObject({ total: 30, pageCount: 2, items: [] });
    // Filters and paging together.
    const filtered = await h.list(f.users.attendee, "?q=number+2&page=1");
    expect(filtered.total).toBe(12); // 2, 12, 20–29
    expect(filtered.pageCount).toBe(1);
  });

  it("shows each viewer only the items they may see", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const { attendee, organizer, invitee, member, otherOrganizer } = f.users;
    await propose(t.db, f, attendee, { title: "Ada's draft", draft: true });
    const submitted = await propose(t.db, f, organizer, { title: "Still to decide" });
    const accepted = await propose(t.db, f, organizer, { title: "On the agenda" });
    await triage(t.db, f, { intent: "accept", number: String(accepted) });

    // The proposer sees their own draft; nobody else does, organizers included.
    expect(titles(await h.list(attendee)).sort()).toEqual(["Ada's draft", "On the agenda", "Still to decide"]);
    expect(titles(await h.list(organizer)).sort()).toEqual(["On the agenda", "Still to decide"]);
    // The foreign summit's items (the same numbers) never show here.
    expect(titles(await h.list(organizer, "?q=firmware")).length).toBe(0);
    expect(titles(await h.list(attendee, "?status=draft"))).toEqual(["Ada's draft"]);
    expect((await h.list(organizer, "?status=draft")).total).toBe(0);
    // A seat requester at an open summit may propose, so opens the list, but sees only their own items
    // until they have a seat.
    expect(await h.list(member)).toMatchObject({ total: 0, viewer: { mayPropose: true, isParticipant: false } });
    await propose(t.db, f, member, { title: "Mara's topic" });
    expect(titles(await h.list(member))).toEqual(["Mara's topic"]);

    // An invitee who has not accepted, or an organizer of another summit: refused.
    for (const who of [invitee, otherOrganizer]) {
      const refused = await h.listRaw(who);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatch(/Only the attendees, minute-takers and organizers/);
    }
    // A visitor is asked to sign in and brought back with the filters.
    const anonymous = await h.listRaw(null, "?status=accepted");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe(`/login?next=${encodeURIComponent(`${h.itemsPath}?status=accepted`)}`);
    // An unknown summit is a 404 for everyone.
    const missing = await callRoute(listRoute, "loader", {
      request: getRequest("/summits/no-such-summit/items"),
      params: { slug: "no-such-summit" },
      context: makeContext(t.db, t.kind, attendee),
    });
    expect(missing.status).toBe(404);

    // Private at the agenda phase: still only for those who take part.
    await setSummit(t.db, f, { phase: "agenda" });
    expect((await h.listRaw(null)).location).toMatch(/^\/login\?next=/);
    expect((await h.listRaw(invitee)).status).toBe(403);

    // Public and published: visitors read the accepted items, and only those.
    await setSummit(t.db, f, { is_public: true });
    const visitor = await h.list(null);
    expect(visitor.items.map((i) => [i.number, i.title])).toEqual([[accepted, "On the agenda"]]);
    expect(visitor.viewer).toMatchObject({ isParticipant: false, mayPropose: false });
    expect(titles(await h.list(invitee))).toEqual(["On the agenda"]);
    expect((await h.list(null, "?status=submitted")).total).toBe(0);
    // Participants still see everything they saw before.
    const stillSubmitted = await h.list(organizer, "?status=submitted");
    expect(stillSubmitted.items.map((i) => i.number)).toContain(submitted);
    expect(titles(stillSubmitted).sort()).toEqual(["Mara's topic", "Still to decide"]);

    // Public but not yet published (proposals): visitors are still asked to sign in.
    await setSummit(t.db, f, { phase: "proposals" });
    expect((await h.listRaw(null)).location).toMatch(/^\/login\?next=/);
  });

  it("lets organizers accept, return and reopen items through the triage page", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const { attendee, organizer } = f.users;
    const first = await propose(t.db, f, attendee, { title: "First topic" });
    const second = await propose(t.db, f, attendee, { title: "Second topic" });

    const accepted = await h.post(organizer, { intent: "accept", number: String(first) });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe(`${h.triagePath}?notice=accepted#item-${first}`);
    expect((await itemRow(t.db, f, first)).status).toBe("accepted");

    const returned = await h.decide(organizer, {
      intent: "return",
      number: String(second),
      comment: "Say which release the change would start with.",
    });
    expect(returned.location).toBe(`${h.triagePath}?notice=returned#item-${second}`);
    expect(await itemRow(t.db, f, second)).toMatchObject({
      status: "returned",
      status_note: "Say which release the change would start with.",
    });

    const declined = await h.decide(organizer, {
      intent: "decline",
      number: String(first),
      reason: "Covered by the keynote.",
    });
    expect(declined.location).toBe(`${h.triagePath}?notice=declined#item-${first}`);
    expect(await itemRow(t.db, f, first)).toMatchObject({ status: "declined", status_note: "Covered by the keynote." });

    const reopened = await h.post(organizer, { intent: "reopen", number: String(first) });
    expect(reopened.location).toBe(`${h.triagePath}?notice=reopened#item-${first}`);
    expect((await itemRow(t.db, f, first)).status).toBe("submitted");

    // The page shows each item once, with the actions its status allows.
    const page = await h.triagePage(organizer);
    expect(page.status).toBe(200);
    const data = jsonOf<{
      triageOpen: boolean;
      items: Array<{
        number: number;
        status: string;
        statusNote: string | null;
        actions: string[];
        proposerName: string;
      }>;
    }>(page);
    expect(data.triageOpen).toBe(true);
    const byNumber = new Map(data.items.map((i) => [i.number, i]));
    expect(byNumber.get(first)).toMatchObject({ status: "submitted", proposerName: attendee.displayName });
    expect(byNumber.get(first)!.actions.sort()).toEqual(["accept", "decline", "merge", "return"]);
    expect(byNumber.get(second)).toMatchObject({
      status: "returned",
      statusNote: "Say which release the change would start with.",
    });
    expect(byNumber.get(second)!.actions).not.toContain("return");

    // The confirmation after the redirect.
    const confirmed = await callRoute(triageRoute, "loader", {
      request: getRequest(`${h.triagePath}?notice=reopened`),
      params: { slug: f.own.slug },
      context: makeContext(t.db, t.kind, organizer),
    });
    expect(jsonOf<{ notice: string | null }>(confirmed).notice).toMatch(/reopened/);
  });

  it("refuses a decline without a reason, beside the field, and changes nothing", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const number = await propose(t.db, f, f.users.attendee, { title: "Contested topic" });
    const before = await auditCount(t.db, f);

    const refused = await h.decide(f.users.organizer, { intent: "decline", number: String(number), reason: "   " });
    expect(refused.status).toBe(400);
    expect(refused.thrown).toBe(false);
    const body = jsonOf<{ intent: string; number: string; fieldErrors: Record<string, string>; values: object }>(
      refused,
    );
    expect(body).toMatchObject({ intent: "decline", number: String(number), values: { reason: "   " } });
    expect(body.fieldErrors.reason).toMatch(/Say why the item is declined/);
    expect((await itemRow(t.db, f, number)).status).toBe("submitted");
    expect(await auditCount(t.db, f)).toBe(before);

    // A return needs its comment just the same; an unknown field is refused too.
    const noComment = await h.decide(f.users.organizer, { intent: "return", number: String(number) });
    expect(noComment.status).toBe(400);
    expect(jsonOf<{ fieldErrors: Record<string, string> }>(noComment).fieldErrors.comment).toMatch(/change/);
    const extra = await h.post(f.users.organizer, { intent: "accept", number: String(number), status: "accepted" });
    expect(extra.status).toBe(400);
    // A decision the item's status does not allow: 409, said beside the item.
    const reopen = await h.post(f.users.organizer, { intent: "reopen", number: String(number) });
    expect(reopen.status).toBe(409);
    expect(jsonOf<{ message: string; number: string }>(reopen)).toMatchObject({ number: String(number) });
    expect((await itemRow(t.db, f, number)).status).toBe("submitted");
    expect(await auditCount(t.db, f)).toBe(before);
  });

  it("merges an item into another, carrying its co-sponsors over", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const { attendee, organizer, minuteTaker } = f.users;
    const duplicate = await propose(t.db, f, attendee, { title: "Rust bindings" });
    const target = await propose(t.db, f, organizer, { title: "Rust in QEMU" });
    await cosponsor(t.db, f, minuteTaker, duplicate);
    await cosponsor(t.db, f, organizer, duplicate);

    const itself = await h.decide(organizer, { intent: "merge", number: String(duplicate), into: String(duplicate) });
    expect(itself.status).toBe(400);
    const itselfBody = jsonOf<{ fieldErrors: Record<string, string>; values: Record<string, string> }>(itself);
    expect(itselfBody.fieldErrors.into).toMatch(/itself/);
    expect(itselfBody.values.into).toBe(String(duplicate));
    const nowhere = await h.decide(organizer, { intent: "merge", number: String(duplicate), into: "999" });
    expect(nowhere.status).toBe(400);
    expect(jsonOf<{ fieldErrors: Record<string, string> }>(nowhere).fieldErrors.into).toMatch(/no item 999/);

    const merged = await h.decide(organizer, { intent: "merge", number: String(duplicate), into: String(target) });
    expect(merged.status).toBe(302);
    // The merged item leaves the triage list: the page comes back to the item it joined.
    expect(merged.location).toBe(`${h.triagePath}?notice=merged#item-${target}`);
    const from = await itemRow(t.db, f, duplicate);
    const to = await itemRow(t.db, f, target);
    expect(from.status).toBe("merged");
    expect(from.merged_into_id).toBe(to.id);
    const backers = await t.db
      .selectFrom("agenda_item_cosponsor")
      .select("user_id")
      .where("item_id", "=", to.id)
      .execute();
    // The merged item's proposer and its co-sponsors back the target, except the target's own proposer.
    expect(backers.map((b) => b.user_id).sort()).toEqual([attendee.id, minuteTaker.id].sort());
    expect(Number(to.cosponsor_count)).toBe(2);
    const page = jsonOf<{ items: Array<{ number: number }> }>(await h.triagePage(organizer));
    expect(page.items.map((i) => i.number)).not.toContain(duplicate);
  });

  it("refuses triage to everyone but the summit's organizers, and writes nothing", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const number = await propose(t.db, f, f.users.attendee, { title: "Someone's topic" });
    const before = await auditCount(t.db, f);

    for (const who of [f.users.attendee, f.users.minuteTaker, f.users.invitee, f.users.otherOrganizer, f.users.admin]) {
      const refused = await h.post(who, { intent: "accept", number: String(number) });
      expect(refused.status, who.displayName).toBe(403);
      expect((await h.triagePage(who)).status, who.displayName).toBe(403);
    }
    const anonymous = await h.post(null, { intent: "accept", number: String(number) });
    expect(anonymous.location).toBe(`/login?next=${encodeURIComponent(h.triagePath)}`);
    expect((await h.triagePage(null)).location).toBe(`/login?next=${encodeURIComponent(h.triagePath)}`);

    expect((await itemRow(t.db, f, number)).status).toBe("submitted");
    expect(await auditCount(t.db, f)).toBe(before);
  });

  it("closes triage outside the proposals and voting phases", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const number = await propose(t.db, f, f.users.attendee, { title: "Late topic" });
    await setSummit(t.db, f, { phase: "agenda" });

    const page = jsonOf<{ triageOpen: boolean; phaseLabel: string; items: Array<{ number: number }> }>(
      await h.triagePage(f.users.organizer),
    );
    expect(page.triageOpen).toBe(false);
    expect(page.items.map((i) => i.number)).toEqual([number]);
    const refused = await h.post(f.users.organizer, { intent: "accept", number: String(number) });
    expect(refused.status).toBe(409);
    expect(jsonOf<{ message: string }>(refused).message).toMatch(/only in the proposals or voting phase/);
    expect((await itemRow(t.db, f, number)).status).toBe("submitted");
  });

  it("offers the agenda items tab to those who may see the items", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const seesItems = async (user: SessionUser | null) => {
      const result = await h.summit(user);
      expect(result.status).toBe(200);
      return jsonOf<{ summit: { viewer: { seesItems: boolean; isOrganizer: boolean } } }>(result).summit.viewer;
    };
    expect((await seesItems(f.users.attendee)).seesItems).toBe(true);
    expect(await seesItems(f.users.organizer)).toMatchObject({ seesItems: true, isOrganizer: true });
    expect((await seesItems(f.users.minuteTaker)).seesItems).toBe(true);
    expect((await seesItems(f.users.member)).seesItems).toBe(true);
    expect((await seesItems(f.users.invitee)).seesItems).toBe(false);
    expect((await seesItems(null)).seesItems).toBe(false);

    await setSummit(t.db, f, { is_public: true, phase: "agenda" });
    expect((await seesItems(null)).seesItems).toBe(true);
    expect((await seesItems(f.users.invitee)).seesItems).toBe(true);
  });

  it("pages the triage page 25 items at a time, those still to decide first, with every status's count", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const numbers: number[] = [];
    for (let i = 1; i <= 36; i++)
      numbers.push(await propose(t.db, f, f.users.attendee, { title: `Topic number ${i}` }));
    // 30 waiting, 2 returned, 3 accepted, 1 declined.
    for (const n of numbers.slice(30, 32))
      await triage(t.db, f, { intent: "return", number: String(n), comment: "Say who." });
    for (const n of numbers.slice(32, 35)) await triage(t.db, f, { intent: "accept", number: String(n) });
    await triage(t.db, f, { intent: "decline", number: String(numbers[35]), reason: "Out of scope." });

    const first = await h.triage(f.users.organizer);
    expect(first).toMatchObject({ total: 32, totalAll: 36, page: 1, pageCount: 2, view: { status: "undecided" } });
    expect(first.items.map((i) => i.number)).toEqual(numbers.slice(0, 25));
    expect(first.groups.map((g) => [g.status, g.count, g.shown, g.firstPage, g.lastPage, g.here])).toEqual([
      ["submitted", 30, true, 1, 2, true],
      ["returned", 2, true, 2, 2, false],
      ["accepted", 3, false, null, null, false],
      ["declined", 1, false, null, null, false],
    ]);
    const second = await h.triage(f.users.organizer, "?page=2");
    expect(second.items.map((i) => [i.number, i.status])).toEqual([
      ...numbers.slice(25, 30).map((n) => [n, "submitted"]),
      ...numbers.slice(30, 32).map((n) => [n, "returned"]),
    ]);
    // Each status on its own, or all four in the order of the groups.
    const accepted = await h.triage(f.users.organizer, "?status=accepted");
    expect(accepted.items.map((i) => i.number)).toEqual(numbers.slice(32, 35));
    expect(accepted.items.every((i) => i.actions.includes("reopen") && !i.actions.includes("accept"))).toBe(true);
    expect(accepted).toMatchObject({ total: 3, totalAll: 36, pageCount: 1 });
    const all = await h.triage(f.users.organizer, "?status=all&page=2");
    expect(all.items.map((i) => i.status)).toEqual([
      ...Array<string>(5).fill("submitted"),
      "returned",
      "returned",
      "accepted",
      "accepted",
      "accepted",
      "declined",
    ]);
    // Past the last page: nothing, but the counts.
    expect(await h.triage(f.users.organizer, "?page=9")).toMatchObject({ items: [], total: 32, pageCount: 2 });
    // A malformed view is the default one.
    expect((await h.triage(f.users.organizer, "?status=merged&page=x")).view.status).toBe("undecided");
  });

  it("filters the triage page like the list: kind of outcome, the lead's name and words", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const { attendee, minuteTaker } = f.users;
    const release = await propose(t.db, f, attendee, {
      title: "Release cadence",
      outcomeKind: "decision",
      desiredOutcome: "Decide whether we move to three releases a year?",
    });
    const ci = await propose(t.db, f, attendee, {
      title: "Continuous integration budget",
      outcomeKind: "action_plan",
      desiredOutcome: "Agree who owns the CI runners and a plan to pay for them by the next release.",
      leadId: minuteTaker.id,
    });
    const rust = await propose(t.db, f, attendee, { title: "Rust in the tree", background: "The **bindings**." });
    await triage(t.db, f, { intent: "accept", number: String(release) });
    // A draft is nobody's to triage.
    await propose(t.db, f, attendee, { title: "Release notes draft", draft: true });

    const numbersOf = (page: TriagePage) => page.items.map((i) => i.number);
    expect(numbersOf(await h.triage(f.users.organizer, "?kind=action_plan"))).toEqual([ci]);
    expect(numbersOf(await h.triage(f.users.organizer, "?lead=MIA+minute"))).toEqual([ci]);
    expect(numbersOf(await h.triage(f.users.organizer, "?q=bindings"))).toEqual([rust]);
    const byWord = await h.triage(f.users.organizer, "?status=all&q=release");
    expect(numbersOf(byWord)).toEqual([ci, release]);
    expect(byWord).toMatchObject({ total: 2, totalAll: 3 });
    expect(byWord.groups.map((g) => [g.status, g.count])).toEqual([
      ["submitted", 1],
      ["returned", 0],
      ["accepted", 1],
      ["declined", 0],
    ]);
    const none = await h.triage(f.users.organizer, "?q=nothing-matches-this");
    expect(none).toMatchObject({ items: [], total: 0, totalAll: 3 });
    // The foreign summit's items never show here.
    expect((await h.triage(f.users.organizer, "?status=all&q=firmware")).total).toBe(0);
  });

  it("brings the organizer back to the view they decided from", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const first = await propose(t.db, f, f.users.attendee, { title: "First topic" });
    const second = await propose(t.db, f, f.users.attendee, { title: "Second topic" });
    await triage(t.db, f, { intent: "accept", number: String(first) });

    const reopened = await h.post(
      f.users.organizer,
      { intent: "reopen", number: String(first) },
      "?status=accepted&q=topic",
    );
    expect(reopened.location).toBe(`${h.triagePath}?status=accepted&q=topic&notice=reopened#item-${first}`);
    const merged = await h.decide(
      f.users.organizer,
      { intent: "merge", number: String(first), into: String(second) },
      "?kind=information&page=2",
    );
    expect(merged.location).toBe(`${h.triagePath}?kind=information&page=2&notice=merged#item-${second}`);
    // A refusal answers on the page it came from, with Conform's reply for the form.
    const refused = await h.decide(
      f.users.organizer,
      { intent: "decline", number: String(second), reason: "" },
      "?q=x",
    );
    expect(refused.status).toBe(400);
    const body = jsonOf<{ result: { status?: string; error?: Record<string, string[] | null> } }>(refused);
    expect(body.result.error?.reason?.[0]).toMatch(/Say why the item is declined/);
  });

  it("gives each item to decide a page of its own decisions, keeping the view to come back to", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const { attendee, organizer } = f.users;
    const waiting = await propose(t.db, f, attendee, { title: "Waiting topic" });
    const decided = await propose(t.db, f, attendee, { title: "Decided topic" });
    const draft = await propose(t.db, f, attendee, { title: "Draft topic", draft: true });
    await triage(t.db, f, { intent: "accept", number: String(decided) });

    const page = await h.decisionsPage(organizer, String(waiting), "?status=all&page=2");
    expect(page.status).toBe(200);
    const data = jsonOf<{
      item: { number: number; title: string; actions: string[] };
      view: { status: string };
      listPage: number;
      triageOpen: boolean;
    }>(page);
    expect(data.item).toMatchObject({ number: waiting, title: "Waiting topic" });
    expect([...data.item.actions].sort()).toEqual(["accept", "decline", "merge", "return"]);
    expect(data).toMatchObject({ view: { status: "all" }, listPage: 2, triageOpen: true });
    const decidedPage = jsonOf<{ item: { actions: string[] } }>(await h.decisionsPage(organizer, String(decided)));
    expect(decidedPage.item.actions).toContain("reopen");
    expect(decidedPage.item.actions).not.toContain("accept");
    // Triage holds no drafts (nor items that are not there): no page for them.
    expect((await h.decisionsPage(organizer, String(draft))).status).toBe(404);
    expect((await h.decisionsPage(organizer, "999")).status).toBe(404);
    expect((await h.decisionsPage(organizer, "two")).status).toBe(404);
    // Only organizers: the others are refused, a visitor is sent to sign in first.
    expect((await h.decisionsPage(attendee, String(waiting))).status).toBe(403);
    expect((await h.decisionsPage(null, String(waiting))).location).toBe(
      `/login?next=${encodeURIComponent(`${h.triagePath}/${waiting}`)}`,
    );

    // A decision goes back to the list's view, at the item.
    const declined = await h.decide(
      organizer,
      { intent: "decline", number: String(waiting), reason: "Not this year." },
      "?status=all&page=2",
    );
    expect(declined.location).toBe(`${h.triagePath}?status=all&page=2&notice=declined#item-${waiting}`);
    expect(await itemRow(t.db, f, waiting)).toMatchObject({ status: "declined", status_note: "Not this year." });
  });

  it("decides the item its address names, whatever number the form carries", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    const named = await propose(t.db, f, f.users.attendee, { title: "Named topic" });
    const other = await propose(t.db, f, f.users.attendee, { title: "Other topic" });
    const accepted = await h.decide(f.users.organizer, { intent: "accept", number: String(other) }, "", String(named));
    expect(accepted.location).toBe(`${h.triagePath}?notice=accepted#item-${named}`);
    expect((await itemRow(t.db, f, named)).status).toBe("accepted");
    expect((await itemRow(t.db, f, other)).status).toBe("submitted");
  });

  it("reads each page in the statements it needs, the viewer once", async () => {
    const t = use();
    const f = await emptyAgendaFixture(t.db);
    const h = harness(t, f);
    for (let i = 1; i <= 3; i++) await propose(t.db, f, f.users.attendee, { title: `Topic ${i}` });
    // The viewer with the summit, and the page of items with their people's names and the counts.
    expect(await h.statements(triageRoute, f.users.organizer, h.triagePath)).toBe(2);
    expect(
      await h.statements(triageRoute, f.users.organizer, `${h.triagePath}?status=all&q=topic&lead=ada&kind=decision`),
    ).toBe(2);
    // One item's decisions: the viewer, and the item with its people.
    expect(await h.statements(decisionsRoute, f.users.organizer, `${h.triagePath}/1`, { number: "1" })).toBe(2);
    expect(await h.statements(listRoute, f.users.attendee, h.itemsPath)).toBe(2);
    expect(await h.statements(listRoute, f.users.attendee, `${h.itemsPath}?status=submitted&q=topic`)).toBe(2);
  });
});
