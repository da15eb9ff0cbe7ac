import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  daysElapsed,
  daysLeft,
  isWithin,
  localDateParts,
  makePeriod,
  monthsElapsed,
  nextPeriod,
  type Period,
  type PeriodKind,
  parsePeriod,
  periodContaining,
  periodDays,
  periodLabel,
  previousPeriod,
  zonedMidnight,
} from "../../src/domain/periods";

const SH = "Asia/Shanghai";
const BERLIN = "Europe/Berlin";
const at = (iso: string) => new Date(iso);
const label = (p: Period | undefined) => (p ? periodLabel(p) : undefined);

describe("zonedMidnight", () => {
  it.each([
    [2026, 1, 1, SH, "2025-12-31T16:00:00.000Z"],
    [2026, 4, 1, SH, "2026-03-31T16:00:00.000Z"],
    [2026, 13, 1, SH, "2026-12-31T16:00:00.000Z"],
    [2024, 2, 29, SH, "2024-02-28T16:00:00.000Z"],
    [2026, 1, 15, BERLIN, "2026-01-14T23:00:00.000Z"],
    [2026, 7, 15, BERLIN, "2026-07-14T22:00:00.000Z"],
    // DST starts 2026-03-29 02:00 and ends 2026-10-25 03:00 in Berlin.
    [2026, 3, 29, BERLIN, "2026-03-28T23:00:00.000Z"],
    [2026, 3, 30, BERLIN, "2026-03-29T22:00:00.000Z"],
    [2026, 10, 25, BERLIN, "2026-10-24T22:00:00.000Z"],
    [2026, 10, 26, BERLIN, "2026-10-25T23:00:00.000Z"],
    [2026, 1, 1, "UTC", "2026-01-01T00:00:00.000Z"],
    [2026, 1, 1, "America/New_York", "2026-01-01T05:00:00.000Z"],
    [2026, 1, 1, "Asia/Kolkata", "2025-12-31T18:30:00.000Z"],
  ] as const)("%i-%i-%i in %s", (y, m, d, tz, expected) => {
    expect(zonedMidnight(y, m, d, tz).toISOString()).toBe(expected);
  });

  it("starts the day at the transition where DST skips midnight (America/Santiago)", () => {
    // Chile moved clocks from 00:00 to 01:00 on 2024-09-08: that day has no midnight.
    const start = zonedMidnight(2024, 9, 8, "America/Santiago");
    expect(start.toISOString()).toBe("2024-09-08T04:00:00.000Z");
    expect(localDateParts(start, "America/Santiago")).toMatchObject({ day: 8, hour: 1, minute: 0 });
    expect(localDateParts(new Date(start.getTime() - 1000), "America/Santiago")).toMatchObject({ day: 7 });
  });
});

describe("localDateParts", () => {
  it.each([
    ["2026-03-31T16:30:00Z", SH, { year: 2026, month: 4, day: 1, hour: 0, minute: 30, weekday: 3 }],
    ["2026-03-31T15:59:00Z", SH, { year: 2026, month: 3, day: 31, hour: 23, minute: 59, weekday: 2 }],
    ["2026-12-31T16:00:00Z", SH, { year: 2027, month: 1, day: 1, hour: 0, minute: 0, weekday: 5 }],
    ["2026-05-03T12:00:00Z", SH, { year: 2026, month: 5, day: 3, hour: 20, minute: 0, weekday: 7 }],
    ["2026-05-04T00:00:00Z", BERLIN, { year: 2026, month: 5, day: 4, hour: 2, minute: 0, weekday: 1 }],
  ] as const)("%s in %s", (iso, tz, expected) => {
    expect(localDateParts(at(iso), tz)).toEqual(expected);
  });
});

