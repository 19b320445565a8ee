import { describe, expect, it } from "vitest";
import {
  canonicalTimezone,
  displayNameFromEmail,
  formatDateRange,
  isIsoDate,
  isValidSlug,
  timezoneNames,
} from "./details";

describe("isValidSlug", () => {
  it.each(["qemu-summit-2017", "kvm", "a1-b2-c3", "2025"])("accepts %s", (slug) => {
    expect(isValidSlug(slug)).toBe(true);
  });

  it.each(["", "QEMU", "qemu--summit", "-qemu", "qemu-", "qemu summit", "qemu_summit", "é", "a".repeat(61)])(
    "refuses %j",
    (slug) => {
      expect(isValidSlug(slug)).toBe(false);
    },
  );

  it("accepts the longest allowed slug", () => {
    expect(isValidSlug("a".repeat(60))).toBe(true);
  });
});

describe("isIsoDate", () => {
  it.each(["2017-10-25", "2024-02-29", "2000-02-29", "1999-12-31"])("accepts %s", (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    "2017-02-29",
    "1900-02-29",
    "2017-13-01",
    "2017-00-10",
    "2017-04-31",
    "2017-10-5",
    "25.10.2017",
    "",
    "0001-01-01",
  ])("refuses %j", (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe("canonicalTimezone", () => {
  it("returns the tz database spelling of a known name", () => {
    expect(canonicalTimezone("Europe/Prague")).toBe("Europe/Prague");
    expect(canonicalTimezone(" europe/prague ")).toBe("Europe/Prague");
    expect(canonicalTimezone("UTC")).toBe("UTC");
    expect(canonicalTimezone("America/New_York")).toBe("America/New_York");
  });

  it.each(["", "Prague", "CEST", "Europe/Atlantis", "+02:00"])("refuses %j", (value) => {
    expect(canonicalTimezone(value)).toBeNull();
  });

  it("lists the names for a picker, sorted", () => {
    const names = timezoneNames();
    expect(names).toContain("Europe/Prague");
    expect([...names].sort()).toEqual(names);
  });
});

describe("displayNameFromEmail", () => {
  it.each([
    ["peter.maydell@linaro.org", "Peter Maydell"],
    ["kwolf@redhat.com", "Kwolf"],
    ["cornelia_huck+qemu@example.org", "Cornelia Huck Qemu"],
    ["...@example.org", "...@example.org"],
  ])("%s → %s", (email, name) => {
    expect(displayNameFromEmail(email)).toBe(name);
  });

  it("stays within the length a display name may have", () => {
    expect(displayNameFromEmail(`${"a".repeat(200)}@example.org`)).toHaveLength(100);
  });
});

describe("formatDateRange", () => {
  it.each([
    ["2017-10-25", "2017-10-25", "25 October 2017"],
    ["2017-10-25", "2017-10-26", "25–26 October 2017"],
    ["2017-10-31", "2017-11-01", "31 October – 1 November 2017"],
    ["2017-12-31", "2018-01-01", "31 December 2017 – 1 January 2018"],
  ])("%s to %s reads %s", (start, end, text) => {
    expect(formatDateRange(start, end)).toBe(text);
  });
});
