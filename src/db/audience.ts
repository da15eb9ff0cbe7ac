// Who the jobs write to: people owing reports with their progress, bound recipients by role, groups bound to a
// unit, and the languages people saved.
import { sql } from "kysely";
import { isWithin, type Period, periodLabel } from "../domain/periods";
import { type QuotaProgress, quotaPeriod, quotaProgress } from "../domain/quotas";
import { ROLES, type Role } from "../domain/roles";
import type { Settings } from "../domain/settings";
import type { DB } from "./database";
import { ensureStatsCurrent } from "./stats-recount";
import { SCOPE } from "./stats-store";

/** The language each of these accounts saved with /lang (absent: none saved). */
export async function savedLanguages(db: DB, telegramIds: readonly number[]): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  for (let i = 0; i < telegramIds.length; i += 500) {
    const rows = await db
      .selectFrom("user_prefs")
      .select(["telegram_id", "language"])
      .where("telegram_id", "in", telegramIds.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.language) result.set(row.telegram_id, row.language);
  }
  return result;
}

export interface QuotaPerson {
  id: number;
  name: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  telegramId: number | null;
  unreachableAt: string | null;
  progress: QuotaProgress;
}

/**
 * Active people whose role owes reports (of these units only, if given), with their progress in their own
 * period at `now`. A report counts for every one of its authors, co-authors included, if it was submitted in
 * the period and not rejected: the person's counters of that period ("kept", src/db/stats-store.ts), less
 * what was submitted after `now` in it — nothing when `now` is the present; for the monthly group progress,
 * which asks as at a month's end, what came since, a narrow read of the reports submitted after `now`.
 */
export async function quotaPeople(
  db: DB,
  settings: Settings,
  now: Date,
  unitIds?: readonly number[],
): Promise<QuotaPerson[]> {
  const periods = new Map<Role, Period>();
  for (const role of ROLES) {
    const period = quotaPeriod(role, settings.quotas, now, settings.timeZone);
    if (period) periods.set(role, period);
  }
  if (periods.size === 0 || unitIds?.length === 0) return [];
  await ensureStatsCurrent(db, settings);
  const roles = [...periods.keys()];
  const periodOfRole = sql`CASE p.role ${sql.join(
    roles.map((role) => sql`WHEN ${role} THEN ${periodLabel(periods.get(role)!)}`),
    sql` `,
  )} END`;
  const people = await sql<{
    id: number;
    name: string;
    role: Role;
    unit_id: number | null;
    unit_name: string | null;
    telegram_id: number | null;
    unreachable_at: string | null;
    kept: number;
  }>`SELECT p.id AS id, p.name AS name, p.role AS role, p.unit_id AS unit_id, u.name AS unit_name,
      p.telegram_id AS telegram_id, p.unreachable_at AS unreachable_at, COALESCE(b.kept, 0) AS kept
    FROM people p LEFT JOIN units u ON u.id = p.unit_id
      LEFT JOIN stats_buckets b ON b.period = ${periodOfRole} AND b.scope = ${SCOPE.person} AND b.entity = p.id
    WHERE p.active = 1 AND p.role IN (${sql.join(roles)})
      ${unitIds === undefined ? sql`` : sql`AND p.unit_id IN (${sql.join([...unitIds])})`}
    ORDER BY u.name, p.name, p.id`.execute(db);
  const latestEnd = Math.max(...[...periods.values()].map((period) => period.end.getTime()));
  const later = await db
    .selectFrom("report_authors")
    .innerJoin("reports", "reports.id", "report_authors.report_id")
    .select(["report_authors.person_id", "reports.submitted_at"])
    .where("reports.status", "!=", "rejected")
    .where("reports.submitted_at", ">", now.toISOString())
    .where("reports.submitted_at", "<", new Date(latestEnd).toISOString())
    .execute();
  const laterByPerson = new Map<number, Date[]>();
  for (const row of later) {
    const list = laterByPerson.get(row.person_id) ?? [];
    list.push(new Date(row.submitted_at));
    laterByPerson.set(row.person_id, list);
  }
  return people.rows.flatMap((person) => {
    const progress = quotaProgress({
      role: person.role,
      quotas: settings.quotas,
      doneIn: (period) =>
        Number(person.kept) -
        (laterByPerson.get(person.id) ?? []).filter((at) => isWithin(at, period)).length,
      now,
      timeZone: settings.timeZone,
    });
    if (!progress) return [];
    return [
      {
        id: person.id,
        name: person.name,
        role: person.role,
        unitId: person.unit_id,
        unitName: person.unit_name,
        telegramId: person.telegram_id,
        unreachableAt: person.unreachable_at,
        progress,
      },
    ];
  });
}

export interface Recipient {
  name: string;
  telegramId: number;
  role: Role;
}

/** Active, bound people in these roles. */
export async function recipientsIn(db: DB, roles: readonly Role[]): Promise<Recipient[]> {
  const rows = await db
    .selectFrom("people")
    .select(["name", "telegram_id", "role"])
    .where("active", "=", 1)
    .where("telegram_id", "is not", null)
    .where("role", "in", [...roles])
    .orderBy("id")
    .execute();
  return rows.flatMap((r) =>
    r.telegram_id === null ? [] : [{ name: r.name, telegramId: r.telegram_id, role: r.role }],
  );
}

export interface BoundGroup {
  chatId: number;
  title: string;
  /** null: bound to everyone. */
  unitId: number | null;
  unitName: string | null;
}

/** Group chats the bot is in and that are bound to a unit or to everyone. */
export async function boundGroups(db: DB): Promise<BoundGroup[]> {
  const rows = await db
    .selectFrom("chats")
    .leftJoin("units", "units.id", "chats.unit_id")
    .select(["chats.id", "chats.title", "chats.unit_id", "chats.bind_all", "units.name as unit_name"])
    .where("chats.active", "=", 1)
    .where((eb) => eb.or([eb("chats.unit_id", "is not", null), eb("chats.bind_all", "=", 1)]))
    .orderBy("chats.id")
    .execute();
  return rows.map((r) => ({
    chatId: r.id,
    title: r.title ?? String(r.id),
    unitId: r.bind_all === 1 ? null : r.unit_id,
    unitName: r.bind_all === 1 ? null : r.unit_name,
  }));
}
