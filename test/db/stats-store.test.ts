// The counters kept by triggers (src/db/stats-store.ts) against a recomputation from the base tables by the
// definitions (points by the pure scoring method), for random report histories that follow the lifecycle:
// every month, quarter and year, for the committee, each unit and each person; and a rebuild gives the same.
import fc from "fast-check";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { changeSetting } from "../../src/db/settings";
import { ensureStatsCurrent, requestStatsRecount, statsRecounting } from "../../src/db/stats-recount";
import { rebuildStats, recountStatsBatch, SCOPE, upgradeStatsStore } from "../../src/db/stats-store";
import { makePeriod, type Period, periodLabel } from "../../src/domain/periods";
import { scoreReports } from "../../src/domain/scoring";
import { DEFAULT_SETTINGS, LEVELS, type Level, type Settings } from "../../src/domain/settings";
import { type Counters, type PeriodCounts, periodCounts, pointCoefficients } from "../../src/domain/stats";
import { memoryDatabase } from "../support/harness";
import { personRow, reportRow, unitRow } from "../support/report-rows";
import { type Command, command, play } from "../support/stats-histories";

const ZONE = "Asia/Shanghai";

/** Every month, quarter and year from November 2025 to January 2027 in the zone. */
function periods(zone: string): Period[] {
  const out: Period[] = [makePeriod("year", 2025, 1, zone), makePeriod("year", 2026, 1, zone)];
  out.push(makePeriod("year", 2027, 1, zone), makePeriod("quarter", 2025, 4, zone));
  for (let q = 1; q <= 4; q++) out.push(makePeriod("quarter", 2026, q, zone));
  out.push(makePeriod("quarter", 2027, 1, zone));
  for (const [y, m] of [
    [2025, 11],
    [2025, 12],
    ...Array.from({ length: 12 }, (_, i) => [2026, i + 1]),
    [2027, 1],
  ] as [number, number][])
    out.push(makePeriod("month", y, m, zone));
  return out;
}

type Key = string;
const keyOf = (scope: number, entity: number) => `${scope}:${entity}`;

/** The definitions, computed straight from reports, report_authors and report_events. */
async function reference(db: DB, period: Period, settings: Settings): Promise<Map<Key, PeriodCounts>> {
  const reports = await db
    .selectFrom("reports")
    .select(["id", "unit_id", "submitted_at", "status"])
    .execute();
  const authors = await db.selectFrom("report_authors").select(["report_id", "person_id"]).execute();
  const events = await db
    .selectFrom("report_events")
    .select(["id", "report_id", "kind", "level", "mode", "created_at"])
    .orderBy("id")
    .execute();
  const inP = (at: string) => at >= period.start.toISOString() && at < period.end.toISOString();
  const authorsOf = new Map<number, number[]>();
  for (const a of authors) authorsOf.set(a.report_id, [...(authorsOf.get(a.report_id) ?? []), a.person_id]);
  const scores = scoreReports(
    reports.map((r) => ({ id: r.id, unitId: r.unit_id, authorIds: authorsOf.get(r.id) ?? [] })),
    events.map((e) => ({
      reportId: e.report_id,
      kind: e.kind,
      level: e.level as Level | null,
      mode: e.mode as "single" | "combined" | null,
      at: new Date(e.created_at),
    })),
    settings.scoring,
    settings.levels,
    settings.ownLevel,
    period,
  );
  const result = new Map<Key, PeriodCounts>();
  const empty = () => periodCounts(undefined, pointCoefficients(settings));
  const add = (key: Key, f: (c: PeriodCounts) => void) => {
    const c = result.get(key) ?? empty();
    f(c);
    result.set(key, c);
  };
  for (const r of reports) {
    const scopes = [keyOf(SCOPE.committee, 0)];
    if (r.unit_id !== null) scopes.push(keyOf(SCOPE.unit, r.unit_id));
    for (const p of authorsOf.get(r.id) ?? []) scopes.push(keyOf(SCOPE.person, p));
    const own = events.filter((e) => e.report_id === r.id);
    const inPeriod = own.filter((e) => inP(e.created_at));
    const has = (kind: string) => inPeriod.some((e) => e.kind === kind);
    const adoptions = inPeriod.filter((e) => e.kind === "adopted");
    const firstAdoption = own.find((e) => e.kind === "adopted");
    for (const key of scopes)
      add(key, (c) => {
        if (inP(r.submitted_at)) {
          c.submitted++;
          if (r.status !== "rejected") c.kept++;
          if (firstAdoption && firstAdoption.created_at < period.end.toISOString()) c.submittedAdopted++;
        }
        if (has("accepted")) c.accepted++;
        if (has("returned")) c.returned++;
        if (has("rejected")) c.rejected++;
        if (has("transferred")) c.transferred++;
        if (adoptions.length > 0) c.adopted++;
        for (const level of LEVELS) {
          const at = adoptions.filter((e) => (e.level ?? settings.ownLevel) === level);
          if (at.some((e) => e.mode !== "combined")) c.adoptedByLevel[level].single++;
          else if (at.length > 0) c.adoptedByLevel[level].combined++;
          if (inPeriod.some((e) => e.kind === "instructed" && (e.level ?? settings.ownLevel) === level)) {
            c.instructedByLevel[level]++;
            c.instructed++;
          }
          if (inPeriod.some((e) => e.kind === "read" && (e.level ?? settings.ownLevel) === level)) {
            c.readByLevel[level]++;
            c.read++;
          }
        }
      });
  }
  for (const [id, points] of scores.byPerson) add(keyOf(SCOPE.person, id), (c) => (c.points = points));
  for (const [id, points] of scores.byUnit) add(keyOf(SCOPE.unit, id), (c) => (c.points = points));
  add(keyOf(SCOPE.committee, 0), (c) => {
    c.points = [...scores.byReport.values()].reduce((a, b) => a + b, 0);
  });
  return result;
}