describe("localDateParts against Intl's own reading of the zone", () => {
  const ZONES = [
    "Asia/Shanghai",
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "Asia/Kathmandu",
  ];
  const reference = (instant: Date, timeZone: string) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        weekday: "short",
      })
        .formatToParts(instant)
        .map((p) => [p.type, p.value]),
    );
    const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday!) + 1;
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour) % 24,
      minute: Number(parts.minute),
      weekday,
    };
  };

  it("agrees at any instant, the seconds around a change of offset too", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2045, 0, 1) }),
        (zone, ms) => {
          expect(localDateParts(new Date(ms), zone)).toEqual(reference(new Date(ms), zone));
        },
      ),
      { numRuns: 3_000 },
    );
    // Each second of the hours around 2026's changes in Berlin, New York, Lord Howe (half an hour) and Chatham.
    for (const [zone, iso] of [
      ["Europe/Berlin", "2026-03-29T00:30:00Z"],
      ["Europe/Berlin", "2026-10-25T00:30:00Z"],
      ["America/New_York", "2026-03-08T06:30:00Z"],
      ["America/New_York", "2026-11-01T05:30:00Z"],
      ["Australia/Lord_Howe", "2026-04-04T14:30:00Z"],
      ["Australia/Lord_Howe", "2026-10-03T15:00:00Z"],
      ["Pacific/Chatham", "2026-04-04T13:30:00Z"],
      ["Pacific/Chatham", "2026-09-26T13:30:00Z"],
    ] as const)
      for (let s = 0; s < 2 * 3600; s += 7) {
        const instant = new Date(Date.parse(iso) + s * 1000);
        expect(localDateParts(instant, zone)).toEqual(reference(instant, zone));
      }
  });
});

describe("periodContaining", () => {
  it.each([
    ["quarter", "2026-03-31T16:30:00Z", SH, "2026Q2", "2026-03-31T16:00:00.000Z", "2026-06-30T16:00:00.000Z"],
    ["quarter", "2026-03-31T15:59:59Z", SH, "2026Q1", "2025-12-31T16:00:00.000Z", "2026-03-31T16:00:00.000Z"],
    ["year", "2026-12-31T16:00:00Z", SH, "2027", "2026-12-31T16:00:00.000Z", "2027-12-31T16:00:00.000Z"],
    ["year", "2026-12-31T15:59:59Z", SH, "2026", "2025-12-31T16:00:00.000Z", "2026-12-31T16:00:00.000Z"],
    ["month", "2026-02-15T00:00:00Z", SH, "2026-02", "2026-01-31T16:00:00.000Z", "2026-02-28T16:00:00.000Z"],
    ["month", "2024-02-29T12:00:00Z", SH, "2024-02", "2024-01-31T16:00:00.000Z", "2024-02-29T16:00:00.000Z"],
    ["month", "2026-12-10T00:00:00Z", SH, "2026-12", "2026-11-30T16:00:00.000Z", "2026-12-31T16:00:00.000Z"],
    [
      "month",
      "2026-03-15T00:00:00Z",
      BERLIN,
      "2026-03",
      "2026-02-28T23:00:00.000Z",
      "2026-03-31T22:00:00.000Z",
    ],
    [
      "quarter",
      "2026-10-31T23:30:00Z",
      BERLIN,
      "2026Q4",
      "2026-09-30T22:00:00.000Z",
      "2026-12-31T23:00:00.000Z",
    ],
  ] as const)("%s of %s in %s is %s", (kind, iso, tz, expectedLabel, start, end) => {
    const p = periodContaining(kind, at(iso), tz);
    expect(periodLabel(p)).toBe(expectedLabel);
    expect(p.start.toISOString()).toBe(start);
    expect(p.end.toISOString()).toBe(end);
    expect(isWithin(at(iso), p)).toBe(true);
  });

  it("treats start as inclusive and end as exclusive", () => {
    const p = makePeriod("quarter", 2026, 2, SH);
    expect(isWithin(p.start, p)).toBe(true);
    expect(isWithin(p.end, p)).toBe(false);
    expect(isWithin(new Date(p.end.getTime() - 1), p)).toBe(true);
  });
});

