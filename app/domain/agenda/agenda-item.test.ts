import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AgendaItemRevisionFields,
  checkDesiredOutcome,
  checkItemOutcome,
  checkItemTitle,
  checkMinutesNeeded,
  describeRevisionChanges,
  isOutcomeKind,
  isPlaceholderOutcome,
  normalizeLinks,
  OUTCOME_GUIDANCE,
  OUTCOME_KIND_VALUES,
  OUTCOME_KINDS,
  outcomeKindLabel,
  type OutcomeKind,
  type ProposedOutcome,
  REVISION_FIELDS,
  repeatsTitle,
} from "./agenda-item";

/** The seven topics of the QEMU Summit 2017 minutes, each written as a proposer should. */
const REFERENCE_ITEMS: ProposedOutcome[] = [
  {
    title: "qemu.org hosting update",
    outcomeKind: "information",
    desiredOutcome:
      "Hear where qemu.org is hosted now that Rackspace extends its free sponsorship, and what a CDN sponsor for downloads would change.",
  },
  {
    title: "-next trees during the freeze",
    outcomeKind: "decision",
    desiredOutcome:
      "Decide whether maintainers keep their own -next trees during the freeze, and whether there is a project-wide -next tree.",
  },
  {
    title: "Firmware blobs",
    outcomeKind: "action_plan",
    desiredOutcome:
      "Find a volunteer to post a proposal to the list that captures the requirements for firmware blobs outside the QEMU repository.",
  },
  {
    title: "Security bug handling",
    outcomeKind: "action_plan",
    desiredOutcome:
      "Agree who writes the process for recording the CVEs fixed in each release, with a draft on the list by the 2.12 release.",
  },
  {
    title: "QEMU Summit inclusion",
    outcomeKind: "consensus_check",
    desiredOutcome:
      "Should we open the summit to anyone who is interested, if proposed agenda items state a desired decision or outcome?",
  },
  {
    title: "Continuous integration and qemu-iotests",
    outcomeKind: "action_plan",
    desiredOutcome:
      "Name owners for running qemu-iotests before patches are merged: adding them to make check, and their status in patchew.",
  },
  {
    title: "Deprecation cycle",
    outcomeKind: "consensus_check",
    desiredOutcome:
      "Agree that code which is costly to maintain may be removed before the two-release grace period, and in which areas of code.",
  },
];

const PLACEHOLDERS = [
  "discuss",
  "Discuss.",
  "DISCUSS!!",
  "discussion",
  "TBD",
  "t.b.d.",
  "TBD - discuss",
  "n/a",
  "N/A",
  "N.A.",
  "see title",
  "See title!",
  "Same as title",
  "see above",
  "See thread",
  "to be discussed",
  "To be discussed at the summit.",
  "To be determined",
  "tbc",
  "TBA",
  "?",
  "???",
  "-",
  "...",
  "various",
  "Various topics",
  "open discussion",
  "Open discussion, various issues, etc.",
  "Let's talk about it",
  "Let's discuss this at the meeting",
  "TODO",
  "WIP",
  "none",
  "Status update",
  "Q&A",
  "Discuss (TBD)",
  "  \t discuss \n ",
  "Nothing yet",
  "Needs discussion",
  "For discussion",
  "AOB",
  "Any other business",
  "Not applicable",
  "Information only",
  "Just FYI",
  "Follow up",
  "See subject line",
  "Feedback welcome",
  "N/A - see background",
  "Self-explanatory",
  "General discussion",
];

describe("kinds of outcome", () => {
  it("lists the four kinds with their labels, in order", () => {
    expect(OUTCOME_KINDS.map((k) => `${k.value}: ${k.label}`)).toEqual([
      "decision: Decision",
      "consensus_check: Consensus check on a proposal",
      "action_plan: Action plan",
      "information: Information only",
    ]);
    expect(OUTCOME_KIND_VALUES).toEqual(["decision", "consensus_check", "action_plan", "information"]);
    expect(outcomeKindLabel("consensus_check")).toBe("Consensus check on a proposal");
  });

  it("recognises kinds and nothing else", () => {
    expect(isOutcomeKind("action_plan")).toBe(true);
    expect(isOutcomeKind("Decision")).toBe(false);
    expect(isOutcomeKind("poll")).toBe(false);
    expect(isOutcomeKind(1)).toBe(false);
    expect(isOutcomeKind(undefined)).toBe(false);
  });
});

