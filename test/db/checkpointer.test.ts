// WAL checkpoints on their own thread (src/db/checkpointer.ts), on a real database file.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { WalCheckpointer } from "../../src/db/checkpointer";
import { migrateToLatest } from "../../src/db/migrations";
import { type DatabaseHandle, openNodeDatabase } from "../../src/db/node-client";
import { createLogger } from "../../src/logger";

let dir: string | undefined;
let handle: DatabaseHandle | undefined;
let checkpointer: WalCheckpointer | undefined;

afterEach(async () => {
  await checkpointer?.close();
  await handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  checkpointer = undefined;
  handle = undefined;
  dir = undefined;
});

async function openFile() {
  dir = mkdtempSync(join(tmpdir(), "minyi-checkpoint-"));
  const path = join(dir, "minyi.db");
  handle = await openNodeDatabase(`file:${path}`, undefined, "group");
  await migrateToLatest(handle.db);
  return { path, db: handle.db, writes: handle.writes! };
}

async function autocheckpoint(db: DatabaseHandle["db"]): Promise<number> {
  const { rows } = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(db);
  return rows[0]!.wal_autocheckpoint;
}

/** The rows writeMany stored. */
async function storedRows(db: DatabaseHandle["db"]): Promise<number> {
  const stored = await db
    .selectFrom("processed_updates")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(stored.n);
}

/** Many small commits, as updates make them: each a few pages of WAL. */
async function writeMany(db: DatabaseHandle["db"], count: number, from = 0) {
  for (let i = 0; i < count; i++)
    await db
      .insertInto("processed_updates")
      .values({ update_id: from + i, status: "done", claimed_at: new Date().toISOString() })
      .execute();
}

/**
 * A checkpointer that cuts WALs over `limit`, then an import (`rows` rows in one statement, megabytes of WAL)
 * copied back by it. Returns the WAL's size then.
 */
async function afterImport(rows: number, limit: number, shrinkAfterIdleMs: number) {
  const { path, db, writes } = await openFile();
  checkpointer = await WalCheckpointer.start(db, path, writes, createLogger("silent"), {
    everyMs: 60_000,
    walLimitBytes: limit,
    shrinkAfterIdleMs,
  });
  await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
    INSERT INTO processed_updates (update_id, status, claimed_at) SELECT i, 'done', '2026-12-07' FROM n`.execute(
    db,
  );
  await checkpointer.checkpointIfWritten();
  const walSize = () => statSync(`${path}-wal`).size;
  return { db, checkpointer, walSize, grown: walSize() };
}

describe("WAL checkpoints on their own thread", () => {
  it("the bot's connection no longer checkpoints; the thread copies the WAL back when something was written", async () => {
    const { path, db, writes } = await openFile();
    checkpointer = await WalCheckpointer.start(db, path, writes, createLogger("silent"), { everyMs: 60_000 });
    expect(await autocheckpoint(db)).toBe(0);

    // More than SQLite's 1,000 pages: its own checkpoint would have run on this thread, inside a commit.
    await writeMany(db, 1500);
    await checkpointer.checkpointIfWritten();
    expect(checkpointer.runs).toBe(1);
    expect(checkpointer.last!.log).toBeGreaterThan(1000);
    expect(checkpointer.last!.checkpointed).toBe(checkpointer.last!.log);
    // Nothing written since: no second run.
    await checkpointer.checkpointIfWritten();
    expect(checkpointer.runs).toBe(1);

    // Once everything was copied, the WAL starts over instead of growing.
    const size = statSync(`${path}-wal`).size;
    await writeMany(db, 1500, 10_000);
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(size);
    await checkpointer.checkpointIfWritten();
    expect(checkpointer.runs).toBe(2);
    expect(await storedRows(db)).toBe(3000);
  });

  it("cuts a WAL a large write grew back on the thread once the bot is idle, never in the bot's next commit", async () => {
    const limit = 256 * 1024;
    const { db, checkpointer, walSize, grown } = await afterImport(40_000, limit, 0);
    expect(grown).toBeGreaterThan(4 * limit);
    expect(checkpointer.last!.checkpointed).toBe(checkpointer.last!.log);

    // The bot's next commit starts the WAL over without cutting it: that ftruncate would run on its event loop.
    await writeMany(db, 1, 100_000);
    expect(walSize()).toBe(grown);
    await checkpointer.checkpointIfWritten();
    expect(checkpointer.shrinks).toBe(0);

    // Nothing written since that checkpoint: the thread cuts it.
    await checkpointer.checkpointIfWritten();
    expect(checkpointer.shrinks).toBe(1);
    expect(walSize()).toBe(0);
    // Small again: nothing more to do, and writing goes on as before.
    await checkpointer.checkpointIfWritten();
    expect(checkpointer.shrinks).toBe(1);
    await writeMany(db, 10, 200_000);
    await checkpointer.checkpointIfWritten();
    expect(await storedRows(db)).toBe(40_011);
  });

  it("leaves the WAL as it is until the bot has written nothing for a while", async () => {
    const { checkpointer, walSize, grown } = await afterImport(10_000, 64 * 1024, 60_000);
    await checkpointer.checkpointIfWritten();
    expect(checkpointer.shrinks).toBe(0);
    expect(walSize()).toBe(grown);
  });

  it("does not cut the WAL while the bot is in a transaction; the next idle turn does", async () => {
    const limit = 64 * 1024;
    const { db, checkpointer, walSize, grown } = await afterImport(10_000, limit, 0);
    expect(grown).toBeGreaterThan(limit);
    await db.transaction().execute(async (trx) => {
      await sql`SELECT count(*) FROM processed_updates`.execute(trx);
      await checkpointer.checkpointIfWritten();
      expect(checkpointer.shrinks).toBe(0);
      expect(walSize()).toBe(grown);
    });
    // The transaction's commit counts as a write: a checkpoint first, then the cut.
    await checkpointer.checkpointIfWritten();
    await checkpointer.checkpointIfWritten();
    expect(checkpointer.shrinks).toBe(1);
    expect(walSize()).toBe(0);
  });

  it("turns SQLite's own checkpoints back on when the thread stops", async () => {
    const { path, db, writes } = await openFile();
    const logged: string[] = [];
    const log = createLogger("silent");
    // A thread that dies as it starts (its entry throws), as one killed by a fault would.
    checkpointer = await WalCheckpointer.start(
      db,
      path,
      writes,
      { ...log, warn: (message: string) => void logged.push(message) },
      {
        everyMs: 60_000,
        threadEntry: fileURLToPath(new URL("../fixtures/thread-that-dies.mjs", import.meta.url)),
      },
    );
    await expect.poll(() => autocheckpoint(db)).toBe(1000);
    expect(logged.join("\n")).toContain("checkpoint thread stopped");
  });
});
