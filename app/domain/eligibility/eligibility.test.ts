import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ContributorCount } from "./contributors";
import {
  computeEligibility,
  diffEligibility,
  TOP_N_TIE_RULE,
  topContributorReason,
  topContributors,
  type EligibilityRuleInput,
  type EligiblePerson,
} from "./eligibility";

const noAliases: ReadonlyMap<string, string> = new Map();
const qemu2017 = { label: "qemu.git", since: "2017-01-01", until: "2017-10-31" };

function top(n: number, contributors: Array<[string, string, number]>, source = qemu2017): EligibilityRuleInput {
  return {
    id: `top-${n}`,
    kind: "top_contributors",
    n,
    source,
    contributors: contributors.map(([name, email, commits]) => ({ name, email, commits })),
  };
}

type ResponsibilityRule = Extract<EligibilityRuleInput, { kind: "responsibility" }>;

function roles(list: Array<[string, string, string]>, which: string[] | "all" = "all"): ResponsibilityRule {
  return {
    id: "roles",
    kind: "responsibility",
    roles: which,
    responsibilities: list.map(([role, name, email]) => ({ role, name, email })),
  };
}

const emailsOf = (people: EligiblePerson[]) => people.map((p) => p.email);

describe("computeEligibility: reasons", () => {
  it("lists each person once with every reason, in rule order", () => {
    const result = computeEligibility(
      [
        top(2, [
          ["Peter Maydell", "peter.maydell@linaro.org", 412],
          ["Paolo Bonzini", "pbonzini@redhat.com", 398],
          ["Kevin Wolf", "kwolf@redhat.com", 301],
        ]),
        roles([
          ["stable maintainer", "Michael Roth", "michael.roth@amd.com"],
          ["maintainer: Overall KVM CPUs", "Paolo Bonzini", "pbonzini@redhat.com"],
          ["qemu.org system administrator", "Paolo Bonzini", "PBonzini@redhat.com"],
        ]),
        { id: "inc", kind: "include", email: "pbonzini@redhat.com", name: "Paolo", reason: "summit host" },
      ],
      noAliases,
    );
    expect(result.eligible).toEqual([
      { email: "michael.roth@amd.com", name: "Michael Roth", reasons: ["stable maintainer"] },
      {
        email: "pbonzini@redhat.com",
        name: "Paolo Bonzini",
        reasons: [
          "#2 by commits, 2017-01-01..2017-10-31: 398 commits",
          "maintainer: Overall KVM CPUs",
          "qemu.org system administrator",
          "added by hand: summit host",
        ],
      },
      {
        email: "peter.maydell@linaro.org",
        name: "Peter Maydell",
        reasons: ["#1 by commits, 2017-01-01..2017-10-31: 412 commits"],
      },
    ]);
    expect(result.excluded).toEqual([]);
  });

  it.each([
    [
      { label: "qemu.git", since: "2017-01-01", until: "2017-10-31" },
      "#7 by commits, 2017-01-01..2017-10-31: 412 commits",
    ],
    [
      { label: "shortlog pasted on 2017-11-02", since: null, until: null },
      "#7 by commits in shortlog pasted on 2017-11-02: 412 commits",
    ],
    [{ label: "qemu.git", since: "2017-01-01", until: null }, "#7 by commits, 2017-01-01..: 412 commits"],
    [{ label: "qemu.git", since: null, until: "2017-10-31" }, "#7 by commits, ..2017-10-31: 412 commits"],
  ])("words the top-N reason for %j", (source, reason) => {
    expect(topContributorReason(7, 412, source)).toBe(reason);
  });

  it("says 1 commit, not 1 commits", () => {
    expect(topContributorReason(3, 1, qemu2017)).toBe("#3 by commits, 2017-01-01..2017-10-31: 1 commit");
  });

  it("takes only the chosen roles", () => {
    const rule = roles(
      [
        ["stable maintainer", "Michael Roth", "michael.roth@amd.com"],
        ["qemu.org system administrator", "Jörg Mustermann", "joerg@example.org"],
      ],
      ["stable maintainer"],
    );
    expect(emailsOf(computeEligibility([rule], noAliases).eligible)).toEqual(["michael.roth@amd.com"]);
    expect(emailsOf(computeEligibility([{ ...rule, roles: [] }], noAliases).eligible)).toEqual([]);
  });

  it("gives a reason once even when two rules give it", () => {
    const rule = roles([["stable maintainer", "Michael Roth", "michael.roth@amd.com"]]);
    expect(computeEligibility([rule, rule], noAliases).eligible[0]?.reasons).toEqual(["stable maintainer"]);
  });

  it("keeps the name from the first rule that admits someone", () => {
    const result = computeEligibility(
      [
        { id: "a", kind: "include", email: "elmarco@example.net", name: "Marc-André Lureau", reason: "speaker" },
        roles([["maintainer: Character device backends", "M. Lureau", "ELMARCO@example.net"]]),
      ],
      noAliases,
    );
    expect(result.eligible).toEqual([
      {
        email: "elmarco@example.net",
        name: "Marc-André Lureau",
        reasons: ["added by hand: speaker", "maintainer: Character device backends"],
      },
    ]);
  });
});

