// The floors of section 1, each a process of its own with the same server shape as `npm start` in webhook mode
// (Hono on @hono/node-server, grammY's webhookCallback, secret header checked, Bot API calls over HTTP):
//   BENCH_FLOOR=bare     a bare grammY bot answering /start with one sendMessage; no database.
//   BENCH_FLOOR=durable  the same bot committing one small durable write per update with the bot's settings:
//                        the database opened as src/main.ts opens it (openMigratedDatabase, commit mode
//                        "group": the same driver, WAL, synchronous=NORMAL) and the bot's group commit (a
//                        WalBarrier waited for before any Bot API call and before the webhook's 200).
// Run as `node --import tsx --import bench/webhook/probe-entry.mjs bench/webhook/floor-server.ts` (children.ts).
import { serve } from "@hono/node-server";
import { Bot, webhookCallback } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { Hono } from "hono";
import { sql } from "kysely";
import { WalBarrier } from "../../src/db/wal-barrier";
import { openMigratedDatabase } from "../../src/node-runtime";
import { WEBHOOK_PATH } from "../../src/server";
import { BOT_INFO } from "../../test/support/fake-telegram";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is missing`);
  return value;
};

async function main() {
  const kind = env("BENCH_FLOOR");
  const bot = new Bot(env("BOT_TOKEN"), {
    botInfo: BOT_INFO as UserFromGetMe,
    client: { apiRoot: env("TELEGRAM_API_ROOT") },
  });
  if (kind === "durable") {
    const url = env("DATABASE_URL");
    const { db, handle } = await openMigratedDatabase(url, undefined, "group");
    await sql`CREATE TABLE IF NOT EXISTS bench_floor (update_id INTEGER PRIMARY KEY, chat_id INTEGER, at TEXT NOT NULL)`.execute(
      db,
    );
    if (!handle.walPath) throw new Error("the durable floor needs an embedded database file");
    const durability = new WalBarrier(handle.walPath, undefined, handle.writes);
    // As src/bot/index.ts: nothing reports on a write before a shared fsync of the WAL.
    bot.api.config.use(async (prev, method, payload, signal) => {
      if (method !== "getUpdates") await durability.barrier();
      return prev(method, payload, signal);
    });
    bot.use(async (_ctx, next) => {
      await next();
      await durability.barrier();
    });
    bot.use(async (ctx, next) => {
      await sql`INSERT INTO bench_floor (update_id, chat_id, at) VALUES (${ctx.update.update_id}, ${ctx.chat?.id ?? null}, ${new Date().toISOString()})`.execute(
        db,
      );
      await next();
    });
  } else if (kind !== "bare") throw new Error(`BENCH_FLOOR must be bare or durable, not ${kind}`);
  bot.command("start", (ctx) => ctx.reply("欢迎！Welcome!"));
  const handle = webhookCallback(bot, "hono", { secretToken: env("WEBHOOK_SECRET") });
  const app = new Hono();
  app.post(WEBHOOK_PATH, (c) => handle(c));
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  serve({ fetch: app.fetch, port: Number(env("PORT")) });
  // An orderly exit on SIGTERM, as src/main.ts: node --cpu-prof writes its profile then.
  process.on("SIGTERM", () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`floor failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
