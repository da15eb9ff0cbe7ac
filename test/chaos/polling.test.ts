// Long polling that confirms an update to Telegram only once it is handled (src/bot/polling.ts), in-process
// against the fake Bot API: Telegram keeps an update until an offset past it is asked for. A failing update is
// handed out again, as Telegram redelivers to a webhook; one that fails every time is given up in the end and
// does not hold the others back; stopping waits for the update in hand and confirms what was handled.
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { runReliablePolling } from "../../src/bot/polling";
import { ALLOWED_UPDATES } from "../../src/server";
import { Typist } from "../support/chaos";
import { faultyMemoryDatabase } from "../support/faulty-db";
import { Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

async function world() {
  const { db, faults } = await faultyMemoryDatabase();
  const h = await Harness.create({ db });
  await seedBasicRoster(h);
  h.telegram.reset();
  const offsets: number[] = [];
  h.telegram.hooks.push((call) => {
    if (call.method === "getUpdates") offsets.push(Number(call.payload.offset ?? 0));
    return undefined;
  });
  const givenUp: number[] = [];
  const polling = runReliablePolling(h.minyi.bot, {
    allowedUpdates: ALLOWED_UPDATES,
    maxAttempts: 3,
    retryDelayMs: () => 20,
    pollWhileBusyMs: 10,
    onGiveUp: (update) => givenUp.push(update.update_id),
  });
  const done = async (update: Update, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const row = await db
        .selectFrom("processed_updates")
        .select("status")
        .where("update_id", "=", update.update_id)
        .executeTakeFirst();
      if (row?.status === "done") return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return false;
  };
  return { h, db, faults, polling, givenUp, done, offsets };
}

describe("reliable long polling", () => {
  it("handles every update once, in each chat's order, and confirms only what was handled", async () => {
    const { h, polling, done, offsets } = await world();
    const a = new Typist(102, "李华");
    const b = new Typist(103, "王芳");
    const updates = [a.text("/help"), b.text("/help"), a.text("/my"), b.text("你好"), a.text("/drafts")];
    for (const update of updates) h.telegram.pushUpdate(update);
    for (const update of updates) expect(await done(update)).toBe(true);
    await polling.stop();
    // Each got one answer, and Telegram was told all five were handled (nothing left to fetch).
    expect(h.telegram.textsTo(102)).toHaveLength(3);
    expect(h.telegram.textsTo(103)).toHaveLength(2);
    expect(offsets.at(-1)).toBe(updates.at(-1)!.update_id + 1);
  });

  it("hands a failed update out again until it goes through, and gives one up that always fails", async () => {
    const { h, faults, polling, givenUp, done, offsets } = await world();
    const a = new Typist(102, "李华");
    const flaky = a.text("/help");
    // The first two attempts fail (the database), the third goes through.
    faults.arm({ sql: /user_prefs/, times: 2 });
    h.telegram.pushUpdate(flaky);
    expect(await done(flaky)).toBe(true);
    expect(faults.injected).toBe(2);
    faults.clear();
    // A poison update: every attempt fails. It is given up after 3, and the next update is not held back.
    const poison = a.text("/my");
    const after = a.text("/drafts");
    faults.arm({ sql: /report_authors/, times: 1_000 });
    h.telegram.pushUpdate(poison);
    h.telegram.pushUpdate(after);
    expect(await done(after)).toBe(true);
    const deadline = Date.now() + 5_000;
    while (givenUp.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(givenUp).toEqual([poison.update_id]);
    faults.clear();
    await polling.stop();
    expect(offsets.at(-1)).toBe(after.update_id + 1);
  });
});
