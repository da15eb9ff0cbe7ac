// How a feature reads its buttons: it takes the presses its codec recognises (its own or an older layout's)
// and answers an expired one here, in one wording, so no old keyboard meets a crash or silence.
import type { CallbackCodec } from "./callback-codec";
import type { MinyiContext } from "./context";

/** A filter for a feature's callback queries: its codec's data, current or older. */
export function pressesOf(codec: CallbackCodec<{ action: string }>) {
  return (ctx: MinyiContext): boolean => codec.decode(ctx.callbackQuery?.data) !== undefined;
}

/** The press of this feature's button, or undefined once a stale one (older layout, unreadable) is answered. */
export async function readPress<P extends { action: string }>(
  ctx: MinyiContext,
  codec: CallbackCodec<P>,
): Promise<P | undefined> {
  const decoded = codec.decode(ctx.callbackQuery?.data);
  if (decoded?.kind === "press") return decoded.press;
  ctx.deps.log.warn("stale or malformed callback", { from: ctx.from?.id, data: ctx.callbackQuery?.data });
  await answerStale(ctx);
  return undefined;
}

export async function answerStale(ctx: MinyiContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button"), show_alert: true });
}
