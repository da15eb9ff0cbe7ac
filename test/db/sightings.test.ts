import { describe, expect, it } from "vitest";
import { recordSighting, SIGHTING_REFRESH_MS } from "../../src/db/chats";
import { memoryDatabase, recordingDatabase } from "../support/harness";

describe("group sightings", () => {
  it("records a first sighting and refreshes it only once it is an hour old", async () => {
    const db = await memoryDatabase();
    const seen = async () =>
      (
        await db
          .selectFrom("chat_sightings")
          .select("last_seen_at")
          .where("chat_id", "=", -100)
          .where("telegram_id", "=", 7)
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    const first = new Date("2026-05-15T02:00:00Z");
    await recordSighting(db, -100, 7, first);
    expect(await seen()).toBe(first.toISOString());

    await recordSighting(db, -100, 7, new Date(first.getTime() + SIGHTING_REFRESH_MS - 1));
    expect(await seen()).toBe(first.toISOString());

    const later = new Date(first.getTime() + SIGHTING_REFRESH_MS + 1);
    await recordSighting(db, -100, 7, later);
    expect(await seen()).toBe(later.toISOString());

    await recordSighting(db, -100, 8, later);
    const all = await db.selectFrom("chat_sightings").select("telegram_id").orderBy("telegram_id").execute();
    expect(all.map((r) => r.telegram_id)).toEqual([7, 8]);
  });

  it("runs no statement for a sighting this process wrote within the hour, and asks for one it did not write", async () => {
    const { db, close, executed } = await recordingDatabase();
    const sightingStatements = () => executed.filter((text) => text.includes("chat_sightings")).length;
    const first = new Date("2026-05-15T02:00:00Z");
    const minutes = (n: number) => new Date(first.getTime() + n * 60_000);
    await recordSighting(db, -100, 7, first);
    await recordSighting(db, -100, 7, minutes(10));
    await recordSighting(db, -100, 7, minutes(59));
    expect(sightingStatements()).toBe(1);
    await recordSighting(db, -100, 7, minutes(61));
    expect(sightingStatements()).toBe(2);

    // Written by the process before a restart (here: another writer), fresh: asked about until refreshed here.
    await db
      .insertInto("chat_sightings")
      .values({ chat_id: -100, telegram_id: 8, last_seen_at: minutes(50).toISOString() })
      .execute();
    executed.length = 0;
    await recordSighting(db, -100, 8, minutes(60));
    await recordSighting(db, -100, 8, minutes(70));
    expect(sightingStatements()).toBe(2);
    await recordSighting(db, -100, 8, minutes(111));
    await recordSighting(db, -100, 8, minutes(120));
    expect(sightingStatements()).toBe(3);
    const row = await db
      .selectFrom("chat_sightings")
      .select("last_seen_at")
      .where("telegram_id", "=", 8)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at).toBe(minutes(111).toISOString());
    await close();
  });
});
