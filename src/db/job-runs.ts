// Runs of the scheduled jobs (job_runs, one per job and period) and the outbox rows that belong to them; the
// engine in src/jobs/engine.ts decides, these statements record.
import type { Transaction } from "kysely";
import { type DB, nowIso } from "./database";
import { pruneOutboxDocuments, type QueuedRow, queueOutboxRows } from "./outbox";
import type { Database, JobRun } from "./schema";

export async function findRun(db: DB, job: string, periodKey: string): Promise<JobRun | undefined> {
  return db
    .selectFrom("job_runs")
    .selectAll()
    .where("job", "=", job)
    .where("period_key", "=", periodKey)
    .executeTakeFirst();
}

/** Starts a run unless one exists for the period; returns the run as it is now. */
export async function startRun(
  db: DB,
  job: string,
  periodKey: string,
  scheduledFor: Date,
  at: Date,
): Promise<JobRun> {
  await db
    .insertInto("job_runs")
    .values({
      job,
      period_key: periodKey,
      status: "running",
      scheduled_for: nowIso(scheduledFor),
      planned_at: null,
      started_at: nowIso(at),
      finished_at: null,
    })
    .onConflict((oc) => oc.columns(["job", "period_key"]).doNothing())
    .execute();
  return (await findRun(db, job, periodKey))!;
}

/** The rows of a run still waiting, in order (what a dry run of a planned run would send). */
export async function pendingRows(db: DB, job: string, periodKey: string) {
  return db
    .selectFrom("outbox")
    .select(["chat_id", "text"])
    .where("job", "=", job)
    .where("period_key", "=", periodKey)
    .where("status", "=", "pending")
    .orderBy("id")
    .execute();
}

/**
 * Queues a run's rows with the job's own marks and planned_at, in one transaction; of two concurrent planners
 * only the first queues anything. Returns how many rows it queued.
 */
export async function queuePlannedRun(
  db: DB,
  job: string,
  periodKey: string,
  rows: readonly QueuedRow[],
  at: Date,
  commit?: (trx: Transaction<Database>) => Promise<void>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom("job_runs")
      .select("planned_at")
      .where("job", "=", job)
      .where("period_key", "=", periodKey)
      .executeTakeFirst();
    if (current?.planned_at) return 0;
    await queueOutboxRows(trx, rows);
    await commit?.(trx);
    await trx
      .updateTable("job_runs")
      .set({ planned_at: nowIso(at) })
      .where("job", "=", job)
      .where("period_key", "=", periodKey)
      .execute();
    return rows.length;
  });
}

/** Marks the run done when none of its rows is pending; false while some are. */
export async function finishIfDelivered(db: DB, job: string, periodKey: string, at: Date): Promise<boolean> {
  const pending = await db
    .selectFrom("outbox")
    .select("id")
    .where("job", "=", job)
    .where("period_key", "=", periodKey)
    .where("status", "=", "pending")
    .limit(1)
    .executeTakeFirst();
  if (pending) return false;
  await db
    .updateTable("job_runs")
    .set({ status: "done", finished_at: nowIso(at) })
    .where("job", "=", job)
    .where("period_key", "=", periodKey)
    .where("status", "=", "running")
    .execute();
  await pruneOutboxDocuments(db);
  return true;
}

export async function unfinishedRunsBefore(db: DB, job: string, periodKey: string): Promise<JobRun[]> {
  return db
    .selectFrom("job_runs")
    .selectAll()
    .where("job", "=", job)
    .where("status", "=", "running")
    .where("period_key", "<", periodKey)
    .orderBy("period_key")
    .execute();
}

/** Unfinished runs of every job, oldest first. */
export async function unfinishedRuns(db: DB) {
  return db
    .selectFrom("job_runs")
    .select(["job", "period_key", "scheduled_for"])
    .where("status", "=", "running")
    .orderBy("scheduled_for")
    .execute();
}

/** Drops a run's waiting rows as replaced by a newer run; returns how many. */
export async function dropPendingRows(
  db: DB,
  job: string,
  periodKey: string,
  reason: string,
): Promise<number> {
  const dropped = await db
    .updateTable("outbox")
    .set({ status: "failed", last_error: reason })
    .where("job", "=", job)
    .where("period_key", "=", periodKey)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(dropped.numUpdatedRows);
}