describe("computeEligibility: one person, once", () => {
  const aliases = new Map([
    ["marcandre.lureau@gmail.com", "marcandre.lureau@redhat.com"],
    ["elmarco@example.net", "marcandre.lureau@gmail.com"],
  ]);

  it("matches people across sources through aliases and chains, under the canonical address", () => {
    const result = computeEligibility(
      [
        top(1, [["Marc-André Lureau", "elmarco@example.net", 50]]),
        roles([["maintainer: Character device backends", "Marc-André Lureau", "MarcAndre.Lureau@gmail.com"]]),
        { id: "i", kind: "include", email: "marcandre.lureau@redhat.com", name: "M.-A. L.", reason: "QAPI talk" },
      ],
      aliases,
    );
    expect(result.eligible).toEqual([
      {
        email: "marcandre.lureau@redhat.com",
        name: "Marc-André Lureau",
        reasons: [
          "#1 by commits, 2017-01-01..2017-10-31: 50 commits",
          "maintainer: Character device backends",
          "added by hand: QAPI talk",
        ],
      },
    ]);
  });

  it("adds up the commits of one person's addresses before ranking", () => {
    const people = topContributors(
      [
        { name: "Kevin Wolf", email: "kwolf@redhat.com", commits: 30 },
        { name: "Marc-André Lureau", email: "marcandre.lureau@redhat.com", commits: 20 },
        { name: "Marc-André Lureau", email: "marcandre.lureau@gmail.com", commits: 15 },
      ],
      1,
      aliases,
    );
    expect(people).toEqual([{ name: "Marc-André Lureau", email: "marcandre.lureau@redhat.com", commits: 35, rank: 1 }]);
  });

  it("matches addresses case-insensitively without any alias", () => {
    const result = computeEligibility(
      [
        top(5, [["Kevin Wolf", "KWolf@RedHat.com", 3]]),
        roles([["maintainer: Block layer core", "Kevin Wolf", "kwolf@redhat.com"]]),
      ],
      noAliases,
    );
    expect(result.eligible).toHaveLength(1);
    expect(result.eligible[0]?.email).toBe("kwolf@redhat.com");
    expect(result.eligible[0]?.reasons).toHaveLength(2);
  });
});

describe("computeEligibility: exclusion", () => {
  const rules: EligibilityRuleInput[] = [
    top(3, [
      ["Peter Maydell", "peter.maydell@linaro.org", 412],
      ["Paolo Bonzini", "pbonzini@redhat.com", 398],
      ["Kevin Wolf", "kwolf@redhat.com", 301],
    ]),
    roles([["stable maintainer", "Michael Roth", "michael.roth@amd.com"]]),
  ];

  it("removes a person excluded by hand, whatever admitted them, and says why", () => {
    const result = computeEligibility(
      [...rules, { id: "x", kind: "exclude", email: "PBonzini@redhat.com", reason: "on leave" }],
      noAliases,
    );
    expect(emailsOf(result.eligible)).toEqual(["kwolf@redhat.com", "michael.roth@amd.com", "peter.maydell@linaro.org"]);
    expect(result.excluded).toEqual([
      {
        email: "pbonzini@redhat.com",
        name: "Paolo Bonzini",
        reasons: ["#2 by commits, 2017-01-01..2017-10-31: 398 commits"],
        excludedBecause: "excluded by hand: on leave",
      },
    ]);
  });

  it("excludes through an alias, and wins over a later inclusion", () => {
    const result = computeEligibility(
      [
        { id: "x", kind: "exclude", email: "kevin@old.example.net", reason: "asked not to come" },
        ...rules,
        { id: "i", kind: "include", email: "kwolf@redhat.com", name: "Kevin Wolf", reason: "speaker" },
      ],
      new Map([["kevin@old.example.net", "kwolf@redhat.com"]]),
    );
    expect(emailsOf(result.eligible)).not.toContain("kwolf@redhat.com");
    expect(result.excluded.map((p) => [p.email, p.excludedBecause])).toEqual([
      ["kwolf@redhat.com", "excluded by hand: asked not to come"],
    ]);
  });

  it("keeps the first reason when someone is excluded twice", () => {
    const result = computeEligibility(
      [
        ...rules,
        { id: "x1", kind: "exclude", email: "kwolf@redhat.com", reason: "first" },
        { id: "x2", kind: "exclude", email: "kwolf@redhat.com", reason: "second" },
      ],
      noAliases,
    );
    expect(result.excluded.map((p) => p.excludedBecause)).toEqual(["excluded by hand: first"]);
  });

  it("lists nobody as excluded who was not admitted", () => {
    const result = computeEligibility(
      [...rules, { id: "x", kind: "exclude", email: "stranger@example.org", reason: "never invited" }],
      noAliases,
    );
    expect(result.excluded).toEqual([]);
    expect(result.eligible).toHaveLength(4);
  });
});

