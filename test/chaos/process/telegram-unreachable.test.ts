// The real process started with no route to the Bot API (docs/reliability.md, "Telegram unreachable"): nothing
// listens at TELEGRAM_API_ROOT, then a gateway answers 502. Start-up must say so within seconds (the address
// and the error, the token never), keep trying with the pause it announces, /healthz must answer 503 with the
// same facts, and once the Bot API answers the bot must serve people without being restarted.
import { createServer, type Server } from "node:http";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BotProcess, freshCheckout, sleep } from "../../support/bot-process";
import { Typist } from "../../support/chaos";
import { FakeTelegram } from "../../support/fake-telegram";
import { freePort } from "../../support/processes";

const TOKEN = "97531:UNREACHABLE-token_never-printed";

type Health = { status: string; telegram?: string; since?: string; error?: string; address?: string };

async function health(bot: BotProcess): Promise<{ code: number; body: Health }> {
  const response = await fetch(`${bot.baseUrl}/healthz`);
  return { code: response.status, body: (await response.json()) as Health };
}

async function until<T>(what: string, bot: BotProcess, probe: () => Promise<T | undefined>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`${what} did not happen in time:\n${bot.tail()}`);
}

function failureLines(bot: BotProcess): Record<string, unknown>[] {
  return bot.logs
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((l) => l.message === "cannot reach the Telegram Bot API; trying again");
}

describe("the Bot API unreachable at start-up (real process)", () => {
  const dir = freshCheckout("minyi-unreachable-");
  let gateway: Server | undefined;
  afterAll(async () => {
    await new Promise<void>((resolve) => (gateway ? gateway.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("nothing listening: said within seconds, retried with a growing pause, /healthz 503; then it serves", async () => {
    const port = await freePort();
    const address = `http://127.0.0.1:${port}`;
    const bot = new BotProcess({
      dir,
      databaseUrl: `file:${join(dir, "data", "refused.db")}`,
      apiRoot: address,
      token: TOKEN,
    });
    const telegram = new FakeTelegram();
    let api: Awaited<ReturnType<FakeTelegram["listen"]>> | undefined;
    try {
      const started = Date.now();
      await bot.start(60_000, (status) => status === 503);
      const first = await until("the first failure line", bot, async () => failureLines(bot)[0]);
      // Within seconds of the HTTP server coming up (tsx's start-up aside).
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(first).toMatchObject({ address, attempt: 1, nextAttemptInSeconds: 1 });
      expect(String(first.error)).toContain("ECONNREFUSED");
      await until("three attempts", bot, async () => (failureLines(bot).length >= 3 ? true : undefined));
      expect(
        failureLines(bot)
          .slice(0, 3)
          .map((l) => l.nextAttemptInSeconds),
      ).toEqual([1, 2, 4]);
      const { code, body } = await health(bot);
      expect(code).toBe(503);
      expect(body).toMatchObject({ status: "unavailable", telegram: "unreachable", address });
      expect(body.error).toContain("ECONNREFUSED");
      expect(Number.isNaN(Date.parse(body.since ?? ""))).toBe(false);

      // The route comes back: the bot connects by itself and answers a person.
      api = await telegram.listen(port);
      await until("healthy", bot, async () => ((await health(bot)).code === 200 ? true : undefined), 90_000);
      expect(bot.logs).toContain("Telegram Bot API reachable again");
      const someone = new Typist(9101, "路人");
      telegram.pushUpdate(someone.text("/help"));
      await until("an answer", bot, async () => (telegram.textsTo(someone.id).length > 0 ? true : undefined));
      expect(bot.logs).not.toContain(TOKEN.split(":")[1]!);
    } finally {
      await bot.stop();
      await api?.close();
    }
  }, 180_000);

  it("a gateway answering 502: said with the status, /healthz 503", async () => {
    gateway = createServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    });
    await new Promise<void>((resolve) => gateway!.listen(0, "127.0.0.1", resolve));
    const { port } = gateway.address() as { port: number };
    const bot = new BotProcess({
      dir,
      databaseUrl: `file:${join(dir, "data", "gateway.db")}`,
      apiRoot: `http://127.0.0.1:${port}`,
      token: TOKEN,
    });
    try {
      await bot.start(60_000, (status) => status === 503);
      const first = await until("the first failure line", bot, async () => failureLines(bot)[0]);
      expect(String(first.error)).toContain("502");
      const { code, body } = await health(bot);
      expect(code).toBe(503);
      expect(body).toMatchObject({ telegram: "unreachable" });
      expect(bot.logs).not.toContain(TOKEN.split(":")[1]!);
    } finally {
      await bot.stop();
    }
  }, 120_000);
});
