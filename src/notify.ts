// Messages to people other than the sender (staff on a new report, authors on what became of it),
// each in the recipient's own language. Delivery failures are logged, never thrown at the sender.
import type { I18n } from "@grammyjs/i18n";
import type { Api, RawApi } from "grammy";
import type { BaseContext } from "./bot/context";
import type { DB } from "./db/database";
import { nowIso } from "./db/database";
import type { Logger } from "./logger";

export interface Notifier {
  db: DB;
  api: Api<RawApi>;
  i18n: I18n<BaseContext>;
  log: Logger;
}

export async function localeOf(db: DB, telegramId: number): Promise<string> {
  const row = await db
    .selectFrom("user_prefs")
    .select("language")
    .where("telegram_id", "=", telegramId)
    .executeTakeFirst();
  return row?.language === "en" ? "en" : "zh";
}

/** Tells every active staff member and admin about a new (or revised) submission, at once. */
export async function notifyStaffOfSubmission(n: Notifier, reportId: number, now: Date): Promise<number> {
  const report = await n.db
    .selectFrom("reports")
    .innerJoin("people", "people.id", "reports.author_id")
    .leftJoin("units", "units.id", "reports.unit_id")
    .select([
      "reports.id",
      "reports.title",
      "reports.urgent",
      "reports.revision",
      "people.name as author",
      "units.name as unit",
    ])
    .where("reports.id", "=", reportId)
    .executeTakeFirst();
  if (!report) return 0;
  const staff = await n.db
    .selectFrom("people")
    .select(["telegram_id"])
    .where("role", "in", ["staff", "admin"])
    .where("active", "=", 1)
    .where("telegram_id", "is not", null)
    .execute();
  let sent = 0;
  for (const { telegram_id } of staff) {
    if (telegram_id === null) continue;
    const locale = await localeOf(n.db, telegram_id);
    const key = report.revision > 1 ? "staff-report-resubmitted" : "staff-new-report";
    const text = n.i18n.t(locale, key, {
      id: report.id,
      title: report.title,
      author: report.author,
      unit: report.unit ?? "—",
      urgent: report.urgent ? n.i18n.t(locale, "report-urgent-mark") : "",
    });
    try {
      await n.api.sendMessage(telegram_id, text);
      sent++;
    } catch (error) {
      n.log.warn("could not notify staff", { telegramId: telegram_id, reportId, error });
    }
  }
  await n.db
    .updateTable("reports")
    .set({ staff_notified_at: nowIso(now) })
    .where("id", "=", reportId)
    .execute();
  return sent;
}
