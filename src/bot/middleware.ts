// Cross-cutting middleware, in the order src/bot/index.ts installs it.
import type { I18n } from "@grammyjs/i18n";
import { type Context, GrammyError, HttpError, type MiddlewareFn, type NextFunction } from "grammy";
import { recordSighting } from "../db/chats";
import { isDatabaseOutage } from "../db/database";
import { ensureBootstrapAdmin, findAccount } from "../db/people";
import { findLanguage } from "../db/prefs";
import { loadSettings } from "../db/settings";
import type { AttemptJournal } from "../db/attempt-journal";
import {
  type BegunUpdate,
  beginUpdate,
  beginUpdateAttempt,
  claimUpdate,
  completeUpdate,
  forgetUpdateAttempt,
  markUpdateDone,
  quarantineUpdate,
  readUpdate,
  readUpdateAndSender,
  recordFailedAttempt,
  recordUpdateFailure,
  releaseUpdate,
  type UpdateAttempt,
} from "../db/updates";
import type { Settings } from "../domain/settings";
import type { BaseContext, BotDeps, HeldUpdate, MinyiContext } from "./context";
import { negotiateLocale } from "./i18n";

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
 * handles the bot's updates (the Node entry, which releases a predecessor's claims at start anyway): the check
 * for a done update and the attempt's count are one statement, and a handler that changes something marks the
 * update applied in its own transaction (HeldUpdate), so no done mark follows it; others are marked done after.
 */
export type ClaimScope = "database" | "process";

/**
 * Handles each update_id once. The update is marked done only after every handler finished without error. A
 * delivery of an update whose claim is still held throws (the webhook answers non-2xx): acknowledging it
 * would lose the update if the claim's holder fails or has died.
 */
export function dedupeUpdates(
  deps: BotDeps,
  scope: ClaimScope = "database",
  poison: PoisonPolicy = { maxAttempts: MAX_UPDATE_ATTEMPTS },
  journal?: AttemptJournal,
): MiddlewareFn<Context> {
  if (scope === "process") return dedupeInProcess(deps, poison, journal);
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
      const attempt = await beginUpdateAttempt(deps.db, updateId, deps.now());
      await attemptUnlessPoison(ctx, deps, poison, attempt, next, {
        done: () => completeUpdate(deps.db, updateId),
        ...countedAttempt(deps, updateId),
      });
    } catch (error) {
      await releaseUpdate(deps.db, updateId).catch(() => undefined);
      throw error;
    }
  };
}

/** Updates this process answered lately, newest last: a delivery again (its 200 lost) is skipped as done. */
const ANSWERED_REMEMBERED = 10_000;

/**
 * With a journal (src/db/attempt-journal.ts), the attempt is counted by a line appended to it, and the check for
 * a done update is a read; without one (a remote database), both are one statement that commits.
 */
function dedupeInProcess(
  deps: BotDeps,
  poison: PoisonPolicy,
  journal?: AttemptJournal,
): MiddlewareFn<Context> {
  const inHand = new Set<number>();
  // An update marked applied by its step is not marked done after its answer (that would be a second commit):
  // delivered again, it would show the draft once more. This process remembers what it answered, so only a
  // delivery after a restart shows it again, which changes nothing.
  const answered = new Set<number>();
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    if (answered.has(updateId)) {
      deps.log.debug("duplicate update skipped", { updateId });
      return;
    }
    if (inHand.has(updateId)) {
      deps.log.warn("update in progress elsewhere; not acknowledged", { updateId });
      throw new UpdateInProgressError(updateId);
    }
    inHand.add(updateId);
    let journaled = false;
    try {
      // A person's update reads its state and its sender's account in one statement (loadSender uses it).
      const from = ctx.from;
      const withSender =
        journal && from && !from.is_bot && !deps.adminIds.includes(from.id)
          ? await readUpdateAndSender(deps.db, updateId, from.id)
          : undefined;
      if (withSender) {
        const fields = ctx as Context & Partial<BaseContext>;
        fields.senderAccount = withSender.account;
        fields.settingsVersion = withSender.settingsVersion;
        fields.draftInFlowAtStart = withSender.draftInFlow;
      }
      const begun: BegunUpdate =
        withSender?.begun ??
        (journal ? await readUpdate(deps.db, updateId) : await beginUpdate(deps.db, updateId, deps.now()));
      if (begun.kind === "done") {
        deps.log.debug("duplicate update skipped", { updateId });
        return;
      }
      if (journal) {
        journal.begin(updateId, inHand);
        journaled = true;
      }
      const held: HeldUpdate = {
        id: updateId,
        applied: begun.applied,
        markedInTransaction: false,
        idempotent: false,
      };
      (ctx as Context & { heldUpdate?: HeldUpdate }).heldUpdate = held;
      await attemptUnlessPoison(ctx, deps, poison, begun.attempt, next, {
        // Marked applied in its handler's transaction (or found so): answered now, it needs no commit of its own;
        // nor does one that changed nothing a second delivery would change again.
        done: async () => {
          if (!held.markedInTransaction && !held.applied && !held.idempotent)
            await markUpdateDone(deps.db, updateId, deps.now());
        },
        ...(journal
          ? {
              // Journaled attempts reach the database only when they fail or went down with the process.
              forget: async () => undefined,
              failed: (error: string) => recordFailedAttempt(deps.db, updateId, error, deps.now()),
            }
          : countedAttempt(deps, updateId)),
      });
      answered.add(updateId);
      if (answered.size > ANSWERED_REMEMBERED) answered.delete(answered.values().next().value as number);
    } finally {
      inHand.delete(updateId);
      if (journaled) journal?.end(updateId, inHand);
    }
  };
}

