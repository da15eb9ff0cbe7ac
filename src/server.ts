// The HTTP face of the bot, shared by Node and the Worker: the Telegram webhook, a health check and the web
// console (/web).
import { type Bot, webhookCallback } from "grammy";
import { type Context, Hono } from "hono";
import type { MinyiContext } from "./bot/context";
import type { TelegramStatus } from "./bot/telegram-link";
import { type DB, pingDatabase } from "./db/database";
import type { Logger } from "./logger";
import { type ConsoleOptions, consoleRoutes } from "./web/index";

export const WEBHOOK_PATH = "/telegram/webhook";

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

export interface AppOptions {
  bot: Bot<MinyiContext>;
  db: DB;
  log: Logger;
  webhookSecret: string;
  /** The web console under /web (src/web); none: the app serves the webhook and /healthz only. */
  console?: ConsoleOptions;
  /** Whether the Bot API answers (src/bot/telegram-link.ts); /healthz says 503 while it does not. */
  telegram?: () => TelegramStatus;
}

/**
 * grammY's Hono adapter, except that a webhook reply (one Bot API call carried in the response, which Telegram
 * makes itself: a call over HTTP less) waits for the update to be handled. grammY's own sends the response at
 * the call, so the 200 would leave before the update's writes were done and durable.
 */
function replyWhenHandled(c: Context) {
  let reply: string | undefined;
  let refused: Response | undefined;
  return {
    get update() {
      return c.req.json();
    },
    header: c.req.header("X-Telegram-Bot-Api-Secret-Token"),
    end: () => undefined,
    respond: (json: string) => {
      reply = json;
    },
    unauthorized: () => {
      refused = c.body("", 401);
    },
    /** Read by webhookCallback once the update was handled. */
    get handlerReturn(): Promise<Response> {
      return Promise.resolve(
        refused ?? (reply === undefined ? c.body("") : c.body(reply, 200, { "content-type": "application/json" })),
      );
    },
  };
}

export function createApp({ bot, db, log, webhookSecret, console, telegram }: AppOptions): Hono {
  const app = new Hono();
  // Telegram waits up to about a minute; answering late makes it redeliver, which dedupe absorbs.
  const handleWebhook = webhookCallback(bot, replyWhenHandled, {
    secretToken: webhookSecret,
    timeoutMilliseconds: 55_000,
    onTimeout: "throw",
  });

  app.post(WEBHOOK_PATH, (c) => handleWebhook(c));

  app.get("/healthz", async (c) => {
    try {
      await pingDatabase(db);
      const link = telegram?.();
      if (link && link.telegram !== "reachable") return c.json({ status: "unavailable", ...link }, 503);
      return c.json({ status: "ok" });
    } catch (error) {
      log.error("health check: database unreachable", { error });
      return c.json({ status: "unavailable" }, 503);
    }
  });

  if (console) app.route("/web", consoleRoutes(console));

  app.onError((error, c) => {
    log.error("request failed", { path: c.req.path, error });
    return c.json({ status: "error" }, 500);
  });
  app.notFound((c) => c.json({ status: "not found" }, 404));
  return app;
}
