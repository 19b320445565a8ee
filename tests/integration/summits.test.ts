import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/client";
import { createUser } from "../../db/queries/user";
import type { Database, Phase } from "../../db/schema";
import { startSession, validateSessionCookie, type SessionUser } from "../../app/auth/session.server";
import { DEMO_ACCOUNTS, DEMO_FOLLOW_UP, DEMO_SUMMIT, loadDemoIfEmpty } from "../../app/services/demo.server";
import { DEMO_2018_ITEMS, DEMO_ITEMS } from "../../app/services/demo-items";
import { getPublishedAgenda } from "../../app/services/agenda/day.server";
import { VISITOR } from "../../app/domain/summit/standing";
import { recountVoting } from "../../app/services/voting/commands.server";
import {
  addAdmin,
  createSummit,
  movePhase,
  nameMinuteTaker,
  nameOrganizer,
  removeMinuteTaker,
  removeOrganizer,
  setSummitVisibility,
  updateSummit,
} from "../../app/services/summits/commands.server";
import * as adminCommand from "../../app/cli/commands/admin";
import * as summitCommand from "../../app/cli/commands/summit";
import * as adminIndexRoute from "../../app/routes/admin._index";
import * as adminSummitRoute from "../../app/routes/admin.summits.$slug";
import * as homeRoute from "../../app/routes/_index";
import * as summitRoute from "../../app/routes/summits.$slug";
import * as manageRoute from "../../app/routes/summits.$slug.manage";
import { MAIL_CONFIG } from "../helpers/factories/agenda";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";
import { loadContextFor } from "../helpers/load-context";
import { get, ORIGIN, post, thrownBy } from "../helpers/factories/requests";
import { detailsInput, makeUser, summitInput, summitWithOrganizer, unique } from "../helpers/factories/summits";

async function auditOf(db: Kysely<Database>, summitId: string) {
  return db.selectFrom("audit_log").selectAll().where("summit_id", "=", summitId).orderBy("id").execute();
}

async function countRows(
  db: Kysely<Database>,
  table: "summit" | "audit_log" | "app_user" | "summit_role" | "eligibility_rule" | "agenda_item_revision",
) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function phaseOf(db: Kysely<Database>, slug: string): Promise<Phase> {
  const row = await db.selectFrom("summit").select("phase").where("slug", "=", slug).executeTakeFirstOrThrow();
  return row.phase;
}

function contextFor(t: TestDatabase, user: SessionUser | null) {
  return loadContextFor(t.db, t.kind, user);
}

