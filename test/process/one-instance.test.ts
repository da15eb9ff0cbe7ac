// Two `npm start`s on one database file: the second refuses, saying who holds the database; once the first is
// killed, a new start takes the database over and answers.
import { hostname } from "node:os";
import { join } from "node:path";
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { freshCheckout } from "../support/bot-process";
import { FakeTelegram } from "../support/fake-telegram";
import { freePort, type Started, startGroup, waitForHttp } from "../support/processes";

function npmStart(dir: string, env: Record<string, string>): Started {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(BOT_TOKEN|WEBHOOK_|DATABASE_|TELEGRAM_API_ROOT|ADMIN_TELEGRAM_IDS|PORT|LOG_LEVEL)/.test(k),
    ),
  );
  return startGroup("npm", ["start", "--silent"], { cwd: dir, env: { ...clean, ...env } });
}

const exitOf = (run: Started) =>
  new Promise<number | null>((resolve) => {
    if (run.child.exitCode !== null) resolve(run.child.exitCode);
    else run.child.once("exit", (code) => resolve(code));
  });

function startUpdate(id: number, chat: number) {
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 0,
      chat: { id: chat, type: "private" as const, first_name: "A" },
      from: { id: chat, is_bot: false, first_name: "A" },
      text: "/start",
      entities: [{ type: "bot_command" as const, offset: 0, length: 6 }],
    },
  };
}

async function answered(telegram: FakeTelegram, chat: number, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (telegram.callsOf("sendMessage").some((c) => (c.payload as { chat_id?: number }).chat_id === chat))
      return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe("one process per database", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("a second npm start on the same database refuses with who holds it; after the first dies a new one takes over", async () => {
    const dir = freshCheckout("minyi-lease-");
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const telegram = new FakeTelegram();
    const api = await telegram.listen();
    cleanups.push(api.close);
    const env = (port: number) => ({
      BOT_TOKEN: "424242:lease-test",
      TELEGRAM_API_ROOT: api.url,
      DATABASE_URL: `file:${join(dir, "minyi.db")}`,
      PORT: String(port),
    });

    const firstPort = await freePort();
    const first = npmStart(dir, env(firstPort));
    cleanups.push(() => first.stop());
    await waitForHttp(`http://127.0.0.1:${firstPort}/healthz`, first, 90_000);

    const second = npmStart(dir, env(await freePort()));
    cleanups.push(() => second.stop());
    expect(await exitOf(second)).not.toBe(0);
    expect(second.output()).toContain("Another Minyi process already handles this database");
    expect(second.output()).toMatch(new RegExp(`process \\d+ on host ${hostname()}, running since \\d{4}-`));
    expect(second.output()).toMatch(/To proceed: stop that process first \(on .*: kill \d+\)/);

    telegram.pushUpdate(startUpdate(1, 501));
    expect(await answered(telegram, 501)).toBe(true);

    // SIGKILL: no goodbye, the lease stays in the database with a dead holder.
    process.kill(-first.child.pid!, "SIGKILL");
    await exitOf(first);
    const thirdPort = await freePort();
    const third = npmStart(dir, env(thirdPort));
    cleanups.push(() => third.stop());
    await waitForHttp(`http://127.0.0.1:${thirdPort}/healthz`, third, 90_000);
    expect(third.output()).toContain("took over the database from a process that is gone");
    telegram.pushUpdate(startUpdate(2, 502));
    expect(await answered(telegram, 502)).toBe(true);
  }, 240_000);
});
