import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_TEXT_EXAMPLE, formatDayText, parseDayText } from "./day-text";

describe("the summit's time as text", () => {
  it("reads days and the breaks under them", () => {
    expect(parseDayText(`${DAY_TEXT_EXAMPLE}\n\n2017-10-26 09:00-12:00\n  break 10:30-10:45`)).toEqual({
      ok: true,
      days: [
        { date: "2017-10-25", start: 810, end: 1080, breaks: [{ start: 930, end: 960, label: "Coffee" }] },
        { date: "2017-10-26", start: 540, end: 720, breaks: [{ start: 630, end: 645, label: "Break" }] },
      ],
    });
  });

  it.each([
    ["", "Describe at least one day"],
    ["  break 15:30-16:00 Coffee", "Line 1: a break belongs under the day"],
    ["2017-02-30 09:00-12:00", "Line 1: 2017-02-30 is not a date."],
    ["2017-10-25 9-12", "Line 1: the hours are “HH:MM-HH:MM”"],
    ["2017-10-25 13:00-18:00\n  break 16:00-15:30", "the break “Break” must end after it starts"],
    ["2017-10-25 13:00-18:00\n  break 12:00-12:30 Lunch", "the break “Lunch” must be within the day, 13:00–18:00"],
    ["2017-10-25 18:00-13:00", "On 2017-10-25 the day must end after it starts."],
    ["2017-10-25 13:00-18:00\n2017-10-25 09:00-10:00", "2017-10-25 is described twice."],
    ["Wednesday afternoon", "Line 1: write a day as “YYYY-MM-DD HH:MM-HH:MM”"],
  ])("refuses %j, saying why", (text, problem) => {
    const result = parseDayText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(" ")).toContain(problem);
  });

  it("reads back what it writes", () => {
    const dayArb = fc
      .record({
        date: fc
          .integer({ min: 0, max: 3000 })
          .map((n) => new Date(Date.UTC(2017, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)),
        start: fc.integer({ min: 0, max: 600 }),
        length: fc.integer({ min: 120, max: 700 }),
        breakAt: fc.integer({ min: 10, max: 60 }),
        label: fc.constantFrom("Coffee", "Lunch", "Break", "Group photo"),
      })
      .map(({ date, start, length, breakAt, label }) => ({
        date,
        start,
        end: start + length,
        breaks: [{ start: start + breakAt, end: start + breakAt + 15, label }],
      }));
    fc.assert(
      fc.property(fc.uniqueArray(dayArb, { selector: (d) => d.date, minLength: 1, maxLength: 4 }), (days) => {
        expect(parseDayText(formatDayText(days))).toEqual({ ok: true, days });
      }),
    );
  });
});
