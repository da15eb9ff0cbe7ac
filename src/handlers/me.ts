// "/me": a person's own standing — their quota in its period (done, owed, days left, behind pace or not), what
// they submitted this month / quarter / year, and their points this year with their rank in their unit and
// overall. Everything comes from the counters kept per period (src/db/stats.ts), as /stats and /rank do: a few
// queries whatever the number of reports.
import { Composer } from "grammy";
import type { MinyiContext } from "../bot/context";
import { allowRoles } from "../bot/guards";
import type { DB } from "../db/database";
import type { Person } from "../db/schema";
import { hasActivity, personRank, rankedPeopleCount } from "../db/stats-ranking";
import { personCounts } from "../db/stats";
import { findUnitById } from "../db/units";
import { type Period, periodContaining } from "../domain/periods";
import { isBehindPace, quotaPeriod, quotaProgress } from "../domain/quotas";
import { type Role, WRITER_ROLES } from "../domain/roles";
import { roundPoints } from "../domain/scoring";
import type { Settings } from "../domain/settings";
import type { PeriodCounts } from "../domain/stats";
import { periodName, type Translate } from "../bot/render";

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
  // "The year so far" is read from the counters of the whole current month, quarter and year: they hold
  // nothing after `now`, because submissions and steps are dated with the clock when they are recorded
  // (the bot's, the command-line tools'), never ahead of it. So each count up to now is its period's count.
  const [month, quarter, year] = (["month", "quarter", "year"] as const).map((kind) =>
    periodContaining(kind, now, timeZone),
  ) as [Period, Period, Period];
  const quota = quotaPeriod(role, settings.quotas, now, timeZone);
  const periods = [month, quarter, year, ...(quota ? [quota] : [])];
  const [unit, counts] = await Promise.all([
    person.unit_id === null ? undefined : findUnitById(db, person.unit_id),
    personCounts(db, periods, settings, person.id),
  ]);
  const [inMonth, inQuarter, inYear] = counts as [PeriodCounts, PeriodCounts, PeriodCounts];

  const lines = [t("me-title", { name: person.name, role: t(`role-${role}`), unit: unit?.name ?? "—" })];
  // Reports submitted in the quota's period and not rejected: its counters' "kept".
  const progress = quotaProgress({
    role,
    quotas: settings.quotas,
    doneIn: () => counts[3]?.kept ?? 0,
    now,
    timeZone,
  });
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
  lines.push(t("me-counts", { month: inMonth.kept, quarter: inQuarter.kept, year: inYear.kept }));
  lines.push(
    t("me-points", {
      year: year.year,
      points: roundPoints(inYear.points),
      adopted: inYear.adopted,
      instructed: inYear.instructed,
    }),
  );
  // Everyone who writes is ranked, with 0 points if nothing scored yet, and so is anyone else with a tally this
  // year (staff and leaders only then: they owe nothing and are not in the race otherwise). The rank is the
  // one /rank gives for the year (src/db/stats-ranking.ts, personRank); the totals count that wider circle.
  const writes = person.active === 1 && (WRITER_ROLES as readonly string[]).includes(person.role);
  if (!writes && !hasActivity(inYear)) return lines.join("\n");
  const unitId = person.unit_id ?? undefined;
  const [unitRank, unitTotal, overallRank, overallTotal] = await Promise.all([
    unitId === undefined ? undefined : personRank(db, year, settings, person.id, unitId),
    unitId === undefined ? undefined : rankedPeopleCount(db, year, settings, unitId),
    personRank(db, year, settings, person.id),
    rankedPeopleCount(db, year, settings),
  ]);
  if (unitRank !== undefined && unitTotal !== undefined)
    lines.push(t("me-rank-unit", { rank: unitRank, total: unitTotal }));
  lines.push(t("me-rank-all", { rank: overallRank, total: overallTotal }));
  return lines.join("\n");
}
