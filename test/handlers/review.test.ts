import { flowData } from "../support/report-script";
import { beforeEach, describe, expect, it } from "vitest";
import { rosterButtons } from "../../src/handlers/roster/callback-data";
import { type ChatUser, Harness } from "../support/harness";
import { buttonLabelled, writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { myButtons } from "../../src/handlers/my-reports/callback-data";
import { cardButtons, reviewButtons } from "../../src/handlers/review/callback-data";

const rv = reviewButtons.encode;
const ca = cardButtons.encode;

const my = myButtons.encode;

type Roster = Awaited<ReturnType<typeof seedBasicRoster>>;

async function eventsOf(h: Harness, reportId: number) {
  return h.db
    .selectFrom("report_events")
    .leftJoin("people", "people.id", "report_events.actor_id")
    .select([
      "report_events.kind",
      "report_events.level",
      "report_events.mode",
      "report_events.note",
      "people.name as actor",
    ])
    .where("report_events.report_id", "=", reportId)
    .orderBy("report_events.id")
    .execute();
}

async function reportOf(h: Harness, reportId: number) {
  return h.db.selectFrom("reports").selectAll().where("id", "=", reportId).executeTakeFirstOrThrow();
}

/** Texts the bot sent to a user since `from` (an index into their texts). */
function since(user: ChatUser, from: number): string {
  return user.texts().slice(from).join("\n");
}

describe("/review: the queue, one card at a time", () => {
  let h: Harness;
  let r: Roster;
  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  it("shows urgent reports first, then the oldest, with full text, authors, unit, category, attachments and similar reports", async () => {
    h.clock = new Date("2026-05-10T02:00:00Z");
    const old = await writeReport(h, r.standing, {
      title: "关于加强农村饮水安全管理的建议",
      situation: ["某村饮水困难，涉及1,200人，水源地缺乏保护。"],
      coauthors: ["李华"],
      photos: ["photo-a"],
    });
    h.clock = new Date("2026-05-11T02:00:00Z");
    const newer = await writeReport(h, r.informant, {
      title: "关于规范校外培训机构收费的建议",
      situation: ["部分培训机构预收费过高，退费难。"],
      suggestions: ["建立预收费资金监管账户。"],
    });
    h.clock = new Date("2026-05-12T02:00:00Z");
    const urgent = await writeReport(h, r.member, {
      title: "关于尽快修复危桥的紧急建议",
      situation: ["某镇一座桥梁出现裂缝，每天有学生通行。"],
      suggestions: ["立即封闭并组织检测。"],
      urgent: true,
    });
    h.clock = new Date("2026-05-13T02:00:00Z");
    const similar = await writeReport(h, r.member, {
      title: "关于加强农村饮水安全管理的建议",
      situation: ["某村饮水困难，涉及1,200人，水源地缺乏保护。"],
    });

    const start = r.staff.texts().length;
    await r.staff.send("/review");
    let shown = since(r.staff, start);
    expect(shown).toContain("关于尽快修复危桥的紧急建议");
    expect(shown).toContain("【急】");
    expect(shown).toContain("待审核：第1篇，共4篇");
    expect(shown).toContain("作者：李华（民建县委会）");

    // Next: the oldest of the rest, with everything staff need to judge it.
    let mark = r.staff.texts().length;
    await r.staff.press(buttonLabelled(r.staff, "下一篇"));
    shown = since(r.staff, mark);
    expect(shown).toContain("待审核：第2篇，共4篇");
    expect(shown).toContain("<b>关于加强农村饮水安全管理的建议</b>");
    expect(shown).toContain("作者：张明、李华（民建县委会）");
    expect(shown).toContain("类别：经济发展");
    expect(shown).toContain("附件：1个");
    expect(shown).toContain("某村饮水困难，涉及1,200人");
    expect(shown).toContain("相近的信息");
    expect(shown).toContain(`#${similar.reportId}“关于加强农村饮水安全管理的建议”`);

    // Attachments are sent again on demand.
    await r.staff.press(buttonLabelled(r.staff, "附件"));
    const photo = h.telegram.callsOf("sendPhoto").at(-1);
    expect(photo?.payload).toMatchObject({ chat_id: r.staff.id, photo: "photo-photo-a" });

    mark = r.staff.texts().length;
    await r.staff.press(rv({ action: "next", reportId: old.reportId! }));
    expect(since(r.staff, mark)).toContain("关于规范校外培训机构收费的建议");
    await r.staff.press(rv({ action: "next", reportId: newer.reportId! }));
    await r.staff.press(rv({ action: "next", reportId: similar.reportId! }));
    expect(r.staff.lastText()).toContain("后面没有待审核的信息了");
    expect(urgent.reportId).toBeDefined();
  });

  it("says so when nothing waits", async () => {
    await r.staff.send("/review");
    expect(r.staff.lastText()).toBe("没有待审核的信息。");
  });

  it("accepts and records publication in the own bulletin (single piece); authors and co-authors are told in their language", async () => {
    await r.member.send("/lang en");
    const { reportId } = await writeReport(h, r.standing, { coauthors: ["李华"] });
    await r.staff.send("/review");
    await r.staff.press(buttonLabelled(r.staff, "✅ 录用"));
    expect(r.staff.lastText()).toContain("是否在本级刊物编发");
    const authorBefore = r.standing.texts().length;
    const coauthorBefore = r.member.texts().length;
    await r.staff.press(buttonLabelled(r.staff, "单篇编发"));

    expect(await eventsOf(h, reportId!)).toEqual([
      { kind: "submitted", level: null, mode: null, note: null, actor: "张明" },
      { kind: "accepted", level: null, mode: null, note: null, actor: "陈静" },
      { kind: "adopted", level: "county", mode: "single", note: null, actor: "陈静" },
    ]);
    const report = await reportOf(h, reportId!);
    expect(report.status).toBe("accepted");
    expect(report.version).toBe(2);
    expect(r.staff.texts()).toContain(
      `✅ 已录用 #${reportId}“关于加强农村饮水安全管理的建议”，记为本级刊物单篇编发，已通知作者。`,
    );
    expect(r.staff.lastText()).toBe("没有待审核的信息。");
    expect(r.standing.texts().slice(authorBefore)).toEqual([
      `✅ 您的信息“关于加强农村饮水安全管理的建议”（#${reportId}）已录用。`,
      `🏅 您的信息“关于加强农村饮水安全管理的建议”（#${reportId}）被县级采用（单篇）。`,
    ]);
    expect(r.member.texts().slice(coauthorBefore)).toEqual([
      `✅ Your report “关于加强农村饮水安全管理的建议” (#${reportId}) was accepted.`,
      `🏅 Your report “关于加强农村饮水安全管理的建议” (#${reportId}) was adopted at the county level (single piece).`,
    ]);
  });

  it("accepts as a combined piece, or without publishing", async () => {
    const first = await writeReport(h, r.standing, { title: "关于完善社区养老服务的建议" });
    const second = await writeReport(h, r.informant, { title: "关于治理城区噪声污染的建议" });
    await r.staff.press(rv({ action: "accept", reportId: first.reportId!, version: 1 }));
    await r.staff.press(buttonLabelled(r.staff, "综合编发"));
    await r.staff.press(rv({ action: "accept", reportId: second.reportId!, version: 1 }));
    await r.staff.press(buttonLabelled(r.staff, "暂不编发"));
    expect((await eventsOf(h, first.reportId!)).map((e) => [e.kind, e.level, e.mode])).toEqual([
      ["submitted", null, null],
      ["accepted", null, null],
      ["adopted", "county", "combined"],
    ]);
    expect((await eventsOf(h, second.reportId!)).map((e) => e.kind)).toEqual(["submitted", "accepted"]);
    expect(r.informant.lastText()).toBe(
      `✅ 您的信息“关于治理城区噪声污染的建议”（#${second.reportId}）已录用。`,
    );
  });

  it("fixes the title (typed, checked) and the category before accepting", async () => {
    const { reportId } = await writeReport(h, r.standing, { title: "关于农村饮水的建议" });
    await r.staff.send("/review");
    await r.staff.press(buttonLabelled(r.staff, "✅ 录用"));
    await r.staff.press(buttonLabelled(r.staff, "修改标题"));
    expect(r.staff.lastText()).toContain("请发送新的标题");
    await r.staff.send("短");
    expect(r.staff.lastText()).toContain("标题太短");
    await r.staff.send("关于加强农村饮水安全\n管理的建议");
    expect(r.staff.lastText()).toContain("标题只能是一行");
    await r.staff.send("关于加强农村饮水安全管理的建议");
    expect(r.staff.texts().at(-2)).toBe(
      `已修改 #${reportId}：“关于加强农村饮水安全管理的建议”，类别：经济发展。`,
    );
    await r.staff.press(buttonLabelled(r.staff, "修改类别"));
    await r.staff.press(buttonLabelled(r.staff, "生态环境"));
    expect(r.staff.texts().at(-2)).toBe(
      `已修改 #${reportId}：“关于加强农村饮水安全管理的建议”，类别：生态环境。`,
    );
    // The buttons of the first accept question carry the old version: they are outdated now.
    await r.staff.press(rv({ action: "publish", reportId: reportId!, version: 1, as: "single" }));
    expect(r.staff.texts()).toContain(`#${reportId}在您打开之后有了变化，本次操作没有执行。请查看最新内容。`);
    expect((await reportOf(h, reportId!)).status).toBe("submitted");
    await r.staff.press(rv({ action: "accept", reportId: reportId!, version: 3 }));
    await r.staff.press(buttonLabelled(r.staff, "暂不编发"));
    const report = await reportOf(h, reportId!);
    expect(report).toMatchObject({
      status: "accepted",
      title: "关于加强农村饮水安全管理的建议",
      category: "生态环境",
      version: 4,
    });
    // The author's own text stays on record.
    const revision = await h.db
      .selectFrom("report_revisions")
      .select(["title", "category"])
      .where("report_id", "=", reportId!)
      .executeTakeFirstOrThrow();
    expect(revision).toEqual({ title: "关于农村饮水的建议", category: "经济发展" });
    expect(r.standing.lastText()).toBe(`✅ 您的信息“关于加强农村饮水安全管理的建议”（#${reportId}）已录用。`);
  });

  it("returns with a preset reason: the main author is told how to revise, co-authors that the main author will", async () => {
    const { reportId } = await writeReport(h, r.standing, { coauthors: ["李华"] });
    await r.staff.send("/review");
    await r.staff.press(buttonLabelled(r.staff, "退回修改"));
    expect(r.staff.lastText()).toContain("1. 属于镇街层面可以解决的问题");
    expect(r.staff.lastText()).toContain("6. 未做到一事一报");
    await r.staff.press(buttonLabelled(r.staff, "未做到一事一报"));

    expect((await reportOf(h, reportId!)).status).toBe("returned");
    const events = await eventsOf(h, reportId!);
    expect(events.at(-1)).toEqual({
      kind: "returned",
      level: null,
      mode: null,
      note: "未做到一事一报",
      actor: "陈静",
    });
    expect(r.staff.texts()).toContain(
      `↩️ 已退回 #${reportId}“关于加强农村饮水安全管理的建议”，已把原因告诉作者。`,
    );
    expect(r.standing.lastText()).toBe(
      [
        `↩️ 您的信息“关于加强农村饮水安全管理的建议”（#${reportId}）被退回修改。`,
        "意见：未做到一事一报",
        "请发送 /my 打开这篇信息，按意见修改后重新提交。",
      ].join("\n"),
    );
    expect(r.member.lastText()).toContain("将由第一作者修改后重新提交");
    expect(r.member.lastText()).toContain("意见：未做到一事一报");

    // The author revises through /my; the report is back in the queue, as revision 2.
    await r.standing.press(my({ action: "revise", reportId: reportId! }));
    await r.standing.press(flowData(await draftOf(h, reportId!), "submit"));
    expect((await reportOf(h, reportId!)).status).toBe("submitted");
    await r.staff.send("/review");
    expect(r.staff.texts().join("\n")).toContain("第2稿");
  });

  it("rejects with a typed reason; /cancel leaves the prompt without recording anything", async () => {
    const { reportId } = await writeReport(h, r.informant, { title: "关于调整某局长职务的建议" });
    await r.staff.send("/review");
    await r.staff.press(buttonLabelled(r.staff, "不予录用"));
    await r.staff.press(buttonLabelled(r.staff, "其他原因"));
    expect(r.staff.lastText()).toContain("请输入原因");
    await r.staff.send("/cancel");
    expect(r.staff.lastText()).toBe("已取消，没有记录任何内容。");
    await r.staff.send("这段话不是原因");
    expect(r.staff.lastText()).not.toContain("已不予录用");
    expect((await reportOf(h, reportId!)).status).toBe("submitted");

    await r.staff.press(rv({ action: "reject", reportId: reportId!, version: 1 }));
    await r.staff.press(buttonLabelled(r.staff, "其他原因"));
    await r.staff.sendPhoto("not-a-reason");
    expect(r.staff.lastText()).toBe("请用文字回复，或发送 /cancel 放弃。");
    await r.staff.send("属于人事问题，请通过组织渠道反映。");
    expect((await reportOf(h, reportId!)).status).toBe("rejected");
    expect((await eventsOf(h, reportId!)).at(-1)).toMatchObject({
      kind: "rejected",
      note: "属于人事问题，请通过组织渠道反映。",
      actor: "陈静",
    });
    expect(r.informant.lastText()).toBe(
      [
        `您的信息“关于调整某局长职务的建议”（#${reportId}）不予录用。`,
        "原因：属于人事问题，请通过组织渠道反映。",
        "感谢您的参与，欢迎继续反映社情民意。",
      ].join("\n"),
    );
    // The prompt was answered once: the next message is ordinary chat again.
    await r.staff.send("谢谢");
    expect(r.staff.lastText()).toContain("我没有理解这条消息");
  });

  it("reasons come from the settings", async () => {
    await r.admin.send("/settings set rejectReasons 建议不具体,数据不准确");
    const { reportId } = await writeReport(h, r.standing);
    await r.staff.press(rv({ action: "return", reportId: reportId!, version: 1 }));
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual([
      "建议不具体",
      "数据不准确",
      "✍️ 其他原因（自己输入）",
    ]);
    await r.staff.press(buttonLabelled(r.staff, "数据不准确"));
    expect((await eventsOf(h, reportId!)).at(-1)?.note).toBe("数据不准确");
  });

  it("two staff accepting the same card at once: one is applied, the other is told it was already handled", async () => {
    const { reportId } = await writeReport(h, r.standing);
    await r.staff.send("/review");
    await r.admin.send("/review");
    const data = rv({ action: "publish", reportId: reportId!, version: 1, as: "single" });
    const responses = await Promise.all([r.staff.press(data), r.admin.press(data)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);

    const events = await eventsOf(h, reportId!);
    expect(events.filter((e) => e.kind === "accepted")).toHaveLength(1);
    expect(events.filter((e) => e.kind === "adopted")).toHaveLength(1);
    expect((await reportOf(h, reportId!)).version).toBe(2);
    const winner = events.find((e) => e.kind === "accepted")?.actor;
    const loser = winner === "陈静" ? r.admin : r.staff;
    expect(loser.texts().join("\n")).toContain(
      `#${reportId}刚刚已经被处理过了（采用，经办：${winner}），本次操作没有执行，也不会重复记录。`,
    );
    // The authors heard about it once.
    expect(r.standing.texts().filter((t) => t.includes("已录用"))).toHaveLength(1);
  });

  it("a button of a card someone else decided since is refused, naming what happened", async () => {
    const { reportId } = await writeReport(h, r.standing);
    await r.admin.press(rv({ action: "return", reportId: reportId!, version: 1 }));
    await r.admin.press(buttonLabelled(r.admin, "与已有信息重复"));
    await r.staff.press(rv({ action: "publish", reportId: reportId!, version: 1, as: "single" }));
    expect(r.staff.texts().join("\n")).toContain("（退回修改，经办：刘洋）");
    expect((await eventsOf(h, reportId!)).map((e) => e.kind)).toEqual(["submitted", "returned"]);
  });
});

describe("review authorization", () => {
  let h: Harness;
  let r: Roster;
  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  it("members may not open the queue, and their forged buttons change nothing", async () => {
    const { reportId } = await writeReport(h, r.standing);
    await r.member.send("/review");
    expect(r.member.lastText()).toBe("抱歉，您没有权限进行此操作。");
    for (const data of [
      rv({ action: "publish", reportId: reportId!, version: 1, as: "single" }),
      rv({ action: "return-reason", reportId: reportId!, version: 1, index: 0 }),
      rv({ action: "reject-reason", reportId: reportId!, version: 1, index: 0 }),
      rv({ action: "fix-title", reportId: reportId!, version: 1 }),
      rv({ action: "set-category", reportId: reportId!, version: 1, index: 3 }),
      ca({ action: "ado", reportId: reportId!, version: 1, level: "county", mode: "single" }),
    ]) {
      await r.standing.press(data);
      expect(r.standing.lastText()).toBe("抱歉，您没有权限进行此操作。");
    }
    await r.leader.press(rv({ action: "publish", reportId: reportId!, version: 1, as: "single" }));
    expect(r.leader.lastText()).toBe("抱歉，您没有权限进行此操作。");
    expect((await eventsOf(h, reportId!)).map((e) => e.kind)).toEqual(["submitted"]);
    expect(await reportOf(h, reportId!)).toMatchObject({ status: "submitted", version: 1 });
  });

  it("malformed data is refused as stale", async () => {
    const { reportId } = await writeReport(h, r.standing);
    for (const data of [
      `rv1:pub:${reportId}:1:x`,
      "rv1:pub:abc:1:single",
      `rv:pub:${reportId}:1:s`,
      rv({ action: "set-category", reportId: reportId!, version: 1, index: 99 }),
      "rv1:zzz:1:1",
    ]) {
      await r.staff.press(data);
      expect(r.staff.lastText()).toBe("这个按钮已失效，请重新打开相应的菜单。");
    }
    expect((await eventsOf(h, reportId!)).map((e) => e.kind)).toEqual(["submitted"]);
  });

  it("a staff member deactivated mid-review can neither press nor answer a prompt", async () => {
    const { reportId } = await writeReport(h, r.standing);
    await r.staff.send("/review");
    await r.staff.press(buttonLabelled(r.staff, "退回修改"));
    await r.staff.press(buttonLabelled(r.staff, "其他原因"));
    const staffPerson = await h.db
      .selectFrom("people")
      .select("id")
      .where("telegram_id", "=", r.staff.id)
      .executeTakeFirstOrThrow();
    await r.admin.press(
      rosterButtons.encode({ action: "set-active", personId: staffPerson.id, active: false }),
    );

    await r.staff.send("请补充具体数据后再报。");
    expect(r.staff.lastText()).toContain("您的账号已停用");
    await r.staff.press(rv({ action: "publish", reportId: reportId!, version: 1, as: "single" }));
    expect(r.staff.lastText()).toContain("您的账号已停用");
    expect(await reportOf(h, reportId!)).toMatchObject({ status: "submitted", version: 1 });
    expect((await eventsOf(h, reportId!)).map((e) => e.kind)).toEqual(["submitted"]);
  });
});

describe("author notifications", () => {
  it("a blocked author does not fail the staff action", async () => {
    const h = await Harness.create();
    const r = await seedBasicRoster(h);
    const { reportId } = await writeReport(h, r.standing);
    const callsBefore = h.telegram.calls.length;
    h.telegram.hooks.push((call) =>
      call.method === "sendMessage" && Number(call.payload.chat_id) === r.standing.id
        ? { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }
        : undefined,
    );
    await r.staff.press(rv({ action: "accept", reportId: reportId!, version: 1 }));
    const response = await r.staff.press(buttonLabelled(r.staff, "单篇编发"));
    expect(response.status).toBe(200);
    expect((await reportOf(h, reportId!)).status).toBe("accepted");
    expect(r.staff.texts().join("\n")).toContain(`✅ 已录用 #${reportId}`);
    // Staff see the author as unreachable, and the second message of the press was not tried after the 403.
    const author = await h.db
      .selectFrom("people")
      .select("unreachable_at")
      .where("telegram_id", "=", r.standing.id)
      .executeTakeFirstOrThrow();
    expect(author.unreachable_at).not.toBeNull();
    const tried = h.telegram.calls
      .slice(callsBefore)
      .filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === r.standing.id);
    expect(tried.map((c) => String(c.payload.text).slice(0, 2))).toEqual(["✅ "]);
  });
});

async function draftOf(h: Harness, reportId: number): Promise<number> {
  const draft = await h.db
    .selectFrom("drafts")
    .select("id")
    .where("report_id", "=", reportId)
    .where("submitted_report_id", "is", null)
    .executeTakeFirstOrThrow();
  return draft.id;
}
