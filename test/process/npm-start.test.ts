// `npm start` as a person runs it: a real process, a fresh folder, only BOT_TOKEN (and a local fake Bot API).
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram";

const ROOT = new URL("../..", import.meta.url).pathname;

/** A folder that looks like a fresh checkout: the project's files linked in, no data/ and no .env. */
function freshCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), "minyi-start-"));
  for (const name of [
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "node_modules",
    "src",
    "locales",
    "scripts",
  ]) {
    symlinkSync(join(ROOT, name), join(dir, name));
  }
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function npmStart(
  cwd: string,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = "";
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(BOT_TOKEN|WEBHOOK_|DATABASE_|TELEGRAM_API_ROOT|ADMIN_TELEGRAM_IDS|PORT)/.test(k),
    ),
  );
  const child = spawn("npm", ["start", "--silent"], { cwd, env: { ...clean, ...env }, detached: true });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe("npm start", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("without BOT_TOKEN prints one clear line and exits non-zero", async () => {
    const dir = freshCheckout();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const run = npmStart(dir, {});
    const code = await run.exited;
    expect(code).not.toBe(0);
    const lines = run
      .output()
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("npm "));
    expect(lines).toEqual([
      "Configuration error: BOT_TOKEN is missing; expected the bot token from @BotFather, e.g. 123456:ABC-DEF….",
    ]);
  });

  it("with .env copied from .env.example refuses the placeholder token and says where to get a real one", async () => {
    const dir = freshCheckout();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(ROOT, ".env.example"), join(dir, ".env"));
    const run = npmStart(dir, {});
    const code = await run.exited;
    expect(code).not.toBe(0);
    const lines = run
      .output()
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("npm "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Configuration error: BOT_TOKEN is invalid; expected a real bot token.*@BotFather/,
    );
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  it("with only BOT_TOKEN creates data/minyi.db, long-polls the Bot API and answers /start", async () => {
    const dir = freshCheckout();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const telegram = new FakeTelegram();
    const api = await telegram.listen();
    cleanups.push(api.close);
    const token = "424242:secret-token-never-logged";
    const run = npmStart(dir, {
      BOT_TOKEN: token,
      TELEGRAM_API_ROOT: api.url,
      PORT: String(await freePort()),
    });
    cleanups.push(async () => {
      if (run.child.exitCode === null) {
        process.kill(-run.child.pid!, "SIGTERM");
        await run.exited;
      }
    });

    telegram.pushUpdate({
      update_id: 1,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 555, type: "private", first_name: "A" },
        from: { id: 555, is_bot: false, first_name: "A" },
        text: "/start",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    });
    const deadline = Date.now() + 60_000;
    while (
      Date.now() < deadline &&
      telegram.callsOf("sendMessage").length === 0 &&
      run.child.exitCode === null
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(telegram.callsOf("sendMessage")[0]?.payload).toMatchObject({
      chat_id: 555,
      text: expect.stringContaining("您还没有绑定身份"),
    });
    expect(existsSync(join(dir, "data", "minyi.db"))).toBe(true);
    expect(telegram.callsOf("getMe")).toHaveLength(1);

    // The whole process group gets SIGTERM, as from a service manager; npm itself dies of the signal.
    process.kill(-run.child.pid!, "SIGTERM");
    await run.exited;
    await new Promise((r) => setTimeout(r, 500));
    expect(run.output()).toContain('"message":"shutting down"');
    expect(run.output()).not.toContain(token);
  }, 90_000);
});