describe("computeEligibility: top N and ties at the N-th place", () => {
  const counts = (list: number[]): Array<[string, string, number]> =>
    list.map((commits, i) => [
      `Person ${String.fromCharCode(65 + i)}`,
      `${String.fromCharCode(97 + i)}@example.org`,
      commits,
    ]);

  const admitted = (n: number, list: number[]) =>
    computeEligibility([top(n, counts(list))], noAliases).eligible.map((p) => `${p.email} ${p.reasons[0]}`);

  it("states the tie rule for the UI in one sentence", () => {
    expect(TOP_N_TIE_RULE).toMatch(/N-th/);
    expect(TOP_N_TIE_RULE.trim().split(/\.\s/)).toHaveLength(1);
  });

  it("admits everyone tied with the N-th person, so more than N", () => {
    expect(admitted(3, [10, 9, 8, 8, 8, 7])).toEqual([
      "a@example.org #1 by commits, 2017-01-01..2017-10-31: 10 commits",
      "b@example.org #2 by commits, 2017-01-01..2017-10-31: 9 commits",
      "c@example.org #3 by commits, 2017-01-01..2017-10-31: 8 commits",
      "d@example.org #3 by commits, 2017-01-01..2017-10-31: 8 commits",
      "e@example.org #3 by commits, 2017-01-01..2017-10-31: 8 commits",
    ]);
  });

  it("admits a tie that starts above the N-th place and reaches it", () => {
    expect(admitted(2, [10, 10, 10, 5])).toHaveLength(3);
    expect(admitted(2, [10, 10, 10, 5]).every((line) => line.includes("#1 by commits"))).toBe(true);
  });

  it("admits exactly N when the tie is only below the N-th place", () => {
    expect(admitted(3, [10, 9, 8, 7, 7]).map((l) => l.split(" ")[0])).toEqual([
      "a@example.org",
      "b@example.org",
      "c@example.org",
    ]);
  });

  it("admits everyone when all are tied", () => {
    expect(admitted(1, [5, 5, 5])).toHaveLength(3);
  });

  it("gives tied people a shared rank and the next one the rank after them (1, 2, 2, 4)", () => {
    const ranks = topContributors(
      counts([9, 7, 7, 5]).map(([name, email, commits]) => ({ name, email, commits })),
      4,
      noAliases,
    ).map((c) => c.rank);
    expect(ranks).toEqual([1, 2, 2, 4]);
  });

  it("admits everyone when N is larger than the list", () => {
    expect(admitted(100, [3, 2, 1])).toHaveLength(3);
  });

  it("admits nobody for N of 0, an empty list, or people without commits", () => {
    expect(admitted(0, [3, 2, 1])).toEqual([]);
    expect(admitted(5, [])).toEqual([]);
    expect(admitted(5, [0, 0])).toEqual([]);
    expect(admitted(5, [4, 0])).toEqual(["a@example.org #1 by commits, 2017-01-01..2017-10-31: 4 commits"]);
  });

  it("does not depend on the order of the contributors", () => {
    const list: ContributorCount[] = counts([4, 8, 8, 1, 8, 3, 8]).map(([name, email, commits]) => ({
      name,
      email,
      commits,
    }));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(list, { minLength: list.length }),
        fc.integer({ min: 0, max: 9 }),
        (shuffled, n) => {
          expect(topContributors(shuffled, n, noAliases)).toEqual(topContributors(list, n, noAliases));
        },
      ),
    );
  });

  it("always admits at least min(N, people with commits), and all admitted have at least the N-th count", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 14 }),
        (list, n) => {
          const people = counts(list).map(([name, email, commits]) => ({ name, email, commits }));
          const chosen = topContributors(people, n, noAliases);
          const withCommits = list.filter((c) => c > 0).sort((a, b) => b - a);
          expect(chosen.length).toBeGreaterThanOrEqual(Math.min(n, withCommits.length));
          if (chosen.length > 0) {
            const threshold = withCommits[Math.min(n, withCommits.length) - 1]!;
            expect(chosen.every((c) => c.commits >= threshold)).toBe(true);
            expect(withCommits.filter((c) => c >= threshold)).toHaveLength(chosen.length);
          }
        },
      ),
    );
  });
});