describe("the reference minutes' topics", () => {
  it.each(REFERENCE_ITEMS.map((item) => [item.title, item] as const))("accepts “%s” written well", (_title, item) => {
    expect(checkItemOutcome(item)).toEqual({});
  });

  it.each(REFERENCE_ITEMS.map((item) => [item.title, item] as const))(
    "accepts “%s” as information only too",
    (_title, item) => {
      expect(checkItemOutcome({ ...item, outcomeKind: "information" })).toEqual({});
    },
  );
});

describe("checkItemTitle", () => {
  it.each(["Firmware blobs", "qemu.org hosting update", "-next trees during the freeze", "x"])(
    "accepts %j",
    (title) => {
      expect(checkItemTitle(title)).toBeUndefined();
    },
  );

  it.each([
    ["", "Enter a title."],
    ["   ", "Enter a title."],
    ["Firmware\nblobs", "A title is one line."],
    ["Firmware blobs\r\nand more", "A title is one line."],
    ["Firmware\tblobs", "A title is one line."],
    ["Firmware\u2028blobs", "A title is one line."],
  ])("refuses %j", (title, message) => {
    expect(checkItemTitle(title)).toBe(message);
  });

  it("takes 120 characters and refuses 121", () => {
    const title120 = "Firmware blobs ".repeat(9).slice(0, 119) + "s";
    expect(title120).toHaveLength(120);
    expect(checkItemTitle(title120)).toBeUndefined();
    expect(checkItemTitle(`${title120}s`)).toBe("A title has at most 120 characters.");
  });

  it("counts the title after trimming", () => {
    expect(checkItemTitle(`  ${"a".repeat(120)}  `)).toBeUndefined();
  });

  it("is reported beside the title by checkItemOutcome", () => {
    expect(checkItemOutcome({ ...REFERENCE_ITEMS[2]!, title: "" })).toEqual({ title: "Enter a title." });
  });
});

describe("desired outcome: placeholders", () => {
  it.each(PLACEHOLDERS)("recognises %j as a placeholder", (outcome) => {
    expect(isPlaceholderOutcome(outcome)).toBe(true);
  });

  it.each(PLACEHOLDERS.flatMap((outcome) => OUTCOME_KIND_VALUES.map((kind) => [outcome, kind] as const)))(
    "refuses %j for a %s with the guiding message",
    (outcome, kind) => {
      const message = checkDesiredOutcome({ title: "Firmware blobs", outcomeKind: kind, desiredOutcome: outcome });
      expect(message).toBe(`A placeholder such as “discuss” or “TBD” is not an outcome. ${OUTCOME_GUIDANCE}`);
    },
  );

  it("guides with an example of a good outcome", () => {
    expect(OUTCOME_GUIDANCE).toContain("Say what the summit should decide or produce, in a sentence or two");
    expect(OUTCOME_GUIDANCE).toContain("Decide whether maintainers keep their own -next trees during the freeze.");
  });

  it.each(REFERENCE_ITEMS.map((item) => item.desiredOutcome))("does not take %j for a placeholder", (outcome) => {
    expect(isPlaceholderOutcome(outcome)).toBe(false);
  });

  it("refuses any placeholder surrounded by punctuation and white space, in any case", () => {
    const decoration = fc.string({
      unit: fc.constantFrom(" ", "\t", "\n", ".", ",", "!", "?", "-", "*", "(", ")", ":", "…", "—", '"', "'"),
    });
    const placeholder = fc
      .tuple(fc.constantFrom(...PLACEHOLDERS), fc.array(fc.boolean(), { minLength: 50, maxLength: 50 }))
      .map(([text, upper]) => [...text].map((ch, i) => (upper[i % 50] ? ch.toUpperCase() : ch.toLowerCase())).join(""));
    fc.assert(
      fc.property(
        decoration,
        placeholder,
        decoration,
        fc.constantFrom(...OUTCOME_KIND_VALUES),
        fc.constantFrom(...REFERENCE_ITEMS.map((item) => item.title)),
        (before, text, after, kind, title) => {
          const message = checkDesiredOutcome({ title, outcomeKind: kind, desiredOutcome: `${before}${text}${after}` });
          expect(message).toContain(OUTCOME_GUIDANCE);
          expect(message).toMatch(/^(A placeholder|Enter the desired outcome)/);
        },
      ),
    );
  });
});

