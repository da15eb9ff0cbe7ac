// The tests' independent reference for the tallies of any span of time: the computation /me, the monthly group
// progress and the quarterly standings used before they read the per-period counters (src/db/stats.ts). It
// reads every report and event of the range and scores them with src/domain/scoring.ts:
// - points: scoreReports over the adoption / instruction / transfer events dated in the range (a report scores
//   when it is adopted, whenever it was submitted); co-authors share a report's points, a unit gets them whole;
// - submitted: reports submitted in the range (rejected ones too: they were sent);
// - adopted per level / instructed: reports with such an event in the range, counted once per level;
// - adoption rate: of the reports submitted in the range, the share adopted (anywhere) by the range's end.
// Seconds to a minute at 1,000,000 reports (docs/benchmarks.md, section 2): for tests and the benchmark's check.
import type { DB } from "../../src/db/database";
import type { Person } from "../../src/db/schema";
import { findUnitById } from "../../src/db/units";
import { isWithin, periodContaining } from "../../src/domain/periods";
import { isBehindPace, quotaProgress } from "../../src/domain/quotas";
import { type Role, WRITER_ROLES } from "../../src/domain/roles";
import {
  type RankEntry,
  rankEntries,
  roundPoints,
  type ScoredReport,
  scoreReports,
} from "../../src/domain/scoring";
import type { Level, Settings } from "../../src/domain/settings";
import { periodName, type Translate } from "../../src/bot/render";
import type { Ranked, Tally } from "../../src/jobs/standings";

export interface RangeStats {
  units: Map<number, Tally>;
  people: Map<number, Tally>;
  total: Tally;
}

const SCORING_KINDS = ["adopted", "instructed", "transferred"];

function emptyTally(): Tally {
  return { points: 0, submitted: 0, adoptedByLevel: {}, adopted: 0, instructed: 0, submittedAdopted: 0 };
}

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function loadRangeStats(
  db: DB,
  settings: Settings,
  range: { start: Date; end: Date },
): Promise<RangeStats> {
  const start = range.start.toISOString();
  const end = range.end.toISOString();
  const submitted = await db
    .selectFrom("reports")
    .select("id")
    .where("submitted_at", ">=", start)
    .where("submitted_at", "<", end)
    .execute();
  const events = await db
    .selectFrom("report_events")
    .select(["report_id", "kind", "level", "mode", "created_at"])
    .where("kind", "in", SCORING_KINDS)
    .where("created_at", ">=", start)
    .where("created_at", "<", end)
    .execute();
  const submittedIds = new Set(submitted.map((r) => r.id));
  const adoptedByEnd = new Set<number>();
  for (const ids of chunks([...submittedIds])) {
    const rows = await db
      .selectFrom("report_events")
      .select("report_id")
      .where("kind", "=", "adopted")
      .where("report_id", "in", ids)
      .where("created_at", "<", end)
      .execute();
    for (const row of rows) adoptedByEnd.add(row.report_id);
  }

  const ids = [...new Set([...submittedIds, ...events.map((e) => e.report_id)])];
  const reports: ScoredReport[] = [];
  for (const part of chunks(ids)) {
    const [rows, authors] = await Promise.all([
      db.selectFrom("reports").select(["id", "unit_id"]).where("id", "in", part).execute(),
      db
        .selectFrom("report_authors")
        .select(["report_id", "person_id"])
        .where("report_id", "in", part)
        .execute(),
    ]);
    const authorsOf = new Map<number, number[]>();
    for (const a of authors) authorsOf.set(a.report_id, [...(authorsOf.get(a.report_id) ?? []), a.person_id]);
    for (const row of rows)
      reports.push({ id: row.id, unitId: row.unit_id, authorIds: authorsOf.get(row.id) ?? [] });
  }

  // Points: what the reports earned beyond what their steps before the range had already earned.
  const earlier: typeof events = [];
  for (const part of chunks(ids))
    earlier.push(
      ...(await db
        .selectFrom("report_events")
        .select(["report_id", "kind", "level", "mode", "created_at"])
        .where("kind", "in", SCORING_KINDS)
        .where("report_id", "in", part)
        .where("created_at", "<", start)
        .execute()),
    );
  const scores = scoreReports(
    reports,
    [...earlier, ...events].map((e) => ({
      reportId: e.report_id,
      kind: e.kind,
      level: e.level as Level | null,
      mode: e.mode as "single" | "combined" | null,
      at: new Date(e.created_at),
    })),
    settings.scoring,
    settings.levels,
    settings.ownLevel,
    range,
  );
  const adoptedLevels = new Map<number, Set<Level>>();
  const instructedLevels = new Map<number, Set<Level>>();
  for (const e of events) {
    const target =
      e.kind === "adopted" ? adoptedLevels : e.kind === "instructed" ? instructedLevels : undefined;
    if (!target) continue;
    const level = (e.level as Level | null) ?? settings.ownLevel;
    target.set(e.report_id, (target.get(e.report_id) ?? new Set()).add(level));
  }

  const stats: RangeStats = { units: new Map(), people: new Map(), total: emptyTally() };
  const add = (tally: Tally, report: ScoredReport) => {
    if (submittedIds.has(report.id)) tally.submitted += 1;
    if (submittedIds.has(report.id) && adoptedByEnd.has(report.id)) tally.submittedAdopted += 1;
    const levels = adoptedLevels.get(report.id);
    if (levels) {
      tally.adopted += 1;
      for (const level of levels) tally.adoptedByLevel[level] = (tally.adoptedByLevel[level] ?? 0) + 1;
    }
    tally.instructed += instructedLevels.get(report.id)?.size ?? 0;
  };
  const tallyOf = (map: Map<number, Tally>, id: number) => {
    const tally = map.get(id) ?? emptyTally();
    map.set(id, tally);
    return tally;
  };
  for (const report of reports) {
    add(stats.total, report);
    stats.total.points += scores.byReport.get(report.id) ?? 0;
    if (report.unitId !== null) add(tallyOf(stats.units, report.unitId), report);
    for (const author of new Set(report.authorIds)) add(tallyOf(stats.people, author), report);
  }
  for (const [id, points] of scores.byUnit) tallyOf(stats.units, id).points = points;
  for (const [id, points] of scores.byPerson) tallyOf(stats.people, id).points = points;
  return stats;
}

