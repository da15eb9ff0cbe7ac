import { beforeEach, describe, expect, it } from "vitest";
import { setPersonalMenu } from "../../src/bot/commands";
import { Harness } from "../support/harness";
import { buttonLabelled, writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { myButtons } from "../../src/handlers/my-reports/callback-data";
import { buttonFor } from "../support/codecs";
import { cardButtons, reviewButtons } from "../../src/handlers/review/callback-data";
import { isButton } from "../support/codecs";

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
      "report_events.department",
      "people.name as actor",
    ])
    .where("report_events.report_id", "=", reportId)
    .orderBy("report_events.id")
    .execute();
}

async function reportOf(h: Harness, reportId: number) {
  return h.db.selectFrom("reports").selectAll().where("id", "=", reportId).executeTakeFirstOrThrow();
}

/** Writes a report and has staff accept it (without publishing); returns its id. */
async function acceptedReport(h: Harness, r: Roster, options: Parameters<typeof writeReport>[2] = {}) {
  const { reportId } = await writeReport(h, r.standing, options);
  await r.staff.press(rv({ action: "publish", reportId: reportId!, version: 1, as: "none" }));
  expect((await reportOf(h, reportId!)).status).toBe("accepted");
  return reportId!;
}

describe("/report: recording the life of a report after review", () => {
  let h: Harness;
  let r: Roster;
  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  it("records each step with who, level, mode, department and note; the authors hear of each; the timeline names staff", async () => {
    const id = await acceptedReport(h, r, { coauthors: ["李华"] });
    const title = "关于加强农村饮水安全管理的建议";
    const authorSaw = () => r.standing.lastText();

    await r.staff.send(`/report ${id}`);
    expect(r.staff.texts().join("\n")).toContain(`<b>${title}</b>`);
    expect(r.staff.lastText()).toContain("录用 · 经办：陈静");

    // Forwarded to the city.
    await r.staff.press(buttonFor(r.staff, cardButtons, "fwd"));
    expect(r.staff.lastText()).toContain(`#${id}“${title}”上报到哪一级？`);
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual(["市级", "省级", "全国", "« 返回"]);
    await r.staff.press(buttonLabelled(r.staff, "市级"));
    expect(authorSaw()).toBe(`📤 您的信息“${title}”（#${id}）已上报市级。`);
    expect(r.staff.texts()).toContain(`✅ 已记录 #${id}“${title}”：上报 · 市级。已通知作者。`);

    // Adopted by the city, in a combined piece.
    await r.staff.press(buttonFor(r.staff, cardButtons, "ado"));
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual(["县级", "市级", "省级", "全国", "« 返回"]);
    await r.staff.press(buttonLabelled(r.staff, "市级"));
    await r.staff.press(buttonLabelled(r.staff, "综合"));
    expect(authorSaw()).toBe(`🏅 您的信息“${title}”（#${id}）被市级采用（综合）。`);

    // A leader's instruction at the city level, typed.
    await r.staff.press(buttonFor(r.staff, cardButtons, "ins"));
    await r.staff.press(buttonLabelled(r.staff, "市级"));
    expect(r.staff.lastText()).toContain("请输入市级领导批示的内容");
    await r.staff.send("王副市长批示：请水利局牵头研究落实。");
    expect(authorSaw()).toBe(
      `🖊 您的信息“${title}”（#${id}）获得市级领导批示：\n王副市长批示：请水利局牵头研究落实。`,
    );

    // Transferred to a department, typed; then the department's reply.
    await r.staff.press(buttonFor(r.staff, cardButtons, "tra"));
    await r.staff.send("县水利局");
    expect(authorSaw()).toBe(`🏢 您的信息“${title}”（#${id}）已转县水利局办理。`);
    await r.staff.press(buttonFor(r.staff, cardButtons, "rep"));
    expect(r.staff.lastText()).toContain("请输入县水利局答复的要点");
    await r.staff.send("已安排专项资金，年底前完成改造。");
    expect(authorSaw()).toBe(
      `💬 县水利局对您的信息“${title}”（#${id}）作出答复：\n已安排专项资金，年底前完成改造。`,
    );

    // Closed, after confirming.
    await r.staff.press(buttonFor(r.staff, cardButtons, "clo"));
    expect(r.staff.lastText()).toContain("确定将");
    await r.staff.press(buttonLabelled(r.staff, "确认办结"));
    expect(authorSaw()).toBe(`🔒 您的信息“${title}”（#${id}）已办结。发送 /my 可以查看全部办理进程。`);

    // The report's text went to staff once, with /report: every step since edited the card's panel in place.
    const textSent = h.telegram.calls.filter(
      (c) =>
        c.method === "sendMessage" &&
        Number(c.payload.chat_id) === r.staff.id &&
        String(c.payload.text).includes(`<b>${title}</b>`),
    );
    expect(textSent).toHaveLength(1);

    // A higher body's notice often comes after the department replied: adoption is still recorded.
    await r.admin.send(`/report ${id}`);
    await r.admin.press(buttonFor(r.admin, cardButtons, "ado"));
    await r.admin.press(buttonLabelled(r.admin, "省级"));
    await r.admin.press(buttonLabelled(r.admin, "单篇"));

    expect(await eventsOf(h, id)).toEqual([
      { kind: "submitted", level: null, mode: null, note: null, department: null, actor: "张明" },
      { kind: "accepted", level: null, mode: null, note: null, department: null, actor: "陈静" },
      { kind: "forwarded", level: "city", mode: null, note: null, department: null, actor: "陈静" },
      { kind: "adopted", level: "city", mode: "combined", note: null, department: null, actor: "陈静" },
      {
        kind: "instructed",
        level: "city",
        mode: null,
        note: "王副市长批示：请水利局牵头研究落实。",
        department: null,
        actor: "陈静",
      },
      { kind: "transferred", level: null, mode: null, note: null, department: "县水利局", actor: "陈静" },
      {
        kind: "replied",
        level: null,
        mode: null,
        note: "已安排专项资金，年底前完成改造。",
        department: "县水利局",
        actor: "陈静",
      },
      { kind: "closed", level: null, mode: null, note: null, department: null, actor: "陈静" },
      { kind: "adopted", level: "province", mode: "single", note: null, department: null, actor: "刘洋" },
    ]);
    expect(await reportOf(h, id)).toMatchObject({ status: "closed", version: 9 });
    // Co-authors hear of every step too.
    expect(r.member.texts().filter((t) => t.includes(`（#${id}）`))).toHaveLength(8);

    // The timeline on the card and in the author's /my names the staff who acted.
    const timeline = r.admin.lastMessageText();
    expect(timeline).toContain("上报 · 经办：陈静 · 层级：市级");
    expect(timeline).toContain("采用 · 经办：陈静 · 层级：市级 · 方式：综合");
    expect(timeline).toContain("转办 · 经办：陈静 · 承办部门：县水利局");
    expect(timeline).toContain("采用 · 经办：刘洋 · 层级：省级 · 方式：单篇");
    await r.standing.press(my({ action: "view", reportId: id }));
    expect(r.standing.lastText()).toContain("领导批示 · 经办：陈静 · 层级：市级");
  });

  it("publication in the own bulletin can be recorded after accepting too", async () => {
    const id = await acceptedReport(h, r);
    await r.staff.send(`/report ${id}`);
    await r.staff.press(ca({ action: "ado", reportId: id, version: 2, level: "county" }));
    await r.staff.press(buttonLabelled(r.staff, "单篇"));
    expect((await eventsOf(h, id)).at(-1)).toMatchObject({
      kind: "adopted",
      level: "county",
      mode: "single",
    });
    expect((await reportOf(h, id)).status).toBe("accepted");
  });

  it("levels and the own level come from the settings", async () => {
    await r.admin.send("/settings set ownLevel city");
    const id = await acceptedReport(h, r);
    await r.staff.press(ca({ action: "fwd", reportId: id, version: 2 }));
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual(["省级", "全国", "« 返回"]);
    await r.staff.press(ca({ action: "ado", reportId: id, version: 2 }));
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual(["市级", "省级", "全国", "« 返回"]);
    await r.staff.press(ca({ action: "ado", reportId: id, version: 2, level: "county", mode: "single" }));
    expect(r.staff.lastText()).toBe("不能记录低于本级的采用或批示。");
    await r.staff.press(ca({ action: "fwd", reportId: id, version: 2, level: "city" }));
    expect(r.staff.lastText()).toBe("只能上报到本级以上的层级。");
    expect((await eventsOf(h, id)).map((e) => e.kind)).toEqual(["submitted", "accepted"]);
  });

  it("a committee at the top of its ladder has nowhere to forward to, and says so", async () => {
    await r.admin.send("/settings set ownLevel national");
    const id = await acceptedReport(h, r);
    await r.staff.press(ca({ action: "fwd", reportId: id, version: 2 }));
    expect(r.staff.lastText()).toBe(
      "本会已是最高一级，没有可以上报的上级。如需调整，请管理员修改层级设置（levels、ownLevel）。",
    );
    expect((await eventsOf(h, id)).map((e) => e.kind)).toEqual(["submitted", "accepted"]);
  });
});