describe("desired outcome: repeating the title", () => {
  it.each([
    ["Firmware blobs", "Discuss firmware blobs"],
    ["Firmware blobs", "Firmware blobs, firmware blobs!"],
    ["Deprecation cycle", "Talk about the deprecation cycle."],
    ["Deprecation cycle", "Discussion of the deprecation cycles"],
    ["QEMU Summit inclusion", "QEMU Summit inclusion"],
    ["QEMU Summit inclusion", "qemu summit: inclusion?"],
    ["Continuous integration and qemu-iotests", "Discussion of continuous integration and qemu-iotests"],
    ["qemu.org hosting update", "Let's talk about the qemu.org hosting updates"],
    ["Security bug handling", "Security bug handling (discuss)"],
    ["-next trees during the freeze", "Talk about -next trees during the freeze."],
  ])("refuses, for “%s”, %j with the guiding message", (title, outcome) => {
    expect(repeatsTitle(outcome, title)).toBe(true);
    for (const kind of OUTCOME_KIND_VALUES) {
      expect(checkDesiredOutcome({ title, outcomeKind: kind, desiredOutcome: outcome })).toBe(
        `The desired outcome only repeats the title. ${OUTCOME_GUIDANCE}`,
      );
    }
  });

  it.each([
    ["Firmware blobs", "Decide whether firmware blobs leave the QEMU repository."],
    ["Deprecation cycle", "Agree that the deprecation cycle may be shorter for costly code."],
    ["QEMU Summit inclusion", "Should the QEMU Summit include anyone who is interested?"],
  ])("accepts, for “%s”, %j which says more than the title", (title, outcome) => {
    expect(repeatsTitle(outcome, title)).toBe(false);
  });

  it("refuses “discuss” followed by any title", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...OUTCOME_KIND_VALUES), (title, kind) => {
        const message = checkDesiredOutcome({ title, outcomeKind: kind, desiredOutcome: `Discuss ${title}` });
        expect(message).toContain(OUTCOME_GUIDANCE);
      }),
    );
  });
});

describe("desired outcome: length", () => {
  const title = "Security bug handling";

  it("refuses a missing outcome", () => {
    expect(checkDesiredOutcome({ title, outcomeKind: "decision", desiredOutcome: "  " })).toBe(
      `Enter the desired outcome. ${OUTCOME_GUIDANCE}`,
    );
  });

  it("refuses 19 characters and takes 20", () => {
    const short = "Adopt the CVE list?";
    expect(short).toHaveLength(19);
    expect(checkDesiredOutcome({ title, outcomeKind: "decision", desiredOutcome: short })).toBe(
      `A desired outcome has at least 20 characters. ${OUTCOME_GUIDANCE}`,
    );
    expect(checkDesiredOutcome({ title, outcomeKind: "decision", desiredOutcome: "Adopt the CVE lists?" })).toBe(
      undefined,
    );
  });

  it("takes 500 characters and refuses 501", () => {
    const base = "Decide whether maintainers keep their own -next trees during the freeze, ".repeat(10);
    const long = `${base.slice(0, 499)}.`;
    expect(long).toHaveLength(500);
    expect(checkDesiredOutcome({ title, outcomeKind: "decision", desiredOutcome: long })).toBeUndefined();
    expect(checkDesiredOutcome({ title, outcomeKind: "decision", desiredOutcome: `${long}.` })).toBe(
      "A desired outcome has at most 500 characters: keep it to a sentence or two and put the rest in the background.",
    );
  });

  it("counts after trimming", () => {
    expect(
      checkDesiredOutcome({ title, outcomeKind: "decision", desiredOutcome: "   Adopt the CVE lists?   " }),
    ).toBeUndefined();
    expect(checkDesiredOutcome({ title, outcomeKind: "decision", desiredOutcome: "  Adopt the CVE list?  " })).toMatch(
      /at least 20 characters/,
    );
  });
});

