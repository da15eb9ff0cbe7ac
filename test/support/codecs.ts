// Reading buttons in tests the way the bot does: through the feature's codec, not by the data's spelling.
import type { CallbackCodec } from "../../src/bot/callback-codec";

/** The press a button's data stands for in this codec, if it is a current one of its buttons. */
export function pressOf<P extends { action: string }>(codec: CallbackCodec<P>, data: string): P | undefined {
  const decoded = codec.decode(data);
  return decoded?.kind === "press" ? decoded.press : undefined;
}

/** A filter for [label, data] buttons: this codec's button for that action. */
export function isButton<P extends { action: string }>(codec: CallbackCodec<P>, action: P["action"]) {
  return ([, data]: [string, string]): boolean => pressOf(codec, data)?.action === action;
}

/** The data of the user's last keyboard's button for that action of this codec (the first such one). */
export function buttonFor<P extends { action: string }>(
  user: { lastButtons(): [string, string][] },
  codec: CallbackCodec<P>,
  action: P["action"],
): string {
  const found = user.lastButtons().find(isButton(codec, action));
  if (!found) throw new Error(`no ${codec.prefix} ${action} button in ${JSON.stringify(user.lastButtons())}`);
  return found[1];
}
