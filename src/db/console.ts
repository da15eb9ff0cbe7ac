// Lists the web console shows beside what the bot already reads: a unit's reports of a period.
import type { Period } from "../domain/periods";
import type { DB } from "./database";

export interface ConsoleReportLine {
  id: number;
  title: string;
  status: string;
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