describe("desired outcome: decisions and consensus checks state the question", () => {
  const title = "-next trees during the freeze";

  it.each([
    "Decide whether maintainers keep their own -next trees during the freeze.",
    "Decide if the block layer keeps a -next tree during the freeze.",
    "Decide which subsystems keep a -next tree through the freeze.",
    "Decide how backports are handled when maintainers keep -next trees.",
    "Agree on a rule for patches sent while the release is frozen.",
    "Agree that maintainers never turn submitters away during a freeze.",
    "Agree to keep no project-wide -next tree for the release.",
    "Choose between per-maintainer -next trees and a project-wide one.",
    "Whether maintainers keep their own -next trees while frozen.",
    "Should we have an official project-wide -next tree",
    "Can maintainers keep their own -next trees while frozen?",
    "Adopt per-maintainer -next trees as the rule during the freeze.",
    "Approve the proposal that maintainers queue patches in -next trees.",
    "Accept the proposal to keep -next trees per maintainer.",
    "Consensus on keeping -next trees per subsystem during the freeze.",
    "Reach consensus that submitters are not turned away in a freeze.",
    "A decision on per-maintainer -next trees for the 2.12 freeze.",
  ])("accepts %j", (outcome) => {
    for (const kind of ["decision", "consensus_check"] as const) {
      expect(checkDesiredOutcome({ title, outcomeKind: kind, desiredOutcome: outcome })).toBeUndefined();
    }
  });

  it.each([
    "Maintainers keep their own -next trees during the freeze.",
    "Block layer subtrees conflict towards the end of the freeze.",
    "Patches from contributors get merged faster while frozen.",
    "An agreement among maintainers about -next trees.",
  ])("refuses %j, which states no question", (outcome) => {
    expect(checkDesiredOutcome({ title, outcomeKind: "decision", desiredOutcome: outcome })).toBe(
      "A decision states the question to decide: write “Decide whether …”, “Agree on …”, “Choose between …” or a question ending in “?”.",
    );
    expect(checkDesiredOutcome({ title, outcomeKind: "consensus_check", desiredOutcome: outcome })).toBe(
      "A consensus check states the proposal: write “Agree that …”, “Adopt …”, “Consensus on …” or a question ending in “?”.",
    );
    expect(checkDesiredOutcome({ title, outcomeKind: "information", desiredOutcome: outcome })).toBeUndefined();
  });
});

describe("desired outcome: action plans name what is produced or who acts", () => {
  const title = "Continuous integration and qemu-iotests";

  it.each([
    "A plan for running qemu-iotests in patchew before merging.",
    "Name an owner for each regularly regressing test in make check.",
    "Find volunteers to generalise the personal build test scripts.",
    "Actions to get qemu-iotests run before patches are merged.",
    "Get qemu-iotests into make check by the 2.12 release.",
    "Get qemu-iotests into make check by March 2018.",
    "Get qemu-iotests into make check by the end of the year.",
    "A list of the tests that must pass before a merge.",
    "Agree who asks Fam Zheng about qemu-iotests in patchew.",
    "Next steps for qemu-iotests in patchew, with a deadline.",
  ])("accepts %j", (outcome) => {
    expect(checkDesiredOutcome({ title, outcomeKind: "action_plan", desiredOutcome: outcome })).toBeUndefined();
  });

  it.each([
    "qemu-iotests break a lot and should run before merging.",
    "Better continuous integration for the QEMU project going forward.",
    "Make check is the only testing that counts, by and large.",
  ])("refuses %j, which names nothing produced and nobody acting", (outcome) => {
    expect(checkDesiredOutcome({ title, outcomeKind: "action_plan", desiredOutcome: outcome })).toBe(
      "An action plan names what it will produce or who acts: a plan, owners or volunteers, a list of actions, or a date (“Agree who writes the CVE process, by the next release.”).",
    );
  });
});

