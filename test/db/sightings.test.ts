import { describe, expect, it } from "vitest";
import { recordSighting, SIGHTING_REFRESH_MS } from "../../src/db/chats";
import { memoryDatabase } from "../support/harness";

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
});
