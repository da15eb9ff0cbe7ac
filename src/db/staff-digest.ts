// What the staff digest lists: reports waiting for review too long, people the bot cannot reach.
import type { DB } from "./database";

export interface WaitingReport {
  id: number;
  title: string;
  author: string;
  unit: string | null;
  submittedAt: string;
}

export interface Unreachable {
  name: string;
  unit: string | null;
  since: string;
}

export async function waitingReports(db: DB, cutoff: Date): Promise<WaitingReport[]> {
  const rows = await db
    .selectFrom("reports")
    .innerJoin("people", "people.id", "reports.author_id")
    .leftJoin("units", "units.id", "reports.unit_id")
    .select([
      "reports.id",
      "reports.title",
      "people.name as author",
      "units.name as unit",
      "reports.submitted_at",
    ])
    .where("reports.status", "=", "submitted")
    .where("reports.submitted_at", "<", cutoff.toISOString())
    .orderBy("reports.submitted_at")
    .orderBy("reports.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    author: r.author,
    unit: r.unit,
    submittedAt: r.submitted_at,
  }));
}

export async function unreachablePeople(db: DB): Promise<Unreachable[]> {
  const rows = await db
    .selectFrom("people")
    .leftJoin("units", "units.id", "people.unit_id")
    .select(["people.name", "units.name as unit", "people.unreachable_at"])
    .where("people.active", "=", 1)
    .where("people.unreachable_at", "is not", null)
    .orderBy("people.unreachable_at")
    .execute();
  return rows.map((r) => ({ name: r.name, unit: r.unit, since: r.unreachable_at ?? "" }));
}
