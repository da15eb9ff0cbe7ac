// "/web": a one-time link to the web console (valid ten minutes, bound to the sender), and on an https address a
// button that opens it as a Mini App. The link goes only to the person's own private chat.
import { Composer, InlineKeyboard } from "grammy";
import type { MinyiContext } from "../bot/context";
import { allowRoles } from "../bot/guards";
import { createSignInLink } from "../db/web-sessions";

export function webFeature(): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  feature.chatType("private").command(
    "web",
    allowRoles((role) => role !== undefined),
    async (ctx) => {
      const publicUrl = ctx.deps.publicUrl ?? "http://localhost:3000";
      const token = await createSignInLink(ctx.deps.db, ctx.person!.id, ctx.deps.now());
      const url = `${publicUrl}/web/sign-in?t=${encodeURIComponent(token)}`;
      // Telegram opens Mini Apps from https addresses only.
      const keyboard = publicUrl.startsWith("https://")
        ? new InlineKeyboard().webApp(ctx.t("web-link-open-app"), `${publicUrl}/web/app`)
        : undefined;
      await ctx.reply(ctx.t("web-link-message", { url }), {
        // A preview would fetch the link; the sign-in page does not use it up, but nothing needs to fetch it.
        link_preview_options: { is_disabled: true },
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    },
  );
  return feature;
}
