import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  levelsUp,
  pointsForEvent,
  rankEntries,
  roundPoints,
  type ScoredReport,
  type ScoringEvent,
  scoreReports,
} from "../../src/domain/scoring";
import { DEFAULT_SETTINGS, LEVELS, type Level, type ScoringTable } from "../../src/domain/settings";

const table = DEFAULT_SETTINGS.scoring;
const at = new Date("2026-05-01T00:00:00Z");
const ev = (reportId: number, kind: string, level?: Level | null, mode?: "single" | "combined" | null) => ({
  reportId,
  kind,
  level,
  mode,
  at,
});

describe("levelsUp", () => {
  it.each([
    ["county", "county", LEVELS, 0],
    ["city", "county", LEVELS, 1],
    ["province", "county", LEVELS, 2],
    ["national", "county", LEVELS, 3],
    ["county", "city", LEVELS, undefined],
    ["national", "city", LEVELS, 2],
    ["national", "county", ["county", "city"], undefined],
  ] as const)("%s from %s", (level, own, levels, expected) => {
    expect(levelsUp(level, own, levels)).toBe(expected);
  });
});

describe("pointsForEvent with the default table (county committee)", () => {
  it.each([
    ["adopted", "county", "single", 5],
    ["adopted", "county", "combined", 2],
    ["adopted", "city", "single", 10],
    ["adopted", "city", "combined", 5],
    ["adopted", "province", "single", 20],
    ["adopted", "province", "combined", 10],
    ["adopted", "national", "single", 30],
    ["adopted", "national", "combined", 15],
    ["adopted", null, null, 5], // own level, single piece
    ["adopted", undefined, "combined", 2],
    ["instructed", "county", null, 5],
    ["instructed", "city", null, 10],
    ["instructed", "province", null, 15],
    ["instructed", "national", null, 30],
    ["instructed", null, null, 5],
    ["transferred", null, null, 1],
    ["transferred", "city", null, 1],
    ["replied", null, null, 0],
    ["forwarded", "city", null, 0],
    ["accepted", null, null, 0],
  ] as const)("%s at %s (%s) → %i", (kind, level, mode, points) => {
    expect(pointsForEvent({ kind, level, mode }, table, LEVELS, "county")).toBe(points);
  });

  it("a city committee scores one level up from the city", () => {
    expect(pointsForEvent({ kind: "adopted", level: "province" }, table, LEVELS, "city")).toBe(10);
    expect(pointsForEvent({ kind: "adopted", level: "national" }, table, LEVELS, "city")).toBe(20);
    expect(pointsForEvent({ kind: "adopted", level: "county" }, table, LEVELS, "city")).toBe(0);
    expect(pointsForEvent({ kind: "instructed", level: "county" }, table, LEVELS, "city")).toBe(0);
  });

  it("a short table pays its last entry for levels beyond it", () => {
    const short: ScoringTable = {
      adoptedByLevelsUp: [
        { single: 5, combined: 2 },
        { single: 10, combined: 5 },
      ],
      instructionByLevelsUp: [5],
      transferred: 3,
    };
    expect(pointsForEvent({ kind: "adopted", level: "national" }, short, LEVELS, "county")).toBe(10);
    expect(
      pointsForEvent({ kind: "adopted", level: "province", mode: "combined" }, short, LEVELS, "county"),
    ).toBe(5);
    expect(pointsForEvent({ kind: "instructed", level: "national" }, short, LEVELS, "county")).toBe(5);
    expect(pointsForEvent({ kind: "transferred" }, short, LEVELS, "county")).toBe(3);
  });

  it("a level not configured scores nothing", () => {
    expect(pointsForEvent({ kind: "adopted", level: "national" }, table, ["county", "city"], "county")).toBe(
      0,
    );
  });
});