async function kept(db: DB, period: Period, settings: Settings): Promise<Map<Key, PeriodCounts>> {
  const rows = await db
    .selectFrom("stats_buckets")
    .selectAll()
    .where("period", "=", periodLabel(period))
    .execute();
  const c = pointCoefficients(settings);
  return new Map(rows.map((r) => [keyOf(r.scope, r.entity), periodCounts(r as unknown as Counters, c)]));
}

function rounded(counts: PeriodCounts | undefined, settings: Settings) {
  const c = counts ?? periodCounts(undefined, pointCoefficients(settings));
  return { ...c, points: Math.round(c.points * 1e6) / 1e6 };
}

async function expectAgree(db: DB, settings: Settings, label: string) {
  for (const period of periods(settings.timeZone)) {
    const [want, got] = await Promise.all([reference(db, period, settings), kept(db, period, settings)]);
    for (const key of new Set([...want.keys(), ...got.keys()]))
      expect(rounded(got.get(key), settings), `${label} ${periodLabel(period)} ${key}`).toEqual(
        rounded(want.get(key), settings),
      );
  }
}

/** The default table with 阅批 worth something, so its weighted counters are checked too. */
const WITH_READ_POINTS: Settings = { ...DEFAULT_SETTINGS, scoring: { ...DEFAULT_SETTINGS.scoring, read: 3 } };

