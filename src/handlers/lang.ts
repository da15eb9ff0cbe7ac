// /lang: choose the bot's language (zh / en); the choice is saved and outlives binding.
import { Composer, InlineKeyboard } from "grammy";
import { callbackData, callbackParts } from "../bot/callback-data";
import type { MinyiContext } from "../bot/context";
import { isLocale, LOCALES } from "../bot/i18n";
import { saveLanguage } from "../db/prefs";
import { truncateText } from "../domain/text";

export function langFeature(): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();

  feature.command("lang", async (ctx) => {
    const wanted = ctx.match.trim().toLowerCase();
    if (wanted === "") {
      const keyboard = new InlineKeyboard();
      for (const locale of LOCALES) keyboard.text(ctx.t(`lang-name-${locale}`), callbackData("lang", locale));
      return void (await ctx.reply(ctx.t("lang-choose"), { reply_markup: keyboard }));
    }
    if (!isLocale(wanted) || !ctx.from)
      return void (await ctx.reply(ctx.t("lang-unknown", { given: truncateText(wanted, 64) })));
    await switchTo(ctx, ctx.from.id, wanted);
    await ctx.reply(ctx.t("lang-changed"));
  });

  feature.on("callback_query:data", async (ctx, next) => {
    const parts = callbackParts(ctx.callbackQuery.data, "lang");
    if (!parts) return next();
    const locale = parts[0];
    if (parts.length !== 1 || !isLocale(locale))
      return void (await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button") }));
    await switchTo(ctx, ctx.from.id, locale);
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
