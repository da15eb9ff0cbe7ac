// Quotas in a period: how many people owing reports met theirs (everyone, a unit's people, one person; per unit
// for the bulletin), and who owes reports and submitted none.
import { sql } from "kysely";
import type { Period } from "../domain/periods";
import { periodLabel } from "../domain/periods";
import { compareCodePoints } from "../domain/text";
import type { DB } from "./database";
import { requiredByRole, type StatsSettings, type StatsTarget } from "./stats-query";
import { ensureStatsCurrent } from "./stats-recount";
import { SCOPE } from "./stats-store";

export interface QuotaCompletion {
  /** People who met their quota scaled to the period. */
  met: number;
  /** Active people whose role owes reports. */
  total: number;
}

/**
 * Quota completion in each of the periods among everyone, a unit's people or one person. Who owes a quota does
 * not depend on the period, so they are counted once for periods of one kind (a scan of the people).
 */
export async function quotaCompletions(
  db: DB,
  periods: readonly Period[],
  settings: StatsSettings,
  target?: StatsTarget,
): Promise<QuotaCompletion[]> {
  const only =
    target?.kind === "unit"
      ? sql`AND p.unit_id = ${target.id}`
      : target?.kind === "person"
        ? sql`AND p.id = ${target.id}`
        : sql``;
  const totals = new Map<string, Promise<number>>();
  const completion = async (period: Period): Promise<QuotaCompletion> => {
    const required = requiredByRole(settings, period);
    if (required.size === 0) return { met: 0, total: 0 };
    const roles = [...required.keys()];
    const requiredSql = sql<number>`CASE p.role ${sql.join(
      roles.map((role) => sql`WHEN ${role} THEN ${required.get(role)!}`),
      sql` `,
    )} END`;
    // Met: read the period's person counters (only people with some are candidates), then their role.
    const met = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM stats_buckets b
      JOIN people p ON p.id = b.entity
      WHERE b.period = ${periodLabel(period)} AND b.scope = ${SCOPE.person}
        AND p.active = 1 AND p.role IN (${sql.join(roles)}) ${only} AND b.kept >= ${requiredSql}`.execute(db);
    const rolesKey = roles.join(",");
    let total = totals.get(rolesKey);
    if (!total) {
      total = sql<{ n: number }>`SELECT COUNT(*) AS n FROM people p
        WHERE p.active = 1 AND p.role IN (${sql.join(roles)}) ${only}`
        .execute(db)
        .then((result) => Number(result.rows[0]?.n ?? 0));
      totals.set(rolesKey, total);
    }
    return { met: Number(met.rows[0]?.n ?? 0), total: await total };
  };
  return Promise.all(periods.map(completion));
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
