import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { listCosponsorNames, listLeadCandidates } from "../../db/queries/agenda-item";
import { getSummitBySlug } from "../../db/queries/summit";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../app/auth/session.server";
import {
  editItem,
  proposeItem,
  setCosponsorship,
  triageItem,
  withdrawItem,
} from "../../app/services/agenda/commands.server";
import { getEditItemPage } from "../../app/services/agenda/pages.server";
import type { Result } from "../../app/services/kernel/result.server";
import { buildFixture, MISSING_UUID, type Fixture } from "../helpers/route-harness";
import { fingerprintTables } from "../helpers/table-fingerprint";
import { describeEachDatabase } from "../helpers/test-db";
import { readStanding } from "../../app/services/kernel/standing.server";
import {
  addAttendee,
  itemRow,
  MAIL_CONFIG,
  must,
  proposalForm,
  proposeAs,
  setPhase,
} from "../helpers/factories/agenda";

const NOW = new Date("2026-11-26T09:00:00Z");
const LATER = new Date("2026-11-26T10:00:00Z");

/** A proposal as the form posts it. */
const proposal = proposalForm;

/** The edit form as the edit page fills it in from the proposal. */
function edit(revision: number, overrides: Record<string, string> = {}): Record<string, string> {
  return { ...proposal(), intent: "save", revision: String(revision), ...overrides };
}

async function propose(
  db: Kysely<Database>,
  summitId: string,
  who: SessionUser,
  overrides: Record<string, string> = {},
): Promise<number> {
  return proposeAs(db, { summitId, actor: who, input: proposal(overrides), now: NOW });
}

/** The highest item number a summit has so far (the fixture may have written some). */
async function lastNumber(db: Kysely<Database>, summitId: string): Promise<number> {
  const rows = await db.selectFrom("agenda_item").select("number").where("summit_id", "=", summitId).execute();
  return Math.max(0, ...rows.map((r) => Number(r.number)));
}

async function revisionsOf(db: Kysely<Database>, itemId: string) {
  return db.selectFrom("agenda_item_revision").selectAll().where("item_id", "=", itemId).orderBy("revision").execute();
}

async function auditOf(db: Kysely<Database>, itemId: string) {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("object_type", "=", "agenda_item")
    .where("object_id", "=", itemId)
    .orderBy("id")
    .execute();
}

async function auditActions(db: Kysely<Database>, itemId: string): Promise<string[]> {
  return (await auditOf(db, itemId)).map((entry) => entry.action);
}

async function cosponsorIds(db: Kysely<Database>, itemId: string): Promise<string[]> {
  const rows = await db.selectFrom("agenda_item_cosponsor").select("user_id").where("item_id", "=", itemId).execute();
  return rows.map((r) => r.user_id).sort();
}

/**
 * Runs a use case that must be refused with `status`, and checks that no
 * table changed. Returns the refusal for its message and field errors.
 */
async function expectRefused<T>(
  db: Kysely<Database>,
  status: number,
  run: () => Promise<Result<T>>,
): Promise<{ message: string; fieldErrors?: Record<string, string | undefined> }> {
  const before = await fingerprintTables(db);
  const result = await run();
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error("not refused");
  expect(result.status, result.message).toBe(status);
  expect(await fingerprintTables(db)).toEqual(before);
  return { message: result.message, fieldErrors: result.fieldErrors };
}

