// What the Word documents need beyond the report view: each author's own unit (co-authors may come from
// other units than the report's).
import type { DB } from "./database";

export interface DocumentAuthor {
  name: string;
  unit: string | null;
  position: number;
}

/** The report's authors, main author first, each with the unit they belong to now. */
export async function reportAuthorsWithUnits(db: DB, reportId: number): Promise<DocumentAuthor[]> {
  return db
    .selectFrom("report_authors")
    .innerJoin("people", "people.id", "report_authors.person_id")
    .leftJoin("units", "units.id", "people.unit_id")
    .select(["people.name", "units.name as unit", "report_authors.position"])
    .where("report_authors.report_id", "=", reportId)
    .orderBy("report_authors.position")
    .execute();
}
