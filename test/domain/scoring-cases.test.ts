// The scoring method as the committees publish it, case by case: co-authors, adoption at several levels,
// instructions at several levels, a changed table, and recomputation that always gives the same answer.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ScoredReport, type ScoringEvent, scoreReports } from "../../src/domain/scoring";
import { DEFAULT_SETTINGS, LEVELS, type Level, type ScoringTable } from "../../src/domain/settings";

const at = new Date("2026-05-01T00:00:00Z");
const DEFAULT = DEFAULT_SETTINGS.scoring;

type Ev = [reportId: number, kind: string, level?: Level | null, mode?: "single" | "combined" | null];

interface Case {
  name: string;
  reports: ScoredReport[];
  events: Ev[];
  table?: ScoringTable;
  ownLevel?: Level;
  people: Record<number, number>;
  units?: Record<number, number>;
}

const report = (id: number, authorIds: number[], unitId: number | null = 1): ScoredReport => ({
  id,
  unitId,
  authorIds,
});

const CASES: Case[] = [
  {
    name: "own bulletin, single piece",
    reports: [report(1, [10])],
    events: [[1, "adopted", "county", "single"]],
    people: { 10: 5 },
    units: { 1: 5 },
  },
  {
    name: "own bulletin, combined piece",
    reports: [report(1, [10])],
    events: [[1, "adopted", "county", "combined"]],
    people: { 10: 2 },
  },
  {
    name: "three co-authors split evenly; the unit gets the whole",
    reports: [report(1, [10, 11, 12])],
    events: [[1, "adopted", "city", "single"]],
    people: { 10: 10 / 3, 11: 10 / 3, 12: 10 / 3 },
    units: { 1: 10 },
  },
  {
    name: "adopted at every level",
    reports: [report(1, [10])],
    events: [
      [1, "adopted", "county", "single"],
      [1, "adopted", "city", "single"],
      [1, "adopted", "province", "combined"],
      [1, "adopted", "national", "single"],
    ],
    people: { 10: 5 + 10 + 10 + 30 },
  },
  {
    name: "instructions at several levels, with an adoption",
    reports: [report(1, [10, 11])],
    events: [
      [1, "adopted", "city", "single"],
      [1, "instructed", "county"],
      [1, "instructed", "city"],
      [1, "instructed", "province"],
      [1, "instructed", "national"],
    ],
    people: { 10: (10 + 5 + 10 + 15 + 30) / 2, 11: (10 + 5 + 10 + 15 + 30) / 2 },
    units: { 1: 70 },
  },
  {
    name: "two instructions at one level count once",
    reports: [report(1, [10])],
    events: [
      [1, "instructed", "city"],
      [1, "instructed", "city"],
    ],
    people: { 10: 10 },
  },
  {
    name: "an adoption recorded twice counts once; a single piece beats a combined one",
    reports: [report(1, [10]), report(2, [10])],
    events: [
      [1, "adopted", "city", "combined"],
      [1, "adopted", "city", "combined"],
      [2, "adopted", "city", "combined"],
      [2, "adopted", "city", "single"],
    ],
    people: { 10: 5 + 10 },
  },
  {
    name: "transfers: one point, once",
    reports: [report(1, [10])],
    events: [
      [1, "transferred"],
      [1, "transferred"],
      [1, "replied"],
    ],
    people: { 10: 1 },
  },
  {
    name: "steps that do not score",
    reports: [report(1, [10])],
    events: [
      [1, "submitted"],
      [1, "accepted"],
      [1, "forwarded", "city"],
      [1, "replied"],
      [1, "closed"],
    ],
    people: { 10: 0 },
    units: { 1: 0 },
  },
  {
    name: "units sum their reports; a report without a unit counts for its authors only",
    reports: [report(1, [10], 1), report(2, [11], 1), report(3, [10], 2), report(4, [12], null)],
    events: [
      [1, "adopted", "county", "single"],
      [2, "adopted", "city", "combined"],
      [3, "transferred"],
      [4, "adopted", "national", "single"],
    ],
    people: { 10: 6, 11: 5, 12: 30 },
    units: { 1: 10, 2: 1 },
  },
  {
    name: "a changed table",
    table: {
      adoptedByLevelsUp: [
        { single: 8, combined: 3 },
        { single: 12, combined: 6 },
      ],
      instructionByLevelsUp: [4, 8],
      transferred: 2,
    },
    reports: [report(1, [10, 11])],
    events: [
      [1, "adopted", "county", "combined"],
      [1, "adopted", "city", "single"],
      // Beyond the table's rows: the last row pays.
      [1, "adopted", "national", "combined"],
      [1, "instructed", "province"],
      [1, "transferred"],
    ],
    people: { 10: (3 + 12 + 6 + 8 + 2) / 2, 11: (3 + 12 + 6 + 8 + 2) / 2 },
  },
  {
    name: "a city committee: its own level is the city, the county is below it",
    ownLevel: "city",
    reports: [report(1, [10])],
    events: [
      [1, "adopted", "county", "single"],
      [1, "adopted", "city", "single"],
      [1, "adopted", "province", "single"],
      [1, "instructed", "national"],
    ],
    people: { 10: 5 + 10 + 15 },
  },
  {
    name: "a missing level means the own level; a missing mode a single piece",
    reports: [report(1, [10])],
    events: [
      [1, "adopted", null, null],
      [1, "instructed", null],
    ],
    people: { 10: 5 + 5 },
  },
];

