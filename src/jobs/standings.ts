// The quarterly bulletin (季度通报), sent on the first day of each quarter about the quarter before: units and
// people ranked by points, with submissions, adoptions per level, instructions and adoption rate. It goes to
// bound groups, leaders and staff; the list of people who sent nothing goes to staff only.
//
// The bulletin's standings (loadStandings) come from the counters kept per period (src/db/stats.ts), the same
// numbers and order as /rank, in a few queries however many reports there are. For any other span of time
// (/me: the year so far; groupProgress: the year up to a month's end) loadRangeStats computes the same tallies
// from reports, report_authors and report_events with the scoring method of src/domain/scoring.ts:
// - points: scoreReports over the adoption / instruction / transfer events dated in the range (a report scores
//   when it is adopted, whenever it was submitted); co-authors share a report's points, a unit gets them whole;
// - submitted: reports submitted in the range (rejected ones too: they were sent);
// - adopted per level / instructed: reports with such an event in the range, counted once per level;
// - adoption rate: of the reports submitted in the range, the share adopted (anywhere) by the range's end.
import type { DB } from "../db/database";
import { fullStandings, periodTotals, silentPeople, type StandingRow, topStandings } from "../db/stats";
import { type Period, periodContaining, periodLabel, previousPeriod } from "../domain/periods";
import { type RankEntry, rankEntries, roundPoints, type ScoredReport, scoreReports } from "../domain/scoring";
import { LEVELS, type Level, type Settings } from "../domain/settings";
import type { PeriodCounts } from "../domain/stats";
import type { JobDefinition, PlannedMessage } from "./engine";
import { boundGroups, byUnit, localesOf, periodName, recipientsIn, type Translate, translator } from "./data";

