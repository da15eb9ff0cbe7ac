// Update claims and attempt counts past Telegram's redelivery window are pruned by the housekeeping Node runs
// every six hours and the Worker on each Cron Trigger; recent ones, which a redelivery may still need, stay.
import { describe, expect, it } from "vitest";
import { housekeeping } from "../../src/jobs/housekeeping";
import { createLogger } from "../../src/logger";
import { memoryDatabase } from "../support/harness";

describe("housekeeping", () => {
  it("prunes update claims and attempt counts older than two days, keeps the rest, and says how many", async () => {
    const db = await memoryDatabase();
    const now = new Date("2026-12-06T12:00:00.000Z");
    const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3600_000).toISOString();
    await db
      .insertInto("processed_updates")
      .values([
        { update_id: 1, status: "done", claimed_at: at(24 * 30) },
        { update_id: 2, status: "done", claimed_at: at(49) },
        { update_id: 3, status: "done", claimed_at: at(47) },
        { update_id: 4, status: "processing", claimed_at: at(1) },
      ])
      .execute();
    await db
      .insertInto("update_attempts")
      .values([
        { update_id: 1, attempts: 3, failures: 3, last_error: "boom", last_attempt_at: at(24 * 30) },
        { update_id: 3, attempts: 1, failures: 0, last_error: null, last_attempt_at: at(47) },
      ])
      .execute();
    const lines: Record<string, unknown>[] = [];
    const log = createLogger("info", [], (line) => lines.push(JSON.parse(line)));

    expect(await housekeeping(db, log, now)).toBe(3);
    const claims = await db
      .selectFrom("processed_updates")
      .select("update_id")
      .orderBy("update_id")
      .execute();
    expect(claims.map((r) => r.update_id)).toEqual([3, 4]);
    const attempts = await db.selectFrom("update_attempts").select("update_id").execute();
    expect(attempts.map((r) => r.update_id)).toEqual([3]);
    expect(lines).toEqual([
      expect.objectContaining({ message: "pruned old update claims and attempt counts", rows: 3 }),
    ]);

    // Nothing left to prune: nothing said.
    expect(await housekeeping(db, log, now)).toBe(0);
    expect(lines).toHaveLength(1);
  });
});
