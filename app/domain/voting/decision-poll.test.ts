import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countsText,
  MAX_DECISION,
  POLL_ANSWER_VALUES,
  pollAnswerProblems,
  suggestedDecision,
  tallyPoll,
  type CountedAnswer,
} from "./decision-poll";

describe("pollAnswerProblems", () => {
  it("requires a reason for a block, and only for a block", () => {
    expect(pollAnswerProblems({ answer: "block", reason: " \n " })).toEqual([
      "A block stops consensus, so it must say why: give your reason.",
    ]);
    expect(pollAnswerProblems({ answer: "block", reason: "Breaks the ABI." })).toEqual([]);
    for (const answer of ["agree", "abstain", "disagree"] as const) {
      expect(pollAnswerProblems({ answer, reason: "" })).toEqual([]);
    }
  });

  it("bounds the reason", () => {
    expect(pollAnswerProblems({ answer: "agree", reason: "x".repeat(1001) })).toEqual([
      "A reason has at most 1000 characters.",
    ]);
  });
});

describe("tallyPoll", () => {
  it("counts each answer and lists reasons, blocks first", () => {
    const tally = tallyPoll([
      { answer: "agree", reason: null, name: "Peter Maydell" },
      { answer: "agree", reason: "Long overdue.", name: "Paolo Bonzini" },
      { answer: "block", reason: "  Breaks libvirt.  ", name: "Daniel Berrange" },
      { answer: "abstain", reason: "", name: "Kevin Wolf" },
    ]);
    expect(tally.counts).toEqual({ agree: 2, abstain: 1, disagree: 0, block: 1 });
    expect(tally.answers).toBe(4);
    expect(tally.verdict).toBe("blocked");
    expect(tally.reasons).toEqual([
      { answer: "block", reason: "Breaks libvirt.", name: "Daniel Berrange" },
      { answer: "agree", reason: "Long overdue.", name: "Paolo Bonzini" },
    ]);
  });

  it("agrees only when more agree than disagree and nobody blocks", () => {
    const of = (...answers: CountedAnswer["answer"][]) =>
      tallyPoll(answers.map((answer) => ({ answer, reason: null })));
    expect(of("agree", "agree", "disagree").verdict).toBe("agreed");
    expect(of("agree", "disagree").verdict).toBe("not-agreed");
    expect(of("abstain", "abstain").verdict).toBe("not-agreed");
    expect(of().verdict).toBe("not-agreed");
    expect(of("agree", "agree", "agree", "block").verdict).toBe("blocked");
  });

  it("gives the same count whatever order the answers come in", () => {
    const answer = fc.record({
      answer: fc.constantFrom(...POLL_ANSWER_VALUES),
      reason: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
      name: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 30 }), fc.infiniteStream(fc.nat()), (answers, picks) => {
        const shuffled = [...answers];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = picks.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = tallyPoll(answers);
        const b = tallyPoll(shuffled);
        expect(b.counts).toEqual(a.counts);
        expect(b.verdict).toBe(a.verdict);
        expect(b.reasons.map((r) => [r.answer, r.name, r.reason]).sort()).toEqual(
          a.reasons.map((r) => [r.answer, r.name, r.reason]).sort(),
        );
        expect(Object.values(a.counts).reduce((x, y) => x + y, 0)).toBe(answers.length);
      }),
    );
  });
});

describe("suggestedDecision", () => {
  const proposal = "Agree that deprecated features go after two releases.";
  it("says the verdict and the counts, and for a block who blocked and why", () => {
    const tally = tallyPoll([
      { answer: "agree", reason: null, name: "Peter Maydell" },
      { answer: "block", reason: "Breaks libvirt.", name: "Daniel Berrange" },
    ]);
    expect(countsText(tally.counts)).toBe("1 agree, 0 abstain, 0 disagree, 1 block");
    expect(suggestedDecision(proposal, tally)).toBe(
      `Blocked (poll: 1 agree, 0 abstain, 0 disagree, 1 block): ${proposal} Blocked: Daniel Berrange: Breaks libvirt.`,
    );
    const secret = tallyPoll([{ answer: "block", reason: "Breaks libvirt.", name: null }]);
    expect(suggestedDecision(proposal, secret)).toMatch(/releases\. Blocked: Breaks libvirt\.$/);
    expect(suggestedDecision("Adopt the policy", secret)).toMatch(/: Adopt the policy\. Blocked: Breaks libvirt\.$/);
  });

  it("never suggests more than a decision can hold", () => {
    const blocks = Array.from({ length: 10 }, (_, i) => ({
      answer: "block" as const,
      reason: "r".repeat(1000),
      name: `Person ${i}`,
    }));
    const text = suggestedDecision(proposal, tallyPoll(blocks));
    expect(text.length).toBe(MAX_DECISION);
    expect(text.endsWith("…")).toBe(true);
  });
});
