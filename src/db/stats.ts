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
// For the benchmark: statsForPeriod (the /stats reply), rankingForPeriod (one /rank page), monthlyTrend (the
// chart), bulletinData (the Excel file). Each first calls ensureStatsCurrent, a one-row read.
import { type Expression, type RawBuilder, type SqlBool, sql } from "kysely";
import type { Period } from "../domain/periods";
import { periodContaining, periodLabel, previousPeriod } from "../domain/periods";
import { quotaFor } from "../domain/quotas";
import { ROLES, type Role, WRITER_ROLES } from "../domain/roles";
import { type ScoringEvent, scoreReports } from "../domain/scoring";
import { LEVELS, type Level, type Settings } from "../domain/settings";
import {
  type Counters,
  type PeriodCounts,
  type PointCoefficients,
  periodCounts,
  pointCoefficients,
  requiredInPeriod,
  trendMonths,
} from "../domain/stats";
import { compareCodePoints } from "../domain/text";
import type { DB } from "./database";
import {
  BUCKET_COLUMNS,
  recountStatsBatch,
  SCOPE,
  startStatsRecount,
  statsBasis,
  statsRecountProgress,
} from "./stats-store";

export type StatsSettings = Pick<Settings, "timeZone" | "ownLevel" | "levels" | "scoring" | "quotas">;

export type StatsTarget =
  | { kind: "unit"; id: number; name: string }
  | { kind: "person"; id: number; name: string; unitName: string | null };

/** Settings the counters are built on: changing one recounts them (ensureStatsCurrent). */
export function isStatsBasisKey(key: string): key is "timeZone" | "ownLevel" {
  return key === "timeZone" || key === "ownLevel";
}

/**
 * Starts recounting when the time zone or the own level the counters were built for has changed; the recount
 * then goes on in batches (continueStatsRecount: the Node process's background work, the Worker's scheduled
 * runs, or any reader through ensureStatsCurrent). Returns whether it started one.
 */
export async function requestStatsRecount(
  db: DB,
  settings: StatsSettings,
  now = new Date(),
): Promise<boolean> {
  const basis = await statsBasis(db);
  if (basis?.timeZone === settings.timeZone && basis.ownLevel === settings.ownLevel) return false;
  return db.transaction().execute(async (trx) => {
    const again = await statsBasis(trx);
    if (again?.timeZone === settings.timeZone && again.ownLevel === settings.ownLevel) return false;
    await startStatsRecount(trx, { timeZone: settings.timeZone, ownLevel: settings.ownLevel }, now);
    return true;
  });
}

/** The event loop's time a recount batch aims at; the batch size follows what the last one took. */
const RECOUNT_BATCH_MS = 20;
let recountIds = 200;

/**
 * One batch of the recount in progress, in its own transaction, sized to take about RECOUNT_BATCH_MS.
 * Returns how many ids it covered (0: no recount left).
 */
export async function continueStatsRecount(db: DB): Promise<number> {
  if ((await statsRecountProgress(db)) === undefined) return 0;
  const started = Date.now();
  const ids = recountIds;
  const done = await db.transaction().execute((trx) => recountStatsBatch(trx, ids));
  const took = Math.max(1, Date.now() - started);
  recountIds = Math.min(20_000, Math.max(10, Math.round((ids * RECOUNT_BATCH_MS) / took)));
  return done;
}

/** How far a recount is (0..1), for /stats to say so; undefined when the counters are current. */
export async function statsRecounting(db: DB): Promise<number | undefined> {
  return statsRecountProgress(db);
}

/**
 * Counters on the current settings' basis: starts a recount if the basis changed and finishes one in progress
 * batch by batch, letting other work run between batches. Readers that would rather say that the figures are
 * being recounted ask statsRecounting first.
 */
