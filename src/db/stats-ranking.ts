// Ranks in a period's standings as /rank and /me show them: a page of units or people ranked in SQL, one
// person's rank, and how many people /me ranks a person among.
import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Period } from "../domain/periods";
import { periodLabel } from "../domain/periods";
import { WRITER_ROLES } from "../domain/roles";
import { LEVELS } from "../domain/settings";
import { type PeriodCounts, periodCounts, pointCoefficients } from "../domain/stats";
import type { DB } from "./database";
import { BUCKET_SELECT, countersOf, pointsSql, rankKeySql, type StatsSettings } from "./stats-query";
import { ensureStatsCurrent } from "./stats-recount";
import { SCOPE } from "./stats-store";

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
    : unitId === undefined
      ? sql`SELECT b.entity AS id, b.submitted AS submitted, ${rankKeySql(points)} AS rank_key
          FROM stats_buckets b
          WHERE b.period = ${key} AND b.scope = ${SCOPE.person} AND (b.submitted > 0 OR ${points} > 0)`
      : // A unit's people first (its index), then each one's counters by key: left to itself SQLite reads every
        // person's counters of the period and looks each one's unit up (40 ms a year at 1,000,000 reports).
        sql`SELECT b.entity AS id, b.submitted AS submitted, ${rankKeySql(points)} AS rank_key
          FROM people q CROSS JOIN stats_buckets b
            ON b.period = ${key} AND b.scope = ${SCOPE.person} AND b.entity = q.id
          WHERE q.unit_id = ${unitId} AND (b.submitted > 0 OR ${points} > 0)`;
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
  // One pass over the people (a unit's by its index): writers count as they are, anyone else by a look-up of
  // their counters by key. Reading every counter of the period instead cost 30–40 ms a year at 1,000,000 reports.
  const result = await sql<{ n: number | null }>`SELECT SUM(CASE WHEN ${writer} THEN 1
      WHEN EXISTS (SELECT 1 FROM stats_buckets b
        WHERE b.period = ${periodLabel(period)} AND b.scope = ${SCOPE.person} AND b.entity = p.id
          AND ${activeSql("b")}) THEN 1
      ELSE 0 END) AS n
    FROM people p ${unitId === undefined ? sql`` : sql`WHERE p.unit_id = ${unitId}`}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
