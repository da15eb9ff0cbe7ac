// Group chats: the bot introduces itself when added, staff bind a group to a unit (or to everyone) with
// /bind and undo it with /unbind; the bot notes when it is removed.
import { Composer } from "grammy";
import type { MinyiContext } from "../bot/context";
import { allowRoles } from "../bot/guards";
import { bindChat, findChat, migrateGroup, recordChat, unbindChat } from "../db/chats";
import { findUnitById, findUnitByName, listUnits } from "../db/units";
import { isStaff } from "../domain/roles";
import { truncateText } from "../domain/text";

const ALL_WORDS = new Set(["all", "全部", "全体", "所有人"]);

export function groupsFeature(): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const groups = feature.chatType(["group", "supergroup"]);

  feature.on("my_chat_member", async (ctx) => {
    const chat = ctx.myChatMember.chat;
    if (chat.type !== "group" && chat.type !== "supergroup") return;
    const status = ctx.myChatMember.new_chat_member.status;
    const present = status === "member" || status === "administrator";
    const wasPresent = ["member", "administrator"].includes(ctx.myChatMember.old_chat_member.status);
    await recordChat(
      ctx.deps.db,
      { id: chat.id, title: chat.title, type: chat.type },
      present,
      ctx.deps.now(),
    );
    if (present && !wasPresent) {
      const settings = await ctx.settings();
      await ctx.api.sendMessage(chat.id, ctx.t("group-hello", { committee: settings.name }));
    }
  });

  // A group upgraded to a supergroup changes its id; both chats say so in a service message.
  feature.on("message:migrate_to_chat_id", async (ctx) => {
    await migrateGroup(ctx.deps.db, ctx.chat.id, ctx.message.migrate_to_chat_id, ctx.deps.now());
  });
  feature.on("message:migrate_from_chat_id", async (ctx) => {
    await migrateGroup(ctx.deps.db, ctx.message.migrate_from_chat_id, ctx.chat.id, ctx.deps.now());
  });

  groups.command("bind", allowRoles(isStaff), async (ctx) => {
    const target = ctx.match.trim();
    const chat = { id: ctx.chat.id, title: ctx.chat.title, type: ctx.chat.type };
    if (target === "") {
      const [current, units] = await Promise.all([describeBinding(ctx, ctx.chat.id), listUnits(ctx.deps.db)]);
      const usage = ctx.t("group-bind-usage", { units: units.map((u) => u.name).join("、") || "—" });
      return void (await ctx.reply(`${current}\n\n${usage}`));
    }
    if (ALL_WORDS.has(target.toLowerCase())) {
      await bindChat(ctx.deps.db, chat, "all", ctx.person!.id, ctx.deps.now());
      return void (await ctx.reply(ctx.t("group-bound-all")));
    }
    const unit = await findUnitByName(ctx.deps.db, target);
    if (!unit) {
      const units = await listUnits(ctx.deps.db);
      return void (await ctx.reply(
        ctx.t("group-unknown-unit", {
          unit: truncateText(target, 64),
          units: units.map((u) => u.name).join("、") || "—",
        }),
      ));
    }
    await bindChat(ctx.deps.db, chat, { unitId: unit.id }, ctx.person!.id, ctx.deps.now());
    ctx.deps.log.info("group bound", { chatId: chat.id, unitId: unit.id, by: ctx.person?.id });
    await ctx.reply(ctx.t("group-bound-unit", { unit: unit.name }));
  });

  groups.command("unbind", allowRoles(isStaff), async (ctx) => {
    const done = await unbindChat(ctx.deps.db, ctx.chat.id, ctx.deps.now());
    await ctx.reply(ctx.t(done ? "group-unbound" : "group-not-bound"));
  });

  return feature;
}

async function describeBinding(ctx: MinyiContext, chatId: number): Promise<string> {
  const chat = await findChat(ctx.deps.db, chatId);
  if (chat?.bind_all) return ctx.t("group-bound-all");
  const unit = chat?.unit_id ? await findUnitById(ctx.deps.db, chat.unit_id) : undefined;
  return unit ? ctx.t("group-bound-unit", { unit: unit.name }) : ctx.t("group-not-bound");
}
