import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../app/auth/session.server";
import { DIFF_NAMES_KEPT } from "../../app/domain/eligibility/diff-summary";
import { computeEligibility, TOP_N_TIE_RULE } from "../../app/domain/eligibility/eligibility";
import { addRule, removeRule, updateOpenSettings } from "../../app/services/eligibility/commands/rules.server";
import { getEligibility } from "../../app/services/eligibility/eligibility.server";
import { getEligibilityPage } from "../../app/services/eligibility/pages.server";
import * as eligibilityRoute from "../../app/routes/summits.$slug.eligibility";
import {
  accessOf,
  addAliases,
  addResponsibilities,
  addSource,
  makeUser,
  summitWithOrganizer,
  type SummitWithOrganizer,
} from "../helpers/factories/eligibility";
import { get, post, respond as responseOf, thrownBy } from "../helpers/factories/requests";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";
import { loadContextFor } from "../helpers/load-context";

/** The eligibility page as the summit's organizer is shown it. */
async function pageOf(db: Kysely<Database>, s: Pick<SummitWithOrganizer, "organizer" | "slug">, page?: number) {
  return getEligibilityPage(db, await accessOf(db, s.organizer, s.slug), page === undefined ? {} : { page });
}

type Counted = "eligibility_rule" | "eligibility_snapshot" | "audit_log" | "summit";

async function countRows(db: Kysely<Database>, table: Counted): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a refused change must leave untouched. */
async function writes(db: Kysely<Database>) {
  const summits = await db
    .selectFrom("summit")
    .select(["id", "is_open", "capacity", "seat_request_needs_item"])
    .orderBy("id")
    .execute();
  return {
    rules: await countRows(db, "eligibility_rule"),
    snapshots: await countRows(db, "eligibility_snapshot"),
    audit: await countRows(db, "audit_log"),
    summits: JSON.stringify(summits),
  };
}

function contextFor(t: TestDatabase, user: SessionUser | null): AppLoadContext {
  return loadContextFor(t.db, t.kind, user);
}

function must<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.value;
}

const reasonsOf = (result: { eligible: Array<{ email: string; reasons: string[] }> }, email: string) =>
  result.eligible.find((p) => p.email === email)?.reasons;

