// What the notices to other people are made of: a report's heading, who writes it, who reviews, which events.
import type { DB } from "./database";
import type { ReportEvent } from "./schema";

export interface SubmissionNotice {
  id: number;
  title: string;
  urgent: number;
  revision: number;
  author: string;
  unit: string | null;
}

/** Reports with what a notice of their submission says: title, marks, author and unit. */
function submissionNotices(db: DB) {
  return db
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
    ]);
}

export async function loadSubmissionNotice(db: DB, reportId: number): Promise<SubmissionNotice | undefined> {
  return submissionNotices(db).where("reports.id", "=", reportId).executeTakeFirst();
}

/** Active, bound staff and admins with their chosen language. */
export async function listStaffRecipients(
  db: DB,
): Promise<{ telegramId: number; language: string | null }[]> {
  const rows = await db
    .selectFrom("people")
    .leftJoin("user_prefs", "user_prefs.telegram_id", "people.telegram_id")
    .select(["people.telegram_id", "user_prefs.language"])
    .where("people.role", "in", ["staff", "admin"])
    .where("people.active", "=", 1)
    .where("people.telegram_id", "is not", null)
    .orderBy("people.id")
    .execute();
  return rows.flatMap((r) =>
    r.telegram_id === null ? [] : [{ telegramId: r.telegram_id, language: r.language }],
  );
}

export interface AuthorNotice {
  report: { id: number; title: string };
  /** Bound, active authors, the main author first (position 0). */
  authors: { telegramId: number; position: number; language: string | null }[];
  events: ReportEvent[];
}

export async function loadAuthorNotice(
  db: DB,
  reportId: number,
  eventIds: readonly number[],
): Promise<AuthorNotice | undefined> {
  const [report, authors, events] = await Promise.all([
    db.selectFrom("reports").select(["id", "title"]).where("id", "=", reportId).executeTakeFirst(),
    db
      .selectFrom("report_authors")
      .innerJoin("people", "people.id", "report_authors.person_id")
      .leftJoin("user_prefs", "user_prefs.telegram_id", "people.telegram_id")
      .select(["people.telegram_id", "report_authors.position", "user_prefs.language"])
      .where("report_authors.report_id", "=", reportId)
      .where("people.active", "=", 1)
      .where("people.telegram_id", "is not", null)
      .orderBy("report_authors.position")
      .execute(),
    db
      .selectFrom("report_events")
      .selectAll()
      .where("report_id", "=", reportId)
      .where("id", "in", [...eventIds])
      .orderBy("id")
      .execute(),
  ]);
  if (!report) return undefined;
  return {
    report,
    authors: authors.flatMap((a) =>
      a.telegram_id === null
        ? []
        : [{ telegramId: a.telegram_id, position: a.position, language: a.language }],
    ),
    events,
  };
}

/** Reports staff have not been told of, submitted up to `until`: urgent first, then in order of submission. */
export async function reportsNotYetNotified(db: DB, until: Date): Promise<SubmissionNotice[]> {
  return submissionNotices(db)
    .where("reports.staff_notified_at", "is", null)
    .where("reports.submitted_at", "<=", until.toISOString())
    .orderBy("reports.urgent", "desc")
    .orderBy("reports.submitted_at")
    .orderBy("reports.id")
    .execute();
}

/** Marks these reports as told to staff (those not marked already). */
export async function markReportsNotified(db: DB, reportIds: readonly number[], now: Date): Promise<void> {
  for (let i = 0; i < reportIds.length; i += 500)
    await db
      .updateTable("reports")
      .set({ staff_notified_at: now.toISOString() })
      .where("id", "in", reportIds.slice(i, i + 500))
      .where("staff_notified_at", "is", null)
      .execute();
}