describe("computeEligibility: order", () => {
  it("sorts by name in locale order, then by email", () => {
    const result = computeEligibility(
      [
        roles([
          ["r", "Zoë Example", "zoe@example.org"],
          ["r", "Łukasz Nowak", "lukasz@example.org"],
          ["r", "Marc-André Lureau", "marcandre@example.org"],
          ["r", "Ärne Example", "arne@example.org"],
          ["r", "alex Example", "alex@example.org"],
          ["r", "Jörg Mustermann", "joerg2@example.org"],
          ["r", "Jörg Mustermann", "joerg1@example.org"],
          ["r", "Lukas Meier", "lukas@example.org"],
        ]),
      ],
      noAliases,
    );
    expect(result.eligible.map((p) => `${p.name} <${p.email}>`)).toEqual([
      "alex Example <alex@example.org>",
      "Ärne Example <arne@example.org>",
      "Jörg Mustermann <joerg1@example.org>",
      "Jörg Mustermann <joerg2@example.org>",
      "Lukas Meier <lukas@example.org>",
      "Łukasz Nowak <lukasz@example.org>",
      "Marc-André Lureau <marcandre@example.org>",
      "Zoë Example <zoe@example.org>",
    ]);
  });

  it("uses the address as the name of someone added without one", () => {
    const result = computeEligibility(
      [{ id: "i", kind: "include", email: "Anon@Example.org", name: "  ", reason: "guest" }],
      noAliases,
    );
    expect(result.eligible).toEqual([
      { email: "anon@example.org", name: "anon@example.org", reasons: ["added by hand: guest"] },
    ]);
  });
});

// Random rule sets over a small pool of addresses, so that people collide often.
const pool = ["a@x.org", "B@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org", "old-a@y.net"];
const email = fc.constantFrom(...pool);
const name = fc.constantFrom("Jörg", "Łukasz", "Marc-André", "Ann", "");
const ruleArbitrary: fc.Arbitrary<EligibilityRuleInput> = fc.oneof(
  fc.record({
    id: fc.constant("t"),
    kind: fc.constant("top_contributors" as const),
    n: fc.integer({ min: 0, max: 8 }),
    source: fc.constant(qemu2017),
    contributors: fc.array(fc.record({ email, name, commits: fc.integer({ min: 0, max: 5 }) }), { maxLength: 8 }),
  }),
  fc.record({
    id: fc.constant("r"),
    kind: fc.constant("responsibility" as const),
    roles: fc.oneof(fc.constant("all" as const), fc.subarray(["stable maintainer", "sysadmin"])),
    responsibilities: fc.array(fc.record({ role: fc.constantFrom("stable maintainer", "sysadmin"), email, name }), {
      maxLength: 4,
    }),
  }),
  fc.record({ id: fc.constant("i"), kind: fc.constant("include" as const), email, name, reason: fc.constant("guest") }),
  fc.record({ id: fc.constant("x"), kind: fc.constant("exclude" as const), email, reason: fc.constant("no") }),
);
const aliasArbitrary = fc.constantFrom<ReadonlyMap<string, string>>(
  new Map(),
  new Map([["old-a@y.net", "a@x.org"]]),
  new Map([
    ["old-a@y.net", "c@x.org"],
    ["c@x.org", "a@x.org"],
  ]),
);