describe("scoreReports", () => {
  const reports: ScoredReport[] = [
    { id: 1, unitId: 10, authorIds: [100] },
    { id: 2, unitId: 10, authorIds: [100, 101, 102] },
    { id: 3, unitId: 20, authorIds: [101] },
    { id: 4, unitId: null, authorIds: [103] },
  ];
  const score = (events: ScoringEvent[], period?: { start: Date; end: Date }) =>
    scoreReports(reports, events, table, LEVELS, "county", period);

  const cases: [string, ScoringEvent[], Record<number, number>][] = [
    ["nothing happened", [], { 1: 0, 2: 0, 3: 0, 4: 0 }],
    ["one own-level single adoption", [ev(1, "adopted", "county", "single")], { 1: 5 }],
    [
      "adopted at own level and one up",
      [ev(1, "adopted", "county", "single"), ev(1, "adopted", "city", "combined")],
      { 1: 10 },
    ],
    [
      "adopted twice at the same level: the better one once",
      [
        ev(1, "adopted", "city", "combined"),
        ev(1, "adopted", "city", "single"),
        ev(1, "adopted", "city", "combined"),
      ],
      { 1: 10 },
    ],
    ["missing level means own level", [ev(1, "adopted"), ev(1, "adopted", "county", "combined")], { 1: 5 }],
    [
      "instructions once per level",
      [ev(1, "instructed", "county"), ev(1, "instructed", "county"), ev(1, "instructed", "province")],
      { 1: 20 },
    ],
    ["transfer once", [ev(1, "transferred"), ev(1, "transferred", "city")], { 1: 1 }],
    [
      "the full ladder",
      [
        ev(1, "adopted", "county", "single"),
        ev(1, "adopted", "city", "single"),
        ev(1, "adopted", "province", "single"),
        ev(1, "adopted", "national", "combined"),
        ev(1, "instructed", "city"),
        ev(1, "instructed", "national"),
        ev(1, "transferred"),
      ],
      { 1: 5 + 10 + 20 + 15 + 10 + 30 + 1 },
    ],
    ["events of other reports are ignored", [ev(99, "adopted", "national")], { 1: 0 }],
    [
      "other event kinds score nothing",
      [ev(1, "forwarded", "city"), ev(1, "replied"), ev(1, "closed")],
      { 1: 0 },
    ],
  ];
  it.each(cases)("%s", (_name, events, expected) => {
    const { byReport } = score(events);
    for (const [id, points] of Object.entries(expected)) expect(byReport.get(Number(id))).toBe(points);
  });

  it("splits co-authored reports evenly and sums units", () => {
    const { byPerson, byUnit, byReport } = score([
      ev(1, "adopted", "county", "single"), // 5 → person 100, unit 10
      ev(2, "adopted", "city", "single"), // 10 → 100, 101, 102 share; unit 10
      ev(3, "transferred"), // 1 → 101, unit 20
      ev(4, "instructed", "province"), // 15 → 103, no unit
    ]);
    expect(Object.fromEntries(byReport)).toEqual({ 1: 5, 2: 10, 3: 1, 4: 15 });
    expect(byPerson.get(100)).toBeCloseTo(5 + 10 / 3, 10);
    expect(byPerson.get(101)).toBeCloseTo(10 / 3 + 1, 10);
    expect(byPerson.get(102)).toBeCloseTo(10 / 3, 10);
    expect(byPerson.get(103)).toBe(15);
    expect(roundPoints(byPerson.get(102)!)).toBe(3.33);
    expect(Object.fromEntries(byUnit)).toEqual({ 10: 15, 20: 1 });
  });

  it("lists everyone with 0 when nothing scored", () => {
    const { byPerson, byUnit } = score([]);
    expect([...byPerson.keys()].sort()).toEqual([100, 101, 102, 103]);
    expect(Object.fromEntries(byUnit)).toEqual({ 10: 0, 20: 0 });
  });

  it("counts a duplicated author once", () => {
    const { byPerson } = scoreReports(
      [{ id: 1, unitId: null, authorIds: [7, 7, 8] }],
      [ev(1, "adopted", "city")],
      table,
      LEVELS,
      "county",
    );
    expect(Object.fromEntries(byPerson)).toEqual({ 7: 5, 8: 5 });
  });

  it("keeps only events inside [start, end)", () => {
    const start = new Date("2026-03-31T16:00:00Z");
    const end = new Date("2026-06-30T16:00:00Z");
    const events: ScoringEvent[] = [
      { ...ev(1, "adopted", "county"), at: new Date(start.getTime() - 1) }, // before
      { ...ev(1, "adopted", "city"), at: start }, // first instant: in
      { ...ev(1, "instructed", "city"), at: new Date(end.getTime() - 1) }, // last instant: in
      { ...ev(1, "transferred"), at: end }, // end is exclusive: out
    ];
    expect(score(events, { start, end }).byReport.get(1)).toBe(20);
    expect(score(events).byReport.get(1)).toBe(26);
  });

  it("a level already earned before the period earns nothing again; a raise to single earns the difference", () => {
    const q1 = { start: new Date("2026-01-01T00:00:00Z"), end: new Date("2026-04-01T00:00:00Z") };
    const q2 = { start: q1.end, end: new Date("2026-07-01T00:00:00Z") };
    const year = { start: q1.start, end: new Date("2027-01-01T00:00:00Z") };
    const at = (iso: string) => new Date(iso);
    const earnedThenAgain: ScoringEvent[] = [
      { ...ev(1, "adopted", "city", "single"), at: at("2026-03-01T00:00:00Z") },
      { ...ev(1, "adopted", "city", "combined"), at: at("2026-05-01T00:00:00Z") },
      { ...ev(1, "instructed", "county"), at: at("2026-03-02T00:00:00Z") },
      { ...ev(1, "instructed", "county"), at: at("2026-05-02T00:00:00Z") },
    ];
    expect([q1, q2, year].map((p) => score(earnedThenAgain, p).byReport.get(1))).toEqual([15, 0, 15]);
    const raised: ScoringEvent[] = [
      { ...ev(1, "adopted", "city", "combined"), at: at("2026-03-01T00:00:00Z") },
      { ...ev(1, "adopted", "city", "single"), at: at("2026-05-01T00:00:00Z") },
    ];
    expect([q1, q2, year].map((p) => score(raised, p).byReport.get(1))).toEqual([5, 5, 10]);
  });

  it("the quarters of a year add up to the year, person by person and unit by unit", () => {
    const eventArb = fc.record({
      reportId: fc.integer({ min: 1, max: 4 }),
      kind: fc.constantFrom("adopted", "instructed", "transferred"),
      level: fc.constantFrom<Level | null>(...LEVELS, null),
      mode: fc.constantFrom<"single" | "combined" | null>("single", "combined", null),
      at: fc.date({
        min: new Date("2025-10-01T00:00:00Z"),
        max: new Date("2026-12-31T23:59:59Z"),
        noInvalidDate: true,
      }),
    });
    const quarters = [0, 3, 6, 9].map((m) => ({
      start: new Date(Date.UTC(2026, m, 1)),
      end: new Date(Date.UTC(2026, m + 3, 1)),
    }));
    const year = { start: quarters[0]!.start, end: quarters[3]!.end };
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 25 }), (events) => {
        const y = score(events, year);
        const parts = quarters.map((q) => score(events, q));
        for (const key of ["byReport", "byPerson", "byUnit"] as const)
          for (const [id, points] of y[key])
            expect(parts.reduce((sum, part) => sum + (part[key].get(id) ?? 0), 0)).toBeCloseTo(points, 9);
      }),
    );
  });

  it("does not depend on event order or duplicated events", () => {
    const levelArb = fc.constantFrom<Level | null>(...LEVELS, null);
    const eventArb = fc.record({
      reportId: fc.integer({ min: 1, max: 5 }),
      kind: fc.constantFrom("adopted", "instructed", "transferred", "forwarded", "replied"),
      level: levelArb,
      mode: fc.constantFrom<"single" | "combined" | null>("single", "combined", null),
      at: fc.date({
        min: new Date("2026-01-01T00:00:00Z"),
        max: new Date("2026-12-31T00:00:00Z"),
        noInvalidDate: true,
      }),
    });
    const reportArb = fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 1, max: 6 }),
        unitId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
        authorIds: fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 4 }),
      }),
      { selector: (r) => r.id, maxLength: 6 },
    );
    const scenario = fc
      .record({ reports: reportArb, events: fc.array(eventArb, { maxLength: 30 }) })
      .chain(({ reports, events }) =>
        fc.record({
          reports: fc.constant(reports),
          events: fc.constant(events),
          shuffled: fc.shuffledSubarray(events, { minLength: events.length }),
          shuffledReports: fc.shuffledSubarray(reports, { minLength: reports.length }),
          duplicates: fc.subarray(events),
        }),
      );
    const period = { start: new Date("2026-04-01T00:00:00Z"), end: new Date("2026-10-01T00:00:00Z") };
    fc.assert(
      fc.property(scenario, ({ reports: rs, events, shuffled, shuffledReports, duplicates }) => {
        for (const p of [undefined, period]) {
          const a = scoreReports(rs, events, table, LEVELS, "county", p);
          const b = scoreReports(shuffledReports, [...duplicates, ...shuffled], table, LEVELS, "county", p);
          expect(sorted(b.byReport)).toEqual(sorted(a.byReport));
          expect(sorted(b.byPerson)).toEqual(sorted(a.byPerson));
          expect(sorted(b.byUnit)).toEqual(sorted(a.byUnit));
          const personTotal = [...a.byPerson.values()].reduce((s, x) => s + x, 0);
          const authored = rs.filter((r) => r.authorIds.length > 0);
          const reportTotal = authored.reduce((s, r) => s + a.byReport.get(r.id)!, 0);
          expect(personTotal).toBeCloseTo(reportTotal, 9);
        }
      }),
    );
  });
});

