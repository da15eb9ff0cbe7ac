import { beforeEach, describe, expect, it } from "vitest";
import { type ChatUser, Harness, textMessage } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

describe("groups", () => {
  let h: Harness;
  let staff: ChatUser;
  let member: ChatUser;
  beforeEach(async () => {
    h = await Harness.create();
    ({ staff, member } = await seedBasicRoster(h));
  });

  it("introduces itself when added to a group", async () => {
    const group = h.group(-1001);
    await group.addBot(staff);
    expect(group.texts().at(-1)).toContain("社情民意信息工作助手");
    const chat = await h.db.selectFrom("chats").selectAll().where("id", "=", -1001).executeTakeFirstOrThrow();
    expect(chat.active).toBe(1);
  });

  it("staff bind a group to a unit, to everyone, and unbind it", async () => {
    const group = h.group(-1002, "民建群");
    await group.send(staff, "/bind 民建县委会");
    expect(group.texts().at(-1)).toContain("本群已绑定到单位：民建县委会");
    const unit = await h.db
      .selectFrom("units")
      .select("id")
      .where("name", "=", "民建县委会")
      .executeTakeFirstOrThrow();
    let chat = await h.db.selectFrom("chats").selectAll().where("id", "=", -1002).executeTakeFirstOrThrow();
    expect(chat.unit_id).toBe(unit.id);
    await group.send(staff, "/bind all");
    chat = await h.db.selectFrom("chats").selectAll().where("id", "=", -1002).executeTakeFirstOrThrow();
    expect(chat.bind_all).toBe(1);
    expect(chat.unit_id).toBeNull();
    await group.send(staff, "/unbind");
    expect(group.texts().at(-1)).toContain("已解除");
    chat = await h.db.selectFrom("chats").selectAll().where("id", "=", -1002).executeTakeFirstOrThrow();
    expect(chat.bind_all).toBe(0);
    await group.send(staff, "/unbind");
    expect(group.texts().at(-1)).toContain("尚未绑定");
  });

  it("keeps a group's binding when Telegram upgrades it to a supergroup", async () => {
    const group = h.group(-1005, "民建群");
    await group.send(staff, "/bind 民建县委会");
    await group.send(member, "大家好");
    const moved = -1009005;
    // Telegram tells both chats: the old one where it went, the new one where it came from.
    await h.post({ message: member.message({ migrate_to_chat_id: moved }, group.chat) });
    await h.post({
      message: member.message(
        { migrate_from_chat_id: -1005 },
        { id: moved, type: "supergroup", title: "民建群" },
      ),
    });
    const chats = await h.db.selectFrom("chats").selectAll().orderBy("id").execute();
    const unit = await h.db
      .selectFrom("units")
      .select("id")
      .where("name", "=", "民建县委会")
      .executeTakeFirstOrThrow();
    expect(chats.map((c) => [c.id, c.unit_id, c.active])).toEqual([
      [moved, unit.id, 1],
      [-1005, null, 0],
    ]);
    const seen = await h.db.selectFrom("chat_sightings").select(["chat_id", "telegram_id"]).execute();
    expect(seen).toContainEqual({ chat_id: moved, telegram_id: 102 });
    expect(seen.filter((s) => s.chat_id === -1005)).toEqual([]);
  });

  it("explains an unknown unit and the usage", async () => {
    const group = h.group(-1003);
    await group.send(staff, "/bind 不存在的单位");
    expect(group.texts().at(-1)).toContain("没有名为“不存在的单位”的单位");
    await group.send(staff, "/bind");
    expect(group.texts().at(-1)).toContain("用法");
  });

  it("refuses /bind and /unbind from a member and from strangers", async () => {
    const group = h.group(-1004);
    await group.send(member, "/bind all");
    expect(group.texts().at(-1)).toContain("没有权限");
    await group.send(h.user(999), "/unbind");
    expect(group.texts().at(-1)).toContain("还没有绑定身份");
    const chat = await h.db.selectFrom("chats").selectAll().where("id", "=", -1004).executeTakeFirst();
    expect(chat?.bind_all ?? 0).toBe(0);
  });

  it("records people seen in a group and stays quiet on ordinary talk", async () => {
    const group = h.group(-1005);
    const before = group.texts().length;
    await group.send(member, "大家好");
    await group.send(h.user(999), "hello");
    expect(group.texts().length).toBe(before);
    const seen = await h.db
      .selectFrom("chat_sightings")
      .select("telegram_id")
      .where("chat_id", "=", -1005)
      .orderBy("telegram_id")
      .execute();
    expect(seen.map((s) => s.telegram_id)).toEqual([102, 999]);
  });

  it("marks no update done for people talking in a group, and a delivery again after a restart changes nothing", async () => {
    const bot = await h.restart({ claims: "process" });
    const group = bot.group(-1007);
    const talk = { update_id: 880_001, message: member.message(textMessage("今天开会吗？"), group.chat) };
    const sticker = { update_id: 880_002, message: member.message({ sticker: STICKER }, group.chat) };
    const command = {
      update_id: 880_003,
      message: member.message(textMessage("/frobnicate@minyi_test_bot"), group.chat),
    };
    for (const update of [talk, sticker, command]) expect((await bot.post(update)).status).toBe(200);
    const marks = await h.db
      .selectFrom("processed_updates")
      .select(["update_id", "status"])
      .where("update_id", ">=", 880_000)
      .execute();
    expect(marks).toEqual([{ update_id: 880_003, status: "done" }]);
    const answers = group.texts().length;

    const again = await bot.restart({ claims: "process" });
    for (const update of [talk, sticker, command]) expect((await again.post(update)).status).toBe(200);
    expect(group.texts().length).toBe(answers);
    const seen = await h.db.selectFrom("chat_sightings").selectAll().where("chat_id", "=", -1007).execute();
    expect(seen.map((s) => s.telegram_id)).toEqual([member.id]);
  });

  it("answers an unknown command addressed to the bot in a group", async () => {
    const group = h.group(-1006);
    await group.send(member, "/frobnicate@minyi_test_bot");
    expect(group.texts().at(-1)).toContain("未知命令");
    const before = group.texts().length;
    await group.send(member, "/frobnicate@other_bot");
    expect(group.texts().length).toBe(before);
  });
});

const STICKER = {
  file_id: "sticker-1",
  file_unique_id: "sticker-u1",
  type: "regular",
  width: 512,
  height: 512,
  is_animated: false,
  is_video: false,
} as const;
