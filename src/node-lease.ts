// One Node process per database: `npm start` takes the database's lease before handling any update (in long
// polling and webhook mode alike) and keeps it with a heartbeat. A second process on the same database refuses
// to start, saying who holds it; a holder that died (its process is gone on this host, or its lease expired) is
// taken over. The Worker holds claims in the database and needs no lease: its isolates may run side by side.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { DB } from "./db/database";
import { type LeaseHolder, releaseLease, renewLease, takeLease } from "./db/lease";
import type { Logger } from "./logger";

/** A holder that stopped renewing for this long is taken to be dead, wherever it ran. */
export const LEASE_TTL_MS = 60_000;
const HEARTBEAT_MS = 15_000;

/** Whether the holder is known to be dead: it ran on this host and its process is gone (or is this one). */
function isGone(holder: LeaseHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  return isZombie(holder.pid);
}

/**
 * A killed process stays in the table as a zombie until its parent reaps it, and in a container whose first
 * process does not reap orphans it stays there for good; signal 0 still reaches it. Linux says so in /proc.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

export function refusal(held: LeaseHolder, databaseUrl: string): string {
  return [
    `Another Minyi process already handles this database (${databaseUrl.split("?")[0]}): process ${held.pid} on host ` +
      `${held.host}, running since ${held.startedAt}, last heard from at ${held.heartbeatAt}.`,
    "Two processes on one database would answer the same update twice, so this one does not start.",
    `To proceed: stop that process first (on ${held.host}: kill ${held.pid}), or give this one another ` +
      `DATABASE_URL. If that process is gone with its machine, the database is free after ${held.expiresAt}; ` +
      "start again then.",
  ].join("\n");
}

export interface HeldLease {
  release(): Promise<void>;
}

/** Takes the lease or exits with the refusal; then renews it until released, exiting if another took it. */
export async function holdInstanceLease(db: DB, log: Logger, databaseUrl: string): Promise<HeldLease> {
  const me = { holder: `${hostname()}:${process.pid}:${randomUUID()}`, host: hostname(), pid: process.pid };
  const result = await takeLease(db, me, new Date(), LEASE_TTL_MS, isGone);
  if (!result.taken) {
    process.stderr.write(`${refusal(result.heldBy, databaseUrl)}\n`);
    process.exit(1);
  }
  if (result.tookOver)
    log.warn("took over the database from a process that is gone", {
      host: result.tookOver.host,
      pid: result.tookOver.pid,
      lastHeartbeat: result.tookOver.heartbeatAt,
    });
  const timer = setInterval(() => {
    renewLease(db, me.holder, new Date(), LEASE_TTL_MS).then(
      (held) => {
        if (held) return;
        log.error("another process took this database over; stopping so updates are not handled twice");
        process.exit(1);
      },
      (error) => log.warn("could not renew the database lease", { error }),
    );
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await releaseLease(db, me.holder);
    },
  };
}
