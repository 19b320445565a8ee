import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  availableItemActions,
  canSeeItem,
  checkCosponsoring,
  checkItemEdit,
  checkItemTransition,
  isItemStatus,
  ITEM_STATUSES,
  type ItemAction,
  type ItemActor,
  type ItemStatus,
} from "./item-lifecycle";
import { PHASE_ORDER, type Phase } from "../summit/phases";
import { isAgendaPublic } from "../summit/standing";

// The expected rules, written from the text rather than from the module:
// proposers submit and withdraw their items while proposals are open; organizers
// accept, decline, return, merge and reopen while proposals or the vote are open.
type Taker = "proposer" | "organizer" | "either";

interface ExpectedTransition {
  from: ItemStatus[];
  to: ItemStatus;
  by: Taker;
  phases: Phase[];
}

const EXPECTED: Record<ItemAction, ExpectedTransition> = {
  // A draft is sent to the organizers; an item returned for changes is sent again.
  submit: { from: ["draft", "returned"], to: "submitted", by: "either", phases: ["proposals"] },
  // The proposer takes back anything still alive; a declined or merged item is the organizers' decision.
  withdraw: {
    from: ["draft", "submitted", "returned", "accepted"],
    to: "withdrawn",
    by: "proposer",
    phases: ["proposals"],
  },
  accept: { from: ["submitted", "returned"], to: "accepted", by: "organizer", phases: ["proposals", "voting"] },
  decline: {
    from: ["submitted", "returned", "accepted"],
    to: "declined",
    by: "organizer",
    phases: ["proposals", "voting"],
  },
  return: { from: ["submitted", "accepted"], to: "returned", by: "organizer", phases: ["proposals", "voting"] },
  merge: {
    from: ["submitted", "returned", "accepted"],
    to: "merged",
    by: "organizer",
    phases: ["proposals", "voting"],
  },
  // A decision is taken back: the item is waiting on the organizers again.
  reopen: { from: ["accepted", "declined"], to: "submitted", by: "organizer", phases: ["proposals", "voting"] },
};

/** The order the item page offers the actions in. */
const ACTIONS: ItemAction[] = ["submit", "withdraw", "accept", "decline", "return", "merge", "reopen"];

const STATUSES: ItemStatus[] = ["draft", "submitted", "accepted", "declined", "withdrawn", "merged", "returned"];

const PHASES: Phase[] = ["draft", "proposals", "voting", "agenda", "in_session", "minutes_draft", "published"];

/** How a status and a phase read inside a sentence. */
const STATUS_WORDS: Record<ItemStatus, string> = {
  draft: "draft",
  submitted: "submitted",
  accepted: "accepted",
  declined: "declined",
  withdrawn: "withdrawn",
  merged: "merged",
  returned: "returned for changes",
};

const PHASE_WORDS: Record<Phase, string> = {
  draft: "draft",
  proposals: "proposals",
  voting: "voting",
  agenda: "agenda",
  in_session: "in session",
  minutes_draft: "minutes draft",
  published: "published",
};

const ACTORS: Record<"proposer" | "organizer" | "both" | "neither", ItemActor> = {
  proposer: { isProposer: true, isOrganizer: false },
  organizer: { isProposer: false, isOrganizer: true },
  both: { isProposer: true, isOrganizer: true },
  neither: { isProposer: false, isOrganizer: false },
};
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

function mayAct(by: Taker, actor: ItemActor): boolean {
  if (by === "proposer") return actor.isProposer;
  if (by === "organizer") return actor.isOrganizer;
  return actor.isProposer || actor.isOrganizer;
}

type Expectation = { ok: true; to: ItemStatus } | { ok: false; status: 403 | 409; names: "who" | "phase" | "status" };

function expected(action: ItemAction, status: ItemStatus, actor: ItemActor, phase: Phase): Expectation {
  const rule = EXPECTED[action];
  if (!mayAct(rule.by, actor)) return { ok: false, status: 403, names: "who" };
  if (!rule.phases.includes(phase)) return { ok: false, status: 409, names: "phase" };
  if (!rule.from.includes(status)) return { ok: false, status: 409, names: "status" };
  return { ok: true, to: rule.to };
}

const EVERY_CASE = ACTIONS.flatMap((action) =>
  STATUSES.flatMap((status) =>
    ACTOR_NAMES.flatMap((actor) => PHASES.map((phase) => ({ action, status, actor, phase }))),
  ),
);