describe("computeEligibility: laws", () => {
  it("never lists an address twice, nor both eligible and excluded", () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary, { maxLength: 6 }), aliasArbitrary, (rules, aliases) => {
        const { eligible, excluded } = computeEligibility(rules, aliases);
        const all = [...eligible, ...excluded].map((p) => p.email);
        expect(new Set(all).size).toBe(all.length);
        expect(all.every((e) => e === e.toLowerCase() && !aliases.has(e))).toBe(true);
      }),
    );
  });

  it("gives every listed person at least one reason, each reason once", () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary, { maxLength: 6 }), aliasArbitrary, (rules, aliases) => {
        const { eligible, excluded } = computeEligibility(rules, aliases);
        for (const person of [...eligible, ...excluded]) {
          expect(person.reasons.length).toBeGreaterThan(0);
          expect(new Set(person.reasons).size).toBe(person.reasons.length);
        }
      }),
    );
  });

  it("is deterministic and sorted", () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary, { maxLength: 6 }), aliasArbitrary, (rules, aliases) => {
        const first = computeEligibility(rules, aliases);
        expect(computeEligibility(structuredClone(rules), aliases)).toEqual(first);
        const collator = new Intl.Collator("en");
        for (let i = 1; i < first.eligible.length; i += 1) {
          const [a, b] = [first.eligible[i - 1]!, first.eligible[i]!];
          const order = collator.compare(a.name, b.name);
          expect(order < 0 || (order === 0 && a.email < b.email)).toBe(true);
        }
      }),
    );
  });

  it("lets an exclusion only remove people, and removes exactly the excluded", () => {
    fc.assert(
      fc.property(fc.array(ruleArbitrary, { maxLength: 6 }), email, aliasArbitrary, (rules, target, aliases) => {
        const without = computeEligibility(rules, aliases);
        const withExclusion = computeEligibility(
          [...rules, { id: "z", kind: "exclude", email: target, reason: "z" }],
          aliases,
        );
        const { added, removed } = diffEligibility(without.eligible, withExclusion.eligible);
        expect(added).toEqual([]);
        expect(removed.length).toBeLessThanOrEqual(1);
        expect(emailsOf(withExclusion.excluded)).toEqual(expect.arrayContaining(emailsOf(removed)));
      }),
    );
  });
});

describe("diffEligibility", () => {
  const person = (email: string, name = email): EligiblePerson => ({ email, name, reasons: ["r"] });

  it("says who was added and who dropped out", () => {
    const before = [person("a@x.org"), person("b@x.org"), person("c@x.org")];
    const after = [person("b@x.org"), person("D@x.org"), person("C@X.org")];
    expect(diffEligibility(before, after)).toEqual({ added: [person("D@x.org")], removed: [person("a@x.org")] });
  });

  it("finds nothing between a list and itself", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          email.map((e) => person(e.toLowerCase())),
          { selector: (p) => p.email },
        ),
        (list) => {
          expect(diffEligibility(list, list)).toEqual({ added: [], removed: [] });
        },
      ),
    );
  });

  it("is consistent: before minus removed plus added is after, and swapping swaps the answer", () => {
    const list = fc.uniqueArray(
      email.map((e) => person(e.toLowerCase())),
      { selector: (p) => p.email },
    );
    fc.assert(
      fc.property(list, list, (before, after) => {
        const { added, removed } = diffEligibility(before, after);
        const rebuilt = new Set([
          ...emailsOf(before).filter((e) => !emailsOf(removed).includes(e)),
          ...emailsOf(added),
        ]);
        expect([...rebuilt].sort()).toEqual(emailsOf(after).sort());
        expect(emailsOf(added).some((e) => emailsOf(before).includes(e))).toBe(false);
        expect(emailsOf(removed).some((e) => emailsOf(after).includes(e))).toBe(false);
        expect(diffEligibility(after, before)).toEqual({ added: removed, removed: added });
      }),
    );
  });
});

describe("computeEligibility at summit scale", () => {
  it("combines 20 rules over 5,000 candidates into one list", () => {
    const contributors: ContributorCount[] = Array.from({ length: 5000 }, (_, i) => ({
      name: `Person ${i}`,
      email: `person.${i}@example.org`,
      commits: 5000 - i,
    }));
    const rules: EligibilityRuleInput[] = Array.from({ length: 20 }, (_, r) =>
      r % 2 === 0
        ? top(
            100 * (r + 1),
            contributors.map((c) => [c.name, c.email, c.commits]),
          )
        : roles(contributors.slice(r * 100, r * 100 + 50).map((c) => [`role ${r}`, c.name, c.email])),
    );
    const result = computeEligibility(rules, noAliases);
    // Top 1,900 by commits, plus the holders of "role 19" (people 1,900 to 1,949).
    expect(result.eligible).toHaveLength(1950);
    // Rule order: "role 1" (rule 2) before the top 300 (rule 3); nine top-N rules give
    // person 100 the same reason, which is listed once.
    expect(result.eligible.find((p) => p.email === "person.100@example.org")?.reasons).toEqual([
      "role 1",
      "#101 by commits, 2017-01-01..2017-10-31: 4900 commits",
    ]);
  });
});