/** Ranks by points (shared ranks for equal points as shown), then submissions, then id. */
export function rankTallies(
  entries: readonly { id: number; name: string; unit: string | null; tally: Tally }[],
): Ranked[] {
  const points = new Map(entries.map((e) => [e.id, e.tally.points]));
  const ranked = new Map<number, RankEntry>(rankEntries(points).map((r) => [r.id, r]));
  return entries
    .map((e) => ({ ...e, rank: ranked.get(e.id)?.rank ?? entries.length }))
    .sort((a, b) => a.rank - b.rank || b.tally.submitted - a.tally.submitted || a.id - b.id);
}

/**
 * Where /me placed a person before it read the counters: among everyone who writes (0 points if nothing
 * scored) and anyone else with a tally in the range, ranked by rankTallies; undefined when not among them.
 */
export async function referenceRanks(
  db: DB,
  stats: RangeStats,
  person: { id: number; unit_id: number | null },
): Promise<{ unit?: { rank: number; total: number }; overall?: { rank: number; total: number } }> {
  const scored = [...stats.people.keys()];
  const pool = await db
    .selectFrom("people")
    .select(["id", "name", "unit_id"])
    .where((eb) =>
      eb.or([
        eb.and([eb("active", "=", 1), eb("role", "in", [...WRITER_ROLES])]),
        ...(scored.length > 0 ? [eb("id", "in", scored)] : []),
      ]),
    )
    .execute();
  const zero: Tally = emptyTally();
  const entries = pool.map((p) => ({
    id: p.id,
    name: p.name,
    unit: p.unit_id === null ? null : String(p.unit_id),
    tally: stats.people.get(p.id) ?? zero,
  }));
  const overall = rankTallies(entries);
  const inUnit = rankTallies(
    entries.filter((e) => person.unit_id !== null && e.unit === String(person.unit_id)),
  );
  const unitRank = inUnit.find((e) => e.id === person.id);
  const overallRank = overall.find((e) => e.id === person.id);
  return {
    ...(unitRank ? { unit: { rank: unitRank.rank, total: inUnit.length } } : {}),
    ...(overallRank ? { overall: { rank: overallRank.rank, total: overall.length } } : {}),
  };
}

/** The /me text as it was computed before the counters: every report and event of the year so far. */
export async function referenceMeText(
  db: DB,
  settings: Settings,
  person: Person,
  role: Role,
  now: Date,
  t: Translate,
): Promise<string> {
  const { timeZone } = settings;
  const year = periodContaining("year", now, timeZone);
  const unit = person.unit_id === null ? undefined : await findUnitById(db, person.unit_id);
  const submitted = (
    await db
      .selectFrom("report_authors")
      .innerJoin("reports", "reports.id", "report_authors.report_id")
      .select("reports.submitted_at")
      .where("report_authors.person_id", "=", person.id)
      .where("reports.status", "!=", "rejected")
      .where("reports.submitted_at", ">=", year.start.toISOString())
      .where("reports.submitted_at", "<=", now.toISOString())
      .execute()
  ).map((r) => new Date(r.submitted_at));
  const lines = [t("me-title", { name: person.name, role: t(`role-${role}`), unit: unit?.name ?? "—" })];
  const progress = quotaProgress({ role, quotas: settings.quotas, submittedAt: submitted, now, timeZone });
  if (!progress) lines.push(t("me-no-quota"));
  else {
    const variables = {
      period: periodName(t, progress.period),
      required: progress.required,
      done: progress.done,
      owed: progress.owed,
      days: progress.daysLeft,
    };
    lines.push(t(progress.met ? "me-quota-met" : "me-quota", variables));
    if (isBehindPace(progress, now, timeZone)) lines.push(t("me-behind"));
  }
  const count = (kind: "month" | "quarter" | "year") => {
    const period = periodContaining(kind, now, timeZone);
    return submitted.filter((at) => isWithin(at, period)).length;
  };
  lines.push(t("me-counts", { month: count("month"), quarter: count("quarter"), year: count("year") }));
  const stats = await loadRangeStats(db, settings, { start: year.start, end: now });
  const own = stats.people.get(person.id);
  lines.push(
    t("me-points", {
      year: year.year,
      points: roundPoints(own?.points ?? 0),
      adopted: own?.adopted ?? 0,
      instructed: own?.instructed ?? 0,
    }),
  );
  const ranks = await referenceRanks(db, stats, person);
  if (ranks.unit) lines.push(t("me-rank-unit", ranks.unit));
  if (ranks.overall) lines.push(t("me-rank-all", ranks.overall));
  return lines.join("\n");
}
