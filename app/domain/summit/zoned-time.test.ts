import { describe, expect, it } from "vitest";
import { zonedInstant } from "./zoned-time";

describe("zonedInstant", () => {
  it.each([
    ["2017-10-25", 14 * 60 + 30, "Europe/Prague", "2017-10-25T12:30:00.000Z"],
    // The day after summer time ends there: UTC+1.
    ["2017-10-30", 9 * 60, "Europe/Prague", "2017-10-30T08:00:00.000Z"],
    ["2017-10-25", 9 * 60, "America/Los_Angeles", "2017-10-25T16:00:00.000Z"],
    ["2017-10-25", 9 * 60, "UTC", "2017-10-25T09:00:00.000Z"],
    ["2017-10-25", 9 * 60, "Asia/Kolkata", "2017-10-25T03:30:00.000Z"],
    // The repeated hour of 2017-10-29 02:00–03:00 in Prague: its second pass, winter time.
    ["2017-10-29", 2 * 60 + 30, "Europe/Prague", "2017-10-29T01:30:00.000Z"],
  ])("reads %s at minute %i in %s as %s", (date, minutes, zone, iso) => {
    expect(zonedInstant(date, minutes, zone).toISOString()).toBe(iso);
  });

  it("reads a skipped time (summer time starting) as the same minutes after the change", () => {
    // Prague skipped 02:00–03:00 on 2017-03-26: 02:30 is read as 03:30 summer time.
    expect(zonedInstant("2017-03-26", 2 * 60 + 30, "Europe/Prague").toISOString()).toBe("2017-03-26T01:30:00.000Z");
  });
});
