// Cross-cutting middleware, in the order src/bot/index.ts installs it.
import type { Context, MiddlewareFn, NextFunction } from "grammy";
import { recordSighting } from "../db/chats";
import { ensureBootstrapAdmin, findAccount } from "../db/people";
import { findLanguage } from "../db/prefs";
import { loadSettings } from "../db/settings";
import { claimUpdate, completeUpdate, isUpdateDone, markUpdateDone, releaseUpdate } from "../db/updates";
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
 * Where an update's claim is held while it is handled. "database": a committed row, seen by every process
 * and Worker isolate sharing the database. "process": in this process's memory, for a process that alone
 * handles the bot's updates (the Node entry, which releases a predecessor's claims at start anyway): it saves
 * one committed write — an fsync — per update; only the "done" mark is written, after the handlers.
 */
export type ClaimScope = "database" | "process";

/**
 * Handles each update_id once. The update is marked done only after every handler finished without error. A
 * delivery of an update whose claim is still held throws (the webhook answers non-2xx): acknowledging it
 * would lose the update if the claim's holder fails or has died.
 */
export function dedupeUpdates(deps: BotDeps, scope: ClaimScope = "database"): MiddlewareFn<Context> {
  if (scope === "process") return dedupeInProcess(deps);
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

function dedupeInProcess(deps: BotDeps): MiddlewareFn<Context> {
  const inHand = new Set<number>();
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    if (inHand.has(updateId)) {
      deps.log.warn("update in progress elsewhere; not acknowledged", { updateId });
      throw new UpdateInProgressError(updateId);
    }
    inHand.add(updateId);
    try {
      if (await isUpdateDone(deps.db, updateId)) {
        deps.log.debug("duplicate update skipped", { updateId });
        return;
      }
      await next();
      await markUpdateDone(deps.db, updateId, deps.now());
    } finally {
      inHand.delete(updateId);
    }
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
      const { person: found, language } = deps.adminIds.includes(from.id)
        ? {
            person: await ensureBootstrapAdmin(
              deps.db,
              {
                telegramId: from.id,
                name: [from.first_name, from.last_name].filter(Boolean).join(" "),
                username: from.username,
              },
              deps.now(),
            ),
            language: await findLanguage(deps.db, from.id),
          }
        : await findAccount(deps.db, from.id);
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