describeEachDatabase("summits", (use) => {
  describe("creating", () => {
    it("lets an admin create a summit, audited", async () => {
      const { db } = use();
      const admin = await makeUser(db, "Admin", true);
      const input = summitInput({ timezone: "europe/amsterdam", listAddress: " QEMU-devel@NONGNU.org " });
      const result = await createSummit(db, { actor: admin, input });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const summit = result.value;
      expect(summit).toMatchObject({
        slug: input.slug,
        title: "QEMU Summit 2025",
        starts_on: "2025-08-27",
        ends_on: "2025-08-27",
        timezone: "Europe/Amsterdam",
        venue: "KVM Forum 2025, Milan",
        list_address: "qemu-devel@nongnu.org",
        sign_off: "-- PMM",
        phase: "draft",
        created_by: admin.id,
      });
      const audit = await auditOf(db, summit.id);
      expect(audit.map((a) => [a.action, a.actor_id])).toEqual([["summit.created", admin.id]]);
      expect(audit[0]!.detail).toMatchObject({ slug: input.slug, title: "QEMU Summit 2025" });
    });

    it("refuses a non-admin and writes nothing", async () => {
      const { db } = use();
      const member = await makeUser(db, "Member");
      const [summits, audits] = [await countRows(db, "summit"), await countRows(db, "audit_log")];
      const result = await createSummit(db, { actor: member, input: summitInput() });
      expect(result).toMatchObject({
        ok: false,
        status: 403,
        message: "Only administrators of this Summit installation can do this.",
      });
      expect(await countRows(db, "summit")).toBe(summits);
      expect(await countRows(db, "audit_log")).toBe(audits);
    });

    it.each<[string, Record<string, unknown>, string, RegExp]>([
      ["an empty title", { title: "  " }, "title", /Enter a title/],
      ["a title over 200 characters", { title: "x".repeat(201) }, "title", /at most 200/],
      ["a slug with capitals", { slug: "QEMU-2025" }, "slug", /lower-case letters/],
      ["a slug with a double hyphen", { slug: "qemu--2025" }, "slug", /single hyphens/],
      ["a slug over 60 characters", { slug: "a".repeat(61) }, "slug", /at most 60/],
      ["a missing first day", { startsOn: undefined }, "startsOn", /Enter the first day/],
      ["an impossible date", { startsOn: "2025-02-30" }, "startsOn", /real date/],
      ["a last day before the first", { startsOn: "2025-08-28", endsOn: "2025-08-27" }, "endsOn", /cannot be before/],
      ["an unknown timezone", { timezone: "Mars/Olympus_Mons" }, "timezone", /IANA timezone/],
      ["an abbreviation for a timezone", { timezone: "CEST" }, "timezone", /IANA timezone/],
      [
        "a list address with a display name",
        { listAddress: "QEMU <qemu-devel@nongnu.org>" },
        "listAddress",
        /plain email/,
      ],
      ["a list address with a header in it", { listAddress: "a@b.org\r\nBcc: x@y.org" }, "listAddress", /plain email/],
      ["a sign-off of two lines", { signOff: "-- PMM\nBcc: x" }, "signOff", /one line/],
      ["a field the form does not have", { phase: "published" }, "form", /does not take “phase”/],
    ])("refuses %s with a message beside the field, writing nothing", async (_case, overrides, field, message) => {
      const { db } = use();
      const admin = await makeUser(db, "Admin", true);
      const [summits, audits] = [await countRows(db, "summit"), await countRows(db, "audit_log")];
      const result = await createSummit(db, { actor: admin, input: summitInput(overrides) });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.status).toBe(400);
      expect(result.fieldErrors?.[field]).toMatch(message);
      expect(await countRows(db, "summit")).toBe(summits);
      expect(await countRows(db, "audit_log")).toBe(audits);
    });

    it("refuses a slug that is taken, beside the slug field", async () => {
      const { db } = use();
      const admin = await makeUser(db, "Admin", true);
      const first = summitInput();
      expect((await createSummit(db, { actor: admin, input: first })).ok).toBe(true);
      const audits = await countRows(db, "audit_log");
      const result = await createSummit(db, {
        actor: admin,
        input: summitInput({ slug: first.slug, title: "Other" }),
      });
      expect(result).toMatchObject({
        ok: false,
        status: 409,
        fieldErrors: { slug: expect.stringMatching(/already taken/) },
      });
      expect(await countRows(db, "audit_log")).toBe(audits);
    });
  });

  describe("editing", () => {
    it("lets an organizer change the details, auditing what changed", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      const result = await updateSummit(db, {
        actor: organizer,
        slug,
        input: detailsInput({ title: "QEMU Summit 2025 (Milan)", endsOn: "2025-08-28" }),
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.changed.sort()).toEqual(["endsOn", "title"]);
      expect(result.value.summit).toMatchObject({ title: "QEMU Summit 2025 (Milan)", ends_on: "2025-08-28" });
      const last = (await auditOf(db, summit.id)).at(-1)!;
      expect(last.action).toBe("summit.updated");
      expect(last.actor_id).toBe(organizer.id);
      expect(last.detail).toEqual({
        changes: {
          title: { from: "QEMU Summit 2025", to: "QEMU Summit 2025 (Milan)" },
          endsOn: { from: "2025-08-27", to: "2025-08-28" },
        },
      });
    });

    it("writes no audit entry when nothing changed", async () => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      const before = (await auditOf(db, summit.id)).length;
      const result = await updateSummit(db, { actor: organizer, slug, input: detailsInput() });
      expect(result).toMatchObject({ ok: true, value: { changed: [] } });
      expect((await auditOf(db, summit.id)).length).toBe(before);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ["a title over 200 characters", { title: "x".repeat(201) }, "title"],
      ["a last day before the first", { endsOn: "2025-08-26" }, "endsOn"],
      ["a date in another format", { startsOn: "27.08.2025" }, "startsOn"],
      ["an unknown timezone", { timezone: "Europe/Atlantis" }, "timezone"],
      ["two list addresses", { listAddress: "a@example.org, b@example.org" }, "listAddress"],
      ["a venue over 200 characters", { venue: "v".repeat(201) }, "venue"],
      ["a changed slug", { slug: "new-address" }, "form"],
    ])("refuses %s, leaving the summit as it was", async (_case, overrides, field) => {
      const { db } = use();
      const { organizer, summit, slug } = await summitWithOrganizer(db);
      const before = await db.selectFrom("summit").selectAll().where("id", "=", summit.id).executeTakeFirstOrThrow();
      const audits = (await auditOf(db, summit.id)).length;
      const input = { ...detailsInput(), ...overrides };
      const result = await updateSummit(db, { actor: organizer, slug, input });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.status).toBe(400);
      expect(result.fieldErrors?.[field]).toEqual(expect.any(String));
      expect(await db.selectFrom("summit").selectAll().where("id", "=", summit.id).executeTakeFirstOrThrow()).toEqual(
        before,
      );
      expect((await auditOf(db, summit.id)).length).toBe(audits);
    });

    it("refuses someone who is not an organizer of this summit, even an admin", async () => {
      const { db } = use();
      const { admin, slug } = await summitWithOrganizer(db);
      const other = await summitWithOrganizer(db);
      for (const actor of [admin, other.organizer]) {
        const result = await updateSummit(db, { actor, slug, input: detailsInput({ title: "Hijacked" }) });
        expect(result).toMatchObject({ ok: false, status: 403 });
      }
      expect(
        (await db.selectFrom("summit").select("title").where("slug", "=", slug).executeTakeFirstOrThrow()).title,
      ).toBe("QEMU Summit 2025");
    });

    it("refuses changes once the minutes are published", async () => {
      const { db } = use();
      const { organizer, slug } = await summitWithOrganizer(db, "published");
      const result = await updateSummit(db, { actor: organizer, slug, input: detailsInput({ title: "Renamed" }) });
      expect(result).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/published/) });
    });

    it("lets organizers, and only them, make the agenda public, audited once per change", async () => {
      const { db } = use();
      const { organizer, admin, summit, slug } = await summitWithOrganizer(db);
      const isPublic = async () =>
        (await db.selectFrom("summit").select("is_public").where("id", "=", summit.id).executeTakeFirstOrThrow())
          .is_public;
      expect(await isPublic()).toBe(false);
      expect(await setSummitVisibility(db, { actor: organizer, slug, input: { isPublic: "on" } })).toEqual({
        ok: true,
        value: { isPublic: true, changed: true },
      });
      expect(await isPublic()).toBe(true);
      expect((await auditOf(db, summit.id)).at(-1)).toMatchObject({
        action: "summit.visibility_changed",
        detail: { isPublic: true },
      });
      const audits = (await auditOf(db, summit.id)).length;
      expect(await setSummitVisibility(db, { actor: organizer, slug, input: { isPublic: "on" } })).toMatchObject({
        ok: true,
        value: { changed: false },
      });
      expect((await auditOf(db, summit.id)).length).toBe(audits);
      expect(await setSummitVisibility(db, { actor: admin, slug, input: {} })).toMatchObject({
        ok: false,
        status: 403,
      });
      expect(
        await setSummitVisibility(db, { actor: organizer, slug, input: { isPublic: "yes", role: "x" } }),
      ).toMatchObject({ ok: false, status: 400 });
      expect(await isPublic()).toBe(true);
      // An unticked box sends nothing: private again.
      expect(await setSummitVisibility(db, { actor: organizer, slug, input: {} })).toMatchObject({
        ok: true,
        value: { isPublic: false, changed: true },
      });
      expect(await isPublic()).toBe(false);
    });

    it("answers 404 for a summit that does not exist", async () => {
      const { db } = use();
      const organizer = await makeUser(db, "Organizer");
      const result = await updateSummit(db, { actor: organizer, slug: "no-such-summit", input: detailsInput() });
      expect(result).toMatchObject({ ok: false, status: 404 });
    });
  });

  describe("organizers and minute-takers", () => {
    it("names an organizer who has no account yet, creating it from the address", async () => {
      const { db } = use();
      const admin = await makeUser(db, "Admin", true);
      const created = await createSummit(db, { actor: admin, input: summitInput() });
      if (!created.ok) throw new Error(created.message);
      const email = `${unique("kevin.wolf")}@example.org`;
      const result = await nameOrganizer(db, {
        actor: admin,
        slug: created.value.slug,
        input: { email: ` ${email.toUpperCase()} ` },
      });
      expect(result).toMatchObject({ ok: true, value: { created: true, user: { email } } });
      if (!result.ok) return;
      expect(result.value.user.display_name).toMatch(/^Kevin Wolf \d+$/);
      const roles = await db.selectFrom("summit_role").selectAll().where("summit_id", "=", created.value.id).execute();
      expect(roles.map((r) => [r.user_id, r.role])).toEqual([[result.value.user.id, "organizer"]]);
      const userAudit = await db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "user.created")
        .where("object_id", "=", result.value.user.id)
        .execute();
      expect(userAudit).toHaveLength(1);
      const audit = await auditOf(db, created.value.id);
      expect(audit.at(-1)).toMatchObject({
        action: "summit.organizer_named",
        actor_id: admin.id,
        object_id: result.value.user.id,
      });
    });

    it("names an existing account without creating another, and refuses naming it twice", async () => {
      const { db } = use();
      const { admin, slug, summit } = await summitWithOrganizer(db);
      const person = await makeUser(db, "Cornelia Huck");
      const users = await countRows(db, "app_user");
      expect(await nameOrganizer(db, { actor: admin, slug, input: { email: person.email } })).toMatchObject({
        ok: true,
        value: { created: false },
      });
      expect(await countRows(db, "app_user")).toBe(users);
      const audits = (await auditOf(db, summit.id)).length;
      const again = await nameOrganizer(db, { actor: admin, slug, input: { email: person.email } });
      expect(again).toMatchObject({
        ok: false,
        status: 409,
        fieldErrors: { email: expect.stringMatching(/already an organizer/) },
      });
      expect((await auditOf(db, summit.id)).length).toBe(audits);
    });

    it("retires the sessions of someone who gains a role, so the privilege starts with a new session (R3)", async () => {
      const { db } = use();
      const { admin, slug } = await summitWithOrganizer(db);
      const person = await makeUser(db, "Thomas Huth");
      const settings = { secure: false, idleHours: 24, absoluteDays: 7 };
      const organizerCookie = (await startSession(db, settings, person.id)).split(";")[0]!;
      expect((await validateSessionCookie(db, settings, organizerCookie)).user?.id).toBe(person.id);
      expect((await nameOrganizer(db, { actor: admin, slug, input: { email: person.email } })).ok).toBe(true);
      expect((await validateSessionCookie(db, settings, organizerCookie)).user).toBeNull();

      const adminCookie = (await startSession(db, settings, person.id)).split(";")[0]!;
      expect((await addAdmin(db, { input: { email: person.email } })).ok).toBe(true);
      expect((await validateSessionCookie(db, settings, adminCookie)).user).toBeNull();
      const rows = await db.selectFrom("session").select("id").where("user_id", "=", person.id).execute();
      expect(rows).toEqual([]);
    });

    it("only lets admins name and remove organizers", async () => {
      const { db } = use();
      const { organizer, slug } = await summitWithOrganizer(db);
      const roles = await countRows(db, "summit_role");
      const named = await nameOrganizer(db, { actor: organizer, slug, input: { email: "friend@example.org" } });
      expect(named).toMatchObject({ ok: false, status: 403 });
      const removed = await removeOrganizer(db, { actor: organizer, slug, input: { email: organizer.email } });
      expect(removed).toMatchObject({ ok: false, status: 403 });
      expect(await countRows(db, "summit_role")).toBe(roles);
      expect(
        await db.selectFrom("app_user").select("id").where("email", "=", "friend@example.org").executeTakeFirst(),
      ).toBeUndefined();
    });

    it("refuses a malformed address and writes nothing", async () => {
      const { db } = use();
      const { admin, slug } = await summitWithOrganizer(db);
      const [users, roles] = [await countRows(db, "app_user"), await countRows(db, "summit_role")];
      for (const email of ["not an address", "a@b.org\nBcc: c@d.org", "Peter <p@example.org>", ""]) {
        const result = await nameOrganizer(db, { actor: admin, slug, input: { email } });
        expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { email: expect.any(String) } });
      }
      expect(await countRows(db, "app_user")).toBe(users);
      expect(await countRows(db, "summit_role")).toBe(roles);
    });

    it("removes an organizer, audited, and refuses removing someone who is not one", async () => {
      const { db } = use();
      const { admin, organizer, slug, summit } = await summitWithOrganizer(db);
      const removed = await removeOrganizer(db, { actor: admin, slug, input: { email: organizer.email } });
      expect(removed.ok).toBe(true);
      expect((await auditOf(db, summit.id)).at(-1)).toMatchObject({
        action: "summit.organizer_removed",
        object_id: organizer.id,
      });
      const again = await removeOrganizer(db, { actor: admin, slug, input: { email: organizer.email } });
      expect(again).toMatchObject({
        ok: false,
        status: 409,
        fieldErrors: { email: expect.stringMatching(/not an organizer/) },
      });
    });

    it("lets organizers, and only them, name and remove minute-takers", async () => {
      const { db } = use();
      const { admin, organizer, slug, summit } = await summitWithOrganizer(db);
      const stranger = await makeUser(db, "Stranger");
      const email = `${unique("stefan.hajnoczi")}@example.org`;
      for (const actor of [admin, stranger]) {
        expect(await nameMinuteTaker(db, { actor, slug, input: { email } })).toMatchObject({ ok: false, status: 403 });
      }
      const named = await nameMinuteTaker(db, { actor: organizer, slug, input: { email } });
      expect(named).toMatchObject({ ok: true, value: { created: true } });
      expect((await auditOf(db, summit.id)).at(-1)).toMatchObject({
        action: "summit.minute_taker_named",
        actor_id: organizer.id,
      });
      expect(await removeMinuteTaker(db, { actor: stranger, slug, input: { email } })).toMatchObject({
        ok: false,
        status: 403,
      });
      expect((await removeMinuteTaker(db, { actor: organizer, slug, input: { email } })).ok).toBe(true);
      expect((await auditOf(db, summit.id)).at(-1)).toMatchObject({ action: "summit.minute_taker_removed" });
      const left = await db.selectFrom("summit_role").select("role").where("summit_id", "=", summit.id).execute();
      expect(left.map((r) => r.role)).toEqual(["organizer"]);
    });
  });

  describe("phases", () => {
    it("moves forward and back one step at a time, auditing each move", async () => {
      const { db } = use();
      const { organizer, slug, summit } = await summitWithOrganizer(db);
      const moves: [Phase, Phase][] = [
        ["draft", "proposals"],
        ["proposals", "voting"],
        ["voting", "proposals"],
        ["proposals", "voting"],
        ["voting", "agenda"],
      ];
      for (const [from, to] of moves) {
        const result = await movePhase(db, { actor: organizer, slug, input: { from, to }, config: MAIL_CONFIG });
        expect(result).toMatchObject({ ok: true, value: { from, to } });
        expect(await phaseOf(db, slug)).toBe(to);
      }
      const audit = (await auditOf(db, summit.id)).filter((a) => a.action === "summit.phase_moved");
      expect(audit.map((a) => [a.detail.from, a.detail.to, a.detail.direction, a.actor_id])).toEqual([
        ["draft", "proposals", "forward", organizer.id],
        ["proposals", "voting", "forward", organizer.id],
        ["voting", "proposals", "back", organizer.id],
        ["proposals", "voting", "forward", organizer.id],
        ["voting", "agenda", "forward", organizer.id],
      ]);
    });

    it("refuses the wrong role, skipping a phase, leaving published and a stale move, writing nothing", async () => {
      const { db } = use();
      const { admin, organizer, slug, summit } = await summitWithOrganizer(db, "proposals");
      const member = await makeUser(db, "Member");
      const audits = (await auditOf(db, summit.id)).length;

      expect(
        await movePhase(db, { actor: member, slug, input: { from: "proposals", to: "voting" }, config: MAIL_CONFIG }),
      ).toMatchObject({
        ok: false,
        status: 403,
        message: "Only the organizers of this summit can do this.",
      });
      expect(
        await movePhase(db, { actor: admin, slug, input: { from: "proposals", to: "voting" }, config: MAIL_CONFIG }),
      ).toMatchObject({
        ok: false,
        status: 403,
      });
      expect(
        await movePhase(db, {
          actor: organizer,
          slug,
          input: { from: "proposals", to: "agenda" },
          config: MAIL_CONFIG,
        }),
      ).toMatchObject({
        ok: false,
        status: 409,
        message: expect.stringMatching(
          /one phase at a time: from Proposals it can move forward to Voting or back to Draft/,
        ),
      });
      expect(
        await movePhase(db, { actor: organizer, slug, input: { from: "voting", to: "agenda" }, config: MAIL_CONFIG }),
      ).toMatchObject({
        ok: false,
        status: 409,
        message: expect.stringMatching(/no longer in Voting: it is in Proposals now/),
      });
      expect(
        await movePhase(db, {
          actor: organizer,
          slug,
          input: { from: "proposals", to: "closed" },
          config: MAIL_CONFIG,
        }),
      ).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { to: "Choose the phase to move to." },
      });
      expect(await phaseOf(db, slug)).toBe("proposals");

      await db.updateTable("summit").set({ phase: "published" }).where("id", "=", summit.id).execute();
      for (const to of ["minutes_draft", "draft"] as const) {
        expect(
          await movePhase(db, { actor: organizer, slug, input: { from: "published", to }, config: MAIL_CONFIG }),
        ).toMatchObject({
          ok: false,
          status: 409,
          message: expect.stringMatching(/final/),
        });
      }
      expect(await phaseOf(db, slug)).toBe("published");
      expect((await auditOf(db, summit.id)).length).toBe(audits);
    });

    it("applies exactly one of two concurrent moves from the same phase", async () => {
      const { db } = use();
      for (const [from, targets] of [
        ["proposals", ["voting", "voting"]],
        ["voting", ["agenda", "proposals"]],
      ] as [Phase, [Phase, Phase]][]) {
        const { organizer, slug, summit } = await summitWithOrganizer(db, from);
        const second = await makeUser(db, "Second Organizer");
        const admin = await makeUser(db, "Admin", true);
        await nameOrganizer(db, { actor: admin, slug, input: { email: second.email } });
        const outcomes = await Promise.all([
          movePhase(db, { actor: organizer, slug, input: { from, to: targets[0] }, config: MAIL_CONFIG }),
          movePhase(db, { actor: second, slug, input: { from, to: targets[1] }, config: MAIL_CONFIG }),
        ]);
        const applied = outcomes.filter((o) => o.ok);
        const refused = outcomes.filter((o) => !o.ok);
        expect(applied).toHaveLength(1);
        expect(refused).toMatchObject([{ ok: false, status: 409, message: expect.stringMatching(/no longer in/) }]);
        const winner = applied[0]!;
        if (!winner.ok) return;
        expect(await phaseOf(db, slug)).toBe(winner.value.to);
        const moves = (await auditOf(db, summit.id)).filter((a) => a.action === "summit.phase_moved");
        expect(moves).toHaveLength(1);
        expect(moves[0]!.detail.to).toBe(winner.value.to);
      }
    });
  });

  describe("pages: who may see and do what", () => {
    it("sends anonymous visitors of organizer and admin pages to sign in", async () => {
      const t = use();
      const { slug } = await summitWithOrganizer(t.db);
      const anonymous = contextFor(t, null);
      // Each call is made when its turn comes: a call made early would be refused before anything awaits it.
      const cases = [
        () => manageRoute.loader({ request: get(`/summits/${slug}/manage`), params: { slug }, context: anonymous }),
        () =>
          manageRoute.action({
            request: post(`/summits/${slug}/manage`, { intent: "move-phase", from: "draft", to: "proposals" }),
            params: { slug },
            context: anonymous,
          }),
        () => adminIndexRoute.loader({ request: get("/admin"), params: {}, context: anonymous }),
        () => adminSummitRoute.loader({ request: get(`/admin/summits/${slug}`), params: { slug }, context: anonymous }),
      ];
      for (const call of cases) {
        const response = await thrownBy(call());
        expect(response.status).toBe(302);
        expect(response.headers.get("Location")).toMatch(/^\/login\?next=%2F/);
      }
      expect(await phaseOf(t.db, slug)).toBe("draft");
    });

    it("answers 403 to a signed-in non-organizer, on the page and on every action, changing nothing", async () => {
      const t = use();
      const { slug, summit } = await summitWithOrganizer(t.db);
      const member = contextFor(t, await makeUser(t.db, "Member"));
      const audits = (await auditOf(t.db, summit.id)).length;
      const loaderResponse = await thrownBy(
        manageRoute.loader({ request: get(`/summits/${slug}/manage`), params: { slug }, context: member }),
      );
      expect(loaderResponse.status).toBe(403);
      expect(await loaderResponse.text()).toBe("Only the organizers of this summit can do this.");
      const attempts: Record<string, string>[] = [
        { intent: "move-phase", from: "draft", to: "proposals" },
        { intent: "edit-details", ...detailsInput({ title: "Hijacked" }) },
        { intent: "name-minute-taker", email: "x@example.org" },
      ];
      for (const fields of attempts) {
        const response = await thrownBy(
          manageRoute.action({ request: post(`/summits/${slug}/manage`, fields), params: { slug }, context: member }),
        );
        expect(response.status).toBe(403);
      }
      for (const call of [
        () => adminIndexRoute.loader({ request: get("/admin"), params: {}, context: member }),
        () =>
          adminIndexRoute.action({
            request: post("/admin", { intent: "create-summit", ...summitInput() }),
            params: {},
            context: member,
          }),
        () =>
          adminSummitRoute.action({
            request: post(`/admin/summits/${slug}`, { intent: "name-organizer", email: member.signedIn!.email }),
            params: { slug },
            context: member,
          }),
      ]) {
        expect((await thrownBy(call())).status).toBe(403);
      }
      expect(await phaseOf(t.db, slug)).toBe("draft");
      expect((await auditOf(t.db, summit.id)).length).toBe(audits);
    });

    it("serves the manage page to an organizer and moves the phase from its form", async () => {
      const t = use();
      const { organizer, slug } = await summitWithOrganizer(t.db);
      const context = contextFor(t, organizer);
      const page = await manageRoute.loader({
        request: get(`/summits/${slug}/manage?confirm=forward`),
        params: { slug },
        context,
      });
      const data = await page.json();
      expect(data.confirm).toMatchObject({ direction: "forward", phase: "proposals", label: "Proposals" });
      expect(data.organizers).toEqual([{ name: "Organizer", email: organizer.email }]);
      expect(data.audit[0]?.text).toMatch(/named Organizer .* organizer/);

      const moved = await manageRoute.action({
        request: post(`/summits/${slug}/manage`, { intent: "move-phase", from: "draft", to: "proposals" }),
        params: { slug },
        context,
      });
      expect(moved.status).toBe(302);
      expect(moved.headers.get("Location")).toBe(`/summits/${slug}/manage?notice=phase-moved`);
      expect(await phaseOf(t.db, slug)).toBe("proposals");

      const stale = await manageRoute.action({
        request: post(`/summits/${slug}/manage`, { intent: "move-phase", from: "draft", to: "proposals" }),
        params: { slug },
        context,
      });
      expect(stale.status).toBe(409);
      expect((await stale.json()).message).toMatch(/no longer in Draft/);
    });

    it("keeps what was typed and puts each error beside its field when the details are refused", async () => {
      const t = use();
      const { organizer, slug } = await summitWithOrganizer(t.db);
      const fields = { intent: "edit-details", ...detailsInput({ title: "", timezone: "Nowhere/Special" }) };
      const response = await manageRoute.action({
        request: post(`/summits/${slug}/manage`, fields),
        params: { slug },
        context: contextFor(t, organizer),
      });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.fieldErrors).toEqual({ title: "Enter a title.", timezone: expect.stringMatching(/IANA/) });
      expect(body.values).toMatchObject({ timezone: "Nowhere/Special", venue: "KVM Forum 2025, Milan" });
    });

    it("refuses a form that sends a field twice", async () => {
      const t = use();
      const { organizer, slug } = await summitWithOrganizer(t.db);
      const body = new URLSearchParams([
        ["intent", "move-phase"],
        ["from", "draft"],
        ["to", "proposals"],
        ["to", "voting"],
      ]);
      const response = await thrownBy(
        manageRoute.action({
          request: new Request(`${ORIGIN}/summits/${slug}/manage`, { method: "POST", body }),
          params: { slug },
          context: contextFor(t, organizer),
        }),
      );
      expect(response.status).toBe(400);
      expect(await phaseOf(t.db, slug)).toBe("draft");
    });

    it("lets an admin create a summit and name organizers from the admin pages", async () => {
      const t = use();
      const admin = contextFor(t, await makeUser(t.db, "Admin", true));
      const input = summitInput();
      const bad = await adminIndexRoute.action({
        request: post("/admin", { intent: "create-summit", ...input, listAddress: "nope" }),
        params: {},
        context: admin,
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({
        fieldErrors: { listAddress: expect.any(String) },
        values: { listAddress: "nope" },
      });

      const created = await adminIndexRoute.action({
        request: post("/admin", { intent: "create-summit", ...input }),
        params: {},
        context: admin,
      });
      expect(created.status).toBe(302);
      expect(created.headers.get("Location")).toBe(`/admin/summits/${input.slug}?notice=created`);

      const named = await adminSummitRoute.action({
        request: post(`/admin/summits/${input.slug}`, { intent: "name-organizer", email: "new.organizer@example.org" }),
        params: { slug: input.slug },
        context: admin,
      });
      expect(named.status).toBe(302);
      const page = await adminSummitRoute.loader({
        request: get(`/admin/summits/${input.slug}?notice=named`),
        params: { slug: input.slug },
        context: admin,
      });
      expect(await page.json()).toMatchObject({
        organizers: [{ name: "New Organizer", email: "new.organizer@example.org" }],
        notice: "The organizer has been named.",
      });
    });

    it("shows anyone a summit's page with its phase and what comes next, and 404 for an unknown one", async () => {
      const t = use();
      const { organizer, slug } = await summitWithOrganizer(t.db, "proposals");
      const visitor = await summitRoute.loader({
        request: get(`/summits/${slug}`),
        params: { slug },
        context: contextFor(t, null),
      });
      const data = await visitor.json();
      expect(data.summit).toMatchObject({
        phase: "proposals",
        phaseLabel: "Proposals",
        dates: "27 August 2025",
        comesNext: expect.stringMatching(/^Voting: /),
        viewer: { isOrganizer: false, isMinuteTaker: false },
      });
      expect(data.summit.steps.filter((s: { state: string }) => s.state === "current")).toEqual([
        { phase: "proposals", label: "Proposals", state: "current" },
      ]);
      const asOrganizer = await summitRoute.loader({
        request: get(`/summits/${slug}`),
        params: { slug },
        context: contextFor(t, organizer),
      });
      expect((await asOrganizer.json()).summit.viewer.isOrganizer).toBe(true);
      const missing = await thrownBy(
        summitRoute.loader({ request: get("/summits/nope"), params: { slug: "nope" }, context: contextFor(t, null) }),
      );
      expect(missing.status).toBe(404);
      const home = await homeRoute.loader({ request: get("/"), params: {}, context: contextFor(t, null) });
      expect((await home.json()).summits.map((s: { slug: string }) => s.slug)).toContain(slug);
    });
  });

  describe("administrators", () => {
    it("makes someone an administrator, creating the account if needed, audited once", async () => {
      const { db } = use();
      const email = `${unique("root")}@example.org`;
      const first = await addAdmin(db, { input: { email, name: "Root Person" } });
      expect(first).toMatchObject({
        ok: true,
        value: { created: true, alreadyAdmin: false, user: { email, display_name: "Root Person", is_admin: true } },
      });
      const second = await addAdmin(db, { input: { email } });
      expect(second).toMatchObject({ ok: true, value: { created: false, alreadyAdmin: true } });
      if (!first.ok) return;
      const grants = await db
        .selectFrom("audit_log")
        .select("action")
        .where("action", "=", "user.admin_granted")
        .where("object_id", "=", first.value.user.id)
        .execute();
      expect(grants).toHaveLength(1);
      expect(await addAdmin(db, { input: { email: "bad address" } })).toMatchObject({ ok: false, status: 400 });
    });
  });
});

