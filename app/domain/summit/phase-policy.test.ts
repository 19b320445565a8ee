import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PHASE_ACTIVITIES,
  PHASE_POLICY,
  phaseAllows,
  phaseRefusal,
  phasesAllowing,
  type PhaseActivity,
} from "./phase-policy";
import { PHASE_ORDER, phaseIndex, type Phase } from "./phases";
import { ITEM_TRANSITIONS, PROPOSING_PHASES, TRIAGE_PHASES } from "../agenda/item-lifecycle";

// The expected rules, written from what each feature promises rather than from the table.
const EXPECTED: Record<PhaseActivity, Phase[]> = {
  // Details and who may attend change until the minutes are published.
  editDetails: ["draft", "proposals", "voting", "agenda", "in_session", "minutes_draft"],
  changeEligibility: ["draft", "proposals", "voting", "agenda", "in_session", "minutes_draft"],
  // Nobody is invited, and nobody asks for a seat, once the summit has met.
  invite: ["draft", "proposals", "voting", "agenda", "in_session"],
  requestSeat: ["draft", "proposals", "voting", "agenda", "in_session"],
  proposeItems: ["proposals"],
  // Organizers may still sort items after proposals close, until the vote is over.
  triageItems: ["proposals", "voting"],
  showPublicAgenda: ["agenda", "in_session", "minutes_draft", "published"],
  vote: ["voting"],
  // A decision poll is put before the meeting, from the vote on, or at it.
  poll: ["voting", "agenda", "in_session"],
  // The day is built from the vote's frozen result, and may still be adjusted on the day itself.
  buildAgenda: ["agenda", "in_session"],
  takeMinutes: ["in_session", "minutes_draft"],
  editMinutes: ["minutes_draft"],
  publishMinutes: ["minutes_draft"],
};

const CELLS = PHASE_ORDER.flatMap((phase) => PHASE_ACTIVITIES.map((activity) => ({ phase, activity })));

describe("PHASE_POLICY", () => {
  it("has a row for every phase and a cell for every activity in it", () => {
    expect(Object.keys(PHASE_POLICY).sort()).toEqual([...PHASE_ORDER].sort());
    for (const phase of PHASE_ORDER) {
      expect(Object.keys(PHASE_POLICY[phase]).sort()).toEqual([...PHASE_ACTIVITIES].sort());
    }
    expect(Object.keys(EXPECTED).sort()).toEqual([...PHASE_ACTIVITIES].sort());
  });

  it.each(CELLS)("$phase allows $activity: as each feature promises", ({ phase, activity }) => {
    expect(phaseAllows(phase, activity)).toBe(EXPECTED[activity].includes(phase));
    expect(PHASE_POLICY[phase][activity]).toBe(phaseAllows(phase, activity));
  });

  // The rules the services and the lifecycle applied before the table, phase by phase.
  it.each(PHASE_ORDER)("in %s, matches the comparisons the features made before the table", (phase) => {
    const met = phaseIndex(phase) >= phaseIndex("minutes_draft");
    expect(phaseAllows(phase, "invite")).toBe(!met);
    expect(phaseAllows(phase, "requestSeat")).toBe(!met);
    expect(phaseAllows(phase, "editDetails")).toBe(phase !== "published");
    expect(phaseAllows(phase, "changeEligibility")).toBe(phase !== "published");
    expect(phaseAllows(phase, "showPublicAgenda")).toBe(phaseIndex(phase) >= phaseIndex("agenda"));
  });

  it("lets the published summit's minutes change no more, and shows its agenda", () => {
    const published = PHASE_ACTIVITIES.filter((activity) => phaseAllows("published", activity));
    expect(published).toEqual(["showPublicAgenda"]);
  });

  it("has the draft phase allow no agenda work, only setting the summit up", () => {
    expect(PHASE_ACTIVITIES.filter((activity) => phaseAllows("draft", activity))).toEqual([
      "editDetails",
      "changeEligibility",
      "invite",
      "requestSeat",
    ]);
  });
});

describe("phasesAllowing", () => {
  it.each(PHASE_ACTIVITIES)("%s: the phases that allow it, in the summit's order", (activity) => {
    expect(phasesAllowing(activity)).toEqual(EXPECTED[activity]);
  });

  it("gives the same frozen array each time, so callers may keep it", () => {
    for (const activity of PHASE_ACTIVITIES) {
      expect(phasesAllowing(activity)).toBe(phasesAllowing(activity));
      expect(Object.isFrozen(phasesAllowing(activity))).toBe(true);
    }
  });

  it("agrees with phaseAllows, cell by cell", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PHASE_ACTIVITIES), fc.constantFrom(...PHASE_ORDER), (activity, phase) => {
        expect(phasesAllowing(activity).includes(phase)).toBe(phaseAllows(phase, activity));
      }),
    );
  });

  it("has every activity open in one unbroken stretch of phases", () => {
    for (const activity of PHASE_ACTIVITIES) {
      const at = phasesAllowing(activity).map(phaseIndex);
      expect(at.length).toBeGreaterThan(0);
      expect(at[at.length - 1]! - at[0]! + 1).toBe(at.length);
    }
  });
});

