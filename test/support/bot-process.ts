// The real bot as a separate Node process, started the way `npm start` starts it (tsx src/main.ts) in a folder
// that looks like a fresh checkout, against a fake Bot API on loopback and an embedded database file. Chaos tests
// deliver updates to its webhook the way Telegram does, kill it with SIGKILL whenever they like and start it
// again on the same database and port.
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { WEBHOOK_PATH } from "../../src/server";
import type { FakeTelegram } from "./fake-telegram";
import { freePort } from "./processes";

const ROOT = new URL("../..", import.meta.url).pathname;

/**
 * A folder that looks like a fresh checkout: no data/ and no .env. The sources are copied (a snapshot, so every
 * restart runs the same code even while someone edits the tree), the installed packages linked in.
 */
export function freshCheckout(prefix = "minyi-chaos-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const name of ["package.json", "package-lock.json", "tsconfig.json", "node_modules", "scripts"])
    symlinkSync(join(ROOT, name), join(dir, name));
  for (const name of ["src", "locales"]) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  return dir;
}

export interface BotProcessOptions {
  dir: string;
  databaseUrl: string;
  apiRoot: string;
  token: string;
  /** Webhook mode when set (the process calls setWebhook on the fake API); long polling otherwise. */
  webhookSecret?: string;
  /** The fake Bot API at apiRoot: a webhook response's call (a button's answer) is made there, as Telegram does. */
  telegram?: FakeTelegram;
  env?: Record<string, string>;
}

/** What a webhook delivery came to: an HTTP status, or no answer at all (connection refused or cut). */
export type Delivery = number | "no-answer";

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) signalGroup(child, "SIGKILL");
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export class BotProcess {
  port = 0;
  /** Output of every run so far, in order. */
  logs = "";
  starts = 0;
  kills = 0;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly options: BotProcessOptions) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The process group's id (the tsx process's pid; the bot and its parse processes belong to the group). */
  get groupId(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Starts the process (same port every time) and waits until /healthz answers 200 (or whatever `ready`
   * accepts: 503 while Telegram cannot be reached).
   */
  async start(
    timeoutMs = 60_000,
    ready: (status: number) => boolean = (status) => status === 200,
  ): Promise<void> {
    if (this.running) return;
    if (this.port === 0) this.port = await freePort();
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) =>
          !/^(BOT_TOKEN|WEBHOOK_|DATABASE_|TELEGRAM_API_ROOT|ADMIN_TELEGRAM_IDS|PORT|LOG_LEVEL)/.test(k),
      ),
    );
    const { options } = this;
    const env: Record<string, string> = {
      ...(clean as Record<string, string>),
      BOT_TOKEN: options.token,
      TELEGRAM_API_ROOT: options.apiRoot,
      DATABASE_URL: options.databaseUrl,
      PORT: String(this.port),
      LOG_LEVEL: "info",
      ...(options.webhookSecret
        ? { WEBHOOK_URL: "https://minyi.example.org/telegram/webhook", WEBHOOK_SECRET: options.webhookSecret }
        : {}),
      ...options.env,
    };
    const child = spawn(join(options.dir, "node_modules", ".bin", "tsx"), ["src/main.ts"], {
      cwd: options.dir,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.starts += 1;
    running.add(child);
    const run = this.starts;
    this.logs += `--- start ${run}\n`;
    child.stdout?.on("data", (chunk: Buffer) => {
      this.logs += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.logs += chunk.toString("utf8");
    });
    this.exited = new Promise<void>((resolve) => {
      child.once("exit", () => {
        running.delete(child);
        resolve();
      });
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`the bot exited during start-up:\n${this.tail()}`);
      try {
        const response = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        if (ready(response.status)) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`the bot did not become healthy in time:\n${this.tail()}`);
  }

  /** SIGKILL to the whole process group (tsx and the node it runs): no handler, no flush, no goodbye. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.kills += 1;
    const child = this.child;
    signalGroup(child, "SIGKILL");
    await this.exited;
    await groupGone(child, 10_000);
    this.child = undefined;
  }

  /**
   * SIGTERM, as a service manager stops it; SIGKILL after `graceMs`. Returns once every process of the group
   * is gone (tsx exits before the node it runs, which may still be closing the database).
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.child) return;
    const child = this.child;
    signalGroup(child, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
    await this.exited;
    if (!(await groupGone(child, graceMs))) signalGroup(child, "SIGKILL");
    await groupGone(child, 10_000);
    clearTimeout(timer);
    this.child = undefined;
  }

  /** Posts one update to the webhook as Telegram does. */
  async post(update: Update, secret = this.options.webhookSecret ?? ""): Promise<Delivery> {
    try {
      const response = await fetch(`${this.baseUrl}${WEBHOOK_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(60_000),
      });
      const body = await response.text();
      if (response.ok) await this.options.telegram?.webhookReply(body);
      return response.status;
    } catch {
      return "no-answer";
    }
  }

  /**
   * Delivers like Telegram: again and again until the webhook answers 2xx, starting the process if it is down
   * (a service manager would). Returns the number of attempts.
   */
  async deliver(update: Update, maxAttempts = 50): Promise<number> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (!this.running) await this.start();
      const result = await this.post(update);
      if (typeof result === "number" && result >= 200 && result < 300) return attempt;
      await sleep(Math.min(100 * attempt, 1_000));
    }
    throw new Error(`update ${update.update_id} was never accepted:\n${this.tail()}`);
  }

  tail(lines = 40): string {
    return this.logs.split("\n").slice(-lines).join("\n");
  }
}

/** Waits until no process of the child's group is left; false on timeout. */
async function groupGone(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.pid === undefined) return true;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      return true;
    }
    await sleep(20);
  }
  return false;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
