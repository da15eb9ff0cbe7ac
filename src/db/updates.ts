// Claims on incoming update ids, so a redelivered update is handled once. A claim becomes "done" only
// after the handlers finished; a failed update's claim is released so Telegram's redelivery runs it.
import { type DB, nowIso } from "./database";

/** A claim left "processing" this long belongs to a process that died mid-update; it may be taken over. */
const STALE_CLAIM_MS = 60_000;

export async function claimUpdate(db: DB, updateId: number, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto("processed_updates")
    .values({ update_id: updateId, status: "processing", claimed_at: nowIso(now) })
    .onConflict((oc) => oc.column("update_id").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return true;
  const takenOver = await db
    .updateTable("processed_updates")
    .set({ claimed_at: nowIso(now) })
    .where("update_id", "=", updateId)
    .where("status", "=", "processing")
    .where("claimed_at", "<", nowIso(new Date(now.getTime() - STALE_CLAIM_MS)))
    .executeTakeFirst();
  return Number(takenOver.numUpdatedRows) === 1;
}

export async function completeUpdate(db: DB, updateId: number): Promise<void> {
  await db
    .updateTable("processed_updates")
    .set({ status: "done" })
    .where("update_id", "=", updateId)
    .execute();
}

export async function releaseUpdate(db: DB, updateId: number): Promise<void> {
  await db
    .deleteFrom("processed_updates")
    .where("update_id", "=", updateId)
    .where("status", "=", "processing")
    .execute();
}

/** Telegram never redelivers after 24 hours; older claims only take space. */
export async function pruneProcessedUpdates(db: DB, now: Date): Promise<void> {
  await db
    .deleteFrom("processed_updates")
    .where("claimed_at", "<", nowIso(new Date(now.getTime() - 2 * 24 * 3600_000)))
    .execute();
}
