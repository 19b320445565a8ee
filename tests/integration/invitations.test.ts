import { createHash } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import type { Kysely } from "kysely";
import { describe, expect, it, vi } from "vitest";
import { deactivateUser } from "../../db/queries/user";
import type { Database } from "../../db/schema";
import { validateSessionCookie } from "../../app/auth/session.server";
import { INVITATION_TOKEN_TTL_MS, invitationLink } from "../../app/domain/invitations/invitation-link";
import { neutralizeCell } from "../../app/domain/invitations/roster";
import { answerInvitation } from "../../app/services/invitations/commands/answer.server";
import {
  inviteEligible,
  inviteOne,
  resendInvitation,
  revokeInvitation,
} from "../../app/services/invitations/commands/invitations.server";
import { getInvitationPage } from "../../app/services/invitations/pages.server";
import * as invitationRoute from "../../app/routes/invitations.$token";
import * as rosterRoute from "../../app/routes/summits.$slug.roster";
import * as rosterCsvRoute from "../../app/routes/summits.$slug.roster[.csv]";
import * as attendeesRoute from "../../app/routes/summits.$slug.attendees";
import { describeEachDatabase } from "../helpers/test-db";
import {
  answerWith,
  config,
  contextFor,
  get,
  invitationOf,
  invitationSummit,
  isAttendee,
  latestToken,
  mailsTo,
  ORIGIN,
  person,
  post,
  respond,
  rowCounts as countRows,
  sessionSettings as settings,
  thrownBy,
  type Person,
} from "../helpers/factories/invitations";
import { addToEligibleList } from "../helpers/factories/eligible-lists";
import { makeUser, QEMU_SUMMIT_2017 } from "../helpers/factories/summits";

// The eligibility rules are tested on their own; here each summit's eligible list is set by the test.
vi.mock("../../app/services/eligibility/eligibility.server", async (importOriginal) =>
  (await import("../helpers/factories/eligible-lists")).withEligibleLists(await importOriginal<object>()),
);

/** QEMU Summit 2017 with its organizer; `people` are its eligible list. */
const summitWithOrganizer = (db: Kysely<Database>, options: { capacity?: number; people?: Person[] } = {}) =>
  invitationSummit(db, { details: QEMU_SUMMIT_2017, ...options });

const TABLES = ["invitation", "outbox", "audit_log", "session", "app_user", "seat_request"] as const;
const rowCounts = (db: Kysely<Database>) => countRows(db, TABLES);

const now = () => new Date();

