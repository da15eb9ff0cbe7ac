// Assembles the bot: middleware and features in one visible order. Runtime-neutral: Node and the Worker
// both call createBot with their own database client, locale sources and (in tests) fetch.
import "./composition";
import { autoRetry } from "@grammyjs/auto-retry";
import type { I18n } from "@grammyjs/i18n";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { ChartRenderer } from "../charts/types";
import type { AttemptJournal } from "../db/attempt-journal";
import { fileDownloader } from "../files/download";
import { documentsFeature } from "../handlers/documents";
import { exportFeature } from "../handlers/export";
import { groupsFeature } from "../handlers/groups";
import { issueFeature } from "../handlers/issue";
import { langFeature } from "../handlers/lang";
import { meFeature } from "../handlers/me";
import { myReportsFeature } from "../handlers/my-reports";
import { askAgain, reportFeature } from "../handlers/report";
import { reportActionsFeature, reviewFeature } from "../handlers/review";
import { rosterFeature } from "../handlers/roster";
import { settingsFeature } from "../handlers/settings";
import { startFeature } from "../handlers/start";
import { statsFeature } from "../handlers/stats";
import { unhandledFeature } from "../handlers/unhandled";
import { webFeature } from "../handlers/web";
import { noticesQueuedSoFar } from "../notify";
import { setPersonalMenu } from "./commands";
import type { BaseContext, BotDeps, MinyiContext } from "./context";
import { noteGroupTalk } from "./group-talk";
import { createI18n, i18nMiddleware, type LocaleSources } from "./i18n";
import {
  type ClaimScope,
  dedupeUpdates,
  loadSender,
  MAX_UPDATE_ATTEMPTS,
  recordGroupSightings,
  tellSenderGivenUp,
} from "./middleware";

export const DEFAULT_API_ROOT = "https://api.telegram.org";

/**
 * Bot API methods answered in the webhook's response (src/server.ts replyWhenHandled), which Telegram makes
 * itself: their result is only `true`, and a failure there is not worth an update's redelivery.
 */
const WEBHOOK_REPLY_METHODS: ReadonlySet<string> = new Set([
  "answerCallbackQuery",
  // The report flow's previous question, deleted only while Telegram still deletes it (handlers/report/live.ts).
  "deleteMessage",
]);

export interface CreateBotOptions {
  token: string;
  deps: BotDeps;
  locales: LocaleSources;
  /** Known bot identity; without it grammY asks getMe on init. */
  botInfo?: UserFromGetMe;
  apiRoot?: string;
  /** Replaces the HTTP client (tests record Bot API calls with it).  */
  fetch?: typeof fetch;
  /** Extra API transformers, applied with auto-retry. */
  transformers?: Transformer[];
  /** Draws /stats charts as PNG (Node passes renderPng); without it, statistics are sent as text only. */
  renderChart?: ChartRenderer;
  /** Where update claims are held (default "database"; the Node entry, sole consumer, uses "process"). */
  claims?: ClaimScope;
  /** With "process" claims: attempts are counted in this journal instead of a commit per update. */
  attemptJournal?: AttemptJournal;
  /** Attempts at one update (failed or crashed) before it is given up (default MAX_UPDATE_ATTEMPTS). */
  maxUpdateAttempts?: number;
}

export interface MinyiBot {
  bot: Bot<MinyiContext>;
  i18n: I18n<BaseContext>;
  /** At most `maxBytes` of a file a user sent, or FileTooLarge (src/files/download.ts). */
  downloadFile(fileId: string, maxBytes: number): Promise<Uint8Array>;
}