describe("checks never throw", () => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 700 }),
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.constantFrom(...OUTCOME_KIND_VALUES),
        (outcome, title, kind) => {
          const problems = checkItemOutcome({ title, outcomeKind: kind, desiredOutcome: outcome });
          for (const message of Object.values(problems)) expect(typeof message).toBe("string");
        },
      ),
    );
  });

  it("on arbitrary links", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.webUrl(), fc.string({ unit: "binary" })), { maxLength: 12 }), (links) => {
        const result = normalizeLinks(links);
        expect(typeof result.ok).toBe("boolean");
      }),
    );
  });
});

describe("checkMinutesNeeded", () => {
  it.each([5, 6, 30, 119, 120])("accepts %d", (minutesNeeded) => {
    expect(checkMinutesNeeded(minutesNeeded)).toEqual({ ok: true, minutesNeeded });
  });

  it.each([4, 121, 0, -5, 30.5, Number.NaN, Number.POSITIVE_INFINITY, 1e9])("refuses %d", (minutes) => {
    expect(checkMinutesNeeded(minutes)).toEqual({
      ok: false,
      reason: "Give the time requested as a whole number of minutes from 5 to 120.",
    });
  });
});

describe("normalizeLinks", () => {
  it("keeps http and https links in order, once each, dropping blank lines", () => {
    expect(
      normalizeLinks([
        " https://lists.gnu.org/archive/html/qemu-devel/2017-11/msg04453.html ",
        "",
        "http://wiki.qemu.org/Planning/2.12",
        "HTTPS://Lists.GNU.org/archive/html/qemu-devel/2017-11/msg04453.html",
        "   ",
      ]),
    ).toEqual({
      ok: true,
      links: [
        "https://lists.gnu.org/archive/html/qemu-devel/2017-11/msg04453.html",
        "http://wiki.qemu.org/Planning/2.12",
      ],
    });
  });

  it("takes no links at all", () => {
    expect(normalizeLinks([])).toEqual({ ok: true, links: [] });
  });

  it.each([
    ["javascript:alert(1)", "is not an http or https address."],
    ["JavaScript:alert(document.cookie)", "is not an http or https address."],
    ["data:text/html,<script>alert(1)</script>", "is not an http or https address."],
    ["ftp://ftp.qemu.org/pub/", "is not an http or https address."],
    ["mailto:qemu-devel@nongnu.org", "is not an http or https address."],
    ["file:///etc/passwd", "is not an http or https address."],
    ["lists.gnu.org/archive/html/qemu-devel/", "is not a web address"],
    ["/archive/html/qemu-devel/", "is not a web address"],
    ["https://lists.gnu.org@evil.example/", "has a user name or password in it."],
    ["https://user:secret@lists.gnu.org/", "has a user name or password in it."],
    ["https://lists.gnu.org/a b", "contains a space"],
    [`https://lists.gnu.org/${"a".repeat(1980)}`, "has more than 2000 characters."],
  ])("refuses %j", (link, reason) => {
    const result = normalizeLinks(["https://wiki.qemu.org/", link]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain("Link 2 (“");
      expect(result.reason).toContain(reason);
    }
  });

  it("takes a link of 2,000 characters", () => {
    const link = `https://lists.gnu.org/${"a".repeat(2000 - 22)}`;
    expect(link).toHaveLength(2000);
    expect(normalizeLinks([link])).toEqual({ ok: true, links: [link] });
  });

  it("takes 10 links and refuses 11, counting duplicates once", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `https://lists.gnu.org/archive/msg${i}.html`);
    expect(normalizeLinks([...ten, ten[0]!])).toEqual({ ok: true, links: ten });
    expect(normalizeLinks([...ten, "https://lists.gnu.org/archive/msg10.html"])).toEqual({
      ok: false,
      reason: "An item has at most 10 links.",
    });
  });

  it("returns unique http(s) links that pass the check again unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(fc.webUrl({ withQueryParameters: true, withFragments: true }), { maxLength: 10 }),
        (urls) => {
          const result = normalizeLinks(urls);
          if (!result.ok) return;
          expect(new Set(result.links).size).toBe(result.links.length);
          for (const link of result.links) expect(link).toMatch(/^https?:\/\//);
          expect(normalizeLinks(result.links)).toEqual(result);
        },
      ),
    );
  });
});

