import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/domain/text";
import { changeSetting } from "../../src/db/settings";
import { type ChatUser, Harness } from "../support/harness";
import { langButtons } from "../../src/handlers/lang/callback-data";
import { rosterButtons } from "../../src/handlers/roster/callback-data";
import { seedBasicRoster } from "../support/roster";
import { menuButtons } from "../../src/bot/menu-buttons";
import type { Report } from "../../src/db/schema";
import { bandKeys, comparedText, reportSignatures } from "../../src/domain/similarity";

const TITLE = "关于加强农村饮水安全管理的建议";

describe("guided report submission", () => {
  let h: Harness;
  let author: ChatUser;
  let staff: ChatUser;
  beforeEach(async () => {
    h = await Harness.create();
    ({ standing: author, staff } = await seedBasicRoster(h));
    h.telegram.reset();
  });

  it("walks through every step and stores exactly what was typed", async () => {
    await author.send("/new");
    expect(author.texts().join("\n")).toContain("一事一报");
    expect(author.lastText()).toContain("第1步");
    await author.send(TITLE);
    expect(author.lastText()).toContain("第2步");
    await author.press(author.buttonData("教育"));
    expect(author.lastMessageText()).toContain("第3步");
    const situation = ["第一段：某村饮水困难。", "第二段：涉及1,200人。", "第三段：<b>水质</b> & 「检测」"];
    for (const part of situation) await author.send(part);
    expect(author.lastText()).toMatch(/本段\d+字/);
    // What is saved so far is shown on the live message, escaped.
    expect(author.lastText()).toContain("&lt;b&gt;水质&lt;/b&gt; &amp; 「检测」");
    await author.press(author.buttonData("本段写完了"));
    expect(author.lastText()).toContain("第4步");
    await author.send("一、建立水质定期检测制度。");
    expect(author.lastText()).toContain("确认无误");
    // More text at the preview is a further paragraph of the suggestions.
    await author.send("二、加大财政投入。");
    expect(author.lastText()).toContain("已接在建议后面");
    await author.sendPhoto("photo-1");
    expect(author.lastText()).toContain("已添加附件（1／10）");
    await author.press(author.buttonData("联名作者"));
    await author.send("李");
    await author.press(author.buttonData("李华"));
    expect(author.lastText()).toBe("已添加李华");
    expect(author.lastMessageText()).toContain("已选：李华");
    await author.press(author.buttonData("联名作者已选好"));
    await author.press(author.buttonData("急事急报"));
    expect(author.lastButtons().map(([label]) => label)).toContain("☑ 急事急报");
    const preview = author.lastText();
    expect(preview).toContain(`<b>${TITLE}</b> 【急】`);
    expect(preview).toContain("&lt;b&gt;水质&lt;/b&gt; &amp; 「检测」");
    expect(preview).toContain("张明、李华");

    await author.press(author.buttonData("提交"));
    expect(author.lastText()).toContain("提交成功！信息编号 #1");
    // Each question was sent once at most: everything else edited the live message.
    const sent = h.telegram.callsOf("sendMessage").filter((c) => Number(c.payload.chat_id) === author.id);
    for (const prompt of ["第1步", "第2步", "第3步", "第4步", "确认无误"])
      expect(sent.filter((c) => String(c.payload.text).includes(prompt)).length).toBeLessThanOrEqual(1);

    const report = await h.db.selectFrom("reports").selectAll().executeTakeFirstOrThrow();
    expect(report).toMatchObject({
      title: TITLE,
      category: "教育",
      situation: situation.join("\n"),
      analysis: "",
      suggestions: "一、建立水质定期检测制度。\n二、加大财政投入。",
      urgent: 1,
      status: "submitted",
    });
    const authors = await h.db
      .selectFrom("report_authors")
      .innerJoin("people", "people.id", "report_authors.person_id")
      .select(["people.name", "position"])
      .orderBy("position")
      .execute();
    expect(authors).toEqual([
      { name: "张明", position: 0 },
      { name: "李华", position: 1 },
    ]);
    const attachments = await h.db.selectFrom("report_attachments").selectAll().execute();
    expect(attachments).toHaveLength(1);
    const events = await h.db.selectFrom("report_events").selectAll().execute();
    expect(events).toMatchObject([{ kind: "submitted", report_id: report.id }]);
    const revision = await h.db.selectFrom("report_revisions").selectAll().executeTakeFirstOrThrow();
    expect(revision.situation).toBe(situation.join("\n"));
    expect(staff.texts().join("\n")).toContain(`新信息 #${report.id}【急】：“${TITLE}”— 张明（民建县委会）`);
  });
});

