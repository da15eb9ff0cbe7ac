// Claims on incoming update ids, so a redelivered update is handled once. A claim becomes "done" only
// after the handlers finished; a failed update's claim is released so Telegram's redelivery runs it.
import { type DB, nowIso } from "./database";

/**
 * A claim left "processing" this long belongs to a process that died mid-update (or whose database failed
 * while releasing it); it may be taken over. Longer than the webhook's own time limit (55 s).
 */
export const STALE_CLAIM_MS = 60_000;

/**
 * "claimed": this delivery handles the update. "done": it was handled before; skip it. "busy": another
 * delivery holds a fresh claim (it is being handled, or its process just died): not handled yet, so the
 * caller must not acknowledge it; Telegram delivers it again and a later delivery finds it done or stale.
 */
export type Claim = "claimed" | "done" | "busy";

export async function claimUpdate(db: DB, updateId: number, now: Date): Promise<Claim> {
  const inserted = await db
    .insertInto("processed_updates")
    .values({ update_id: updateId, status: "processing", claimed_at: nowIso(now) })
    .onConflict((oc) => oc.column("update_id").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return "claimed";
  const takenOver = await db
    .updateTable("processed_updates")
    .set({ claimed_at: nowIso(now) })
    .where("update_id", "=", updateId)
    .where("status", "=", "processing")
    .where("claimed_at", "<", nowIso(new Date(now.getTime() - STALE_CLAIM_MS)))
    .executeTakeFirst();
  if (Number(takenOver.numUpdatedRows) === 1) return "claimed";
  const row = await db
    .selectFrom("processed_updates")
    .select("status")
    .where("update_id", "=", updateId)
    .executeTakeFirst();
  // Released between our two statements: try again from the start.
  if (!row) return claimUpdate(db, updateId, now);
  return row.status === "done" ? "done" : "busy";
}

/** Whether the update was handled before (its claim is done). A read: for a process that claims in memory. */
export async function isUpdateDone(db: DB, updateId: number): Promise<boolean> {
  const row = await db
    .selectFrom("processed_updates")
    .select("status")
    .where("update_id", "=", updateId)
    .executeTakeFirst();
  return row?.status === "done";
}

/** Records a handled update as done in one statement, for a process that claimed it in memory. */
export async function markUpdateDone(db: DB, updateId: number, now: Date): Promise<void> {
  await db
    .insertInto("processed_updates")
    .values({ update_id: updateId, status: "done", claimed_at: nowIso(now) })
    .onConflict((oc) => oc.column("update_id").doUpdateSet({ status: "done" }))
    .execute();
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

/**
 * Releases every claim still "processing". Only for a process that alone handles this bot's updates (the Node
 * entry: one long-polling consumer, or the one webhook server) and only before it handles any: such claims were
 * left by a predecessor that was killed mid-update, and Telegram's redelivery must run them now, not in a minute.
 */
export async function releaseAbandonedClaims(db: DB): Promise<number> {
  const released = await db
    .deleteFrom("processed_updates")
    .where("status", "=", "processing")
    .executeTakeFirst();
  return Number(released.numDeletedRows);
}

/** Telegram never redelivers after 24 hours; older claims only take space. */
export async function pruneProcessedUpdates(db: DB, now: Date): Promise<void> {
  await db
    .deleteFrom("processed_updates")
    .where("claimed_at", "<", nowIso(new Date(now.getTime() - 2 * 24 * 3600_000)))
    .execute();
}
