import type { Kysely } from "kysely";
import { expect, it, vi } from "vitest";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../app/auth/session.server";
import { inviteEligible } from "../../app/services/invitations/commands/invitations.server";
import {
  approveSeatRequest,
  refuseSeatRequest,
  requestSeat,
  withdrawSeatRequest,
} from "../../app/services/invitations/commands/seat-requests.server";
import * as requestSeatRoute from "../../app/routes/summits.$slug.request-seat";
import * as rosterRoute from "../../app/routes/summits.$slug.roster";
import { describeEachDatabase } from "../helpers/test-db";
import {
  answerWith,
  config,
  contextFor,
  get,
  invitationSummit,
  isAttendee,
  mailsTo,
  post,
  respond,
  rowCounts as countRows,
  type Person,
} from "../helpers/factories/invitations";
import { makeUser } from "../helpers/factories/summits";

vi.mock("../../app/services/eligibility/eligibility.server", async (importOriginal) =>
  (await import("../helpers/factories/eligible-lists")).withEligibleLists(await importOriginal<object>()),
);

const QEMU_SUMMIT_2018 = {
  title: "QEMU Summit 2018",
  startsOn: "2018-10-24",
  endsOn: "2018-10-24",
  timezone: "Europe/Amsterdam",
  venue: "Edinburgh",
  signOff: "",
};

/** QEMU Summit 2018, open unless told otherwise, with its organizer; `people` are its eligible list. */
async function openSummit(
  db: Kysely<Database>,
  options: { isOpen?: boolean; capacity?: number; needsItem?: boolean; people?: Person[] } = {},
) {
  return invitationSummit(db, { details: QEMU_SUMMIT_2018, ...options, isOpen: options.isOpen ?? true });
}

const TABLES = ["invitation", "outbox", "audit_log", "seat_request"] as const;
const rowCounts = (db: Kysely<Database>) => countRows(db, TABLES);

async function requestOf(db: Kysely<Database>, summitId: string, userId: string) {
  return db
    .selectFrom("seat_request")
    .selectAll()
    .where("summit_id", "=", summitId)
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
}

const now = () => new Date();

