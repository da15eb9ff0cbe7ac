// The full standings of a period with the numbers the quarterly bulletin shows, or their first rows: ranked as
// /rank ranks them, read as one JSON value.
import { sql } from "kysely";
import type { Period } from "../domain/periods";
import { periodLabel } from "../domain/periods";
import { WRITER_ROLES } from "../domain/roles";
import { LEVELS, type Level } from "../domain/settings";
import { pointCoefficients } from "../domain/stats";
import type { DB } from "./database";
import { pointsSql, rankKeySql, type StatsSettings } from "./stats-query";
import { ensureStatsCurrent } from "./stats-recount";
import { SCOPE } from "./stats-store";

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