describe("previousPeriod / nextPeriod", () => {
  it.each([
    ["quarter", 2026, 1, "2025Q4", "2026Q2"],
    ["quarter", 2026, 4, "2026Q3", "2027Q1"],
    ["month", 2026, 1, "2025-12", "2026-02"],
    ["month", 2026, 12, "2026-11", "2027-01"],
    ["year", 2026, 1, "2025", "2027"],
  ] as const)("%s %i/%i", (kind, year, index, prev, next) => {
    const p = makePeriod(kind, year, index, SH);
    expect(periodLabel(previousPeriod(p, SH))).toBe(prev);
    expect(periodLabel(nextPeriod(p, SH))).toBe(next);
    expect(previousPeriod(p, SH).end).toEqual(p.start);
    expect(nextPeriod(p, SH).start).toEqual(p.end);
  });

  it("walks a whole year of months without gaps", () => {
    let p = makePeriod("month", 2025, 12, BERLIN);
    for (let i = 0; i < 13; i++) {
      const n = nextPeriod(p, BERLIN);
      expect(n.start).toEqual(p.end);
      p = n;
    }
    expect(periodLabel(p)).toBe("2027-01");
  });
});

describe("makePeriod", () => {
  it.each([
    ["quarter", 2026, 5],
    ["quarter", 2026, 0],
    ["month", 2026, 13],
    ["year", 2026, 2],
    ["month", 2026, 1.5],
  ] as const)("refuses %s %i/%s", (kind, year, index) => {
    expect(() => makePeriod(kind, year, index, SH)).toThrow(RangeError);
  });
});

describe("periodLabel", () => {
  it.each([
    ["year", 2026, 1, "2026"],
    ["quarter", 2026, 3, "2026Q3"],
    ["month", 2026, 5, "2026-05"],
    ["month", 2026, 11, "2026-11"],
  ] as const)("%s %i/%i → %s", (kind, year, index, expected) => {
    expect(periodLabel({ kind, year, index })).toBe(expected);
  });
});

describe("parsePeriod", () => {
  // 2026-05-20 10:00 in Shanghai: month 2026-05, quarter 2026Q2.
  const now = at("2026-05-20T02:00:00Z");
  it.each([
    ["2026", "2026"],
    ["  2026 ", "2026"],
    ["2026年", "2026"],
    ["2026Q3", "2026Q3"],
    ["2026q3", "2026Q3"],
    ["2026 Q3", "2026Q3"],
    ["2026-Q1", "2026Q1"],
    ["２０２６Ｑ３", "2026Q3"],
    ["Q3", "2026Q3"],
    ["q4", "2026Q4"],
    ["2026-05", "2026-05"],
    ["2026-5", "2026-05"],
    ["2026/12", "2026-12"],
    ["2026年5月", "2026-05"],
    ["2026年第三季度", "2026Q3"],
    ["第一季度", "2026Q1"],
    ["本季度", "2026Q2"],
    ["this quarter", "2026Q2"],
    ["This  Quarter", "2026Q2"],
    ["上季度", "2026Q1"],
    ["last quarter", "2026Q1"],
    ["本年", "2026"],
    ["今年", "2026"],
    ["this year", "2026"],
    ["去年", "2025"],
    ["上年", "2025"],
    ["LAST YEAR", "2025"],
    ["本月", "2026-05"],
    ["this month", "2026-05"],
    ["上月", "2026-04"],
    ["last month", "2026-04"],
  ])("%j → %s", (text, expected) => {
    expect(label(parsePeriod(text, now, SH))).toBe(expected);
  });

  it.each([
    "",
    "  ",
    "2026Q5",
    "2026Q0",
    "Q5",
    "2026-13",
    "2026-0",
    "2026-00",
    "26",
    "20266",
    "2026-123",
    "next year",
    "明年",
    "hello",
    "2026年13月",
    "2026年第五季度",
    "0999",
  ])("rejects %j", (text) => {
    expect(parsePeriod(text, now, SH)).toBeUndefined();
  });

  it("resolves words in the committee's zone, not in UTC", () => {
    // 2026-03-31T16:30Z is already April 1st in Shanghai.
    const justAfter = at("2026-03-31T16:30:00Z");
    expect(label(parsePeriod("本季度", justAfter, SH))).toBe("2026Q2");
    expect(label(parsePeriod("上季度", justAfter, SH))).toBe("2026Q1");
    expect(label(parsePeriod("本月", justAfter, "UTC"))).toBe("2026-03");
  });

  it("previous quarter of Q1 is Q4 of the year before", () => {
    expect(label(parsePeriod("上季度", at("2026-02-01T00:00:00Z"), SH))).toBe("2025Q4");
    expect(label(parsePeriod("上月", at("2026-01-05T00:00:00Z"), SH))).toBe("2025-12");
  });

  it("gives periods with proper boundaries", () => {
    const p = parsePeriod("2026Q3", now, SH)!;
    expect(p.start.toISOString()).toBe("2026-06-30T16:00:00.000Z");
    expect(p.end.toISOString()).toBe("2026-09-30T16:00:00.000Z");
  });
});

