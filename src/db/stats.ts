// Statistics for a period — month, quarter or year in the committee's time zone — read from the counters that
// src/db/stats-store.ts keeps per period: the totals for /stats, the standings for /rank and the quarterly
// bulletin, the monthly trend, and everything the Excel bulletin lists. Each query reads one period's rows
// (a few thousand at most per scope), so it stays fast with 100,000 people and 1,000,000 reports.
//
// Definitions (also in the README, "Statistics"): submitted = reports whose latest submission falls in the
// period; accepted / returned / rejected = reports with that decision dated in the period (whenever they were
// submitted); adopted, per level (single / combined), instructions, transfers and points = steps dated in
// the period, by the scoring method of src/domain/scoring.ts; adoption rate = of the reports submitted in the
// period, the share adopted by its end; quota completion = people owing reports whose reports submitted in the
// period and not rejected reach their quota scaled to the period (src/domain/stats.ts).
//
// This file: /stats's numbers, the trend, a person's counts, the spans the group progress reports. Beside it:
// stats-query.ts (shared SQL pieces), stats-recount.ts (the counters' basis), stats-quota.ts, stats-ranking.ts
// (/rank, /me), stats-standings.ts (the quarterly bulletin), stats-bulletin.ts (the Excel file).
// For the benchmark: statsForPeriod (the /stats reply), rankingForPeriod (one /rank page), monthlyTrend (the
// chart), bulletinData (the Excel file). Each first calls ensureStatsCurrent, a one-row read.
import { type Expression, type SqlBool, sql } from "kysely";
import type { Period } from "../domain/periods";
import { periodContaining, periodLabel, previousPeriod } from "../domain/periods";
import { type PeriodCounts, periodCounts, pointCoefficients, trendMonths } from "../domain/stats";
import type { DB } from "./database";
import { BUCKET_SELECT, countersFor, countersOf, type StatsSettings, type StatsTarget } from "./stats-query";
import { type QuotaCompletion, quotaCompletions } from "./stats-quota";
import { type RankedRow, rankingForPeriod } from "./stats-ranking";
import { ensureStatsCurrent } from "./stats-recount";
import { SCOPE } from "./stats-store";

/** One person's counts in each of the periods, in their order (one query). */
export async function personCounts(
  db: DB,
  periods: readonly Period[],
  settings: StatsSettings,
  personId: number,
): Promise<PeriodCounts[]> {
  await ensureStatsCurrent(db, settings);
  const coefficients = pointCoefficients(settings);
  const keys = periods.map((period) => periodLabel(period));
  const result = await sql<Record<string, unknown> & { period: string }>`SELECT b.period AS period,
      ${BUCKET_SELECT} FROM stats_buckets b
    WHERE b.period IN (${sql.join(keys)}) AND b.scope = ${SCOPE.person} AND b.entity = ${personId}`.execute(
    db,
  );
  const byKey = new Map(result.rows.map((row) => [row.period, row]));
  return keys.map((key) => periodCounts(countersOf(byKey.get(key)), coefficients));
}

export interface SubmittedAdopted {
  submitted: number;
  /** Reports adopted (at any level) in the span, once each. */
  adopted: number;
}

/**
 * Reports submitted and adopted from the start of a period up to `end` (the period's end or the start of one
 * of its months), for the committee and each unit. The counters hold whole periods: from the period's
 * counters this takes off its months from `end` on (submitted), and the reports whose adoptions in the
 * period all came from `end` on (adopted: a report adopted before and after `end` counts once either way).
 * That last query reads the adoptions dated after `end`: for the monthly group progress, those since the
 * month ended — hours when the job runs on the 1st.
 */
