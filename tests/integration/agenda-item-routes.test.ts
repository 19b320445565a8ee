// The proposal, edit and item pages of issue 4, through their loaders and
// actions as Remix calls them: redirects, refusals with their status and
// message, what is stored, and what the pages then show.
import type { Kysely } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "../../app/auth/session.server";
import type { Database } from "../../db/schema";
import {
  buildFixture,
  callRoute,
  getRequest,
  importRoute,
  makeContext,
  postRequest,
  type Fixture,
  type RouteModule,
  type RouteResult,
} from "../helpers/route-harness";
import { cosponsorAs, countingContext, triageAs } from "../helpers/factories/agenda";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";

const NEW = "summits.$slug.items.new";
const ITEM = "summits.$slug.items.$number";
const EDIT = "summits.$slug.items.$number_.edit";

function validItem(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: "Firmware blobs in the tree",
    outcomeKind: "decision",
    desiredOutcome: "Decide whether binary firmware may be committed to the main repository.",
    background: "Distributions *object* to shipping them.",
    minutesNeeded: "30",
    leadId: "",
    links: "https://lists.example.org/thread/1\nhttps://example.org/firmware-policy",
    ...overrides,
  };
}

/** The JSON a loader or a refused action answered with. */
function bodyOf<T = Record<string, unknown>>(result: RouteResult): T {
  return JSON.parse(result.body) as T;
}

interface ConformReply {
  status?: string;
  initialValue?: Record<string, unknown>;
  error?: Record<string, string[] | null>;
}

interface ItemPageBody {
  item: {
    number: number;
    title: string;
    desiredOutcome: string;
    status: string;
    statusLabel: string;
    backgroundHtml: string;
    links: string[];
    revision: number;
  };
  cosponsors: string[];
  viewer: { mayCosponsor: boolean; mayEdit: boolean; cosponsoring: boolean };
  history: Array<{
    revision: number;
    authorName: string;
    changes: Array<{ label: string; before: string; after: string }>;
  }>;
  events: Array<{ actorName: string; text: string }>;
  notice: string | null;
}

