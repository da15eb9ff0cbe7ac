// Housekeeping that is no one's job: update claims and attempt counts older than Telegram's redelivery window
// (src/db/updates.ts) are deleted, so processed_updates and update_attempts stay small. Node runs it at start and
// every few hours (src/main.ts); the Worker on each Cron Trigger, every 15 minutes (src/worker.ts).
import type { DB } from "../db/database";
import { pruneProcessedUpdates } from "../db/updates";
import type { Logger } from "../logger";

/** How often Node runs it. */
export const HOUSEKEEPING_EVERY_MS = 6 * 3600_000;

export async function housekeeping(db: DB, log: Logger, now: Date): Promise<number> {
  try {
    const pruned = await pruneProcessedUpdates(db, now);
    if (pruned > 0) log.info("pruned old update claims and attempt counts", { rows: pruned });
    return pruned;
  } catch (error) {
    log.warn("housekeeping failed; next time", { error });
    return 0;
  }
}