describeEachDatabase("demo", (use) => {
  it("loads the QEMU Summit 2017 into an empty database, once", async () => {
    const { db } = use();
    expect(await loadDemoIfEmpty(db)).toBe(true);
    const summit = await db
      .selectFrom("summit")
      .selectAll()
      .where("slug", "=", DEMO_SUMMIT.slug)
      .executeTakeFirstOrThrow();
    expect(summit).toMatchObject({ ...DEMO_SUMMIT, phase: "agenda" });
    const followUp = await db
      .selectFrom("summit")
      .selectAll()
      .where("slug", "=", DEMO_FOLLOW_UP.slug)
      .executeTakeFirstOrThrow();
    expect(followUp).toMatchObject({ ...DEMO_FOLLOW_UP, phase: "proposals" });
    const users = await db
      .selectFrom("app_user")
      .select(["email", "display_name", "is_admin"])
      .orderBy("email")
      .execute();
    expect(users).toHaveLength(DEMO_ACCOUNTS.length);
    expect(users.filter((u) => u.is_admin).map((u) => u.email)).toEqual(["admin@demo.summit.test"]);
    for (const name of [
      "Peter Maydell",
      "Markus Armbruster",
      "Paolo Bonzini",
      "Gerd Hoffmann",
      "Alex Graf",
      "Daniel Berrange",
      "Stefan Hajnoczi",
      "Cornelia Huck",
      "Christian Borntraeger",
      "Fam Zheng",
    ]) {
      const email = `${name.toLowerCase().replace(" ", ".")}@demo.summit.test`;
      expect(users).toContainEqual({ email, display_name: name, is_admin: false });
    }
    const roles = await db
      .selectFrom("summit_role")
      .innerJoin("app_user", "app_user.id", "summit_role.user_id")
      .select(["app_user.email", "summit_role.role"])
      .where("summit_role.summit_id", "=", summit.id)
      .orderBy("summit_role.role")
      .execute();
    expect(roles).toEqual([
      { email: "stefan.hajnoczi@demo.summit.test", role: "minute_taker" },
      { email: "peter.maydell@demo.summit.test", role: "organizer" },
    ]);
    expect((await auditOf(db, summit.id)).map((a) => a.action).sort()).toEqual([
      "agenda.published",
      "demo.loaded",
      "poll.closed",
      "poll.opened",
      "vote.closed",
    ]);
    // Everyone but the administrator attended: admitted by a rule, invitation accepted.
    const attendees = await db
      .selectFrom("invitation")
      .select(["email", "status"])
      .where("summit_id", "=", summit.id)
      .orderBy("email")
      .execute();
    expect(attendees).toHaveLength(DEMO_ACCOUNTS.length - 1);
    expect(new Set(attendees.map((a) => a.status))).toEqual(new Set(["accepted"]));
    expect(await countRows(db, "eligibility_rule")).toBe(2 * (DEMO_ACCOUNTS.length - 1));

    expect(await loadDemoIfEmpty(db)).toBe(false);
    expect(await countRows(db, "summit")).toBe(2);
    expect(await countRows(db, "app_user")).toBe(DEMO_ACCOUNTS.length);
  });

  it("has the seven topics of the 2017 minutes as items, with their proposers, co-sponsors and one revised item", async () => {
    const { db } = use();
    // Loaded by the test above; on its own, this test loads it.
    await loadDemoIfEmpty(db);
    const items = await db
      .selectFrom("agenda_item")
      .innerJoin("app_user as p", "p.id", "agenda_item.proposer_id")
      .select([
        "agenda_item.number",
        "agenda_item.title",
        "agenda_item.status",
        "agenda_item.revision",
        "agenda_item.cosponsor_count",
        "p.email as proposer",
      ])
      .innerJoin("summit", "summit.id", "agenda_item.summit_id")
      .where("summit.slug", "=", DEMO_SUMMIT.slug)
      .orderBy("agenda_item.number")
      .execute();
    expect(items.map((i) => [Number(i.number), i.title, i.status, i.proposer])).toEqual(
      DEMO_ITEMS.map((d, index) => [index + 1, d.title, d.status, d.proposerEmail]),
    );
    expect(items.map((i) => Number(i.cosponsor_count))).toEqual(DEMO_ITEMS.map((d) => d.cosponsorEmails.length));
    const revised = items.filter((i) => Number(i.revision) === 2).map((i) => i.title);
    expect(revised).toEqual(DEMO_ITEMS.filter((d) => d.earlier).map((d) => d.title));
    expect(revised).toHaveLength(1);
    expect(await countRows(db, "agenda_item_revision")).toBe(DEMO_ITEMS.length + DEMO_2018_ITEMS.length + 1);
  });

  it("has closed the 2017 vote in the minutes' order and published its afternoon; 2018 takes proposals", async () => {
    const { db } = use();
    await loadDemoIfEmpty(db);
    const summit = await db
      .selectFrom("summit")
      .selectAll()
      .where("slug", "=", DEMO_SUMMIT.slug)
      .executeTakeFirstOrThrow();
    const recount = await recountVoting(db, summit.id);
    expect(recount).toMatchObject({ holds: true, ballots: 10, voted: 10 });
    expect(recount?.frozen?.ranking.map((r) => r.item)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // A public summit: a visitor reads the published agenda too.
    const agenda = await getPublishedAgenda(db, { summit, standing: VISITOR });
    if (!agenda.ok || !agenda.value) throw new Error("the demo agenda is not published");
    expect(agenda.value.slots.map((s) => s.item)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(agenda.value.overflow.map((o) => o.title)).toEqual(["Deprecation cycle"]);
    expect(agenda.value.breaks).toEqual([{ date: "2017-10-25", start: 930, end: 960, label: "Coffee" }]);
    const followUpItems = await db
      .selectFrom("agenda_item")
      .innerJoin("summit", "summit.id", "agenda_item.summit_id")
      .select(["agenda_item.title", "agenda_item.status"])
      .where("summit.slug", "=", DEMO_FOLLOW_UP.slug)
      .orderBy("agenda_item.number")
      .execute();
    expect(followUpItems).toEqual(DEMO_2018_ITEMS.map((d) => ({ title: d.title, status: d.status })));
  });

  it("describes every demo account with a role the README can show", () => {
    expect(DEMO_ACCOUNTS.map((a) => a.role).sort()).toEqual([
      "admin",
      ...Array(8).fill("attendee"),
      "minute-taker",
      "organizer",
    ]);
    for (const account of DEMO_ACCOUNTS) expect(account.email).toMatch(/^[a-z]+\.?[a-z]*@demo\.summit\.test$/);
  });
});

describeEachDatabase("demo in a database already in use", (use) => {
  it("is not loaded when a user exists", async () => {
    const { db } = use();
    await createUser(db, { email: "first@example.org", displayName: "First" });
    expect(await loadDemoIfEmpty(db)).toBe(false);
    expect(await countRows(db, "summit")).toBe(0);
    expect(await countRows(db, "app_user")).toBe(1);
  });

  it("is not loaded when a summit exists", async () => {
    const { db } = use();
    await db.deleteFrom("app_user").execute();
    await db
      .insertInto("summit")
      .values({
        slug: "own",
        title: "Own",
        starts_on: "2026-01-01",
        ends_on: "2026-01-01",
        timezone: "UTC",
        list_address: "l@example.org",
      })
      .execute();
    expect(await loadDemoIfEmpty(db)).toBe(false);
    expect(await countRows(db, "app_user")).toBe(0);
    expect(await countRows(db, "summit")).toBe(1);
  });
});

describe("command line", () => {
  const saved = { ...process.env };
  let dataDir: string | null = null;
  afterEach(() => {
    process.env = { ...saved };
    vi.restoreAllMocks();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = null;
  });

  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (err.push(String(chunk)), true));
    return { out, err };
  }

  it.each([
    [["add", "not-an-address"], /EMAIL: Enter a plain email address/],
    [["add", "a@b.org\nBcc: c@d.org"], /EMAIL: /],
    [["add"], /Usage: npm run summit -- admin add EMAIL/],
    [["remove", "a@example.org"], /Usage/],
    [["add", "a@example.org", "--name"], /--name needs a value/],
    [["add", "a@example.org", "--name", ""], /--name: A name cannot be empty/],
    [["add", "a@example.org", "--admin"], /Unknown option --admin/],
  ])("admin %j is refused with a message and exit code 2", async (args, message) => {
    const { err } = capture();
    expect(await adminCommand.run(args)).toBe(2);
    expect(err.join("")).toMatch(message);
  });

  it.each([
    [["organizer", "add", "Bad Slug", "a@example.org"], /SLUG: /],
    [["organizer", "add", "qemu-summit-2017", "nope"], /EMAIL: /],
    [["organizer", "remove", "qemu-summit-2017", "a@example.org"], /Usage/],
  ])("summit %j is refused with a message and exit code 2", async (args, message) => {
    const { err } = capture();
    expect(await summitCommand.run(args)).toBe(2);
    expect(err.join("")).toMatch(message);
  });

  it("adds an admin and names an organizer in the embedded database", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "summit-cli-"));
    delete process.env.DATABASE_URL;
    process.env.SUMMIT_DATA_DIR = dataDir;
    const { out, err } = capture();
    expect(await adminCommand.run(["add", "Root@Example.org", "--name", "Root Person"])).toBe(0);
    expect(await summitCommand.run(["organizer", "add", "no-such-summit", "peter@example.org"])).toBe(2);
    expect(out.join("")).toMatch(/Root Person <root@example.org> is now an administrator \(new account\)\.\n/);
    expect(err.join("")).toMatch(/There is no summit at \/summits\/no-such-summit/);

    const handle = await openDatabase({ dataDir });
    try {
      await migrateToLatest(handle.db);
      const users = await handle.db.selectFrom("app_user").select(["email", "display_name", "is_admin"]).execute();
      expect(users).toEqual([{ email: "root@example.org", display_name: "Root Person", is_admin: true }]);
      await handle.db
        .insertInto("summit")
        .values({
          slug: "kvm-2026",
          title: "KVM 2026",
          starts_on: "2026-09-01",
          ends_on: "2026-09-02",
          timezone: "UTC",
          list_address: "kvm@example.org",
        })
        .execute();
    } finally {
      await handle.close();
    }
    expect(await summitCommand.run(["organizer", "add", "kvm-2026", "peter.maydell@example.org"])).toBe(0);
    expect(out.join("")).toMatch(
      /Peter Maydell <peter.maydell@example.org> is now an organizer of kvm-2026 \(new account\)/,
    );
  }, 60_000);
});
