import { beforeEach, describe, expect, it } from "vitest";
import { type ChatUser, Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

const TITLE = "关于加强农村饮水安全管理的建议";

/** The callback data of the last button whose label contains `label`. */
function buttonData(user: ChatUser, label: string): string {
  const found = user.lastButtons().find(([text]) => text.includes(label));
  if (!found) throw new Error(`no button "${label}" in ${JSON.stringify(user.lastButtons())}`);
  return found[1];
}

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
    expect(author.lastText()).toContain("第 1 步");
    await author.send(TITLE);
    expect(author.lastText()).toContain("第 2 步");
    await author.press(buttonData(author, "教育"));
    expect(author.lastText()).toContain("第 3 步");
    const situation = ["第一段：某村饮水困难。", "第二段：涉及 1,200 人。", "第三段：<b>水质</b> & 「检测」"];
    for (const part of situation) await author.send(part);
    expect(author.lastText()).toMatch(/本段 \d+ 字/);
    await author.press(buttonData(author, "本段写完了"));
    expect(author.lastText()).toContain("第 4 步");
    await author.press(buttonData(author, "跳过"));
    expect(author.lastText()).toContain("第 5 步");
    await author.send("一、建立水质定期检测制度。\n二、加大财政投入。");
    await author.press(buttonData(author, "本段写完了"));
    expect(author.lastText()).toContain("第 6 步");
    await author.sendPhoto("photo-1");
    expect(author.lastText()).toContain("已添加附件（1／10）");
    await author.press(buttonData(author, "附件已发完"));
    expect(author.lastText()).toContain("第 7 步");
    await author.send("李");
    await author.press(buttonData(author, "李华"));
    await author.press(buttonData(author, "联名作者已选好"));
    expect(author.lastText()).toContain("第 8 步");
    await author.press(buttonData(author, "是，急事急报"));
    const preview = author.texts().join("\n");
    expect(preview).toContain(`<b>${TITLE}</b> 【急】`);
    expect(preview).toContain("&lt;b&gt;水质&lt;/b&gt; &amp; 「检测」");
    expect(preview).toContain("张明、李华");

    await author.press(buttonData(author, "提交"));
    expect(author.texts().join("\n")).toContain("提交成功！信息编号 #1");

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
    expect(staff.texts().join("\n")).toContain(
      `新信息 #${report.id}【急】：「${TITLE}」— 张明（民建县委会）`,
    );
  });
});
