import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allowedMoves,
  checkPhaseMove,
  isPhase,
  nextPhase,
  PHASE_ORDER,
  phaseComesNext,
  phaseDescription,
  phaseLabel,
  previousPhase,
  type Phase,
} from "./phases";

describe("phase order", () => {
  it("follows the lifecycle of a summit, draft to published", () => {
    expect(PHASE_ORDER.map(phaseLabel).join(" → ")).toBe(
      "Draft → Proposals → Voting → Agenda → In session → Minutes draft → Published",
    );
  });

  it("recognises phases and nothing else", () => {
    expect(isPhase("voting")).toBe(true);
    expect(isPhase("Voting")).toBe(false);
    expect(isPhase("closed")).toBe(false);
    expect(isPhase(3)).toBe(false);
  });
});

describe("allowed moves", () => {
  it.each<[Phase, Phase | null, Phase | null]>([
    ["draft", "proposals", null],
    ["proposals", "voting", "draft"],
    ["voting", "agenda", "proposals"],
    ["agenda", "in_session", "voting"],
    ["in_session", "minutes_draft", "agenda"],
    ["minutes_draft", "published", "in_session"],
    ["published", null, null],
  ])("from %s: forward to %s, back to %s", (phase, forward, back) => {
    expect(allowedMoves(phase)).toEqual({ forward, back });
    expect(nextPhase(phase)).toBe(forward);
    expect(previousPhase(phase)).toBe(back);
  });
});

describe("checkPhaseMove", () => {
  it("allows one step forward and one step back", () => {
    expect(checkPhaseMove("proposals", "voting")).toEqual({ ok: true, direction: "forward" });
    expect(checkPhaseMove("voting", "proposals")).toEqual({ ok: true, direction: "back" });
    expect(checkPhaseMove("minutes_draft", "published")).toEqual({ ok: true, direction: "forward" });
  });

  it("refuses skipping a phase, naming the moves that are possible", () => {
    const result = checkPhaseMove("proposals", "agenda");
    expect(result).toEqual({
      ok: false,
      reason:
        "A summit moves one phase at a time: from Proposals it can move forward to Voting or back to Draft, not to Agenda.",
    });
    expect(checkPhaseMove("agenda", "proposals").ok).toBe(false);
    expect(checkPhaseMove("draft", "published").ok).toBe(false);
  });

  it("refuses leaving published, in either direction", () => {
    for (const to of PHASE_ORDER.filter((p) => p !== "published")) {
      const result = checkPhaseMove("published", to);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/final/);
    }
  });

  it("refuses staying where it is", () => {
    expect(checkPhaseMove("voting", "voting")).toEqual({ ok: false, reason: "The summit is already in Voting." });
  });

  it("allows exactly the moves whose distance is one, and never out of published", () => {
    const phase = fc.constantFrom(...PHASE_ORDER);
    fc.assert(
      fc.property(phase, phase, (from, to) => {
        const distance = PHASE_ORDER.indexOf(to) - PHASE_ORDER.indexOf(from);
        const expected = from !== "published" && Math.abs(distance) === 1;
        expect(checkPhaseMove(from, to).ok).toBe(expected);
      }),
    );
  });
});

describe("phase descriptions", () => {
  it("says in one line what every phase allows and what comes next", () => {
    for (const phase of PHASE_ORDER) {
      expect(phaseDescription(phase)).toMatch(/^[A-Z].*\.$/);
      expect(phaseDescription(phase)).not.toContain("\n");
      expect(phaseComesNext(phase)).not.toContain("\n");
    }
    expect(phaseComesNext("proposals")).toBe(`Voting: ${phaseDescription("voting")}`);
    expect(phaseComesNext("published")).toBe("Nothing: this is the last phase.");
  });
});