export interface Tally {
  points: number;
  submitted: number;
  /** Reports adopted in the range, per level. */
  adoptedByLevel: Partial<Record<Level, number>>;
  /** Reports adopted in the range at any level (each once). */
  adopted: number;
  /** Instructions in the range (a report counts once per level). */
  instructed: number;
  /** Of the reports submitted in the range, how many were adopted by its end. */
  submittedAdopted: number;
}

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

  const scores = scoreReports(
    reports,
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

export interface Ranked {
  id: number;
  name: string;
  unit: string | null;
  rank: number;
  tally: Tally;
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

export interface Standings {
  period: Period;
  total: Tally;
  units: Ranked[];
  /** The first BULLETIN_PEOPLE of the people's standings. */
  people: Ranked[];
  /** How many people are in the standings in all. */
  peopleTotal: number;
  /** People owing reports who sent none in the period. */
  zero: { name: string; unitName: string | null; bound: boolean }[];
}

/** A period's counts as the bulletin tallies them. */
function tallyOf(counts: PeriodCounts): Tally {
  const adoptedByLevel: Partial<Record<Level, number>> = {};
  for (const level of LEVELS) {
    const n = counts.adoptedByLevel[level].single + counts.adoptedByLevel[level].combined;
    if (n !== 0) adoptedByLevel[level] = n;
  }
  return {
    points: counts.points,
    submitted: counts.submitted,
    adoptedByLevel,
    adopted: counts.adopted,
    instructed: counts.instructed,
    submittedAdopted: counts.submittedAdopted,
  };
}

function ranked(row: StandingRow): Ranked {
  return { id: row.id, name: row.name, unit: row.unitName, rank: row.rank, tally: row.counts };
}

/**
 * The standings of a month, quarter or year, from the counters kept per period (src/db/stats.ts), ranked as
 * /rank ranks them: a few queries whatever the number of reports, where loadRangeStats reads every report
 * and event of the range (a minute for a quarter of 1,000,000 reports; docs/benchmarks.md, section 2).
 */
export async function loadStandings(db: DB, settings: Settings, period: Period): Promise<Standings> {
  const [total, units, people, zero] = await Promise.all([
    periodTotals(db, period, settings),
    fullStandings(db, period, settings, "units"),
    topStandings(db, period, settings, "people", BULLETIN_PEOPLE),
    silentPeople(db, period, settings),
  ]);
  return {
    period,
    total: tallyOf(total),
    units: units.map(ranked),
    people: people.rows.map(ranked),
    peopleTotal: people.total,
    zero,
  };
}

/**
 * How many people the bulletin ranks by name. A group reads the top of the list; everyone's place is in /rank
 * and in the Excel bulletin (/export). Without a limit, 48,000 people who scored in a quarter made a bulletin
 * of 680 messages (docs/benchmarks.md, section 2).
 */
export const BULLETIN_PEOPLE = 100;

export function formatRate(tally: Tally): string {
  return tally.submitted === 0 ? "—" : `${Math.round((tally.submittedAdopted / tally.submitted) * 100)}%`;
}

export function formatLevels(t: Translate, tally: Tally, levels: readonly Level[]): string {
  const parts = levels
    .filter((level) => (tally.adoptedByLevel[level] ?? 0) > 0)
    .map((level) =>
      t("job-level-count", { level: t(`level-${level}`), count: tally.adoptedByLevel[level] ?? 0 }),
    );
  return parts.length === 0 ? "—" : parts.join(t("job-list-separator"));
}

function tallyVariables(t: Translate, tally: Tally, levels: readonly Level[]) {
  return {
    points: roundPoints(tally.points),
    submitted: tally.submitted,
    adopted: tally.adopted,
    levels: formatLevels(t, tally, levels),
    instructed: tally.instructed,
    rate: formatRate(tally),
  };
}

export function bulletinText(t: Translate, standings: Standings, settings: Settings): string {
  const lines = [
    t("job-standings-title", { committee: settings.name, period: periodName(t, standings.period) }),
    t("job-standings-summary", tallyVariables(t, standings.total, settings.levels)),
    "",
    t("job-standings-units"),
  ];
  for (const unit of standings.units)
    lines.push(
      t("job-standings-unit-line", {
        rank: unit.rank,
        name: unit.name,
        ...tallyVariables(t, unit.tally, settings.levels),
      }),
    );
  if (standings.units.length === 0) lines.push(t("job-standings-none"));
  lines.push("", t("job-standings-people"));
  for (const person of standings.people)
    lines.push(
      t("job-standings-person-line", {
        rank: person.rank,
        name: person.name,
        unit: person.unit ?? "—",
        ...tallyVariables(t, person.tally, settings.levels),
      }),
    );
  if (standings.people.length === 0) lines.push(t("job-standings-none"));
  const more = standings.peopleTotal - standings.people.length;
  if (more > 0) lines.push(t("job-standings-people-more", { count: more }));
  return lines.join("\n");
}

export function zeroListText(t: Translate, standings: Standings): string {
  const lines = [
    t("job-standings-zero-title", { period: periodName(t, standings.period), count: standings.zero.length }),
  ];
  for (const [unit, members] of byUnit(standings.zero, t("job-no-unit"))) {
    const names = members.map((p) => (p.bound ? p.name : t("job-name-unbound", { name: p.name })));
    lines.push(
      t("job-unit-names", { unit, count: members.length, names: names.join(t("job-list-separator")) }),
    );
  }
  if (standings.zero.length === 0) lines.push(t("job-standings-none"));
  return lines.join("\n");
}

/** The quarter before the one `now` is in. */
export function lastQuarter(now: Date, timeZone: string): Period {
  return previousPeriod(periodContaining("quarter", now, timeZone), timeZone);
}

export const quarterlyStandings: JobDefinition = {
  name: "quarterlyStandings",
  earlier: "deliver",
  periodKey: (now, settings) => periodLabel(lastQuarter(now, settings.timeZone)),

  async plan({ db, settings, now, i18n }) {
    const standings = await loadStandings(db, settings, lastQuarter(now, settings.timeZone));
    const [groups, leaders, staff] = await Promise.all([
      boundGroups(db),
      recipientsIn(db, ["leader"]),
      recipientsIn(db, ["staff", "admin"]),
    ]);
    const locales = await localesOf(
      db,
      [...leaders, ...staff].map((r) => r.telegramId),
    );
    const texts = new Map<string, { t: Translate; bulletin: string }>();
    const forLocale = (locale: "zh" | "en") => {
      let entry = texts.get(locale);
      if (!entry) {
        const t = translator(i18n, locale);
        entry = { t, bulletin: bulletinText(t, standings, settings) };
        texts.set(locale, entry);
      }
      return entry;
    };
    const messages: PlannedMessage[] = [];
    for (const group of groups)
      messages.push({ chatId: group.chatId, to: group.title, text: forLocale("zh").bulletin });
    for (const leader of leaders)
      messages.push({
        chatId: leader.telegramId,
        to: leader.name,
        text: forLocale(locales.get(leader.telegramId) ?? "zh").bulletin,
      });
    for (const person of staff) {
      const { t, bulletin } = forLocale(locales.get(person.telegramId) ?? "zh");
      messages.push({ chatId: person.telegramId, to: person.name, text: bulletin });
      messages.push({ chatId: person.telegramId, to: person.name, text: zeroListText(t, standings) });
    }
    return {
      messages,
      stats: {
        units: standings.units.length,
        people: standings.peopleTotal,
        zeroReports: standings.zero.length,
        groups: groups.length,
      },
    };
  },
};
