// The real process failing at start-up and while polling, with a Bot API server that echoes the request URL
// (the token is part of it) in its errors, as a misconfigured proxy does: whatever the process prints must not
// contain the bot token, the webhook secret or the database token.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotProcess, freshCheckout, sleep } from "../../support/bot-process";
import { FakeTelegram } from "../../support/fake-telegram";

const TOKEN = "135790:STARTUP-token_never-printed";
const SECRET = "startup-webhook-secret-never-printed";
const DB_TOKEN = "database-auth-token-never-printed";

const echoing = (description: string) => ({ ok: false as const, error_code: 404, description });

describe("secrets at start-up and while polling (real process)", () => {
  const dir = freshCheckout("minyi-secrets-");
  const telegram = new FakeTelegram();
  let api: Awaited<ReturnType<FakeTelegram["listen"]>>;

  beforeAll(async () => {
    api = await telegram.listen();
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (
    env: Record<string, string>,
    options: { webhook?: boolean; waitMs?: number; ready?: (status: number) => boolean } = {},
  ) => {
    const bot = new BotProcess({
      dir,
      databaseUrl: `file:${join(dir, "data", `m-${Date.now()}.db`)}`,
      apiRoot: api.url,
      token: TOKEN,
      ...(options.webhook ? { webhookSecret: SECRET } : {}),
      env,
    });
    await bot.start(60_000, options.ready).catch(() => undefined);
    await sleep(options.waitMs ?? 0);
    await bot.stop();
    return bot.logs;
  };

  const expectClean = (output: string) => {
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(TOKEN.split(":")[1]!);
    expect(output).not.toContain(encodeURIComponent(TOKEN));
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(DB_TOKEN);
  };

  it("getMe refused with the URL in the error", async () => {
    telegram.hooks.length = 0;
    telegram.hooks.push((call) =>
      call.method === "getMe" ? echoing(`Not Found: /bot${TOKEN}/getMe`) : undefined,
    );
    const output = await run({});
    expect(output).toMatch(/Telegram refused this BOT_TOKEN .*@BotFather/);
    expectClean(output);
  }, 60_000);

  it("setWebhook refused with the URL and the secret in the error", async () => {
    telegram.hooks.length = 0;
    telegram.hooks.push((call) =>
      call.method === "setWebhook"
        ? echoing(`Not Found: /bot${TOKEN}/setWebhook?secret_token=${SECRET}`)
        : undefined,
    );
    const output = await run({}, { webhook: true, waitMs: 1_000 });
    expect(output).toMatch(/setWebhook/);
    expectClean(output);
  }, 60_000);

  it("long polling refused again and again with the URL in the error", async () => {
    telegram.hooks.length = 0;
    telegram.hooks.push((call) =>
      call.method === "getUpdates" ? echoing(`Not Found: /bot${TOKEN}/getUpdates`) : undefined,
    );
    // /healthz says 503 once getUpdates has been refused, which may come before its first answer: up is enough.
    const output = await run({}, { waitMs: 2_500, ready: (status) => status === 200 || status === 503 });
    expect(output).toMatch(/getUpdates/);
    expectClean(output);
  }, 60_000);

  it("an unreachable remote database with an auth token", async () => {
    telegram.hooks.length = 0;
    const bot = new BotProcess({
      dir,
      databaseUrl: "http://127.0.0.1:9",
      apiRoot: api.url,
      token: TOKEN,
      env: { DATABASE_AUTH_TOKEN: DB_TOKEN },
    });
    await bot.start(30_000).catch(() => undefined);
    await bot.stop();
    expect(bot.logs).toMatch(/failed to start|Cannot|migrat/i);
    expectClean(bot.logs);
  }, 60_000);
});
