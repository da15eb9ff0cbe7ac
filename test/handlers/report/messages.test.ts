// How many messages a report costs, and that nothing the person does mid-flow loses their place.
import { beforeEach, describe, expect, it } from "vitest";
import { createI18n, translator } from "../../../src/bot/i18n";
import { readLocales } from "../../../src/node-runtime";
import { type ChatUser, Harness, recordingDatabase } from "../../support/harness";
import { seedBasicRoster } from "../../support/roster";

const TITLE = "关于加强农村饮水安全管理的建议";
const t = translator(createI18n(readLocales()), "zh");

/** The messages the bot sent to this person (edits are not counted). */
function sentTo(h: Harness, user: ChatUser) {
  return h.telegram.callsOf("sendMessage").filter((c) => Number(c.payload.chat_id) === user.id);
}

/** The question of a step, as the locale words it, up to its first variable. */
function question(key: string): string {
  return t(key, { min: 0, max: 0, chosen: "" }).split("0")[0]!.slice(0, 12);
}

describe("a plain report in half the messages", () => {
  let h: Harness;
  let author: ChatUser;
  beforeEach(async () => {
    h = await Harness.create();
    ({ standing: author } = await seedBasicRoster(h));
    h.telegram.reset();
  });

  it("takes /new, 3 texts and 3 taps, with at most 6 bot messages; paragraphs add none", async () => {
    await author.send("/new");
    await author.send(TITLE);
    await author.press(author.buttonData("教育"));
    const beforeParagraphs = sentTo(h, author).length;
    await author.send("第一段：某村饮水困难。\n第二段：涉及1200人。\n第三段：水质不达标。");
    expect(sentTo(h, author)).toHaveLength(beforeParagraphs);
    await author.press(author.buttonData(t("submit-button-section-done")));
    await author.send("建议建立水质定期检测制度。");
    await author.press(author.buttonData(t("submit-button-submit")));

    const report = await h.db.selectFrom("reports").selectAll().executeTakeFirstOrThrow();
    expect(report).toMatchObject({
      title: TITLE,
      category: "教育",
      situation: "第一段：某村饮水困难。\n第二段：涉及1200人。\n第三段：水质不达标。",
      analysis: "",
      suggestions: "建议建立水质定期检测制度。",
      urgent: 0,
    });
    expect(author.lastText()).toContain(t("submit-done", { id: report.id }));
    expect(sentTo(h, author).length).toBeLessThanOrEqual(6);
  });

  it("a situation sent as three messages adds no bot message per paragraph, and is saved whole", async () => {
    await author.send("/new");
    await author.send(TITLE);
    await author.press(author.buttonData("教育"));
    const before = sentTo(h, author).length;
    const edits = h.telegram.callsOf("editMessageText").length;
    for (const part of ["第一段。", "第二段。", "第三段。"]) await author.send(part);
    expect(sentTo(h, author)).toHaveLength(before);
    // "Saved" is shown by editing the live message, once per paragraph.
    expect(h.telegram.callsOf("editMessageText").length - edits).toBe(3);
    expect(author.lastText()).toContain(t("submit-section-saved", { length: 14, total: 14, max: 3000 }));
    const draft = await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
    expect(draft.pending_text).toBe("第一段。\n第二段。\n第三段。");
  });

  it("a typed answer gets a fresh live message below it and the old one is deleted", async () => {
    await author.send("/new");
    const first = sentTo(h, author)[0]!;
    await author.send(TITLE);
    const deleted = h.telegram.callsOf("deleteMessage");
    expect(deleted).toHaveLength(1);
    const live = await h.db.selectFrom("drafts").select("live_message_id").executeTakeFirstOrThrow();
    expect(deleted[0]!.payload.message_id).not.toBe(live.live_message_id);
    expect(first).toBeDefined();
  });

  it("a live message past Telegram's 48 hours for deleting keeps its text and loses its buttons", async () => {
    await author.send("/new");
    const old = await h.db.selectFrom("drafts").select("live_message_id").executeTakeFirstOrThrow();
    h.clock = new Date(h.clock.getTime() + 3 * 86_400_000);
    const before = h.telegram.calls.length;
    await author.send(TITLE);
    const calls = h.telegram.calls.slice(before);
    expect(calls.map((c) => c.method)).not.toContain("deleteMessage");
    const cleared = calls.filter((c) => c.method === "editMessageReplyMarkup");
    expect(cleared.map((c) => [c.payload.message_id, c.payload.reply_markup])).toEqual([
      [old.live_message_id, { inline_keyboard: [] }],
    ]);
  });

  it("offers to clear attachments only when there are some, and attaches a file sent at any step", async () => {
    await author.send("/new");
    await author.sendPhoto("early-photo");
    expect(author.lastText()).toContain(t("submit-attachment-added", { count: 1, max: 10 }));
    expect(author.lastText()).toContain(question("submit-ask-title"));
    await author.send(TITLE);
    await author.press(author.buttonData("教育"));
    await author.send("情况。");
    await author.press(author.buttonData(t("submit-button-section-done")));
    await author.send("建议。");
    const labels = () => author.lastButtons().map(([label]) => label);
    expect(labels()).toContain(t("submit-button-clear-attachments"));
    await author.press(author.buttonData(t("submit-button-clear-attachments")));
    expect(labels()).not.toContain(t("submit-button-clear-attachments"));
    expect(await h.db.selectFrom("draft_attachments").selectAll().execute()).toHaveLength(0);
  });
});