export async function submittedAdoptedUntil(
  db: DB,
  period: Period,
  settings: StatsSettings,
  end: Date,
): Promise<{ total: SubmittedAdopted; units: Map<number, SubmittedAdopted> }> {
  await ensureStatsCurrent(db, settings);
  const tail: string[] = [];
  for (let at = end; at < period.end; ) {
    const month = periodContaining("month", at, settings.timeZone);
    if (month.start.getTime() !== at.getTime() || at < period.start)
      throw new Error(`submittedAdoptedUntil: ${at.toISOString()} is not a month's start in the period`);
    tail.push(periodLabel(month));
    at = month.end;
  }
  const tailSubmitted =
    tail.length === 0
      ? sql`0`
      : sql`COALESCE((SELECT SUM(t.submitted) FROM stats_buckets t
          WHERE t.period IN (${sql.join(tail)}) AND t.scope = b.scope AND t.entity = b.entity), 0)`;
  const rows = await sql<{ scope: number; entity: number; submitted: number; adopted: number }>`SELECT
      b.scope AS scope, b.entity AS entity, b.submitted - ${tailSubmitted} AS submitted, b.adopted AS adopted
    FROM stats_buckets b
    WHERE b.period = ${periodLabel(period)} AND b.scope IN (${SCOPE.committee}, ${SCOPE.unit})`.execute(db);
  const total: SubmittedAdopted = { submitted: 0, adopted: 0 };
  const units = new Map<number, SubmittedAdopted>();
  for (const row of rows.rows) {
    const counts = { submitted: Number(row.submitted), adopted: Number(row.adopted) };
    if (Number(row.scope) === SCOPE.committee) Object.assign(total, counts);
    else units.set(Number(row.entity), counts);
  }
  if (tail.length > 0) {
    const from = end.toISOString();
    const late = await sql<{ unit_id: number | null; n: number }>`SELECT r.unit_id AS unit_id, COUNT(*) AS n
      FROM reports r
      WHERE r.id IN (SELECT e.report_id FROM report_events e WHERE e.kind = 'adopted'
          AND e.created_at >= ${from} AND e.created_at < ${period.end.toISOString()})
        AND NOT EXISTS (SELECT 1 FROM report_events x WHERE x.report_id = r.id AND +x.kind = 'adopted'
          AND +x.created_at >= ${period.start.toISOString()} AND +x.created_at < ${from})
      GROUP BY r.unit_id`.execute(db);
    for (const row of late.rows) {
      total.adopted -= Number(row.n);
      const unit = row.unit_id === null ? undefined : units.get(Number(row.unit_id));
      if (unit) unit.adopted -= Number(row.n);
    }
  }
  return { total, units };
}

/** The committee's numbers for the period (what /stats shows without a unit or person). */
export async function periodTotals(db: DB, period: Period, settings: StatsSettings): Promise<PeriodCounts> {
  await ensureStatsCurrent(db, settings);
  const counters = await countersFor(db, periodLabel(period), SCOPE.committee, 0);
  return periodCounts(counters, pointCoefficients(settings));
}

export interface PeriodStats {
  period: Period;
  previous: Period;
  target: StatsTarget | undefined;
  counts: PeriodCounts;
  previousCounts: PeriodCounts;
  quota: QuotaCompletion;
  previousQuota: QuotaCompletion;
  /** Best units by points (none for a unit or a person). */
  topUnits: RankedRow[];
  /** Best people by points: everyone's, or a unit's (none for a person). */
  topPeople: RankedRow[];
}

/** Everything /stats shows for a period, for the committee, a unit or a person, with the previous period. */
export async function statsForPeriod(
  db: DB,
  period: Period,
  settings: StatsSettings,
  options: { target?: StatsTarget; top?: number } = {},
): Promise<PeriodStats> {
  await ensureStatsCurrent(db, settings);
  const coefficients = pointCoefficients(settings);
  const previous = previousPeriod(period, settings.timeZone);
  const target = options.target;
  const top = options.top ?? 5;
  const [scope, entity] =
    target?.kind === "unit"
      ? [SCOPE.unit, target.id]
      : target?.kind === "person"
        ? [SCOPE.person, target.id]
        : [SCOPE.committee, 0];
  const [current, before, [quota, previousQuota], topUnits, topPeople] = await Promise.all([
    countersFor(db, periodLabel(period), scope, entity),
    countersFor(db, periodLabel(previous), scope, entity),
    quotaCompletions(db, [period, previous], settings, target) as Promise<[QuotaCompletion, QuotaCompletion]>,
    bestOfPeriod(db, period, settings, "units", top, target),
    bestOfPeriod(db, period, settings, "people", top, target),
  ]);
  return {
    period,
    previous,
    target,
    counts: periodCounts(current, coefficients),
    previousCounts: periodCounts(before, coefficients),
    quota,
    previousQuota,
    topUnits,
    topPeople,
  };
}

