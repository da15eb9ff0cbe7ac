// The typed replies staff owe, for the features that ask for them (review's queue and card, the issue compiler):
// one input through the step machine (src/domain/staff-reply.ts) in one transaction (src/db/staff-replies.ts),
// its plain messages said here; the feature shows the outcome, the duplicate and the question its own way.
import type { I18n } from "@grammyjs/i18n";
import { InlineKeyboard } from "grammy";
import { type ReplyRun, runStaffReply } from "../db/staff-replies";
import {
  type AskedReply,
  REPLY_ACTIONS,
  type ReplyAction,
  type ReplyInput,
  replyTransition,
} from "../domain/staff-reply";
import { truncateText } from "../domain/text";
import { authorNotices } from "../notify";
import { arg, defineCodec } from "./callback-codec";
import type { BaseContext, MinyiContext } from "./context";
import { readPress } from "./presses";

/** The Cancel button under a question: `sr1:x:<reply>:<report or issue>`. */
export const replyCodec = defineCodec({
  feature: "sr",
  version: 1,
  actions: { cancel: { code: "x", args: { reply: arg.oneOf(REPLY_ACTIONS), subject: arg.id } } },
});

export async function runReply(
  ctx: MinyiContext,
  i18n: I18n<BaseContext>,
  input: ReplyInput,
): Promise<ReplyRun> {
  const settings = await ctx.settings();
  const now = ctx.deps.now();
  const { log } = ctx.deps;
  const run = await runStaffReply(
    ctx.deps.db,
    {
      telegramId: ctx.from!.id,
      actorId: ctx.person!.id,
      ownLevel: settings.ownLevel,
      levels: settings.levels,
      now,
      notify: authorNotices({ i18n, log }, now),
    },
    (state) => replyTransition(state, input, settings, now.getTime()),
  );
  for (const say of run.transition.say) {
    if (say.kind !== "message") continue;
    const text = ctx.t(say.message.key, say.message.vars);
    // Under a button: a note (an alert when the button is stale); otherwise a message.
    if (ctx.callbackQuery)
      await ctx.answerCallbackQuery({
        text: truncateText(text, 190),
        show_alert: say.message.key === "error-stale-button",
      });
    else await ctx.reply(text);
  }
  return run;
}

/** Asks the question of a reply, with a button to leave it. */
export async function askQuestion(
  ctx: MinyiContext,
  asked: { action: ReplyAction; subjectId: number },
  question: string,
): Promise<void> {
  const keyboard = new InlineKeyboard().text(
    ctx.t("prompt-button-cancel"),
    replyCodec.encode({ action: "cancel", reply: asked.action, subject: asked.subjectId }),
  );
  await ctx.reply(question, { reply_markup: keyboard });
}

/** The Cancel button pressed: the reply is left if it is still the one owed; the button goes either way. */
export async function cancelPressed(ctx: MinyiContext, i18n: I18n<BaseContext>): Promise<void> {
  const press = await readPress(ctx, replyCodec);
  if (!press) return;
  await runReply(ctx, i18n, { kind: "cancel-press", action: press.reply, subjectId: press.subject });
  await ctx.editMessageReplyMarkup().catch(() => undefined);
}

/** Whether the run leaves the update to the other handlers. */
export function passes(run: ReplyRun): boolean {
  return run.transition.say.some((say) => say.kind === "pass");
}

/** Asks for a reply from the button just pressed (whose message is the card to edit once it is recorded). */
export function askedFrom(
  ctx: MinyiContext,
  asked: Pick<AskedReply, "action" | "subjectId"> &
    Partial<Pick<AskedReply, "version" | "level" | "pieceId">>,
): ReplyInput {
  return {
    kind: "ask",
    asked: {
      version: 0,
      level: null,
      pieceId: null,
      ...asked,
      cardMessageId: ctx.callbackQuery?.message?.message_id ?? null,
      askedAt: ctx.deps.now().getTime(),
    },
  };
}

/** The input a private message is to a staff member's reply. */
export function replyInputOf(ctx: MinyiContext, family: "report" | "issue"): ReplyInput {
  const message = ctx.message!;
  const entity = message.entities?.[0];
  if (message.text !== undefined && entity?.type === "bot_command" && entity.offset === 0) {
    const command = message.text.slice(1, entity.length).split("@")[0]?.toLowerCase();
    return { kind: "command", cancel: command === "cancel" };
  }
  if (message.text === undefined) return { kind: "other" };
  return { kind: "text", text: message.text, messageId: message.message_id, family };
}