function sorted(map: Map<number, number>): [number, number][] {
  return [...map].sort((x, y) => x[0] - y[0]);
}

describe("roundPoints", () => {
  it.each([
    [0, 0],
    [5, 5],
    [10 / 3, 3.33],
    [20 / 3, 6.67],
    [1.005, 1.01],
    [2.675, 2.68],
    [0.1 + 0.2, 0.3],
  ])("%d → %d", (x, expected) => {
    expect(roundPoints(x)).toBe(expected);
  });
});

describe("rankEntries", () => {
  it("uses competition ranking with ties broken by id", () => {
    const ranked = rankEntries(
      new Map([
        [5, 10],
        [3, 20],
        [9, 10],
        [1, 10],
        [2, 4],
      ]),
    );
    expect(ranked).toEqual([
      { id: 3, points: 20, rank: 1 },
      { id: 1, points: 10, rank: 2 },
      { id: 5, points: 10, rank: 2 },
      { id: 9, points: 10, rank: 2 },
      { id: 2, points: 4, rank: 5 },
    ]);
  });

  it("treats points equal when they display the same", () => {
    const ranked = rankEntries(
      new Map([
        [2, 10 / 3],
        [1, 3.33],
        [3, 1 / 3 + 3],
      ]),
    );
    expect(ranked.map((e) => [e.id, e.rank])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
  });

  it("adds names when given", () => {
    const ranked = rankEntries(
      new Map([
        [1, 5],
        [2, 7],
      ]),
      new Map([[2, "王芳"]]),
    );
    expect(ranked).toEqual([
      { id: 2, points: 7, rank: 1, name: "王芳" },
      { id: 1, points: 5, rank: 2 },
    ]);
  });

  it("handles an empty map and all zeros", () => {
    expect(rankEntries(new Map())).toEqual([]);
    expect(
      rankEntries(
        new Map([
          [2, 0],
          [1, 0],
        ]),
      ).map((e) => e.rank),
    ).toEqual([1, 1]);
  });
});
