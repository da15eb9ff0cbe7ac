// What the Excel bulletin lists of a period: totals, every unit and person in the standings, and the period's
// reports with their steps and points.
import { sql } from "kysely";
import { EVENT_KINDS } from "../domain/lifecycle";
import type { Period } from "../domain/periods";
import type { Role } from "../domain/roles";
import { type ScoringEvent, scoreReports } from "../domain/scoring";
import type { Level } from "../domain/settings";
import type { PeriodCounts } from "../domain/stats";
import type { DB } from "./database";
import { statsForPeriod } from "./stats";
import type { StatsSettings } from "./stats-query";
import { type QuotaCompletion, quotaByUnit } from "./stats-quota";
import { type RankedRow, rankingForPeriod } from "./stats-ranking";

export interface BulletinReport {
  id: number;
  title: string;
  authors: string[];
  unitName: string | null;
  category: string;
  submittedAt: Date;
  status: string;
  /** The level of its latest forwarding by the period's end (已上报（市级）), if any. */
  forwardedLevel: string | null;
  /** Steps dated in the period, oldest first. */
  events: { kind: string; at: Date; level: string | null; mode: string | null; department: string | null }[];
  /** Points the report earned in the period (before sharing among co-authors). */
  points: number;
}

export interface BulletinData {
  period: Period;
  counts: PeriodCounts;
  quota: QuotaCompletion;
  units: (RankedRow & { quota: QuotaCompletion })[];
  people: (RankedRow & { role: Role | null })[];
  reports: BulletinReport[];
  /** Reports left out beyond the limit. */
  reportsLeftOut: number;
}

/** Reports listed in one bulletin at most: a county sends hundreds a year; the rest is summarised. */
export const BULLETIN_MAX_REPORTS = 50_000;

/** What the Excel bulletin lists: totals, every unit and person in the standings, and the period's reports. */
export async function bulletinData(db: DB, period: Period, settings: StatsSettings): Promise<BulletinData> {
  const stats = await statsForPeriod(db, period, settings, { top: 0 });
  const [units, people] = await Promise.all([
    rankingForPeriod(db, period, settings, { scope: "units" }),
    rankingForPeriod(db, period, settings, { scope: "people" }),
  ]);
  const unitQuota = await quotaByUnit(db, period, settings);
  const roles = new Map<number, Role>();
  const ids = people.rows.map((p) => p.id);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom("people")
      .select(["id", "role"])
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
    for (const row of rows) roles.set(row.id, row.role);
  }
  const { reports, leftOut } = await periodReports(db, period, settings);
  return {
    period,
    counts: stats.counts,
    quota: stats.quota,
    units: units.rows.map((u) => ({ ...u, quota: unitQuota.get(u.id) ?? { met: 0, total: 0 } })),
    people: people.rows.map((p) => ({ ...p, role: roles.get(p.id) ?? null })),
    reports,
    reportsLeftOut: leftOut,
  };
}

/** Reports submitted in the period or with a step dated in it, with those steps and their points. */
async function periodReports(
  db: DB,
  period: Period,
  settings: StatsSettings,
): Promise<{ reports: BulletinReport[]; leftOut: number }> {
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  const idRows = await sql<{
    id: number;
  }>`SELECT id FROM reports WHERE submitted_at >= ${start} AND submitted_at < ${end}
    UNION SELECT report_id FROM report_events WHERE kind IN (${sql.join([...EVENT_KINDS])})
      AND created_at >= ${start} AND created_at < ${end}
    ORDER BY 1`.execute(db);
  const allIds = idRows.rows.map((r) => Number(r.id));
  const ids = allIds.slice(0, BULLETIN_MAX_REPORTS);
  const reports: BulletinReport[] = [];
  const scoring: ScoringEvent[] = [];
  const authorIds = new Map<number, number[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const [rows, authors, events] = await Promise.all([
      db
        .selectFrom("reports")
        .leftJoin("units", "units.id", "reports.unit_id")
        .select([
          "reports.id",
          "reports.title",
          "reports.category",
          "reports.submitted_at",
          "reports.status",
          "reports.unit_id",
          "units.name as unit_name",
        ])
        .where("reports.id", "in", part)
        .orderBy("reports.id")
        .execute(),
      db
        .selectFrom("report_authors")
        .innerJoin("people", "people.id", "report_authors.person_id")
        .select(["report_authors.report_id", "report_authors.person_id", "people.name"])
        .where("report_authors.report_id", "in", part)
        .orderBy("report_authors.report_id")
        .orderBy("report_authors.position")
        .execute(),
      db
        .selectFrom("report_events")
        .select(["report_id", "kind", "level", "mode", "department", "created_at"])
        .where("report_id", "in", part)
        .where("created_at", "<", end)
        .orderBy("id")
        .execute(),
    ]);
    const names = new Map<number, string[]>();
    for (const a of authors) {
      names.set(a.report_id, [...(names.get(a.report_id) ?? []), a.name]);
      authorIds.set(a.report_id, [...(authorIds.get(a.report_id) ?? []), a.person_id]);
    }
    const eventsOf = new Map<number, BulletinReport["events"]>();
    const forwardedTo = new Map<number, string>();
    for (const e of events) {
      if (e.kind === "forwarded" && e.level !== null) forwardedTo.set(e.report_id, e.level);
      const at = new Date(e.created_at);
      // Steps before the period are not listed, but say what the report had already earned.
      if (e.created_at >= start)
        eventsOf.set(e.report_id, [
          ...(eventsOf.get(e.report_id) ?? []),
          { kind: e.kind, at, level: e.level, mode: e.mode, department: e.department },
        ]);
      scoring.push({
        reportId: e.report_id,
        kind: e.kind,
        level: (e.level as Level | null) ?? null,
        mode: e.mode === "combined" ? "combined" : e.mode === "single" ? "single" : null,
        at,
      });
    }
    for (const row of rows)
      reports.push({
        id: row.id,
        title: row.title,
        authors: names.get(row.id) ?? [],
        unitName: row.unit_name,
        category: row.category,
        submittedAt: new Date(row.submitted_at),
        status: row.status,
        forwardedLevel: forwardedTo.get(row.id) ?? null,
        events: eventsOf.get(row.id) ?? [],
        points: 0,
      });
  }
  const scores = scoreReports(
    reports.map((r) => ({ id: r.id, unitId: null, authorIds: authorIds.get(r.id) ?? [] })),
    scoring,
    settings.scoring,
    settings.levels,
    settings.ownLevel,
    period,
  );
  for (const report of reports) report.points = scores.byReport.get(report.id) ?? 0;
  return { reports, leftOut: allIds.length - ids.length };
}
