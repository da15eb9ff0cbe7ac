// Keeping the statistics counters on the settings' basis: a changed time zone or own level starts a recount,
// which goes on in batches (the Node process between updates, the Worker's scheduled runs, or a reader).
import { nextBatchSize } from "../domain/pacing";
import type { DB } from "./database";
import type { StatsSettings } from "./stats-query";
import { recountStatsBatch, startStatsRecount, statsBasis, statsRecountProgress } from "./stats-store";

/** Settings the counters are built on: changing one recounts them (ensureStatsCurrent). */
export function isStatsBasisKey(key: string): key is "timeZone" | "ownLevel" {
  return key === "timeZone" || key === "ownLevel";
}

/**
 * Starts recounting when the time zone or the own level the counters were built for has changed; the recount
 * then goes on in batches (continueStatsRecount: the Node process's background work, the Worker's scheduled
 * runs, or any reader through ensureStatsCurrent). Returns whether it started one.
 */
export async function requestStatsRecount(
  db: DB,
  settings: StatsSettings,
  now = new Date(),
): Promise<boolean> {
  const basis = await statsBasis(db);
  if (basis?.timeZone === settings.timeZone && basis.ownLevel === settings.ownLevel) return false;
  return db.transaction().execute(async (trx) => {
    const again = await statsBasis(trx);
    if (again?.timeZone === settings.timeZone && again.ownLevel === settings.ownLevel) return false;
    await startStatsRecount(trx, { timeZone: settings.timeZone, ownLevel: settings.ownLevel }, now);
    return true;
  });
}

/** The batch size follows what the last one took, aiming at 20 ms of the event loop. */
const RECOUNT_PACE = { targetMs: 20, min: 10, max: 20_000 };
let recountIds = 200;

/**
 * One batch of the recount in progress, in its own transaction, sized to take about RECOUNT_PACE's target.
 * Returns how many ids it covered (0: no recount left).
 */
export async function continueStatsRecount(db: DB): Promise<number> {
  if ((await statsRecountProgress(db)) === undefined) return 0;
  const started = Date.now();
  const ids = recountIds;
  const done = await db.transaction().execute((trx) => recountStatsBatch(trx, ids));
  recountIds = nextBatchSize(ids, Date.now() - started, RECOUNT_PACE);
  return done;
}

/** How far a recount is (0..1), for /stats to say so; undefined when the counters are current. */
export async function statsRecounting(db: DB): Promise<number | undefined> {
  return statsRecountProgress(db);
}

/**
 * Counters on the current settings' basis: starts a recount if the basis changed and finishes one in progress
 * batch by batch, letting other work run between batches. Readers that would rather say that the figures are
 * being recounted ask statsRecounting first.
 */
export async function ensureStatsCurrent(db: DB, settings: StatsSettings, now = new Date()): Promise<void> {
  await requestStatsRecount(db, settings, now);
  while ((await continueStatsRecount(db)) > 0) await new Promise((resolve) => setTimeout(resolve, 0));
}