describe("describeRevisionChanges", () => {
  const first: AgendaItemRevisionFields = {
    title: "Firmware blobs",
    outcomeKind: "decision",
    desiredOutcome: "Decide whether firmware blobs stay in the QEMU repository.",
    background: "Most users get firmware from their distribution.",
    minutesNeeded: 20,
    leadId: "6f1c2a52-1a1e-4b8e-9f40-2b7c1f0d1a11",
    links: ["https://lists.gnu.org/archive/html/qemu-devel/2017-11/msg04453.html"],
  };

  it("lists nothing for the same revision", () => {
    expect(describeRevisionChanges(first, { ...first, links: [...first.links] })).toEqual([]);
  });

  it("lists the changed fields in the order the item page shows them", () => {
    const second: AgendaItemRevisionFields = {
      ...first,
      outcomeKind: "action_plan" satisfies OutcomeKind,
      desiredOutcome: "Find a volunteer to post a proposal for firmware blobs to the list.",
      minutesNeeded: 30,
      links: [...first.links, "https://wiki.qemu.org/"],
    };
    expect(describeRevisionChanges(first, second).map((c) => c.label)).toEqual([
      "Kind of outcome",
      "Desired outcome",
      "Time requested",
      "Links",
    ]);
    expect(describeRevisionChanges(second, first).map((c) => c.field)).toEqual([
      "outcomeKind",
      "desiredOutcome",
      "minutesNeeded",
      "links",
    ]);
  });

  it("counts reordered links and a changed lead as changes", () => {
    const a = { ...first, links: ["https://a.example/", "https://b.example/"] };
    const b = { ...first, links: ["https://b.example/", "https://a.example/"], leadId: null };
    expect(describeRevisionChanges(a, b).map((c) => c.label)).toEqual(["Discussion lead", "Links"]);
  });

  const revision = fc.record({
    title: fc.string({ maxLength: 20 }),
    outcomeKind: fc.constantFrom(...OUTCOME_KIND_VALUES),
    desiredOutcome: fc.string({ maxLength: 20 }),
    background: fc.string({ maxLength: 20 }),
    minutesNeeded: fc.integer({ min: 5, max: 120 }),
    leadId: fc.option(fc.uuid(), { nil: null }),
    links: fc.array(fc.webUrl(), { maxLength: 3 }),
  });

  it("is empty for a revision against itself, and symmetric otherwise", () => {
    fc.assert(
      fc.property(revision, revision, (a, b) => {
        expect(describeRevisionChanges(a, a)).toEqual([]);
        expect(describeRevisionChanges(a, b)).toEqual(describeRevisionChanges(b, a));
      }),
    );
  });

  it("names exactly the one field that changed", () => {
    fc.assert(
      fc.property(revision, fc.constantFrom(...REVISION_FIELDS.map((f) => f.field)), (a, field) => {
        const changed: Record<string, unknown> = { ...a };
        changed[field] =
          field === "minutesNeeded"
            ? a.minutesNeeded + 1
            : field === "links"
              ? [...a.links, "https://x.example/"]
              : field === "outcomeKind"
                ? a.outcomeKind === "decision"
                  ? "information"
                  : "decision"
                : `${String(a[field] ?? "")}x`;
        expect(describeRevisionChanges(a, changed as unknown as AgendaItemRevisionFields).map((c) => c.field)).toEqual([
          field,
        ]);
      }),
    );
  });
});
