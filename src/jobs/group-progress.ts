// Monthly progress to each bound group, on the 1st about the month just ended: how many of its unit's people have
// met their quota (each in their own period, as at the month's end), what the unit submitted and had adopted in
// the month and in the year so far, and, only if settings.groupShowNamesBehind allows it, who is behind pace.
// A group bound to everyone gets the totals and one line per unit. The tallies come from the counters kept per
// period (src/db/stats.ts): the month's whole, the year's less what came after the month (submittedAdoptedUntil).
import { type SubmittedAdopted, submittedAdoptedUntil } from "../db/stats";
import { isBehindPace } from "../domain/quotas";
import { committeeShortName } from "../domain/settings";
import { type Period, periodContaining, periodLabel, previousPeriod } from "../domain/periods";
import type { JobDefinition, PlannedMessage } from "./engine";
import { type Translate, translator } from "../bot/i18n";
import { periodName } from "../bot/render";
import { boundGroups, byUnit, type QuotaPerson, quotaPeople } from "./data";

/** The month before the one `now` is in. */
export function lastMonth(now: Date, timeZone: string): Period {
  return previousPeriod(periodContaining("month", now, timeZone), timeZone);
}

export const groupProgress: JobDefinition = {
  name: "groupProgress",
  earlier: "drop",
  periodKey: (now, settings) => periodLabel(lastMonth(now, settings.timeZone)),

  async plan({ db, settings, now, i18n }) {
    const { timeZone } = settings;
    const month = lastMonth(now, timeZone);
    const asOf = new Date(month.end.getTime() - 1);
    const year = periodContaining("year", asOf, timeZone);
    const groups = await boundGroups(db);
    if (groups.length === 0) return { messages: [], stats: { groups: 0 } };
    // Only the bound units' people, unless a group is bound to everyone.
    const units = groups.some((g) => g.unitId === null) ? undefined : groups.map((g) => g.unitId!);
    const [people, monthStats, yearStats] = await Promise.all([
      quotaPeople(db, settings, asOf, units),
      submittedAdoptedUntil(db, month, settings, month.end),
      submittedAdoptedUntil(db, year, settings, month.end),
    ]);
    // Groups are not people: they have no saved language, and the committee works in Chinese.
    const t = translator(i18n, "zh");
    const messages: PlannedMessage[] = groups.map((group) => {
      const everyone = group.unitId === null;
      const members = everyone ? people : people.filter((p) => p.unitId === group.unitId);
      const none: SubmittedAdopted = { submitted: 0, adopted: 0 };
      const inMonth = everyone ? monthStats.total : (monthStats.units.get(group.unitId!) ?? none);
      const inYear = everyone ? yearStats.total : (yearStats.units.get(group.unitId!) ?? none);
      const lines = [
        t("job-group-progress-title", {
          committee: committeeShortName(settings),
          unit: everyone ? t("job-everyone") : (group.unitName ?? group.title),
          period: periodName(t, month),
        }),
      ];
      if (members.length > 0) lines.push(quotaLine(t, members, month));
      lines.push(
        t("job-group-progress-month", {
          period: periodName(t, month),
          submitted: inMonth.submitted,
          adopted: inMonth.adopted,
        }),
        t("job-group-progress-year", {
          year: year.year,
          submitted: inYear.submitted,
          adopted: inYear.adopted,
        }),
      );
      if (everyone) {
        for (const [unit, unitMembers] of byUnit(people, t("job-no-unit"))) {
          const unitId = unitMembers[0]?.unitId;
          lines.push(
            t("job-group-progress-unit-line", {
              unit,
              met: unitMembers.filter((p) => p.progress.met).length,
              total: unitMembers.length,
              submitted: unitId == null ? 0 : (monthStats.units.get(unitId)?.submitted ?? 0),
            }),
          );
        }
      }
      if (settings.groupShowNamesBehind) {
        const behind = members.filter((p) => isBehindPace(p.progress, asOf, timeZone));
        if (behind.length > 0) {
          lines.push(t("job-group-progress-behind-title", { count: behind.length }));
          for (const [unit, unitBehind] of byUnit(behind, t("job-no-unit")))
            lines.push(
              t("job-unit-names", {
                unit,
                count: unitBehind.length,
                names: unitBehind.map((p) => p.name).join(t("job-list-separator")),
              }),
            );
        }
      }
      lines.push("", t("job-group-progress-footer"));
      return { chatId: group.chatId, to: group.title, text: lines.join("\n") };
    });
    return { messages, stats: { groups: groups.length } };
  },
};

function quotaLine(t: Translate, members: QuotaPerson[], month: Period): string {
  return t("job-group-progress-quota", {
    met: members.filter((p) => p.progress.met).length,
    total: members.length,
    period: periodName(t, month),
  });
}
