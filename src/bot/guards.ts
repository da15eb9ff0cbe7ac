// Role checks as middleware: a feature narrows itself with these instead of checking in every handler.
import type { MiddlewareFn } from "grammy";
import type { Role } from "../domain/roles";
import type { MinyiContext } from "./context";

/** Lets the update through only when the sender's role passes; otherwise answers with a localized refusal. */
export function allowRoles(allowed: (role: Role | undefined) => boolean): MiddlewareFn<MinyiContext> {
  return async (ctx, next) => {
    if (allowed(ctx.role)) return next();
    ctx.deps.log.warn("refused: role not allowed", {
      from: ctx.from?.id,
      role: ctx.role ?? null,
      data: ctx.callbackQuery?.data,
      text: ctx.message?.text?.slice(0, 64),
    });
    await refuse(ctx);
  };
}

export async function refuse(ctx: MinyiContext): Promise<void> {
  const key =
    ctx.role === undefined
      ? ctx.deactivatedPerson
        ? "error-deactivated"
        : "error-not-bound"
      : "error-not-allowed";
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
  } else if (ctx.chat) {
    await ctx.reply(ctx.t(key));
  }
}
