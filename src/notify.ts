// Messages to people other than the sender (staff on a new report, authors on what became of it),
// each in the recipient's own language. Delivery failures are logged, never thrown at the sender.
import type { I18n } from "@grammyjs/i18n";
import { type Api, GrammyError, type RawApi } from "grammy";
import type { BaseContext } from "./bot/context";
import type { DB } from "./db/database";
import { nowIso } from "./db/database";
import { markPersonUnreachable } from "./db/people";
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
      await markIfBlocked(n, telegram_id, error);
    }
  }
  await n.db
    .updateTable("reports")
    .set({ staff_notified_at: nowIso(now) })
    .where("id", "=", reportId)
    .execute();
  return sent;
}

/**
 * Tells every author and co-author (bound and active) what happened to their report, one message per
 * event, in their own language: the closed loop (工作闭环). A failed delivery is logged and never fails the
 * staff action that caused it. Returns how many messages were delivered.
 */
export async function notifyAuthorsOfEvents(n: Notifier, reportId: number, eventIds: number[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const [report, authors, events] = await Promise.all([
    n.db.selectFrom("reports").select(["id", "title"]).where("id", "=", reportId).executeTakeFirst(),
    n.db
      .selectFrom("report_authors")
      .innerJoin("people", "people.id", "report_authors.person_id")
      .select(["people.telegram_id", "report_authors.position"])
      .where("report_authors.report_id", "=", reportId)
      .where("people.active", "=", 1)
      .where("people.telegram_id", "is not", null)
      .orderBy("report_authors.position")
      .execute(),
    n.db
      .selectFrom("report_events")
      .selectAll()
      .where("report_id", "=", reportId)
      .where("id", "in", eventIds)
      .orderBy("id")
      .execute(),
  ]);
  if (!report) return 0;
  let sent = 0;
  for (const { telegram_id, position } of authors) {
    if (telegram_id === null) continue;
    const locale = await localeOf(n.db, telegram_id);
    const t = (key: string, variables?: Record<string, string | number>) => n.i18n.t(locale, key, variables);
    for (const event of events) {
      // A returned report is revised by its main author; co-authors are only told.
      const key =
        event.kind === "returned" && position > 0 ? "author-event-returned-coauthor" : `author-event-${event.kind}`;
      const text = t(key, {
        id: report.id,
        title: report.title,
        level: event.level ? t(`level-${event.level}`) : "",
        mode: t(`mode-${event.mode ?? "single"}`),
        note: event.note ?? "—",
        department: event.department ?? "—",
      });
      try {
        await n.api.sendMessage(telegram_id, text);
        sent++;
      } catch (error) {
        n.log.warn("could not tell an author about their report", {
          telegramId: telegram_id,
          reportId,
          eventId: event.id,
          error,
        });
        if (await markIfBlocked(n, telegram_id, error)) break;
      }
    }
  }
  return sent;
}

/**
 * A 403 means the person blocked the bot (or deleted their account): staff see them as unreachable, as they do
 * after a job's delivery. Returns whether that was it, so the rest of their messages are not tried.
 */
async function markIfBlocked(n: Notifier, telegramId: number, error: unknown): Promise<boolean> {
  if (!(error instanceof GrammyError) || error.error_code !== 403) return false;
  await markPersonUnreachable(n.db, telegramId, new Date()).catch((failure: unknown) =>
    n.log.warn("could not mark a person unreachable", { telegramId, error: failure }),
  );
  return true;
}
