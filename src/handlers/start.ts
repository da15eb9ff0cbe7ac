// /start and /help: invite binding through deep links, the welcome, and guidance for people not yet bound.
import { Composer, InlineKeyboard } from "grammy";
import type { MinyiContext } from "../bot/context";
import { isAdmin, type Role } from "../domain/roles";
import { DEFAULT_SETTINGS } from "../domain/settings";
import { bindByInviteCode } from "../db/people";
import { findUnitById } from "../db/units";
import { helpText, menuKindFor } from "../bot/commands";
import { menuButtons } from "../bot/menu-buttons";
import { readPress } from "../bot/presses";
import { settingsButton } from "../bot/settings-callback";

export interface StartOptions {
  /** Called after an account is bound, e.g. to set the person's command menu. */
  onBound?: (ctx: MinyiContext, telegramId: number, role: Role) => Promise<void>;
}

export function startFeature(options: StartOptions = {}): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const privateChat = feature.chatType("private");

  // The menu's buttons are the report's and /my's; one from the menu's older layout is answered here.
  feature.on("callback_query:data").filter(
    (ctx) => menuButtons.decode(ctx.callbackQuery.data)?.kind === "stale",
    (ctx) => readPress(ctx, menuButtons),
  );

  privateChat.command("start", async (ctx) => {
    const code = ctx.match.trim();
    if (code === "") return welcome(ctx);
    const result = await bindByInviteCode(
      ctx.deps.db,
      code,
      { telegramId: ctx.from.id, username: ctx.from.username },
      ctx.deps.now(),
    );
    switch (result.kind) {
      case "bound": {
        const unit =
          result.person.unit_id === null ? undefined : await findUnitById(ctx.deps.db, result.person.unit_id);
        ctx.deps.log.info("account bound", { personId: result.person.id, telegramId: ctx.from.id });
        await ctx.reply(
          ctx.t("start-bound", {
            name: result.person.name,
            committee: (await ctx.settings()).name,
            unit: unit?.name ?? "—",
            role: ctx.t(`role-${result.person.role}`),
          }),
          { reply_markup: mainMenu(ctx) },
        );
        await options.onBound?.(ctx, ctx.from.id, result.person.role);
        return;
      }
      case "already-yours":
        return void (await ctx.reply(ctx.t("start-already-yours", { name: result.person.name })));
      case "account-taken":
        return void (await ctx.reply(ctx.t("start-account-taken", { name: result.person.name })));
      case "used":
        return void (await ctx.reply(ctx.t("start-code-used")));
      case "malformed":
        return void (await ctx.reply(ctx.t("start-code-malformed")));
      case "unknown":
        return void (await ctx.reply(ctx.t("start-code-unknown")));
    }
  });

  privateChat.command("cancel", async (ctx) => {
    await ctx.reply(ctx.t("nothing-to-cancel"));
  });

  feature.command("help", async (ctx) => {
    const committee = (await ctx.settings()).name;
    if (ctx.chat.type !== "private") return void (await ctx.reply(helpText(ctx.t, "group", committee)));
    if (!ctx.role) {
      return void (await ctx.reply(
        ctx.t(ctx.deactivatedPerson ? "error-deactivated" : "start-how-to-join", { committee }),
      ));
    }
    await ctx.reply(helpText(ctx.t, menuKindFor(ctx.role), committee));
  });

  return feature;
}

async function welcome(ctx: MinyiContext): Promise<void> {
  const settings = await ctx.settings();
  if (ctx.deactivatedPerson) return void (await ctx.reply(ctx.t("error-deactivated")));
  if (!ctx.person || !ctx.role)
    return void (await ctx.reply(ctx.t("start-how-to-join", { committee: settings.name })));
  // The committee has no name yet: this is the office's first hour, so say what to do first, in order.
  if (isAdmin(ctx.role) && settings.name === DEFAULT_SETTINGS.name)
    return void (await ctx.reply(ctx.t("start-first-admin", { name: ctx.person.name }), {
      reply_markup: new InlineKeyboard().text(
        ctx.t("start-first-admin-button"),
        settingsButton({ action: "setup" }),
      ),
    }));
  await ctx.reply(
    ctx.t("start-welcome-back", {
      name: ctx.person.name,
      committee: settings.name,
      role: ctx.t(`role-${ctx.role}`),
    }),
    { reply_markup: mainMenu(ctx) },
  );
}

/** The buttons under the welcome: the things a member does most. */
function mainMenu(ctx: MinyiContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("menu-new"), menuButtons.encode({ action: "new" }))
    .row()
    .text(ctx.t("menu-drafts"), menuButtons.encode({ action: "drafts" }))
    .text(ctx.t("menu-my"), menuButtons.encode({ action: "my" }));
}
