// People talking in a group: most of what a committee's bot receives, and all it does with such a message is note
// who it saw there (src/db/chats.ts recordSighting). So it skips what every other update goes through: its claim
// and attempt count, the attempt journal, the sender's account and language — a statement and a write to the
// journal for each message. Delivered twice, it notes the same again, which changes nothing.
import type { MiddlewareFn } from "grammy";
import type { Message, User } from "grammy/types";
import { recordSighting } from "../db/chats";
import { isDatabaseOutage } from "../db/database";
import type { BotDeps, MinyiContext } from "./context";

/** What people say or show in a chat: such a message is talk unless it is a command. */
const TALK_KINDS = [
  "text",
  "photo",
  "sticker",
  "voice",
  "video",
  "video_note",
  "animation",
  "audio",
  "document",
] as const satisfies readonly (keyof Message)[];

/** A person's message in a group that no feature answers: not a command, not a service message. */
export function isGroupTalk(message: Message): message is Message & { from: User } {
  if (message.chat.type !== "group" && message.chat.type !== "supergroup") return false;
  if (!message.from || message.from.is_bot) return false;
  if (!TALK_KINDS.some((kind) => message[kind] !== undefined)) return false;
  if ((message.text ?? message.caption ?? "").startsWith("/")) return false;
  return !(message.entities ?? message.caption_entities ?? []).some((e) => e.type === "bot_command");
}

/** Notes group talk and ends there; any other update goes on to the claim (src/bot/middleware.ts). */
export function noteGroupTalk(deps: BotDeps): MiddlewareFn<MinyiContext> {
  return async (ctx, next) => {
    const message = ctx.update.message;
    if (!message || !isGroupTalk(message)) return next();
    ctx.deps = deps;
    try {
      await recordSighting(deps.db, message.chat.id, message.from.id, deps.now());
    } catch (error) {
      // Down, the database is tried again with the update's next delivery. Any other failure would come back
      // with every delivery, and no attempt is counted here to give the update up: a sighting is not worth it.
      if (isDatabaseOutage(error)) throw error;
      deps.log.warn("group sighting not recorded", { updateId: ctx.update.update_id, error });
    }
  };
}
