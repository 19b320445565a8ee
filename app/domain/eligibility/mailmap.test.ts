import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aliasMap, canonicalEmail, cleanPersonName, parseMailmap } from "./mailmap";

describe("parseMailmap", () => {
  it.each([
    ["a name fix only", "Jörg Mustermann <joerg@example.org>", []],
    [
      "<proper> <commit>",
      "<joerg@example.org> <joerg@old.example.net>",
      [["joerg@old.example.net", "joerg@example.org"]],
    ],
    [
      "Proper Name <proper> <commit>",
      "Marc-André Lureau <marcandre.lureau@redhat.com> <marcandre.lureau@gmail.com>",
      [["marcandre.lureau@gmail.com", "marcandre.lureau@redhat.com"]],
    ],
    [
      "Proper Name <proper> Commit Name <commit>",
      "Łukasz Nowak <lukasz.nowak@example.org> Lukasz Nowak <lnowak@old.example.net>",
      [["lnowak@old.example.net", "lukasz.nowak@example.org"]],
    ],
    [
      "upper-case addresses",
      "<Peter.Maydell@Linaro.org> <PMaydell@Chiark.greenend.org.uk>",
      [["pmaydell@chiark.greenend.org.uk", "peter.maydell@linaro.org"]],
    ],
    ["the same address twice", "Kevin Wolf <kwolf@redhat.com> <KWolf@redhat.com>", []],
    ["a trailing comment", "<a@example.org> <b@example.org> # renamed in 2019", [["b@example.org", "a@example.org"]]],
    ["leading white space", "   <a@example.org>\t<b@example.org>", [["b@example.org", "a@example.org"]]],
  ])("reads %s", (_label, line, pairs) => {
    const { aliases, skipped } = parseMailmap(`${line}\n`);
    expect(skipped).toEqual([]);
    expect(aliases).toEqual(pairs.map(([alias, canonical]) => ({ alias, canonical })));
  });

  it("ignores comments and blank lines, reads Windows line endings", () => {
    const text = [
      "# This list is used by git-shortlog to fix a few botched name translations",
      "#",
      "",
      "Alex Bennée <alex.bennee@linaro.org> <alex@bennee.com>",
      "   # an indented comment",
      "Daniel P. Berrangé <berrange@redhat.com> <dan@berrange.com>",
    ].join("\r\n");
    const { aliases, skipped } = parseMailmap(text);
    expect(skipped).toEqual([]);
    expect(aliases).toEqual([
      { alias: "alex@bennee.com", canonical: "alex.bennee@linaro.org" },
      { alias: "dan@berrange.com", canonical: "berrange@redhat.com" },
    ]);
  });

  it.each([
    ["a line without angle brackets", "Jörg Mustermann joerg@example.org", "no email address in angle brackets"],
    [
      "three addresses",
      "<a@example.org> <b@example.org> <c@example.org>",
      "3 email addresses; a mailmap line has one or two",
    ],
    ["an empty address", "Name <> <b@example.org>", "an email address is empty or contains spaces"],
    ["an address with a space", "<a @example.org> <b@example.org>", "an email address is empty or contains spaces"],
  ])("skips %s with its line number", (_label, line, reason) => {
    const { aliases, skipped } = parseMailmap(`<x@example.org> <y@example.org>\n${line}\n`);
    expect(aliases).toEqual([{ alias: "y@example.org", canonical: "x@example.org" }]);
    expect(skipped).toEqual([{ line: 2, text: line, reason }]);
  });

  it("lets a later line for the same commit address win, as git does", () => {
    const { aliases } = parseMailmap("<first@example.org> <old@example.org>\n<second@example.org> <OLD@example.org>\n");
    expect(aliases).toEqual([{ alias: "old@example.org", canonical: "second@example.org" }]);
  });

  it("reads old addresses mapped back to names with accents and in other scripts, in each form", () => {
    const text = [
      "<thomas.mueller@example.org> <thomas.mueller@old-20.example.net>",
      "Jörg Weiß <jorg.weiss@example.org> <jorg.weiss@old-17.example.net>",
      "Łukasz Kowalski <lukasz.kowalski@example.org> Lukasz Kowalski <lukasz.kowalski@old-99.example.net>",
      "王伟 <wang.wei@example.com> Wang Wei <wang.wei@old-16.example.net>",
      "",
    ].join("\n");
    expect(parseMailmap(text)).toEqual({
      aliases: [
        { alias: "thomas.mueller@old-20.example.net", canonical: "thomas.mueller@example.org" },
        { alias: "jorg.weiss@old-17.example.net", canonical: "jorg.weiss@example.org" },
        { alias: "lukasz.kowalski@old-99.example.net", canonical: "lukasz.kowalski@example.org" },
        { alias: "wang.wei@old-16.example.net", canonical: "wang.wei@example.com" },
      ],
      skipped: [],
    });
  });
});

