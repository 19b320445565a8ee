import { describe, expect, it } from "vitest";
import {
  describeImportPeriod,
  describePeriod,
  describeRule,
  includedName,
  ruleRoles,
  type SourcePeriod,
} from "./rule-text";

const SOURCE_ID = "8a0c2f8e-7c1b-4a53-9d0e-5b3f2d1c4e6a";
const sources: ReadonlyMap<string, SourcePeriod> = new Map([
  [SOURCE_ID, { label: "qemu.git", since: "2017-01-01", until: "2017-10-31" }],
]);

describe("describePeriod", () => {
  it.each([
    ["2017-01-01", "2017-10-31", "2017-01-01..2017-10-31"],
    ["2017-01-01", null, "since 2017-01-01"],
    [null, "2017-10-31", "up to 2017-10-31"],
    [null, null, "all time"],
  ])("words %s to %s as %s", (since, until, words) => {
    expect(describePeriod({ since, until })).toBe(words);
  });
});

describe("describeImportPeriod", () => {
  it.each([
    ["2017-01-01", "2017-10-31", "2017-01-01..2017-10-31"],
    ["2017-01-01", null, "from 2017-01-01"],
    [null, "2017-10-31", "until 2017-10-31"],
    [null, null, "period not stated"],
  ])("words %s to %s as %s", (since, until, words) => {
    expect(describeImportPeriod(since, until)).toBe(words);
  });
});

describe("describeRule", () => {
  it("names the source and its period of a top-N rule, and one contributor in the singular", () => {
    expect(describeRule({ kind: "top_contributors", params: { sourceId: SOURCE_ID, n: 20 } }, sources)).toBe(
      "The top 20 contributors by commits in “qemu.git” (2017-01-01..2017-10-31)",
    );
    expect(describeRule({ kind: "top_contributors", params: { sourceId: SOURCE_ID, n: 1 } }, sources)).toBe(
      "The top contributor by commits in “qemu.git” (2017-01-01..2017-10-31)",
    );
  });

  it("says that a top-N rule over a removed source admits nobody", () => {
    expect(describeRule({ kind: "top_contributors", params: { sourceId: "gone", n: 5 } }, sources)).toBe(
      "The top 5 contributors by commits in a source that has been removed (admits nobody)",
    );
  });

  it("words responsibility rules for every role, one role and several", () => {
    expect(describeRule({ kind: "responsibility", params: { roles: "all" } }, sources)).toBe(
      "Everyone holding a responsibility (every role, including roles imported later)",
    );
    expect(describeRule({ kind: "responsibility", params: { roles: ["stable maintainer"] } }, sources)).toBe(
      "Holders of the role “stable maintainer”",
    );
    expect(
      describeRule(
        { kind: "responsibility", params: { roles: ["maintainer: Block layer core", "stable maintainer"] } },
        sources,
      ),
    ).toBe("Holders of the roles “maintainer: Block layer core”, “stable maintainer”");
  });

  it("words people included and excluded by hand, with a name made from the address when none was given", () => {
    expect(
      describeRule(
        { kind: "include", params: { email: "alex.bennee@linaro.org", name: "Alex Bennée", reason: "TCG maintainer" } },
        sources,
      ),
    ).toBe("Include Alex Bennée <alex.bennee@linaro.org>: TCG maintainer");
    expect(
      describeRule(
        { kind: "include", params: { email: "peter.maydell@linaro.org", name: "", reason: "chair" } },
        sources,
      ),
    ).toBe("Include Peter Maydell <peter.maydell@linaro.org>: chair");
    expect(describeRule({ kind: "exclude", params: { email: "x@example.org", reason: "asked" } }, sources)).toBe(
      "Exclude x@example.org: asked",
    );
  });
});

describe("stored parameters", () => {
  it("read roles as every role, the names given, or none for anything else", () => {
    expect(ruleRoles({ roles: "all" })).toBe("all");
    expect(ruleRoles({ roles: ["a", 3, "b"] })).toEqual(["a", "b"]);
    expect(ruleRoles({ roles: "a" })).toEqual([]);
    expect(ruleRoles({})).toEqual([]);
  });

  it("name an included person as typed, or from the address", () => {
    expect(includedName({ email: "kwolf@redhat.com", name: "Kevin Wolf" })).toBe("Kevin Wolf");
    expect(includedName({ email: "kevin.wolf@redhat.com" })).toBe("Kevin Wolf");
  });
});