// With claims in process memory (as `npm start`), an update knows from its first statement whether a report is
// being written; with claims in the database (as the Worker), the flow reads it.
for (const claims of ["database", "process"] as const)
  describe(`nothing refused mid-flow without the way back (claims in the ${claims})`, () => {
    let h: Harness;
    let author: ChatUser;
    beforeEach(async () => {
      h = await Harness.create({ claims });
      ({ standing: author } = await seedBasicRoster(h));
      await author.send("/new");
      await author.send(TITLE);
      await author.press(author.buttonData("教育"));
      await author.send("已经写好的一段。");
    });

    for (const command of ["/drafts", "/my", "/me", "/help"]) {
      it(`${command} answers during a draft and then shows the current question again`, async () => {
        const before = author.texts().length;
        await author.send(command);
        const answers = author.texts().slice(before);
        expect(answers.length).toBeGreaterThanOrEqual(2);
        expect(answers.join("\n")).not.toContain(t("submit-finish-or-cancel", { command }));
        expect(author.lastText()).toContain(question("submit-ask-situation"));
        expect(author.lastText()).toContain("已经写好的一段。");
        // The flow goes on where it was.
        await author.send("第二段。");
        await author.press(author.buttonData(t("submit-button-section-done")));
        const draft = await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
        expect(draft.situation).toBe("已经写好的一段。\n第二段。");
      });
    }

    it("a reminder's /drafts works from the middle of a flow and opens the draft where it was", async () => {
      await author.send("/drafts");
      const list = h.telegram
        .callsOf("sendMessage")
        .filter((c) => String(c.payload.text).startsWith(t("drafts-title", { count: 1 })))
        .at(-1);
      const open = (
        list!.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
      ).inline_keyboard
        .flat()
        .find((b) => b.text.includes(t("drafts-button-open")));
      await author.press(open!.callback_data);
      expect(author.lastText()).toContain(question("submit-ask-situation"));
      expect(author.lastText()).toContain("已经写好的一段。");
    });
  });

describe("someone not writing a report", () => {
  it("is answered without the flow reading a draft or opening a transaction", async () => {
    const embedded = await recordingDatabase();
    const { executed } = embedded;
    const h = await Harness.create({ db: embedded.db, claims: "process" });
    const { member } = await seedBasicRoster(h);
    // A draft saved earlier, out of the flow: /drafts lists it, and no question follows the list.
    await member.send("/new");
    await member.send(TITLE);
    await member.send("/cancel");
    await member.press(member.buttonData(t("submit-button-keep-draft")));
    const inFlowRead = /from "drafts" where "person_id" = \? and "in_flow" = 1/;
    for (const command of ["/help", "/my", "/drafts"]) {
      executed.length = 0;
      const before = member.texts().length;
      await member.send(command);
      expect(member.texts().slice(before), command).toHaveLength(1);
      expect(
        executed.filter((text) => inFlowRead.test(text) || text === "begin immediate"),
        command,
      ).toEqual([]);
    }
    expect(member.lastText()).toContain(TITLE);
    executed.length = 0;
    await member.send("你好");
    expect(member.lastText()).toBe(t("error-not-understood"));
    expect(executed.filter((text) => inFlowRead.test(text) || text === "begin immediate")).toEqual([]);
    // Writing again, the same words are the report's.
    await member.send("/new");
    await member.send("关于改善社区养老服务的建议");
    expect(member.lastText()).toContain(question("submit-ask-category"));
    await embedded.close();
  });
});