describe("day counting", () => {
  const cases: [PeriodKind, number, number, string, string, number, number][] = [
    // kind, year, index, zone, now, daysLeft, daysElapsed
    ["month", 2026, 5, SH, "2026-05-20T02:00:00Z", 12, 19],
    ["month", 2026, 5, SH, "2026-04-30T16:00:00Z", 31, 0], // first instant of May 1st
    ["month", 2026, 5, SH, "2026-05-31T15:59:00Z", 1, 30], // last minute of May 31st
    ["month", 2026, 5, SH, "2026-05-31T16:00:00Z", 0, 31], // June already
    ["month", 2026, 5, SH, "2026-03-01T00:00:00Z", 31, 0], // before the period
    ["month", 2026, 2, SH, "2026-02-01T00:00:00Z", 28, 0],
    ["quarter", 2026, 2, SH, "2026-03-31T16:30:00Z", 91, 0],
    ["year", 2026, 1, SH, "2026-12-01T00:00:00Z", 31, 334],
    ["year", 2024, 1, SH, "2024-01-01T00:00:00Z", 366, 0],
    ["month", 2026, 3, BERLIN, "2026-03-29T12:00:00Z", 3, 28], // DST day counts as one day
    ["month", 2026, 10, BERLIN, "2026-10-25T12:00:00Z", 7, 24],
  ];
  it.each(cases)("%s %i/%i in %s at %s", (kind, year, index, tz, iso, left, elapsed) => {
    const p = makePeriod(kind, year, index, tz);
    expect(daysLeft(p, at(iso), tz)).toBe(left);
    expect(daysElapsed(p, at(iso), tz)).toBe(elapsed);
  });

  it.each([
    ["month", 2026, 2, 28],
    ["month", 2024, 2, 29],
    ["quarter", 2026, 1, 90],
    ["quarter", 2026, 3, 92],
    ["year", 2026, 1, 365],
    ["year", 2028, 1, 366],
  ] as const)("%s %i/%i has %i days", (kind, year, index, days) => {
    expect(periodDays({ kind, year, index })).toBe(days);
  });

  it.each([
    ["year", 2026, 1, "2026-01-15T00:00:00Z", 0],
    ["year", 2026, 1, "2026-03-31T16:00:00Z", 3], // April 1st in Shanghai
    ["year", 2026, 1, "2026-12-31T15:00:00Z", 11],
    ["year", 2026, 1, "2027-03-01T00:00:00Z", 12],
    ["year", 2026, 1, "2025-06-01T00:00:00Z", 0],
    ["quarter", 2026, 2, "2026-05-31T15:00:00Z", 1],
    ["quarter", 2026, 2, "2026-06-01T00:00:00Z", 2],
    ["month", 2026, 5, "2026-05-31T00:00:00Z", 0],
  ] as const)("months elapsed of %s %i/%i at %s", (kind, year, index, iso, months) => {
    expect(monthsElapsed(makePeriod(kind, year, index, SH), at(iso), SH)).toBe(months);
  });
});
