import { beforeEach, describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { currentLease, releaseLease, renewLease, takeLease } from "../../src/db/lease";
import { memoryDatabase } from "../support/harness";

const TTL = 60_000;
const at = (seconds: number) => new Date(Date.UTC(2026, 5, 1, 8, 0, seconds));
const first = { holder: "host-a:100:x", host: "host-a", pid: 100 };
const second = { holder: "host-b:200:y", host: "host-b", pid: 200 };
const alive = () => false;

describe("the instance lease", () => {
  let db: DB;
  beforeEach(async () => {
    db = await memoryDatabase();
  });

  it("is taken by the first process and refused to a second while the first renews it", async () => {
    expect(await takeLease(db, first, at(0), TTL, alive)).toEqual({ taken: true });
    expect(await renewLease(db, first.holder, at(50), TTL)).toBe(true);
    const refused = await takeLease(db, second, at(100), TTL, alive);
    expect(refused.taken).toBe(false);
    expect(refused.taken === false && refused.heldBy).toMatchObject({
      host: "host-a",
      pid: 100,
      startedAt: at(0).toISOString(),
      heartbeatAt: at(50).toISOString(),
      expiresAt: new Date(at(50).getTime() + TTL).toISOString(),
    });
  });

  it("is taken over once expired, and the old holder learns it lost the lease", async () => {
    await takeLease(db, first, at(0), TTL, alive);
    const taken = await takeLease(db, second, at(61), TTL, alive);
    expect(taken).toMatchObject({ taken: true, tookOver: { holder: first.holder } });
    expect(await renewLease(db, first.holder, at(62), TTL)).toBe(false);
    expect((await currentLease(db))?.holder).toBe(second.holder);
  });

  it("is taken over at once from a holder known to be gone", async () => {
    await takeLease(db, first, at(0), TTL, alive);
    const taken = await takeLease(db, second, at(1), TTL, (held) => held.pid === 100);
    expect(taken.taken).toBe(true);
  });

  it("an expired lease nobody took is still its holder's", async () => {
    await takeLease(db, first, at(0), TTL, alive);
    expect(await renewLease(db, first.holder, at(300), TTL)).toBe(true);
  });

  it("released on a clean stop, it is free for the next start", async () => {
    await takeLease(db, first, at(0), TTL, alive);
    await releaseLease(db, first.holder);
    expect(await takeLease(db, second, at(1), TTL, alive)).toEqual({ taken: true });
  });
});