describeEachDatabase("agenda item pages", (use: () => TestDatabase) => {
  let f: Fixture;
  let routes: { newItem: RouteModule; item: RouteModule; edit: RouteModule };

  beforeAll(async () => {
    f = await buildFixture(use().db);
    routes = { newItem: await importRoute(NEW), item: await importRoute(ITEM), edit: await importRoute(EDIT) };
  });

  const db = (): Kysely<Database> => use().db;
  const context = (user: SessionUser | null) => makeContext(use().db, use().kind, user);
  const newPath = () => `/summits/${f.own.slug}/items/new`;
  const itemPath = (n: number) => `/summits/${f.own.slug}/items/${n}`;

  function propose(user: SessionUser | null, intent: string, fields: Record<string, string>, slug = f.own.slug) {
    return callRoute(routes.newItem, "action", {
      request: postRequest(`/summits/${slug}/items/new`, [["intent", intent], ...Object.entries(fields)]),
      params: { slug },
      context: context(user),
    });
  }

  function edit(user: SessionUser | null, n: number, entries: Array<[string, string]>) {
    return callRoute(routes.edit, "action", {
      request: postRequest(`${itemPath(n)}/edit`, entries),
      params: { slug: f.own.slug, number: String(n) },
      context: context(user),
    });
  }

  function cosponsor(user: SessionUser | null, n: number, intent: string) {
    return callRoute(routes.item, "action", {
      request: postRequest(itemPath(n), [["intent", intent]]),
      params: { slug: f.own.slug, number: String(n) },
      context: context(user),
    });
  }

  async function itemPage(user: SessionUser | null, n: number, query = "") {
    return callRoute(routes.item, "loader", {
      request: getRequest(itemPath(n) + query),
      params: { slug: f.own.slug, number: String(n) },
      context: context(user),
    });
  }

  /** Proposes a valid item as the attendee and returns its number. */
  async function proposed(intent = "submit", overrides: Record<string, string> = {}): Promise<number> {
    const result = await propose(f.users.attendee, intent, validItem(overrides));
    expect(result.status, result.body).toBe(302);
    const match = /\/items\/(\d+)\?/.exec(result.location ?? "");
    expect(match, result.location ?? "").not.toBeNull();
    return Number(match![1]);
  }

  async function storedItem(n: number) {
    return db()
      .selectFrom("agenda_item")
      .selectAll()
      .where("summit_id", "=", f.own.id)
      .where("number", "=", n)
      .executeTakeFirstOrThrow();
  }

  async function counts() {
    const count = async (table: "agenda_item" | "agenda_item_revision" | "audit_log" | "agenda_item_cosponsor") => {
      const row = await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return {
      items: await count("agenda_item"),
      revisions: await count("agenda_item_revision"),
      audit: await count("audit_log"),
      cosponsors: await count("agenda_item_cosponsor"),
    };
  }

  it("shows the proposal form to an attendee, with the summit's people as leads", async () => {
    const result = await callRoute(routes.newItem, "loader", {
      request: getRequest(newPath()),
      params: { slug: f.own.slug },
      context: context(f.users.attendee),
    });
    expect(result.status).toBe(200);
    const body = bodyOf<{ proposalsOpen: boolean; leads: Array<{ id: string; name: string }> }>(result);
    expect(body.proposalsOpen).toBe(true);
    expect(body.leads.map((l) => l.name)).toEqual(expect.arrayContaining(["Ada Attendee", "Olga Organizer"]));
    expect(body.leads.map((l) => l.name)).not.toContain("Ivo Invitee");
  });

  it("proposes an item submitted to the organizers and redirects to its page", async () => {
    const result = await propose(f.users.attendee, "submit", validItem());
    expect(result.status).toBe(302);
    expect(result.location).toMatch(new RegExp(`^/summits/${f.own.slug}/items/\\d+\\?notice=proposed$`));
    const n = Number(/items\/(\d+)/.exec(result.location!)![1]);
    const row = await storedItem(n);
    expect(row.status).toBe("submitted");
    expect(row.proposer_id).toBe(f.users.attendee.id);
    expect(row.lead_id).toBe(f.users.attendee.id);
    expect(row.minutes_needed).toBe(30);
    expect(row.links).toEqual(["https://lists.example.org/thread/1", "https://example.org/firmware-policy"]);

    const page = await itemPage(f.users.attendee, n, "?notice=proposed");
    expect(page.status).toBe(200);
    const body = bodyOf<ItemPageBody>(page);
    expect(body.item.title).toBe("Firmware blobs in the tree");
    expect(body.item.status).toBe("submitted");
    expect(body.item.backgroundHtml).toContain("<em>object</em>");
    expect(body.notice).toBe("Your item has been submitted to the organizers.");
    expect(body.history.map((h) => h.revision)).toEqual([1]);
    expect(body.events.map((e) => e.text)).toContain("proposed the item");
  });

  it("keeps a draft with save-draft, seen by its proposer only", async () => {
    const result = await propose(f.users.attendee, "save-draft", validItem({ title: "A draft about CI" }));
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/\?notice=drafted$/);
    const n = Number(/items\/(\d+)/.exec(result.location!)![1]);
    expect((await storedItem(n)).status).toBe("draft");
    expect(bodyOf<ItemPageBody>(await itemPage(f.users.attendee, n)).item.status).toBe("draft");
    // Another participant does not see someone else's draft.
    expect((await itemPage(f.users.minuteTaker, n)).status).toBe(404);
  });

  it("lets the discussion lead be another attendee", async () => {
    const n = await proposed("submit", { leadId: f.users.organizer.id });
    expect((await storedItem(n)).lead_id).toBe(f.users.organizer.id);
  });

  it("refuses a missing desired outcome beside the field, keeps what was typed and writes nothing", async () => {
    const before = await counts();
    const result = await propose(f.users.attendee, "submit", validItem({ desiredOutcome: "" }));
    expect(result.status).toBe(400);
    expect(result.thrown).toBe(false);
    const { result: reply } = bodyOf<{ result: ConformReply }>(result);
    expect(reply.error?.desiredOutcome?.[0]).toMatch(/^Enter the desired outcome\./);
    expect(reply.error?.[""]?.[0]).toBe("Please correct the fields marked below.");
    expect(reply.initialValue?.title).toBe("Firmware blobs in the tree");
    expect(reply.initialValue?.background).toBe("Distributions *object* to shipping them.");
    expect(reply.initialValue?.links).toBe("https://lists.example.org/thread/1\nhttps://example.org/firmware-policy");
    expect(await counts()).toEqual(before);
  });

  it("refuses a placeholder outcome with a message on how to write one", async () => {
    const before = await counts();
    for (const placeholder of ["TBD", "discuss", "n/a", "see title"]) {
      const result = await propose(f.users.attendee, "submit", validItem({ desiredOutcome: placeholder }));
      expect(result.status, placeholder).toBe(400);
      const { result: reply } = bodyOf<{ result: ConformReply }>(result);
      expect(reply.error?.desiredOutcome?.[0], placeholder).toMatch(/placeholder.*Say what the summit should decide/);
      expect(reply.initialValue?.desiredOutcome).toBe(placeholder);
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses an invitee who has not accepted (403) and writes nothing", async () => {
    const before = await counts();
    const result = await propose(f.users.invitee, "submit", validItem());
    expect(result.status).toBe(403);
    const { result: reply } = bodyOf<{ result: ConformReply }>(result);
    expect(reply.error?.[""]?.[0]).toMatch(
      /Only the participants of this summit \(its attendees, minute-takers and organizers\) and members with a seat request propose agenda items/,
    );
    expect(reply.initialValue?.title).toBe("Firmware blobs in the tree");
    expect(await counts()).toEqual(before);
    const page = await callRoute(routes.newItem, "loader", {
      request: getRequest(newPath()),
      params: { slug: f.own.slug },
      context: context(f.users.invitee),
    });
    expect(page.status).toBe(403);
    expect(page.thrown).toBe(true);
  });

  it("sends an anonymous visitor of the proposal form to sign in", async () => {
    const before = await counts();
    const get = await callRoute(routes.newItem, "loader", {
      request: getRequest(newPath()),
      params: { slug: f.own.slug },
      context: context(null),
    });
    expect(get.location).toBe(`/login?next=${encodeURIComponent(newPath())}`);
    const post = await propose(null, "submit", validItem());
    expect(post.status).toBe(302);
    expect(post.location).toMatch(/^\/login\?next=/);
    expect(await counts()).toEqual(before);
  });

  it("lets a member with a pending seat request propose at an open summit", async () => {
    const result = await propose(f.users.member, "save-draft", validItem({ title: "From a seat requester" }));
    expect(result.status).toBe(302);
    const n = Number(/items\/(\d+)/.exec(result.location!)![1]);
    expect((await storedItem(n)).proposer_id).toBe(f.users.member.id);
  });

  it("answers 404 for an unknown summit and for a malformed item number", async () => {
    const missing = await callRoute(routes.newItem, "loader", {
      request: getRequest("/summits/no-such-summit/items/new"),
      params: { slug: "no-such-summit" },
      context: context(f.users.attendee),
    });
    expect(missing.status).toBe(404);
    for (const number of ["03", "abc", "-1", "99999"]) {
      const result = await callRoute(routes.item, "loader", {
        request: getRequest(`/summits/${f.own.slug}/items/${number}`),
        params: { slug: f.own.slug, number },
        context: context(f.users.attendee),
      });
      expect(result.status, number).toBe(404);
    }
  });

  it("edits as the proposer: revision 2, and the item page shows what changed", async () => {
    const n = await proposed();
    const form = await callRoute(routes.edit, "loader", {
      request: getRequest(`${itemPath(n)}/edit`),
      params: { slug: f.own.slug, number: String(n) },
      context: context(f.users.attendee),
    });
    expect(form.status).toBe(200);
    const formBody = bodyOf<{ editable: boolean; canWithdraw: boolean; item: { revision: number; links: string[] } }>(
      form,
    );
    expect(formBody.editable).toBe(true);
    expect(formBody.canWithdraw).toBe(true);
    expect(formBody.item.revision).toBe(1);

    const newOutcome = "Decide whether binary firmware is kept in a separate repository from now on.";
    const result = await edit(f.users.attendee, n, [
      ["intent", "save"],
      ["revision", "1"],
      ...Object.entries(validItem({ desiredOutcome: newOutcome, minutesNeeded: "45" })),
    ]);
    expect(result.status, result.body).toBe(302);
    expect(result.location).toBe(`${itemPath(n)}?notice=saved`);
    const row = await storedItem(n);
    expect(row.revision).toBe(2);
    expect(row.desired_outcome).toBe(newOutcome);

    const body = bodyOf<ItemPageBody>(await itemPage(f.users.attendee, n, "?notice=saved"));
    expect(body.item.desiredOutcome).toBe(newOutcome);
    expect(body.history.map((h) => h.revision)).toEqual([1, 2]);
    const changes = body.history[1]!.changes;
    expect(changes.map((c) => c.label)).toEqual(expect.arrayContaining(["Desired outcome", "Time requested"]));
    const outcomeChange = changes.find((c) => c.label === "Desired outcome")!;
    expect(outcomeChange.before).toBe(validItem().desiredOutcome);
    expect(outcomeChange.after).toBe(newOutcome);
    expect(body.history[1]!.authorName).toBe("Ada Attendee");
    expect(body.notice).toBe("Your changes have been saved as a new revision.");
    expect(body.events.map((e) => e.text)).toContain("saved a revision");
  });

  it("saves a draft and submits it with the submit intent", async () => {
    const n = await proposed("save-draft", { title: "Draft to submit" });
    const result = await edit(f.users.attendee, n, [
      ["intent", "submit"],
      ["revision", "1"],
      ...Object.entries(validItem({ title: "Draft to submit" })),
    ]);
    expect(result.status, result.body).toBe(302);
    expect(result.location).toBe(`${itemPath(n)}?notice=submitted`);
    const row = await storedItem(n);
    expect(row.status).toBe("submitted");
    // Nothing in the text changed, so no new revision.
    expect(row.revision).toBe(1);
  });

  it("refuses an edit by a minute-taker who did not propose the item (403), changing nothing", async () => {
    const n = await proposed();
    const before = await counts();
    const page = await callRoute(routes.edit, "loader", {
      request: getRequest(`${itemPath(n)}/edit`),
      params: { slug: f.own.slug, number: String(n) },
      context: context(f.users.minuteTaker),
    });
    expect(page.status).toBe(403);
    const result = await edit(f.users.minuteTaker, n, [
      ["intent", "save"],
      ["revision", "1"],
      ...Object.entries(validItem({ title: "Hijacked" })),
    ]);
    expect(result.status).toBe(403);
    const { result: reply } = bodyOf<{ result: ConformReply }>(result);
    expect(reply.error?.[""]?.[0]).toBe("Only the item's proposer or the organizers can edit it.");
    expect(await counts()).toEqual(before);
    expect((await storedItem(n)).title).toBe("Firmware blobs in the tree");
  });

  it("refuses a save based on an older revision (409) and keeps the text typed", async () => {
    const n = await proposed();
    const first = await edit(f.users.attendee, n, [
      ["intent", "save"],
      ["revision", "1"],
      ...Object.entries(validItem({ title: "First edit" })),
    ]);
    expect(first.status).toBe(302);
    const before = await counts();
    const stale = await edit(f.users.attendee, n, [
      ["intent", "save"],
      ["revision", "1"],
      ...Object.entries(validItem({ title: "Second edit from an old tab" })),
    ]);
    expect(stale.status).toBe(409);
    const { result: reply } = bodyOf<{ result: ConformReply }>(stale);
    expect(reply.error?.[""]?.[0]).toMatch(/Someone saved this item \(revision 2\)/);
    expect(reply.initialValue?.title).toBe("Second edit from an old tab");
    expect(await counts()).toEqual(before);
    expect((await storedItem(n)).title).toBe("First edit");
  });

  it("refuses an invalid edit beside the field (400)", async () => {
    const n = await proposed();
    const result = await edit(f.users.attendee, n, [
      ["intent", "save"],
      ["revision", "1"],
      ...Object.entries(validItem({ minutesNeeded: "500", links: "javascript:alert(1)" })),
    ]);
    expect(result.status).toBe(400);
    const { result: reply } = bodyOf<{ result: ConformReply }>(result);
    expect(reply.error?.minutesNeeded?.[0]).toBeTruthy();
    expect(reply.error?.links?.[0]).toBeTruthy();
    expect(reply.initialValue?.links).toBe("javascript:alert(1)");
    expect((await storedItem(n)).revision).toBe(1);
  });

  it("withdraws an item; the edit page then says why it cannot be edited", async () => {
    const n = await proposed();
    const refused = await edit(f.users.minuteTaker, n, [["intent", "withdraw"]]);
    expect(refused.status).toBe(403);
    expect((await storedItem(n)).status).toBe("submitted");

    const result = await edit(f.users.attendee, n, [["intent", "withdraw"]]);
    expect(result.status).toBe(302);
    expect(result.location).toBe(`${itemPath(n)}?notice=withdrawn`);
    expect((await storedItem(n)).status).toBe("withdrawn");

    const page = await callRoute(routes.edit, "loader", {
      request: getRequest(`${itemPath(n)}/edit`),
      params: { slug: f.own.slug, number: String(n) },
      context: context(f.users.attendee),
    });
    const body = bodyOf<{ editable: boolean; whyNot: string | null; canWithdraw: boolean }>(page);
    expect(body.editable).toBe(false);
    expect(body.canWithdraw).toBe(false);
    expect(body.whyNot).toMatch(/withdrawn: it can no longer be edited/);
    const again = await edit(f.users.attendee, n, [["intent", "withdraw"]]);
    expect(again.status).toBe(409);
  });

  it("co-sponsors and un-sponsors as the minute-taker, and the item page counts them", async () => {
    const n = await proposed();
    const before = bodyOf<ItemPageBody>(await itemPage(f.users.minuteTaker, n));
    expect(before.viewer.mayCosponsor).toBe(true);
    expect(before.viewer.cosponsoring).toBe(false);
    expect(before.cosponsors).toEqual([]);

    const plus = await cosponsor(f.users.minuteTaker, n, "cosponsor");
    expect(plus.status).toBe(302);
    expect(plus.location).toBe(`${itemPath(n)}?notice=cosponsored`);
    const after = bodyOf<ItemPageBody>(await itemPage(f.users.minuteTaker, n));
    expect(after.cosponsors).toEqual(["Mia Minutetaker"]);
    expect(after.viewer.cosponsoring).toBe(true);
    expect((await storedItem(n)).cosponsor_count).toBe(1);

    const minus = await cosponsor(f.users.minuteTaker, n, "unsponsor");
    expect(minus.status).toBe(302);
    expect(minus.location).toBe(`${itemPath(n)}?notice=unsponsored`);
    expect(bodyOf<ItemPageBody>(await itemPage(f.users.minuteTaker, n)).cosponsors).toEqual([]);
    expect((await storedItem(n)).cosponsor_count).toBe(0);
  });

  it("refuses the proposer co-sponsoring their own item (409)", async () => {
    const n = await proposed();
    const page = bodyOf<ItemPageBody>(await itemPage(f.users.attendee, n));
    expect(page.viewer.mayCosponsor).toBe(false);
    const before = await counts();
    const result = await cosponsor(f.users.attendee, n, "cosponsor");
    expect(result.status).toBe(409);
    expect(result.thrown).toBe(false);
    expect(bodyOf<{ message: string }>(result).message).toBe(
      "You proposed this item: your support is counted already.",
    );
    expect(await counts()).toEqual(before);
  });

  it("refuses co-sponsoring by someone who is not an attendee (403)", async () => {
    const n = await proposed();
    const before = await counts();
    const result = await cosponsor(f.users.invitee, n, "cosponsor");
    expect(result.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("sends an anonymous visitor of an item page to sign in, and refuses a signed-in outsider", async () => {
    const n = await proposed();
    const anonymous = await itemPage(null, n);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe(`/login?next=${encodeURIComponent(itemPath(n))}`);
    const post = await cosponsor(null, n, "cosponsor");
    expect(post.location).toMatch(/^\/login\?next=/);
    const outsider = await itemPage(f.users.invitee, n);
    expect(outsider.status).toBe(403);
  });

  it("shows no form once proposals are closed, and refuses a proposal then (409)", async () => {
    await db().updateTable("summit").set({ phase: "voting" }).where("id", "=", f.third.id).execute();
    // The organizer of the third summit is the other organizer, a participant there.
    const page = await callRoute(routes.newItem, "loader", {
      request: getRequest(`/summits/${f.third.slug}/items/new`),
      params: { slug: f.third.slug },
      context: context(f.users.otherOrganizer),
    });
    expect(page.status).toBe(200);
    const body = bodyOf<{ proposalsOpen: boolean; phaseLabel: string }>(page);
    expect(body.proposalsOpen).toBe(false);
    const before = await counts();
    const result = await propose(f.users.otherOrganizer, "submit", validItem(), f.third.slug);
    expect(result.status).toBe(409);
    const { result: reply } = bodyOf<{ result: ConformReply }>(result);
    expect(reply.error?.[""]?.[0]).toMatch(/only while proposals are open/);
    expect(await counts()).toEqual(before);
  });

  it("reads an item page in the statements it needs: the viewer, the item with all it shows, its history", async () => {
    const target = await proposed();
    const duplicate = await proposed("submit", { title: "Firmware blobs again" });
    await cosponsorAs(db(), { summitId: f.own.id, who: f.users.minuteTaker, number: duplicate, now: new Date() });
    await triageAs(db(), {
      summitId: f.own.id,
      organizer: f.users.organizer,
      input: { intent: "merge", number: String(duplicate), into: String(target) },
      now: new Date(),
    });
    const statementsOf = async (route: RouteModule, path: string, n: number) => {
      const counted = await countingContext(use(), f.users.attendee, path);
      const result = await callRoute(route, "loader", {
        request: getRequest(path),
        params: { slug: f.own.slug, number: String(n) },
        context: counted.context,
      });
      expect(result.status, result.body).toBe(200);
      return { count: counted.count(), body: bodyOf<ItemPageBody & { item: Record<string, unknown> }>(result) };
    };
    const merged = await statementsOf(routes.item, itemPath(duplicate), duplicate);
    expect(merged.count).toBe(3);
    expect(merged.body.item).toMatchObject({ status: "merged", mergedInto: target, mergedFrom: [] });
    expect(merged.body.cosponsors).toEqual(["Mia Minutetaker"]);
    expect(merged.body.history.map((r) => r.revision)).toEqual([1]);
    expect(merged.body.events.map((e) => e.text)).toEqual([
      "proposed the item",
      "co-sponsored it",
      "merged it into another item",
    ]);
    const joined = await statementsOf(routes.item, itemPath(target), target);
    expect(joined.count).toBe(3);
    expect(joined.body.item).toMatchObject({
      mergedInto: null,
      mergedFrom: [{ number: duplicate, title: "Firmware blobs again" }],
    });
    // The proposer of both backs neither; the co-sponsor carried over.
    expect(joined.body.cosponsors).toEqual(["Mia Minutetaker"]);
    // The edit page: the viewer, then the item and who may lead, side by side.
    expect((await statementsOf(routes.edit, `${itemPath(target)}/edit`, target)).count).toBe(3);
  });
});
