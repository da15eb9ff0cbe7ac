import { beforeEach, describe, expect, it } from "vitest";
import { rosterButtons } from "../../src/handlers/roster/callback-data";
import { Harness } from "../support/harness";

const ROSTER = `姓名,身份,单位,单位类型,手机
张明,常委,民建县委会,民主党派,13800000001
李华,委员,民建县委会,民主党派,13800000002
陈静,工作人员,县政协办公室,其他,13800000005
`;

describe("invite binding", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.create();
    await h.importRosterCsv(ROSTER);
  });

  it("binds an account with a valid code and greets the person", async () => {
    const code = await h.inviteCodeOf("张明");
    const alice = h.user(101, { username: "zhangming" });
    const response = await alice.send(`/start ${code}`);
    expect(response.status).toBe(200);
    expect(alice.lastText()).toContain("绑定成功");
    expect(alice.lastText()).toContain("张明");
    expect(alice.lastText()).toContain("民建县委会");
    const row = await h.db
      .selectFrom("people")
      .selectAll()
      .where("name", "=", "张明")
      .executeTakeFirstOrThrow();
    expect(row.telegram_id).toBe(101);
    expect(row.telegram_username).toBe("zhangming");
    // The bound person's command menu is set for their chat.
    const menus = h.telegram
      .callsOf("setMyCommands")
      .filter((c) => (c.payload.scope as { chat_id?: number })?.chat_id === 101);
    expect(menus.length).toBeGreaterThan(0);
  });

  it("gives a newly bound staff member the staff menu", async () => {
    const staff = h.user(200);
    await staff.send(`/start ${await h.inviteCodeOf("陈静")}`);
    const menu = h.telegram
      .callsOf("setMyCommands")
      .find(
        (c) =>
          (c.payload.scope as { chat_id?: number })?.chat_id === 200 && c.payload.language_code === undefined,
      );
    const commands = ((menu?.payload.commands ?? []) as { command: string }[]).map((c) => c.command);
    expect(commands).toContain("roster");
    expect(commands).toContain("review");
  });

  it("refuses a code already used by someone else and changes nothing", async () => {
    const code = await h.inviteCodeOf("张明");
    await h.user(101).send(`/start ${code}`);
    const mallory = h.user(666);
    await mallory.send(`/start ${code}`);
    expect(mallory.lastText()).toContain("已经被使用");
    const row = await h.db
      .selectFrom("people")
      .select("telegram_id")
      .where("name", "=", "张明")
      .executeTakeFirstOrThrow();
    expect(row.telegram_id).toBe(101);
  });

  it("tells the owner that they are already bound", async () => {
    const code = await h.inviteCodeOf("张明");
    const alice = h.user(101);
    await alice.send(`/start ${code}`);
    await alice.send(`/start ${code}`);
    expect(alice.lastText()).toContain("无需重复绑定");
  });

  it("refuses unknown and malformed codes", async () => {
    const bob = h.user(102);
    await bob.send("/start abcdefghjkmn");
    expect(bob.lastText()).toContain("无效或已作废");
    await bob.send("/start ../../etc/passwd");
    expect(bob.lastText()).toContain("格式不正确");
    const bound = await h.db.selectFrom("people").select("id").where("telegram_id", "is not", null).execute();
    expect(bound).toHaveLength(0);
  });

  it("refuses binding a second person to an account that is already bound", async () => {
    const alice = h.user(101);
    await alice.send(`/start ${await h.inviteCodeOf("张明")}`);
    await alice.send(`/start ${await h.inviteCodeOf("李华")}`);
    expect(alice.lastText()).toContain("已经绑定为“张明”");
    const li = await h.db
      .selectFrom("people")
      .select("telegram_id")
      .where("name", "=", "李华")
      .executeTakeFirstOrThrow();
    expect(li.telegram_id).toBeNull();
  });

  it("tells an unbound user how to join, in English when Telegram says so", async () => {
    const stranger = h.user(555, { languageCode: "en" });
    await stranger.send("hello");
    expect(stranger.lastText()).toContain("invite link");
    await stranger.send("/start");
    expect(stranger.lastText()).toContain("You have not joined yet");
  });

  it("re-issued codes replace the old one", async () => {
    const old = await h.inviteCodeOf("李华");
    const staff = h.user(200);
    await staff.send(`/start ${await h.inviteCodeOf("陈静")}`);
    const li = await h.db
      .selectFrom("people")
      .select("id")
      .where("name", "=", "李华")
      .executeTakeFirstOrThrow();
    await staff.press(rosterButtons.encode({ action: "reissue", personId: li.id }));
    expect(staff.texts().join("\n")).toContain("旧的邀请链接已失效");
    const fresh = await h.inviteCodeOf("李华");
    expect(fresh).not.toBe(old);
    const member = h.user(103);
    await member.send(`/start ${old}`);
    expect(member.lastText()).toContain("无效或已作废");
    await member.send(`/start ${fresh}`);
    expect(member.lastText()).toContain("绑定成功");
  });
});
