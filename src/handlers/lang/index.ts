// /lang: choose the bot's language (zh / en); the choice is saved and outlives binding.
import { Composer, InlineKeyboard } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { isLocale, LOCALES } from "../../bot/i18n";
import { pressesOf, readPress } from "../../bot/presses";
import { saveLanguage } from "../../db/prefs";
import { truncateText } from "../../domain/text";
import { langButtons } from "./callback-data";

export function langFeature(): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();

  feature.command("lang", async (ctx) => {
    const wanted = ctx.match.trim().toLowerCase();
    if (wanted === "") {
      const keyboard = new InlineKeyboard();
      for (const locale of LOCALES)
        keyboard.text(ctx.t(`lang-name-${locale}`), langButtons.encode({ action: "choose", locale }));
      return void (await ctx.reply(ctx.t("lang-choose"), { reply_markup: keyboard }));
    }
    if (!isLocale(wanted) || !ctx.from)
      return void (await ctx.reply(ctx.t("lang-unknown", { given: truncateText(wanted, 64) })));
    await switchTo(ctx, ctx.from.id, wanted);
    await ctx.reply(ctx.t("lang-changed"));
  });

  feature.on("callback_query:data").filter(pressesOf(langButtons), async (ctx) => {
    const press = await readPress(ctx, langButtons);
    if (!press) return;
    await switchTo(ctx, ctx.from.id, press.locale);
    await ctx.answerCallbackQuery({ text: ctx.t("lang-changed") });
    await ctx.editMessageText(ctx.t("lang-changed")).catch(() => undefined);
  });

  return feature;
}

async function switchTo(ctx: MinyiContext, telegramId: number, locale: string) {
  await saveLanguage(ctx.deps.db, telegramId, locale, ctx.deps.now());
  ctx.savedLanguage = locale;
  ctx.i18n.useLocale(locale);
}
