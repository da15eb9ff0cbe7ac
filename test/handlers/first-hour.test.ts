// A new committee's first hour, through the webhook: the bootstrap admin's first /start, naming the committee,
// the roster template (parsed as sent), the filled roster back, invites, and a member's first steps.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseRosterFile } from "../../src/roster/parse";
import { Harness } from "../support/harness";

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
    expect(admin.lastText()).toContain("新增人员 2 人");
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