export async function ensureStatsCurrent(db: DB, settings: StatsSettings, now = new Date()): Promise<void> {
  await requestStatsRecount(db, settings, now);
  while ((await continueStatsRecount(db)) > 0) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Points of a counters row in SQL, with the scoring table's numbers as parameters. */
export function pointsSql(c: PointCoefficients, alias = "b"): RawBuilder<number> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const terms: RawBuilder<unknown>[] = [sql`${column("wtr")} * ${c.transferred}`];
  for (const level of Object.keys(c.single) as Level[]) {
    terms.push(sql`${column(`was_${level}`)} * ${c.single[level]}`);
    terms.push(sql`${column(`wac_${level}`)} * ${c.combined[level]}`);
    terms.push(sql`${column(`wau_${level}`)} * ${c.upgrade[level]}`);
    terms.push(sql`${column(`win_${level}`)} * ${c.instruction[level]}`);
    if (c.read[level] !== 0) terms.push(sql`${column(`wrd_${level}`)} * ${c.read[level]}`);
  }
  return sql<number>`(${sql.join(terms, sql` + `)})`;
}

/** Points as shown (two decimals, like roundPoints) times 100: equal keys share a rank. */
function rankKeySql(points: RawBuilder<number>): RawBuilder<number> {
  return sql<number>`CAST((${points} + 2.220446049250313e-16) * 100 + 0.5 AS INTEGER)`;
}

function countersOf(row: Record<string, unknown> | undefined): Counters | undefined {
  if (!row) return undefined;
  const counters: Record<string, number> = {};
  for (const column of BUCKET_COLUMNS) counters[column] = Number(row[column] ?? 0);
  return counters as Counters;
}

const BUCKET_SELECT = sql.raw(BUCKET_COLUMNS.map((c) => `b.${c}`).join(", "));

async function countersFor(
  db: DB,
  period: string,
  scope: number,
  entity: number,
): Promise<Counters | undefined> {
  const result = await sql<Record<string, unknown>>`SELECT ${BUCKET_SELECT} FROM stats_buckets b
    WHERE b.period = ${period} AND b.scope = ${scope} AND b.entity = ${entity}`.execute(db);
  return countersOf(result.rows[0]);
}

export interface QuotaCompletion {
  /** People who met their quota scaled to the period. */
  met: number;
  /** Active people whose role owes reports. */
  total: number;
}

function requiredByRole(settings: StatsSettings, period: Period): Map<Role, number> {
  const required = new Map<Role, number>();
  for (const role of ROLES) {
    const quota = quotaFor(role, settings.quotas);
    if (quota) required.set(role, requiredInPeriod(quota, period.kind));
  }
  return required;
}

/** Quota completion for the period among everyone, a unit's people or one person. */
export async function quotaCompletion(
  db: DB,
  period: Period,
  settings: StatsSettings,
  target?: StatsTarget,
): Promise<QuotaCompletion> {
  const required = requiredByRole(settings, period);
  if (required.size === 0) return { met: 0, total: 0 };
  const roles = [...required.keys()];
  const requiredSql = sql<number>`CASE p.role ${sql.join(
    roles.map((role) => sql`WHEN ${role} THEN ${required.get(role)!}`),
    sql` `,
  )} END`;
  const only =
    target?.kind === "unit"
      ? sql`AND p.unit_id = ${target.id}`
      : target?.kind === "person"
        ? sql`AND p.id = ${target.id}`
        : sql``;
  // Met: read the period's person counters (only people with some are candidates), then their role.
  const met = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM stats_buckets b
    JOIN people p ON p.id = b.entity
    WHERE b.period = ${periodLabel(period)} AND b.scope = ${SCOPE.person}
      AND p.active = 1 AND p.role IN (${sql.join(roles)}) ${only} AND b.kept >= ${requiredSql}`.execute(db);
  const total = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM people p
    WHERE p.active = 1 AND p.role IN (${sql.join(roles)}) ${only}`.execute(db);
  return { met: Number(met.rows[0]?.n ?? 0), total: Number(total.rows[0]?.n ?? 0) };
}

