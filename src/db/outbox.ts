// Rows of the delivery outbox, queued by the jobs and by the notices to other people; src/jobs/outbox.ts sends them.
import type { Insertable, Transaction } from "kysely";
import { type DB, nowIso } from "./database";
import type { Database, OutboxTable } from "./schema";

/** Queues rows; a row whose dedupe key is already there (the same notice queued again) is left as it is. */
export async function queueOutboxRows(
  db: DB | Transaction<Database>,
  rows: readonly Insertable<OutboxTable>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) {
    await db
      .insertInto("outbox")
      .values(rows.slice(i, i + 50))
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .execute();
  }
}

/** The runs of a job that have rows due now: what a sweep drains. */
export async function duePeriodKeys(db: DB, job: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom("outbox")
    .select("period_key")
    .distinct()
    .where("job", "=", job)
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", nowIso(now))
    .orderBy("period_key")
    .execute();
  return rows.map((r) => r.period_key);
}

export async function markStaffNotified(db: DB, reportId: number, now: Date): Promise<void> {
  await db
    .updateTable("reports")
    .set({ staff_notified_at: nowIso(now) })
    .where("id", "=", reportId)
    .execute();
}
