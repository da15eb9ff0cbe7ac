// One reminder per forgotten draft: a draft not submitted and untouched for settings.draftReminderDays gets a
// single nudge (drafts.reminded_at, set with the queued message); touching the draft clears reminded_at
// (src/db/drafts.ts updateDraft), so a draft left alone again is reminded again. One message per person lists
// all their forgotten drafts and how to continue (/drafts).

import { translator } from "../bot/i18n";
import { forgottenDrafts, markDraftsReminded } from "../db/forgotten-drafts";
import { truncateText } from "../domain/text";
import { localDateKey, localesOf } from "./data";
import type { JobDefinition, PlannedMessage } from "./engine";

const DAY_MS = 86_400_000;

export const draftReminders: JobDefinition = {
  name: "draftReminders",
  earlier: "deliver",
  periodKey: (now, settings) => localDateKey(now, settings.timeZone),

  async plan({ db, settings, now, i18n }) {
    const cutoff = new Date(now.getTime() - settings.draftReminderDays * DAY_MS);
    const drafts = await forgottenDrafts(db, cutoff);
    const byPerson = new Map<number, { name: string; drafts: typeof drafts }>();
    for (const draft of drafts) {
      const entry = byPerson.get(draft.telegram_id) ?? { name: draft.name, drafts: [] };
      entry.drafts.push(draft);
      byPerson.set(draft.telegram_id, entry);
    }
    const locales = await localesOf(db, [...byPerson.keys()]);
    const messages: PlannedMessage[] = [...byPerson].map(([telegramId, { name, drafts: own }]) => {
      const t = translator(i18n, locales.get(telegramId) ?? "zh");
      const titles = own.map((d) =>
        t(d.report_id === null ? "job-draft-reminder-line" : "job-draft-reminder-line-revision", {
          title: d.title ? truncateText(d.title, 40) : t("report-untitled"),
        }),
      );
      return {
        chatId: telegramId,
        to: name,
        text: t("job-draft-reminder", {
          count: own.length,
          days: settings.draftReminderDays,
          titles: titles.join("\n"),
        }),
      };
    });
    const ids = drafts.map((d) => d.id);
    return {
      messages,
      stats: { drafts: ids.length, people: byPerson.size },
      commit: (trx) => markDraftsReminded(trx, ids, now, cutoff),
    };
  },
};