/** Quota completion per unit (people's current unit), for the bulletin. */
export async function quotaByUnit(
  db: DB,
  period: Period,
  settings: StatsSettings,
): Promise<Map<number, QuotaCompletion>> {
  const required = requiredByRole(settings, period);
  const result = new Map<number, QuotaCompletion>();
  if (required.size === 0) return result;
  const roles = [...required.keys()];
  const requiredSql = sql<number>`CASE p.role ${sql.join(
    roles.map((role) => sql`WHEN ${role} THEN ${required.get(role)!}`),
    sql` `,
  )} END`;
  const rows = await sql<{ unit_id: number; total: number; met: number }>`SELECT p.unit_id AS unit_id,
      COUNT(*) AS total, SUM(CASE WHEN COALESCE(b.kept, 0) >= ${requiredSql} THEN 1 ELSE 0 END) AS met
    FROM people p LEFT JOIN stats_buckets b
      ON b.period = ${periodLabel(period)} AND b.scope = ${SCOPE.person} AND b.entity = p.id
    WHERE p.active = 1 AND p.role IN (${sql.join(roles)}) AND p.unit_id IS NOT NULL
    GROUP BY p.unit_id`.execute(db);
  for (const row of rows.rows)
    result.set(Number(row.unit_id), { met: Number(row.met ?? 0), total: Number(row.total) });
  return result;
}

export interface RankedRow {
  id: number;
  name: string;
  /** A person's unit; null for units. */
  unitName: string | null;
  /** Competition rank by points as shown: 1, 2, 2, 4. */
  rank: number;
  counts: PeriodCounts;
}

export interface Ranking {
  /** Everyone in the standings: units with writers or activity; people who submitted or scored. */
  total: number;
  rows: RankedRow[];
}

export interface RankingOptions {
  scope: "units" | "people";
  offset?: number;
  /** Default: everyone. */
  limit?: number;
  /** People of this unit only (their current unit). */
  unitId?: number;
  /** false: skip counting everyone (total is then the rows returned). */
  withTotal?: boolean;
}

/** Id, reports submitted and rank key of everyone in a period's standings (the rows /rank ranks). */
function standingSql(
  key: string,
  points: RawBuilder<number>,
  scope: "units" | "people",
  unitId?: number,
): RawBuilder<{ id: number; submitted: number; rank_key: number }> {
  return scope === "units"
    ? sql`SELECT u.id AS id, COALESCE(b.submitted, 0) AS submitted, COALESCE(${rankKeySql(points)}, 0) AS rank_key
        FROM units u LEFT JOIN stats_buckets b ON b.period = ${key} AND b.scope = ${SCOPE.unit} AND b.entity = u.id
        WHERE b.submitted > 0 OR ${points} > 0 OR EXISTS (SELECT 1 FROM people p WHERE p.unit_id = u.id
          AND p.active = 1 AND p.role IN (${sql.join([...WRITER_ROLES])}))`
    : sql`SELECT b.entity AS id, b.submitted AS submitted, ${rankKeySql(points)} AS rank_key
        FROM stats_buckets b
        ${unitId !== undefined ? sql`JOIN people q ON q.id = b.entity AND q.unit_id = ${unitId}` : sql``}
        WHERE b.period = ${key} AND b.scope = ${SCOPE.person} AND (b.submitted > 0 OR ${points} > 0)`;
}

/**
 * The standings of the period, best first: by points as shown (equal points share a rank), then by reports
 * submitted, then by id — the order of the quarterly bulletin. Units: every unit with active writers or any
 * activity in the period; people: everyone who submitted or scored in it.
 */
