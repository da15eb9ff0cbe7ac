// Drafts left alone long enough to be reminded of once (drafts.reminded_at; touching a draft clears it).
import type { DB } from "./database";

export interface ForgottenDraft {
  id: number;
  title: string | null;
  report_id: number | null;
  name: string;
  telegram_id: number;
}

/** Unsubmitted, unreminded drafts untouched since `cutoff`, of active bound people, grouped by person. */
export async function forgottenDrafts(db: DB, cutoff: Date): Promise<ForgottenDraft[]> {
  const rows = await db
    .selectFrom("drafts")
    .innerJoin("people", "people.id", "drafts.person_id")
    .select(["drafts.id", "drafts.title", "drafts.report_id", "people.name", "people.telegram_id"])
    .where("drafts.submitted_report_id", "is", null)
    .where("drafts.reminded_at", "is", null)
    .where("drafts.updated_at", "<=", cutoff.toISOString())
    .where("people.active", "=", 1)
    .where("people.telegram_id", "is not", null)
    .orderBy("people.id")
    .orderBy("drafts.updated_at")
    .orderBy("drafts.id")
    .execute();
  return rows.flatMap((row) => (row.telegram_id === null ? [] : [{ ...row, telegram_id: row.telegram_id }]));
}

/** Marks these drafts reminded, unless touched since `cutoff` or reminded already. */
export async function markDraftsReminded(
  db: DB,
  draftIds: readonly number[],
  now: Date,
  cutoff: Date,
): Promise<void> {
  for (let i = 0; i < draftIds.length; i += 500)
    await db
      .updateTable("drafts")
      .set({ reminded_at: now.toISOString() })
      .where("id", "in", draftIds.slice(i, i + 500))
      .where("reminded_at", "is", null)
      .where("updated_at", "<=", cutoff.toISOString())
      .execute();
}