/**
 * The period's best units (for the committee; none for a unit or a person) or best people (everyone's or a
 * unit's; none for a person), at most `top`: what /stats lists and its chart draws.
 */
export async function bestOfPeriod(
  db: DB,
  period: Period,
  settings: StatsSettings,
  scope: "units" | "people",
  top: number,
  target?: StatsTarget,
): Promise<RankedRow[]> {
  if (top <= 0 || target?.kind === "person" || (scope === "units" && target)) return [];
  const unit = scope === "people" && target?.kind === "unit" ? { unitId: target.id } : {};
  return (await rankingForPeriod(db, period, settings, { scope, limit: top, withTotal: false, ...unit }))
    .rows;
}

export interface TrendMonth {
  month: Period;
  submitted: number;
  adopted: number;
}

/** Submitted and adopted reports per month over the twelve months ending with the period. */
export async function monthlyTrend(
  db: DB,
  period: Period,
  settings: StatsSettings,
  target?: StatsTarget,
): Promise<TrendMonth[]> {
  await ensureStatsCurrent(db, settings);
  const months = trendMonths(period, settings.timeZone);
  const [scope, entity] =
    target?.kind === "unit"
      ? [SCOPE.unit, target.id]
      : target?.kind === "person"
        ? [SCOPE.person, target.id]
        : [SCOPE.committee, 0];
  const rows = await db
    .selectFrom("stats_buckets")
    .select(["period", "submitted", "adopted"])
    .where("scope", "=", scope)
    .where("entity", "=", entity)
    .where(
      "period",
      "in",
      months.map((m) => periodLabel(m)),
    )
    .execute();
  const byKey = new Map(rows.map((r) => [r.period, r]));
  return months.map((month) => {
    const row = byKey.get(periodLabel(month));
    return { month, submitted: Number(row?.submitted ?? 0), adopted: Number(row?.adopted ?? 0) };
  });
}

/** Units and people whose name is the text, else contains it (units first); at most `limit`. */
export async function findStatsTargets(db: DB, text: string, limit = 10): Promise<StatsTarget[]> {
  const name = text.trim();
  if (name === "") return [];
  const pattern = `%${name.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const like = (column: string): Expression<SqlBool> =>
    sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
  const units = await db.selectFrom("units").select(["id", "name"]).where("name", "=", name).execute();
  const people = await db
    .selectFrom("people")
    .leftJoin("units", "units.id", "people.unit_id")
    .select(["people.id", "people.name", "units.name as unit_name"])
    .where("people.name", "=", name)
    .orderBy("people.active", "desc")
    .orderBy("people.id")
    .limit(limit)
    .execute();
  const exact: StatsTarget[] = [
    ...units.map((u) => ({ kind: "unit" as const, id: u.id, name: u.name })),
    ...people.map((p) => ({ kind: "person" as const, id: p.id, name: p.name, unitName: p.unit_name })),
  ];
  if (exact.length > 0) return exact.slice(0, limit);
  const someUnits = await db
    .selectFrom("units")
    .select(["id", "name"])
    .where(like("units.name"))
    .orderBy("name")
    .limit(limit)
    .execute();
  const somePeople = await db
    .selectFrom("people")
    .leftJoin("units", "units.id", "people.unit_id")
    .select(["people.id", "people.name", "units.name as unit_name"])
    .where(like("people.name"))
    .orderBy("people.active", "desc")
    .orderBy("people.name")
    .limit(limit)
    .execute();
  return [
    ...someUnits.map((u) => ({ kind: "unit" as const, id: u.id, name: u.name })),
    ...somePeople.map((p) => ({ kind: "person" as const, id: p.id, name: p.name, unitName: p.unit_name })),
  ].slice(0, limit);
}