describe("illegal steps are refused with a clear answer, and change nothing", () => {
  let h: Harness;
  let r: Roster;
  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  it("adopting (or anything else for) a rejected report", async () => {
    const { reportId } = await writeReport(h, r.standing);
    await r.staff.press(rv({ action: "reject-reason", reportId: reportId!, version: 1, index: 3 }));
    expect((await reportOf(h, reportId!)).status).toBe("rejected");
    await r.staff.send(`/report ${reportId}`);
    expect(r.staff.lastText()).toContain("已不予录用，不再记录办理进程。");
    expect(r.staff.lastButtons().some(isButton(cardButtons, "ado"))).toBe(false);
    for (const data of [
      ca({ action: "ado", reportId: reportId!, version: 2 }),
      ca({ action: "ado", reportId: reportId!, version: 2, level: "county", mode: "single" }),
      ca({ action: "tra", reportId: reportId!, version: 2 }),
    ]) {
      await r.staff.press(data);
      expect(r.staff.lastText()).toBe("这篇信息已不予录用，不能再记录任何办理进程。");
    }
    expect((await eventsOf(h, reportId!)).map((e) => e.kind)).toEqual(["submitted", "rejected"]);
  });

  it("replying before a transfer", async () => {
    const id = await acceptedReport(h, r);
    await r.staff.send(`/report ${id}`);
    await r.staff.press(buttonFor(r.staff, cardButtons, "rep"));
    expect(r.staff.lastText()).toBe("这篇信息还没有转办，不能记录部门答复。请先记录“转办”。");
    // No prompt was opened: the next text is not taken as a reply.
    await r.staff.send("部门已答复");
    expect((await eventsOf(h, id)).map((e) => e.kind)).toEqual(["submitted", "accepted"]);
  });

  it("adoption above the own level before forwarding; forwarding or closing before acceptance", async () => {
    const id = await acceptedReport(h, r);
    await r.staff.press(ca({ action: "ado", reportId: id, version: 2, level: "city", mode: "single" }));
    expect(r.staff.lastText()).toBe("这篇信息还没有上报，不能记录市级的采用或批示。请先记录“上报”。");
    await r.staff.press(ca({ action: "ins", reportId: id, version: 2, level: "province" }));
    expect(r.staff.lastText()).toContain("不能记录省级的采用或批示");

    const { reportId: waiting } = await writeReport(h, r.informant, { title: "关于治理城区噪声污染的建议" });
    await r.staff.press(ca({ action: "fwd", reportId: waiting!, version: 1, level: "city" }));
    expect(r.staff.lastText()).toBe("这篇信息还没有录用（当前：已报送，待审核），不能记录这一步。");
    await r.staff.press(ca({ action: "clo", reportId: waiting!, version: 1, confirmed: true }));
    expect(r.staff.lastText()).toContain("还没有录用");
    expect((await eventsOf(h, id)).map((e) => e.kind)).toEqual(["submitted", "accepted"]);
    expect((await eventsOf(h, waiting!)).map((e) => e.kind)).toEqual(["submitted"]);
  });

  it("the same adoption twice, and steps after closing", async () => {
    const id = await acceptedReport(h, r);
    await r.staff.press(ca({ action: "ado", reportId: id, version: 2, level: "county", mode: "single" }));
    await r.staff.press(ca({ action: "ado", reportId: id, version: 3, level: "county", mode: "combined" }));
    expect(r.staff.lastText()).toBe("县级对这篇信息的采用已经记录过了，不重复记录。");
    await r.staff.press(ca({ action: "clo", reportId: id, version: 3, confirmed: true }));
    await r.staff.press(ca({ action: "tra", reportId: id, version: 4 }));
    expect(r.staff.lastText()).toBe("这篇信息已经办结，只能再记录采用或领导批示。");
    expect((await eventsOf(h, id)).map((e) => e.kind)).toEqual([
      "submitted",
      "accepted",
      "adopted",
      "closed",
    ]);
  });

  it("after publication in the own bulletin, the adopt button still records higher levels' adoptions", async () => {
    const { reportId } = await writeReport(h, r.standing);
    const id = reportId!;
    await r.staff.press(rv({ action: "publish", reportId: id, version: 1, as: "single" }));
    await r.staff.send(`/report ${id}`);
    await r.staff.press(buttonFor(r.staff, cardButtons, "fwd"));
    await r.staff.press(buttonLabelled(r.staff, "市级"));

    // The county's own adoption is recorded: the button offers only the levels above it.
    await r.staff.press(buttonFor(r.staff, cardButtons, "ado"));
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual(["市级", "省级", "全国", "« 返回"]);
    await r.staff.press(buttonLabelled(r.staff, "市级"));
    await r.staff.press(buttonLabelled(r.staff, "单篇"));
    expect(r.standing.lastText()).toContain("被市级采用（单篇）");

    await r.staff.press(buttonFor(r.staff, cardButtons, "ado"));
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual(["省级", "全国", "« 返回"]);
    await r.staff.press(buttonLabelled(r.staff, "省级"));
    await r.staff.press(buttonLabelled(r.staff, "综合"));
    await r.staff.press(buttonFor(r.staff, cardButtons, "ado"));
    // A combined piece may still be followed by a single one at the same level.
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual(["省级", "全国", "« 返回"]);
    await r.staff.press(buttonLabelled(r.staff, "全国"));
    await r.staff.press(buttonLabelled(r.staff, "单篇"));
    await r.staff.press(buttonFor(r.staff, cardButtons, "ado"));
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual(["省级", "« 返回"]);
    await r.staff.press(buttonLabelled(r.staff, "省级"));
    await r.staff.press(buttonLabelled(r.staff, "单篇"));

    // Every level has its single adoption: the button says so instead of offering levels.
    await r.staff.press(buttonFor(r.staff, cardButtons, "ado"));
    expect(r.staff.lastText()).toBe("每一级对这篇信息的采用都已经记录过了，不重复记录。");
    expect((await eventsOf(h, id)).filter((e) => e.kind === "adopted").map((e) => [e.level, e.mode])).toEqual(
      [
        ["county", "single"],
        ["city", "single"],
        ["province", "combined"],
        ["national", "single"],
        ["province", "single"],
      ],
    );
  });

  it("a step on an outdated card is not applied; staff see who acted and the card as it is now", async () => {
    const id = await acceptedReport(h, r);
    await r.admin.press(ca({ action: "fwd", reportId: id, version: 2, level: "city" }));
    const before = r.staff.texts().length;
    await r.staff.press(ca({ action: "fwd", reportId: id, version: 2, level: "province" }));
    const said = r.staff.texts().slice(before).join("\n");
    expect(said).toContain(`#${id}刚刚已经被处理过了（上报，经办：刘洋）`);
    expect(said).toContain("上报 · 经办：刘洋 · 层级：市级");
    expect(r.staff.lastButtons()).toContainEqual([
      "📤 上报",
      ca({ action: "fwd", reportId: id, version: 3 }),
    ]);
    expect((await eventsOf(h, id)).filter((e) => e.kind === "forwarded")).toHaveLength(1);
  });

  it("a typed reply to a prompt whose report changed meanwhile is not applied", async () => {
    const id = await acceptedReport(h, r);
    await r.staff.press(ca({ action: "tra", reportId: id, version: 2 }));
    await r.admin.press(ca({ action: "clo", reportId: id, version: 2, confirmed: true }));
    await r.staff.send("县水利局");
    expect(r.staff.texts().join("\n")).toContain(`#${id}刚刚已经被处理过了（办结，经办：刘洋）`);
    expect((await eventsOf(h, id)).map((e) => e.kind)).toEqual(["submitted", "accepted", "closed"]);
  });

  it("members' forged buttons and commands change nothing", async () => {
    const id = await acceptedReport(h, r);
    for (const data of [
      ca({ action: "ado", reportId: id, version: 2, level: "county", mode: "single" }),
      ca({ action: "clo", reportId: id, version: 2, confirmed: true }),
      ca({ action: "fwd", reportId: id, version: 2, level: "city" }),
      ca({ action: "view", reportId: id }),
    ]) {
      await r.member.press(data);
      expect(r.member.lastText()).toBe("抱歉，您没有权限进行此操作。");
    }
    await r.member.send(`/report ${id}`);
    expect(r.member.lastText()).toBe("抱歉，您没有权限进行此操作。");
    await r.member.send("/find 饮水");
    expect(r.member.lastText()).toBe("抱歉，您没有权限进行此操作。");
    expect(await reportOf(h, id)).toMatchObject({ status: "accepted", version: 2 });
  });

  it("a typed step is refused while the staff member is writing a report of their own", async () => {
    const id = await acceptedReport(h, r);
    await r.staff.send("/new");
    await r.staff.press(ca({ action: "tra", reportId: id, version: 2 }));
    expect(r.staff.lastText()).toBe("您正在撰写一篇信息。请先写完或发送 /cancel 退出，再做这一步。");
    const prompts = await h.db.selectFrom("staff_prompts").selectAll().execute();
    expect(prompts).toEqual([]);
  });

  it("checks typed text: one line for a department, a limit on length", async () => {
    const id = await acceptedReport(h, r);
    await r.staff.press(ca({ action: "tra", reportId: id, version: 2 }));
    await r.staff.send("县水利局\n县财政局");
    expect(r.staff.lastText()).toBe("请只写一行。");
    await r.staff.send("局".repeat(61));
    expect(r.staff.lastText()).toBe("内容太长（61字，最多60字），请精简后重新发送。");
    await r.staff.send("县水利局");
    expect((await eventsOf(h, id)).at(-1)).toMatchObject({ kind: "transferred", department: "县水利局" });
  });
});