describeEachDatabase("agenda items", (use) => {
  describe("proposeItem", () => {
    it("numbers items 1, 2, 3 per summit, each summit on its own", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      // The third summit has no items yet; its organizer proposes there.
      expect(await lastNumber(db, f.third.id)).toBe(0);
      expect(await propose(db, f.third.id, f.users.otherOrganizer)).toBe(1);
      expect(await propose(db, f.third.id, f.users.otherOrganizer, { intent: "save-draft" })).toBe(2);
      const own = await lastNumber(db, f.own.id);
      const foreign = await lastNumber(db, f.foreign.id);
      expect(await propose(db, f.own.id, f.users.attendee)).toBe(own + 1);
      expect(await propose(db, f.own.id, f.users.organizer, { intent: "save-draft" })).toBe(own + 2);
      expect(await propose(db, f.foreign.id, f.foreignPeople.attendee)).toBe(foreign + 1);
      expect(await propose(db, f.third.id, f.users.otherOrganizer)).toBe(3);
      expect(await propose(db, f.own.id, f.users.minuteTaker)).toBe(own + 3);
    });

    it("stores the item as revision 1, led by the proposer, and audits the proposal", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = (await lastNumber(db, f.own.id)) + 1;
      const result = await proposeItem(db, {
        summitId: f.own.id,
        actorId: f.users.attendee.id,
        input: proposal({ links: "HTTPS://Lists.GNU.org/a\n\nhttps://wiki.qemu.org/Planning\n" }),
        now: NOW,
      });
      expect(result).toEqual({ ok: true, value: { number, status: "submitted" } });
      const item = await itemRow(db, f.own.id, number);
      expect(item).toMatchObject({
        proposer_id: f.users.attendee.id,
        lead_id: f.users.attendee.id,
        title: "-next trees during the freeze",
        outcome_kind: "decision",
        desired_outcome: "Decide whether maintainers keep their own -next trees during the freeze.",
        minutes_needed: 30,
        links: ["https://lists.gnu.org/a", "https://wiki.qemu.org/Planning"],
        status: "submitted",
        status_note: null,
        merged_into_id: null,
        revision: 1,
        cosponsor_count: 0,
      });
      expect(item.submitted_at).not.toBeNull();
      const revisions = await revisionsOf(db, item.id);
      expect(revisions).toHaveLength(1);
      expect(revisions[0]).toMatchObject({
        revision: 1,
        author_id: f.users.attendee.id,
        title: item.title,
        desired_outcome: item.desired_outcome,
        lead_id: f.users.attendee.id,
        links: ["https://lists.gnu.org/a", "https://wiki.qemu.org/Planning"],
      });
      const audit = await auditOf(db, item.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: "agenda_item.proposed",
        actor_id: f.users.attendee.id,
        summit_id: f.own.id,
        detail: { number, title: item.title, status: "submitted" },
      });
    });

    it("keeps a draft unsubmitted", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = (await lastNumber(db, f.own.id)) + 1;
      const result = await proposeItem(db, {
        summitId: f.own.id,
        actorId: f.users.attendee.id,
        input: proposal({ intent: "save-draft" }),
        now: NOW,
      });
      expect(result).toEqual({ ok: true, value: { number, status: "draft" } });
      expect(await itemRow(db, f.own.id, number)).toMatchObject({ status: "draft", submitted_at: null });
    });

    it("takes a lead who will be in the room: an attendee, minute-taker or organizer", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      for (const lead of [f.users.minuteTaker, f.users.organizer, f.users.attendee]) {
        const number = await propose(db, f.own.id, f.users.attendee, { leadId: lead.id });
        expect((await itemRow(db, f.own.id, number)).lead_id).toBe(lead.id);
      }
    });

    it("refuses a lead who is not a participant, beside the lead field", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      for (const lead of [f.users.invitee, f.users.member, f.users.admin, f.foreignPeople.attendee]) {
        const refusal = await expectRefused(db, 400, () =>
          proposeItem(db, {
            summitId: f.own.id,
            actorId: f.users.attendee.id,
            input: proposal({ leadId: lead.id }),
            now: NOW,
          }),
        );
        expect(refusal.fieldErrors?.leadId).toBe(
          "The discussion lead must be the proposer or a participant of this summit (an attendee, minute-taker or organizer); choose from the list.",
        );
      }
      const missing = await expectRefused(db, 400, () =>
        proposeItem(db, {
          summitId: f.own.id,
          actorId: f.users.attendee.id,
          input: proposal({ leadId: MISSING_UUID }),
          now: NOW,
        }),
      );
      expect(missing.fieldErrors?.leadId).toMatch(/attendee/);
      const malformed = await expectRefused(db, 400, () =>
        proposeItem(db, {
          summitId: f.own.id,
          actorId: f.users.attendee.id,
          input: proposal({ leadId: "nobody" }),
          now: NOW,
        }),
      );
      expect(malformed.fieldErrors?.leadId).toBe("Choose the discussion lead from the list.");
    });

    it("refuses a deactivated attendee as lead, as the form's list leaves them out", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const gone = await addAttendee(db, f.own.id, "Gus Gone");
      await db.updateTable("app_user").set({ deactivated_at: NOW }).where("id", "=", gone.id).execute();
      expect((await listLeadCandidates(db, f.own.id)).map((c) => c.id)).not.toContain(gone.id);
      const refusal = await expectRefused(db, 400, () =>
        proposeItem(db, {
          summitId: f.own.id,
          actorId: f.users.attendee.id,
          input: proposal({ leadId: gone.id }),
          now: NOW,
        }),
      );
      expect(refusal.fieldErrors?.leadId).toMatch(/choose from the list/);
    });

    it("lets a member with a pending seat request at an open summit propose, and leads it themself", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.member);
      expect(await itemRow(db, f.own.id, number)).toMatchObject({
        proposer_id: f.users.member.id,
        lead_id: f.users.member.id,
      });
      // Once the summit is no longer open, a seat request is no ticket to propose.
      await db.updateTable("summit").set({ is_open: false }).where("id", "=", f.own.id).execute();
      await expectRefused(db, 403, () =>
        proposeItem(db, { summitId: f.own.id, actorId: f.users.member.id, input: proposal(), now: NOW }),
      );
    });

    it("refuses with 403 anyone who may not propose: an invitee who has not accepted, other summits' people", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      for (const who of [
        f.users.invitee,
        f.users.admin,
        f.users.otherOrganizer,
        f.foreignPeople.attendee,
        f.foreignPeople.requester,
      ]) {
        const refusal = await expectRefused(db, 403, () =>
          proposeItem(db, { summitId: f.own.id, actorId: who.id, input: proposal(), now: NOW }),
        );
        expect(refusal.message).toBe(
          "Only the participants of this summit (its attendees, minute-takers and organizers) and members with a seat request propose agenda items. If you were invited, accept the invitation first.",
        );
      }
    });

    it.each(["draft", "voting", "agenda", "published"] as const)(
      "refuses with 409 in the %s phase, and writes nothing",
      async (phase) => {
        const { db } = use();
        const f = await buildFixture(db);
        await setPhase(db, f.own.id, phase);
        const refusal = await expectRefused(db, 409, () =>
          proposeItem(db, { summitId: f.own.id, actorId: f.users.attendee.id, input: proposal(), now: NOW }),
        );
        expect(refusal.message).toMatch(/^Items are proposed only while proposals are open; Own Summit \d+ is in its/);
      },
    );

    it("checks who asks before the phase, and the phase before the form", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      await setPhase(db, f.own.id, "voting");
      await expectRefused(db, 403, () =>
        proposeItem(db, { summitId: f.own.id, actorId: f.users.invitee.id, input: { bogus: "1" }, now: NOW }),
      );
      await expectRefused(db, 409, () =>
        proposeItem(db, { summitId: f.own.id, actorId: f.users.attendee.id, input: { bogus: "1" }, now: NOW }),
      );
    });

    it("refuses a bad form with 400 and the messages beside the fields", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const refusal = await expectRefused(db, 400, () =>
        proposeItem(db, {
          summitId: f.own.id,
          actorId: f.users.attendee.id,
          input: proposal({ desiredOutcome: "TBD", links: "javascript:alert(1)" }),
          now: NOW,
        }),
      );
      expect(refusal.fieldErrors?.links).toMatch(/not an http or https address/);
      await expectRefused(db, 400, () =>
        proposeItem(db, {
          summitId: f.own.id,
          actorId: f.users.attendee.id,
          input: { ...proposal(), status: "accepted" },
          now: NOW,
        }),
      );
    });

    it("hands out distinct numbers to proposals made at the same moment", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const people = [f.users.attendee, f.users.organizer, f.users.minuteTaker, f.users.member, f.users.attendee];
      const base = await lastNumber(db, f.own.id);
      const outcomes = await Promise.all(
        people.map((who) => proposeItem(db, { summitId: f.own.id, actorId: who.id, input: proposal(), now: NOW })),
      );
      const numbers = outcomes.map((o) => must(o).number).sort((a, b) => a - b);
      expect(numbers).toEqual([1, 2, 3, 4, 5].map((k) => base + k));
      const rows = await db
        .selectFrom("agenda_item")
        .select("id")
        .where("summit_id", "=", f.own.id)
        .where("number", ">", base)
        .execute();
      expect(rows).toHaveLength(5);
      const revisions = await db
        .selectFrom("agenda_item_revision")
        .select("item_id")
        .where(
          "item_id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
      expect(revisions).toHaveLength(5);
    });
  });

  describe("editItem", () => {
    async function proposed(db: Kysely<Database>, f: Fixture, overrides: Record<string, string> = {}) {
      const number = await propose(db, f.own.id, f.users.attendee, overrides);
      return { number, item: await itemRow(db, f.own.id, number) };
    }

    it("saves revision 2 with the fields that changed, and audits it", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const { number, item } = await proposed(db, f);
      const result = await editItem(db, {
        summitId: f.own.id,
        number,
        actorId: f.users.attendee.id,
        input: edit(1, { title: "-next trees in the freeze", minutesNeeded: "45", leadId: f.users.minuteTaker.id }),
        now: LATER,
      });
      expect(result).toEqual({
        ok: true,
        value: { number, changed: ["title", "minutesNeeded", "leadId"], submitted: false },
      });
      expect(await itemRow(db, f.own.id, number)).toMatchObject({
        title: "-next trees in the freeze",
        minutes_needed: 45,
        lead_id: f.users.minuteTaker.id,
        revision: 2,
        status: "submitted",
      });
      const revisions = await revisionsOf(db, item.id);
      expect(revisions.map((r) => [r.revision, r.title, r.minutes_needed, r.lead_id])).toEqual([
        [1, "-next trees during the freeze", 30, f.users.attendee.id],
        [2, "-next trees in the freeze", 45, f.users.minuteTaker.id],
      ]);
      const audit = await auditOf(db, item.id);
      expect(audit.map((a) => a.action)).toEqual(["agenda_item.proposed", "agenda_item.edited"]);
      expect(audit[1]).toMatchObject({
        actor_id: f.users.attendee.id,
        detail: { number, revision: 2, changed: ["title", "minutesNeeded", "leadId"] },
      });
    });

    it("saves no revision when nothing changed, and writes nothing", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const { number } = await proposed(db, f);
      const before = await fingerprintTables(db);
      const result = await editItem(db, {
        summitId: f.own.id,
        number,
        actorId: f.users.attendee.id,
        // The same text as typed, with the link written another way: the same item.
        input: edit(1, {
          title: "  -next trees during the freeze ",
          links: "\nhttps://LISTS.gnu.org/archive/html/qemu-devel/2017-10/msg01.html\n",
        }),
        now: LATER,
      });
      expect(result).toEqual({ ok: true, value: { number, changed: [], submitted: false } });
      expect(await fingerprintTables(db)).toEqual(before);
    });

    it("refuses a save based on an older revision with 409, and writes nothing", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const { number } = await proposed(db, f);
      must(
        await editItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.organizer.id,
          input: edit(1, { minutesNeeded: "20" }),
          now: LATER,
        }),
      );
      for (const revision of [1, 3]) {
        const refusal = await expectRefused(db, 409, () =>
          editItem(db, {
            summitId: f.own.id,
            number,
            actorId: f.users.attendee.id,
            input: edit(revision, { title: "My own better title" }),
            now: LATER,
          }),
        );
        expect(refusal.message).toMatch(/^Someone saved this item \(revision 2\) after you opened it/);
      }
    });

    it("keeps one of two saves made at once from the same revision, and refuses the other", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const { number, item } = await proposed(db, f);
      const outcomes = await Promise.all([
        editItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.attendee.id,
          input: edit(1, { minutesNeeded: "20" }),
          now: LATER,
        }),
        editItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.organizer.id,
          input: edit(1, { minutesNeeded: "40" }),
          now: LATER,
        }),
      ]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.status)).toEqual([409]);
      expect(await revisionsOf(db, item.id)).toHaveLength(2);
      expect((await itemRow(db, f.own.id, number)).revision).toBe(2);
    });

    it("refuses with 403 a minute-taker, an invitee or another summit's organizer who did not propose it", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const { number } = await proposed(db, f);
      for (const who of [
        f.users.minuteTaker,
        f.users.invitee,
        f.users.member,
        f.users.admin,
        f.foreignPeople.organizer,
      ]) {
        const refusal = await expectRefused(db, 403, () =>
          editItem(db, {
            summitId: f.own.id,
            number,
            actorId: who.id,
            input: edit(1, { minutesNeeded: "20" }),
            now: LATER,
          }),
        );
        expect(refusal.message).toBe("Only the item's proposer or the organizers can edit it.");
      }
    });

    it("lets an organizer edit; the proposer stays the lead", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const { number, item } = await proposed(db, f);
      const result = await editItem(db, {
        summitId: f.own.id,
        number,
        actorId: f.users.organizer.id,
        input: edit(1, { desiredOutcome: "Decide whether maintainers keep their -next trees open during the freeze." }),
        now: LATER,
      });
      expect(must(result).changed).toEqual(["desiredOutcome"]);
      const revisions = await revisionsOf(db, item.id);
      expect(revisions[1]).toMatchObject({
        revision: 2,
        author_id: f.users.organizer.id,
        lead_id: f.users.attendee.id,
      });
      expect((await itemRow(db, f.own.id, number)).lead_id).toBe(f.users.attendee.id);
    });

    it("refuses an edit in the voting phase with 409, and writes nothing", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const { number } = await proposed(db, f);
      await setPhase(db, f.own.id, "voting");
      const refusal = await expectRefused(db, 409, () =>
        editItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.attendee.id,
          input: edit(1, { minutesNeeded: "20" }),
          now: LATER,
        }),
      );
      expect(refusal.message).toBe("Items are edited only while proposals are open; this summit is in voting.");
    });

    it("submits a draft on “submit”, with or without changes", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const plain = await proposed(db, f, { intent: "save-draft" });
      expect(
        await editItem(db, {
          summitId: f.own.id,
          number: plain.number,
          actorId: f.users.attendee.id,
          input: edit(1, { intent: "submit" }),
          now: LATER,
        }),
      ).toEqual({ ok: true, value: { number: plain.number, changed: [], submitted: true } });
      expect(await itemRow(db, f.own.id, plain.number)).toMatchObject({ status: "submitted", revision: 1 });
      expect((await itemRow(db, f.own.id, plain.number)).submitted_at).not.toBeNull();
      expect(await auditActions(db, plain.item.id)).toEqual(["agenda_item.proposed", "agenda_item.submitted"]);

      const changed = await proposed(db, f, { intent: "save-draft" });
      must(
        await editItem(db, {
          summitId: f.own.id,
          number: changed.number,
          actorId: f.users.attendee.id,
          input: edit(1, { intent: "submit", minutesNeeded: "15" }),
          now: LATER,
        }),
      );
      expect(await itemRow(db, f.own.id, changed.number)).toMatchObject({
        status: "submitted",
        revision: 2,
        minutes_needed: 15,
      });
      expect(await auditActions(db, changed.item.id)).toEqual([
        "agenda_item.proposed",
        "agenda_item.edited",
        "agenda_item.submitted",
      ]);
    });

    it("refuses to edit a declined, withdrawn or merged item", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const declined = await proposed(db, f);
      must(
        await triageItem(db, {
          config: MAIL_CONFIG,
          summitId: f.own.id,
          actorId: f.users.organizer.id,
          input: { intent: "decline", number: String(declined.number), reason: "Out of scope." },
          now: LATER,
        }),
      );
      const refusal = await expectRefused(db, 409, () =>
        editItem(db, {
          summitId: f.own.id,
          number: declined.number,
          actorId: f.users.attendee.id,
          input: edit(1, { minutesNeeded: "20" }),
          now: LATER,
        }),
      );
      expect(refusal.message).toBe("This item is declined: it can no longer be edited.");
      // Not by an organizer either.
      await expectRefused(db, 409, () =>
        editItem(db, {
          summitId: f.own.id,
          number: declined.number,
          actorId: f.users.organizer.id,
          input: edit(1, { minutesNeeded: "20" }),
          now: LATER,
        }),
      );
      const withdrawn = await proposed(db, f);
      must(
        await withdrawItem(db, {
          summitId: f.own.id,
          number: withdrawn.number,
          actorId: f.users.attendee.id,
          input: { intent: "withdraw" },
          now: LATER,
        }),
      );
      await expectRefused(db, 409, () =>
        editItem(db, {
          summitId: f.own.id,
          number: withdrawn.number,
          actorId: f.users.attendee.id,
          input: edit(1, { minutesNeeded: "20" }),
          now: LATER,
        }),
      );
    });

    it("refuses a lead who is not a participant beside the field, and a missing item with 404", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const { number } = await proposed(db, f);
      const refusal = await expectRefused(db, 400, () =>
        editItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.attendee.id,
          input: edit(1, { leadId: f.users.invitee.id }),
          now: LATER,
        }),
      );
      expect(refusal.fieldErrors?.leadId).toMatch(/must be the proposer or a participant of this summit/);
      await expectRefused(db, 400, () =>
        editItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.attendee.id,
          input: edit(1, { desiredOutcome: "discuss" }),
          now: LATER,
        }),
      );
      await expectRefused(db, 404, () =>
        editItem(db, { summitId: f.own.id, number: 99, actorId: f.users.attendee.id, input: edit(1), now: LATER }),
      );
    });
    it("keeps a draft to its proposer: organizers can neither read it on the edit page nor edit it", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee, { intent: "save-draft" });
      const summit = (await getSummitBySlug(db, f.own.slug))!;
      const standingOf = (userId: string) => readStanding(db, { slug: summit.slug, userId });
      expect((await getEditItemPage(db, { summit, number, standing: await standingOf(f.users.attendee.id) })).ok).toBe(
        true,
      );
      const organizer = await getEditItemPage(db, {
        summit,
        number,
        standing: await standingOf(f.users.organizer.id),
      });
      expect(organizer.ok, "an organizer read another's draft").toBe(false);
      // Nor can an organizer overwrite or submit a draft they may not read; as on the item page, it is not there.
      await expectRefused(db, 404, () =>
        editItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.organizer.id,
          input: edit(1, { intent: "submit", title: "Someone else's title" }),
          now: LATER,
        }),
      );
    });
  });

  describe("withdrawItem", () => {
    it("lets the proposer withdraw, once", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      expect(
        await withdrawItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.attendee.id,
          input: { intent: "withdraw" },
          now: LATER,
        }),
      ).toEqual({ ok: true, value: { number } });
      const item = await itemRow(db, f.own.id, number);
      expect(item.status).toBe("withdrawn");
      expect(await auditActions(db, item.id)).toEqual(["agenda_item.proposed", "agenda_item.withdrawn"]);
      const again = await expectRefused(db, 409, () =>
        withdrawItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.attendee.id,
          input: { intent: "withdraw" },
          now: LATER,
        }),
      );
      expect(again.message).toMatch(/^This item is withdrawn: only/);
    });

    it("refuses the organizers (they decline instead) and everyone else with 403", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      const organizer = await expectRefused(db, 403, () =>
        withdrawItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.organizer.id,
          input: { intent: "withdraw" },
          now: LATER,
        }),
      );
      expect(organizer.message).toMatch(/proposer/);
      for (const who of [f.users.minuteTaker, f.users.invitee, f.users.admin]) {
        await expectRefused(db, 403, () =>
          withdrawItem(db, { summitId: f.own.id, number, actorId: who.id, input: { intent: "withdraw" }, now: LATER }),
        );
      }
    });

    it("refuses with 409 once proposals are closed", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      await setPhase(db, f.own.id, "voting");
      await expectRefused(db, 409, () =>
        withdrawItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.attendee.id,
          input: { intent: "withdraw" },
          now: LATER,
        }),
      );
    });

    it("checks the phase before reading the form", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      // A stranger is refused before anything else.
      await expectRefused(db, 403, () =>
        withdrawItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.invitee.id,
          input: { intent: "withdraw", x: "1" },
          now: LATER,
        }),
      );
      await setPhase(db, f.own.id, "voting");
      await expectRefused(db, 409, () =>
        withdrawItem(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.attendee.id,
          input: { intent: "withdraw", x: "1" },
          now: LATER,
        }),
      );
    });
  });

  describe("setCosponsorship", () => {
    const cosponsor = (
      db: Kysely<Database>,
      f: Fixture,
      number: number,
      who: SessionUser,
      intent = "cosponsor",
      now = LATER,
    ) => setCosponsorship(db, { summitId: f.own.id, number, actorId: who.id, input: { intent }, now });

    it("counts co-sponsors and names them; twice counts once; unsponsoring takes the +1 back", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      const item = await itemRow(db, f.own.id, number);
      expect(await cosponsor(db, f, number, f.users.organizer, "cosponsor", NOW)).toEqual({
        ok: true,
        value: { number, cosponsoring: true },
      });
      must(await cosponsor(db, f, number, f.users.minuteTaker, "cosponsor", LATER));
      expect((await itemRow(db, f.own.id, number)).cosponsor_count).toBe(2);
      expect((await listCosponsorNames(db, item.id)).map((c) => c.name)).toEqual(["Olga Organizer", "Mia Minutetaker"]);

      const before = await fingerprintTables(db);
      expect(await cosponsor(db, f, number, f.users.organizer)).toEqual({
        ok: true,
        value: { number, cosponsoring: true },
      });
      expect(await fingerprintTables(db)).toEqual(before);

      expect(await cosponsor(db, f, number, f.users.organizer, "unsponsor")).toEqual({
        ok: true,
        value: { number, cosponsoring: false },
      });
      expect((await itemRow(db, f.own.id, number)).cosponsor_count).toBe(1);
      expect((await listCosponsorNames(db, item.id)).map((c) => c.name)).toEqual(["Mia Minutetaker"]);
      const unchanged = await fingerprintTables(db);
      must(await cosponsor(db, f, number, f.users.organizer, "unsponsor"));
      expect(await fingerprintTables(db)).toEqual(unchanged);

      expect(await auditActions(db, item.id)).toEqual([
        "agenda_item.proposed",
        "agenda_item.cosponsored",
        "agenda_item.cosponsored",
        "agenda_item.unsponsored",
      ]);
    });

    it("refuses the proposer with 409: their support is counted", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      const refusal = await expectRefused(db, 409, () => cosponsor(db, f, number, f.users.attendee));
      expect(refusal.message).toBe("You proposed this item: your support is counted already.");
    });

    it("refuses with 403 anyone who is not a participant", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      for (const who of [f.users.invitee, f.users.member, f.users.admin, f.foreignPeople.attendee]) {
        const refusal = await expectRefused(db, 403, () => cosponsor(db, f, number, who));
        expect(refusal.message).toBe(
          "Only the participants of this summit (its attendees, minute-takers and organizers) co-sponsor its items.",
        );
      }
    });

    it("answers 404 for someone else's draft, and 409 for a withdrawn item and any item once proposals close", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const draft = await propose(db, f.own.id, f.users.attendee, { intent: "save-draft" });
      // As on the item page: a draft does not exist for anyone but its proposer.
      const hidden = await expectRefused(db, 404, () => cosponsor(db, f, draft, f.users.organizer));
      expect(hidden.message).toMatch(/There is no item/);
      const withdrawn = await propose(db, f.own.id, f.users.attendee);
      must(
        await withdrawItem(db, {
          summitId: f.own.id,
          number: withdrawn,
          actorId: f.users.attendee.id,
          input: { intent: "withdraw" },
          now: LATER,
        }),
      );
      await expectRefused(db, 409, () => cosponsor(db, f, withdrawn, f.users.organizer));
      const live = await propose(db, f.own.id, f.users.attendee);
      await setPhase(db, f.own.id, "voting");
      const refusal = await expectRefused(db, 409, () => cosponsor(db, f, live, f.users.organizer));
      expect(refusal.message).toMatch(/only while proposals are open; .* is in (its )?voting/);
    });

    it("checks the phase before reading the form", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      await setPhase(db, f.own.id, "voting");
      await expectRefused(db, 409, () =>
        setCosponsorship(db, {
          summitId: f.own.id,
          number,
          actorId: f.users.organizer.id,
          input: { intent: "+1" },
          now: LATER,
        }),
      );
    });

    it("counts both of two co-sponsors who press at the same moment", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      const outcomes = await Promise.all([
        cosponsor(db, f, number, f.users.organizer),
        cosponsor(db, f, number, f.users.minuteTaker),
      ]);
      expect(outcomes.every((o) => o.ok)).toBe(true);
      const item = await itemRow(db, f.own.id, number);
      expect(item.cosponsor_count).toBe(2);
      expect(await cosponsorIds(db, item.id)).toEqual([f.users.organizer.id, f.users.minuteTaker.id].sort());
    });
  });

  describe("triageItem", () => {
    const triage = (db: Kysely<Database>, f: Fixture, input: Record<string, string>, who = f.users.organizer) =>
      triageItem(db, {
        config: MAIL_CONFIG,
        summitId: f.own.id,
        actorId: who.id,
        input,
        now: LATER,
      });

    it("tells the proposer each decision by mail, once, and not an organizer of their own item", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const mailsTo = (email: string) =>
        db
          .selectFrom("outbox")
          .select(["subject", "body", "recipient"])
          .where("recipient", "=", email)
          // All at the same moment here: in the order of their subjects.
          .orderBy("subject")
          .execute();
      const first = await propose(db, f.own.id, f.users.attendee, { title: "Release cadence" });
      const second = await propose(db, f.own.id, f.users.attendee, { title: "Release schedule" });
      const base = `${MAIL_CONFIG.APP_ORIGIN}/summits/${f.own.slug}/items`;
      must(await triage(db, f, { intent: "decline", number: String(first), reason: "Covered by item 2.\nSee there." }));
      must(await triage(db, f, { intent: "return", number: String(second), comment: "State the question." }));
      let mails = await mailsTo(f.users.attendee.email);
      expect(mails.map((m) => m.subject)).toEqual([
        `${f.own.title}: item ${first} declined: Release cadence`,
        `${f.own.title}: item ${second} returned for changes: Release schedule`,
      ]);
      expect(mails[0]!.body).toContain("They say:\n\n> Covered by item 2.\n> See there.\n");
      expect(mails[0]!.body).toContain(`${base}/${first}\n`);
      expect(mails[1]!.body).toContain("They ask:\n\n> State the question.\n");
      expect(mails[1]!.body).toContain(`${base}/${second}/edit\n`);
      // Reopening is the organizers correcting themselves: no mail.
      must(await triage(db, f, { intent: "reopen", number: String(first) }));
      must(await triage(db, f, { intent: "merge", number: String(first), into: String(second) }));
      mails = await mailsTo(f.users.attendee.email);
      expect(mails).toHaveLength(3);
      const merged = mails.find((m) => m.subject.includes("merged"))!;
      expect(merged.subject).toBe(`${f.own.title}: item ${first} merged: Release cadence`);
      expect(merged.body).toContain(`into item ${second}:\n\n  Release schedule\n`);
      expect(merged.body).toContain(`${base}/${second}\n`);
      // An organizer who triages their own item is not told what they did.
      const own = await propose(db, f.own.id, f.users.organizer, { title: "Organizer's own" });
      must(await triage(db, f, { intent: "accept", number: String(own) }));
      expect(await mailsTo(f.users.organizer.email)).toEqual([]);
    });

    it("accepts, declines with a reason, returns with a comment and reopens, each audited", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      const n = String(number);
      expect(await triage(db, f, { intent: "accept", number: n })).toEqual({
        ok: true,
        value: { number, status: "accepted" },
      });
      expect(await triage(db, f, { intent: "decline", number: n, reason: "Covered by the CI item." })).toEqual({
        ok: true,
        value: { number, status: "declined" },
      });
      expect(await itemRow(db, f.own.id, number)).toMatchObject({
        status: "declined",
        status_note: "Covered by the CI item.",
      });
      must(await triage(db, f, { intent: "reopen", number: n }));
      expect(await itemRow(db, f.own.id, number)).toMatchObject({ status: "submitted", status_note: null });
      must(await triage(db, f, { intent: "return", number: n, comment: "State the question to decide." }));
      expect(await itemRow(db, f.own.id, number)).toMatchObject({
        status: "returned",
        status_note: "State the question to decide.",
      });
      const item = await itemRow(db, f.own.id, number);
      const audit = await auditOf(db, item.id);
      expect(audit.map((a) => a.action)).toEqual([
        "agenda_item.proposed",
        "agenda_item.accepted",
        "agenda_item.declined",
        "agenda_item.reopened",
        "agenda_item.returned",
      ]);
      expect(audit[2]).toMatchObject({
        actor_id: f.users.organizer.id,
        summit_id: f.own.id,
        detail: { number, from: "accepted", to: "declined", note: "Covered by the CI item." },
      });
      expect(audit[4]!.detail).toMatchObject({
        from: "submitted",
        to: "returned",
        note: "State the question to decide.",
      });
    });

    it("merges an item into another: the target gains its co-sponsors and its proposer, once, never its own proposer", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const bea = await addAttendee(db, f.own.id, "Bea Blockmaintainer");
      const carl = await addAttendee(db, f.own.id, "Carl Cimaintainer");
      const dora = await addAttendee(db, f.own.id, "Dora Docs");
      const target = await propose(db, f.own.id, f.users.attendee);
      const source = await propose(db, f.own.id, bea, {
        title: "Keeping -next trees open",
        desiredOutcome: "Decide whether -next trees stay open during the freeze for every subsystem.",
      });
      const cs = (number: number, who: SessionUser) =>
        setCosponsorship(db, { summitId: f.own.id, number, actorId: who.id, input: { intent: "cosponsor" }, now: NOW });
      must(await cs(target, carl));
      must(await cs(source, carl));
      must(await cs(source, dora));
      // The target's proposer backs the other item too; they are not their own co-sponsor.
      must(await cs(source, f.users.attendee));

      expect(await triage(db, f, { intent: "merge", number: String(source), into: String(target) })).toEqual({
        ok: true,
        value: { number: source, status: "merged", into: target },
      });
      const targetRow = await itemRow(db, f.own.id, target);
      const sourceRow = await itemRow(db, f.own.id, source);
      expect(sourceRow).toMatchObject({ status: "merged", merged_into_id: targetRow.id });
      expect(await cosponsorIds(db, targetRow.id)).toEqual([carl.id, bea.id, dora.id].sort());
      expect(targetRow.cosponsor_count).toBe(3);
      expect(targetRow.status).toBe("submitted");
      expect(await auditActions(db, sourceRow.id)).toContain("agenda_item.merged");
      const absorbed = (await auditOf(db, targetRow.id)).filter((a) => a.action === "agenda_item.absorbed");
      expect(absorbed).toHaveLength(1);
      expect(absorbed[0]!.detail).toMatchObject({ number: target, from: source, cosponsorsAdded: 2 });
      const merged = (await auditOf(db, sourceRow.id)).find((a) => a.action === "agenda_item.merged");
      expect(merged?.detail).toMatchObject({ number: source, from: "submitted", to: "merged", into: target });
    });

    it("refuses a merge into itself or into a missing number beside the field, and into a declined or draft item", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const source = await propose(db, f.own.id, f.users.attendee);
      const declined = await propose(db, f.own.id, f.users.minuteTaker);
      must(await triage(db, f, { intent: "decline", number: String(declined), reason: "Out of scope." }));
      const draft = await propose(db, f.own.id, f.users.minuteTaker, { intent: "save-draft" });

      const itself = await expectRefused(db, 400, () =>
        triage(db, f, { intent: "merge", number: String(source), into: String(source) }),
      );
      expect(itself.fieldErrors?.into).toMatch(/cannot be merged into itself/);
      const missing = await expectRefused(db, 400, () =>
        triage(db, f, { intent: "merge", number: String(source), into: "77" }),
      );
      expect(missing.fieldErrors?.into).toBe("There is no item 77 at this summit.");
      const intoDeclined = await expectRefused(db, 409, () =>
        triage(db, f, { intent: "merge", number: String(source), into: String(declined) }),
      );
      expect(intoDeclined.message).toMatch(new RegExp(`^Item ${declined} is declined`));
      await expectRefused(db, 409, () =>
        triage(db, f, { intent: "merge", number: String(source), into: String(draft) }),
      );
      // Nor can a draft or a declined item be merged away.
      await expectRefused(db, 409, () =>
        triage(db, f, { intent: "merge", number: String(draft), into: String(source) }),
      );
      await expectRefused(db, 400, () => triage(db, f, { intent: "merge", number: String(source), into: "two" }));
    });

    it("refuses with 403 anyone who is not an organizer of this summit", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      for (const who of [
        f.users.attendee,
        f.users.minuteTaker,
        f.users.otherOrganizer,
        f.users.admin,
        f.foreignPeople.organizer,
      ]) {
        const refusal = await expectRefused(db, 403, () =>
          triage(db, f, { intent: "accept", number: String(number) }, who),
        );
        expect(refusal.message).toBe("Only the organizers of this summit triage items.");
      }
    });

    it("triages in the voting phase, and refuses with 409 from the agenda phase on", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const first = await propose(db, f.own.id, f.users.attendee);
      const second = await propose(db, f.own.id, f.users.attendee);
      await setPhase(db, f.own.id, "voting");
      must(await triage(db, f, { intent: "accept", number: String(first) }));
      await setPhase(db, f.own.id, "agenda");
      const refusal = await expectRefused(db, 409, () => triage(db, f, { intent: "accept", number: String(second) }));
      expect(refusal.message).toMatch(/only in the proposals or voting phase; .* is in (its )?agenda/);
      await expectRefused(db, 409, () => triage(db, f, { intent: "reopen", number: String(first) }));
    });

    it("checks the phase before reading the form", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee);
      await setPhase(db, f.own.id, "agenda");
      await expectRefused(db, 409, () => triage(db, f, { intent: "accept", number: String(number), note: "x" }));
    });

    it("refuses a decision the item's status does not allow, a missing item, and a bad form", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const draft = await propose(db, f.own.id, f.users.attendee, { intent: "save-draft" });
      const refusal = await expectRefused(db, 409, () => triage(db, f, { intent: "accept", number: String(draft) }));
      expect(refusal.message).toBe(
        "This item is draft: only a submitted or returned for changes item can be accepted.",
      );
      await expectRefused(db, 404, () => triage(db, f, { intent: "accept", number: "404" }));
      const noReason = await expectRefused(db, 400, () => triage(db, f, { intent: "decline", number: String(draft) }));
      expect(noReason.fieldErrors?.reason).toBe("Say why the item is declined; the proposer reads it.");
    });
  });

  describe("the audit log", () => {
    it("records every transition of an item once, with its action name, actor and summit", async () => {
      const { db } = use();
      const f = await buildFixture(db);
      const number = await propose(db, f.own.id, f.users.attendee, { intent: "save-draft" });
      const item = await itemRow(db, f.own.id, number);
      const n = String(number);
      const steps: Array<[string, () => Promise<Result<unknown>>]> = [
        [
          "agenda_item.submitted",
          () =>
            editItem(db, {
              summitId: f.own.id,
              number,
              actorId: f.users.attendee.id,
              input: edit(1, { intent: "submit" }),
              now: LATER,
            }),
        ],
        [
          "agenda_item.returned",
          () =>
            triageItem(db, {
              config: MAIL_CONFIG,
              summitId: f.own.id,
              actorId: f.users.organizer.id,
              input: { intent: "return", number: n, comment: "Say who acts." },
              now: LATER,
            }),
        ],
        [
          "agenda_item.submitted",
          () =>
            editItem(db, {
              summitId: f.own.id,
              number,
              actorId: f.users.attendee.id,
              input: edit(1, { intent: "submit" }),
              now: LATER,
            }),
        ],
        [
          "agenda_item.accepted",
          () =>
            triageItem(db, {
              config: MAIL_CONFIG,
              summitId: f.own.id,
              actorId: f.users.organizer.id,
              input: { intent: "accept", number: n },
              now: LATER,
            }),
        ],
        [
          "agenda_item.declined",
          () =>
            triageItem(db, {
              config: MAIL_CONFIG,
              summitId: f.own.id,
              actorId: f.users.organizer.id,
              input: { intent: "decline", number: n, reason: "No room." },
              now: LATER,
            }),
        ],
        [
          "agenda_item.reopened",
          () =>
            triageItem(db, {
              config: MAIL_CONFIG,
              summitId: f.own.id,
              actorId: f.users.organizer.id,
              input: { intent: "reopen", number: n },
              now: LATER,
            }),
        ],
        [
          "agenda_item.withdrawn",
          () =>
            withdrawItem(db, {
              summitId: f.own.id,
              number,
              actorId: f.users.attendee.id,
              input: { intent: "withdraw" },
              now: LATER,
            }),
        ],
      ];
      const expected = ["agenda_item.proposed"];
      for (const [action, run] of steps) {
        must(await run());
        expected.push(action);
        expect(await auditActions(db, item.id)).toEqual(expected);
      }
      const audit = await auditOf(db, item.id);
      for (const entry of audit) {
        expect(entry).toMatchObject({ summit_id: f.own.id, object_type: "agenda_item", object_id: item.id });
        expect([f.users.attendee.id, f.users.organizer.id]).toContain(entry.actor_id);
      }
      expect(audit.filter((a) => a.action === "agenda_item.returned")[0]!.actor_id).toBe(f.users.organizer.id);
    });
  });
});
