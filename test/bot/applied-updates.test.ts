// With claims held in process memory (as `npm start` runs), a step of the report flow marks its update applied
// in the step's own transaction: no done mark follows it, and a delivery of it again — its answer failed, or
// the process died before answering — shows where the draft stands instead of applying it twice.
import { beforeEach, describe, expect, it } from "vitest";
import { createI18n, translator } from "../../src/bot/i18n";
import { readLocales } from "../../src/node-runtime";
import { type ChatUser, Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

const t = translator(createI18n(readLocales()), "zh");

describe("updates marked applied in their step's transaction", () => {
  let h: Harness;
  let author: ChatUser;
  beforeEach(async () => {
    h = await Harness.create({ claims: "process" });
    ({ standing: author } = await seedBasicRoster(h));
    await author.send("/new");
    await author.send("关于加强农村饮水安全管理的建议");
    await author.press(author.buttonData("教育"));
    await author.send("某村饮水困难，涉及1200人。");
    await author.press(author.buttonData(t("submit-button-section-done")));
    await author.send("建议建立水质定期检测制度。");
  });

  const draft = () => h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
  const claimOf = async (updateId: number) =>
    (
      await h.db
        .selectFrom("processed_updates")
        .select("status")
        .where("update_id", "=", updateId)
        .executeTakeFirst()
    )?.status;

  function urgencyPress(updateId: number) {
    return {
      update_id: updateId,
      callback_query: {
        id: `cb-${updateId}`,
        from: author.from,
        chat_instance: "ci",
        data: author.buttonData(t("submit-button-urgent-off")),
        message: {
          message_id: 1000,
          date: 0,
          chat: { id: author.id, type: "private" as const, first_name: author.from.first_name },
        },
      },
    };
  }

  it("a press whose answer failed is shown again on its redelivery, not applied twice", async () => {
    expect((await draft()).urgent).not.toBe(1);
    let telegramDown = true;
    // The press's answer rides in the webhook's response; showing the draft (an edit, else a new message) fails.
    h.telegram.hooks.push((call) =>
      telegramDown && (call.method === "editMessageText" || call.method === "sendMessage")
        ? { ok: false, error_code: 400, description: "Bad Request: chat not found" }
        : undefined,
    );
    const press = urgencyPress(990_001);
    expect((await h.post(press)).status).not.toBe(200);
    // The toggle committed with its mark; its answer did not go out.
    expect((await draft()).urgent).toBe(1);
    expect(await claimOf(990_001)).toBe("applied");

    telegramDown = false;
    const callsBefore = h.telegram.calls.length;
    expect((await h.post(press)).status).toBe(200);
    // Still urgent: a second toggle would have turned it off.
    expect((await draft()).urgent).toBe(1);
    const again = h.telegram.calls.slice(callsBefore);
    expect(again.map((c) => c.method)).toEqual(["editMessageText", "answerCallbackQuery"]);
    expect(JSON.stringify(again[0]!.payload.reply_markup)).toContain(t("submit-button-urgent-on"));
  });

  it("a press answered and delivered again (the 200 lost) is skipped; after a restart, shown and not applied twice", async () => {
    const press = urgencyPress(990_002);
    expect((await h.post(press)).status).toBe(200);
    expect((await draft()).urgent).toBe(1);
    // The same process remembers it answered the press: nothing is said twice.
    const callsBefore = h.telegram.calls.length;
    expect((await h.post(press)).status).toBe(200);
    expect(h.telegram.calls.length).toBe(callsBefore);
    // A restarted process knows only the mark in the database: it shows the draft as it stands.
    const restarted = await h.restart({ claims: "process" });
    expect((await restarted.post(press)).status).toBe(200);
    expect((await draft()).urgent).toBe(1);
    expect(h.telegram.calls.slice(callsBefore).map((c) => c.method)).toEqual([
      "editMessageText",
      "answerCallbackQuery",
    ]);
    expect(author.lastButtons().map(([text]) => text)).toContain(t("submit-button-urgent-on"));
  });

  it("a step is marked applied by its own transaction; an update that changes nothing is marked done after it", async () => {
    const step = { update_id: 990_003, message: author.message({ text: "再补充一条建议。" }) };
    expect((await h.post(step)).status).toBe(200);
    expect(await claimOf(990_003)).toBe("applied");
    // Outside the flow's steps: /help writes nothing of its own, so the middleware marks it done.
    await author.press(author.buttonData(t("submit-button-submit")));
    const help = {
      update_id: 990_004,
      message: author.message({
        text: "/help",
        entities: [{ type: "bot_command" as const, offset: 0, length: 5 }],
      }),
    };
    expect((await h.post(help)).status).toBe(200);
    expect(await claimOf(990_004)).toBe("done");
    const callsBefore = h.telegram.calls.length;
    expect((await h.post(help)).status).toBe(200);
    expect(h.telegram.calls.length).toBe(callsBefore);
  });
});