describeEachDatabase("invitations", (use) => {
  it("invites everyone eligible once: one invitation and one mail each, hostile addresses never queued (R40)", async () => {
    const t = use();
    const good = [person("Ada Lovelace"), person("Grace Hopper"), person("Alan Turing")];
    const hostile = [
      "a@b,c@d",
      '"a b"@c.org',
      "a@b.org\r\nBcc: x@y",
      "Ada <ada@example.org>",
      `${"x".repeat(250)}@e.org`,
    ];
    const { organizer, slug, summitId } = await summitWithOrganizer(t.db, {
      people: [...good, ...hostile.map((email) => ({ email, name: "Mallory", reasons: ["stable maintainer"] }))],
    });
    const outboxBefore = await t.db.selectFrom("outbox").select("recipient").execute();

    const response = await respond(
      rosterRoute.action({
        request: post(`/summits/${slug}/roster`, { intent: "invite-eligible" }),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!, ORIGIN);
    expect(location.searchParams.get("invited")).toBe("3");
    expect(location.searchParams.get("waitlisted")).toBe("0");
    expect(location.searchParams.get("rejected")).toBe(String(hostile.length));

    const rows = await t.db.selectFrom("invitation").selectAll().where("summit_id", "=", summitId).execute();
    expect(rows.map((r) => r.email).sort()).toEqual(good.map((p) => p.email).sort());
    expect(rows.every((r) => r.status === "invited" && r.sends === 1)).toBe(true);
    const outbox = await t.db.selectFrom("outbox").selectAll().execute();
    const added = outbox.filter((m) => !outboxBefore.some((b) => b.recipient === m.recipient));
    expect(added.map((m) => m.recipient).sort()).toEqual(good.map((p) => p.email).sort());
    expect(added.every((m) => m.kind === "invitation" && m.subject === "Invitation to QEMU Summit 2017")).toBe(true);
    for (const m of outbox) {
      expect(m.recipient).toMatch(/^[^\s,<>"]+@[^\s,<>"]+$/);
      expect(m.recipient).not.toMatch(/bcc|,|\r|\n/i);
    }
    // The reasons travel with the mail.
    expect(added[0]!.body).toContain("#1 by commits, 2017-01-01..2017-10-31: 412 commits");

    // A second run finds nobody new and says so, writing nothing.
    const before = await rowCounts(t.db);
    const again = await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    expect(again).toMatchObject({ ok: false, status: 409 });
    expect(again.ok ? "" : again.message).toMatch(/5 people whose addresses cannot receive mail/);
    expect(await rowCounts(t.db)).toEqual(before);

    // Someone new on the list is invited alone.
    const late = person("Linus");
    addToEligibleList(summitId, late);
    const third = await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    expect(third).toMatchObject({ ok: true, value: { invited: 1, waitlisted: 0 } });
    expect(await mailsTo(t.db, late.email)).toHaveLength(1);
  });

  it("stores only the SHA-256 of a 256-bit token valid 7 days, in a link to APP_ORIGIN (R8)", async () => {
    const t = use();
    const ada = person("Ada");
    const { organizer, summitId } = await summitWithOrganizer(t.db, { people: [ada] });
    const at = new Date("2026-11-20T10:00:00Z");
    const result = await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: at });
    expect(result.ok).toBe(true);
    const token = await latestToken(t.db, ada.email);
    expect(token).toMatch(/^[a-z2-7]{52}$/); // 32 bytes of base32
    const row = await invitationOf(t.db, summitId, ada.email);
    expect(row.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(new Date(row.token_expires_at!).getTime() - at.getTime()).toBe(INVITATION_TOKEN_TTL_MS);
    expect(INVITATION_TOKEN_TTL_MS).toBeLessThanOrEqual(7 * 24 * 3_600_000);
    expect(row.reasons).toEqual(ada.reasons);
  });

  it("GET shows the invitation without using it; POST accept signs the invitee in and records the answer", async () => {
    const t = use();
    const ada = person("Ada Lovelace", ["stable maintainer", "maintainer: Block layer core"]);
    const { organizer, slug, summitId } = await summitWithOrganizer(t.db, { people: [ada] });
    await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    const token = await latestToken(t.db, ada.email);
    const path = `/invitations/${token}`;
    const sessionsBefore = (await rowCounts(t.db)).session;

    for (let i = 0; i < 2; i++) {
      const page = await respond(
        invitationRoute.loader({ request: get(path), params: { token }, context: contextFor(t, null) }),
      );
      expect(page.status).toBe(200);
      expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(page.headers.get("Cache-Control")).toBe("no-store");
      const data = await page.json();
      expect(data.state).toBe("ready");
      expect(data.invitation.summit.title).toBe("QEMU Summit 2017");
      expect(data.invitation.reasons).toEqual(["stable maintainer", "maintainer: Block layer core"]);
    }
    expect((await invitationOf(t.db, summitId, ada.email)).status).toBe("invited");
    expect((await rowCounts(t.db)).session).toBe(sessionsBefore);
    expect(await t.db.selectFrom("app_user").select("id").where("email", "=", ada.email).executeTakeFirst()).toBe(
      undefined,
    );

    const answered = await respond(
      invitationRoute.action({
        request: post(path, { answer: "accept" }),
        params: { token },
        context: contextFor(t, null),
      }),
    );
    expect(answered.status).toBe(302);
    expect(answered.headers.get("Location")).toBe(`/summits/${slug}/attendees?answered=accepted`);
    expect(answered.headers.get("Referrer-Policy")).toBe("no-referrer");
    const cookie = answered.headers.get("Set-Cookie")!;
    const session = await validateSessionCookie(t.db, settings, cookie.split(";")[0]!);
    expect(session.user?.email).toBe(ada.email);
    expect(session.user?.displayName).toBe("Ada Lovelace");

    const row = await invitationOf(t.db, summitId, ada.email);
    expect(row.status).toBe("accepted");
    expect(row.responded_at).not.toBeNull();
    expect(row.user_id).toBe(session.user!.id);
    expect(await isAttendee(t.db, { summitId, userId: session.user!.id })).toBe(true);
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("summit_id", "=", summitId)
      .where("action", "=", "invitation.accepted")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(session.user!.id);

    // The link worked once: a second press is told so, and signs nobody in.
    const sessionsAfter = (await rowCounts(t.db)).session;
    const again = await respond(
      invitationRoute.action({
        request: post(path, { answer: "decline" }),
        params: { token },
        context: contextFor(t, null),
      }),
    );
    expect(again.status).toBe(410);
    expect(again.headers.get("Set-Cookie")).toBeNull();
    expect(await again.json()).toMatchObject({ state: "refused", reason: "answered" });
    expect((await invitationOf(t.db, summitId, ada.email)).status).toBe("accepted");
    expect((await rowCounts(t.db)).session).toBe(sessionsAfter);
  });

  it("a decline is recorded and the invitee signed in; a bad answer is refused without using the link", async () => {
    const t = use();
    const bob = person("Bob");
    const { organizer, summitId } = await summitWithOrganizer(t.db, { people: [bob] });
    await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    const token = await latestToken(t.db, bob.email);
    const bad = await respond(
      invitationRoute.action({
        request: post(`/invitations/${token}`, { answer: "maybe" }),
        params: { token },
        context: contextFor(t, null),
      }),
    );
    expect(bad.status).toBe(400);
    expect((await invitationOf(t.db, summitId, bob.email)).status).toBe("invited");
    const extra = await respond(
      invitationRoute.action({
        request: post(`/invitations/${token}`, { answer: "accept", email: "other@example.org" }),
        params: { token },
        context: contextFor(t, null),
      }),
    );
    expect(extra.status).toBe(400);

    const declined = await respond(
      invitationRoute.action({
        request: post(`/invitations/${token}`, { answer: "decline" }),
        params: { token },
        context: contextFor(t, null),
      }),
    );
    expect(declined.status).toBe(302);
    expect(declined.headers.get("Set-Cookie")).toContain("session=");
    const row = await invitationOf(t.db, summitId, bob.email);
    expect(row.status).toBe("declined");
    expect(row.responded_at).not.toBeNull();
    expect(await isAttendee(t.db, { summitId, userId: row.user_id! })).toBe(false);
  });

  it("of 20 concurrent answers with one link exactly one applies (R8)", async () => {
    const t = use();
    const carol = person("Carol");
    const { organizer, summitId } = await summitWithOrganizer(t.db, { people: [carol] });
    await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    const token = await latestToken(t.db, carol.email);
    const sessionsBefore = (await rowCounts(t.db)).session;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        answerInvitation(t.db, {
          token,
          answer: i % 2 === 0 ? "accept" : "decline",
          sessionSettings: settings,
          config,
          now: now(),
        }),
      ),
    );
    const applied = results.filter((r) => r.ok);
    expect(applied).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "answered")).toBe(true);
    expect((await rowCounts(t.db)).session).toBe(sessionsBefore + 1);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("summit_id", "=", summitId)
      .where("action", "in", ["invitation.accepted", "invitation.declined"])
      .execute();
    expect(audit).toHaveLength(1);
    expect((await invitationOf(t.db, summitId, carol.email)).status).toBe(applied[0]!.ok ? applied[0]!.status : "none");
  });

  it("a link expires after 7 days: refused with a clear reason and no session", async () => {
    const t = use();
    const dan = person("Dan");
    const { organizer, summitId } = await summitWithOrganizer(t.db, { people: [dan] });
    const sent = new Date("2026-11-01T09:00:00Z");
    await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: sent });
    const token = await latestToken(t.db, dan.email);
    const justBefore = new Date(sent.getTime() + INVITATION_TOKEN_TTL_MS - 1000);
    const atExpiry = new Date(sent.getTime() + INVITATION_TOKEN_TTL_MS);
    expect((await getInvitationPage(t.db, { token, now: justBefore })).ok).toBe(true);
    expect(await getInvitationPage(t.db, { token, now: atExpiry })).toMatchObject({ ok: false, reason: "expired" });
    const sessions = (await rowCounts(t.db)).session;
    const late = await answerWith(t.db, token, "accept", new Date(atExpiry.getTime() + 60_000));
    expect(late).toEqual({ ok: false, reason: "expired", summitTitle: "QEMU Summit 2017" });
    expect((await invitationOf(t.db, summitId, dan.email)).status).toBe("invited");
    expect((await rowCounts(t.db)).session).toBe(sessions);

    // The page says so too.
    const page = await respond(
      invitationRoute.loader({
        request: get(`/invitations/${token}`),
        params: { token },
        context: contextFor(t, null),
      }),
    );
    expect(page.status).toBe(410);
    expect(await page.json()).toMatchObject({ state: "refused", reason: "expired" });
  });

  it("a resend mails a new link with a new dedupe key; the superseded link is refused (R8)", async () => {
    const t = use();
    const eve = person("Eve");
    const { organizer, slug, summitId } = await summitWithOrganizer(t.db, { people: [eve] });
    await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    const first = await latestToken(t.db, eve.email);
    const row = await invitationOf(t.db, summitId, eve.email);

    const resent = await respond(
      rosterRoute.action({
        request: post(`/summits/${slug}/roster`, { intent: "resend", invitationId: row.id }),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    expect(resent.status).toBe(302);
    const mails = await mailsTo(t.db, eve.email);
    expect(mails).toHaveLength(2);
    expect(new Set(mails.map((m) => m.dedupe_key)).size).toBe(2);
    const second = await latestToken(t.db, eve.email);
    expect(second).not.toBe(first);
    expect((await invitationOf(t.db, summitId, eve.email)).sends).toBe(2);

    const old = await answerWith(t.db, first, "accept");
    expect(old).toEqual({ ok: false, reason: "invalid" });
    const page = await respond(
      invitationRoute.loader({
        request: get(`/invitations/${first}`),
        params: { token: first },
        context: contextFor(t, null),
      }),
    );
    expect(page.status).toBe(404);
    expect(await page.json()).toMatchObject({ reason: "invalid" });
    const fresh = await answerWith(t.db, second, "accept");
    expect(fresh).toMatchObject({ ok: true, status: "accepted" });

    // An answered invitation cannot be resent.
    const late = await resendInvitation(t.db, {
      summitId,
      actorId: organizer.id,
      input: { invitationId: row.id },
      config,
      now: now(),
    });
    expect(late).toMatchObject({ ok: false, status: 409 });
  });

  it("a revoked invitation's link shows that it was revoked and signs nobody in", async () => {
    const t = use();
    const fay = person("Fay");
    const { organizer, slug, summitId } = await summitWithOrganizer(t.db, { people: [fay] });
    await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    const token = await latestToken(t.db, fay.email);
    const row = await invitationOf(t.db, summitId, fay.email);
    const revoked = await respond(
      rosterRoute.action({
        request: post(`/summits/${slug}/roster`, { intent: "revoke", invitationId: row.id }),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    expect(revoked.status).toBe(302);
    expect((await invitationOf(t.db, summitId, fay.email)).status).toBe("revoked");

    const page = await respond(
      invitationRoute.loader({
        request: get(`/invitations/${token}`),
        params: { token },
        context: contextFor(t, null),
      }),
    );
    expect(page.status).toBe(410);
    expect(await page.json()).toMatchObject({ state: "refused", reason: "revoked" });
    const sessions = (await rowCounts(t.db)).session;
    const answered = await respond(
      invitationRoute.action({
        request: post(`/invitations/${token}`, { answer: "accept" }),
        params: { token },
        context: contextFor(t, null),
      }),
    );
    expect(answered.status).toBe(410);
    expect(answered.headers.get("Set-Cookie")).toBeNull();
    expect(await answered.json()).toMatchObject({ reason: "revoked" });
    expect((await rowCounts(t.db)).session).toBe(sessions);

    // Revoking twice is refused with a reason.
    const twice = await revokeInvitation(t.db, {
      summitId,
      actorId: organizer.id,
      input: { invitationId: row.id },
      config,
      now: now(),
    });
    expect(twice).toMatchObject({ ok: false, status: 409 });
  });

  it("forged and malformed links get a clear refusal", async () => {
    const t = use();
    for (const token of ["a".repeat(52), "not-a-token", "", "A".repeat(52)]) {
      const page = await respond(
        invitationRoute.loader({ request: get(`/invitations/x`), params: { token }, context: contextFor(t, null) }),
      );
      expect(page.status).toBe(404);
      expect(await page.json()).toMatchObject({ state: "refused", reason: "invalid" });
      const answered = await respond(
        invitationRoute.action({
          request: post(`/invitations/x`, { answer: "accept" }),
          params: { token },
          context: contextFor(t, null),
        }),
      );
      expect(answered.status).toBe(404);
      expect(answered.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("a deactivated account's invitation link changes nothing", async () => {
    const t = use();
    const gus = await makeUser(t.db, "Gus");
    const { organizer, summitId } = await summitWithOrganizer(t.db, {
      people: [{ email: gus.email, name: "Gus", reasons: ["stable maintainer"] }],
    });
    await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    await deactivateUser(t.db, { userId: gus.id, at: now() });
    const token = await latestToken(t.db, gus.email);
    const result = await answerWith(t.db, token, "accept");
    expect(result).toEqual({ ok: false, reason: "deactivated" });
    expect((await invitationOf(t.db, summitId, gus.email)).status).toBe("invited");
  });

  it("beyond capacity invitations wait on the waitlist in order; a decline offers the seat to the first", async () => {
    const t = use();
    const people = [person("P1"), person("P2"), person("P3"), person("P4")];
    const { organizer, slug, summitId } = await summitWithOrganizer(t.db, { capacity: 2, people });
    const result = await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    expect(result).toMatchObject({ ok: true, value: { invited: 2, waitlisted: 2 } });
    const [p1, p2, p3, p4] = people as [Person, Person, Person, Person];
    expect((await invitationOf(t.db, summitId, p1.email)).status).toBe("invited");
    expect((await invitationOf(t.db, summitId, p3.email)).status).toBe("waitlisted");
    expect((await invitationOf(t.db, summitId, p4.email)).status).toBe("waitlisted");
    expect(await mailsTo(t.db, p3.email)).toHaveLength(0);
    expect(await mailsTo(t.db, p4.email)).toHaveLength(0);

    // A waitlisted person invited by hand is refused as already known; a new one joins the end of the list.
    const p5 = person("P5");
    addToEligibleList(summitId, p5);
    const one = await inviteOne(t.db, {
      summitId,
      actorId: organizer.id,
      input: { email: p5.email },
      config,
      now: new Date(Date.now() + 60_000),
    });
    expect(one).toMatchObject({ ok: true, value: { invitation: { status: "waitlisted" } } });

    // The roster lists the waitlist in order.
    const roster = await respond(
      rosterRoute.loader({
        request: get(`/summits/${slug}/roster?status=waitlisted`),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    const data = await roster.json();
    expect(data.roster.entries.map((e: { email: string }) => e.email)).toEqual([p3.email, p4.email, p5.email]);
    expect(data.roster.counts).toMatchObject({ invited: 2, waitlisted: 3, accepted: 0, eligible: 0 });

    // P2 declines: P3 (first on the list) is offered the seat by mail, P4 waits on.
    const token = await latestToken(t.db, p2.email);
    const declined = await respond(
      invitationRoute.action({
        request: post(`/invitations/${token}`, { answer: "decline" }),
        params: { token },
        context: contextFor(t, null),
      }),
    );
    expect(declined.status).toBe(302);
    const offered = await invitationOf(t.db, summitId, p3.email);
    expect(offered.status).toBe("invited");
    expect(offered.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const mails = await mailsTo(t.db, p3.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("A seat is free for you at QEMU Summit 2017");
    expect(mails[0]!.body).toContain(`${ORIGIN}/invitations/`);
    expect((await invitationOf(t.db, summitId, p4.email)).status).toBe("waitlisted");

    // The offered link works.
    const p3Token = await latestToken(t.db, p3.email);
    expect(await answerWith(t.db, p3Token, "accept")).toMatchObject({ ok: true, status: "accepted" });

    // Revoking an invited seat offers it to the next (P4).
    const p1Row = await invitationOf(t.db, summitId, p1.email);
    const revoked = await revokeInvitation(t.db, {
      summitId,
      actorId: organizer.id,
      input: { invitationId: p1Row.id },
      config,
      now: now(),
    });
    expect(revoked).toMatchObject({ ok: true });
    expect((await invitationOf(t.db, summitId, p4.email)).status).toBe("invited");
    expect((await invitationOf(t.db, summitId, p5.email)).status).toBe("waitlisted");
  });

  it("invites one eligible person with their reasons, or anyone else with a reason; hostile addresses are refused", async () => {
    const t = use();
    const hana = person("Hana", ["qemu.org system administrator"]);
    const { organizer, slug, summitId } = await summitWithOrganizer(t.db, { people: [hana] });
    const ok = await respond(
      rosterRoute.action({
        request: post(`/summits/${slug}/roster`, {
          intent: "invite-one",
          email: hana.email.toUpperCase(),
          name: "",
          reason: "",
        }),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    expect(ok.status).toBe(302);
    const row = await invitationOf(t.db, summitId, hana.email);
    expect(row.reasons).toEqual(["qemu.org system administrator"]);
    expect(row.name).toBe("Hana");

    const before = await rowCounts(t.db);
    const stranger = await respond(
      rosterRoute.action({
        request: post(`/summits/${slug}/roster`, {
          intent: "invite-one",
          email: "ivan@example.org",
          name: "Ivan",
          reason: "",
        }),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    expect(stranger.status).toBe(400);
    expect((await stranger.json()).fieldErrors.reason).toMatch(/not on the eligible list/);
    for (const email of ["a@b,c@d", '"a b"@c.org', "a@b.org\r\nBcc: x@y", "Ivan <ivan@example.org>"]) {
      const refused = await respond(
        rosterRoute.action({
          request: post(`/summits/${slug}/roster`, { intent: "invite-one", email, name: "", reason: "friend" }),
          params: { slug },
          context: contextFor(t, organizer),
        }),
      );
      expect(refused.status).toBe(400);
      const body = await refused.json();
      expect(body.fieldErrors.email).toBeTruthy();
      expect(body.values.email).toBe(email);
    }
    const duplicate = await inviteOne(t.db, {
      summitId,
      actorId: organizer.id,
      input: { email: hana.email, reason: "again" },
      config,
      now: now(),
    });
    expect(duplicate).toMatchObject({ ok: false, status: 409 });
    expect(await rowCounts(t.db)).toEqual(before);

    const byHand = await inviteOne(t.db, {
      summitId,
      actorId: organizer.id,
      input: { email: "ivan@example.org", name: "Ivan", reason: "keynote speaker" },
      config,
      now: now(),
    });
    expect(byHand).toMatchObject({ ok: true });
    expect((await invitationOf(t.db, summitId, "ivan@example.org")).reasons).toEqual([
      "invited by hand: keynote speaker",
    ]);
  });

  it("exports the roster as CSV with formula cells neutralized (R35)", async () => {
    const t = use();
    const evil = {
      email: "evil@example.org",
      name: '=HYPERLINK("http://evil.example","click")',
      reasons: ["+1 reason", "@home"],
    };
    const plain = person("Jo");
    const { organizer, slug, summitId } = await summitWithOrganizer(t.db, { people: [evil, plain] });
    await inviteOne(t.db, { summitId, actorId: organizer.id, input: { email: plain.email }, config, now: now() });
    const response = await respond(
      rosterCsvRoute.loader({
        request: get(`/summits/${slug}/roster.csv`),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="qemu-summit-\d+-roster\.csv"$/);
    const records = parseCsv(await response.text(), { columns: true }) as Array<Record<string, string>>;
    const evilRow = records.find((r) => r.email === "evil@example.org")!;
    expect(evilRow.name).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(evilRow.status).toBe("eligible");
    expect(evilRow.reasons).toBe("'+1 reason; @home");
    const joRow = records.find((r) => r.email === plain.email)!;
    expect(joRow).toMatchObject({ name: "Jo", status: "invited" });
    for (const cell of ["=1", "+1", "-1", "@a", "\tx", "\0x"]) expect(neutralizeCell(cell)).toBe(`'${cell}`);
    expect(neutralizeCell("plain")).toBe("plain");

    const filtered = await respond(
      rosterCsvRoute.loader({
        request: get(`/summits/${slug}/roster.csv?status=invited`),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    const only = parseCsv(await filtered.text(), { columns: true }) as Array<Record<string, string>>;
    expect(only.map((r) => r.email)).toEqual([plain.email]);
  });

  it("attendees see who else attends (names only); others get 403 and visitors are sent to sign in", async () => {
    const t = use();
    const a = person("Attendee One");
    const b = person("Attendee Two");
    const c = person("Still Invited");
    const { organizer, slug, summitId } = await summitWithOrganizer(t.db, { people: [a, b, c] });
    await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    let attendeeId = "";
    for (const p of [a, b]) {
      const token = await latestToken(t.db, p.email);
      const r = await answerWith(t.db, token, "accept");
      if (!r.ok) throw new Error(r.reason);
      attendeeId = r.userId;
    }
    const attendee = { id: attendeeId, email: b.email, displayName: "Attendee Two", isAdmin: false };
    const page = await respond(
      attendeesRoute.loader({
        request: get(`/summits/${slug}/attendees`),
        params: { slug },
        context: contextFor(t, attendee),
      }),
    );
    expect(page.status).toBe(200);
    const data = await page.json();
    expect(data.names).toEqual(["Attendee One", "Attendee Two"]);
    expect(JSON.stringify(data)).not.toContain("@");

    const outsider = await makeUser(t.db, "Outsider");
    const denied = await thrownBy(
      attendeesRoute.loader({
        request: get(`/summits/${slug}/attendees`),
        params: { slug },
        context: contextFor(t, outsider),
      }),
    );
    expect(denied.status).toBe(403);
    const invitedOnly = await makeUser(t.db, "Invited Only");
    await t.db.updateTable("invitation").set({ user_id: invitedOnly.id }).where("email", "=", c.email).execute();
    expect(
      (
        await thrownBy(
          attendeesRoute.loader({
            request: get(`/summits/${slug}/attendees`),
            params: { slug },
            context: contextFor(t, invitedOnly),
          }),
        )
      ).status,
    ).toBe(403);

    const visitor = await thrownBy(
      attendeesRoute.loader({
        request: get(`/summits/${slug}/attendees`),
        params: { slug },
        context: contextFor(t, null),
      }),
    );
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toBe(`/login?next=${encodeURIComponent(`/summits/${slug}/attendees`)}`);

    // Roster and CSV: a visitor is sent to sign in too, an attendee is refused.
    const rosterVisitor = await thrownBy(
      rosterRoute.loader({ request: get(`/summits/${slug}/roster`), params: { slug }, context: contextFor(t, null) }),
    );
    expect(rosterVisitor.status).toBe(302);
    const rosterAttendee = await thrownBy(
      rosterCsvRoute.loader({
        request: get(`/summits/${slug}/roster.csv`),
        params: { slug },
        context: contextFor(t, attendee),
      }),
    );
    expect(rosterAttendee.status).toBe(403);
  });

  it("refuses every organizer action to a non-organizer, writing nothing", async () => {
    const t = use();
    const ida = person("Ida");
    const { organizer, slug, summitId } = await summitWithOrganizer(t.db, { people: [ida, person("Jon")] });
    await inviteOne(t.db, { summitId, actorId: organizer.id, input: { email: ida.email }, config, now: now() });
    const invitationId = (await invitationOf(t.db, summitId, ida.email)).id;
    const member = await makeUser(t.db, "Member");
    const before = await rowCounts(t.db);

    const forms: Array<Record<string, string>> = [
      { intent: "invite-eligible" },
      { intent: "invite-one", email: "kim@example.org", name: "Kim", reason: "friend" },
      { intent: "resend", invitationId },
      { intent: "revoke", invitationId },
      { intent: "approve-request", requestId: invitationId },
      { intent: "refuse-request", requestId: invitationId, reason: "no" },
    ];
    for (const fields of forms) {
      const denied = await thrownBy(
        rosterRoute.action({
          request: post(`/summits/${slug}/roster`, fields),
          params: { slug },
          context: contextFor(t, member),
        }),
      );
      expect(denied.status).toBe(403);
      const visitor = await thrownBy(
        rosterRoute.action({
          request: post(`/summits/${slug}/roster`, fields),
          params: { slug },
          context: contextFor(t, null),
        }),
      );
      expect(visitor.status).toBe(302);
    }
    expect(
      (
        await thrownBy(
          rosterRoute.loader({
            request: get(`/summits/${slug}/roster`),
            params: { slug },
            context: contextFor(t, member),
          }),
        )
      ).status,
    ).toBe(403);

    // The services check again, whatever a route did.
    const base = { summitId, actorId: member.id, config, now: now() };
    const outcomes = [
      await inviteEligible(t.db, base),
      await inviteOne(t.db, { ...base, input: { email: "kim@example.org", reason: "friend" } }),
      await resendInvitation(t.db, { ...base, input: { invitationId } }),
      await revokeInvitation(t.db, { ...base, input: { invitationId } }),
    ];
    for (const result of outcomes) {
      expect(result).toMatchObject({
        ok: false,
        status: 403,
        message: "Only the organizers of this summit can do this.",
      });
    }
    expect(await rowCounts(t.db)).toEqual(before);
    expect((await invitationOf(t.db, summitId, ida.email)).status).toBe("invited");
  });

  it("refuses invitations once the summit has met", async () => {
    const t = use();
    const { organizer, summitId } = await summitWithOrganizer(t.db, { people: [person("Late")] });
    await t.db.updateTable("summit").set({ phase: "published" }).where("id", "=", summitId).execute();
    const before = await rowCounts(t.db);
    const result = await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect(await rowCounts(t.db)).toEqual(before);
  });
});

describe("invitation links", () => {
  it("are built from APP_ORIGIN", async () => {
    expect(invitationLink("https://summit.example.org", "abc")).toBe("https://summit.example.org/invitations/abc");
  });
});
