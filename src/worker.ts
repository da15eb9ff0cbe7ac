// Cloudflare Workers entry: the Telegram webhook and /healthz through the shared Hono app, and a Cron Trigger
// every 15 minutes that starts the jobs the settings' schedules make due (src/jobs/schedule.ts). Same bot and
// jobs as Node; only the edges differ: libSQL over HTTP (Turso) with the web client, locales bundled as text
// modules, logs to the console.
//
// Per isolate, on first use: validate the environment, open the database, migrate it, learn the bot's identity
// (BOT_INFO, else getMe) and build the bot and app; later requests reuse them. A failed start is not cached,
// so the next request tries again. Migrating here keeps a fresh deploy working, but the normal path is
// `npm run migrate` against Turso before `wrangler deploy`: then this finds nothing to do (a few reads).
import type { I18n } from "@grammyjs/i18n";
import { createClient } from "@libsql/client/web";
import type { Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { ExecutionContext, Hono } from "hono";
import en from "../locales/en.ftl";
import zh from "../locales/zh.ftl";
import { setDefaultMenus } from "./bot/commands";
import type { BaseContext } from "./bot/context";
import { createBot } from "./bot/index";
import { parseConfig } from "./config";
import { type DB, openDatabase } from "./db/database";
import { signQueuedFor } from "./db/similarity";
import { continueStatsRecount } from "./db/stats-recount";
import { migrateToLatest } from "./db/migrations";
import { Courier } from "./jobs/courier";
import { createOutboxApi, Outbox } from "./jobs/outbox";
import { resumeUnfinishedRuns } from "./jobs/registry";
import { housekeeping } from "./jobs/housekeeping";
import { checkTrigger, runDueJobs } from "./jobs/schedule";
import { createLogger, type Logger } from "./logger";
import { createApp } from "./server";
import { setConsoleMenuButton } from "./web/menu-button";

/** Vars and secrets (wrangler.toml documents them). Everything is a string, as Workers deliver them. */
export interface Env {
  BOT_TOKEN?: string;
  WEBHOOK_SECRET?: string;
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  TELEGRAM_API_ROOT?: string;
  ADMIN_TELEGRAM_IDS?: string;
  LOG_LEVEL?: string;
  /** The bot's getMe result as JSON; without it each new isolate asks getMe once. */
  BOT_INFO?: string;
  /** Not needed (Telegram is pointed at the Worker out of band) but accepted, as on Node. */
  WEBHOOK_URL?: string;
  /** The web console's address; default the origin of WEBHOOK_URL, else of the request that started the isolate. */
  PUBLIC_URL?: string;
}

/** The part of the Workers ScheduledController used here (Hono's ExecutionContext types the other). */
interface ScheduledEvent {
  cron: string;
  scheduledTime: number;
}

interface Runtime {
  app: Hono;
  db: DB;
  /** For the jobs: without auto-retry, since the outbox has its own retry policy. */
  jobApi: Api;
  i18n: I18n<BaseContext>;
  log: Logger;
  /** Sends the notices updates queued for other people. */
  courier: Courier;
}

/** Stands in for WEBHOOK_URL, which the schema requires in webhook mode but the Worker never uses. */
const UNUSED_WEBHOOK_URL = "https://worker.invalid/telegram/webhook";

let runtime: Promise<Runtime> | undefined;

function getRuntime(env: Env, ctx: ExecutionContext, origin?: string): Promise<Runtime> {
  runtime ??= start(env, ctx, origin).catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

async function start(env: Env, ctx: ExecutionContext, origin: string | undefined): Promise<Runtime> {
  // The Worker only runs in webhook mode, so the webhook schema (and its WEBHOOK_SECRET rule) always applies.
  const strings = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const parsed = parseConfig({ ...strings, WEBHOOK_URL: strings.WEBHOOK_URL || UNUSED_WEBHOOK_URL });
  if (!parsed.ok) throw new Error(parsed.message);
  const config = parsed.config;
  if (config.mode !== "webhook") throw new Error("Configuration error: WEBHOOK_SECRET is missing.");
  if (!/^(libsql|https?|wss?):/.test(config.DATABASE_URL))
    throw new Error(
      "Configuration error: DATABASE_URL must be a remote libSQL URL on Workers (libsql://…, https://…).",
    );

  const log = createLogger(
    config.LOG_LEVEL,
    [config.BOT_TOKEN, config.WEBHOOK_SECRET, config.DATABASE_AUTH_TOKEN],
    (line) => console.log(line),
  );
  const client = createClient({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
  const db = openDatabase(client);
  const applied = await migrateToLatest(db);
  if (applied.length > 0) log.info("migrations applied", { applied });

  const publicUrl =
    config.PUBLIC_URL?.replace(/\/+$/, "") ??
    (env.WEBHOOK_URL ? new URL(env.WEBHOOK_URL).origin : (origin ?? "https://worker.invalid"));
  const botInfo = parseBotInfo(env.BOT_INFO);
  const jobApi = createOutboxApi(config.BOT_TOKEN, {
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
  });
  // Notices queued by an update are sent after its answer, in waitUntil (see fetch below), or by the next trigger.
  const courier = new Courier(db, new Outbox(db, jobApi, log), log);
  const { bot, i18n, downloadFile } = createBot({
    token: config.BOT_TOKEN,
    deps: { db, log, adminIds: config.ADMIN_TELEGRAM_IDS, now: () => new Date(), publicUrl },
    locales: { zh, en },
    ...(botInfo ? { botInfo } : {}),
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
  });
  if (!botInfo) await bot.init();
  log.info("worker ready", { username: bot.botInfo.username });
  // Menus are Telegram-side state; refreshing them once per isolate keeps them in step with the deployed
  // code without delaying the update that woke the isolate.
  ctx.waitUntil(
    Promise.all([setDefaultMenus(bot.api, i18n), setConsoleMenuButton(bot.api, i18n, publicUrl)]).catch(
      (error) => log.warn("could not set command menus", { error }),
    ),
  );

  // The console's ECharts file is a Workers static asset (wrangler.toml [assets]), served before the Worker runs.
  const app = createApp({
    bot,
    db,
    log,
    webhookSecret: config.WEBHOOK_SECRET,
    console: {
      db,
      log,
      i18n,
      botToken: config.BOT_TOKEN,
      publicUrl,
      now: () => new Date(),
      courier,
      downloadFile,
      botUsername: bot.botInfo.username,
    },
  });
  return { app, db, jobApi, i18n, log, courier };
}

function parseBotInfo(json: string | undefined): UserFromGetMe | undefined {
  if (!json?.trim()) return undefined;
  try {
    const info = JSON.parse(json) as UserFromGetMe;
    if (typeof info?.id === "number" && typeof info.username === "string") return info;
  } catch {
    // reported below
  }
  throw new Error("Configuration error: BOT_INFO is invalid; expected the getMe result as JSON.");
}

/** One JSON line on the console, like the logger's, with the secrets of `env` blanked out. */
function reportStartFailure(error: unknown, env: Env): void {
  const secrets = [env.BOT_TOKEN, env.WEBHOOK_SECRET, env.DATABASE_AUTH_TOKEN].filter(
    (s): s is string => typeof s === "string" && s.length >= 6,
  );
  const message = error instanceof Error ? error.message : String(error);
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level: "error",
    message: "worker start failed",
    error: message,
  });
  console.error(secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), line));
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let rt: Runtime;
    try {
      rt = await getRuntime(env, ctx, new URL(request.url).origin);
    } catch (error) {
      reportStartFailure(error, env);
      // Not 2xx: Telegram keeps the update and delivers it again once the Worker can start.
      return Response.json({ status: "unavailable" }, { status: 503 });
    }
    // The update is handled within the request, not in waitUntil: a failure must answer non-2xx so that
    // Telegram redelivers it (dedupe has released its claim by then).
    const response = await rt.app.fetch(request, env, ctx);
    // The notices the update queued for others go once it is answered; the next trigger takes what is left.
    ctx.waitUntil(rt.courier.sweep().catch((error) => rt.log.warn("notices: delivery failed", { error })));
    return response;
  },

  async scheduled(event: ScheduledEvent, env: Env, ctx: ExecutionContext): Promise<void> {
    let rt: Runtime;
    try {
      rt = await getRuntime(env, ctx);
    } catch (error) {
      reportStartFailure(error, env);
      throw error;
    }
    const deps = { db: rt.db, api: rt.jobApi, i18n: rt.i18n, log: rt.log };
    // A run an earlier invocation did not finish (a limit hit, an isolate gone) is finished first, whatever the
    // trigger: the quarterly bulletin's own trigger is a quarter away.
    await resumeUnfinishedRuns(deps, new Date(event.scheduledTime)).catch((error) =>
      rt.log.warn("could not resume unfinished job runs", { error }),
    );
    await rt.courier.sweep().catch((error) => rt.log.warn("notices: delivery failed", { error }));
    // Work done in batches: a statistics recount after a settings change, then reports still to be signed.
    const recountUntil = Date.now() + 10_000;
    try {
      while (Date.now() < recountUntil && (await continueStatsRecount(rt.db)) > 0);
    } catch (error) {
      rt.log.warn("could not continue the statistics recount", { error });
    }
    await signQueuedFor(rt.db, 10_000).catch((error) =>
      rt.log.warn("could not sign reports for the similar-report check", { error }),
    );
    await housekeeping(rt.db, rt.log, new Date(event.scheduledTime));
    // The jobs whose schedule (in the settings, as /settings last changed it) fell due: see src/jobs/schedule.ts.
    checkTrigger(event.cron, rt.log);
    await runDueJobs(deps, new Date(event.scheduledTime));
  },
};
