// The weekly staff digest: reports waiting for review longer than settings.reviewWaitingDays, people who have not
// submitted anything in their quota period (per unit; those without a bound account are marked, since they get
// no reminders), how many have no bound account at all, and who is unreachable (blocked the bot).
import { type Unreachable, unreachablePeople, type WaitingReport, waitingReports } from "../db/staff-digest";
import { localDateParts } from "../domain/periods";
import { truncateText } from "../domain/text";
import type { JobDefinition, PlannedMessage } from "./engine";
import { byUnit, localDateKey, localesOf, type QuotaPerson, quotaPeople, recipientsIn } from "./data";
import { type Translate, translator } from "../bot/i18n";

const DAY_MS = 86_400_000;
/** Longer lists end with "and N more": the digest is a prompt to act, the bot has the full lists. */
const MAX_LISTED = 30;

export const staffDigest: JobDefinition = {
  name: "staffDigest",
  earlier: "drop",
  periodKey: (now, settings) => localDateKey(now, settings.timeZone),

  async plan({ db, settings, now, i18n }) {
    const cutoff = new Date(now.getTime() - settings.reviewWaitingDays * DAY_MS);
    const [recipients, waiting, people, unreachable] = await Promise.all([
      recipientsIn(db, ["staff", "admin"]),
      waitingReports(db, cutoff),
      quotaPeople(db, settings, now),
      unreachablePeople(db),
    ]);
    const zero = people.filter((p) => p.progress.done === 0);
    const unbound = people.filter((p) => p.telegramId === null).length;
    const locales = await localesOf(
      db,
      recipients.map((r) => r.telegramId),
    );
    const messages: PlannedMessage[] = recipients.map((recipient) => {
      const t = translator(i18n, locales.get(recipient.telegramId) ?? "zh");
      return {
        chatId: recipient.telegramId,
        to: recipient.name,
        text: digestText(t, { waiting, zero, unbound, unreachable, now, settings }),
      };
    });
    return {
      messages,
      stats: { waiting: waiting.length, zeroReports: zero.length, unbound, unreachable: unreachable.length },
    };
  },
};

function digestText(
  t: Translate,
  data: {
    waiting: WaitingReport[];
    zero: QuotaPerson[];
    unbound: number;
    unreachable: Unreachable[];
    now: Date;
    settings: { reviewWaitingDays: number; timeZone: string };
  },
): string {
  const { waiting, zero, unbound, unreachable, now, settings } = data;
  const lines = [t("job-staff-digest-title", { date: localDateKey(now, settings.timeZone) }), ""];

  lines.push(t("job-staff-digest-waiting", { count: waiting.length, days: settings.reviewWaitingDays }));
  for (const report of waiting.slice(0, MAX_LISTED)) {
    lines.push(
      t("job-staff-digest-waiting-line", {
        id: report.id,
        title: truncateText(report.title, 40),
        author: report.author,
        unit: report.unit ?? "—",
        days: daysBetween(new Date(report.submittedAt), now, settings.timeZone),
      }),
    );
  }
  if (waiting.length > MAX_LISTED) lines.push(t("job-list-more", { count: waiting.length - MAX_LISTED }));
  lines.push("");

  lines.push(t("job-staff-digest-zero", { count: zero.length }));
  for (const [unit, members] of byUnit(zero, t("job-no-unit"))) {
    const names = members.map((p) =>
      p.telegramId === null ? t("job-name-unbound", { name: p.name }) : p.name,
    );
    lines.push(
      t("job-unit-names", { unit, count: members.length, names: names.join(t("job-list-separator")) }),
    );
  }
  lines.push("");

  lines.push(t("job-staff-digest-unbound", { count: unbound }));
  lines.push("");

  lines.push(t("job-staff-digest-unreachable", { count: unreachable.length }));
  for (const person of unreachable.slice(0, MAX_LISTED)) {
    lines.push(
      t("job-staff-digest-unreachable-line", {
        name: person.name,
        unit: person.unit ?? "—",
        since: localDateKey(new Date(person.since), settings.timeZone),
      }),
    );
  }
  if (unreachable.length > MAX_LISTED)
    lines.push(t("job-list-more", { count: unreachable.length - MAX_LISTED }));
  return lines.join("\n").trimEnd();
}

/** Whole local days from one instant to another. */
function daysBetween(from: Date, to: Date, timeZone: string): number {
  const day = (d: Date) => {
    const p = localDateParts(d, timeZone);
    return Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
  };
  return Math.max(0, day(to) - day(from));
}
