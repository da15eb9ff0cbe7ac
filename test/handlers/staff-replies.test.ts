// Staff typed replies through the webhook, as a step machine on the staff member's row: a reason typed after
// 退回 is recorded once and the author told through the outbox, whatever happens to the update (redelivered,
// failing after its transaction, failing inside it); a cancel, a second question replacing the first, a
// member's text, a reply after its hour; the card and the issue's panel edited in place.

import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { issueButton } from "../../src/bot/issue-buttons";
import { type ChatUser, Harness, textMessage } from "../support/harness";
import { writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { cardButtons, reviewButtons } from "../../src/handlers/review/callback-data";

const rv = reviewButtons.encode;
const ca = cardButtons.encode;

type Roster = Awaited<ReturnType<typeof seedBasicRoster>>;

const REASON = "数据来源不清，请补充调查依据。";

describe("staff typed replies", () => {
  let h: Harness;
  let r: Roster;
  const t = (key: string, variables?: Record<string, string | number>) =>
    h.minyi.i18n.t("zh", key, variables);

  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  async function eventsOf(reportId: number) {
    return h.db
      .selectFrom("report_events")
      .select(["kind", "level", "note", "department"])
      .where("report_id", "=", reportId)
      .orderBy("id")
      .execute();
  }

  async function noticesTo(user: ChatUser) {
    return h.db.selectFrom("outbox").select(["text", "status"]).where("chat_id", "=", user.id).execute();
  }

  async function statusOf(reportId: number) {
    const row = await h.db
      .selectFrom("reports")
      .select("status")
      .where("id", "=", reportId)
      .executeTakeFirst();
    return row?.status;
  }

  /** A report by the informant waiting for review, and the staff member asked for a reason to return it. */
  async function askedForReason(cardMessageId = 1000) {
    const { reportId } = await writeReport(h, r.informant, { title: "关于加强农村饮水安全管理的建议" });
    await r.staff.press(rv({ action: "return", reportId: reportId!, version: 1 }), cardMessageId);
    await r.staff.press(rv({ action: "return-typed", reportId: reportId!, version: 1 }), cardMessageId);
    expect(r.staff.lastText()).toBe(t("review-ask-reason"));
    return reportId!;
  }

  /** A text message from the staff member as one update, to deliver more than once. */
  function staffText(text: string) {
    return { message: r.staff.message(textMessage(text)) };
  }

  it("退回 with a typed reason: recorded once, the author told through the outbox, the next card shown", async () => {
    const id = await askedForReason();
    await r.staff.send(REASON);
    expect(await eventsOf(id)).toEqual([
      { kind: "submitted", level: null, note: null, department: null },
      { kind: "returned", level: null, note: REASON, department: null },
    ]);
    expect(await statusOf(id)).toBe("returned");
    expect(r.staff.texts()).toContain(
      t("review-done-returned", { id, title: "关于加强农村饮水安全管理的建议" }),
    );
    const notices = await noticesTo(r.informant);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ status: "sent" });
    expect(notices[0]!.text).toContain(REASON);
    expect(r.informant.lastText()).toBe(notices[0]!.text);
    // Answered: the staff member's next text is ordinary chat again.
    await r.staff.send("谢谢");
    expect(r.staff.lastText()).toBe(t("error-not-understood"));
    expect(await eventsOf(id)).toHaveLength(2);
  });

  it("the same text update delivered again records nothing twice and tells the author once", async () => {
    const id = await askedForReason(4242);
    const update = { update_id: 880_001, ...staffText(REASON) };
    expect((await h.post(update)).status).toBe(200);
    // As if the process died after its transaction, before the update was marked done.
    await h.db.deleteFrom("processed_updates").where("update_id", "=", update.update_id).execute();
    const callsBefore = h.telegram.calls.length;
    expect((await h.post(update)).status).toBe(200);
    expect((await eventsOf(id)).filter((e) => e.kind === "returned")).toHaveLength(1);
    expect(await noticesTo(r.informant)).toHaveLength(1);
    // The second delivery shows the card as it is now (edited in place), and says no second "returned".
    const again = h.telegram.calls.slice(callsBefore);
    expect(again.map((c) => c.method)).toEqual(["editMessageText"]);
    expect(again[0]!.payload).toMatchObject({ chat_id: r.staff.id, message_id: 4242 });
    expect(String(again[0]!.payload.text)).toContain(t("status-returned"));
  });

  it("an update failing after its transaction (Telegram down for the answer) is redelivered without a second record", async () => {
    const id = await askedForReason();
    let failing = true;
    h.telegram.hooks.push((call) =>
      failing && call.method === "sendMessage" && String(call.payload.text).startsWith("↩️")
        ? { ok: false, error_code: 400, description: "Bad Request: chat not found" }
        : undefined,
    );
    const update = { update_id: 880_002, ...staffText(REASON) };
    expect((await h.post(update)).status).not.toBe(200);
    expect((await eventsOf(id)).filter((e) => e.kind === "returned")).toHaveLength(1);
    failing = false;
    expect((await h.post(update)).status).toBe(200);
    expect((await eventsOf(id)).filter((e) => e.kind === "returned")).toHaveLength(1);
    expect(await noticesTo(r.informant)).toHaveLength(1);
  });

  it("an update failing inside its transaction loses neither the reply nor the text: its redelivery records it", async () => {
    const id = await askedForReason();
    // The author's notice cannot be queued: the whole step rolls back, the event and the cleared reply with it.
    await sql`create trigger fail_outbox before insert on outbox begin select raise(abort, 'injected'); end`.execute(
      h.db,
    );
    const update = { update_id: 880_003, ...staffText(REASON) };
    expect((await h.post(update)).status).not.toBe(200);
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(["submitted"]);
    const row = await h.db.selectFrom("staff_prompts").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      telegram_id: r.staff.id,
      action: "return",
      waiting: 1,
      applied_message_id: null,
    });
    await sql`drop trigger fail_outbox`.execute(h.db);
    expect((await h.post(update)).status).toBe(200);
    expect((await eventsOf(id)).at(-1)).toMatchObject({ kind: "returned", note: REASON });
    expect(await noticesTo(r.informant)).toHaveLength(1);
  });

  it("an empty reply is asked for again in words, a sticker too; the reply is still owed", async () => {
    const id = await askedForReason();
    await r.staff.send("  \n ");
    expect(r.staff.lastText()).toBe(t("prompt-empty"));
    await r.staff.sendOther({
      sticker: {
        file_id: "s",
        file_unique_id: "s",
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    });
    expect(r.staff.lastText()).toBe(t("prompt-text-only"));
    expect(await statusOf(id)).toBe("submitted");
    await r.staff.send(REASON);
    expect((await eventsOf(id)).at(-1)).toMatchObject({ kind: "returned", note: REASON });
  });

  it("/cancel leaves the reply: nothing recorded, the next text is ordinary chat", async () => {
    const id = await askedForReason();
    await r.staff.send("/cancel");
    expect(r.staff.lastText()).toBe(t("prompt-cancelled"));
    await r.staff.send(REASON);
    expect(r.staff.lastText()).toBe(t("error-not-understood"));
    expect(await statusOf(id)).toBe("submitted");
    expect(await noticesTo(r.informant)).toEqual([]);
  });

  it("the Cancel button under the question leaves the reply; pressed again, or under a replaced question, it is stale", async () => {
    const id = await askedForReason();
    const [[label, cancel]] = r.staff.lastButtons() as [[string, string]];
    expect(label).toBe(t("prompt-button-cancel"));
    expect(cancel).toBe(`sr1:x:return:${id}`);
    await r.staff.press(cancel, 6001);
    expect(r.staff.lastText()).toBe(t("prompt-cancelled"));
    expect(h.telegram.callsOf("editMessageReplyMarkup").at(-1)?.payload).toMatchObject({ message_id: 6001 });
    await r.staff.send(REASON);
    expect(r.staff.lastText()).toBe(t("error-not-understood"));
    expect(await statusOf(id)).toBe("submitted");
    await r.staff.press(cancel);
    expect(r.staff.lastText()).toBe(t("error-stale-button"));

    // Asked again, then asked to reject instead: the first question's Cancel leaves the second waiting.
    await r.staff.press(rv({ action: "return-typed", reportId: id, version: 1 }));
    await r.staff.press(rv({ action: "reject-typed", reportId: id, version: 1 }));
    await r.staff.press(cancel);
    expect(r.staff.lastText()).toBe(t("error-stale-button"));
    await r.staff.send(REASON);
    expect(await statusOf(id)).toBe("rejected");
    // A forged one changes nothing either.
    await r.staff.press("sr1:x:nonsense:1");
    expect(r.staff.lastText()).toBe(t("error-stale-button"));
  });

  it("a second question replaces the first: the text answers the second only", async () => {
    const { reportId } = await writeReport(h, r.informant);
    const id = reportId!;
    await r.staff.press(rv({ action: "publish", reportId: id, version: 1, as: "none" }));
    await r.staff.press(ca({ action: "ins", reportId: id, version: 2, level: "county" }));
    expect(r.staff.lastText()).toContain(t("action-ask-instruction", { level: t("level-county") }));
    await r.staff.press(ca({ action: "tra", reportId: id, version: 2 }));
    expect(r.staff.lastText()).toBe(t("action-ask-department"));
    await r.staff.send("县水利局");
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(["submitted", "accepted", "transferred"]);
    expect((await eventsOf(id)).at(-1)).toMatchObject({ department: "县水利局" });
  });

  it("a member's text is not taken as a staff member's reply", async () => {
    const id = await askedForReason();
    await r.member.send(REASON);
    expect(await statusOf(id)).toBe("submitted");
    expect(r.member.lastText()).not.toContain(
      t("review-done-returned", { id, title: "关于加强农村饮水安全管理的建议" }),
    );
    // The staff member's reply is still owed, and theirs is taken.
    await r.staff.send(REASON);
    expect(await statusOf(id)).toBe("returned");
  });

  it("a reply after its hour gets a clear answer, records nothing, and the next text is ordinary chat", async () => {
    const id = await askedForReason();
    h.clock = new Date(h.clock.getTime() + 61 * 60_000);
    await r.staff.send(REASON);
    expect(r.staff.lastText()).toBe(t("prompt-expired"));
    expect(await statusOf(id)).toBe("submitted");
    await r.staff.send(REASON);
    expect(r.staff.lastText()).toBe(t("error-not-understood"));
    expect(await noticesTo(r.informant)).toEqual([]);
  });

  it("a typed 批示 edits the card it was asked from in place, once", async () => {
    const { reportId } = await writeReport(h, r.informant);
    const id = reportId!;
    await r.staff.press(rv({ action: "publish", reportId: id, version: 1, as: "none" }));
    await r.staff.press(ca({ action: "ins", reportId: id, version: 2, level: "county" }), 5151);
    const callsBefore = h.telegram.calls.length;
    await r.staff.send("请县水务局牵头研究。");
    expect((await eventsOf(id)).at(-1)).toMatchObject({
      kind: "instructed",
      level: "county",
      note: "请县水务局牵头研究。",
    });
    const toStaff = h.telegram.calls
      .slice(callsBefore)
      .filter((c) => Number(c.payload.chat_id) === r.staff.id);
    expect(toStaff.map((c) => c.method)).toEqual(["sendMessage", "editMessageText"]);
    expect(String(toStaff[0]!.payload.text)).toContain(t("event-instructed"));
    expect(toStaff[1]!.payload).toMatchObject({ message_id: 5151 });
    expect(String(toStaff[1]!.payload.text)).toContain("请县水务局牵头研究。");
  });

  it("an issue's typed 编者按 is saved once, the issue's panel edited in place, a redelivery changing nothing", async () => {
    await r.staff.send("/issue");
    const issue = await h.db.selectFrom("issues").select("id").executeTakeFirstOrThrow();
    await r.staff.press(issueButton(issue.id, { action: "note", pieceId: null }), 777);
    const update = { update_id: 880_004, ...staffText("本期聚焦农村饮水安全。") };
    await h.post(update);
    const saved = await h.db.selectFrom("issues").select("editor_note").executeTakeFirstOrThrow();
    expect(saved.editor_note).toBe("本期聚焦农村饮水安全。");
    expect(r.staff.texts()).toContain(t("issue-note-saved"));
    const edit = h.telegram.callsOf("editMessageText").at(-1);
    expect(edit?.payload).toMatchObject({ chat_id: r.staff.id, message_id: 777 });
    await h.db.deleteFrom("processed_updates").where("update_id", "=", update.update_id).execute();
    await h.post(update);
    expect(r.staff.texts().filter((text) => text === t("issue-note-saved"))).toHaveLength(1);
  });
});
