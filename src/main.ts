// Node entry: validate config, migrate, then long polling (no WEBHOOK_URL) or webhook, plus schedules.
// SIGTERM/SIGINT finish the update in hand before the process exits. The schedules (node-cron, in the
// committee's time zone) follow settings.schedules; a change applies within minutes (src/jobs/node-schedules.ts).
import { serve } from "@hono/node-server";
import { setDefaultMenus, setPersonalMenu } from "./bot/commands";
import { createBot, DEFAULT_API_ROOT } from "./bot/index";
import { connectToTelegram, describeFailure, TelegramLink, TokenRefused } from "./bot/telegram-link";
import { runReliablePolling } from "./bot/polling";
import { childReader } from "./files/parse-in-child";
import { renderPng, warmChartRenderer } from "./charts/render-node";
import { listStaffAccounts } from "./db/people";
import { countCrashedAttempts, releaseAbandonedClaims } from "./db/updates";
import { AttemptJournal } from "./db/attempt-journal";
import { Courier } from "./jobs/courier";
import { WalBarrier } from "./db/wal-barrier";
import { WalCheckpointer } from "./db/checkpointer";
import { startNodeSchedules } from "./jobs/node-schedules";
import { releaseOutboxClaims } from "./db/outbox";
import { createOutboxApi, Outbox } from "./jobs/outbox";
import { createLogger, type Logger } from "./logger";
import type { DB } from "./db/database";
import { BackgroundBatches } from "./jobs/background-batches";
import { HOUSEKEEPING_EVERY_MS, housekeeping } from "./jobs/housekeeping";
import { pacedSigning } from "./db/similarity";
import { outboundFetch } from "./net/outbound";
import { continueStatsRecount } from "./db/stats-recount";
import { holdInstanceLease } from "./node-lease";
import { loadConfigOrExit, openMigratedDatabase, readLocales, readStaticAsset } from "./node-runtime";
import { publicUrlOf } from "./config";
import { setConsoleMenuButton } from "./web/menu-button";
import { ALLOWED_UPDATES, createApp } from "./server";

/** The token and secrets, once known: nothing this process prints may contain them. */
let secrets: string[] = [];

async function openAttemptJournal(db: DB, databaseFile: string, log: Logger): Promise<AttemptJournal> {
  const { journal, crashed } = AttemptJournal.open(`${databaseFile}-attempts`);
  if (crashed.size > 0) {
    await countCrashedAttempts(db, crashed, new Date());
    log.warn("updates the previous run was handling when it ended; counted as attempts", {
      updates: [...crashed.keys()],
    });
  }
  journal.clear();
  return journal;
}

