// Last in line: whatever no feature took gets a clear, localized answer where a person is waiting for one.
import { Composer } from "grammy";
import type { MinyiContext } from "../bot/context";
import { truncateText } from "../domain/text";

export function unhandledFeature(): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();

  feature.on("callback_query", async (ctx) => {
    ctx.deps.log.warn("unhandled callback", { from: ctx.from.id, data: ctx.callbackQuery.data });
    await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button"), show_alert: true });
  });

  feature.chatType("private").on("message", async (ctx) => {
    if (!ctx.role) {
      return void (await ctx.reply(
        ctx.t(ctx.deactivatedPerson ? "error-deactivated" : "start-how-to-join", {
          committee: (await ctx.settings()).name,
        }),
      ));
    }
    const text = ctx.message.text ?? "";
    if (text.startsWith("/"))
      return void (await ctx.reply(
        ctx.t("error-unknown-command", { command: shown(text.split(/\s/)[0] ?? text) }),
      ));
    await ctx.reply(ctx.t("error-not-understood"));
  });

  // In groups, only commands addressed to this bot get an answer: other messages are people talking.
  feature.chatType(["group", "supergroup"]).on("message", async (ctx) => {
    const command = /^\/\w+@(\w+)/.exec(ctx.message.text ?? "");
    if (command && command[1]?.toLowerCase() === ctx.me.username.toLowerCase()) {
      await ctx.reply(ctx.t("error-unknown-command", { command: shown(command[0]) }));
    } else if (ctx.heldUpdate) {
      // Talk ended before its claim (src/bot/group-talk.ts); what else reaches here (a poll, a location, a member
      // joining) asks nothing either, and a done mark would be its write.
      ctx.heldUpdate.idempotent = true;
    }
  });

  return feature;
}

/** A command is echoed back cut short: one made of thousands of characters would not fit in a message. */
function shown(command: string): string {
  return truncateText(command, 64);
}