describe("resuming", () => {
  it("continues after a restart before every single answer, at every step kind", async () => {
    let h = await Harness.create();
    await seedBasicRoster(h);
    let author = h.user(101);
    const restart = async () => {
      h = await h.restart();
      author = h.user(101);
    };
    await author.send("/new");
    await restart();
    await author.send(TITLE);
    await restart();
    await author.press(author.buttonData("经济发展"));
    await restart();
    await author.send("情况第一部分");
    await restart();
    await author.send("情况第二部分");
    await restart();
    await author.press(author.buttonData("本段写完了"));
    await restart();
    await author.send("建议内容");
    await restart();
    await author.press(author.buttonData("分析"));
    await restart();
    await author.send("分析内容");
    await restart();
    await author.press(author.buttonData("本段写完了"));
    await restart();
    await author.sendPhoto("p1");
    await restart();
    await author.press(author.buttonData("急事急报"));
    await restart();
    await author.press(author.buttonData("急事急报"));
    await restart();
    await author.press(author.buttonData("提交"));
    const report = await h.db.selectFrom("reports").selectAll().executeTakeFirstOrThrow();
    expect(report).toMatchObject({
      title: TITLE,
      category: "经济发展",
      situation: "情况第一部分\n情况第二部分",
      analysis: "分析内容",
      suggestions: "建议内容",
      urgent: 0,
    });
    expect(await h.db.selectFrom("report_events").selectAll().execute()).toHaveLength(1);
    expect(await h.db.selectFrom("report_attachments").selectAll().execute()).toHaveLength(1);
  });

  it("continues from the draft after a restart, keeping the message that arrived", async () => {
    let h = await Harness.create();
    await seedBasicRoster(h);
    let author = h.user(101);
    await author.send("/new");
    await author.send(TITLE);
    await author.press(author.buttonData("教育"));
    await author.send("旧版本写的第一段");
    h = await h.restart();
    author = h.user(101);
    await author.send("新版本写的第二段");
    expect(author.lastText()).toContain("已保存");
    await author.press(author.buttonData("本段写完了"));
    const draft = await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
    expect(draft.situation).toBe("旧版本写的第一段\n新版本写的第二段");
    expect(draft.situation_done).toBe(1);
    expect(author.lastText()).toContain("第4步");
  });

  it("lists drafts and resumes one at its first unanswered step", async () => {
    const h = await Harness.create();
    await seedBasicRoster(h);
    const author = h.user(101);
    await author.send("/new");
    await author.send(TITLE);
    await author.send("/cancel");
    await author.press(author.buttonData("保留草稿"));
    expect(author.lastText()).toContain("草稿已保留");
    await author.send("/drafts");
    expect(author.lastText()).toContain(`“${TITLE}”— 下一步：类别`);
    await author.press(author.buttonData("继续"));
    expect(author.lastText()).toContain("第2步");
    await author.press(author.buttonData("教育"));
    expect(author.lastMessageText()).toContain("第3步");
  });
});

