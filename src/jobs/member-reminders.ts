// Quota reminders to members: a private message to each person behind pace for their quota, never to anyone
// who has met it. On the 1st of a month everyone is considered; on other days (the weekly trigger) only people
// in the last month of their quota period (every month for a monthly quota, December for a yearly one). The
// run is keyed by the local date, so the two triggers of a Monday the 1st send once.
import { localDateParts, type Period } from "../domain/periods";
import { isBehindPace } from "../domain/quotas";
import type { JobDefinition, PlannedMessage } from "./engine";
import { translator } from "../bot/i18n";
import { periodName } from "../bot/render";
import { localDateKey, localesOf, quotaPeople } from "./data";

export function isLastMonthOf(period: Period, month: number): boolean {
  if (period.kind === "month") return true;
  if (period.kind === "quarter") return month % 3 === 0;
  return month === 12;
}

export const memberReminders: JobDefinition = {
  name: "memberReminders",
  earlier: "drop",
  periodKey: (now, settings) => localDateKey(now, settings.timeZone),

  async plan({ db, settings, now, i18n }) {
    const { timeZone } = settings;
    const today = localDateParts(now, timeZone);
    const due = (await quotaPeople(db, settings, now)).filter(
      (person) =>
        !person.progress.met &&
        (today.day === 1 || isLastMonthOf(person.progress.period, today.month)) &&
        isBehindPace(person.progress, now, timeZone),
    );
    const bound = due.filter((person) => person.telegramId !== null);
    const locales = await localesOf(
      db,
      bound.map((p) => p.telegramId!),
    );
    const messages: PlannedMessage[] = bound.map((person) => {
      const t = translator(i18n, locales.get(person.telegramId!) ?? "zh");
      const { progress } = person;
      return {
        chatId: person.telegramId!,
        to: person.name,
        text: t("job-member-reminder", {
          name: person.name,
          committee: settings.name,
          period: periodName(t, progress.period),
          required: progress.required,
          done: progress.done,
          owed: progress.owed,
          days: progress.daysLeft,
        }),
      };
    });
    return {
      messages,
      stats: { behind: due.length, reminded: bound.length, skippedUnbound: due.length - bound.length },
    };
  },
};
