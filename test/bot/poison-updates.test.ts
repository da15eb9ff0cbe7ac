// An update whose handling fails again and again is given up after MAX_UPDATE_ATTEMPTS attempts: kept whole for
// the operator, its sender told in their language, and the bot goes on. (Database outages not counting is
// exercised by test/chaos/db-faults.test.ts, whose faulted deliveries must all be retried.)
import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n";
import { MAX_UPDATE_ATTEMPTS } from "../../src/bot/middleware";
import { listQuarantinedUpdates } from "../../src/db/updates";
import { readLocales } from "../../src/node-runtime";
import { Harness } from "../support/harness";

const i18n = createI18n(readLocales());

describe("poison updates", () => {
  it("gives an update up after repeated failures and answers the next one", async () => {
    const h = await Harness.create();
    const notice = { zh: i18n.t("zh", "update-given-up"), en: i18n.t("en", "update-given-up") };
    // Telegram refuses every answer to this person except the notice: their update can never succeed.
    h.telegram.hooks.push((call) =>
      call.payload.chat_id === 666 && call.method === "sendMessage" && call.payload.text !== notice.en
        ? { ok: false, error_code: 400, description: "Bad Request: message is malformed" }
        : undefined,
    );
    const poisoned = { update_id: 880001, message: messageFrom(666, "/start", "en") };
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++)
      expect((await h.post(poisoned)).status, `attempt ${attempt}`).toBeGreaterThanOrEqual(500);
    expect((await h.post(poisoned)).status).toBe(200);
    expect(h.telegram.textsTo(666)).toContain(notice.en);

    const [kept] = await listQuarantinedUpdates(h.db);
    expect(kept?.update_id).toBe(880001);
    expect(kept?.attempts).toBe(MAX_UPDATE_ATTEMPTS);
    expect(JSON.parse(kept!.update_json).message.text).toBe("/start");
    expect(kept?.cause).toContain("message is malformed");
    const claim = await h.db
      .selectFrom("processed_updates")
      .select("status")
      .where("update_id", "=", 880001)
      .executeTakeFirst();
    expect(claim?.status).toBe("done");
    // Delivered again later: skipped as done, nobody told twice.
    const notices = h.telegram.textsTo(666).length;
    expect((await h.post(poisoned)).status).toBe(200);
    expect(h.telegram.textsTo(666).length).toBe(notices);

    // Someone else is answered as usual.
    const other = h.user(777, { languageCode: "zh" });
    expect((await other.send("/start")).status).toBe(200);
    expect(h.telegram.textsTo(777).length).toBeGreaterThan(0);
  });
});

function messageFrom(id: number, text: string, languageCode: string) {
  return {
    message_id: 1,
    date: 1_780_000_000,
    chat: { id, type: "private" as const, first_name: "Test" },
    from: { id, is_bot: false, first_name: "Test", language_code: languageCode },
    text,
  };
}
