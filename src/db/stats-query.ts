// The pieces statistics queries are built from: the settings and targets they take, points and rank keys in
// SQL over a counters row (stats_buckets), one scope's counters, and the reports each role owes in a period.
import { type RawBuilder, sql } from "kysely";
import type { Period } from "../domain/periods";
import { quotaFor } from "../domain/quotas";
import { ROLES, type Role } from "../domain/roles";
import type { Level, Settings } from "../domain/settings";
import { type Counters, type PointCoefficients, requiredInPeriod } from "../domain/stats";
import type { DB } from "./database";
import { BUCKET_COLUMNS } from "./stats-store";

export type StatsSettings = Pick<Settings, "timeZone" | "ownLevel" | "levels" | "scoring" | "quotas">;

export type StatsTarget =
  | { kind: "unit"; id: number; name: string }
  | { kind: "person"; id: number; name: string; unitName: string | null };

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
export function rankKeySql(points: RawBuilder<number>): RawBuilder<number> {
  return sql<number>`CAST((${points} + 2.220446049250313e-16) * 100 + 0.5 AS INTEGER)`;
}

export function countersOf(row: Record<string, unknown> | undefined): Counters | undefined {
  if (!row) return undefined;
  const counters: Record<string, number> = {};
  for (const column of BUCKET_COLUMNS) counters[column] = Number(row[column] ?? 0);
  return counters as Counters;
}

export const BUCKET_SELECT = sql.raw(BUCKET_COLUMNS.map((c) => `b.${c}`).join(", "));

export async function countersFor(
  db: DB,
  period: string,
  scope: number,
  entity: number,
): Promise<Counters | undefined> {
  const result = await sql<Record<string, unknown>>`SELECT ${BUCKET_SELECT} FROM stats_buckets b
    WHERE b.period = ${period} AND b.scope = ${scope} AND b.entity = ${entity}`.execute(db);
  return countersOf(result.rows[0]);
}

export function requiredByRole(settings: StatsSettings, period: Period): Map<Role, number> {
  const required = new Map<Role, number>();
  for (const role of ROLES) {
    const quota = quotaFor(role, settings.quotas);
    if (quota) required.set(role, requiredInPeriod(quota, period.kind));
  }
  return required;
}
