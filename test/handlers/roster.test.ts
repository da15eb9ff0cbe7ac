import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { rosterButtons } from "../../src/handlers/roster/callback-data";
import { type ChatUser, Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";
import { rosterXlsx } from "../support/xlsx";

const encode = (s: string) => new TextEncoder().encode(s);
/** A roster button's data, as the keyboards write it. */
const ro = rosterButtons.encode;

describe("roster import by file", () => {
  let h: Harness;
  let staff: ChatUser;
  let admin: ChatUser;
  let member: ChatUser;
  beforeEach(async () => {
    h = await Harness.create();
    ({ staff, admin, member } = await seedBasicRoster(h));
  });

  const peopleCount = async () =>
    Number(
      (
        await h.db
          .selectFrom("people")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("imports a good CSV with Chinese headers and reports the summary", async () => {
    const csv =
      "姓名,身份,单位,单位类型,手机\n周杰,委员,农工党县委会,民主党派,13900000001\n吴敏,特邀信息员,教育界,界别,\n";
    await staff.sendDocument("名单.csv", encode(csv));
    expect(staff.lastText()).toContain("名单导入成功");
    expect(staff.lastText()).toContain("新增人员2人");
    const zhou = await h.db
      .selectFrom("people")
      .selectAll()
      .where("name", "=", "周杰")
      .executeTakeFirstOrThrow();
    expect(zhou.role).toBe("member");
    expect(zhou.invite_code).toMatch(/^[a-z2-9]{12}$/);
  });

  it("re-importing updates and never duplicates", async () => {
    const before = await peopleCount();
    const csv = "name,role,unit,unit type,phone\n张明,member,民建县委会,party,13800000099\n";
    await staff.sendDocument("roster.csv", encode(csv));
    expect(staff.lastText()).toContain("更新1人");
    expect(await peopleCount()).toBe(before);
    const zhang = await h.db
      .selectFrom("people")
      .selectAll()
      .where("name", "=", "张明")
      .executeTakeFirstOrThrow();
    expect(zhang.role).toBe("member");
    expect(zhang.phone).toBe("13800000099");
    expect(zhang.telegram_id).toBe(101);
  });

  it("rejects a file with bad rows entirely, naming each line and reason", async () => {
    const before = await peopleCount();
    await staff.sendDocument("roster.csv", readFileSync(new URL("../fixtures/roster.csv", import.meta.url)));
    const text = staff.texts().slice(-1)[0] ?? "";
    expect(text).toContain("没有导入任何内容");
    expect(text).toContain("第9行：与第2行重复");
    expect(text).toContain("第10行：无法识别的身份“局长”");
    expect(text).toContain("第11行：姓名为空");
    expect(await peopleCount()).toBe(before);
  });

  it("imports an XLSX and reports rejected rows in one", async () => {
    const good = await rosterXlsx([
      ["Name", "Role", "Unit", "Unit type", "Phone"],
      ["Zhou Jie", "member", "Education", "sector", 13900000001],
    ]);
    await staff.sendDocument("roster.xlsx", good);
    expect(staff.lastText()).toContain("新增人员1人");
    const bad = await rosterXlsx([
      ["姓名", "身份", "单位"],
      ["", "委员", "教育界"],
    ]);
    await staff.sendDocument("roster.xlsx", bad);
    expect(staff.lastText()).toContain("第2行：姓名为空");
  });

  it("answers a wrong file type clearly", async () => {
    await staff.sendDocument("roster.csv", encode(""));
    expect(staff.lastText()).toContain("名单文件是空的");
    await staff.sendDocument("名单.xlsx", encode("this is not a zip"));
    expect(staff.lastText()).toContain("无法读取");
    await staff.sendDocument("photo.pdf", encode("%PDF"));
    expect(staff.lastText()).toBe("不支持的文件类型。请发送 .csv 或 .xlsx 格式的名单。");
    await staff.sendDocument("roster.xls", encode("old excel"));
    expect(staff.lastText()).toContain("不支持的文件类型");
  });

  it("lets only an admin grant, change or take away staff and admin roles by file", async () => {
    const roleOf = async (name: string) =>
      (await h.db.selectFrom("people").select("role").where("name", "=", name).executeTakeFirstOrThrow())
        .role;
    const before = await peopleCount();
    // Staff promote themselves, demote the admin and add a new staff member: all refused, nothing written.
    await staff.sendDocument(
      "roster.csv",
      encode(
        "姓名,身份,单位,手机\n陈静,管理员,县政协办公室,13800000005\n刘洋,委员,县政协办公室,13800000006\n新人,工作人员,县政协办公室,\n周杰,委员,教育界,\n",
      ),
    );
    const refusal = staff.lastText();
    expect(refusal).toContain("没有导入任何内容");
    expect(refusal).toContain("第2行：陈静：只有管理员可以授予工作人员或管理员身份");
    expect(refusal).toContain("第3行：刘洋：是工作人员或管理员，只有管理员可以修改");
    expect(refusal).toContain("第4行：新人：只有管理员可以授予");
    expect(await roleOf("陈静")).toBe("staff");
    expect(await roleOf("刘洋")).toBe("admin");
    expect(await peopleCount()).toBe(before);
    await staff.send("/settings set name 坏人");
    expect(staff.lastText()).toContain("没有权限");
    // Staff rows left as they are, and writers changed: fine for staff.
    await staff.sendDocument(
      "roster.csv",
      encode(
        "姓名,身份,单位,手机\n陈静,工作人员,县政协办公室,13800000005\n李华,常委,民建县委会,13800000002\n",
      ),
    );
    expect(staff.lastText()).toContain("名单导入成功");
    expect(await roleOf("李华")).toBe("standing");
    // An admin may do it all.
    await admin.sendDocument("roster.csv", encode("姓名,身份,单位,手机\n新人,工作人员,县政协办公室,\n"));
    expect(admin.lastText()).toContain("新增人员1人");
    expect(await roleOf("新人")).toBe("staff");
  });

  it("a role changed by file moves the person's command menu", async () => {
    const menusBefore = h.telegram.callsOf("setMyCommands").length;
    await staff.sendDocument("roster.csv", encode("姓名,身份,单位,手机\n李华,领导,民建县委会,13800000002\n"));
    expect(staff.lastText()).toContain("更新1人");
    const menus = h.telegram.callsOf("setMyCommands").slice(menusBefore);
    expect(menus.map((call) => (call.payload.scope as { chat_id?: number }).chat_id)).toContain(102);
  });

  it("keeps a deactivated person deactivated when the file names them again", async () => {
    await h.db.updateTable("people").set({ active: 0 }).where("name", "=", "李华").execute();
    await staff.sendDocument("roster.csv", encode("姓名,身份,单位,手机\n李华,常委,民建县委会,13800000002\n"));
    expect(staff.lastText()).toContain("更新1人");
    expect(staff.lastText()).toContain("其中1人已停用");
    const li = await h.db
      .selectFrom("people")
      .selectAll()
      .where("name", "=", "李华")
      .executeTakeFirstOrThrow();
    expect(li.active).toBe(0);
    expect(li.role).toBe("standing");
  });

  it("recognises someone who moved to another unit by name and phone", async () => {
    const before = await peopleCount();
    await staff.sendDocument(
      "roster.csv",
      encode("姓名,身份,单位,单位类型,手机\n李华,委员,经济界,界别,13800000002\n"),
    );
    expect(staff.lastText()).toContain("更新1人");
    expect(await peopleCount()).toBe(before);
    const li = await h.db
      .selectFrom("people")
      .innerJoin("units", "units.id", "people.unit_id")
      .select(["units.name as unit", "people.telegram_id"])
      .where("people.name", "=", "李华")
      .executeTakeFirstOrThrow();
    expect(li).toEqual({ unit: "经济界", telegram_id: 102 });
    // Without a phone, a name in another unit is somebody else (namesakes exist).
    await staff.sendDocument("roster.csv", encode("姓名,身份,单位\n李华,委员,教育界\n"));
    expect(staff.lastText()).toContain("新增人员1人");
  });

  it("lists every rejected row: beyond the first fifty in an attached file", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `人员${i},局长,教育界`).join("\n");
    await staff.sendDocument("roster.csv", encode(`姓名,身份,单位\n${rows}\n`));
    expect(staff.texts().some((t) => t.includes("名单中有60行有问题"))).toBe(true);
    expect(staff.texts().some((t) => t.includes("另有10行有问题"))).toBe(true);
    const sent = h.telegram.callsOf("sendDocument").at(-1);
    expect(sent?.payload.caption).toBe("全部60行问题（行号和原因）。");
    const file = new TextDecoder().decode(sent!.files.document!.bytes);
    expect(file.split("\r\n").filter(Boolean)).toHaveLength(61);
    expect(file).toContain("61,无法识别的身份“局长”");
  });

  it("refuses a roster file from a member", async () => {
    const before = await peopleCount();
    await member.sendDocument("roster.csv", encode("姓名,身份,单位\n坏人,管理员,县政协办公室\n"));
    expect(member.lastText()).toContain("没有权限");
    expect(await peopleCount()).toBe(before);
  });
});

describe("roster management", () => {
  let h: Harness;
  let staff: ChatUser;
  let admin: ChatUser;
  let member: ChatUser;
  const idOf = async (name: string) =>
    (await h.db.selectFrom("people").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
  beforeEach(async () => {
    h = await Harness.create();
    ({ staff, admin, member } = await seedBasicRoster(h));
  });

  it("lists, pages and searches the roster", async () => {
    const rows = Array.from(
      { length: 15 },
      (_, i) => `人员${String(i).padStart(2, "0")},委员,教育界,界别,`,
    ).join("\n");
    await h.importRosterCsv(`姓名,身份,单位,单位类型,手机\n${rows}\n`);
    await staff.send("/roster");
    expect(staff.lastText()).toContain("共21人");
    const next = staff.lastButtons().find(([text]) => text.includes("下一页"));
    expect(next?.[1]).toBe(ro({ action: "page", offset: 10, search: "" }));
    await staff.press(next![1]);
    expect(staff.lastText()).toContain("名单11–20 / 共21人");
    await staff.send("/roster 张");
    expect(staff.lastText()).toContain("共1人");
    expect(staff.lastText()).toContain("张明");
    await staff.send("/roster 不存在");
    expect(staff.lastText()).toContain("没有找到");
    // % and _ are taken literally, not as wildcards.
    await staff.send("/roster %");
    expect(staff.lastText()).toContain("没有找到");
    await staff.send("/roster _");
    expect(staff.lastText()).toContain("没有找到");
  });

  it("shows a card with the invite link and changes role and unit", async () => {
    await h.importRosterCsv("姓名,身份,单位,单位类型,手机\n周杰,委员,教育界,界别,\n");
    const zhou = await idOf("周杰");
    await staff.press(ro({ action: "card", personId: zhou }));
    expect(staff.lastText()).toContain(`https://t.me/minyi_test_bot?start=${await h.inviteCodeOf("周杰")}`);
    await staff.press(ro({ action: "set-role", personId: zhou, role: "standing" }));
    expect(
      (await h.db.selectFrom("people").select("role").where("id", "=", zhou).executeTakeFirstOrThrow()).role,
    ).toBe("standing");
    const unit = await h.db
      .selectFrom("units")
      .select("id")
      .where("name", "=", "民建县委会")
      .executeTakeFirstOrThrow();
    await staff.press(ro({ action: "set-unit", personId: zhou, unitId: unit.id }));
    expect(
      (await h.db.selectFrom("people").select("unit_id").where("id", "=", zhou).executeTakeFirstOrThrow())
        .unit_id,
    ).toBe(unit.id);
  });

  it("only admins grant staff or admin roles", async () => {
    const li = await idOf("李华");
    await staff.press(ro({ action: "set-role", personId: li, role: "admin" }));
    expect(staff.lastText()).toContain("没有权限");
    expect(
      (await h.db.selectFrom("people").select("role").where("id", "=", li).executeTakeFirstOrThrow()).role,
    ).toBe("member");
    await admin.press(ro({ action: "set-role", personId: li, role: "staff" }));
    expect(
      (await h.db.selectFrom("people").select("role").where("id", "=", li).executeTakeFirstOrThrow()).role,
    ).toBe("staff");
  });

  it("deactivating keeps the person but stops their account", async () => {
    const li = await idOf("李华");
    await staff.press(ro({ action: "deactivate", personId: li }));
    await staff.press(ro({ action: "set-active", personId: li, active: false }));
    const row = await h.db.selectFrom("people").selectAll().where("id", "=", li).executeTakeFirstOrThrow();
    expect(row.active).toBe(0);
    expect(row.telegram_id).toBe(102);
    await member.send("/start");
    expect(member.lastText()).toContain("账号已停用");
  });

  it("refuses forged roster callbacks from a member and changes nothing", async () => {
    const zhang = await idOf("张明");
    for (const data of [
      ro({ action: "set-role", personId: zhang, role: "admin" }),
      ro({ action: "set-active", personId: zhang, active: false }),
      ro({ action: "reissue", personId: zhang }),
      ro({ action: "set-unit", personId: zhang, unitId: 1 }),
      ro({ action: "page", offset: 0, search: "" }),
      "ro1:v:abc",
    ]) {
      await member.press(data);
      expect(member.lastText()).toContain("没有权限");
    }
    const row = await h.db.selectFrom("people").selectAll().where("id", "=", zhang).executeTakeFirstOrThrow();
    expect(row.role).toBe("standing");
    expect(row.active).toBe(1);
  });

  it("answers malformed callback data from staff as a stale button", async () => {
    for (const data of [
      "ro1:v:-1",
      "ro1:rs:1:emperor",
      "ro1:zz:1",
      ro({ action: "card", personId: 999999 }),
      "ro1",
      "ro:v:1",
      "nonsense:1",
    ]) {
      await staff.press(data);
      expect(staff.lastText()).toContain("按钮已失效");
    }
  });

  it("refuses staff commands from members", async () => {
    await member.send("/roster");
    expect(member.lastText()).toContain("没有权限");
    await member.send("/invites");
    expect(member.lastText()).toContain("没有权限");
    await member.send("/settings set name 坏人");
    expect(member.lastText()).toContain("没有权限");
  });

  it("exports invite links of people not yet bound as a CSV", async () => {
    await h.importRosterCsv("姓名,身份,单位,单位类型,手机\n周杰,委员,教育界,界别,\n");
    await staff.send("/invites");
    const upload = h.telegram.callsOf("sendDocument").at(-1);
    const csv = new TextDecoder().decode(upload?.files.document?.bytes);
    expect(csv).toContain(`周杰,教育界,https://t.me/minyi_test_bot?start=${await h.inviteCodeOf("周杰")}`);
    expect(csv).not.toContain("张明");
  });
});
