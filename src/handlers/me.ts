// "/me": a person's own standing — their quota in its period (done, owed, days left, behind pace or not), what
// they submitted this month / quarter / year, and their points this year with their rank in their unit and
// overall. Points come from the same computation as the quarterly bulletin (src/jobs/standings.ts).
import { Composer } from "grammy";
import type { MinyiContext } from "../bot/context";
import { allowRoles } from "../bot/guards";
import type { DB } from "../db/database";
import type { Person } from "../db/schema";
import { findUnitById } from "../db/units";
import { isWithin, periodContaining } from "../domain/periods";
import { isBehindPace, quotaProgress } from "../domain/quotas";
import { type Role, WRITER_ROLES } from "../domain/roles";
import { roundPoints } from "../domain/scoring";
import type { Settings } from "../domain/settings";
import { periodName, type Translate } from "../jobs/data";
import { loadRangeStats, rankTallies, type Tally } from "../jobs/standings";

export function meFeature(): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  feature.chatType("private").command(
    "me",
    allowRoles((role) => role !== undefined),
    async (ctx) => {
      const person = ctx.person!;
      const text = await meText(
        ctx.deps.db,
        await ctx.settings(),
        person,
        ctx.role ?? person.role,
        ctx.deps.now(),
        ctx.t,
      );
      await ctx.reply(text);
    },
  );
  return feature;
}

export async function meText(
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
  if (!progress) {
    lines.push(t("me-no-quota"));
  } else {
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
  // Everyone who writes is ranked, with 0 points if nothing scored yet, and so is anyone else who scored
  // (staff and leaders only then: they owe nothing and are not in the race otherwise).
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
  const zero: Tally = {
    points: 0,
    submitted: 0,
    adoptedByLevel: {},
    adopted: 0,
    instructed: 0,
    submittedAdopted: 0,
  };
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
  if (unitRank) lines.push(t("me-rank-unit", { rank: unitRank.rank, total: inUnit.length }));
  if (overallRank) lines.push(t("me-rank-all", { rank: overallRank.rank, total: overall.length }));
  return lines.join("\n");
}