describe("canonicalEmail", () => {
  const aliases = aliasMap(
    parseMailmap(
      [
        "<marcandre.lureau@redhat.com> <marcandre.lureau@gmail.com>",
        "<marcandre.lureau@gmail.com> <elmarco@example.net>",
        "<c@example.org> <b@example.org>",
        "<b@example.org> <a@example.org>",
        "<z@example.org> <y@example.org>",
        "<y@example.org> <z@example.org>",
      ].join("\n"),
    ).aliases,
  );

  it.each([
    ["an unknown address, lower-cased", "Someone@Example.org", "someone@example.org"],
    ["a canonical address", "marcandre.lureau@redhat.com", "marcandre.lureau@redhat.com"],
    ["a direct alias", "marcandre.lureau@gmail.com", "marcandre.lureau@redhat.com"],
    ["a chain of aliases", "elmarco@example.net", "marcandre.lureau@redhat.com"],
    ["a chain, in capitals", "A@EXAMPLE.ORG", "c@example.org"],
    ["white space around it", "  b@example.org ", "c@example.org"],
  ])("maps %s", (_label, email, expected) => {
    expect(canonicalEmail(email, aliases)).toBe(expected);
  });

  it("resolves a cycle to the same address from every member", () => {
    expect(canonicalEmail("y@example.org", aliases)).toBe("y@example.org");
    expect(canonicalEmail("z@example.org", aliases)).toBe("y@example.org");
  });

  it("stops on an address that maps to itself", () => {
    expect(canonicalEmail("self@example.org", new Map([["self@example.org", "self@example.org"]]))).toBe(
      "self@example.org",
    );
  });

  it("always ends, and is idempotent, for any alias map", () => {
    const address = fc.constantFrom("a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org", "f@x.org");
    fc.assert(
      fc.property(fc.array(fc.tuple(address, address)), address, (pairs, email) => {
        const map = new Map(pairs);
        const canonical = canonicalEmail(email, map);
        expect(canonicalEmail(canonical, map)).toBe(canonical);
      }),
    );
  });

  it("gives every address of a connected alias chain the same answer", () => {
    const address = fc.constantFrom("a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org", "f@x.org");
    fc.assert(
      fc.property(fc.array(fc.tuple(address, address)), (pairs) => {
        const map = new Map(pairs);
        for (const [alias, target] of map) {
          expect(canonicalEmail(alias, map)).toBe(canonicalEmail(target, map));
        }
      }),
    );
  });
});

describe("cleanPersonName", () => {
  it.each([
    ["  Jörg   Mustermann ", "Jörg Mustermann"],
    ["Łukasz\r\nNowak", "Łukasz Nowak"],
    ["Marc-André\u0000\u001bLureau", "Marc-André Lureau"],
    ["Bcc: x@example.org\nSubject", "Bcc: x@example.org Subject"],
    ["\t", ""],
  ])("makes %j one line", (raw, clean) => {
    expect(cleanPersonName(raw)).toBe(clean);
  });
});
