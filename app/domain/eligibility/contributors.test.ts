import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countCommitsFromLog,
  parseContributorCsv,
  parseShortlog,
  rankContributors,
  type ContributorCount,
} from "./contributors";
import { NotThatFormatError } from "./import-report";

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/${name}`, import.meta.url), "utf8");

describe("parseShortlog", () => {
  it("reads the shortlog fixture, merging addresses that differ only in case", () => {
    const report = parseShortlog(fixture("shortlog.txt"));
    expect(report.skipped).toEqual([]);
    expect(report.duplicatesMerged).toBe(1);
    expect(report.accepted).toHaveLength(16);
    expect(report.accepted[0]).toEqual({ email: "peter.maydell@linaro.org", name: "Peter Maydell", commits: 412 });
    expect(report.accepted.find((c) => c.email === "kwolf@redhat.com")).toEqual({
      email: "kwolf@redhat.com",
      name: "Kevin Wolf",
      commits: 355,
    });
    // Two different addresses stay two contributors until a mailmap says otherwise.
    expect(report.accepted.filter((c) => c.name === "Marc-André Lureau").map((c) => c.email)).toEqual([
      "marcandre.lureau@redhat.com",
      "marcandre.lureau@gmail.com",
    ]);
    expect(report.accepted.map((c) => c.name)).toEqual(expect.arrayContaining(["Jörg Mustermann", "Łukasz Nowak"]));
  });

  it.each([
    [
      "a right-aligned count",
      "   412\tPeter Maydell <peter.maydell@linaro.org>",
      { commits: 412, name: "Peter Maydell" },
    ],
    ["a wide count", "123456\tAlex Bennée <alex.bennee@linaro.org>", { commits: 123456, name: "Alex Bennée" }],
    ["no leading spaces", "7\tŁukasz Nowak <lukasz.nowak@example.org>", { commits: 7, name: "Łukasz Nowak" }],
    [
      "an upper-case address",
      "     3\tJörg Mustermann <Joerg@Example.ORG>",
      { commits: 3, email: "joerg@example.org" },
    ],
    ["trailing spaces", "     3\tMarc-André Lureau <marcandre.lureau@redhat.com>   ", { name: "Marc-André Lureau" }],
    ["no name", "     2\t<anonymous@example.org>", { name: "Anonymous", email: "anonymous@example.org" }],
  ])("accepts %s", (_label, line, expected) => {
    const report = parseShortlog(`${line}\n`);
    expect(report.skipped).toEqual([]);
    expect(report.accepted).toHaveLength(1);
    expect(report.accepted[0]).toMatchObject(expected);
  });

  it.each([
    ["a line without an email (shortlog -sn)", "    12\tPeter Maydell", "no email address (run git shortlog with -e)"],
    ["an empty address", "    12\tPeter Maydell <>", "no email address", 12],
    [
      "a count that is not a number",
      "  twelve\tPeter Maydell <pm@example.org>",
      'commit count "twelve" is not a whole number',
    ],
    ["a negative count", "   -12\tPeter Maydell <pm@example.org>", 'commit count "-12" is not a whole number'],
    ["a zero count", "     0\tPeter Maydell <pm@example.org>", "commit count is 0"],
    ["a huge count", "99999999999\tPeter Maydell <pm@example.org>", "commit count 99999999999 is too large"],
    [
      "an address that cannot be mailed",
      "     5\tRoot <root@localhost>",
      '"root@localhost" is a local machine\'s address',
      5,
    ],
    [
      "garbage",
      "warning: refname 'HEAD' is ambiguous.",
      "not a shortlog line (expected a commit count, a tab, then Name <email>)",
    ],
    [
      "spaces instead of the tab",
      "    12 Peter Maydell <pm@example.org>",
      "not a shortlog line (expected a commit count, a tab, then Name <email>)",
    ],
  ])("skips %s with its line number and reason", (_label, line, reason, commits?: number) => {
    const report = parseShortlog(
      `   100\tKevin Wolf <kwolf@redhat.com>\n${line}\n    50\tHanna Reitz <hreitz@redhat.com>\n`,
    );
    expect(report.accepted.map((c) => c.email)).toEqual(["kwolf@redhat.com", "hreitz@redhat.com"]);
    // A line read as far as its address says how many commits it skipped.
    expect(report.skipped).toEqual([{ line: 2, text: line.trim(), reason, ...(commits ? { commits } : {}) }]);
  });

  it("merges duplicates case-insensitively, adding commits and keeping the first name", () => {
    const report = parseShortlog(
      [
        "    40\tKevin Wolf <kwolf@redhat.com>",
        "    30\tHanna Reitz <hreitz@redhat.com>",
        "     2\tKevin Wolf (Red Hat) <KWolf@RedHat.com>",
        "     1\tkwolf <kwolf@redhat.com>",
      ].join("\n"),
    );
    expect(report.duplicatesMerged).toBe(2);
    expect(report.accepted).toEqual([
      { email: "kwolf@redhat.com", name: "Kevin Wolf", commits: 43 },
      { email: "hreitz@redhat.com", name: "Hanna Reitz", commits: 30 },
    ]);
  });

  it("reads Windows line endings, a byte-order mark and blank lines", () => {
    const report = parseShortlog(
      "\uFEFF   412\tJörg Mustermann <joerg@example.org>\r\n\r\n    12\tŁukasz Nowak <lukasz@example.org>\r\n",
    );
    expect(report.skipped).toEqual([]);
    expect(report.accepted).toEqual([
      { email: "joerg@example.org", name: "Jörg Mustermann", commits: 412 },
      { email: "lukasz@example.org", name: "Łukasz Nowak", commits: 12 },
    ]);
  });

  it("reports the right line numbers in a longer file", () => {
    const report = parseShortlog(
      "   10\tA <a@example.org>\n\n   9\tB\nnoise\n   8\tC <c@example.org>\n   x\tD <d@example.org>\n",
    );
    expect(report.skipped.map((s) => s.line)).toEqual([3, 4, 6]);
    expect(report.accepted).toHaveLength(2);
  });

  it("puts a name on one line and refuses one longer than 100 characters", () => {
    const report = parseShortlog(
      `     4\tJörg\u0007  Mustermann <joerg@example.org>\n     2\t${"Ł".repeat(101)} <l@example.org>\n`,
    );
    expect(report.accepted).toEqual([{ email: "joerg@example.org", name: "Jörg Mustermann", commits: 4 }]);
    expect(report.skipped).toEqual([
      {
        line: 2,
        text: `2\t${"Ł".repeat(101)} <l@example.org>`,
        reason: "name is longer than 100 characters",
        commits: 2,
      },
    ]);
  });

  it("keeps long garbage lines short in the report", () => {
    const report = parseShortlog(`   1\tA <a@example.org>\n${"x".repeat(5000)}\n`);
    expect(report.skipped[0]?.text.length).toBeLessThanOrEqual(200);
  });

  it.each([
    ["a CSV", fixture("contributors.csv")],
    ["a MAINTAINERS file", fixture("MAINTAINERS.excerpt")],
    ["plain git log output", "commit 3f2c1a9\nAuthor: Peter Maydell <peter.maydell@linaro.org>\n\n    Fix it\n"],
    ["an empty text", ""],
    ["white space only", "  \n\r\n\t\n"],
  ])("refuses %s as not shortlog output", (_label, text) => {
    expect(() => parseShortlog(text)).toThrow(NotThatFormatError);
    expect(() => parseShortlog(text)).toThrow(/not `git shortlog -sne` output/);
  });

  it("names the error so callers can tell it from a crash", () => {
    try {
      parseShortlog("name,email,commits\n");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotThatFormatError);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe("NotThatFormatError");
    }
  });
});

describe("parseContributorCsv", () => {
  it("reads the CSV fixture (Windows line endings, quoted fields, header)", () => {
    const report = parseContributorCsv(fixture("contributors.csv"));
    expect(report.accepted).toEqual([
      { email: "peter.maydell@linaro.org", name: "Peter Maydell", commits: 412 },
      { email: "berrange@redhat.com", name: "Berrangé, Daniel P.", commits: 176 },
      { email: "joerg.mustermann@example.org", name: "Jörg Mustermann", commits: 98 },
      { email: "lukasz.nowak@example.org", name: "Łukasz Nowak", commits: 87 },
      { email: "marcandre.lureau@redhat.com", name: 'Marc-André "elmarco" Lureau', commits: 300 },
      { email: "thuth@redhat.com", name: "Thomas Huth", commits: 1 },
    ]);
    expect(report.duplicatesMerged).toBe(1);
    expect(report.skipped).toEqual([
      { line: 8, text: "Anonymous Coward,,5", reason: "no email address", commits: 5 },
      {
        line: 9,
        text: "Stefan Hajnoczi,stefanha@redhat.com,many",
        reason: 'commit count "many" is not a whole number',
      },
      {
        line: 10,
        text: "Cornelia Huck,cohuck@redhat.com,3,extra",
        reason: "expected 3 fields (name, email, commits), found 4",
      },
    ]);
  });

  it("reads a file without a header", () => {
    const report = parseContributorCsv("Kevin Wolf,kwolf@redhat.com,301\nHanna Reitz,hreitz@redhat.com,120\n");
    expect(report.accepted.map((c) => c.email)).toEqual(["kwolf@redhat.com", "hreitz@redhat.com"]);
    expect(report.skipped).toEqual([]);
  });

  it("follows a header that names the columns in another order", () => {
    const report = parseContributorCsv("Email,Commits,Name\nkwolf@redhat.com,301,Kevin Wolf\n");
    expect(report.accepted).toEqual([{ email: "kwolf@redhat.com", name: "Kevin Wolf", commits: 301 }]);
  });

  it.each([
    ["a short row", "Kevin Wolf,kwolf@redhat.com", "expected 3 fields (name, email, commits), found 2"],
    ["a missing count", "Kevin Wolf,kwolf@redhat.com,", "no commit count"],
    ["a decimal count", "Kevin Wolf,kwolf@redhat.com,3.5", 'commit count "3.5" is not a whole number'],
    ["a bad address", "Kevin Wolf,kwolf at redhat.com,3", '"kwolf at redhat.com" is not a plain email address', 3],
    [
      "a name with a display address",
      "Kevin Wolf,Kevin <kwolf@redhat.com>,3",
      '"Kevin <kwolf@redhat.com>" is not a plain email address',
      3,
    ],
  ])("skips %s with its line number", (_label, line, reason, commits?: number) => {
    const report = parseContributorCsv(`name,email,commits\nHanna Reitz,hreitz@redhat.com,9\n${line}\n`);
    expect(report.accepted.map((c) => c.email)).toEqual(["hreitz@redhat.com"]);
    expect(report.skipped).toEqual([{ line: 3, text: line, reason, ...(commits ? { commits } : {}) }]);
  });

  it("counts lines of a quoted field that spans lines", () => {
    const report = parseContributorCsv('"Jörg\nMustermann",joerg@example.org,3\nbad,row\n');
    expect(report.accepted).toEqual([{ email: "joerg@example.org", name: "Jörg Mustermann", commits: 3 }]);
    expect(report.skipped).toEqual([
      { line: 3, text: "bad,row", reason: "expected 3 fields (name, email, commits), found 2" },
    ]);
  });

  it("reports a quote that is never closed instead of failing the whole file", () => {
    const report = parseContributorCsv(
      'Kevin Wolf,kwolf@redhat.com,3\n"Hanna Reitz,hreitz@redhat.com,2\nA,a@example.org,1\n',
    );
    expect(report.accepted).toEqual([{ email: "kwolf@redhat.com", name: "Kevin Wolf", commits: 3 }]);
    expect(report.skipped).toHaveLength(1);
    expect(report.skipped[0]).toMatchObject({ line: 2, text: '"Hanna Reitz,hreitz@redhat.com,2' });
    expect(report.skipped[0]?.reason).toMatch(/quoted field is never closed/);
  });

  it("takes a stray quote inside an unquoted field as text", () => {
    const report = parseContributorCsv('Daniel "danpb" Berrangé,berrange@redhat.com,4\n');
    expect(report.accepted).toEqual([{ email: "berrange@redhat.com", name: 'Daniel "danpb" Berrangé', commits: 4 }]);
  });

  it.each([
    ["shortlog output", fixture("shortlog.txt")],
    ["a MAINTAINERS file", fixture("MAINTAINERS.excerpt")],
    ["an empty text", ""],
    ["a CSV of something else", "date,amount\n2017-01-01,12\n"],
    ["prose", "Dear organizers,\nplease invite me.\n"],
  ])("refuses %s as not a contributor CSV", (_label, text) => {
    expect(() => parseContributorCsv(text)).toThrow(NotThatFormatError);
    expect(() => parseContributorCsv(text)).toThrow(/not a CSV of contributors/);
  });
});

describe("countCommitsFromLog", () => {
  it("counts commits per address, case-insensitively, keeping the first name", () => {
    const counts = countCommitsFromLog([
      "Kevin Wolf\0kwolf@redhat.com",
      "Hanna Reitz\0hreitz@redhat.com",
      "Kevin Wolf\0KWolf@redhat.com",
      "Kevin\0kwolf@redhat.com",
      "",
      "Marc-André Lureau\0marcandre.lureau@redhat.com\r",
    ]).counts;
    expect(counts).toEqual([
      { email: "kwolf@redhat.com", name: "Kevin Wolf", commits: 3 },
      { email: "hreitz@redhat.com", name: "Hanna Reitz", commits: 1 },
      { email: "marcandre.lureau@redhat.com", name: "Marc-André Lureau", commits: 1 },
    ]);
  });

  it("keeps a name on one line and at most 100 characters, as git gives any name", () => {
    const [count] = countCommitsFromLog([`${"Ä".repeat(150)}\t x\0a@example.org`]).counts;
    expect(count?.name).toBe("Ä".repeat(100));
    expect(countCommitsFromLog(["Jörg\tMustermann\0j@example.org"]).counts[0]?.name).toBe("Jörg Mustermann");
  });

  it("names a person by the name on most of their commits, not by the newest", () => {
    // git log lists the newest commit first: here the newest uses a short form of the name.
    const { counts } = countCommitsFromLog([
      "Paolo\0pbonzini@redhat.com",
      "Paolo Bonzini\0pbonzini@redhat.com",
      "Paolo Bonzini\0PBonzini@redhat.com",
      "Markus\0armbru@redhat.com",
      "Markus Armbruster\0armbru@redhat.com",
    ]);
    expect(counts).toEqual([
      { email: "pbonzini@redhat.com", name: "Paolo Bonzini", commits: 3 },
      // A tie keeps the name seen first.
      { email: "armbru@redhat.com", name: "Markus", commits: 2 },
    ]);
  });

  it("skips the addresses a pasted shortlog skips, with their commits and the same reasons", () => {
    const history = [
      ...Array<string>(40).fill("renovate[bot]\u000029139614+renovate[bot]@users.noreply.github.com"),
      ...Array<string>(3).fill("GitHub\u0000noreply@github.com"),
      "Peter Maydell\u0000peter.maydell@linaro.org",
      "root\u0000root@localhost",
      "Builder\u0000builder@buildhost.(none)",
      "Anonymous\u0000",
      "Machine\u0000user@machine",
      "Hidden Person\u000012345+person@users.noreply.github.com",
    ];
    const { counts, skipped } = countCommitsFromLog(history);
    expect(counts.map((c) => c.email)).toEqual(["12345+person@users.noreply.github.com", "peter.maydell@linaro.org"]);
    expect(skipped).toEqual([
      {
        text: "renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>",
        kind: "bot",
        reason: '"29139614+renovate[bot]@users.noreply.github.com" is a bot\'s address',
        commits: 40,
      },
      {
        text: "GitHub <noreply@github.com>",
        kind: "noReply",
        reason: '"noreply@github.com" is a no-reply service address',
        commits: 3,
      },
      { text: "Anonymous <>", kind: "none", reason: "no email address", commits: 1 },
      {
        text: "Builder <builder@buildhost.(none)>",
        kind: "placeholder",
        reason: '"builder@buildhost.(none)" is git\'s placeholder for an unset address',
        commits: 1,
      },
      { text: "Machine <user@machine>", kind: "noDomain", reason: '"user@machine" has no domain', commits: 1 },
      {
        text: "root <root@localhost>",
        kind: "localMachine",
        reason: '"root@localhost" is a local machine\'s address',
        commits: 1,
      },
    ]);
    // The same history pasted as `git shortlog -sne` output skips the same people for the same reasons.
    const pasted = parseShortlog(
      [
        "    40\trenovate[bot] <29139614+renovate[bot]@users.noreply.github.com>",
        "     3\tGitHub <noreply@github.com>",
        "     1\tPeter Maydell <peter.maydell@linaro.org>",
        "     1\troot <root@localhost>",
        "     1\tBuilder <builder@buildhost.(none)>",
        "     1\tMachine <user@machine>",
      ].join("\n"),
    );
    expect(pasted.accepted.map((c) => c.email)).toEqual(["peter.maydell@linaro.org"]);
    expect(new Set(pasted.skipped.map((s) => s.reason))).toEqual(
      new Set(skipped.filter((s) => s.text !== "Anonymous <>").map((s) => s.reason)),
    );
  });

  it("accepts any iterable, such as a generator", () => {
    function* lines() {
      yield "Jörg Mustermann\0joerg@example.org";
      yield "Jörg Mustermann\0joerg@example.org";
    }
    expect(countCommitsFromLog(lines()).counts).toEqual([
      { email: "joerg@example.org", name: "Jörg Mustermann", commits: 2 },
    ]);
  });

  it("gives the exact counts for 100,000 lines by 2,000 authors", () => {
    const lines: string[] = [];
    const expected = new Map<string, number>();
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 100_000; i += 1) {
      // A skewed distribution, as in real projects: a few authors write most commits.
      const author = Math.floor(2000 * random() ** 3);
      const email = `author.${author}@example.org`;
      lines.push(`Äuthor ${author}\0${i % 7 === 0 ? email.toUpperCase() : email}`);
      expected.set(email, (expected.get(email) ?? 0) + 1);
    }
    const { counts } = countCommitsFromLog(lines);
    expect(counts).toHaveLength(expected.size);
    expect(counts.reduce((sum, c) => sum + c.commits, 0)).toBe(100_000);
    for (const c of counts) expect(c.commits).toBe(expected.get(c.email));
    expect(counts).toEqual(rankContributors(counts));
  });
});

describe("rankContributors", () => {
  it("orders by commits, then by email, without changing its input", () => {
    const input: ContributorCount[] = [
      { email: "b@example.org", name: "B", commits: 5 },
      { email: "c@example.org", name: "C", commits: 9 },
      { email: "a@example.org", name: "A", commits: 5 },
    ];
    const copy = structuredClone(input);
    expect(rankContributors(input).map((c) => c.email)).toEqual(["c@example.org", "a@example.org", "b@example.org"]);
    expect(input).toEqual(copy);
  });

  it("is deterministic whatever the input order", () => {
    const contributor = fc.record({
      email: fc.constantFrom("a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org"),
      name: fc.string(),
      commits: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(contributor, { selector: (c) => c.email }), (counts) => {
        const ranked = rankContributors(counts);
        expect(rankContributors([...counts].reverse())).toEqual(ranked);
        for (let i = 1; i < ranked.length; i += 1) {
          const [prev, next] = [ranked[i - 1]!, ranked[i]!];
          expect(prev.commits > next.commits || (prev.commits === next.commits && prev.email < next.email)).toBe(true);
        }
      }),
    );
  });
});

describe("parsers and merging (properties)", () => {
  it("shortlog parsing accepts each well-formed line once and sums duplicates", () => {
    const entry = fc.record({
      local: fc.constantFrom("kwolf", "KWolf", "hreitz", "joerg", "Lukasz"),
      name: fc.constantFrom("Kevin Wolf", "Hanna Reitz", "Jörg Mustermann", "Łukasz Nowak", "Marc-André Lureau"),
      commits: fc.integer({ min: 1, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 30 }), (entries) => {
        const text = entries
          .map((e) => `${String(e.commits).padStart(6)}\t${e.name} <${e.local}@example.org>`)
          .join("\n");
        const report = parseShortlog(text);
        const emails = new Set(entries.map((e) => `${e.local.toLowerCase()}@example.org`));
        expect(report.skipped).toEqual([]);
        expect(report.accepted).toHaveLength(emails.size);
        expect(report.duplicatesMerged).toBe(entries.length - emails.size);
        const total = (list: { commits: number }[]) => list.reduce((sum, e) => sum + e.commits, 0);
        expect(total(report.accepted)).toBe(total(entries));
      }),
    );
  });
});