/** How an attempt ends, in the books. */
interface AttemptBook {
  /** Handled: never run again. */
  done(): Promise<void>;
  /** Cut short by an outage: it does not count. */
  forget(): Promise<void>;
  /** Ended with an error of its own: counted as failed. */
  failed(error: string): Promise<void>;
}

/** For an attempt counted in the database before its handlers ran (beginUpdate, beginUpdateAttempt). */
function countedAttempt(deps: BotDeps, updateId: number): Pick<AttemptBook, "forget" | "failed"> {
  return {
    forget: () => forgetUpdateAttempt(deps.db, updateId),
    failed: (error) => recordUpdateFailure(deps.db, updateId, error),
  };
}

/** Attempts at one update (crashed or failed) before it is given up. */
export const MAX_UPDATE_ATTEMPTS = 3;

export interface PoisonPolicy {
  maxAttempts: number;
  /** Tells the sender that their update was given up (best effort; its failure is only logged). */
  tellSender?: (ctx: Context) => Promise<void>;
}

/**
 * Runs the handlers unless the update already failed or took the process down `maxAttempts` times: then it is
 * given up (kept whole in quarantined_updates, marked done), its sender told, and the bot goes on with the next.
 * The attempt was counted before the handlers run (in the database, or in the attempt journal, counted in the
 * database at the next start), so a crash loop over one update ends by itself after restarts, in long polling and
 * webhook mode alike. A failure of the database or of the network does not count: the update is not at fault,
 * and Telegram's redelivery will run it once they are back.
 */
async function attemptUnlessPoison(
  ctx: Context,
  deps: BotDeps,
  poison: PoisonPolicy,
  attempt: UpdateAttempt,
  next: NextFunction,
  book: AttemptBook,
): Promise<void> {
  const updateId = ctx.update.update_id;
  if (attempt.attempts > poison.maxAttempts) {
    const earlier = attempt.attempts - 1;
    const crashed = earlier - attempt.failures;
    const cause = [
      attempt.failures > 0
        ? `${attempt.failures} failed (last error: ${attempt.lastError ?? "unknown"})`
        : "",
      crashed > 0 ? `${crashed} ended with the process (crash, out of memory or kill)` : "",
    ]
      .filter(Boolean)
      .join("; ");
    await quarantineUpdate(
      deps.db,
      {
        updateId,
        updateJson: JSON.stringify(ctx.update),
        chatId: ctx.chat?.id,
        telegramId: ctx.from?.id,
        attempts: earlier,
        cause,
      },
      deps.now(),
    );
    deps.log.error("update given up after repeated failures; kept in quarantined_updates", {
      updateId,
      attempts: earlier,
      cause,
    });
    await poison
      .tellSender?.(ctx)
      .catch((error) =>
        deps.log.warn("could not tell the sender their update was given up", { updateId, error }),
      );
    return;
  }
  try {
    await next();
    await book.done();
  } catch (error) {
    const recorded = isOutage(error) ? book.forget() : book.failed(describeError(error));
    await recorded.catch(() => undefined);
    throw error;
  }
}

/** A failure of what the update depends on (database, Bot API, network) rather than of its handling. */
function isOutage(error: unknown): boolean {
  if (isDatabaseOutage(error) || error instanceof HttpError) return true;
  return error instanceof GrammyError && (error.error_code === 429 || error.error_code >= 500);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The notice to a person whose update was given up, in their language (private chats and button presses). */
export function tellSenderGivenUp(i18n: I18n<BaseContext>, deps: BotDeps) {
  return async (ctx: Context): Promise<void> => {
    const from = ctx.from;
    if (!from || from.is_bot) return;
    const saved = await findLanguage(deps.db, from.id).catch(() => undefined);
    const text = i18n.t(negotiateLocale(saved, from.language_code), "update-given-up");
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
    else if (ctx.chat?.type === "private") await ctx.reply(text);
  };
}

/** Puts deps, the sender's roster entry, role, saved language and a settings loader on the context. */
export function loadSender(deps: BotDeps): MiddlewareFn<MinyiContext> {
  return async (ctx, next) => {
    const fields = ctx as BaseContext;
    fields.deps = deps;
    let settings: Promise<Settings> | undefined;
    fields.settings = () => {
      settings ??= loadSettings(deps.db, fields.settingsVersion);
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
        : (fields.senderAccount ?? (await findAccount(deps.db, from.id)));
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