describe("wrong input and limits", () => {
  let h: Harness;
  let author: ChatUser;
  beforeEach(async () => {
    h = await Harness.create();
    ({ standing: author } = await seedBasicRoster(h));
    await author.send("/new");
  });

  it("re-prompts on stickers, voice, locations, empty text and other commands, keeping what was written", async () => {
    await author.sendOther({
      sticker: {
        file_id: "s",
        file_unique_id: "s",
        type: "regular",
        width: 1,
        height: 1,
        is_animated: false,
        is_video: false,
      },
    });
    expect(author.lastText()).toContain("请用文字发送标题。");
    expect(author.lastText()).toContain("第1步");
    await author.send(TITLE);
    await author.press(author.buttonData("教育"));
    await author.send("已经写好的一段");
    await author.sendOther({ voice: { file_id: "v", file_unique_id: "v", duration: 3 } });
    expect(author.lastText()).toContain("这一步需要文字");
    await author.sendOther({ location: { latitude: 1, longitude: 2 } });
    expect(author.lastText()).toContain("这一步需要文字");
    await author.send("   ");
    expect(author.lastText()).toContain("这一步需要文字");
    await author.send("/roster");
    expect(author.lastText()).toContain("暂时不能使用 /roster");
    await author.press(rosterButtons.encode({ action: "page", offset: 0, search: "" }));
    const draft = await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
    expect(draft.pending_text).toBe("已经写好的一段");
    await author.press(author.buttonData("本段写完了"));
    expect((await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow()).situation).toBe(
      "已经写好的一段",
    );
  });

  it("a category button from before the list was changed is refused and the new buttons are shown", async () => {
    await author.send(TITLE);
    const education = author.buttonData("教育");
    await changeSetting(h.db, "categories", "民生,教育,其他");
    await author.press(education);
    expect(author.texts().slice(-2)).toEqual([
      expect.stringContaining("第2步"),
      "这个按钮已失效，请重新打开相应的菜单。",
    ]);
    expect(author.lastButtons().map(([label]) => label)).toEqual(["民生", "教育", "其他"]);
    await author.press(author.buttonData("教育"));
    const draft = await h.db.selectFrom("drafts").select("category").executeTakeFirstOrThrow();
    expect(draft.category).toBe("教育");
  });

  it("refuses a title that is too short or too long", async () => {
    await author.send("关于饮水");
    expect(author.lastText()).toContain("标题太短（4个字）");
    await author.send("长".repeat(61));
    expect(author.lastText()).toContain("标题太长（61个字）");
    expect((await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow()).title).toBeNull();
  });

  it("refuses a message that takes the body over the limit and keeps everything before it", async () => {
    await author.send(TITLE);
    await author.press(author.buttonData("教育"));
    await author.send("甲".repeat(2000));
    await author.send("乙".repeat(999));
    await author.send("丙".repeat(10));
    expect(author.lastText()).toContain("超出全文3000字的上限");
    const draft = await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
    expect(draft.pending_text).toBe(`${"甲".repeat(2000)}\n${"乙".repeat(999)}`);
  });

  it("takes a .docx sent at a body step as the section's text", async () => {
    await author.send(TITLE);
    await author.press(author.buttonData("教育"));
    await author.sendDocument(
      "情况.docx",
      await docx(["第一段来自 Word。", "第二段 & <特殊> 字符。"]),
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(author.lastText()).toContain("已从文件读取");
    await author.press(author.buttonData("本段写完了"));
    const draft = await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
    expect(draft.situation).toBe("第一段来自 Word。\n\n第二段 & <特殊> 字符。");
  });

  it("asks whether to keep the draft on /cancel, and discards it when asked", async () => {
    await author.send(TITLE);
    await author.send("/cancel");
    expect(author.lastText()).toContain("要退出撰写吗");
    await author.press(author.buttonData("继续撰写"));
    expect(author.lastText()).toContain("第2步");
    await author.send("/cancel");
    await author.press(author.buttonData("删除草稿"));
    expect(author.lastText()).toContain("草稿已删除");
    expect(await h.db.selectFrom("drafts").selectAll().execute()).toHaveLength(0);
    await author.send("随便说点什么");
    expect(author.lastText()).toContain("没有理解");
  });
});

describe("submitting", () => {
  let h: Harness;
  let author: ChatUser;
  beforeEach(async () => {
    h = await Harness.create();
    ({ standing: author } = await seedBasicRoster(h));
  });

  async function fillToPreview(
    user: ChatUser,
    title = TITLE,
    sections: { situation?: string[]; analysis?: string } = {},
  ) {
    await user.send("/new");
    await user.send(title);
    await user.press(user.buttonData("教育"));
    for (const part of sections.situation ?? ["农村饮水存在安全隐患，部分村庄水质检测不达标。"])
      await user.send(part);
    await user.press(user.buttonData("本段写完了"));
    await user.send("建议建立定期检测制度。");
    if (sections.analysis !== undefined) {
      await user.press(user.buttonData("分析"));
      await user.send(sections.analysis);
      await user.press(user.buttonData("本段写完了"));
    }
  }

  it("submits once when Submit is pressed twice or the update is redelivered", async () => {
    await fillToPreview(author);
    const submit = author.buttonData("提交");
    const update = {
      update_id: 90001,
      callback_query: {
        id: "cb-x",
        from: author.from,
        chat_instance: "c",
        data: submit,
        message: { message_id: 1, date: 0, chat: { id: 101, type: "private" as const, first_name: "A" } },
      },
    };
    await h.post(update);
    await h.post(update);
    await author.press(submit);
    expect(await h.db.selectFrom("reports").selectAll().execute()).toHaveLength(1);
    expect(await h.db.selectFrom("report_events").selectAll().execute()).toHaveLength(1);
    expect(author.lastText()).toContain("已经提交过了（编号 #1）");
  });

  it("a fault while queuing staff's notices leaves the draft unsubmitted; Submit again submits it and tells staff once", async () => {
    await fillToPreview(author);
    const submit = author.buttonData("提交");
    const staffNotices = () =>
      h.db.selectFrom("outbox").select(["chat_id", "text"]).where("text", "like", "%新信息%").execute();
    // Fails inside the submitting transaction, after the report and its event were inserted.
    await sql`create trigger fail_outbox before insert on outbox begin select raise(abort, 'injected'); end`.execute(
      h.db,
    );
    expect((await author.press(submit)).status).not.toBe(200);
    expect(await h.db.selectFrom("reports").selectAll().execute()).toEqual([]);
    expect(await h.db.selectFrom("report_events").selectAll().execute()).toEqual([]);
    expect(await staffNotices()).toEqual([]);
    await sql`drop trigger fail_outbox`.execute(h.db);
    expect((await author.press(submit)).status).toBe(200);
    await author.press(submit);
    expect(author.lastText()).toContain("已经提交过了（编号 #1）");
    const report = await h.db.selectFrom("reports").selectAll().executeTakeFirstOrThrow();
    expect(report.staff_notified_at).not.toBeNull();
    // Staff and admin, once each.
    const notices = await staffNotices();
    expect(notices.map((n) => n.chat_id).sort()).toEqual([200, 300]);
    expect(notices[0]!.text).toContain(`新信息 #${report.id}`);
  });

  it("warns about similar reports from the last year and lets the author go back or go on", async () => {
    await fillToPreview(author);
    await author.press(author.buttonData("提交"));
    await fillToPreview(author, "关于加强农村饮用水安全管理的建议");
    await author.press(author.buttonData("提交"));
    expect(author.lastText()).toContain("内容相近");
    expect(author.lastText()).toContain(`#1“${TITLE}”— 已报送，待审核`);
    expect(await h.db.selectFrom("reports").selectAll().execute()).toHaveLength(1);
    await author.press(author.buttonData("返回预览"));
    await author.press(author.buttonData("提交"));
    await author.press(author.buttonData("确认不重复"));
    expect(await h.db.selectFrom("reports").selectAll().execute()).toHaveLength(2);
  });

  it("a report is signed in the transaction that submits it: nothing waits to be signed at the next check", async () => {
    const signed = async () => ({
      queued: await h.db.selectFrom("report_sig_queue").select("report_id").execute(),
      signatures: await h.db.selectFrom("report_signatures").selectAll().orderBy("report_id").execute(),
      bands: await h.db
        .selectFrom("report_sig_bands")
        .select(["report_id", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("report_id")
        .orderBy("report_id")
        .execute(),
    });
    const expected = (report: Report) => {
      const signatures = reportSignatures(comparedText(report));
      const bytes = (s: Uint32Array) => [...new Uint8Array(s.buffer, s.byteOffset, s.byteLength)];
      return {
        signature: { report_id: report.id, title: bytes(signatures.title), body: bytes(signatures.body) },
        bands: { report_id: report.id, n: new Set(bandKeys(signatures)).size },
      };
    };
    const stored = (rows: { report_id: number; title_sig: unknown; body_sig: unknown }[]) =>
      rows.map((row) => ({
        report_id: row.report_id,
        title: [...new Uint8Array(row.title_sig as ArrayBuffer)],
        body: [...new Uint8Array(row.body_sig as ArrayBuffer)],
      }));

    await fillToPreview(author);
    await author.press(author.buttonData("提交"));
    const first = await h.db.selectFrom("reports").selectAll().executeTakeFirstOrThrow();
    let now = await signed();
    expect(now.queued).toEqual([]);
    expect(stored(now.signatures)).toEqual([expected(first).signature]);
    expect(now.bands).toEqual([expected(first).bands]);

    // Submitted anyway after the warning: that press made no check, so the report is signed from its own text.
    await fillToPreview(author, "关于加强农村饮用水安全管理的建议");
    await author.press(author.buttonData("提交"));
    expect(author.lastText()).toContain("内容相近");
    await author.press(author.buttonData("确认不重复"));
    const reports = await h.db.selectFrom("reports").selectAll().orderBy("id").execute();
    expect(reports).toHaveLength(2);
    now = await signed();
    expect(now.queued).toEqual([]);
    expect(stored(now.signatures)).toEqual(reports.map((r) => expected(r).signature));
    expect(now.bands).toEqual(reports.map((r) => expected(r).bands));
  });

  it("edits a section from the preview, appending or replacing, and returns to the preview", async () => {
    await fillToPreview(author);
    await author.press(author.buttonData("修改"));
    await author.press(author.buttonData("建议"));
    // The current text, in a block the person can copy from.
    expect(author.lastText()).toContain("<pre>建议建立定期检测制度。</pre>");
    expect(author.lastButtons().map(([label]) => label)).toEqual(expect.arrayContaining(["✓ 追加", "替换"]));
    await author.send("并公开检测结果。");
    await author.press(author.buttonData("本段写完了"));
    expect(author.lastText()).toContain("确认无误");
    let draft = await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
    expect(draft.suggestions).toBe("建议建立定期检测制度。\n并公开检测结果。");

    await author.press(author.buttonData("修改"));
    await author.press(author.buttonData("建议"));
    await author.press(author.buttonData("替换"));
    expect(author.lastButtons().map(([label]) => label)).toEqual(expect.arrayContaining(["追加", "✓ 替换"]));
    await author.send("改写后的建议。");
    await author.press(author.buttonData("本段写完了"));
    expect(author.texts().join("\n")).toContain("改写后的建议。");
    expect(author.lastText()).toContain("确认无误");
    await author.press(author.buttonData("修改"));
    await author.press(author.buttonData("标题"));
    await author.press(author.buttonData("保持不变"));
    await author.press(author.buttonData("提交"));
    const report = await h.db.selectFrom("reports").selectAll().executeTakeFirstOrThrow();
    expect(report.suggestions).toBe("改写后的建议。");
    expect(report.title).toBe(TITLE);
    draft = await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
    expect(draft.edit_mode).toBeNull();
  });

  it("shows a long section being edited in several messages, each within Telegram's limit", async () => {
    // 2,400 characters that are 4,800 UTF-16 units, as Telegram counts: two messages of 1,200 emoji.
    const half = "🚰".repeat(1_200);
    await fillToPreview(author, TITLE, { situation: [half, half] });
    const before = h.telegram.calls.length;
    await author.press(author.buttonData("修改"));
    const response = await author.press(author.buttonData("情况"));
    expect(response.status).toBe(200);
    const sent = h.telegram.calls.slice(before).filter((c) => c.method === "sendMessage");
    for (const call of sent) expect(String(call.payload.text).length).toBeLessThanOrEqual(4_096);
    const shown = sent.map((c) => String(c.payload.text)).join("");
    expect(shown.split("🚰").length - 1).toBe(2_400);
    expect(author.lastText()).toContain("第3步");
    expect(author.lastText()).toContain("已在上方分几条显示");
    await author.press(author.buttonData("保持不变"));
    expect(author.lastText()).toContain("确认无误");
  });

  it("an analysis written earlier can be removed when editing from the preview", async () => {
    await fillToPreview(author, TITLE, {
      situation: ["农村饮水存在安全隐患。"],
      analysis: "原因是缺乏检测。",
    });
    await author.press(author.buttonData("修改"));
    await author.press(author.buttonData("分析"));
    await author.press(author.buttonData("删去这一段"));
    expect(author.lastText()).toContain("确认无误");
    await author.press(author.buttonData("提交"));
    const report = await h.db.selectFrom("reports").selectAll().executeTakeFirstOrThrow();
    expect(report.analysis).toBe("");
    expect(report.situation).toBe("农村饮水存在安全隐患。");
  });

  it("echoes a title with markup characters verbatim", async () => {
    await fillToPreview(author, "关于<b>x</b> & 「引号」的建议");
    const preview = author.texts().find((t) => t.includes("<b>关于"));
    expect(preview).toContain("<b>关于&lt;b&gt;x&lt;/b&gt; &amp; 「引号」的建议</b>");
    const call = h.telegram.calls.find((c) => c.payload.text === preview);
    expect(call?.payload.parse_mode).toBe("HTML");
  });
});

/** A minimal .docx (a zip with word/document.xml), as Word writes it. */
async function docx(paragraphs: string[]): Promise<Uint8Array> {
  const { default: JSZip } = await import("jszip");
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map((p) => `<w:p><w:r><w:t>${escapeHtml(p)}</w:t></w:r></w:p>`).join("")}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "uint8array" });
}