describe("the item lifecycle", () => {
  it("takes its phases from the table", () => {
    expect(PROPOSING_PHASES).toBe(phasesAllowing("proposeItems"));
    expect(TRIAGE_PHASES).toBe(phasesAllowing("triageItems"));
    for (const action of ["submit", "withdraw"] as const) {
      expect(ITEM_TRANSITIONS[action].phases).toEqual(phasesAllowing("proposeItems"));
    }
    for (const action of ["accept", "decline", "return", "merge", "reopen"] as const) {
      expect(ITEM_TRANSITIONS[action].phases).toEqual(phasesAllowing("triageItems"));
    }
  });
});

describe("phaseRefusal", () => {
  const TITLE = "QEMU Summit 2017";

  it.each([
    // The sentences the services show today.
    [
      "proposeItems",
      "voting",
      "Items are proposed only while proposals are open; QEMU Summit 2017 is in its voting phase.",
    ],
    [
      "proposeItems",
      "in_session",
      "Items are proposed only while proposals are open; QEMU Summit 2017 is in its in session phase.",
    ],
    [
      "triageItems",
      "agenda",
      "Items are triaged only in the proposals or voting phase; QEMU Summit 2017 is in its agenda phase.",
    ],
    [
      "triageItems",
      "draft",
      "Items are triaged only in the proposals or voting phase; QEMU Summit 2017 is in its draft phase.",
    ],
    ["editDetails", "published", "The minutes of this summit are published: its details are final."],
    [
      "changeEligibility",
      "published",
      "The minutes of this summit are published: who could attend is final and no longer changes.",
    ],
    ["invite", "minutes_draft", "This summit has already met, so nobody can be invited to it any more."],
    ["invite", "published", "This summit has already met, so nobody can be invited to it any more."],
    ["requestSeat", "minutes_draft", "This summit has already met, so it takes no more seat requests."],
    // What later features will show.
    [
      "showPublicAgenda",
      "voting",
      "Visitors see the accepted items only from the agenda phase on; QEMU Summit 2017 is in its voting phase.",
    ],
    ["vote", "proposals", "Ballots are cast only while voting is open; QEMU Summit 2017 is in its proposals phase."],
    [
      "poll",
      "minutes_draft",
      "Decision polls are held only in the voting or agenda or in session phase; QEMU Summit 2017 is in its minutes draft phase.",
    ],
    [
      "takeMinutes",
      "agenda",
      "Minutes are taken only in the in session or minutes draft phase; QEMU Summit 2017 is in its agenda phase.",
    ],
    [
      "editMinutes",
      "in_session",
      "Minutes are edited only in the minutes draft phase; QEMU Summit 2017 is in its in session phase.",
    ],
    [
      "publishMinutes",
      "published",
      "Minutes are published only from the minutes draft phase; QEMU Summit 2017 is in its published phase.",
    ],
  ] as [PhaseActivity, Phase, string][])("%s in %s: %s", (activity, phase, sentence) => {
    expect(phaseRefusal(activity, phase, TITLE)).toBe(sentence);
  });

  it("names this summit when the title is empty", () => {
    expect(phaseRefusal("vote", "agenda", "  ")).toBe(
      "Ballots are cast only while voting is open; this summit is in its agenda phase.",
    );
  });

  it("refuses to word a refusal for a phase that allows the activity", () => {
    expect(() => phaseRefusal("proposeItems", "proposals", TITLE)).toThrow(RangeError);
  });

  it.each(CELLS.filter(({ phase, activity }) => !phaseAllows(phase, activity)))(
    "$activity in $phase: one sentence, naming the phase it is refused in",
    ({ phase, activity }) => {
      const sentence = phaseRefusal(activity, phase, TITLE);
      expect(sentence).toMatch(/^[A-Z][^\n]*\.$/);
      expect(sentence.split(/[.:;] /).length).toBeLessThanOrEqual(2);
      // The whole-sentence refusals are those of activities that close for good once the summit has met.
      if (!sentence.includes(TITLE)) {
        expect(phaseIndex(phase)).toBeGreaterThanOrEqual(phaseIndex("minutes_draft"));
        expect(phasesAllowing(activity)[0]).toBe("draft");
      } else {
        expect(sentence.endsWith(`; ${TITLE} is in its ${phase.replace("_", " ")} phase.`)).toBe(true);
      }
    },
  );
});
