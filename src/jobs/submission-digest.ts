// The daily digest of new submissions for staff, when settings.notifyStaff is "digest" (src/handlers/submit.ts
// then leaves reports.staff_notified_at null instead of notifying at once). One message per staff member lists
// every report not yet notified; the reports are marked notified with the queued messages, in one transaction.
// It also runs when notifyStaff is "immediately": then it only picks up a report whose immediate notification
// never completed, and leaves the last minutes alone so that it never races one in flight.

import { translator } from "../bot/i18n";
import { markReportsNotified, reportsNotYetNotified } from "../db/notifications";
import { truncateText } from "../domain/text";
import { localDateKey, localesOf, recipientsIn } from "./data";
import type { JobDefinition, PlannedMessage } from "./engine";

const IN_FLIGHT_MS = 10 * 60_000;

export const submissionDigest: JobDefinition = {
  name: "submissionDigest",
  earlier: "deliver",
  periodKey: (now, settings) => localDateKey(now, settings.timeZone),

  async plan({ db, settings, now, i18n }) {
    const until = settings.notifyStaff === "immediately" ? new Date(now.getTime() - IN_FLIGHT_MS) : now;
    const [staff, reports] = await Promise.all([
      recipientsIn(db, ["staff", "admin"]),
      reportsNotYetNotified(db, until),
    ]);
    // Without a bound staff member nobody would read it: leave the reports for a later digest.
    if (reports.length === 0 || staff.length === 0)
      return { messages: [], stats: { reports: reports.length, staff: staff.length } };
    const locales = await localesOf(
      db,
      staff.map((s) => s.telegramId),
    );
    const messages: PlannedMessage[] = staff.map((person) => {
      const t = translator(i18n, locales.get(person.telegramId) ?? "zh");
      const lines = [t("job-submission-digest-title", { count: reports.length })];
      for (const report of reports)
        lines.push(
          t(report.revision > 1 ? "job-submission-digest-line-resubmitted" : "job-submission-digest-line", {
            id: report.id,
            urgent: report.urgent ? t("report-urgent-mark") : "",
            title: truncateText(report.title, 60),
            author: report.author,
            unit: report.unit ?? "—",
          }),
        );
      return { chatId: person.telegramId, to: person.name, text: lines.join("\n") };
    });
    const ids = reports.map((r) => r.id);
    return {
      messages,
      stats: { reports: ids.length, staff: staff.length },
      commit: (trx) => markReportsNotified(trx, ids, now),
    };
  },
};