describeEachDatabase("eligibility", (use) => {
  describe("rules and reasons", () => {
    it("combines top contributors, responsibilities and people included by hand, each person once with every reason", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      const git = await addSource(db, summit.id, {
        label: "qemu.git",
        since: "2017-01-01",
        until: "2017-10-31",
        contributors: [
          ["peter.maydell@linaro.org", "Peter Maydell", 412],
          ["pbonzini@redhat.com", "Paolo Bonzini", 380],
          ["armbru@redhat.com", "Markus Armbruster", 200],
          ["kwolf@redhat.com", "Kevin Wolf", 150],
          ["famz@redhat.com", "Fam Zheng", 90],
        ],
      });
      await addResponsibilities(db, summit.id, [
        ["stable maintainer", "mdroth@linux.vnet.ibm.com", "Michael Roth"],
        ["stable maintainer", "pbonzini@redhat.com", "Paolo Bonzini"],
        ["maintainer: Block layer core", "kwolf@redhat.com", "Kevin Wolf", "maintainers"],
        ["maintainer: Block layer core", "mreitz@redhat.com", "Max Reitz", "maintainers"],
        ["qemu.org system administrator", "stefanha@redhat.com", "Stefan Hajnoczi"],
      ]);
      const actor = organizer;
      must(await addRule(db, { actor, slug, input: { kind: "top_contributors", sourceId: git, n: "3" } }));
      must(
        await addRule(db, {
          actor,
          slug,
          input: {
            kind: "responsibility",
            scope: "chosen",
            roles: ["stable maintainer", "maintainer: Block layer core"],
          },
        }),
      );
      must(
        await addRule(db, {
          actor,
          slug,
          input: { kind: "include", email: " Peter.Maydell@Linaro.ORG ", name: "", reason: "summit chair" },
        }),
      );
      must(
        await addRule(db, {
          actor,
          slug,
          input: { kind: "include", email: "alex.bennee@linaro.org", name: "Alex Bennée", reason: "TCG maintainer" },
        }),
      );

      const result = await getEligibility(db, summit.id);
      expect(result.eligible.map((p) => [p.name, p.email, p.reasons])).toEqual([
        ["Alex Bennée", "alex.bennee@linaro.org", ["added by hand: TCG maintainer"]],
        ["Kevin Wolf", "kwolf@redhat.com", ["maintainer: Block layer core"]],
        ["Markus Armbruster", "armbru@redhat.com", ["#3 by commits, 2017-01-01..2017-10-31: 200 commits"]],
        ["Max Reitz", "mreitz@redhat.com", ["maintainer: Block layer core"]],
        ["Michael Roth", "mdroth@linux.vnet.ibm.com", ["stable maintainer"]],
        [
          "Paolo Bonzini",
          "pbonzini@redhat.com",
          ["#2 by commits, 2017-01-01..2017-10-31: 380 commits", "stable maintainer"],
        ],
        [
          "Peter Maydell",
          "peter.maydell@linaro.org",
          ["#1 by commits, 2017-01-01..2017-10-31: 412 commits", "added by hand: summit chair"],
        ],
      ]);
      expect(result.excluded).toEqual([]);

      const page = await pageOf(db, { organizer, slug });
      expect(page?.counts).toEqual({ eligible: 7, excluded: 0, rules: 4 });
      expect(page?.rules.map((r) => r.text)).toEqual([
        "The top 3 contributors by commits in “qemu.git” (2017-01-01..2017-10-31)",
        "Holders of the roles “maintainer: Block layer core”, “stable maintainer”",
        "Include Peter Maydell <peter.maydell@linaro.org>: summit chair",
        "Include Alex Bennée <alex.bennee@linaro.org>: TCG maintainer",
      ]);
      expect(page?.sources).toEqual([
        { id: git, label: "qemu.git", kind: "git", period: "2017-01-01..2017-10-31", contributors: 5 },
      ]);
      expect(page?.roles).toEqual([
        { role: "maintainer: Block layer core", holders: 2 },
        { role: "qemu.org system administrator", holders: 1 },
        { role: "stable maintainer", holders: 2 },
      ]);
      expect(page?.tieRule).toBe(TOP_N_TIE_RULE);
      // The stored snapshot is the list as the last change left it.
      const snapshot = await db
        .selectFrom("eligibility_snapshot")
        .select("people")
        .where("summit_id", "=", summit.id)
        .executeTakeFirstOrThrow();
      expect((snapshot.people as Array<{ email: string }>).map((p) => p.email)).toEqual(
        result.eligible.map((p) => p.email),
      );
      expect(page?.changedSinceSnapshot).toBeNull();
    });

    it("admits holders of every role, including roles imported after the rule was added", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      must(await addRule(db, { actor: organizer, slug, input: { kind: "responsibility", scope: "all" } }));
      expect((await getEligibility(db, summit.id)).eligible).toEqual([]);
      await addResponsibilities(db, summit.id, [
        ["qemu.org system administrator", "stefanha@redhat.com", "Stefan Hajnoczi"],
        ["maintainer: Block layer core", "kwolf@redhat.com", "Kevin Wolf", "maintainers"],
      ]);
      const page = await pageOf(db, { organizer, slug });
      expect(page?.eligible.map((p) => [p.email, p.reasons])).toEqual([
        ["kwolf@redhat.com", ["maintainer: Block layer core"]],
        ["stefanha@redhat.com", ["qemu.org system administrator"]],
      ]);
      expect(page?.rules[0]?.text).toMatch(/^Everyone holding a responsibility/);
      // The import, not a rule change, added them: the page says so.
      expect(page?.changedSinceSnapshot).toMatchObject({ addedCount: 2, removedCount: 0 });
    });

    it("matches a person across a git source and a MAINTAINERS entry through a mailmap alias and case", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      await addAliases(db, summit.id, [
        ["stefanha@linux.vnet.ibm.com", "stefanha@redhat.com"],
        ["stefanha@gmail.com", "stefanha@redhat.com"],
      ]);
      const git = await addSource(db, summit.id, {
        label: "qemu.git",
        since: "2017-01-01",
        until: "2017-10-31",
        contributors: [
          // Three addresses of one person: their commits add up under the canonical address.
          ["stefanha@linux.vnet.ibm.com", "Stefan Hajnoczi", 100],
          ["stefanha@gmail.com", "Stefan Hajnoczi", 60],
          ["stefanha@redhat.com", "Stefan Hajnoczi", 50],
          ["pbonzini@redhat.com", "Paolo Bonzini", 180],
          ["armbru@redhat.com", "Markus Armbruster", 170],
        ],
      });
      await addResponsibilities(db, summit.id, [
        ["maintainer: Block I/O path", "stefanha@gmail.com", "Stefan Hajnoczi", "maintainers"],
      ]);
      must(await addRule(db, { actor: organizer, slug, input: { kind: "top_contributors", sourceId: git, n: "1" } }));
      must(await addRule(db, { actor: organizer, slug, input: { kind: "responsibility", scope: "all" } }));
      must(
        await addRule(db, {
          actor: organizer,
          slug,
          input: { kind: "include", email: "STEFANHA@Linux.Vnet.IBM.com", name: "", reason: "block layer" },
        }),
      );
      const result = await getEligibility(db, summit.id);
      expect(result.eligible).toEqual([
        {
          email: "stefanha@redhat.com",
          name: "Stefan Hajnoczi",
          reasons: [
            "#1 by commits, 2017-01-01..2017-10-31: 210 commits",
            "maintainer: Block I/O path",
            "added by hand: block layer",
          ],
        },
      ]);
    });

    it("admits everyone tied at the N-th place, and says so", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      const source = await addSource(db, summit.id, {
        label: "shortlog 2017",
        kind: "shortlog",
        contributors: [
          ["a@example.org", "Ann", 10],
          ["b@example.org", "Bob", 9],
          ["c@example.org", "Cat", 9],
          ["d@example.org", "Dan", 9],
          ["e@example.org", "Eve", 5],
        ],
      });
      const change = must(
        await addRule(db, { actor: organizer, slug, input: { kind: "top_contributors", sourceId: source, n: "2" } }),
      );
      expect(change.addedCount).toBe(4);
      const result = await getEligibility(db, summit.id);
      expect(result.eligible.map((p) => [p.email, p.reasons])).toEqual([
        ["a@example.org", ["#1 by commits in shortlog 2017: 10 commits"]],
        ["b@example.org", ["#2 by commits in shortlog 2017: 9 commits"]],
        ["c@example.org", ["#2 by commits in shortlog 2017: 9 commits"]],
        ["d@example.org", ["#2 by commits in shortlog 2017: 9 commits"]],
      ]);
      const page = await pageOf(db, { organizer, slug });
      expect(page?.tieRule).toBe(TOP_N_TIE_RULE);
      expect(page?.rules[0]?.text).toBe("The top 2 contributors by commits in “shortlog 2017” (all time)");
    });

    it("keeps people excluded by hand out, listing them with why", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      await addResponsibilities(db, summit.id, [
        ["stable maintainer", "mdroth@linux.vnet.ibm.com", "Michael Roth"],
        ["stable maintainer", "pbonzini@redhat.com", "Paolo Bonzini"],
      ]);
      must(await addRule(db, { actor: organizer, slug, input: { kind: "responsibility", scope: "all" } }));
      const change = must(
        await addRule(db, {
          actor: organizer,
          slug,
          input: { kind: "exclude", email: "MDROTH@linux.vnet.ibm.com", reason: "asked not to be invited" },
        }),
      );
      expect(change).toMatchObject({ addedCount: 0, removedCount: 1, eligible: 1 });
      expect(change.removed).toEqual([{ email: "mdroth@linux.vnet.ibm.com", name: "Michael Roth" }]);
      const result = await getEligibility(db, summit.id);
      expect(result.eligible.map((p) => p.email)).toEqual(["pbonzini@redhat.com"]);
      expect(result.excluded).toEqual([
        {
          email: "mdroth@linux.vnet.ibm.com",
          name: "Michael Roth",
          reasons: ["stable maintainer"],
          excludedBecause: "excluded by hand: asked not to be invited",
        },
      ]);
      // An exclusion wins even over an inclusion by hand.
      must(
        await addRule(db, {
          actor: organizer,
          slug,
          input: { kind: "include", email: "mdroth@linux.vnet.ibm.com", name: "Michael Roth", reason: "stable" },
        }),
      );
      expect((await getEligibility(db, summit.id)).excluded.map((p) => p.email)).toEqual(["mdroth@linux.vnet.ibm.com"]);
    });
  });

  describe("changes and their diff", () => {
    it("records who was added and who dropped out at every add and remove, in the audit log and the snapshot", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      const source = await addSource(db, summit.id, {
        label: "qemu.git",
        since: "2017-01-01",
        until: "2017-10-31",
        contributors: [
          ["a@example.org", "Ann", 30],
          ["b@example.org", "Bob", 20],
          ["c@example.org", "Cat", 10],
        ],
      });
      const top2 = must(
        await addRule(db, {
          actor: organizer,
          slug,
          input: { kind: "top_contributors", sourceId: source, n: "2" },
          now: new Date("2026-01-01T10:00:00Z"),
        }),
      );
      expect(top2).toMatchObject({ addedCount: 2, removedCount: 0, eligible: 2 });
      const include = must(
        await addRule(db, {
          actor: organizer,
          slug,
          input: { kind: "include", email: "c@example.org", name: "Cat", reason: "release manager" },
        }),
      );
      expect(include.added).toEqual([{ email: "c@example.org", name: "Cat" }]);
      const removed = must(await removeRule(db, { actor: organizer, slug, input: { ruleId: top2.ruleId } }));
      expect(removed).toMatchObject({ addedCount: 0, removedCount: 2, eligible: 1 });
      expect(removed.removed.map((p) => p.email)).toEqual(["a@example.org", "b@example.org"]);

      const audit = await db
        .selectFrom("audit_log")
        .select(["action", "actor_id", "object_id", "detail"])
        .where("summit_id", "=", summit.id)
        .where("action", "like", "eligibility.%")
        .orderBy("id")
        .execute();
      expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
        ["eligibility.rule_added", organizer.id],
        ["eligibility.rule_added", organizer.id],
        ["eligibility.rule_removed", organizer.id],
      ]);
      expect(audit[0]!.object_id).toBe(top2.ruleId);
      expect(audit[2]!.detail).toMatchObject({
        kind: "top_contributors",
        params: { sourceId: source, n: 2 },
        rule: "The top 2 contributors by commits in “qemu.git” (2017-01-01..2017-10-31)",
        eligibleBefore: 3,
        eligibleAfter: 1,
        addedCount: 0,
        removedCount: 2,
        added: [],
        removed: [
          { email: "a@example.org", name: "Ann" },
          { email: "b@example.org", name: "Bob" },
        ],
      });
      expect(await countRows(db, "eligibility_rule")).toBeGreaterThan(0);
      const rules = await db.selectFrom("eligibility_rule").select("id").where("summit_id", "=", summit.id).execute();
      expect(rules.map((r) => r.id)).toEqual([include.ruleId]);
      const snapshot = await db
        .selectFrom("eligibility_snapshot")
        .selectAll()
        .where("summit_id", "=", summit.id)
        .executeTakeFirstOrThrow();
      expect(snapshot.people).toEqual([
        { email: "c@example.org", name: "Cat", reasons: ["added by hand: release manager"] },
      ]);

      const page = await pageOf(db, { organizer, slug });
      expect(page?.lastChange).toMatchObject({
        change: "removed",
        actor: "Organizer",
        eligibleBefore: 3,
        eligibleAfter: 1,
        removedCount: 2,
        addedCount: 0,
      });
      expect(page?.lastChange?.removed.map((p) => p.name)).toEqual(["Ann", "Bob"]);
    });

    it("runs concurrent rule changes of one summit one after the other, each diff against the list the last left", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      const changes = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          addRule(db, {
            actor: organizer,
            slug,
            input: { kind: "include", email: `p${i}@example.org`, name: `P${i}`, reason: "speaker" },
          }),
        ),
      );
      const values = changes.map(must);
      expect(values.map((c) => c.addedCount)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(values.map((c) => c.eligible).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      const snapshot = await db
        .selectFrom("eligibility_snapshot")
        .select("people")
        .where("summit_id", "=", summit.id)
        .executeTakeFirstOrThrow();
      expect(snapshot.people).toHaveLength(6);
    });

    it("refuses to remove a rule twice, or a rule of another summit, changing nothing", async () => {
      const { db } = use();
      const first = await summitWithOrganizer(db);
      const second = await summitWithOrganizer(db);
      const rule = must(
        await addRule(db, {
          actor: first.organizer,
          slug: first.slug,
          input: { kind: "include", email: "x@example.org", name: "X", reason: "r" },
        }),
      );
      const before = await writes(db);
      // The organizer of the second summit names the first summit's rule in their own summit.
      expect(
        await removeRule(db, { actor: second.organizer, slug: second.slug, input: { ruleId: rule.ruleId } }),
      ).toMatchObject({ ok: false, status: 404 });
      expect(await writes(db)).toEqual(before);
      must(await removeRule(db, { actor: first.organizer, slug: first.slug, input: { ruleId: rule.ruleId } }));
      const after = await writes(db);
      expect(
        await removeRule(db, { actor: first.organizer, slug: first.slug, input: { ruleId: rule.ruleId } }),
      ).toMatchObject({ ok: false, status: 404, message: expect.stringMatching(/no longer exists/) });
      expect(await writes(db)).toEqual(after);
    });

    it("refuses the same rule twice", async () => {
      const { db } = use();
      const { organizer, slug } = await summitWithOrganizer(db);
      const input = { kind: "exclude", email: "x@example.org", reason: "asked" };
      must(await addRule(db, { actor: organizer, slug, input }));
      const before = await writes(db);
      expect(await addRule(db, { actor: organizer, slug, input: { ...input, email: "X@Example.org" } })).toMatchObject({
        ok: false,
        status: 409,
      });
      expect(await writes(db)).toEqual(before);
    });

    it("saves the open-summit settings, audited, and says when nothing changed", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      expect(
        must(
          await updateOpenSettings(db, {
            actor: organizer,
            slug,
            input: { isOpen: "on", capacity: " 40 ", seatRequestNeedsItem: "on" },
          }),
        ),
      ).toEqual({ changed: true });
      const row = await db
        .selectFrom("summit")
        .select(["is_open", "capacity", "seat_request_needs_item"])
        .where("id", "=", summit.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ is_open: true, capacity: 40, seat_request_needs_item: true });
      const audits = await countRows(db, "audit_log");
      expect(
        must(
          await updateOpenSettings(db, {
            actor: organizer,
            slug,
            input: { isOpen: "on", capacity: "40", seatRequestNeedsItem: "on" },
          }),
        ),
      ).toEqual({ changed: false });
      expect(await countRows(db, "audit_log")).toBe(audits);
      must(await updateOpenSettings(db, { actor: organizer, slug, input: { capacity: "" } }));
      expect(
        await db
          .selectFrom("summit")
          .select(["is_open", "capacity", "seat_request_needs_item"])
          .where("id", "=", summit.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ is_open: false, capacity: null, seat_request_needs_item: false });
      const last = await db
        .selectFrom("audit_log")
        .select(["action", "detail"])
        .where("summit_id", "=", summit.id)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(last).toMatchObject({
        action: "summit.open_settings_changed",
        detail: {
          from: { isOpen: true, capacity: 40, seatRequestNeedsItem: true },
          to: { isOpen: false, capacity: null, seatRequestNeedsItem: false },
        },
      });
    });
  });

  describe("refusals", () => {
    it("refuses someone who is not an organizer of the summit, in the service and the route, writing nothing", async () => {
      const t = use();
      const { db } = t;
      const { summit, slug, admin, organizer } = await summitWithOrganizer(db);
      const other = await summitWithOrganizer(db);
      const source = await addSource(db, summit.id, { label: "git", contributors: [["a@example.org", "A", 1]] });
      const member = await makeUser(db, "Member");
      const rule = must(
        await addRule(db, {
          actor: organizer,
          slug,
          input: { kind: "top_contributors", sourceId: source, n: "5" },
        }),
      );
      const before = await writes(db);
      // An admin who is not an organizer of this summit, and the organizer of another summit, are refused too.
      for (const actor of [member, admin, other.organizer]) {
        const attempts = [
          await addRule(db, { actor, slug, input: { kind: "include", email: "x@example.org", reason: "r" } }),
          await removeRule(db, { actor, slug, input: { ruleId: rule.ruleId } }),
          await updateOpenSettings(db, { actor, slug, input: { isOpen: "on" } }),
        ];
        for (const result of attempts) {
          expect(result).toMatchObject({
            ok: false,
            status: 403,
            message: "Only the organizers of this summit can do this.",
          });
        }
      }
      expect(await writes(db)).toEqual(before);

      const path = `/summits/${slug}/eligibility`;
      const memberContext = contextFor(t, member);
      const page = await thrownBy(
        eligibilityRoute.loader({ request: get(path), params: { slug }, context: memberContext }),
      );
      expect(page.status).toBe(403);
      for (const fields of <Array<Record<string, string>>>[
        { intent: "add-rule", kind: "include", email: "x@example.org", name: "", reason: "r" },
        { intent: "remove-rule", ruleId: rule.ruleId },
        { intent: "open-settings", isOpen: "on" },
      ]) {
        const response = await thrownBy(
          eligibilityRoute.action({ request: post(path, fields), params: { slug }, context: memberContext }),
        );
        expect(response.status).toBe(403);
        const anonymous = await thrownBy(
          eligibilityRoute.action({ request: post(path, fields), params: { slug }, context: contextFor(t, null) }),
        );
        expect(anonymous.status).toBe(302);
        expect(anonymous.headers.get("Location")).toMatch(/^\/login\?next=/);
      }
      expect(await writes(db)).toEqual(before);
      const missing = await thrownBy(
        eligibilityRoute.loader({
          request: get("/summits/no-such-summit/eligibility"),
          params: { slug: "no-such-summit" },
          context: memberContext,
        }),
      );
      expect(missing.status).toBe(404);
    });

    it("refuses every change once the minutes are published", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      const rule = must(
        await addRule(db, { actor: organizer, slug, input: { kind: "include", email: "x@example.org", reason: "r" } }),
      );
      await db.updateTable("summit").set({ phase: "published" }).where("id", "=", summit.id).execute();
      const before = await writes(db);
      for (const result of [
        await addRule(db, { actor: organizer, slug, input: { kind: "include", email: "y@example.org", reason: "r" } }),
        await removeRule(db, { actor: organizer, slug, input: { ruleId: rule.ruleId } }),
        await updateOpenSettings(db, { actor: organizer, slug, input: { isOpen: "on" } }),
      ]) {
        expect(result).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/published/) });
      }
      expect(await writes(db)).toEqual(before);
      expect((await pageOf(db, { organizer, slug }))?.summit.published).toBe(true);
    });

    it("refuses a source of another summit as if it did not exist (R13)", async () => {
      const t = use();
      const { db } = t;
      const mine = await summitWithOrganizer(db);
      const theirs = await summitWithOrganizer(db);
      const foreign = await addSource(db, theirs.summit.id, {
        label: "secret.git",
        contributors: [["secret@example.org", "Secret Person", 99]],
      });
      const before = await writes(db);
      const result = await addRule(db, {
        actor: mine.organizer,
        slug: mine.slug,
        input: { kind: "top_contributors", sourceId: foreign, n: "10" },
      });
      expect(result).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { sourceId: "Choose one of this summit's contributor sources." },
      });
      const unknown = await addRule(db, {
        actor: mine.organizer,
        slug: mine.slug,
        input: { kind: "top_contributors", sourceId: "00000000-0000-4000-8000-000000000000", n: "10" },
      });
      expect(unknown).toEqual(result);
      expect(await writes(db)).toEqual(before);
      // Nor does the page offer it or show anyone from it.
      const page = await pageOf(db, mine);
      expect(page?.sources).toEqual([]);
      expect(page?.eligible).toEqual([]);
    });

    it.each<[string, Array<[string, string]>, string, RegExp]>([
      [
        "N of 0",
        [
          ["kind", "top_contributors"],
          ["sourceId", "SOURCE"],
          ["n", "0"],
        ],
        "n",
        /from 1 to 1000/,
      ],
      [
        "N over 1000",
        [
          ["kind", "top_contributors"],
          ["sourceId", "SOURCE"],
          ["n", "1001"],
        ],
        "n",
        /from 1 to 1000/,
      ],
      [
        "N in words",
        [
          ["kind", "top_contributors"],
          ["sourceId", "SOURCE"],
          ["n", "ten"],
        ],
        "n",
        /whole number/,
      ],
      [
        "N with a fraction",
        [
          ["kind", "top_contributors"],
          ["sourceId", "SOURCE"],
          ["n", "2.5"],
        ],
        "n",
        /whole number/,
      ],
      [
        "no source",
        [
          ["kind", "top_contributors"],
          ["n", "10"],
        ],
        "sourceId",
        /Choose a contributor source/,
      ],
      [
        "a source that is not an id",
        [
          ["kind", "top_contributors"],
          ["sourceId", "1 or 1=1"],
          ["n", "10"],
        ],
        "sourceId",
        /this summit's contributor sources/,
      ],
      [
        "no role ticked",
        [
          ["kind", "responsibility"],
          ["scope", "chosen"],
        ],
        "roles",
        /Tick at least one role/,
      ],
      [
        "a role the summit does not have",
        [
          ["kind", "responsibility"],
          ["scope", "chosen"],
          ["roles", "stable maintainer"],
          ["roles", "king"],
        ],
        "roles",
        /no role “king”/,
      ],
      [
        "no scope",
        [
          ["kind", "responsibility"],
          ["roles", "stable maintainer"],
        ],
        "scope",
        /every role/,
      ],
      [
        "an address with a display name",
        [
          ["kind", "include"],
          ["email", "Ann <ann@example.org>"],
          ["reason", "r"],
        ],
        "email",
        /plain email/,
      ],
      [
        "two addresses",
        [
          ["kind", "include"],
          ["email", "a@example.org,b@example.org"],
          ["reason", "r"],
        ],
        "email",
        /plain email/,
      ],
      [
        "a header in an address",
        [
          ["kind", "exclude"],
          ["email", "a@example.org\r\nBcc: x@example.org"],
          ["reason", "r"],
        ],
        "email",
        /plain email/,
      ],
      [
        "an address over 254 characters",
        [
          ["kind", "include"],
          ["email", `${"a".repeat(250)}@example.org`],
          ["reason", "r"],
        ],
        "email",
        /at most 254/,
      ],
      [
        "no address",
        [
          ["kind", "exclude"],
          ["reason", "r"],
        ],
        "email",
        /Enter an email address/,
      ],
      [
        "an empty reason",
        [
          ["kind", "include"],
          ["email", "a@example.org"],
          ["reason", "  "],
        ],
        "reason",
        /Say why/,
      ],
      [
        "a reason over 300 characters",
        [
          ["kind", "exclude"],
          ["email", "a@example.org"],
          ["reason", "x".repeat(301)],
        ],
        "reason",
        /at most 300/,
      ],
      [
        "a reason of two lines",
        [
          ["kind", "include"],
          ["email", "a@example.org"],
          ["reason", "a\nb"],
        ],
        "reason",
        /one line/,
      ],
      [
        "a name of two lines",
        [
          ["kind", "include"],
          ["email", "a@example.org"],
          ["name", "A\nBcc: b"],
          ["reason", "r"],
        ],
        "name",
        /one line/,
      ],
      ["an unknown kind of rule", [["kind", "everyone"]], "kind", /Choose which kind/],
      [
        "a field the form does not have",
        [
          ["kind", "include"],
          ["email", "a@example.org"],
          ["reason", "r"],
          ["summitId", "x"],
        ],
        "form",
        /does not take “summitId”/,
      ],
      [
        "roles on another kind of rule",
        [
          ["kind", "exclude"],
          ["email", "a@example.org"],
          ["reason", "r"],
          ["roles", "x"],
        ],
        "form",
        /does not take “roles”/,
      ],
    ])(
      "refuses a rule with %s: 400, the message beside the field, nothing written",
      async (_case, fields, field, message) => {
        const t = use();
        const { db } = t;
        const { organizer, summit, slug } = await summitWithOrganizer(db);
        const source = await addSource(db, summit.id, { label: "git", contributors: [["a@example.org", "A", 3]] });
        await addResponsibilities(db, summit.id, [["stable maintainer", "s@example.org", "S"]]);
        const before = await writes(db);
        const body: Array<[string, string]> = [
          ["intent", "add-rule"],
          ...fields.map(([k, v]): [string, string] => [k, v === "SOURCE" ? source : v]),
        ];
        const response = await responseOf(
          eligibilityRoute.action({
            request: post(`/summits/${slug}/eligibility`, body),
            params: { slug },
            context: contextFor(t, organizer),
          }),
        );
        expect(response.status).toBe(400);
        const data = (await response.json()) as {
          fieldErrors: Record<string, string>;
          message: string;
          values: unknown;
        };
        if (field === "form" || field === "kind") expect(data.message).toMatch(message);
        else expect(data.message).toBe("Please correct the fields marked below.");
        expect(data.fieldErrors[field]).toMatch(message);
        // What was typed comes back, to be shown again.
        expect(data.values).toMatchObject(
          Object.fromEntries(fields.filter(([k]) => k !== "roles").map(([k, v]) => [k, v === "SOURCE" ? source : v])),
        );
        expect(await writes(db)).toEqual(before);
      },
    );

    it.each<[string, Record<string, string>, string, RegExp]>([
      ["a capacity of 0", { capacity: "0" }, "capacity", /from 1 to 10000/],
      ["a capacity over 10000", { capacity: "10001" }, "capacity", /from 1 to 10000/],
      ["a capacity in words", { capacity: "forty" }, "capacity", /whole number/],
      ["an open tick box with another value", { isOpen: "yes" }, "isOpen", /tick box/],
      [
        "an agenda-item tick box with another value",
        { seatRequestNeedsItem: "true" },
        "seatRequestNeedsItem",
        /tick box/,
      ],
      ["a field the form does not have", { isOpen: "on", phase: "published" }, "form", /does not take “phase”/],
    ])("refuses open-summit settings with %s: 400, nothing written", async (_case, fields, field, message) => {
      const t = use();
      const { organizer, slug } = await summitWithOrganizer(t.db);
      const before = await writes(t.db);
      const response = await responseOf(
        eligibilityRoute.action({
          request: post(`/summits/${slug}/eligibility`, { intent: "open-settings", ...fields }),
          params: { slug },
          context: contextFor(t, organizer),
        }),
      );
      expect(response.status).toBe(400);
      const data = (await response.json()) as { fieldErrors: Record<string, string> };
      expect(data.fieldErrors[field]).toMatch(message);
      expect(await writes(t.db)).toEqual(before);
    });

    it("refuses a field sent twice, a missing intent and a malformed rule id, with 400", async () => {
      const t = use();
      const { organizer, slug } = await summitWithOrganizer(t.db);
      const before = await writes(t.db);
      const path = `/summits/${slug}/eligibility`;
      const context = contextFor(t, organizer);
      const twice = await thrownBy(
        eligibilityRoute.action({
          request: post(path, [
            ["intent", "add-rule"],
            ["kind", "include"],
            ["email", "a@example.org"],
            ["email", "b@example.org"],
            ["reason", "r"],
          ]),
          params: { slug },
          context,
        }),
      );
      expect(twice.status).toBe(400);
      expect(await twice.text()).toMatch(/“email” was sent more than once/);
      const noIntent = await thrownBy(
        eligibilityRoute.action({ request: post(path, { kind: "include" }), params: { slug }, context }),
      );
      expect(noIntent.status).toBe(400);
      const badId = await responseOf(
        eligibilityRoute.action({
          request: post(path, { intent: "remove-rule", ruleId: "'; drop table eligibility_rule; --" }),
          params: { slug },
          context,
        }),
      );
      expect(badId.status).toBe(400);
      expect(await writes(t.db)).toEqual(before);
    });
  });

  describe("the page", () => {
    it("shows the organizer the rules, the preview and, after a change, who was added and who dropped out", async () => {
      const t = use();
      const { organizer, summit, slug } = await summitWithOrganizer(t.db);
      const source = await addSource(t.db, summit.id, {
        label: "qemu.git",
        since: "2017-01-01",
        until: "2017-10-31",
        contributors: [
          ["peter.maydell@linaro.org", "Peter Maydell", 412],
          ["pbonzini@redhat.com", "Paolo Bonzini", 380],
        ],
      });
      const path = `/summits/${slug}/eligibility`;
      const context = contextFor(t, organizer);
      const added = await responseOf(
        eligibilityRoute.action({
          request: post(path, { intent: "add-rule", kind: "top_contributors", sourceId: source, n: "2" }),
          params: { slug },
          context,
        }),
      );
      expect(added.status).toBe(302);
      expect(added.headers.get("Location")).toBe(`${path}?notice=rule-added`);
      const pageResponse = await responseOf(
        eligibilityRoute.loader({ request: get(`${path}?notice=rule-added`), params: { slug }, context }),
      );
      expect(pageResponse.status).toBe(200);
      const page = (await pageResponse.json()) as Awaited<ReturnType<typeof getEligibilityPage>> & {
        notice: { key: string; text: string } | null;
      };
      expect(page.notice).toEqual({ key: "rule-added", text: "The rule has been added." });
      expect(page.counts.eligible).toBe(2);
      expect(page.eligible.map((p) => [p.name, p.reasons.join("; ")])).toEqual([
        ["Paolo Bonzini", "#2 by commits, 2017-01-01..2017-10-31: 380 commits"],
        ["Peter Maydell", "#1 by commits, 2017-01-01..2017-10-31: 412 commits"],
      ]);
      expect(page.lastChange).toMatchObject({ change: "added", addedCount: 2, removedCount: 0 });
      expect(page.lastChange?.added.map((p) => p.name).sort()).toEqual(["Paolo Bonzini", "Peter Maydell"]);

      const ruleId = page.rules[0]!.id;
      const removed = await responseOf(
        eligibilityRoute.action({ request: post(path, { intent: "remove-rule", ruleId }), params: { slug }, context }),
      );
      expect(removed.headers.get("Location")).toBe(`${path}?notice=rule-removed`);
      const after = (await (
        await responseOf(eligibilityRoute.loader({ request: get(path), params: { slug }, context }))
      ).json()) as typeof page;
      expect(after.notice).toBeNull();
      expect(after.counts).toEqual({ eligible: 0, excluded: 0, rules: 0 });
      expect(after.lastChange).toMatchObject({ change: "removed", addedCount: 0, removedCount: 2 });

      const settings = await responseOf(
        eligibilityRoute.action({
          request: post(path, { intent: "open-settings", isOpen: "on", capacity: "30" }),
          params: { slug },
          context,
        }),
      );
      expect(settings.headers.get("Location")).toBe(`${path}?notice=settings-saved`);
    });
  });

  describe("reading only the contributors who could be admitted", () => {
    it.each([1, 2, 3])(
      "gives the same list as reading every contributor (random data, ties and alias chains, seed %i)",
      async (seed) => {
        const { db } = use();
        const { organizer, summit, slug } = await summitWithOrganizer(db);
        let state = seed * 7919;
        const random = (below: number) => {
          state = (state * 1103515245 + 12345) % 2147483648;
          return state % below;
        };
        const sources: string[] = [];
        const allRows: Array<{ source: string; email: string; name: string; commits: number }> = [];
        for (const label of ["git", "shortlog"]) {
          const rows = Array.from({ length: 300 }, (_, i): [string, string, number] => [
            `dev${random(400)}-${i}@example.org`,
            `Dev ${i}`,
            random(20),
          ]);
          // Many addresses of the same few people, and many equal counts.
          const unique = [...new Map(rows.map((r) => [r[0], r])).values()];
          const id = await addSource(db, summit.id, { label, contributors: unique });
          sources.push(id);
          for (const [email, name, commits] of unique) allRows.push({ source: id, email, name, commits });
        }
        const emails = [...new Set(allRows.map((r) => r.email))];
        const pairs = new Map<string, string>();
        for (let k = 0; k < 60; k++) {
          const alias = emails[random(emails.length)]!;
          const canonical = emails[random(emails.length)]!;
          if (alias !== canonical && !pairs.has(alias)) pairs.set(alias, canonical);
        }
        await addAliases(db, summit.id, [...pairs]);
        for (const [source, n] of [
          [sources[0]!, 1],
          [sources[0]!, 7],
          [sources[1]!, 3],
          [sources[1]!, 25],
        ] as const) {
          must(
            await addRule(db, {
              actor: organizer,
              slug,
              input: { kind: "top_contributors", sourceId: source, n: String(n) },
            }),
          );
        }
        const rules = await db
          .selectFrom("eligibility_rule")
          .select(["id", "params"])
          .where("summit_id", "=", summit.id)
          .orderBy("created_at")
          .orderBy("id")
          .execute();
        const everyone = computeEligibility(
          rules.map((r) => ({
            id: r.id,
            kind: "top_contributors" as const,
            n: Number(r.params.n),
            source: { label: r.params.sourceId === sources[0] ? "git" : "shortlog", since: null, until: null },
            // Most commits first, then by address: the name of a person with several addresses is that of the first.
            contributors: allRows
              .filter((c) => c.source === r.params.sourceId)
              .sort((x, y) => y.commits - x.commits || (x.email < y.email ? -1 : 1)),
          })),
          new Map(pairs),
        );
        expect(everyone.eligible.length).toBeGreaterThan(0);
        expect(await getEligibility(db, summit.id)).toEqual(everyone);
      },
    );
  });

  describe("scale", () => {
    it("computes 20 rules over 5,000 candidates correctly", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      const person = (i: number) => `person${i}@example.org`;
      // Source A: persons 0..2999, commits 3000 − i. Source B: persons 2000..4999,
      // commits 5000 − i, persons 2000..2499 under an old address that a mailmap alias maps back.
      const a = await addSource(db, summit.id, {
        label: "git A",
        since: "2017-01-01",
        until: "2017-12-31",
        contributors: Array.from({ length: 3000 }, (_, i): [string, string, number] => [
          person(i),
          `Person ${i}`,
          3000 - i,
        ]),
      });
      const b = await addSource(db, summit.id, {
        label: "shortlog B",
        kind: "shortlog",
        contributors: Array.from({ length: 3000 }, (_, k): [string, string, number] => {
          const i = 2000 + k;
          return [i < 2500 ? `old${i}@example.net` : person(i), `Person ${i}`, 5000 - i];
        }),
      });
      await addAliases(
        db,
        summit.id,
        Array.from({ length: 500 }, (_, k): [string, string] => [`old${2000 + k}@example.net`, person(2000 + k)]),
      );
      await addResponsibilities(db, summit.id, [
        ...Array.from({ length: 100 }, (_, k): [string, string, string, "maintainers"] => [
          `maintainer: Area ${k}`,
          person(k * 50),
          `Person ${k * 50}`,
          "maintainers",
        ]),
        ...[4995, 4996, 4997, 4998, 4999].map((i): [string, string, string] => [
          "stable maintainer",
          person(i),
          `Person ${i}`,
        ]),
      ]);
      const rules: Array<Record<string, unknown>> = [
        ...[1000, 500, 100, 10].map((n) => ({ kind: "top_contributors", sourceId: a, n: String(n) })),
        ...[1000, 500, 50, 10].map((n) => ({ kind: "top_contributors", sourceId: b, n: String(n) })),
        { kind: "responsibility", scope: "all" },
        { kind: "responsibility", scope: "chosen", roles: "stable maintainer" },
        ...Array.from({ length: 6 }, (_, j) => ({
          kind: "include",
          email: `guest${j}@example.com`,
          name: `Guest ${j}`,
          reason: "invited speaker",
        })),
        ...[person(0), person(4999), "guest0@example.com", "nobody@example.com"].map((email) => ({
          kind: "exclude",
          email,
          reason: "declined in advance",
        })),
      ];
      expect(rules).toHaveLength(20);
      const changes = [];
      for (const input of rules) changes.push(must(await addRule(db, { actor: organizer, slug, input })));
      // The first rule admits 1,000 people: the count is exact, the names kept are bounded.
      expect(changes[0]).toMatchObject({ addedCount: 1000, removedCount: 0, eligible: 1000 });
      expect(changes[0]!.added).toHaveLength(DIFF_NAMES_KEPT);
      expect(changes[19]).toMatchObject({ addedCount: 0, removedCount: 0 });

      const result = await getEligibility(db, summit.id);
      // 0..999 (top of A) ∪ 2000..2999 (top of B) ∪ the 20 area maintainers in 1000..1999 and the 40 in
      // 3000..4950 ∪ the 5 stable maintainers ∪ 6 guests, less 3 exclusions of admitted people.
      expect(result.eligible).toHaveLength(1000 + 1000 + 20 + 40 + 5 + 6 - 3);
      expect(result.excluded.map((p) => p.email).sort()).toEqual(
        ["guest0@example.com", person(0), person(4999)].sort(),
      );
      expect(new Set(result.eligible.map((p) => p.email)).size).toBe(result.eligible.length);
      // Four top-N rules over source A admit person 1 with the same reason, shown once.
      expect(reasonsOf(result, person(1))).toEqual(["#2 by commits, 2017-01-01..2017-12-31: 2999 commits"]);
      // Person 2000 counts under an alias in B: ranked first there, and an area maintainer.
      expect(reasonsOf(result, person(2000))).toEqual([
        "#1 by commits in shortlog B: 3000 commits",
        "maintainer: Area 40",
      ]);
      expect(reasonsOf(result, person(999))).toEqual(["#1000 by commits, 2017-01-01..2017-12-31: 2001 commits"]);
      expect(reasonsOf(result, person(1000))).toEqual(["maintainer: Area 20"]);
      expect(reasonsOf(result, person(1001))).toBeUndefined();
      expect(reasonsOf(result, person(2999))).toEqual(["#1000 by commits in shortlog B: 2001 commits"]);
      expect(reasonsOf(result, person(3000))).toEqual(["maintainer: Area 60"]);
      expect(reasonsOf(result, person(3001))).toBeUndefined();
      expect(reasonsOf(result, person(4000))).toEqual(["maintainer: Area 80"]);
      expect(reasonsOf(result, person(4998))).toEqual(["stable maintainer"]);
      expect(reasonsOf(result, "guest3@example.com")).toEqual(["added by hand: invited speaker"]);

      const page = await pageOf(db, { organizer, slug });
      expect(page?.counts).toEqual({ eligible: 2068, excluded: 3, rules: 20 });
      expect(page?.sources.map((s) => s.contributors)).toEqual([3000, 3000]);
      // The preview shows 200 people a page; the counts cover everyone, and an out-of-range page is the last.
      expect(page?.preview).toEqual({ page: 1, pages: 11, first: 1, last: 200 });
      expect(page?.eligible).toEqual(result.eligible.slice(0, 200));
      const lastPage = await pageOf(db, { organizer, slug }, 999);
      expect(lastPage?.preview).toEqual({ page: 11, pages: 11, first: 2001, last: 2068 });
      expect(lastPage?.eligible).toEqual(result.eligible.slice(2000));
    }, 120_000);
  });
});