async function main() {
  const config = loadConfigOrExit();
  secrets = [
    config.BOT_TOKEN,
    config.mode === "webhook" ? config.WEBHOOK_SECRET : undefined,
    config.DATABASE_AUTH_TOKEN,
  ].filter((s): s is string => typeof s === "string" && s.length > 0);
  // Every Bot API call and file download goes through HTTPS_PROXY when it is set (src/net/outbound.ts).
  const outbound = outboundFetch();
  secrets.push(...outbound.secrets);
  const log = createLogger(config.LOG_LEVEL, secrets);
  if (Object.keys(outbound.proxies).length > 0) log.info("outbound proxy", outbound.proxies);
  const { db, handle, applied } = await openMigratedDatabase(
    config.DATABASE_URL,
    config.DATABASE_AUTH_TOKEN,
    "group",
    (pending, backup) =>
      backup
        ? log.info("database backed up before upgrading; to undo the upgrade, restore this copy", {
            backup,
            pending,
          })
        : log.info("applying migrations", { pending }),
  );
  // Group commit on the embedded database: nothing reports on a write before one shared fsync of the WAL.
  const durability = handle.walPath ? new WalBarrier(handle.walPath, undefined, handle.writes) : undefined;
  // SQLite's WAL checkpoints run on a thread of their own, off the event loop (src/db/checkpointer.ts).
  const checkpointer =
    handle.filePath && handle.writes
      ? await WalCheckpointer.start(db, handle.filePath, handle.writes, log)
      : undefined;
  if (applied.length > 0) log.info("migrations applied", { applied });
  // This process alone handles the bot's updates: a second one on this database refuses to start here.
  const lease = await holdInstanceLease(db, log, config.DATABASE_URL);
  // It has handled none yet: a claim still "processing" was left by a predecessor killed mid-update. Release
  // it, so Telegram's redelivery is handled now.
  const released = await releaseAbandonedClaims(db);
  if (released > 0) log.warn("released updates left unfinished by the previous run", { released });
  // Attempts at updates are counted in a journal beside an embedded database (src/db/attempt-journal.ts); those
  // the previous run began and never ended went down with it and count towards giving an update up.
  const attemptJournal = handle.filePath ? await openAttemptJournal(db, handle.filePath, log) : undefined;
  // Messages a killed predecessor had claimed but not yet sent go out with the resumed run, not five minutes on.
  const retaken = await releaseOutboxClaims(db, new Date());
  if (retaken > 0) log.warn("took back messages the previous run had claimed but not sent", { retaken });

  // Jobs and notices send through an Api without auto-retry: the outbox paces and retries by itself.
  const jobApi = createOutboxApi(config.BOT_TOKEN, {
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    fetch: outbound.fetch,
  });
  // One outbox for all of this process's sending to others: jobs due at the same minute and the notices of
  // staff actions share Telegram's 30 a second.
  const outbox = new Outbox(db, jobApi, log, durability ? { durability } : {});
  const courier = new Courier(db, outbox, log);

  const publicUrl = publicUrlOf(config);
  const { bot, i18n, downloadFile } = createBot({
    token: config.BOT_TOKEN,
    deps: {
      db,
      log,
      adminIds: config.ADMIN_TELEGRAM_IDS,
      now: () => new Date(),
      courier,
      publicUrl,
      // Files people send are parsed in a child process with a heap bound and a deadline (src/files).
      files: childReader,
      ...(durability ? { durability } : {}),
    },
    locales: readLocales(),
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    fetch: outbound.fetch,
    renderChart: renderPng,
    // This process alone handles the bot's updates (see releaseAbandonedClaims above).
    claims: "process",
    ...(attemptJournal ? { attemptJournal } : {}),
  });
  // The HTTP server comes up first, so /healthz can say whether Telegram answers while start-up waits for it.
  const telegramAddress = config.TELEGRAM_API_ROOT ?? DEFAULT_API_ROOT;
  const link = new TelegramLink(telegramAddress);
  const webhookSecret = config.mode === "webhook" ? config.WEBHOOK_SECRET : crypto.randomUUID();
  const app = createApp({
    bot,
    db,
    log,
    webhookSecret,
    telegram: () => link.status,
    console: {
      db,
      log,
      i18n,
      botToken: config.BOT_TOKEN,
      publicUrl,
      now: () => new Date(),
      courier,
      staticAsset: readStaticAsset,
      downloadFile,
      files: childReader,
      get botUsername() {
        return bot.isInited() ? bot.botInfo.username : undefined;
      },
    },
  });
  const server = serve({ fetch: app.fetch, port: config.PORT }, (info) =>
    log.info("http listening", { port: info.port, console: `${publicUrl}/web` }),
  );
  server.on("error", (error) => log.warn("http server error", { error }));

  let stopPolling: (() => Promise<void>) | undefined;
  let schedules: Awaited<ReturnType<typeof startNodeSchedules>> | undefined;
  let background: BackgroundBatches | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let pruner: NodeJS.Timeout | undefined;
  const connecting = new AbortController();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    connecting.abort();
    clearInterval(sweeper);
    clearInterval(pruner);
    await schedules?.stop();
    await background?.stop();
    await stopPolling?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    attemptJournal?.close();
    await lease.release().catch((error) => log.warn("could not release the database lease", { error }));
    await checkpointer?.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  log.info("connecting to the Telegram Bot API", { address: telegramAddress });
  try {
    bot.botInfo = await connectToTelegram({
      getMe: (signal) => bot.api.getMe(signal as never),
      link,
      log,
      signal: connecting.signal,
    });
  } catch (error) {
    if (stopping) return;
    process.stderr.write(`${describe(error instanceof TokenRefused ? error.message : error)}\n`);
    process.exit(1);
  }
  log.info("bot ready", { username: bot.botInfo.username, mode: config.mode });
  // The chart renderer's thread and fonts, a little after start so the first updates are not kept waiting.
  setTimeout(
    () => void warmChartRenderer().catch((error) => log.warn("the chart renderer did not start", { error })),
    2_000,
  ).unref();

  void (async () => {
    await setDefaultMenus(bot.api, i18n);
    await setConsoleMenuButton(bot.api, i18n, publicUrl);
    for (const account of await listStaffAccounts(db))
      await setPersonalMenu(bot.api, i18n, account.telegram_id, account.role);
  })().catch((error) => log.warn("could not set command menus", { error }));

  if (config.mode === "webhook") {
    await bot.api.setWebhook(config.WEBHOOK_URL, {
      secret_token: config.WEBHOOK_SECRET,
      allowed_updates: ALLOWED_UPDATES,
    });
    log.info("webhook set", { url: config.WEBHOOK_URL });
  } else {
    await bot.api.deleteWebhook();
    // An update is confirmed to Telegram only once handled: one in hand when the process dies comes back.
    const polling = runReliablePolling(bot, {
      allowedUpdates: ALLOWED_UPDATES,
      onGiveUp: (update, error) =>
        log.error("update failed again and again; given up", { updateId: update.update_id, error }),
      onTimeout: (update) =>
        log.warn("update still being handled after 55 s", { updateId: update.update_id }),
      onError: (error) => log.error("error handler failed", { error }),
      // Through the redacting logger: a proxy's error may echo the URL, token included.
      onFetchError: (error, failures, delayMs) => {
        link.unreachable(describeFailure(error), delayMs);
        log.warn("long polling: getUpdates failed; trying again", {
          address: telegramAddress,
          error: describeFailure(error),
          attempt: failures,
          nextAttemptInSeconds: delayMs / 1000,
        });
      },
      onFetchRecovered: (failures) => {
        link.reachable();
        log.info("long polling: Telegram Bot API reachable again", { after: failures });
      },
    });
    polling.runner.task()?.catch((error) => {
      log.error("long polling stopped", { error });
      process.exit(1);
    });
    stopPolling = () => polling.stop();
  }

  // Notices a crash or a long 429 left behind go with the next sweep.
  courier.kick();
  sweeper = setInterval(() => courier.kick(), 60_000);
  sweeper.unref();
  schedules = await startNodeSchedules({ db, api: jobApi, i18n, log, outbox });
  // Work too large for one go runs in small batches between updates: the statistics recounted after a
  // settings change, and the similarity signatures of reports imported or changed.
  background = new BackgroundBatches(
    [
      { name: "statistics recount", batch: () => continueStatsRecount(db) },
      { name: "report signatures", batch: pacedSigning(db) },
    ],
    log,
  );
  background.start(5_000);
  // Update claims and attempt counts past Telegram's redelivery window go, now and every six hours.
  void housekeeping(db, log, new Date());
  pruner = setInterval(() => void housekeeping(db, log, new Date()), HOUSEKEEPING_EVERY_MS);
  pruner.unref();
}

/** An error's message with the token and secrets cut out, also in their URL-encoded form. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return secrets
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .reduce((text, secret) => text.split(secret).join("[redacted]"), message);
}

main().catch((error) => {
  process.stderr.write(`Minyi failed to start: ${describe(error)}\n`);
  process.exit(1);
});