describe("/report and /find for staff", () => {
  let h: Harness;
  let r: Roster;
  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  it("/report without a number, or with an unknown one", async () => {
    await r.staff.send("/report");
    expect(r.staff.lastText()).toContain("用法：/report 编号");
    await r.staff.send("/report #999");
    expect(r.staff.lastText()).toBe("没有编号为 #999的信息。");
  });

  it("finds reports by words in the title or text, by author, by co-author and by unit", async () => {
    h.clock = new Date("2026-05-10T02:00:00Z");
    const water = await writeReport(h, r.standing, {
      title: "关于加强农村饮水安全管理的建议",
      coauthors: ["李华"],
    });
    h.clock = new Date("2026-05-11T02:00:00Z");
    const fees = await writeReport(h, r.informant, {
      title: "关于规范校外培训机构收费的建议",
      situation: ["部分培训机构预收费过高，退费难，100% 预收。"],
    });

    const found = async (query: string) => {
      await r.staff.send(`/find ${query}`);
      return r.staff.lastButtons().map(([label]) => label);
    };
    expect(await found("饮水")).toEqual([`#${water.reportId}`]);
    expect(await found("退费难")).toEqual([`#${fees.reportId}`]);
    expect(await found("王芳")).toEqual([`#${fees.reportId}`]);
    expect(await found("李华")).toEqual([`#${water.reportId}`]);
    expect(await found("经济界")).toEqual([`#${fees.reportId}`]);
    expect(await found("建议")).toEqual([`#${fees.reportId}`, `#${water.reportId}`]);
    expect(await found("建议 民建")).toEqual([`#${water.reportId}`]);
    expect(r.staff.lastText()).toContain("找到1篇信息");
    expect(r.staff.lastText()).toContain(
      `#${water.reportId}“关于加强农村饮水安全管理的建议”— 已报送，待审核，张明（民建县委会），2026-05-10`,
    );

    await r.staff.send("/find 100%");
    expect(r.staff.lastButtons().map(([label]) => label)).toEqual([`#${fees.reportId}`]);
    await r.staff.send("/find 50%");
    expect(r.staff.lastText()).toBe("没有找到包含“50%”的信息。");
    await r.staff.send("/find");
    expect(r.staff.lastText()).toContain("用法：/find 关键词");

    // A result opens the card.
    await r.staff.press(ca({ action: "view", reportId: water.reportId! }));
    expect(r.staff.texts().join("\n")).toContain("<b>关于加强农村饮水安全管理的建议</b>");
  });

  it("staff commands are in the staff and admin menus and in their help", async () => {
    await r.staff.send("/help");
    expect(r.staff.lastText()).toContain("/review");
    expect(r.staff.lastText()).toContain("/report 编号");
    expect(r.staff.lastText()).toContain("/find 关键词");
    await r.admin.send("/help");
    expect(r.admin.lastText()).toContain("/review");
    for (const role of ["staff", "admin"] as const) {
      h.telegram.reset();
      await setPersonalMenu(h.minyi.bot.api, h.minyi.i18n, r.staff.id, role);
      const menu = h.telegram.callsOf("setMyCommands").find((c) => c.payload.language_code === undefined);
      const commands = ((menu?.payload.commands ?? []) as { command: string; description: string }[]).map(
        (c) => `${c.command}:${c.description}`,
      );
      expect(commands).toEqual(
        expect.arrayContaining(["review:审核待处理的信息", "report:打开信息，记录办理进程", "find:查找信息"]),
      );
    }
    h.telegram.reset();
    await setPersonalMenu(h.minyi.bot.api, h.minyi.i18n, r.member.id, "member");
    expect(JSON.stringify(h.telegram.callsOf("setMyCommands"))).not.toContain("review");
  });
});