/** Histories the random ones reach rarely, played every time. */
const SCENARIOS: Command[][] = [
  // Adopted by the city as a combined piece, then as a single one: in one month, then across a quarter.
  [
    { kind: "new", authors: [0, 1], unit: 0, hours: 0 },
    { kind: "step", report: 0, action: 1, level: 1, mode: false, hours: 24 * 10 },
    { kind: "step", report: 0, action: 4, level: 1, mode: true, hours: 24 },
    { kind: "step", report: 0, action: 5, level: 1, mode: false, hours: 24 },
    { kind: "step", report: 0, action: 5, level: 1, mode: true, hours: 24 * 3 },
    { kind: "new", authors: [2, 3, 4], unit: 1, hours: 24 * 40 },
    { kind: "step", report: 1, action: 1, level: 1, mode: false, hours: 24 },
    { kind: "step", report: 1, action: 4, level: 2, mode: true, hours: 24 },
    { kind: "step", report: 1, action: 5, level: 2, mode: false, hours: 24 },
    { kind: "step", report: 1, action: 5, level: 2, mode: true, hours: 24 * 60 },
    { kind: "step", report: 1, action: 6, level: 2, mode: true, hours: 24 },
    { kind: "step", report: 1, action: 6, level: 2, mode: true, hours: 24 },
    { kind: "step", report: 1, action: 7, level: 0, mode: true, hours: 24 },
    { kind: "step", report: 1, action: 7, level: 0, mode: true, hours: 24 },
  ],
  // 阅批 at two levels and again at one of them, beside 批示, across a quarter's end.
  [
    { kind: "new", authors: [0, 1], unit: 0, hours: 0 },
    { kind: "step", report: 0, action: 0, level: 0, mode: true, hours: 24 },
    { kind: "step", report: 0, action: 9, level: 0, mode: true, hours: 24 },
    { kind: "step", report: 0, action: 6, level: 0, mode: true, hours: 24 },
    { kind: "step", report: 0, action: 4, level: 1, mode: true, hours: 24 },
    { kind: "step", report: 0, action: 9, level: 1, mode: true, hours: 24 * 100 },
    { kind: "step", report: 0, action: 9, level: 0, mode: true, hours: 24 },
  ],
  // Returned twice, co-authors changed at each resubmission, then accepted and adopted.
  [
    { kind: "new", authors: [0, 1], unit: 2, hours: 0 },
    { kind: "step", report: 0, action: 2, level: 0, mode: true, hours: 24 },
    { kind: "resubmit", report: 0, coauthors: [2, 3], hours: 24 },
    { kind: "step", report: 0, action: 2, level: 0, mode: true, hours: 24 * 50 },
    { kind: "resubmit", report: 0, coauthors: [1], hours: 24 * 2 },
    { kind: "step", report: 0, action: 1, level: 0, mode: true, hours: 24 },
    { kind: "new", authors: [4], unit: 0, hours: 24 },
    { kind: "step", report: 1, action: 3, level: 0, mode: true, hours: 24 },
  ],
];