describeEachDatabase("seat requests", (use) => {
  it("a member requests a seat through the page once; bad input is refused beside its field and kept", async () => {
    const t = use();
    const { slug, summitId } = await openSummit(t.db, { needsItem: true });
    const member = await makeUser(t.db, "Member");
    const path = `/summits/${slug}/request-seat`;

    const visitor = await respond(
      requestSeatRoute.loader({ request: get(path), params: { slug }, context: contextFor(t, null) }),
    );
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    const visitorPost = await respond(
      requestSeatRoute.action({
        request: post(path, { intent: "request", statement: "hi" }),
        params: { slug },
        context: contextFor(t, null),
      }),
    );
    expect(visitorPost.status).toBe(302);

    const before = await rowCounts(t.db);
    const cases: Array<[Record<string, string>, string]> = [
      [{ intent: "request", statement: "   ", proposedItem: "Rust in QEMU" }, "statement"],
      [{ intent: "request", statement: "x".repeat(1001), proposedItem: "Rust in QEMU" }, "statement"],
      [{ intent: "request", statement: "I maintain the block layer." }, "proposedItem"],
      [{ intent: "request", statement: "I maintain the block layer.", proposedItem: "a\nb" }, "proposedItem"],
    ];
    for (const [fields, field] of cases) {
      const response = await respond(
        requestSeatRoute.action({ request: post(path, fields), params: { slug }, context: contextFor(t, member) }),
      );
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.fieldErrors[field]).toBeTruthy();
      expect(body.values.statement).toBe(fields.statement);
    }
    const extra = await respond(
      requestSeatRoute.action({
        request: post(path, { intent: "request", statement: "Hello", proposedItem: "X", capacity: "999" }),
        params: { slug },
        context: contextFor(t, member),
      }),
    );
    expect(extra.status).toBe(400);
    expect(await rowCounts(t.db)).toEqual(before);

    const ok = await respond(
      requestSeatRoute.action({
        request: post(path, {
          intent: "request",
          statement: "I maintain the block layer.",
          proposedItem: "Rust in QEMU",
        }),
        params: { slug },
        context: contextFor(t, member),
      }),
    );
    expect(ok.status).toBe(302);
    const row = await requestOf(t.db, summitId, member.id);
    expect(row).toMatchObject({
      status: "pending",
      statement: "I maintain the block layer.",
      proposed_item: "Rust in QEMU",
    });

    const twice = await respond(
      requestSeatRoute.action({
        request: post(path, { intent: "request", statement: "Again", proposedItem: "Again" }),
        params: { slug },
        context: contextFor(t, member),
      }),
    );
    expect(twice.status).toBe(409);
    expect((await twice.json()).message).toMatch(/already requested a seat/);

    const page = await respond(
      requestSeatRoute.loader({ request: get(path), params: { slug }, context: contextFor(t, member) }),
    );
    const data = await page.json();
    expect(data.request).toMatchObject({ status: "pending", proposedItem: "Rust in QEMU" });
  });

  it("a closed summit takes no requests", async () => {
    const t = use();
    const { summitId } = await openSummit(t.db, { isOpen: false });
    const member = await makeUser(t.db, "Member");
    const before = await rowCounts(t.db);
    const result = await requestSeat(t.db, {
      summitId,
      actorId: member.id,
      input: { statement: "Please" },
      now: now(),
    });
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(result.ok ? "" : result.message).toMatch(/by invitation only/);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("someone already invited needs no request", async () => {
    const t = use();
    const member = await makeUser(t.db, "Invitee");
    const { organizer, summitId } = await openSummit(t.db, {
      people: [{ email: member.email, name: "Invitee", reasons: ["stable maintainer"] }],
    });
    await inviteEligible(t.db, { summitId, actorId: organizer.id, config, now: now() });
    const result = await requestSeat(t.db, {
      summitId,
      actorId: member.id,
      input: { statement: "Please" },
      now: now(),
    });
    expect(result).toMatchObject({ ok: false, status: 409 });
  });

  it("the requester withdraws a pending request, once", async () => {
    const t = use();
    const { organizer, summitId } = await openSummit(t.db);
    const member = await makeUser(t.db, "Member");
    await requestSeat(t.db, { summitId, actorId: member.id, input: { statement: "Please" }, now: now() });
    const withdrawn = await withdrawSeatRequest(t.db, { summitId, actorId: member.id, now: now() });
    expect(withdrawn).toMatchObject({ ok: true });
    expect((await requestOf(t.db, summitId, member.id)).status).toBe("withdrawn");
    expect(await withdrawSeatRequest(t.db, { summitId, actorId: member.id, now: now() })).toMatchObject({
      ok: false,
      status: 409,
    });
    const request = await requestOf(t.db, summitId, member.id);
    expect(
      await approveSeatRequest(t.db, {
        summitId,
        actorId: organizer.id,
        input: { requestId: request.id },
        config,
        now: now(),
      }),
    ).toMatchObject({ ok: false, status: 409 });
    const stranger = await makeUser(t.db, "Stranger");
    expect(await withdrawSeatRequest(t.db, { summitId, actorId: stranger.id, now: now() })).toMatchObject({
      ok: false,
      status: 404,
    });
  });

  it("approval invites the requester while a seat is free, and waitlists them in order when the summit is full", async () => {
    const t = use();
    const { organizer, slug, summitId } = await openSummit(t.db, { capacity: 1 });
    const [first, second, third] = [
      await makeUser(t.db, "First"),
      await makeUser(t.db, "Second"),
      await makeUser(t.db, "Third"),
    ];
    for (const m of [first, second, third]) {
      const r = await requestSeat(t.db, {
        summitId,
        actorId: m.id,
        input: { statement: `${m.displayName} wants to come`, proposedItem: "" },
        now: now(),
      });
      expect(r.ok).toBe(true);
    }
    const roster = await respond(
      rosterRoute.loader({
        request: get(`/summits/${slug}/roster`),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    const rosterData = await roster.json();
    expect(rosterData.requests.map((r: { name: string }) => r.name)).toEqual(["First", "Second", "Third"]);

    const approve = async (m: SessionUser) => {
      const request = await requestOf(t.db, summitId, m.id);
      return respond(
        rosterRoute.action({
          request: post(`/summits/${slug}/roster`, { intent: "approve-request", requestId: request.id }),
          params: { slug },
          context: contextFor(t, organizer),
        }),
      );
    };
    const a1 = await approve(first);
    expect(a1.headers.get("Location")).toBe(`/summits/${slug}/roster?notice=approved`);
    const inv1 = await t.db
      .selectFrom("invitation")
      .selectAll()
      .where("email", "=", first.email)
      .executeTakeFirstOrThrow();
    expect(inv1).toMatchObject({ status: "invited", user_id: first.id });
    expect(inv1.reasons[0]).toContain("First wants to come");
    expect((await mailsTo(t.db, first.email)).map((m) => m.kind)).toEqual(["invitation"]);

    const a2 = await approve(second);
    expect(a2.headers.get("Location")).toBe(`/summits/${slug}/roster?notice=approved-waitlisted`);
    const a3 = await approve(third);
    expect(a3.headers.get("Location")).toBe(`/summits/${slug}/roster?notice=approved-waitlisted`);
    const secondMails = await mailsTo(t.db, second.email);
    expect(secondMails).toHaveLength(1);
    expect(secondMails[0]!.body).toContain("number 1 on the waitlist");
    expect((await mailsTo(t.db, third.email))[0]!.body).toContain("number 2 on the waitlist");
    expect((await requestOf(t.db, summitId, second.id)).status).toBe("approved");

    // First declines: Second is offered the seat, accepts, and is an attendee.
    const firstToken = (await mailsTo(t.db, first.email))[0]!.body.match(/\/invitations\/([a-z2-7]{52})/)![1]!;
    expect(await answerWith(t.db, firstToken, "decline")).toMatchObject({ ok: true, offered: 1 });
    const offer = (await mailsTo(t.db, second.email)).at(-1)!;
    expect(offer.subject).toBe("A seat is free for you at QEMU Summit 2018");
    const secondToken = offer.body.match(/\/invitations\/([a-z2-7]{52})/)![1]!;
    const accepted = await answerWith(t.db, secondToken, "accept");
    expect(accepted).toMatchObject({ ok: true, status: "accepted", userId: second.id });
    expect(await isAttendee(t.db, { summitId, userId: second.id })).toBe(true);
    expect(await isAttendee(t.db, { summitId, userId: first.id })).toBe(false);
    expect(await isAttendee(t.db, { summitId, userId: third.id })).toBe(false);
  });

  it("a refusal needs a reason, which is mailed to the requester", async () => {
    const t = use();
    const { organizer, slug, summitId } = await openSummit(t.db);
    const member = await makeUser(t.db, "Member");
    await requestSeat(t.db, { summitId, actorId: member.id, input: { statement: "Please" }, now: now() });
    const request = await requestOf(t.db, summitId, member.id);
    const before = await rowCounts(t.db);
    const noReason = await respond(
      rosterRoute.action({
        request: post(`/summits/${slug}/roster`, { intent: "refuse-request", requestId: request.id, reason: " " }),
        params: { slug },
        context: contextFor(t, organizer),
      }),
    );
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).fieldErrors.reason).toMatch(/Say why/);
    expect(await rowCounts(t.db)).toEqual(before);

    const refused = await refuseSeatRequest(t.db, {
      summitId,
      actorId: organizer.id,
      input: { requestId: request.id, reason: "The room holds 30 people and the list is full." },
      config,
      now: now(),
    });
    expect(refused).toMatchObject({ ok: true });
    expect((await requestOf(t.db, summitId, member.id)).status).toBe("refused");
    const mails = await mailsTo(t.db, member.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain("The room holds 30 people and the list is full.");
    expect(await t.db.selectFrom("invitation").select("id").where("summit_id", "=", summitId).execute()).toHaveLength(
      0,
    );
    expect(
      await refuseSeatRequest(t.db, {
        summitId,
        actorId: organizer.id,
        input: { requestId: request.id, reason: "again" },
        config,
        now: now(),
      }),
    ).toMatchObject({ ok: false, status: 409 });
  });

  it("only organizers decide; anyone else is refused and nothing is written", async () => {
    const t = use();
    const { slug, summitId } = await openSummit(t.db);
    const member = await makeUser(t.db, "Member");
    const other = await makeUser(t.db, "Other");
    await requestSeat(t.db, { summitId, actorId: member.id, input: { statement: "Please" }, now: now() });
    const request = await requestOf(t.db, summitId, member.id);
    const before = await rowCounts(t.db);
    for (const actor of [member, other]) {
      expect(
        await approveSeatRequest(t.db, {
          summitId,
          actorId: actor.id,
          input: { requestId: request.id },
          config,
          now: now(),
        }),
      ).toMatchObject({ ok: false, status: 403 });
      expect(
        await refuseSeatRequest(t.db, {
          summitId,
          actorId: actor.id,
          input: { requestId: request.id, reason: "no" },
          config,
          now: now(),
        }),
      ).toMatchObject({ ok: false, status: 403 });
      const forms: Array<Record<string, string>> = [
        { intent: "approve-request", requestId: request.id },
        { intent: "refuse-request", requestId: request.id, reason: "no" },
      ];
      for (const fields of forms) {
        const denied = await respond(
          rosterRoute.action({
            request: post(`/summits/${slug}/roster`, fields),
            params: { slug },
            context: contextFor(t, actor),
          }),
        );
        expect(denied.status).toBe(403);
      }
    }
    expect(await rowCounts(t.db)).toEqual(before);
    expect((await requestOf(t.db, summitId, member.id)).status).toBe("pending");
  });
});
