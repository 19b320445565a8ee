import { describe, expect, it } from "vitest";
import { unfinishedLastLine } from "./import-report";
import { droppedEntries, dropIsConfirmed, dropNeedsConfirmation } from "./replacement";

const entry = (role: string, email: string) => ({ role, email, name: email.split("@")[0]! });

describe("droppedEntries", () => {
  it("lists the current entries the next import does not keep, by role and address, in the current order", () => {
    const current = [
      entry("maintainer: Virt", "a@example.org"),
      entry("maintainer: Block", "b@example.org"),
      entry("maintainer: Virt", "c@example.org"),
    ];
    const next = [entry("maintainer: Virt", "c@example.org"), entry("maintainer: Net", "a@example.org")];
    expect(droppedEntries(current, next)).toEqual([current[0], current[1]]);
  });

  it("keeps only role, address and name, whatever else a stored row holds", () => {
    const stored = [{ ...entry("r", "a@example.org"), id: "x", origin: "maintainers" }];
    expect(droppedEntries(stored, [])).toEqual([{ role: "r", email: "a@example.org", name: "a" }]);
  });

  it("drops nothing when the next import keeps everyone", () => {
    const current = [entry("r", "a@example.org")];
    expect(droppedEntries(current, [...current, entry("s", "b@example.org")])).toEqual([]);
  });
});

describe("dropNeedsConfirmation and dropIsConfirmed", () => {
  it.each([
    [510, 285, true],
    [50, 10, true],
    [50, 9, false],
    [3, 1, true],
    [10, 0, false],
    [0, 0, false],
  ])("of %i current entries, dropping %i needs a confirmation: %s", (current, dropped, needed) => {
    expect(dropNeedsConfirmation(current, dropped)).toBe(needed);
    expect(dropIsConfirmed(current, dropped, null)).toBe(!needed);
  });

  it("takes a confirmation only when it covers every dropped entry", () => {
    expect(dropIsConfirmed(510, 285, 285)).toBe(true);
    expect(dropIsConfirmed(510, 285, 300)).toBe(true);
    expect(dropIsConfirmed(510, 285, 284)).toBe(false);
    expect(dropIsConfirmed(510, 285, 0)).toBe(false);
  });
});

describe("unfinishedLastLine", () => {
  it("names the last line of a file that ends without a line break", () => {
    expect(unfinishedLastLine("Virt\nM: Jo")).toEqual({
      line: 2,
      text: "M: Jo",
      reason: "the file ends in the middle of this line: it looks cut short",
    });
    expect(unfinishedLastLine("one line")).toMatchObject({ line: 1, text: "one line" });
  });

  it.each([
    ["a final line break", "a\nb\n"],
    ["a Windows line break", "a\r\nb\r\n"],
    ["an old Mac line break", "a\rb\r"],
    ["trailing spaces after the last break", "a\nb\n   "],
    ["no text at all", ""],
  ])("says nothing of a file with %s", (_case, text) => {
    expect(unfinishedLastLine(text)).toBeNull();
  });
});