describe("main menu", () => {
  it("starts a report and lists drafts from the welcome's buttons", async () => {
    const h = await Harness.create();
    const { member } = await seedBasicRoster(h);
    await member.send("/start");
    expect(member.lastButtons().map(([, data]) => data)).toEqual([
      menuButtons.encode({ action: "new" }),
      menuButtons.encode({ action: "drafts" }),
      menuButtons.encode({ action: "my" }),
    ]);
    await member.press(menuButtons.encode({ action: "new" }));
    expect(member.lastText()).toContain("第1步");
    await member.send(TITLE);
    await member.send("/cancel");
    await member.press(member.buttonData("保留草稿"));
    await member.press(menuButtons.encode({ action: "drafts" }));
    expect(member.lastText()).toContain(`“${TITLE}”`);
  });

  it("starts a new report or opens a draft while the /cancel question waits: one flow, one new draft", async () => {
    const h = await Harness.create();
    const { member } = await seedBasicRoster(h);
    await member.send("/new");
    await member.send("关于第一个问题的建议");
    await member.send("/cancel");
    await member.press(member.buttonData("保留草稿"));
    await member.send("/drafts");
    const openFirst = member.buttonData("继续");
    await member.send("/new");
    await member.send("关于第二个问题的建议");
    await member.send("/cancel");
    expect(member.lastText()).toContain("要退出撰写吗");
    expect((await member.press(menuButtons.encode({ action: "new" }))).status).toBe(200);
    expect(member.lastText()).toContain("第1步");
    const drafts = await h.db.selectFrom("drafts").select(["title", "in_flow"]).orderBy("id").execute();
    expect(drafts).toEqual([
      { title: "关于第一个问题的建议", in_flow: 0 },
      { title: "关于第二个问题的建议", in_flow: 0 },
      { title: null, in_flow: 1 },
    ]);
    await member.send("关于第三个问题的建议");
    expect(member.lastText()).toContain("第2步");
    // An older /drafts list's button, pressed while the new flow waits at its /cancel question.
    await member.send("/cancel");
    expect((await member.press(openFirst)).status).toBe(200);
    expect(member.lastText()).toContain("第2步");
    await member.press(member.buttonData("教育"));
    const first = await h.db.selectFrom("drafts").selectAll().orderBy("id").executeTakeFirstOrThrow();
    expect([first.category, first.in_flow]).toEqual(["教育", 1]);
  });

  it("refuses the writing buttons to people who are not bound", async () => {
    const h = await Harness.create();
    const stranger = h.user(4242);
    await stranger.press(menuButtons.encode({ action: "new" }));
    expect(stranger.lastText()).toContain("还没有绑定身份");
    expect(await h.db.selectFrom("drafts").selectAll().execute()).toHaveLength(0);
  });
});

describe("other features' buttons during the flow", () => {
  it("pass through to their feature and the flow goes on", async () => {
    const h = await Harness.create();
    const { standing: author } = await seedBasicRoster(h);
    await author.send("/lang");
    const langButton = author
      .lastButtons()
      .find(([, data]) => data === langButtons.encode({ action: "choose", locale: "zh" }))?.[1];
    await author.send("/new");
    await author.send(TITLE);
    await author.press(langButton!);
    expect(author.lastText()).toBe("已切换为简体中文。");
    await author.press(author.buttonData("教育"));
    expect(author.lastMessageText()).toContain("第3步");
  });
});