export function createBot(options: CreateBotOptions): MinyiBot {
  const apiRoot = (options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const bot = new Bot<MinyiContext>(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: {
      apiRoot,
      fetch: fetchImpl,
      timeoutSeconds: 30,
      // Through the webhook, a button's answer or a question's removal rides in the response (src/server.ts): a
      // call over HTTP less.
      canUseWebhookReply: (method) => WEBHOOK_REPLY_METHODS.has(method),
    },
  });
  const retry = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 });
  const transformers: Transformer[] = [
    // auto-retry retries a network error forever, silently: getMe at start-up (src/bot/telegram-link.ts) and
    // long polling's getUpdates (src/bot/polling.ts) retry by themselves, and say so.
    (prev, method, payload, signal) =>
      method === "getMe" || method === "getUpdates"
        ? prev(method, payload, signal)
        : retry(prev, method, payload, signal),
    ...(options.transformers ?? []),
  ];
  // Nothing reports on a write before it is durable: group commit (src/db/durability.ts). getUpdates only
  // fetches; its confirmation of handled updates waits in the middleware below.
  const { durability } = options.deps;
  if (durability)
    transformers.push(async (prev, method, payload, signal) => {
      if (method !== "getUpdates") await durability.barrier();
      return prev(method, payload, signal);
    });
  for (const transformer of transformers) bot.api.config.use(transformer);

  const i18n = createI18n(options.locales);
  const { deps } = options;

  const downloadFile = fileDownloader({ api: bot.api, token: options.token, apiRoot, fetch: fetchImpl });
  const refreshMenu = async (ctx: MinyiContext, telegramId: number, role = ctx.role) => {
    await setPersonalMenu(ctx.api, i18n, telegramId, role).catch((error) =>
      deps.log.warn("could not set a personal command menu", { telegramId, error }),
    );
  };

  bot.catch((error) =>
    deps.log.error("update failed", { updateId: error.ctx.update.update_id, error: error.error }),
  );

  // One update at a time per chat, so concurrent deliveries of one person's messages keep their order.
  bot.use(sequentialize((ctx) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));
  bot.use(errorBoundary);
  // Notices to others go out once the update that queued them is done: the person who acted is answered first
  // (a button's answer rides in the webhook's response, which is written before the next macrotask).
  bot.use(async (_ctx, next) => {
    const queuedBefore = noticesQueuedSoFar();
    try {
      await next();
    } finally {
      if (noticesQueuedSoFar() !== queuedBefore) setTimeout(() => deps.courier?.kick(), 0);
    }
  });
  // The webhook's 200 (or long polling's confirmation) follows the update's last write, done mark included, to disk.
  if (durability)
    bot.use(async (_ctx, next) => {
      await next();
      await durability.barrier();
    });
  bot.use(noteGroupTalk(deps));
  bot.use(
    dedupeUpdates(
      deps,
      options.claims,
      {
        maxAttempts: options.maxUpdateAttempts ?? MAX_UPDATE_ATTEMPTS,
        tellSender: tellSenderGivenUp(i18n, deps),
      },
      options.attemptJournal,
    ),
  );
  bot.use(loadSender(deps));
  bot.use(i18nMiddleware(i18n));
  bot.use(recordGroupSightings);
  // The report being written comes first: while a person writes one, their messages are its answers.
  bot.use(reportFeature({ i18n, downloadFile }));
  bot.use(myReportsFeature({ askDraftQuestion: askAgain }));
  // Staff review and follow-up; a staff member's typed reply to a prompt is taken before other features.
  bot.use(issueFeature({ i18n }));
  bot.use(reviewFeature({ i18n }));
  bot.use(reportActionsFeature({ i18n }));
  bot.use(meFeature());

  // Before /start: an admin's typed words may answer a set-up question, and /start asks it again.
  bot.use(settingsFeature());
  bot.use(startFeature({ onBound: (ctx, telegramId, role) => refreshMenu(ctx, telegramId, role) }));
  bot.use(langFeature());
  bot.use(
    rosterFeature({
      downloadFile,
      onRoleChanged: (ctx, telegramId, role) => refreshMenu(ctx, telegramId, role),
    }),
  );
  bot.use(groupsFeature());
  bot.use(statsFeature({ renderChart: options.renderChart }));
  bot.use(exportFeature({ i18n }));
  bot.use(documentsFeature({ i18n }));
  bot.use(webFeature());
  bot.use(unhandledFeature());

  return { bot, i18n, downloadFile };
}

/**
 * Logs a failed update and tells the person waiting, then rethrows: the dedupe claim is released and the
 * webhook answers non-2xx, so Telegram delivers the update again.
 */
async function errorBoundary(ctx: MinyiContext, next: () => Promise<void>): Promise<void> {
  try {
    await next();
  } catch (error) {
    ctx.deps?.log.error("handler failed", { updateId: ctx.update.update_id, error });
    if (ctx.chat?.type === "private" && typeof ctx.t === "function") {
      await ctx.reply(ctx.t("error-internal")).catch(() => undefined);
    }
    throw error;
  }
}
