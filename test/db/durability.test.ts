import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../src/db/migrations";
import { openNodeDatabase } from "../../src/db/node-client";
import { WalBarrier } from "../../src/db/wal-barrier";
import type { ClaimScope } from "../../src/bot/middleware";
import { Harness, textMessage } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

/** An fsync that finishes when the test says. */
function heldFsync() {
  const started: (() => void)[] = [];
  return {
    started,
    fsync: () => new Promise<void>((resolve) => started.push(resolve)),
    finishNext: () => started.shift()?.(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("group commit: the WAL barrier", () => {
  it("callers arriving while an fsync runs share the next one; none is released by an fsync that began before it", async () => {
    const held = heldFsync();
    const barrier = new WalBarrier("/nowhere-wal", held.fsync);
    let firstDone = false;
    const first = barrier.barrier().then(() => {
      firstDone = true;
    });
    const waiting = Array.from({ length: 10 }, () => barrier.barrier());
    let laterDone = 0;
    for (const w of waiting) void w.then(() => laterDone++);
    await tick();
    expect(held.started.length).toBe(1);
    held.finishNext();
    await first;
    await tick();
    expect(firstDone).toBe(true);
    // The ten arrived after the first fsync had begun: not covered by it.
    expect(laterDone).toBe(0);
    expect(held.started.length).toBe(1);
    held.finishNext();
    await Promise.all(waiting);
    expect(laterDone).toBe(10);
    expect(barrier.syncs).toBe(2);
  });

  it("a failed fsync fails its waiters, and the next caller gets a fresh one", async () => {
    let fail = true;
    const barrier = new WalBarrier("/nowhere-wal", async () => {
      if (fail) throw new Error("EIO");
    });
    await expect(barrier.barrier()).rejects.toThrow("EIO");
    fail = false;
    await expect(barrier.barrier()).resolves.toBeUndefined();
  });
});

describe("group commit: the barrier knows what was written", () => {
  it("a caller with nothing written since an fsync began shares it or needs none; a later write waits for the next", async () => {
    const held = heldFsync();
    let writes = 0;
    const barrier = new WalBarrier("/nowhere-wal", held.fsync, () => writes);
    writes = 1;
    const first = barrier.barrier();
    await tick();
    expect(held.started.length).toBe(1);
    // Nothing written since that fsync began: it covers this caller too.
    const sharing = barrier.barrier();
    writes = 2;
    const later = barrier.barrier();
    let laterDone = false;
    void later.then(() => {
      laterDone = true;
    });
    held.finishNext();
    await Promise.all([first, sharing]);
    await tick();
    expect(laterDone).toBe(false);
    held.finishNext();
    await later;
    expect(barrier.syncs).toBe(2);
    // Everything written is on disk: no fsync at all.
    await barrier.barrier();
    expect(barrier.syncs).toBe(2);
    expect(held.started.length).toBe(0);
  });
});

describe("group commit in the bot", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /**
   * A bot on a real database file whose barrier records the write count each fsync covered, and a Bot API that
   * records the write count at each call.
   */
  async function recordedOnFile(claims: ClaimScope) {
    dir = mkdtempSync(join(tmpdir(), "minyi-group-"));
    const handle = await openNodeDatabase(`file:${join(dir, "minyi.db")}`, undefined, "group");
    await migrateToLatest(handle.db);
    const syncedAt: number[] = [];
    const barrier = new WalBarrier(
      handle.walPath!,
      async () => {
        syncedAt.push(handle.writes!());
      },
      handle.writes,
    );
    const h = await Harness.create({ db: handle.db, durability: barrier, claims });
    const r = await seedBasicRoster(h);
    const writesAtCall: number[] = [];
    h.telegram.hooks.push(() => {
      writesAtCall.push(handle.writes!());
      return undefined;
    });
    return { handle, barrier, h, r, syncedAt, writesAtCall };
  }

  it("no reply leaves and no update is acknowledged before its writes are synced", async () => {
    const held = heldFsync();
    const h = await Harness.create({ durability: new WalBarrier("/nowhere-wal", held.fsync) });
    // The roster is written before the barrier is in the way of the test.
    const seeding = seedBasicRoster(h);
    const release = setInterval(() => held.finishNext(), 1);
    const r = await seeding;
    clearInterval(release);
    while (held.started.length > 0) held.finishNext();

    const before = h.telegram.calls.length;
    let answered = false;
    const response = h
      .post({
        message: r.member.message({
          text: "/help",
          entities: [{ type: "bot_command", offset: 0, length: 5 }],
        }),
      })
      .then((res) => {
        answered = true;
        return res;
      });
    for (let i = 0; i < 20 && held.started.length === 0; i++) await tick();
    expect(held.started.length).toBe(1);
    expect(h.telegram.calls.length).toBe(before);
    held.finishNext();
    for (let i = 0; i < 20 && held.started.length === 0; i++) await tick();
    // The reply went after the first fsync; the acknowledgement waits for one after the done mark.
    expect(h.telegram.calls.length).toBeGreaterThan(before);
    expect(answered).toBe(false);
    while (!answered) {
      held.finishNext();
      await tick();
    }
    expect((await response).status).toBe(200);
  });

  it("on a real file, updates in flight together share fsyncs, and every one is handled", async () => {
    dir = mkdtempSync(join(tmpdir(), "minyi-group-"));
    const url = `file:${join(dir, "minyi.db")}`;
    const handle = await openNodeDatabase(url, undefined, "group");
    const { db } = handle;
    await migrateToLatest(db);
    const barrier = new WalBarrier(handle.walPath!, undefined, handle.writes);
    const h = await Harness.create({ db, durability: barrier });
    const r = await seedBasicRoster(h);
    const syncsBefore = barrier.syncs;
    const people = [r.member, r.standing, r.informant, r.staff, r.leader];
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => people[i % people.length]!.send("/help")),
    );
    expect(responses.every((res) => res.status === 200)).toBe(true);
    const handled = await db
      .selectFrom("processed_updates")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "done")
      .executeTakeFirstOrThrow();
    expect(Number(handled.n)).toBeGreaterThanOrEqual(40);
    // One per reply and one per acknowledgement would be 80; sharing brings it well below.
    expect(barrier.syncs - syncsBefore).toBeLessThan(80);
  });

  it("on a real file, a write is synced before the reply that reports on it, and no fsync repeats one", async () => {
    const { handle, syncedAt, writesAtCall, r } = await recordedOnFile("database");
    syncedAt.length = 0;
    expect((await r.member.send("/new")).status).toBe(200);
    expect(writesAtCall.length).toBeGreaterThan(0);
    // Every call to the Bot API came after an fsync that covered every write made before it.
    for (const writes of writesAtCall)
      expect(Math.max(-1, ...syncedAt.filter((s) => s <= writes))).toBe(writes);
    // No two fsyncs covered the same writes.
    expect(new Set(syncedAt).size).toBe(syncedAt.length);
    await handle.close();
  });

  it("with claims in process memory, an update's own bookkeeping waits for no fsync; its writes still do", async () => {
    const { handle, syncedAt, writesAtCall, r, h, barrier } = await recordedOnFile("process");
    await r.member.send("/help");
    const syncsBefore = barrier.syncs;
    const help = { update_id: 771_001, message: r.member.message(textMessage("/help")) };
    expect((await h.post(help)).status).toBe(200);
    // Read-only: its attempt count and done mark are written, and nothing waits for them to be synced.
    expect(barrier.syncs).toBe(syncsBefore);
    const claim = await handle.db
      .selectFrom("processed_updates")
      .select("status")
      .where("update_id", "=", 771_001)
      .executeTakeFirst();
    expect(claim?.status).toBe("done");

    syncedAt.length = 0;
    writesAtCall.length = 0;
    expect((await r.member.send("/new")).status).toBe(200);
    expect(syncedAt.length).toBeGreaterThan(0);
    for (const writes of writesAtCall)
      expect(Math.max(-1, ...syncedAt.filter((s) => s <= writes))).toBe(writes);
    await handle.close();
  });

  it("with claims in process memory, people talking in a group wait for no fsync, seen for the first time or again", async () => {
    const { handle, h, r, barrier } = await recordedOnFile("process");
    const group = h.group(-1008);
    await r.member.send("/help");
    const syncsBefore = barrier.syncs;
    expect((await group.send(r.member, "大家好")).status).toBe(200);
    expect((await group.send(r.member, "今天下午开会")).status).toBe(200);
    expect(barrier.syncs).toBe(syncsBefore);
    const seen = await handle.db.selectFrom("chat_sightings").select("telegram_id").execute();
    expect(seen.map((s) => s.telegram_id)).toEqual([r.member.id]);
    await handle.close();
  });
});
