import { flowData } from "../support/report-script";
import { beforeEach, describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { type ChatUser, Harness } from "../support/harness";
import { buttonLabelled, writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { pressOf } from "../support/codecs";
import { myButtons } from "../../src/handlers/my-reports/callback-data";
import { reportDocumentData } from "../../src/bot/document-buttons";
import { menuButtons } from "../../src/bot/menu-buttons";

const my = myButtons.encode;

/** Staff decisions are recorded directly until the review feature exists. */
async function recordEvent(
  db: DB,
  reportId: number,
  event: {
    kind: string;
    actorName: string;
    at: string;
    status?: string;
    level?: string;
    mode?: string;
    note?: string;
    department?: string;
  },
) {
  const actor = await db
    .selectFrom("people")
    .select("id")
    .where("name", "=", event.actorName)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("report_events")
    .values({
      report_id: reportId,
      kind: event.kind,
      actor_id: actor.id,
      level: event.level ?? null,
      mode: event.mode ?? null,
      note: event.note ?? null,
      department: event.department ?? null,
      created_at: event.at,
    })
    .execute();
  if (event.status) {
    await db
      .updateTable("reports")
      .set((eb) => ({ status: event.status, version: eb("version", "+", 1), updated_at: event.at }))
      .where("id", "=", reportId)
      .execute();
  }
}

function callsTo(h: Harness, user: ChatUser, method: string) {
  return h.telegram.callsOf(method).filter((c) => Number(c.payload.chat_id) === user.id);
}

function lastAnswer(h: Harness) {
  return h.telegram.callsOf("answerCallbackQuery").at(-1)?.payload;
}

describe("/my: a person's own reports", () => {
  let h: Harness;
  let author: ChatUser;
  let coauthor: ChatUser;
  let informant: ChatUser;
  beforeEach(async () => {
    h = await Harness.create();
    ({ standing: author, member: coauthor, informant } = await seedBasicRoster(h));
    h.telegram.reset();
  });

  it("lists reports newest first, ten a page, with counts by status, dates in the committee's zone", async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 12; i++) {
      // 17:30 UTC is already the next day in Asia/Shanghai.
      h.clock = new Date(`2026-03-${String(i).padStart(2, "0")}T17:30:00Z`);
      const { reportId } = await writeReport(h, author, {
        title: `关于第${i}件民生实事的建议`,
        situation: [`情况${i}：第${i}个问题的具体表现。`],
        suggestions: [`建议${i}：第${i}条具体措施。`],
        coauthors: i === 12 ? ["李华"] : [],
      });
      ids.push(reportId!);
    }
    for (const id of [ids[2]!, ids[5]!])
      await recordEvent(h.db, id, {
        kind: "returned",
        actorName: "陈静",
        at: "2026-04-01T01:00:00Z",
        status: "returned",
      });
    h.telegram.reset();

    await author.send("/my");
    const page1 = author.lastText();
    expect(page1).toContain("我的信息：第1–10篇，共12篇");
    expect(page1).toContain("已报送，待审核 10 · 已退回修改 2");
    expect(page1).toContain(`#${ids[11]}“关于第12件民生实事的建议”— 已报送，待审核，2026-03-13`);
    expect(page1).toContain(`#${ids[2]}“关于第3件民生实事的建议”— 已退回修改，2026-03-04`);
    expect(page1).not.toContain(`#${ids[1]}“`);
    expect(page1.indexOf(`#${ids[11]}“`)).toBeLessThan(page1.indexOf(`#${ids[10]}“`));
    const buttons = author.lastButtons().map(([, data]) => data);
    expect(buttons.filter((d) => pressOf(myButtons, d)?.action === "view")).toEqual(
      ids
        .slice(2)
        .reverse()
        .map((id) => my({ action: "view", reportId: id })),
    );
    expect(buttons).toContain(my({ action: "page", offset: 10 }));
    expect(buttons.some((d) => d.startsWith(my({ action: "page", offset: 0 })))).toBe(false);

    await author.press(my({ action: "page", offset: 10 }));
    const edit = h.telegram.callsOf("editMessageText").at(-1)!;
    const page2 = String(edit.payload.text);
    expect(page2).toContain("我的信息：第11–12篇，共12篇");
    expect(page2).toContain(`#${ids[1]}“关于第2件民生实事的建议”`);
    expect(page2).toContain(`#${ids[0]}“关于第1件民生实事的建议”— 已报送，待审核，2026-03-02`);
    expect(page2).not.toContain(`#${ids[2]}“`);
    expect(author.lastButtons().map(([, data]) => data)).toEqual([
      my({ action: "view", reportId: ids[1]! }),
      my({ action: "view", reportId: ids[0]! }),
      my({ action: "page", offset: 0 }),
    ]);

    // A co-author sees the report too; someone who wrote nothing is told how to start.
    await coauthor.send("/my");
    expect(coauthor.lastText()).toContain("共1篇");
    expect(coauthor.lastText()).toContain(`#${ids[11]}“关于第12件民生实事的建议”`);
    await informant.send("/my");
    expect(informant.lastText()).toContain("您还没有提交过信息");
    // The main menu's button lists the same.
    await coauthor.press(menuButtons.encode({ action: "my" }));
    expect(coauthor.lastText()).toContain(`#${ids[11]}“关于第12件民生实事的建议”`);

    // Filtered by status, by key or by a part of the label.
    await author.send("/my returned");
    const returned = author.lastText();
    expect(returned).toContain("共2篇");
    expect(returned).toContain("筛选：已退回修改");
    expect(returned).toContain(`#${ids[5]}“`);
    expect(returned).not.toContain(`#${ids[11]}“`);
    await author.press(my({ action: "page", offset: 0, status: "returned" }));
    expect(String(h.telegram.callsOf("editMessageText").at(-1)?.payload.text)).toContain("筛选：已退回修改");
    // A page button from an older, longer list shows the first page.
    await author.press(my({ action: "page", offset: 20 }));
    expect(String(h.telegram.callsOf("editMessageText").at(-1)?.payload.text)).toContain("第1–10篇");
    await author.send("/my 退回");
    expect(author.lastText()).toContain("共2篇");
    await author.send("/my 已办结");
    expect(author.lastText()).toContain("没有状态为“已办结”的信息");
    await author.send("/my 已");
    expect(author.lastText()).toContain("无法识别的状态“已”");
  });

  it("opens a report: the full text escaped, the timeline with who, level, mode and notes, and the attachments", async () => {
    h.clock = new Date("2026-05-15T02:00:00Z");
    const { reportId } = await writeReport(h, author, {
      title: "关于规范校外培训<收费>的建议",
      categoryIndex: 2,
      situation: ["部分机构预收费超过3个月 & 退费难。"],
      analysis: "监管部门之间职责不清。",
      suggestions: ["建立预收费资金监管账户。"],
      photos: ["receipt-1", "receipt-2"],
      coauthors: ["李华"],
      urgent: true,
    });
    const id = reportId!;
    await recordEvent(h.db, id, {
      kind: "accepted",
      actorName: "陈静",
      at: "2026-05-16T01:05:00Z",
      status: "accepted",
    });
    await recordEvent(h.db, id, {
      kind: "forwarded",
      actorName: "陈静",
      at: "2026-05-18T08:00:00Z",
      status: "forwarded",
      level: "city",
    });
    await recordEvent(h.db, id, {
      kind: "adopted",
      actorName: "陈静",
      at: "2026-06-01T16:30:00Z",
      level: "city",
      mode: "single",
      note: "市政协《社情民意》第12期",
    });
    await recordEvent(h.db, id, {
      kind: "transferred",
      actorName: "刘洋",
      at: "2026-06-03T02:00:00Z",
      status: "transferred",
      department: "县教育局",
    });
    h.telegram.reset();

    await author.press(my({ action: "view", reportId: id }));
    const shown = author.texts().join("\n");
    expect(shown).toContain("<b>关于规范校外培训&lt;收费&gt;的建议</b> 【急】");
    expect(shown).toContain(`编号：#${id}`);
    expect(shown).toContain("状态：已转办");
    expect(shown).toContain("类别：教育");
    expect(shown).toContain("作者：张明、李华（民建县委会）");
    expect(shown).toContain("附件：2个");
    expect(shown).toContain("部分机构预收费超过3个月 &amp; 退费难。");
    expect(shown).toContain("监管部门之间职责不清。");
    expect(shown).toContain("建立预收费资金监管账户。");
    const html = callsTo(h, author, "sendMessage").filter((c) => c.payload.parse_mode === "HTML");
    expect(html.length).toBeGreaterThan(0);

    const timeline = author.lastText();
    expect(timeline).toContain(`办理进程（信息 #${id}）：`);
    expect(timeline).not.toContain("稿");
    const lines = timeline.split("\n");
    expect(lines).toContain("2026-05-15 10:00 报送");
    expect(lines).toContain("2026-05-16 09:05 录用 · 经办：陈静");
    expect(lines).toContain("2026-05-18 16:00 上报 · 经办：陈静 · 层级：市级");
    expect(lines).toContain("2026-06-02 00:30 采用 · 经办：陈静 · 层级：市级 · 方式：单篇");
    expect(lines).toContain("    说明：市政协《社情民意》第12期");
    expect(lines).toContain("2026-06-03 10:00 转办 · 经办：刘洋 · 承办部门：县教育局");
    expect(author.lastButtons()).toEqual([
      ["📎 查看附件（2）", my({ action: "attachments", reportId: id })],
      ["📄 Word 文档", reportDocumentData(id)],
    ]);

    await author.press(my({ action: "attachments", reportId: id }));
    expect(callsTo(h, author, "sendPhoto").map((c) => c.payload.photo)).toEqual([
      "photo-receipt-1",
      "photo-receipt-2",
    ]);

    // The co-author may read it too.
    await coauthor.press(my({ action: "view", reportId: id }));
    expect(coauthor.texts().join("\n")).toContain("2026-05-16 09:05 录用 · 经办：陈静");
  });

  it("refuses buttons for reports that are not the presser's, and shows nothing", async () => {
    const { reportId } = await writeReport(h, author, { photos: ["p-1"] });
    h.telegram.reset();
    for (const data of [
      my({ action: "view", reportId: reportId! }),
      my({ action: "attachments", reportId: reportId! }),
      my({ action: "revise", reportId: reportId! }),
      my({ action: "view", reportId: 999 }),
      "my1:v:abc",
      "my1:p:-10",
      "my1:p:0:bogus",
      "my1:p:0:draft",
      "my1:x:1",
      `my:v:${reportId}`,
    ]) {
      await informant.press(data);
      expect(lastAnswer(h)).toMatchObject({
        text: "这个按钮已失效，请重新打开相应的菜单。",
        show_alert: true,
      });
    }
    expect(h.telegram.calls.filter((c) => c.method !== "answerCallbackQuery")).toEqual([]);

    // Someone not bound at all is told to join first.
    const stranger = h.user(999);
    await stranger.send("/my");
    expect(stranger.lastText()).toContain("您还没有绑定身份");
  });

  it("revising while another report is being written keeps that one as a draft, and says so", async () => {
    const { reportId } = await writeReport(h, author, { title: "关于加强农村饮水安全管理的建议" });
    const id = reportId!;
    await recordEvent(h.db, id, {
      kind: "returned",
      actorName: "陈静",
      at: "2026-05-16T02:00:00Z",
      status: "returned",
      note: "请补充数据",
    });
    await author.send("/new");
    await author.send("关于规范城区共享单车停放的建议");
    await author.press(my({ action: "revise", reportId: id }));
    const shown = author.texts().join("\n");
    expect(shown).toContain("您正在撰写的另一份草稿已保存，之后发送 /drafts 可以继续。");
    expect(shown).toContain("预览（修改后重新提交）");
    await author.send("/cancel");
    await author.press(buttonLabelled(author, "保留草稿"));
    await author.send("/drafts");
    expect(author.lastText()).toContain("关于规范城区共享单车停放的建议");
  });

  it("revises a returned report: the main author edits the title from the preview and resubmits", async () => {
    const oldTitle = "关于加强农村饮水安全管理的建议";
    const newTitle = "关于加强山区农村饮水水质检测的建议";
    const { reportId } = await writeReport(h, author, {
      title: oldTitle,
      coauthors: ["李华"],
      photos: ["p-1"],
    });
    const id = reportId!;
    await recordEvent(h.db, id, {
      kind: "returned",
      actorName: "陈静",
      at: "2026-05-16T02:00:00Z",
      status: "returned",
      note: "请补充涉及的村数和检测数据",
    });
    h.telegram.reset();

    // The co-author sees why, but only the main author may revise.
    await coauthor.press(my({ action: "view", reportId: id }));
    expect(coauthor.lastText()).toContain("说明：请补充涉及的村数和检测数据");
    expect(coauthor.lastText()).toContain("由第一作者修改后重新提交");
    expect(coauthor.lastButtons().map(([, data]) => data)).not.toContain(
      my({ action: "revise", reportId: id }),
    );
    await coauthor.press(my({ action: "revise", reportId: id }));
    expect(lastAnswer(h)).toMatchObject({ text: "只有第一作者可以修改这篇信息。", show_alert: true });
    expect(await h.db.selectFrom("drafts").selectAll().where("report_id", "=", id).execute()).toEqual([]);

    await author.press(my({ action: "view", reportId: id }));
    expect(author.lastText()).toContain(
      "2026-05-16 10:00 退回修改 · 经办：陈静\n    说明：请补充涉及的村数和检测数据",
    );
    expect(author.lastButtons()).toEqual([
      ["📎 查看附件（1）", my({ action: "attachments", reportId: id })],
      ["✏️ 修改后重新提交", my({ action: "revise", reportId: id })],
      ["📄 Word 文档", reportDocumentData(id)],
    ]);
    await author.press(my({ action: "revise", reportId: id }));
    const draft = await h.db
      .selectFrom("drafts")
      .selectAll()
      .where("report_id", "=", id)
      .executeTakeFirstOrThrow();
    const shown = author.texts().join("\n");
    expect(shown).toContain("预览（修改后重新提交）");
    expect(shown).toContain(`<b>${oldTitle}</b>`);

    await author.press(flowData(draft.id, "edit"));
    await author.press(flowData(draft.id, "edit:title"));
    expect(author.lastText()).toContain(`<pre>${oldTitle}</pre>`);
    await author.send(newTitle);
    expect(author.texts().join("\n")).toContain(`<b>${newTitle}</b>`);
    await author.press(flowData(draft.id, "submit"));
    expect(author.texts().join("\n")).toContain(`修改后的信息已重新提交（编号 #${id}）`);

    const report = await h.db
      .selectFrom("reports")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(report).toMatchObject({ title: newTitle, status: "submitted", revision: 2 });
    const revisions = await h.db
      .selectFrom("report_revisions")
      .select(["revision", "title", "situation"])
      .where("report_id", "=", id)
      .orderBy("revision")
      .execute();
    expect(revisions).toEqual([
      { revision: 1, title: oldTitle, situation: report.situation },
      { revision: 2, title: newTitle, situation: report.situation },
    ]);
    const events = await h.db
      .selectFrom("report_events")
      .select("kind")
      .where("report_id", "=", id)
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.kind)).toEqual(["submitted", "returned", "resubmitted"]);
    const authors = await h.db
      .selectFrom("report_authors")
      .select(["person_id", "position"])
      .where("report_id", "=", id)
      .orderBy("position")
      .execute();
    expect(authors.map((a) => a.position)).toEqual([0, 1]);
    expect(
      await h.db.selectFrom("report_attachments").selectAll().where("report_id", "=", id).execute(),
    ).toHaveLength(1);

    // The report now says which version it is, and cannot be revised again until it is returned again.
    await author.press(my({ action: "view", reportId: id }));
    expect(author.lastText()).toContain("当前为第2稿（此前1稿已存档）");
    expect(author.lastText()).toContain("重新报送");
    expect(author.lastButtons().map(([, data]) => data)).not.toContain(
      my({ action: "revise", reportId: id }),
    );
    await author.press(my({ action: "revise", reportId: id }));
    expect(lastAnswer(h)).toMatchObject({
      text: "这篇信息目前不是“退回修改”状态，不能修改。",
      show_alert: true,
    });
  });

  it("lists and opens in English for an English speaker", async () => {
    const { reportId } = await writeReport(h, author, { title: "关于加强农村饮水安全管理的建议" });
    await author.send("/lang en");
    await author.send("/my");
    expect(author.lastText()).toContain("My reports: 1–1 of 1");
    expect(author.lastText()).toContain("submitted, awaiting review 1");
    await author.press(my({ action: "view", reportId: reportId! }));
    expect(author.lastText()).toContain("submitted");
    expect(author.lastText()).toContain(`What became of report #${reportId}:`);
  });
});