export async function rankingForPeriod(
  db: DB,
  period: Period,
  settings: StatsSettings,
  options: RankingOptions,
): Promise<Ranking> {
  await ensureStatsCurrent(db, settings);
  const coefficients = pointCoefficients(settings);
  const points = pointsSql(coefficients);
  const key = periodLabel(period);
  const scope = options.scope === "units" ? SCOPE.unit : SCOPE.person;
  // Narrow rows first: id, submitted and the rank key of everyone in the standings, ranked and paged in SQL.
  const standing = standingSql(key, points, options.scope, options.unitId);
  // A sorted LIMIT is a top-N sort, far cheaper than ranking everyone with a window function. The row before
  // the page comes along: if it ties with the page's first row, that row's rank needs one count. The page's
  // counters and names are joined to the narrow sorted rows, so a page (or everyone, for the bulletin and the
  // quarterly standings) is one query.
  const offset = Math.max(0, options.offset ?? 0);
  const before = offset > 0 ? 1 : 0;
  const limit = options.limit === undefined ? -1 : options.limit + before;
  const names =
    options.scope === "units"
      ? { select: sql`n.name AS name, NULL AS unit_name`, join: sql`LEFT JOIN units n ON n.id = s.id` }
      : {
          select: sql`n.name AS name, nu.name AS unit_name`,
          join: sql`LEFT JOIN people n ON n.id = s.id LEFT JOIN units nu ON nu.id = n.unit_id`,
        };
  const fetched = await sql<Record<string, unknown> & { id: number; rank_key: number }>`SELECT s.id AS id,
      s.rank_key AS rank_key, ${BUCKET_SELECT}, ${names.select}
    FROM (SELECT id, rank_key, submitted FROM (${standing})
      ORDER BY rank_key DESC, submitted DESC, id LIMIT ${limit} OFFSET ${offset - before}) s
    LEFT JOIN stats_buckets b ON b.period = ${key} AND b.scope = ${scope} AND b.entity = s.id
    ${names.join}
    ORDER BY s.rank_key DESC, s.submitted DESC, s.id`.execute(db);
  const previous = before === 1 ? fetched.rows[0] : undefined;
  const rows = fetched.rows.slice(before);
  const count = (above?: number) =>
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${standing})
      ${above === undefined ? sql`` : sql`WHERE rank_key > ${above}`}`
      .execute(db)
      .then((r) => Number(r.rows[0]?.n ?? 0));
  const everyone = options.limit === undefined && offset === 0;
  const total = (options.withTotal === false && rows.length > 0) || everyone ? rows.length : await count();
  const ranks: number[] = [];
  for (const [i, row] of rows.entries()) {
    const prior = i === 0 ? previous : rows[i - 1];
    if (prior === undefined || Number(prior.rank_key) !== Number(row.rank_key)) ranks.push(offset + i + 1);
    else if (i > 0) ranks.push(ranks[i - 1]!);
    else ranks.push((await count(Number(row.rank_key))) + 1);
  }
  return {
    total,
    rows: rows.map((row, i) => {
      const id = Number(row.id);
      return {
        id,
        name: row.name === null || row.name === undefined ? String(id) : String(row.name),
        unitName: row.unit_name === null || row.unit_name === undefined ? null : String(row.unit_name),
        rank: ranks[i]!,
        counts: periodCounts(countersOf(row), coefficients),
      };
    }),
  };
}

/**
 * A person's rank in the period's standings as /rank shows it (of their unit's people, with `unitId`): one more
 * than those whose points as shown are higher, with the standings' own rows and rank key. Submissions and id
 * only order people of equal rank, so they do not change the number. Someone not in the standings (nothing
 * submitted or scored) gets the rank their 0 points would have.
 */
export async function personRank(
  db: DB,
  period: Period,
  settings: StatsSettings,
  personId: number,
  unitId?: number,
): Promise<number> {
  await ensureStatsCurrent(db, settings);
  const points = pointsSql(pointCoefficients(settings));
  const key = periodLabel(period);
  const own = sql`(SELECT COALESCE(MAX(${rankKeySql(points)}), 0) FROM stats_buckets b
    WHERE b.period = ${key} AND b.scope = ${SCOPE.person} AND b.entity = ${personId})`;
  const result = await sql<{ n: number }>`SELECT COUNT(*) AS n
    FROM (${standingSql(key, points, "people", unitId)}) WHERE rank_key > ${own}`.execute(db);
  return Number(result.rows[0]?.n ?? 0) + 1;
}

/** A row of counters with anything that makes a tally: submitted, adopted, instructed, read or transferred. */
function activeSql(alias: string): RawBuilder<SqlBool> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<SqlBool>`(${column("submitted")} > 0 OR ${column("adopted")} > 0 OR ${column("transferred")} > 0
    OR ${sql.join(
      LEVELS.flatMap((level) => [column(`in_${level}`), column(`rd_${level}`)]),
      sql` + `,
    )} > 0)`;
}

/** Whether counts are a tally at all (the condition of activeSql). */
export function hasActivity(counts: PeriodCounts): boolean {
  return (
    counts.submitted > 0 ||
    counts.adopted > 0 ||
    counts.transferred > 0 ||
    counts.instructed > 0 ||
    counts.read > 0
  );
}

/**
 * How many people /me ranks a person among in the period (of one unit, with `unitId`, by people's current
 * unit): everyone who writes (active, in a writing role), scored or not, and anyone else with a tally in the
 * period (submitted, or a report of theirs adopted, instructed or transferred in it).
 */
export async function rankedPeopleCount(
  db: DB,
  period: Period,
  settings: StatsSettings,
  unitId?: number,
): Promise<number> {
  await ensureStatsCurrent(db, settings);
  const writer = sql`p.active = 1 AND p.role IN (${sql.join([...WRITER_ROLES])})`;
  const inUnit = unitId === undefined ? sql`` : sql`AND p.unit_id = ${unitId}`;
  const result = await sql<{ writers: number; others: number }>`SELECT
      (SELECT COUNT(*) FROM people p WHERE ${writer} ${inUnit}) AS writers,
      (SELECT COUNT(*) FROM people p JOIN stats_buckets b
        ON b.period = ${periodLabel(period)} AND b.scope = ${SCOPE.person} AND b.entity = p.id
        WHERE NOT (${writer}) ${inUnit} AND ${activeSql("b")}) AS others`.execute(db);
  const row = result.rows[0];
  return Number(row?.writers ?? 0) + Number(row?.others ?? 0);
}

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

/** What the quarterly bulletin shows of a unit or a person in a period. */
export interface StandingCounts {
  points: number;
  submitted: number;
  /** Of the reports submitted in the period, those adopted by its end. */
  submittedAdopted: number;
  adopted: number;
  /** Reports adopted at each level, as a single or a combined piece; levels without any left out. */
  adoptedByLevel: Partial<Record<Level, number>>;
  instructed: number;
  /** 阅批, apart from instructed. */
  read: number;
}

/** One line of the full standings. */
export interface StandingRow {
  id: number;
  name: string;
  /** A person's unit; null for units. */
  unitName: string | null;
  rank: number;
  counts: StandingCounts;
}

/**
 * Everyone in the period's standings, ranked as rankingForPeriod ranks them (the same rows, chosen by the same
 * conditions: units with active writers or any activity, people who submitted or scored; test/handlers/
 * stats.test.ts compares the two), with the numbers the bulletin shows: tens of
 * thousands of people at 1,000,000 reports. The rows come back as one JSON value, sorted here, because the
 * libSQL client spends about a microsecond on every value of every row it returns: 48,000 people with every
 * counter as rows took 2.4 s, as one JSON array of the few numbers needed 0.1 s (docs/benchmarks.md, 2).
 */
export async function fullStandings(
  db: DB,
  period: Period,
  settings: StatsSettings,
  scope: "units" | "people",
): Promise<StandingRow[]> {
  return (await standings(db, period, settings, scope)).rows;
}

/**
 * The first `limit` of the standings (a top-N sort in SQLite), and how many there are in all: what the
 * quarterly bulletin lists of the people, so its cost does not grow with everyone who scored.
 */
export async function topStandings(
  db: DB,
  period: Period,
  settings: StatsSettings,
  scope: "units" | "people",
  limit: number,
): Promise<{ rows: StandingRow[]; total: number }> {
  return standings(db, period, settings, scope, limit);
}

async function standings(
  db: DB,
  period: Period,
  settings: StatsSettings,
  scope: "units" | "people",
  limit?: number,
): Promise<{ rows: StandingRow[]; total: number }> {
  await ensureStatsCurrent(db, settings);
  const key = periodLabel(period);
  const points = pointsSql(pointCoefficients(settings));
  const n = (column: string) => sql`COALESCE(${sql.ref(`b.${column}`)}, 0)`;
  const counters = sql.join([
    sql`COALESCE(${points}, 0) AS points`,
    sql`${n("submitted")} AS submitted`,
    sql`${n("sub_adopted")} AS sub_adopted`,
    sql`${n("adopted")} AS adopted`,
    ...LEVELS.map((level, i) => sql`${n(`as_${level}`)} + ${n(`ac_${level}`)} AS ${sql.ref(`l${i}`)}`),
    sql`${sql.join(
      LEVELS.map((level) => n(`in_${level}`)),
      sql` + `,
    )} AS instructed`,
    sql`${sql.join(
      LEVELS.map((level) => n(`rd_${level}`)),
      sql` + `,
    )} AS read`,
  ]);
  // LIMIT -1 keeps SQLite from flattening the subquery, which would compute the points once per use.
  const rows =
    scope === "units"
      ? sql`SELECT u.id AS id, u.name AS name, NULL AS unit_id, ${counters}, EXISTS (SELECT 1 FROM people p
            WHERE p.unit_id = u.id AND p.active = 1 AND p.role IN (${sql.join([...WRITER_ROLES])})) AS writers
          FROM units u LEFT JOIN stats_buckets b ON b.period = ${key} AND b.scope = ${SCOPE.unit} AND b.entity = u.id
          LIMIT -1`
      : sql`SELECT b.entity AS id, p.name AS name, p.unit_id AS unit_id, ${counters}, 0 AS writers
          FROM stats_buckets b LEFT JOIN people p ON p.id = b.entity
          WHERE b.period = ${key} AND b.scope = ${SCOPE.person} LIMIT -1`;
  const ranked = sql`SELECT c.*, ${rankKeySql(sql`c.points`)} AS rank_key FROM (${rows}) c`;
  const chosen =
    limit === undefined
      ? sql`SELECT r.*, 0 AS total FROM (${ranked}) r WHERE r.submitted > 0 OR r.points > 0 OR r.writers`
      : sql`SELECT r.*, count(*) OVER () AS total FROM (${ranked}) r
          WHERE r.submitted > 0 OR r.points > 0 OR r.writers
          ORDER BY r.rank_key DESC, r.submitted DESC, r.id LIMIT ${limit}`;
  const result = await sql<{ rows: string; total: number | null }>`SELECT json_group_array(json_array(s.id,
      s.rank_key, s.points, s.submitted, s.sub_adopted, s.adopted,
      ${sql.join(LEVELS.map((_, i) => sql.ref(`s.l${i}`)))}, s.instructed, s.name, s.unit_id, s.read)) AS rows,
      max(s.total) AS total
    FROM (${chosen}) s`.execute(db);
  const levelCount = LEVELS.length;
  const parsed = JSON.parse(result.rows[0]?.rows ?? "[]") as (number | string | null)[][];
  // The order of /rank: rank key (points as shown), then reports submitted, then id. Sorted here: SQLite
  // does not promise to aggregate rows in a subquery's order, and an ORDER BY inside the aggregate costs more.
  const num = (row: (number | string | null)[], i: number) => row[i] as number;
  parsed.sort((a, b) => num(b, 1) - num(a, 1) || num(b, 3) - num(a, 3) || num(a, 0) - num(b, 0));
  const units = scope === "people" ? await unitNames(db) : new Map<number, string>();
  const out: StandingRow[] = new Array(parsed.length);
  for (let i = 0; i < parsed.length; i++) {
    const row = parsed[i]!;
    const adoptedByLevel: Partial<Record<Level, number>> = {};
    for (let l = 0; l < levelCount; l++)
      if (num(row, 6 + l) !== 0) adoptedByLevel[LEVELS[l]!] = num(row, 6 + l);
    const id = num(row, 0);
    const name = row[7 + levelCount] as string | null;
    const unitId = row[8 + levelCount] as number | null;
    out[i] = {
      id,
      name: name ?? String(id),
      unitName: unitId === null ? null : (units.get(unitId) ?? null),
      rank: i > 0 && num(parsed[i - 1]!, 1) === num(row, 1) ? out[i - 1]!.rank : i + 1,
      counts: {
        points: num(row, 2),
        submitted: num(row, 3),
        submittedAdopted: num(row, 4),
        adopted: num(row, 5),
        adoptedByLevel,
        instructed: num(row, 6 + levelCount),
        read: num(row, 9 + levelCount),
      },
    };
  }
  return { rows: out, total: limit === undefined ? out.length : (result.rows[0]?.total ?? 0) };
}

async function unitNames(db: DB): Promise<Map<number, string>> {
  const rows = await db.selectFrom("units").select(["id", "name"]).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The committee's numbers for the period (what /stats shows without a unit or person). */
export async function periodTotals(db: DB, period: Period, settings: StatsSettings): Promise<PeriodCounts> {
  await ensureStatsCurrent(db, settings);
  const counters = await countersFor(db, periodLabel(period), SCOPE.committee, 0);
  return periodCounts(counters, pointCoefficients(settings));
}

export interface SilentPerson {
  name: string;
  unitName: string | null;
  /** Whether the person has bound a Telegram account. */
  bound: boolean;
}

/** Active people owing reports who submitted none in the period, by unit name and name. */
export async function silentPeople(db: DB, period: Period, settings: StatsSettings): Promise<SilentPerson[]> {
  await ensureStatsCurrent(db, settings);
  const roles = [...requiredByRole(settings, period).keys()];
  if (roles.length === 0) return [];
  // One JSON value, not tens of thousands of rows, sorted here: see fullStandings.
  const result = await sql<{ rows: string }>`SELECT json_group_array(json_array(p.id, p.name, u.name,
      p.telegram_id IS NOT NULL)) AS rows
    FROM people p LEFT JOIN units u ON u.id = p.unit_id
    WHERE p.active = 1 AND p.role IN (${sql.join(roles)}) AND p.id NOT IN (SELECT entity FROM stats_buckets
      WHERE period = ${periodLabel(period)} AND scope = ${SCOPE.person} AND submitted > 0)`.execute(db);
  const rows = JSON.parse(result.rows[0]?.rows ?? "[]") as [number, string, string | null, number][];
  // By unit name (people without a unit first), then name, then id, as ORDER BY u.name, p.name, p.id would.
  const text = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : compareCodePoints(a, b);
  rows.sort((a, b) => text(a[2], b[2]) || compareCodePoints(a[1], b[1]) || a[0] - b[0]);
  return rows.map(([, name, unitName, bound]) => ({ name, unitName, bound: bound === 1 }));
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
  const [current, before, quota, previousQuota, topUnits, topPeople] = await Promise.all([
    countersFor(db, periodLabel(period), scope, entity),
    countersFor(db, periodLabel(previous), scope, entity),
    quotaCompletion(db, period, settings, target),
    quotaCompletion(db, previous, settings, target),
    target || top <= 0
      ? undefined
      : rankingForPeriod(db, period, settings, { scope: "units", limit: top, withTotal: false }),
    target?.kind === "person" || top <= 0
      ? undefined
      : rankingForPeriod(db, period, settings, {
          scope: "people",
          limit: top,
          withTotal: false,
          ...(target?.kind === "unit" ? { unitId: target.id } : {}),
        }),
  ]);
  return {
    period,
    previous,
    target,
    counts: periodCounts(current, coefficients),
    previousCounts: periodCounts(before, coefficients),
    quota,
    previousQuota,
    topUnits: topUnits?.rows ?? [],
    topPeople: topPeople?.rows ?? [],
  };
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

const EVENT_KINDS_LISTED = [
  "submitted",
  "resubmitted",
  "accepted",
  "returned",
  "rejected",
  "forwarded",
  "adopted",
  "instructed",
  "read",
  "transferred",
  "replied",
  "closed",
];

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
    UNION SELECT report_id FROM report_events WHERE kind IN (${sql.join(EVENT_KINDS_LISTED)})
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
