// The typed replies staff owe, for the features that ask for them (review's queue and card, the issue compiler):
// one input through the step machine (src/domain/staff-reply.ts) in one transaction (src/db/staff-replies.ts),
// its plain messages said here; the feature shows the outcome, the duplicate and the question its own way.
import type { I18n } from "@grammyjs/i18n";
import { type ReplyRun, runStaffReply } from "../db/staff-replies";
import { type AskedReply, type ReplyInput, replyTransition } from "../domain/staff-reply";
import { notifyAuthorsOfEvents } from "../notify";
import type { BaseContext, MinyiContext } from "./context";

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
      notify: (trx, reportId, eventIds) =>
        notifyAuthorsOfEvents({ db: trx, i18n, log }, reportId, eventIds, now),
    },
    (state) => replyTransition(state, input, settings, now.getTime()),
  );
  for (const say of run.transition.say)
    if (say.kind === "message") await ctx.reply(ctx.t(say.message.key, say.message.vars));
  return run;
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
