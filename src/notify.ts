// Notices to people other than the sender (staff on a new report, authors on what became of it), each in the
// recipient's own language. They are queued in the outbox, like every message to others: the sender is
// answered first, the outbox paces and retries them, and the notice of one step is queued once however often
// the update that made it is handled. They are queued in the transaction that records the step (`db` is then
// that transaction), so a step is never committed without them. The bot kicks the courier (src/jobs/courier.ts)
// when an update that queued some is done.
import type { I18n } from "@grammyjs/i18n";
import type { BaseContext } from "./bot/context";
import type { DB } from "./db/database";
import { nowIso } from "./db/database";
import type { AfterRecorded } from "./db/events";
import { loadAuthorNotice, loadSubmissionNotice, listStaffRecipients } from "./db/notifications";
import { markStaffNotified, queueOutboxRows } from "./db/outbox";
import { outboxRows, type PlannedMessage } from "./jobs/engine";
import type { Logger } from "./logger";

/** The outbox job notices are queued under; each notice is a run of its own (its period key). */
export const NOTICE_JOB = "notice";

export interface Notifier {
  db: DB;
  i18n: I18n<BaseContext>;
  log: Logger;
}

let queuedSoFar = 0;

/**
 * Notices this process queued so far, committed or not. The bot kicks the courier after an update that queued
 * some; after the others a sweep would only find nothing due (rows left behind go with the periodic sweep).
 */
export function noticesQueuedSoFar(): number {
  return queuedSoFar;
}

function localeOf(language: string | null): string {
  return language === "en" ? "en" : "zh";
}

/** Tells every active staff member and admin about a new (or revised) submission. Returns the notices queued. */
export async function notifyStaffOfSubmission(n: Notifier, reportId: number, now: Date): Promise<number> {
  const report = await loadSubmissionNotice(n.db, reportId);
  if (!report) return 0;
  const messages: PlannedMessage[] = (await listStaffRecipients(n.db)).map(({ telegramId, language }) => {
    const locale = localeOf(language);
    const key = report.revision > 1 ? "staff-report-resubmitted" : "staff-new-report";
    return {
      chatId: telegramId,
      to: String(telegramId),
      text: n.i18n.t(locale, key, {
        id: report.id,
        title: report.title,
        author: report.author,
        unit: report.unit ?? "—",
        urgent: report.urgent ? n.i18n.t(locale, "report-urgent-mark") : "",
      }),
    };
  });
  await queueOutboxRows(
    n.db,
    outboxRows(NOTICE_JOB, `s${report.id}.${report.revision}`, messages, nowIso(now)),
  );
  queuedSoFar += messages.length;
  await markStaffNotified(n.db, reportId, now);
  return messages.length;
}

/**
 * Tells every author and co-author (bound and active) what happened to their report, one message per event, in
 * their own language: the closed loop (工作闭环). Returns how many notices were queued.
 */
export async function notifyAuthorsOfEvents(
  n: Notifier,
  reportId: number,
  eventIds: number[],
  now: Date,
): Promise<number> {
  if (eventIds.length === 0) return 0;
  const notice = await loadAuthorNotice(n.db, reportId, eventIds);
  if (!notice) return 0;
  const { report, authors, events } = notice;
  if (events.length === 0) return 0;
  const messages: PlannedMessage[] = [];
  for (const { telegramId, position, language } of authors) {
    const locale = localeOf(language);
    const t = (key: string, variables?: Record<string, string | number>) => n.i18n.t(locale, key, variables);
    for (const event of events) {
      // A returned report is revised by its main author; co-authors are only told. An adoption with a note is
      // 编发 in an issue of the committee's publication (src/db/issues.ts), which the note names.
      const key =
        event.kind === "returned" && position > 0
          ? "author-event-returned-coauthor"
          : event.kind === "adopted" && event.note
            ? "author-event-published"
            : `author-event-${event.kind}`;
      messages.push({
        chatId: telegramId,
        to: String(telegramId),
        text: t(key, {
          id: report.id,
          title: report.title,
          level: event.level ? t(`level-${event.level}`) : "",
          mode: t(`mode-${event.mode ?? "single"}`),
          note: event.note ?? "—",
          department: event.department ?? "—",
        }),
      });
    }
  }
  const first = Math.min(...events.map((e) => e.id));
  await queueOutboxRows(n.db, outboxRows(NOTICE_JOB, `r${report.id}e${first}`, messages, nowIso(now)));
  queuedSoFar += messages.length;
  return messages.length;
}

/** The authors' notices of recorded steps, for recordEvents and publishIssue to queue in their transaction. */
export function authorNotices(n: Omit<Notifier, "db">, now: Date): AfterRecorded {
  return (trx, reportId, eventIds) => notifyAuthorsOfEvents({ ...n, db: trx }, reportId, eventIds, now);
}

/** Staff's notice of a submission, for the report flow to queue in the transaction that submits. */
export function staffNotices(n: Omit<Notifier, "db">, now: Date) {
  return (trx: DB, reportId: number) => notifyStaffOfSubmission({ ...n, db: trx }, reportId, now);
}