describe("the lists the tables are built from", () => {
  it("cover every status and every phase the modules know", () => {
    expect([...STATUSES].sort()).toEqual([...ITEM_STATUSES].sort());
    expect([...PHASES].sort()).toEqual([...PHASE_ORDER].sort());
    for (const status of STATUSES) expect(isItemStatus(status)).toBe(true);
    for (const value of ["", "Draft", "open", "deleted", null, 3]) expect(isItemStatus(value)).toBe(false);
  });
});

describe("checkItemTransition", () => {
  describe.each(ACTIONS)("%s", (action) => {
    it.each(EVERY_CASE.filter((c) => c.action === action))(
      "a $status item, by $actor, in the $phase phase",
      ({ status, actor, phase }) => {
        const result = checkItemTransition({ action, status, actor: ACTORS[actor], phase });
        const want = expected(action, status, ACTORS[actor], phase);
        if (want.ok) {
          expect(result).toEqual({ ok: true, to: want.to });
          return;
        }
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.status).toBe(want.status);
        if (want.names === "phase") {
          // Names the phase the summit is in, and the phases that would allow it.
          expect(result.reason).toContain(`is in ${PHASE_WORDS[phase]}`);
          for (const allowed of EXPECTED[action].phases) expect(result.reason).toContain(PHASE_WORDS[allowed]);
        }
        if (want.names === "status") expect(result.reason).toContain(`This item is ${STATUS_WORDS[status]}`);
        if (want.names === "who") {
          expect(result.reason).toMatch(EXPECTED[action].by === "proposer" ? /proposer/ : /organizers/);
        }
      },
    );
  });

  it("asks who first: someone who may not act is refused with 403 whatever the phase and status", () => {
    expect(
      checkItemTransition({ action: "accept", status: "merged", actor: ACTORS.proposer, phase: "published" }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(
      checkItemTransition({ action: "withdraw", status: "merged", actor: ACTORS.organizer, phase: "published" }),
    ).toMatchObject({ ok: false, status: 403, reason: expect.stringContaining("proposer") });
  });

  it("names the phase before the status when both are wrong", () => {
    const result = checkItemTransition({
      action: "accept",
      status: "withdrawn",
      actor: ACTORS.organizer,
      phase: "agenda",
    });
    expect(result).toEqual({
      ok: false,
      status: 409,
      reason: "Items can be accepted only in the proposals or voting phase; this summit is in agenda.",
    });
  });

  it("says which statuses would allow the action", () => {
    expect(
      checkItemTransition({ action: "return", status: "declined", actor: ACTORS.organizer, phase: "voting" }),
    ).toEqual({
      ok: false,
      status: 409,
      reason: "This item is declined: only a submitted or accepted item can be returned for changes.",
    });
    expect(
      checkItemTransition({ action: "submit", status: "withdrawn", actor: ACTORS.proposer, phase: "proposals" }),
    ).toEqual({
      ok: false,
      status: 409,
      reason: "This item is withdrawn: only a draft or returned for changes item can be submitted.",
    });
  });

  it("writes every refusal as plain English: “an” before a vowel", () => {
    const wrongArticles = EVERY_CASE.flatMap(({ action, status, actor, phase }) => {
      const result = checkItemTransition({ action, status, actor: ACTORS[actor], phase });
      return !result.ok && /\ba [aeiou]/i.test(result.reason) ? [`${action}: ${result.reason}`] : [];
    });
    expect([...new Set(wrongArticles)]).toEqual([]);
  });
});

describe("availableItemActions", () => {
  it.each([
    { status: "draft", actor: "proposer", phase: "proposals", actions: ["submit", "withdraw"] },
    { status: "draft", actor: "organizer", phase: "proposals", actions: ["submit"] },
    { status: "submitted", actor: "proposer", phase: "proposals", actions: ["withdraw"] },
    { status: "submitted", actor: "organizer", phase: "proposals", actions: ["accept", "decline", "return", "merge"] },
    {
      status: "returned",
      actor: "both",
      phase: "proposals",
      actions: ["submit", "withdraw", "accept", "decline", "merge"],
    },
    { status: "accepted", actor: "organizer", phase: "voting", actions: ["decline", "return", "merge", "reopen"] },
    { status: "accepted", actor: "proposer", phase: "voting", actions: [] },
    { status: "declined", actor: "organizer", phase: "voting", actions: ["reopen"] },
    { status: "declined", actor: "proposer", phase: "proposals", actions: [] },
    { status: "submitted", actor: "both", phase: "agenda", actions: [] },
    { status: "submitted", actor: "neither", phase: "proposals", actions: [] },
    { status: "merged", actor: "both", phase: "proposals", actions: [] },
    { status: "withdrawn", actor: "both", phase: "voting", actions: [] },
  ] as const)("a $status item, for the $actor, in $phase: $actions", ({ status, actor, phase, actions }) => {
    expect(availableItemActions({ status, actor: ACTORS[actor], phase })).toEqual(actions);
  });

  it("offers exactly the actions the transition table allows, in the page's order, for every case", () => {
    for (const status of STATUSES) {
      for (const actor of ACTOR_NAMES) {
        for (const phase of PHASES) {
          const want = ACTIONS.filter((action) => expected(action, status, ACTORS[actor], phase).ok);
          expect(availableItemActions({ status, actor: ACTORS[actor], phase }), `${status}/${actor}/${phase}`).toEqual(
            want,
          );
        }
      }
    }
  });
});

describe("checkItemEdit", () => {
  const EDITABLE: ItemStatus[] = ["draft", "submitted", "returned", "accepted"];

  it.each(
    STATUSES.flatMap((status) => ACTOR_NAMES.flatMap((actor) => PHASES.map((phase) => ({ status, actor, phase })))),
  )("a $status item, by $actor, in $phase", ({ status, actor, phase }) => {
    const result = checkItemEdit({ status, actor: ACTORS[actor], phase });
    if (actor === "neither") {
      expect(result).toEqual({
        ok: false,
        status: 403,
        reason: "Only the item's proposer or the organizers can edit it.",
      });
    } else if (phase !== "proposals") {
      expect(result).toMatchObject({ ok: false, status: 409 });
      if (!result.ok) {
        expect(result.reason).toContain("only while proposals are open");
        expect(result.reason).toContain(`is in ${PHASE_WORDS[phase]}`);
      }
    } else if (!EDITABLE.includes(status)) {
      expect(result).toEqual({
        ok: false,
        status: 409,
        reason: `This item is ${STATUS_WORDS[status]}: it can no longer be edited.`,
      });
    } else {
      expect(result).toEqual({ ok: true });
    }
  });
});

describe("checkCosponsoring", () => {
  const TAKES_COSPONSORS: ItemStatus[] = ["submitted", "returned", "accepted"];

  it("refuses the proposer, whatever the phase and status: their support is counted", () => {
    for (const status of STATUSES) {
      for (const phase of PHASES) {
        expect(checkCosponsoring({ status, isProposer: true, phase })).toEqual({
          ok: false,
          status: 409,
          reason: "You proposed this item: your support is counted already.",
        });
      }
    }
  });

  it.each(STATUSES.flatMap((status) => PHASES.map((phase) => ({ status, phase }))))(
    "someone else, a $status item, in $phase",
    ({ status, phase }) => {
      const result = checkCosponsoring({ status, isProposer: false, phase });
      if (phase !== "proposals") {
        expect(result).toMatchObject({ ok: false, status: 409 });
        if (!result.ok) expect(result.reason).toContain(`is in ${PHASE_WORDS[phase]}`);
      } else if (!TAKES_COSPONSORS.includes(status)) {
        expect(result).toEqual({
          ok: false,
          status: 409,
          reason: `This item is ${STATUS_WORDS[status]}: it takes no co-sponsors.`,
        });
      } else {
        expect(result).toEqual({ ok: true });
      }
    },
  );
});

describe("isAgendaPublic", () => {
  it.each([
    { phase: "draft", isPublic: true, open: false },
    { phase: "proposals", isPublic: true, open: false },
    { phase: "voting", isPublic: true, open: false },
    { phase: "agenda", isPublic: true, open: true },
    { phase: "in_session", isPublic: true, open: true },
    { phase: "minutes_draft", isPublic: true, open: true },
    { phase: "published", isPublic: true, open: true },
    ...PHASES.map((phase) => ({ phase, isPublic: false, open: false })),
  ] as { phase: Phase; isPublic: boolean; open: boolean }[])(
    "$phase, public: $isPublic → $open",
    ({ phase, isPublic, open }) => {
      expect(isAgendaPublic({ isPublic, phase })).toBe(open);
    },
  );
});

describe("canSeeItem", () => {
  const PROPOSER = "11111111-1111-4111-8111-111111111111";
  const OTHER = "22222222-2222-4222-8222-222222222222";
  const VIEWERS = {
    // A seat requester who proposed is not (yet) a participant, and still sees their own items.
    "the proposer, not a participant": { isParticipant: false, userId: PROPOSER },
    "the proposer, a participant": { isParticipant: true, userId: PROPOSER },
    "another participant": { isParticipant: true, userId: OTHER },
    "a signed-in member without standing": { isParticipant: false, userId: OTHER },
    "an anonymous visitor": { isParticipant: false, userId: null },
  } as const;
  type ViewerName = keyof typeof VIEWERS;
  const VISITOR_PHASES: Phase[] = ["agenda", "in_session", "minutes_draft", "published"];

  function shouldSee(viewer: ViewerName, status: ItemStatus, isPublic: boolean, phase: Phase): boolean {
    if (viewer.startsWith("the proposer")) return true;
    if (viewer === "another participant") return status !== "draft";
    return status === "accepted" && isPublic && VISITOR_PHASES.includes(phase);
  }

  it("follows the rule for every viewer, status, summit and phase", () => {
    const wrong: string[] = [];
    for (const viewer of Object.keys(VIEWERS) as ViewerName[]) {
      for (const status of STATUSES) {
        for (const isPublic of [true, false]) {
          for (const phase of PHASES) {
            const seen = canSeeItem({
              item: { status, proposerId: PROPOSER },
              viewer: VIEWERS[viewer],
              summit: { isPublic, phase },
            });
            if (seen !== shouldSee(viewer, status, isPublic, phase)) {
              wrong.push(`${viewer}, ${status}, ${isPublic ? "public" : "private"}, ${phase}: ${seen}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("shows a draft to its proposer only, even to organizers and in public summits", () => {
    const summit = { isPublic: true, phase: "published" as const };
    const item = { status: "draft" as const, proposerId: PROPOSER };
    expect(canSeeItem({ item, viewer: { isParticipant: true, userId: PROPOSER }, summit })).toBe(true);
    expect(canSeeItem({ item, viewer: { isParticipant: true, userId: OTHER }, summit })).toBe(false);
    expect(canSeeItem({ item, viewer: { isParticipant: false, userId: null }, summit })).toBe(false);
  });

  it("never shows a private summit's items to a visitor", () => {
    for (const phase of PHASES) {
      expect(
        canSeeItem({
          item: { status: "accepted", proposerId: PROPOSER },
          viewer: { isParticipant: false, userId: null },
          summit: { isPublic: false, phase },
        }),
      ).toBe(false);
    }
  });

  it("shows anyone without standing the accepted items of a public summit from the agenda phase on, and nothing else", () => {
    const viewer = { isParticipant: false, userId: null };
    const see = (status: ItemStatus, phase: Phase) =>
      canSeeItem({ item: { status, proposerId: PROPOSER }, viewer, summit: { isPublic: true, phase } });
    expect(see("accepted", "voting")).toBe(false);
    expect(see("accepted", "agenda")).toBe(true);
    expect(see("accepted", "published")).toBe(true);
    expect(see("submitted", "published")).toBe(false);
    expect(see("declined", "agenda")).toBe(false);
    expect(see("merged", "in_session")).toBe(false);
  });
});

describe("the lifecycle as a whole", () => {
  const step = fc.record({
    action: fc.constantFrom(...ACTIONS),
    actor: fc.constantFrom(...ACTOR_NAMES),
    phase: fc.constantFrom(...PHASES),
  });

  it("reaches only known statuses, whatever is tried in whatever order, and merged and withdrawn are final", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let status: ItemStatus = "draft";
        for (const { action, actor, phase } of steps) {
          const result = checkItemTransition({ action, status, actor: ACTORS[actor], phase });
          if (status === "merged" || status === "withdrawn") expect(result.ok).toBe(false);
          if (result.ok) status = result.to;
          expect(ITEM_STATUSES).toContain(status);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("reaches every status from a draft, and nothing leads out of merged or withdrawn", () => {
    const reached = new Set<ItemStatus>(["draft"]);
    const queue: ItemStatus[] = ["draft"];
    while (queue.length > 0) {
      const status = queue.shift()!;
      for (const action of ACTIONS) {
        for (const actor of ACTOR_NAMES) {
          for (const phase of PHASES) {
            const result = checkItemTransition({ action, status, actor: ACTORS[actor], phase });
            if (result.ok && !reached.has(result.to)) {
              reached.add(result.to);
              queue.push(result.to);
            }
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...ITEM_STATUSES].sort());
    for (const status of ["merged", "withdrawn"] as const) {
      for (const actor of ACTOR_NAMES) {
        for (const phase of PHASES) expect(availableItemActions({ status, actor: ACTORS[actor], phase })).toEqual([]);
      }
    }
  });
});
