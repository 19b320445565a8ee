import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSchedule, clock, dayProblems, parseClock, type SummitDay } from "./day-schedule";

const t = (text: string) => parseClock(text)!;
/** One afternoon at the co-located event, with a coffee break. */
const AFTERNOON: SummitDay = {
  date: "2017-10-25",
  start: t("13:00"),
  end: t("17:30"),
  breaks: [{ start: t("15:00"), end: t("15:30"), label: "Coffee" }],
};
const times = (slots: ReadonlyArray<{ item: number; start: number; end: number }>) =>
  slots.map((s) => `${s.item} ${clock(s.start)}-${clock(s.end)}`);

describe("clock and parseClock", () => {
  it("read and write times of day", () => {
    expect(parseClock("09:05")).toBe(545);
    expect(clock(545)).toBe("09:05");
    for (const bad of ["9:05", "24:00", "12:60", "noon", ""]) expect(parseClock(bad)).toBeNull();
  });
});

describe("buildSchedule", () => {
  it("places items in ranking order around the break, and sends what fits nowhere to the list", () => {
    const result = buildSchedule(
      [AFTERNOON],
      [
        { item: 1, minutes: 60 },
        { item: 2, minutes: 45 },
        { item: 3, minutes: 30 },
        { item: 4, minutes: 60 },
        { item: 5, minutes: 120 },
      ],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(times(result.schedule.slots)).toEqual(["1 13:00-14:00", "2 14:00-14:45", "3 15:30-16:00", "4 16:00-17:00"]);
    expect(result.schedule.overflow).toEqual([5]);
    expect(result.schedule.notes).toEqual(["Item 5 (120 min) fits nowhere in the day: it is to be taken to the list."]);
  });

  it("lets a later, shorter item take a gap an earlier one did not fit, and says so", () => {
    const result = buildSchedule(
      [AFTERNOON],
      [
        { item: 1, minutes: 100 },
        { item: 2, minutes: 30 },
        { item: 3, minutes: 15 },
      ],
    );
    if (!result.ok) throw new Error(result.problems.join());
    expect(times(result.schedule.slots)).toEqual(["1 13:00-14:40", "3 14:40-14:55", "2 15:30-16:00"]);
    expect(result.schedule.notes).toEqual([
      "Item 3 (15 min) takes the gap at 2017-10-25 14:40, before item 2, which is ranked higher but did not fit there.",
    ]);
  });

  it("keeps pinned items at their time and places the rest around them", () => {
    const result = buildSchedule(
      [AFTERNOON],
      [
        { item: 1, minutes: 60 },
        { item: 2, minutes: 30 },
        { item: 3, minutes: 60 },
      ],
      [{ item: 3, date: "2017-10-25", start: t("13:30") }],
    );
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.schedule.slots.map((s) => [s.item, clock(s.start), s.pinned])).toEqual([
      [2, "13:00", false],
      [3, "13:30", true],
      [1, "15:30", false],
    ]);
  });

  it("refuses a pin across the break, over another pin, or of an item not on the agenda", () => {
    const ranked = [
      { item: 1, minutes: 60 },
      { item: 2, minutes: 30 },
    ];
    expect(buildSchedule([AFTERNOON], ranked, [{ item: 1, date: "2017-10-25", start: t("14:30") }])).toEqual({
      ok: false,
      problems: ["Item 1 (60 min) cannot be pinned at 2017-10-25 14:30: that time is not free until 15:30."],
    });
    const overlapping = buildSchedule([AFTERNOON], ranked, [
      { item: 1, date: "2017-10-25", start: t("13:00") },
      { item: 2, date: "2017-10-25", start: t("13:45") },
    ]);
    expect(overlapping).toMatchObject({ ok: false, problems: [expect.stringContaining("Item 2 (30 min)")] });
    expect(buildSchedule([AFTERNOON], ranked, [{ item: 9, date: "2017-10-25", start: t("13:00") }])).toEqual({
      ok: false,
      problems: ["Item 9 is pinned but is not on the agenda."],
    });
  });

  it("fills the days in date order, whatever order they are described in", () => {
    const second = { date: "2017-10-26", start: t("09:00"), end: t("10:00"), breaks: [] };
    const result = buildSchedule(
      [second, AFTERNOON],
      [
        { item: 1, minutes: 120 },
        { item: 2, minutes: 120 },
        { item: 3, minutes: 60 },
      ],
    );
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.schedule.slots.map((s) => `${s.date} ${s.item}`)).toEqual([
      "2017-10-25 1",
      "2017-10-25 2",
      "2017-10-26 3",
    ]);
  });
});

describe("dayProblems", () => {
  it.each<[string, SummitDay[], string]>([
    ["a day that ends before it starts", [{ ...AFTERNOON, end: t("12:00") }], "must end after it starts"],
    [
      "a break outside the day",
      [{ ...AFTERNOON, breaks: [{ start: t("18:00"), end: t("18:30"), label: "Dinner" }] }],
      "must be within the day, 13:00–17:30",
    ],
    [
      "overlapping breaks",
      [
        {
          ...AFTERNOON,
          breaks: [
            { start: t("14:00"), end: t("14:30"), label: "Tea" },
            { start: t("14:15"), end: t("14:45"), label: "Photo" },
          ],
        },
      ],
      "“Tea” and “Photo” overlap",
    ],
    ["a date twice", [AFTERNOON, AFTERNOON], "2017-10-25 is described twice"],
  ])("says what is wrong with %s", (_case, days, problem) => {
    expect(dayProblems(days).join(" ")).toContain(problem);
    expect(buildSchedule(days, [{ item: 1, minutes: 10 }])).toMatchObject({ ok: false });
  });
});

describe("buildSchedule properties", () => {
  const items = fc.uniqueArray(
    fc.record({ item: fc.integer({ min: 1, max: 40 }), minutes: fc.integer({ min: 5, max: 150 }) }),
    { selector: (i) => i.item, maxLength: 15 },
  );

  it("places every item once or sends it to the list, never overlapping another item or a break", () => {
    fc.assert(
      fc.property(items, (ranked) => {
        const result = buildSchedule([AFTERNOON], ranked);
        if (!result.ok) throw new Error(result.problems.join());
        const { slots, overflow } = result.schedule;
        expect([...slots.map((s) => s.item), ...overflow].sort((a, b) => a - b)).toEqual(
          ranked.map((r) => r.item).sort((a, b) => a - b),
        );
        const busy = [...slots, ...AFTERNOON.breaks].sort((a, b) => a.start - b.start);
        busy.forEach((b, i) => {
          expect(b.start).toBeGreaterThanOrEqual(AFTERNOON.start);
          expect(b.end).toBeLessThanOrEqual(AFTERNOON.end);
          if (i > 0) expect(b.start).toBeGreaterThanOrEqual(busy[i - 1]!.end);
        });
        for (const s of slots) expect(s.end - s.start).toBe(ranked.find((r) => r.item === s.item)!.minutes);
        // What went to the list still fits in no free time that is left.
        const freeAfter = busy.flatMap((b, i) => [(busy[i + 1]?.start ?? AFTERNOON.end) - b.end]);
        const largest = Math.max(busy.length > 0 ? busy[0]!.start - AFTERNOON.start : 0, ...freeAfter);
        for (const item of overflow) expect(ranked.find((r) => r.item === item)!.minutes).toBeGreaterThan(largest);
      }),
    );
  });
});