function events(list: Ev[]): ScoringEvent[] {
  return list.map(([reportId, kind, level, mode]) => ({
    reportId,
    kind,
    level: level ?? null,
    mode: mode ?? null,
    at,
  }));
}

describe("scoring: the published method, case by case", () => {
  it.each(CASES)("$name", (c) => {
    const scores = scoreReports(
      c.reports,
      events(c.events),
      c.table ?? DEFAULT,
      LEVELS,
      c.ownLevel ?? "county",
    );
    for (const [person, points] of Object.entries(c.people))
      expect(scores.byPerson.get(Number(person))).toBeCloseTo(points, 10);
    for (const [unit, points] of Object.entries(c.units ?? {}))
      expect(scores.byUnit.get(Number(unit))).toBeCloseTo(points, 10);
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────────────────

const levelArb = fc.constantFrom(...LEVELS);
const eventArb = (reports: number) =>
  fc.record({
    reportId: fc.integer({ min: 1, max: reports }),
    kind: fc.constantFrom("adopted", "instructed", "transferred", "forwarded", "accepted", "replied"),
    level: fc.option(levelArb, { nil: null }),
    mode: fc.option(fc.constantFrom("single" as const, "combined" as const), { nil: null }),
    at: fc.constant(at),
  });
const reportsArb = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.tuple(
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          id: fc.constant(i + 1),
          unitId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
          authorIds: fc.uniqueArray(fc.integer({ min: 100, max: 106 }), { minLength: 1, maxLength: 4 }),
        }),
      ),
    ),
    fc.array(eventArb(n), { maxLength: 30 }),
  ),
);
const tableArb: fc.Arbitrary<ScoringTable> = fc.record({
  adoptedByLevelsUp: fc.array(
    fc.record({ single: fc.integer({ min: 0, max: 50 }), combined: fc.integer({ min: 0, max: 50 }) }),
    { minLength: 1, maxLength: 4 },
  ),
  instructionByLevelsUp: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 4 }),
  transferred: fc.integer({ min: 0, max: 5 }),
});

function sum(map: ReadonlyMap<number, number>): number {
  return [...map.values()].reduce((a, b) => a + b, 0);
}

describe("scoring: properties", () => {
  it("recomputing from the same events, in any order and with any event recorded again, gives the same result", () => {
    fc.assert(
      fc.property(reportsArb, tableArb, ([reports, list], table) => {
        const once = scoreReports(reports, list, table, LEVELS, "county");
        const again = scoreReports(reports, list, table, LEVELS, "county");
        const shuffled = [...list, ...list.slice(0, 5)].reverse();
        const replayed = scoreReports([...reports].reverse(), shuffled, table, LEVELS, "county");
        for (const result of [again, replayed]) {
          expect([...result.byPerson].sort()).toEqual([...once.byPerson].sort());
          expect([...result.byUnit].sort()).toEqual([...once.byUnit].sort());
          expect([...result.byReport].sort()).toEqual([...once.byReport].sort());
        }
      }),
    );
  });

  it("co-authors' shares add up to the report's points: nothing is lost or counted twice", () => {
    fc.assert(
      fc.property(reportsArb, tableArb, ([reports, list], table) => {
        const scores = scoreReports(reports, list, table, LEVELS, "county");
        expect(sum(scores.byPerson)).toBeCloseTo(sum(scores.byReport), 6);
        const withUnit = reports.filter((r) => r.unitId !== null);
        expect(sum(scores.byUnit)).toBeCloseTo(
          withUnit.reduce((total, r) => total + (scores.byReport.get(r.id) ?? 0), 0),
          6,
        );
      }),
    );
  });

  it("a recorded event never lowers anyone's points", () => {
    fc.assert(
      fc.property(reportsArb, tableArb, eventArb(6), ([reports, list], table, extra) => {
        const before = scoreReports(reports, list, table, LEVELS, "county");
        const after = scoreReports(reports, [...list, extra], table, LEVELS, "county");
        for (const [person, points] of before.byPerson)
          expect(after.byPerson.get(person) ?? 0).toBeGreaterThanOrEqual(points - 1e-9);
      }),
    );
  });

  it("multiplying the table multiplies every score", () => {
    fc.assert(
      fc.property(reportsArb, tableArb, fc.integer({ min: 2, max: 5 }), ([reports, list], table, k) => {
        const scaled: ScoringTable = {
          adoptedByLevelsUp: table.adoptedByLevelsUp.map((p) => ({
            single: p.single * k,
            combined: p.combined * k,
          })),
          instructionByLevelsUp: table.instructionByLevelsUp.map((p) => p * k),
          transferred: table.transferred * k,
        };
        const base = scoreReports(reports, list, table, LEVELS, "county");
        const times = scoreReports(reports, list, scaled, LEVELS, "county");
        for (const [person, points] of base.byPerson)
          expect(times.byPerson.get(person)).toBeCloseTo(points * k, 6);
      }),
    );
  });
});
