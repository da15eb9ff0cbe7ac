// The lease that makes one Node process the only one handling a database's updates. That process holds
// update claims in its memory and releases a predecessor's claims at start, which is only safe when it is
// alone: a second process on the same database would answer the same update twice.
import { type DB, nowIso } from "./database";

/** The lease's row; one bot per database, so one name. */
const LEASE = "bot";

export interface LeaseHolder {
  holder: string;
  host: string;
  pid: number;
  startedAt: string;
  heartbeatAt: string;
  expiresAt: string;
}

export interface Claimant {
  holder: string;
  host: string;
  pid: number;
}

export type LeaseResult = { taken: true; tookOver?: LeaseHolder } | { taken: false; heldBy: LeaseHolder };

export async function currentLease(db: DB): Promise<LeaseHolder | undefined> {
  const row = await db.selectFrom("instance_lease").selectAll().where("name", "=", LEASE).executeTakeFirst();
  if (!row) return undefined;
  return {
    holder: row.holder,
    host: row.host,
    pid: row.pid,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Takes the lease if nobody holds it, its holder let it expire, or `isGone` says its holder is dead. The swap
 * names the holder it replaces, so of two processes starting at once only one gets it.
 */
export async function takeLease(
  db: DB,
  me: Claimant,
  now: Date,
  ttlMs: number,
  isGone: (holder: LeaseHolder) => boolean,
): Promise<LeaseResult> {
  const expiresAt = nowIso(new Date(now.getTime() + ttlMs));
  const row = {
    holder: me.holder,
    host: me.host,
    pid: me.pid,
    started_at: nowIso(now),
    heartbeat_at: nowIso(now),
  };
  const held = await currentLease(db);
  if (!held) {
    await db
      .insertInto("instance_lease")
      .values({ name: LEASE, ...row, expires_at: expiresAt })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
  } else if (held.holder !== me.holder && (held.expiresAt < nowIso(now) || isGone(held))) {
    await db
      .updateTable("instance_lease")
      .set({ ...row, expires_at: expiresAt })
      .where("name", "=", LEASE)
      .where("holder", "=", held.holder)
      .execute();
  }
  const after = await currentLease(db);
  if (after?.holder === me.holder)
    return held && held.holder !== me.holder ? { taken: true, tookOver: held } : { taken: true };
  if (!after) return takeLease(db, me, now, ttlMs, isGone);
  return { taken: false, heldBy: after };
}

/**
 * Extends the lease; false when this process no longer holds it (another took it over after it expired, e.g.
 * while this one was stopped in a debugger). An expired lease nobody took is still this process's.
 */
export async function renewLease(db: DB, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const result = await db
    .updateTable("instance_lease")
    .set({ heartbeat_at: nowIso(now), expires_at: nowIso(new Date(now.getTime() + ttlMs)) })
    .where("name", "=", LEASE)
    .where("holder", "=", holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the lease up on a clean stop, so the next start need not wait for it to expire. */
export async function releaseLease(db: DB, holder: string): Promise<void> {
  await db.deleteFrom("instance_lease").where("name", "=", LEASE).where("holder", "=", holder).execute();
}
