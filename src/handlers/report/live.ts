// The flow's one live message: edited in place while the person taps and while what they send only adds to
// the step (paragraphs, files); sent afresh below their message when it moves the flow on or is refused, so
// the question is always under the last thing they typed, and the previous live message is deleted then.
import { GrammyError } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { type FlowSession, setLiveMessage } from "../../db/draft-flow";
import type { LiveView } from "./questions";

export type Placement = "edit" | "fresh";

const OPTIONS = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

export async function showLive(
  ctx: MinyiContext,
  draft: FlowSession["draft"],
  view: LiveView,
  placement: Placement,
): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const live = draft.live_message_id;
  if (placement === "edit" && live !== null && !view.beforeFirst) {
    try {
      await ctx.api.editMessageText(chatId, live, view.text, {
        ...OPTIONS,
        ...(view.keyboard ? { reply_markup: view.keyboard } : {}),
      });
      return;
    } catch (error) {
      if (error instanceof GrammyError && /not modified/i.test(error.description)) return;
      // Gone or too old to edit: a fresh one takes its place.
      ctx.deps.log.info("live message not edited", { error });
    }
  }
  for (const part of view.before ?? []) await ctx.reply(part, OPTIONS);
  const sent = await ctx.reply(view.text, {
    ...OPTIONS,
    ...(view.keyboard ? { reply_markup: view.keyboard } : {}),
  });
  const now = ctx.deps.now();
  await setLiveMessage(ctx.deps.db, draft.id, sent.message_id, now);
  if (live !== null && live !== sent.message_id) await retire(ctx, chatId, live, draft.live_message_at, now);
}

/** Telegram deletes a bot's message in a private chat within 48 hours of sending it; an hour is left spare. */
const DELETABLE_MS = 47 * 3_600_000;

/**
 * The previous live message goes while Telegram still deletes it. Through the webhook that request rides in the
 * response (src/bot/index.ts WEBHOOK_REPLY_METHODS), made by Telegram, whose answer we never see; an older one, or
 * one refused over HTTP, keeps its text and loses its buttons.
 */
async function retire(
  ctx: MinyiContext,
  chatId: number,
  messageId: number,
  sentAt: string | null,
  now: Date,
) {
  if (sentAt !== null && now.getTime() - Date.parse(sentAt) < DELETABLE_MS) {
    try {
      await ctx.api.deleteMessage(chatId, messageId);
      return;
    } catch {
      // Refused (deleted by the person already, or a clock off): its buttons go at least.
    }
  }
  await ctx.api
    .editMessageReplyMarkup(chatId, messageId, { reply_markup: { inline_keyboard: [] } })
    .catch(() => undefined);
}