describe("stats counters", () => {
  it("agree with the definitions for random histories, and a rebuild gives the same", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 60 }), async (commands) => {
        const db = await memoryDatabase();
        await play(db, commands);
        await expectAgree(db, DEFAULT_SETTINGS, "live");
        await expectAgree(db, WITH_READ_POINTS, "live, 阅批 scored");
        const before = await db
          .selectFrom("stats_buckets")
          .selectAll()
          .orderBy("period")
          .orderBy("scope")
          .orderBy("entity")
          .execute();
        await db
          .transaction()
          .execute((trx) => rebuildStats(trx, { timeZone: ZONE, ownLevel: "county" }, new Date()));
        const after = await db
          .selectFrom("stats_buckets")
          .selectAll()
          .orderBy("period")
          .orderBy("scope")
          .orderBy("entity")
          .execute();
        const nonZero = (rows: typeof before) =>
          rows
            .map((r) =>
              Object.fromEntries(
                Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? Math.round(v * 1e9) / 1e9 : v]),
              ),
            )
            .filter((r) =>
              Object.entries(r).some(([k, v]) => !["period", "scope", "entity"].includes(k) && v !== 0),
            );
        expect(nonZero(after)).toEqual(nonZero(before));
      }),
      { numRuns: 40, examples: SCENARIOS.map((scenario) => [scenario]) },
    );
  }, 120_000);

  it("are brought up to date on a store built before 阅批 had columns of its own", async () => {
    const db = await memoryDatabase();
    // The store as an older version made it: no rd_ columns, triggers that know nothing of 阅批.
    const triggers = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'trigger'
      AND substr(name, 1, 6) = 'stats_'`.execute(db);
    for (const t of triggers.rows) await sql.raw(`DROP TRIGGER ${t.name}`).execute(db);
    for (const level of LEVELS)
      for (const column of [`rd_${level}`, `wrd_${level}`])
        await sql.raw(`ALTER TABLE stats_buckets DROP COLUMN ${column}`).execute(db);
    await upgradeStatsStore(db);
    await play(db, SCENARIOS[1]!);
    await expectAgree(db, WITH_READ_POINTS, "upgraded");
    // Running it again changes nothing.
    await upgradeStatsStore(db);
    await expectAgree(db, WITH_READ_POINTS, "upgraded twice");
  });

  it("follow a change of time zone or own level by rebuilding", async () => {
    const db = await memoryDatabase();
    await play(db, [
      { kind: "new", authors: [0, 1], unit: 0, hours: 0 },
      { kind: "step", report: 0, action: 1, level: 0, mode: true, hours: 24 * 6 + 8 },
      { kind: "new", authors: [2], unit: 1, hours: 24 * 30 },
      { kind: "step", report: 1, action: 3, level: 0, mode: true, hours: 12 },
    ]);
    await expectAgree(db, DEFAULT_SETTINGS, "Shanghai");
    expect((await changeSetting(db, "timeZone", "America/New_York")).ok).toBe(true);
    const newYork = { ...DEFAULT_SETTINGS, timeZone: "America/New_York" };
    await ensureStatsCurrent(db, newYork);
    await expectAgree(db, newYork, "New York");
    const city = { ...newYork, ownLevel: "city" as const };
    await ensureStatsCurrent(db, city);
    await expectAgree(db, city, "own level city");
  });

  it("recounted in batches while reports, authors and events keep changing, agree with the definitions", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 2, maxLength: 50 }),
        fc.nat({ max: 49 }),
        fc.integer({ min: 1, max: 3 }),
        async (commands, start, ids) => {
          const db = await memoryDatabase();
          const newYork = { ...DEFAULT_SETTINGS, timeZone: "America/New_York", ownLevel: "city" as const };
          const startAt = start % commands.length;
          await play(db, commands, async (i) => {
            if (i === startAt) expect(await requestStatsRecount(db, newYork)).toBe(true);
            if (i >= startAt) await db.transaction().execute((trx) => recountStatsBatch(trx, ids));
          });
          await ensureStatsCurrent(db, newYork);
          expect(await statsRecounting(db)).toBeUndefined();
          await expectAgree(db, newYork, "recounted in batches");
        },
      ),
      { numRuns: 25, examples: SCENARIOS.map((scenario) => [scenario, 1, 1]) },
    );
  }, 180_000);

  it("count an event in the period of the committee's local time", async () => {
    const db = await memoryDatabase();
    const unit = await unitRow(db, "甲");
    const person = await personRow(db, "张明", unit);
    // 16:30 UTC on 31 March is 00:30 on 1 April in Shanghai; 15:59 UTC on 31 December is still 2026 there.
    await reportRow(db, [person], unit, { submittedAt: "2026-03-31T16:30:00.000Z" });
    await reportRow(db, [person], unit, { submittedAt: "2026-03-31T15:59:59.999Z" });
    await reportRow(db, [person], unit, { submittedAt: "2026-12-31T15:59:59.999Z" });
    await reportRow(db, [person], unit, { submittedAt: "2026-12-31T16:00:00.000Z" });
    const submitted = async (period: string) =>
      (
        await db
          .selectFrom("stats_buckets")
          .select("submitted")
          .where("period", "=", period)
          .where("scope", "=", SCOPE.committee)
          .executeTakeFirst()
      )?.submitted ?? 0;
    expect(await submitted("2026Q1")).toBe(1);
    expect(await submitted("2026Q2")).toBe(1);
    expect(await submitted("2026-04")).toBe(1);
    expect(await submitted("2026-03")).toBe(1);
    expect(await submitted("2026Q4")).toBe(1);
    expect(await submitted("2026")).toBe(3);
    expect(await submitted("2027")).toBe(1);
    expect(await submitted("2027Q1")).toBe(1);
  });
});
