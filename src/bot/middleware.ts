// Cross-cutting middleware, in the order src/bot/index.ts installs it.
import type { Context, MiddlewareFn, NextFunction } from "grammy";
import { recordSighting } from "../db/chats";
import { ensureBootstrapAdmin, findPersonByTelegramId } from "../db/people";
import { findLanguage } from "../db/prefs";
import { loadSettings } from "../db/settings";
import { claimUpdate, completeUpdate, releaseUpdate } from "../db/updates";
import type { Settings } from "../domain/settings";
import type { BaseContext, BotDeps, MinyiContext } from "./context";

/** Thrown for a delivery of an update that another delivery is handling: it must not be acknowledged. */
export class UpdateInProgressError extends Error {
  constructor(readonly updateId: number) {
    super(`update ${updateId} is being handled by another delivery; not acknowledged, Telegram will retry`);
    this.name = "UpdateInProgressError";
  }
}

/**
 * Handles each update_id once. The claim is completed only after every handler finished without error. A
 * delivery of an update whose claim is still fresh throws (the webhook answers non-2xx): acknowledging it
 * would lose the update if the claim's holder fails or has died.
 */
export function dedupeUpdates(deps: BotDeps): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const claim = await claimUpdate(deps.db, updateId, deps.now());
    if (claim === "done") {
      deps.log.debug("duplicate update skipped", { updateId });
      return;
    }
    if (claim === "busy") {
      deps.log.warn("update in progress elsewhere; not acknowledged", { updateId });
      throw new UpdateInProgressError(updateId);
    }
    try {
      await next();
    } catch (error) {
      await releaseUpdate(deps.db, updateId).catch(() => undefined);
      throw error;
    }
    await completeUpdate(deps.db, updateId);
  };
}

/** Puts deps, the sender's roster entry, role, saved language and a settings loader on the context. */
export function loadSender(deps: BotDeps): MiddlewareFn<MinyiContext> {
  return async (ctx, next) => {
    const fields = ctx as BaseContext;
    fields.deps = deps;
    let settings: Promise<Settings> | undefined;
    fields.settings = () => {
      settings ??= loadSettings(deps.db);
      return settings;
    };
    fields.person = undefined;
    fields.deactivatedPerson = undefined;
    fields.role = undefined;
    fields.savedLanguage = undefined;
    const from = ctx.from;
    if (from && !from.is_bot) {
      const [found, language] = await Promise.all([
        deps.adminIds.includes(from.id)
          ? ensureBootstrapAdmin(
              deps.db,
              {
                telegramId: from.id,
                name: [from.first_name, from.last_name].filter(Boolean).join(" "),
                username: from.username,
              },
              deps.now(),
            )
          : findPersonByTelegramId(deps.db, from.id),
        findLanguage(deps.db, from.id),
      ]);
      fields.savedLanguage = language;
      if (found && found.active === 1) {
        fields.person = found;
        fields.role = deps.adminIds.includes(from.id) ? "admin" : found.role;
      } else if (found) {
        fields.deactivatedPerson = found;
      }
    }
    await next();
  };
}

/** Bots cannot list a group's members, so we remember who we have seen talking there. */
export async function recordGroupSightings(ctx: MinyiContext, next: NextFunction): Promise<void> {
  const chat = ctx.chat;
  const from = ctx.from;
  if (chat && from && !from.is_bot && (chat.type === "group" || chat.type === "supergroup")) {
    await recordSighting(ctx.deps.db, chat.id, from.id, ctx.deps.now());
  }
  await next();
}
