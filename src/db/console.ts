// Lists the web console shows beside what the bot already reads: a unit's reports of a period.
import type { Period } from "../domain/periods";
import type { DB } from "./database";
import { forwardedLevelColumn } from "./reports";

export interface ConsoleReportLine {
  id: number;
  title: string;
  status: string;
  /** The level it was last forwarded to, if any (已上报（市级）). */
  forwarded_level: string | null;
  submitted_at: string;
  author: string;
}

/** Reports filed under the unit whose (latest) submission falls in the period, newest first. */
export async function unitReportsInPeriod(
  db: DB,
  unitId: number,
  period: Pick<Period, "start" | "end">,
  limit = 200,
): Promise<ConsoleReportLine[]> {
  return db
    .selectFrom("reports")
    .innerJoin("people", "people.id", "reports.author_id")
    .select([
      "reports.id",
      "reports.title",
      "reports.status",
      forwardedLevelColumn,
      "reports.submitted_at",
      "people.name as author",
    ])
    .where("reports.unit_id", "=", unitId)
    .where("reports.submitted_at", ">=", period.start.toISOString())
    .where("reports.submitted_at", "<", period.end.toISOString())
    .orderBy("reports.submitted_at", "desc")
    .limit(limit)
    .execute();
}

export interface WebDraftChange {
  title: string | null;
  category: string | null;
  situation: string | null;
  analysis: string | null;
  suggestions: string | null;
  situation_done: number;
  analysis_done: number;
  suggestions_done: number;
  pending_step: string | null;
  pending_text: string | null;
}

/**
 * Saves a draft edited on the web, only if nobody changed it since the page read it (the chat may have added
 * text meanwhile): then the new updated_at; undefined when it changed or is gone.
 */
export async function saveDraftIfUnchanged(
  db: DB,
  draftId: number,
  personId: number,
  seenUpdatedAt: string,
  change: WebDraftChange,
  now: Date,
): Promise<string | undefined> {
  const updatedAt =
    now.toISOString() > seenUpdatedAt
      ? now.toISOString()
      : new Date(Date.parse(seenUpdatedAt) + 1).toISOString();
  const result = await db
    .updateTable("drafts")
    .set({ ...change, updated_at: updatedAt, reminded_at: null })
    .where("id", "=", draftId)
    .where("person_id", "=", personId)
    .where("submitted_report_id", "is", null)
    .where("updated_at", "=", seenUpdatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? updatedAt : undefined;
}
