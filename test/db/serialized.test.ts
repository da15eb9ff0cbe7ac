import { describe, expect, it } from "vitest";
import { nowIso } from "../../src/db/database";
import { memoryDatabase } from "../support/harness";

describe("a local database takes turns", () => {
  it("lets queries wait for an open transaction instead of failing with TRANSACTION_ACTIVE", async () => {
    const db = await memoryDatabase();
    const at = nowIso(new Date("2026-05-01T00:00:00Z"));
    const order: string[] = [];
    await Promise.all([
      db.transaction().execute(async (trx) => {
        await trx.insertInto("units").values({ name: "甲", type: "other", created_at: at }).execute();
        order.push("trx-1");
        await trx.insertInto("units").values({ name: "乙", type: "other", created_at: at }).execute();
        order.push("trx-2");
      }),
      (async () => {
        for (let i = 0; i < 3; i++) {
          const units = await db.selectFrom("units").select("name").execute();
          order.push(`read-${units.length}`);
        }
      })(),
    ]);
    // Reads never see the transaction half done.
    expect(order.filter((o) => o.startsWith("read")).every((o) => o === "read-0" || o === "read-2")).toBe(
      true,
    );
    expect(order).toHaveLength(5);
  });

  it("releases its turn when a transaction fails", async () => {
    const db = await memoryDatabase();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.selectFrom("units").selectAll().execute();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.selectFrom("units").selectAll().execute()).toEqual([]);
  });
});
