import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NotThatFormatError } from "./import-report";
import { maintainerRole, parseMaintainersFile } from "./maintainers-file";

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/${name}`, import.meta.url), "utf8");

describe("parseMaintainersFile on the QEMU excerpt", () => {
  const report = parseMaintainersFile(fixture("MAINTAINERS.excerpt"));

  it("accepts the M: people of Maintained, Supported and Odd Fixes sections, naming the section", () => {
    expect(report.accepted).toEqual([
      {
        section: "Overall TCG CPUs",
        status: "Maintained",
        name: "Richard Henderson",
        email: "richard.henderson@linaro.org",
      },
      {
        section: "SPARC TCG CPUs",
        status: "Maintained",
        name: "Mark Cave-Ayland",
        email: "mark.cave-ayland@ilande.co.uk",
      },
      { section: "SPARC TCG CPUs", status: "Maintained", name: "Artyom Tarasenko", email: "atar4qemu@gmail.com" },
      { section: "Block layer core", status: "Supported", name: "Kevin Wolf", email: "kwolf@redhat.com" },
      { section: "Block layer core", status: "Supported", name: "Hanna Reitz", email: "hreitz@redhat.com" },
      {
        section: "Character device backends",
        status: "Maintained",
        name: "Marc-André Lureau",
        email: "marcandre.lureau@redhat.com",
      },
      { section: "Cocoa graphics", status: "Odd Fixes", name: "Peter Maydell", email: "peter.maydell@linaro.org" },
      {
        section: "Network device backends",
        status: "Odd Fixes",
        name: "Łukasz Nowak",
        email: "lukasz.nowak@example.org",
      },
      { section: "TCG Plugins", status: "Maintained", name: "Alex Bennée", email: "alex.bennee@linaro.org" },
      { section: "Crypto", status: "Maintained", name: "Daniel P. Berrangé", email: "berrange@redhat.com" },
      { section: "Overall KVM CPUs", status: "Supported", name: "Paolo Bonzini", email: "pbonzini@redhat.com" },
    ]);
  });

  it("never takes R: reviewers or L: lists", () => {
    const emails = report.accepted.map((e) => e.email);
    expect(emails).not.toContain("philmd@linaro.org");
    expect(emails).not.toContain("akihiko.odaki@daynix.com");
    expect(emails).not.toContain("erdnaxe@crans.org");
    expect(emails).not.toContain("qemu-block@nongnu.org");
    expect(emails).not.toContain("qemu-devel@nongnu.org");
    expect(emails).not.toContain("kvm@vger.kernel.org");
    // Paolo is a reviewer of two sections and a maintainer of one: only that one counts.
    expect(report.accepted.filter((e) => e.email === "pbonzini@redhat.com").map((e) => e.section)).toEqual([
      "Overall KVM CPUs",
    ]);
  });

  it("skips sections of other statuses once each, and M: lines without an email, by line number", () => {
    expect(report.skipped).toEqual([
      { line: 35, text: "General Project Administration", reason: "section has no S: status line" },
      {
        line: 54,
        text: "CRIS TCG CPUs",
        reason: "section status “Obsolete” is not Maintained, Supported or Odd Fixes",
      },
      { line: 95, text: "M: Jörg Mustermann", reason: "M: line has no email address" },
      { line: 102, text: "virtio-input", reason: "section status “Orphan” is not Maintained, Supported or Odd Fixes" },
    ]);
  });

  it("merges a maintainer listed twice in one section", () => {
    expect(report.duplicatesMerged).toBe(1);
  });

  it("does not take the indented examples of the preamble for sections", () => {
    expect(report.accepted.map((e) => e.section)).not.toContain("Descriptions of section entries:");
    expect(report.accepted.map((e) => e.email)).not.toContain("address@domain");
  });

  it("reads the same file with Windows line endings identically", () => {
    expect(parseMaintainersFile(fixture("MAINTAINERS.excerpt").replace(/\n/g, "\r\n"))).toEqual(report);
  });
});

describe("parseMaintainersFile on the Linux layout", () => {
  const linux = [
    "List of maintainers",
    "===================",
    "",
    "Descriptions of section entries and preferred order",
    "---------------------------------------------------",
    "",
    "\tM: *Mail* patches to: FullName <address@domain>",
    "\tR: Designated *Reviewer*: FullName <address@domain>",
    "",
    "Maintainers List",
    "----------------",
    "",
    "AMD IOMMU (AMD-VI)",
    "M:\tJörg Mustermann <joerg@example.org>",
    "R:\tSuravee Example <suravee@example.org>",
    "L:\tiommu@lists.linux.dev",
    "S:\tMaintained",
    "T:\tgit git://git.kernel.org/pub/scm/linux/kernel/git/joro/iommu.git",
    "F:\tdrivers/iommu/amd/",
    "",
    "READ-COPY UPDATE (RCU)",
    'M:\t"Paul E. McKenney" <paulmck@example.org>',
    "M:\tfrederic@example.org",
    "L:\trcu@vger.kernel.org",
    "S:\tSupported",
    "",
    "ASIX AX88796C SPI ETHERNET ADAPTER",
    "M:\tŁukasz Nowak <l.nowak@example.org>",
    "S:\tMaintained",
    "",
    "THE REST",
    "M:\tLinus Example <torvalds@example.org>",
    "L:\tlinux-kernel@vger.kernel.org",
    "S:\tBuried alive in reports",
    "F:\t*",
  ].join("\n");

  it("reads tab-separated tags, quoted names and bare addresses", () => {
    const report = parseMaintainersFile(linux);
    expect(report.accepted).toEqual([
      { section: "AMD IOMMU (AMD-VI)", status: "Maintained", name: "Jörg Mustermann", email: "joerg@example.org" },
      {
        section: "READ-COPY UPDATE (RCU)",
        status: "Supported",
        name: "Paul E. McKenney",
        email: "paulmck@example.org",
      },
      { section: "READ-COPY UPDATE (RCU)", status: "Supported", name: "Frederic", email: "frederic@example.org" },
      {
        section: "ASIX AX88796C SPI ETHERNET ADAPTER",
        status: "Maintained",
        name: "Łukasz Nowak",
        email: "l.nowak@example.org",
      },
    ]);
    expect(report.skipped).toEqual([
      {
        line: 31,
        text: "THE REST",
        reason: "section status “Buried alive in reports” is not Maintained, Supported or Odd Fixes",
      },
    ]);
  });

  it("uses maintainer roles that name the section", () => {
    expect(maintainerRole("Block layer core")).toBe("maintainer: Block layer core");
  });
});

describe("parseMaintainersFile, line by line", () => {
  const section = (status: string, ...people: string[]) =>
    ["Block layer core", ...people.map((p) => `M: ${p}`), "L: qemu-block@nongnu.org", `S: ${status}`, "F: block/"].join(
      "\n",
    );

  it.each([
    ["Maintained", "Maintained"],
    ["Supported", "Supported"],
    ["Odd Fixes", "Odd Fixes"],
    ["odd fixes", "Odd Fixes"],
    ["MAINTAINED", "Maintained"],
    ["Odd  Fixes ", "Odd Fixes"],
  ])("accepts status %j", (status, spelled) => {
    const report = parseMaintainersFile(section(status, "Kevin Wolf <kwolf@redhat.com>"));
    expect(report.accepted).toEqual([
      { section: "Block layer core", status: spelled, name: "Kevin Wolf", email: "kwolf@redhat.com" },
    ]);
  });

  it.each(["Orphan", "Obsolete", "Deprecated", "Orphan / Obsolete", "Buried alive in reports"])(
    "skips a section with status %j once, whatever its number of maintainers",
    (status) => {
      const report = parseMaintainersFile(
        `${section(status, "Kevin Wolf <kwolf@redhat.com>", "Hanna Reitz <hreitz@redhat.com>")}\n\n${section("Supported", "Kevin Wolf <kwolf@redhat.com>")}`,
      );
      expect(report.accepted).toHaveLength(1);
      expect(report.skipped).toEqual([
        {
          line: 1,
          text: "Block layer core",
          reason: `section status “${status}” is not Maintained, Supported or Odd Fixes`,
        },
      ]);
    },
  );

  it.each([
    ["a name only", "Kevin Wolf", "M: line has no email address"],
    ["empty brackets", "Kevin Wolf <>", "M: line has no email address"],
    [
      "an address that cannot be mailed",
      "Kevin Wolf <kwolf@localhost>",
      '"kwolf@localhost" is a local machine\'s address',
    ],
    ["nothing at all", "", "M: line has no email address"],
    ["a name over 100 characters", `${"x".repeat(101)} <kwolf@redhat.com>`, "name is longer than 100 characters"],
  ])("skips an M: line with %s", (_label, person, reason) => {
    const report = parseMaintainersFile(section("Supported", "Hanna Reitz <hreitz@redhat.com>", person));
    expect(report.accepted.map((e) => e.email)).toEqual(["hreitz@redhat.com"]);
    expect(report.skipped).toEqual([{ line: 3, text: `M: ${person}`.trim(), reason }]);
  });

  it("keeps one entry per section and address, but the same person in two sections twice", () => {
    const text = [
      section("Supported", "Kevin Wolf <kwolf@redhat.com>", "Kevin Wolf <KWOLF@redhat.com>"),
      "",
      "Block Jobs",
      "M: Kevin Wolf <kwolf@redhat.com>",
      "S: Supported",
    ].join("\n");
    const report = parseMaintainersFile(text);
    expect(report.accepted.map((e) => `${e.section}/${e.email}`)).toEqual([
      "Block layer core/kwolf@redhat.com",
      "Block Jobs/kwolf@redhat.com",
    ]);
    expect(report.duplicatesMerged).toBe(1);
  });

  it("reads the status wherever it stands in the section", () => {
    const report = parseMaintainersFile(
      "Crypto\nS: Maintained\nF: crypto/\nM: Daniel P. Berrangé <berrange@redhat.com>\n",
    );
    expect(report.accepted).toEqual([
      { section: "Crypto", status: "Maintained", name: "Daniel P. Berrangé", email: "berrange@redhat.com" },
    ]);
  });

  it.each([
    ["shortlog output", fixture("shortlog.txt")],
    ["a contributor CSV", fixture("contributors.csv")],
    ["an empty text", ""],
    ["sections without status lines", "Block layer core\nM: Kevin Wolf <kwolf@redhat.com>\nF: block/\n"],
    ["sections without maintainers", "Block layer core\nL: qemu-block@nongnu.org\nS: Orphan\n"],
    ["indented tags only", "Block layer core\n\tM: Kevin Wolf <kwolf@redhat.com>\n\tS: Supported\n"],
  ])("refuses %s as not a MAINTAINERS file", (_label, text) => {
    expect(() => parseMaintainersFile(text)).toThrow(NotThatFormatError);
    expect(() => parseMaintainersFile(text)).toThrow(/not a MAINTAINERS file/);
  });
});

describe("parseMaintainersFile, sections with the same title", () => {
  const file = [
    "ARM Machines",
    "------------",
    "Virt",
    "M: Peter Maydell <peter.maydell@linaro.org>",
    "S: Maintained",
    "",
    "RISC-V Machines",
    "---------------",
    "Virt",
    "M: Alistair Francis <alistair.francis@wdc.com>",
    "S: Supported",
    "",
    "Build",
    "M: Paolo Bonzini <pbonzini@redhat.com>",
    "S: Maintained",
    "",
    "Build",
    "M: Alex Bennée <alex.bennee@linaro.org>",
    "S: Maintained",
    "",
  ].join("\n");

  it("keeps them distinct: by the heading they are listed under, else by their place", () => {
    const sections = parseMaintainersFile(file).accepted.map((e) => [e.section, e.email]);
    expect(sections).toEqual([
      ["Virt (ARM Machines)", "peter.maydell@linaro.org"],
      ["Virt (RISC-V Machines)", "alistair.francis@wdc.com"],
      ["Build (RISC-V Machines)", "pbonzini@redhat.com"],
      ["Build (RISC-V Machines) (2)", "alex.bennee@linaro.org"],
    ]);
  });

  it("leaves a title that only one section has as it is", () => {
    const one = parseMaintainersFile("Virt\nM: Peter Maydell <peter.maydell@linaro.org>\nS: Maintained\n");
    expect(one.accepted.map((e) => e.section)).toEqual(["Virt"]);
  });
});
