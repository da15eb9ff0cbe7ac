// A new committee's first hour, through the webhook: the bootstrap admin's first /start, naming the committee,
// the roster template (parsed as sent), the filled roster back, invites, and a member's first steps.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { loadSettings } from "../../src/db/settings";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { parseRosterFile } from "../../src/roster/parse";
import { type ChatUser, Harness } from "../support/harness";
import { writeReport } from "../support/reports";

/** The callback data of the last message's button whose label is `label` (or starts with it). */
function tap(user: ChatUser, label: string): Promise<Response> {
  const found = user.lastButtons().find(([text]) => text === label || text.startsWith(label));
  if (!found) throw new Error(`no button “${label}” in ${JSON.stringify(user.lastButtons())}`);
  return user.press(found[1]);
}

describe("a new committee's first hour", () => {
  it("walks the first admin from /start to a member writing", async () => {
    const h = await Harness.create({ adminIds: [777] });
    const t = (key: string, variables?: Record<string, string | number>) =>
      h.minyi.i18n.t("zh", key, variables);
    const admin = h.user(777, { firstName: "王主任" });

    // The first /start says "welcome" (not "back") and what to do first.
    await admin.send("/start");
    expect(admin.lastText()).toBe(t("start-first-admin", { name: "王主任" }));
    expect(admin.lastText()).not.toContain("欢迎回来");

    await admin.send("/settings set name 某某县政协");
    expect(admin.lastText()).toContain("已修改");
    await admin.send("/start");
    expect(admin.lastText()).toContain("某某县政协");

    // The template: Chinese headers, drop-down lists, two example rows the parser skips, an explanation sheet.
    await admin.send("/template");
    const sent = h.telegram.callsOf("sendDocument").at(-1);
    expect(sent?.payload.caption).toBe(t("roster-template-caption"));
    const template = sent?.files.document;
    expect(template?.name).toBe("名单模板.xlsx");
    const asSent = await parseRosterFile(template!.bytes, template!.name);
    expect(asSent).toEqual({ ok: true, rows: [], rejections: [] });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(template!.bytes).buffer);
    const sheet = workbook.getWorksheet("名单")!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      "姓名",
      "身份",
      "单位",
      "单位类型",
      "电话",
    ]);
    expect(sheet.getCell("B2").dataValidation.formulae?.[0]).toContain("特邀信息员");
    expect(sheet.getCell("D5").dataValidation.formulae?.[0]).toContain("民主党派");
    expect(workbook.getWorksheet("填写说明")?.getCell("A1").text).toContain("某某县政协");

    // Filled in below the examples and sent back.
    sheet.addRow(["陈静", "委员", "民革", "民主党派", "13900000001"]);
    sheet.addRow(["刘洋", "特邀信息员", "城关镇政协工作室", "镇街", ""]);
    const filled = new Uint8Array(await workbook.xlsx.writeBuffer());
    await admin.sendDocument("名单模板.xlsx", filled);
    expect(admin.lastText()).toContain("新增人员2人");
    const names = (await h.db.selectFrom("people").select("name").execute()).map((p) => p.name);
    expect(names.sort()).toEqual(["刘洋", "王主任", "陈静"].sort());

    // Invites: a CSV with each person's link; a member opens theirs and is bound.
    await admin.send("/invites");
    const invites = new TextDecoder().decode(
      h.telegram.callsOf("sendDocument").at(-1)?.files.document?.bytes,
    );
    expect(invites).toContain("陈静");
    const code = await h.inviteCodeOf("陈静");
    expect(invites).toContain(code);
    const member = h.user(501, { firstName: "Chen" });
    await member.send(`/start ${code}`);
    expect(member.lastText()).toContain("绑定成功");
    expect(member.lastText()).toContain("陈静");
    await member.send("/start");
    expect(member.lastText()).toContain("某某县政协");

    // The member's first report starts with a question (the flow itself is tested in submit's own tests).
    const before = member.texts().length;
    await member.send("/new");
    expect(member.texts().length).toBeGreaterThan(before);
    expect(member.lastText()).not.toContain(t("error-internal"));
  });

  it("sets a committee up through the guided set-up, then its roster, invites and a member's first report", async () => {
    let h = await Harness.create({ adminIds: [777] });
    const t = (key: string, variables?: Record<string, string | number>) =>
      h.minyi.i18n.t("zh", key, variables);
    let admin = h.user(777, { firstName: "王主任" });

    // The first /start: welcome (not "back"), the three steps, and the set-up offered as one tap.
    await admin.send("/start");
    expect(admin.lastText()).toBe(t("start-first-admin", { name: "王主任" }));
    await tap(admin, t("start-first-admin-button"));
    expect(admin.texts().at(-2)).toBe(t("setup-intro", { steps: 12 }));
    const step = (n: number) => t("setup-step", { step: n, steps: 12 });
    expect(admin.lastText()).toBe(`${step(1)}\n${t("setup-q-name")}`);

    // 1 typed, 2 typed, 3 tapped, 4 tapped (the default, marked), 5 typed with 《》.
    await admin.send("某某县政协");
    expect(admin.texts().at(-2)).toBe(
      t("setup-changed", { label: t("setting-label-name"), value: "某某县政协" }),
    );
    expect(admin.lastText()).toContain(step(2));
    await admin.send("某县政协");
    expect(admin.lastText()).toContain(t("setup-q-own-level"));
    await tap(admin, t("level-county"));
    expect(admin.lastText()).toContain(t("setup-q-time-zone"));

    // A restart in the middle: the question waits in the database; /start greets by name and asks it again.
    h = await h.restart();
    admin = h.user(777, { firstName: "王主任" });
    await admin.send("/start");
    expect(admin.texts().at(-2)).toBe(
      t("start-welcome-back", { name: "王主任", committee: "某某县政协", role: t("role-admin") }),
    );
    expect(admin.lastText()).toContain(`${step(4)}\n${t("setup-q-time-zone")}`);
    await tap(admin, `${t("words-tz-asia-shanghai")}`);
    expect(admin.lastText()).toContain(t("setup-q-publication-name"));
    await admin.send("《政协信息》");

    // Quotas: a typed one that does not read is explained and asked again; then typed, tapped, kept.
    expect(admin.lastText()).toContain(t("setup-q-quota", { role: t("role-standing") }));
    await admin.send("很多篇");
    expect(admin.texts().at(-2)).toBe(t("setup-typed-quota"));
    await admin.send("每年4篇");
    expect(admin.lastText()).toContain(t("setup-q-quota", { role: t("role-member") }));
    await tap(admin, "每年2篇");
    await tap(admin, t("setup-button-keep"));
    // Staff, leaders and admins owe none by default: asked, and passed over with a tap.
    for (const role of ["staff", "leader", "admin"]) {
      expect(admin.lastText()).toContain(t("setup-q-quota-optional", { role: t(`role-${role}`) }));
      await tap(admin, t("setup-button-keep"));
    }
    expect(admin.lastText()).toContain(`${step(12)}\n${t("setup-q-reject-reasons")}`);
    await admin.send("属于镇街层面可以解决的问题\n属于信访、诉讼事项\n与已有信息重复");

    const settings = await loadSettings(h.db);
    expect(settings).toMatchObject({
      name: "某某县政协",
      shortName: "某县政协",
      ownLevel: "county",
      timeZone: "Asia/Shanghai",
      publicationName: "政协信息",
      rejectReasons: ["属于镇街层面可以解决的问题", "属于信访、诉讼事项", "与已有信息重复"],
    });
    expect(settings.quotas).toMatchObject({
      standing: { count: 4, period: "year" },
      member: { count: 2, period: "year" },
      informant: DEFAULT_SETTINGS.quotas.informant,
      staff: null,
      leader: null,
      admin: null,
    });

    // The end: what is next, and the roster template to fill in and send back.
    expect(admin.texts().at(-2)).toBe(t("setup-done", { committee: "某某县政协" }));
    const sent = h.telegram.callsOf("sendDocument").at(-1);
    expect(sent?.payload.caption).toBe(t("setup-done-template"));
    const template = new ExcelJS.Workbook();
    await template.xlsx.load(new Uint8Array(sent!.files.document!.bytes).buffer);
    expect(template.getWorksheet("填写说明")?.getCell("A1").text).toContain("某某县政协");
    const columns = (template.getWorksheet("名单")!.getRow(1).values as string[]).slice(1);

    // A roster built from the template's columns, as an office would fill it in, sent back.
    const filled = new ExcelJS.Workbook();
    const sheet = filled.addWorksheet("名单");
    sheet.addRow(columns);
    const row = (person: Record<string, string>) =>
      sheet.addRow(columns.map((column) => person[column] ?? ""));
    row({ 姓名: "陈静", 身份: "委员", 单位: "民革", 单位类型: "民主党派", 电话: "13900000001" });
    row({ 姓名: "刘洋", 身份: "常委", 单位: "教育界", 单位类型: "界别" });
    row({ 姓名: "赵敏", 身份: "工作人员", 单位: "县政协办公室" });
    await admin.sendDocument("名单.xlsx", new Uint8Array(await filled.xlsx.writeBuffer()));
    expect(admin.lastText()).toContain(
      t("roster-imported", {
        rows: 3,
        unitsCreated: 3,
        peopleCreated: 3,
        peopleUpdated: 0,
        peopleUnchanged: 0,
      })
        .split("\n")
        .at(-1)!,
    );

    // Invites: a file with each unbound person's link.
    await admin.send("/invites");
    const invites = h.telegram.callsOf("sendDocument").at(-1);
    expect(invites?.payload.caption).toBe(t("roster-invites-caption", { count: 3 }));
    const code = await h.inviteCodeOf("陈静");
    expect(new TextDecoder().decode(invites?.files.document?.bytes)).toContain(code);

    // The member binds: greeted with the committee's name; /help is headed by it; the first report goes in.
    const member = h.user(501, { firstName: "Chen" });
    await member.send(`/start ${code}`);
    expect(member.lastText()).toBe(
      t("start-bound", { name: "陈静", committee: "某某县政协", unit: "民革", role: t("role-member") }),
    );
    await member.send("/help");
    expect(member.lastText().split("\n")[0]).toBe(t("help-header", { committee: "某某县政协" }));
    const { reportId } = await writeReport(h, member, { title: "关于改善城关镇老旧小区供水的建议" });
    // The confirmation heads the flow's message, above the report as staff see it.
    expect(member.lastText().split("\n")[0]).toBe(t("submit-done", { id: reportId! }));
    // The admin, staff too, hears of it at once (notifyStaff: immediately).
    expect(admin.texts().some((text) => text.includes(`#${reportId}`) && text.includes("陈静"))).toBe(true);
    // The quota the set-up gave members (2 a year) is what the member is measured against.
    await member.send("/me");
    const [before, after] = t("me-quota", {
      period: "2026年",
      required: 2,
      done: 1,
      owed: 1,
      days: "@",
    }).split("@");
    expect(member.lastText()).toContain(before);
    expect(member.lastText()).toContain(after);
  });

  it("the template is for staff only", async () => {
    const h = await Harness.create();
    await h.importRosterCsv("姓名,身份,单位\n陈静,委员,民革\n");
    const member = h.user(501);
    await member.send(`/start ${await h.inviteCodeOf("陈静")}`);
    await member.send("/template");
    expect(h.telegram.callsOf("sendDocument")).toEqual([]);
    expect(member.lastText()).toContain("没有权限");
  });
});
