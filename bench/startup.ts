// Section 4a — start-up: a real `node --import tsx src/main.ts` process (what `npm start` runs, without npm
// and its dependency check) against the fake Bot API on loopback, long polling, with a /start already waiting:
// time from spawn to the first Bot API call (modules loaded, config, database opened and migrated) and to the
// reply to /start. Side by side: bare `node -e 0`, and a bare grammY bot started the same way.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BOT_INFO, FakeTelegram } from "../test/support/fake-telegram";
import { freePort, startGroup } from "../test/support/processes";
import { formatSpread, markdownTable, spread } from "./measure";
import type { BenchContext } from "./report";
import { makeTempDir, progress } from "./support";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TOKEN = "123456:BENCH-token_for-minyi";
const USER = 424242;
const TIMEOUT_MS = 60_000;
const BUILD_DIR = ".bench-build";

interface StartTimes {
  /** Spawn → the process's first Bot API call (getMe). */
  firstCall: number;
  /** Spawn → the reply to the waiting /start. */
  reply: number;
}

let nextUpdateId = 1;

/** Environment without anything of the caller's Minyi configuration. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(BOT_TOKEN|WEBHOOK_|DATABASE_|TELEGRAM_API_ROOT|ADMIN_TELEGRAM_IDS|PORT|LOG_LEVEL)/.test(key),
    ),
  );
}

async function timeStart(entry: string, dataDir: string, viaTsx = true): Promise<StartTimes> {
  const fake = new FakeTelegram();
  let t0 = 0;
  let firstCall: number | undefined;
  let reply: number | undefined;
  let replied!: () => void;
  const repliedPromise = new Promise<void>((resolve) => (replied = resolve));
  fake.hooks.push((call) => {
    const at = performance.now() - t0;
    firstCall ??= at;
    if (call.method === "sendMessage" && Number(call.payload.chat_id) === USER && reply === undefined) {
      reply = at;
      replied();
    }
    return undefined;
  });
  fake.pushUpdate({
    update_id: nextUpdateId++,
    message: {
      message_id: nextUpdateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: USER, type: "private", first_name: "Bench" },
      from: { id: USER, is_bot: false, first_name: "Bench", language_code: "zh-hans" },
      text: "/start",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    },
  });
  const server = await fake.listen();
  const env = {
    ...cleanEnv(),
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: server.url,
    DATABASE_URL: `file:${join(dataDir, "minyi.db")}`,
    PORT: String(await freePort()),
    LOG_LEVEL: "warn",
  };
  t0 = performance.now();
  const child = startGroup(process.execPath, viaTsx ? ["--import", "tsx", entry] : [entry], {
    env,
    cwd: ROOT,
  });
  try {
    const exited = new Promise<never>((_, reject) =>
      child.child.once("exit", () => reject(new Error(`${entry} exited early:\n${child.output()}`))),
    );
    exited.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${entry} did not reply in time:\n${child.output()}`)),
        TIMEOUT_MS,
      );
    });
    await Promise.race([repliedPromise, exited, timeout]).finally(() => clearTimeout(timer));
    return { firstCall: firstCall!, reply: reply! };
  } finally {
    await child.stop();
    await server.close();
  }
}

/**
 * Minyi's own modules bundled into one file with esbuild (tsx's own dependency), packages left to Node's
 * resolver: started with plain `node`, it shows what loading every module through tsx's hooks costs.
 * Written one folder below the project root so `../locales` and the package lookups resolve as from src/.
 */
async function bundleForNode(): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = join(ROOT, BUILD_DIR, "main.mjs");
  await build({
    entryPoints: [join(ROOT, "src/main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

async function timeBareNode(): Promise<number> {
  const t0 = performance.now();
  const child = startGroup(process.execPath, ["-e", "0"], { cwd: ROOT });
  await new Promise((resolve) => child.child.once("exit", resolve));
  return performance.now() - t0;
}

export async function startupSection(context: BenchContext): Promise<string> {
  const repeats = context.repeats ?? (context.quick ? 1 : 7);
  const bare: number[] = [];
  const floor: StartTimes[] = [];
  const fresh: StartTimes[] = [];
  const restart: StartTimes[] = [];
  const bundled: StartTimes[] = [];
  const bundle = await bundleForNode();
  try {
    // A discarded round first: tsx's transform cache and the OS file cache are warm for every measured start.
    for (let r = -1; r < repeats; r++) {
      const dir = await makeTempDir("start");
      const bundledDir = await makeTempDir("start-bundled");
      try {
        const round = {
          bare: await timeBareNode(),
          floor: await timeStart("bench/fixtures/floor-bot.ts", dir),
          fresh: await timeStart("src/main.ts", dir),
          restart: await timeStart("src/main.ts", dir),
          bundled: await timeStart(bundle, bundledDir, false),
        };
        if (r < 0) continue;
        bare.push(round.bare);
        floor.push(round.floor);
        fresh.push(round.fresh);
        restart.push(round.restart);
        bundled.push(round.bundled);
        progress(
          `startup: run ${r + 1}/${repeats}: node ${round.bare.toFixed(0)} ms, floor ${round.floor.reply.toFixed(0)} ms, ` +
            `Minyi fresh ${round.fresh.reply.toFixed(0)} ms, restart ${round.restart.reply.toFixed(0)} ms, ` +
            `bundled ${round.bundled.reply.toFixed(0)} ms`,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
        await rm(bundledDir, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(join(ROOT, BUILD_DIR), { recursive: true, force: true });
  }
  const f = (values: number[]) => formatSpread(spread(values), 0, " ms");
  const ratio = fresh.map((m, i) => m.reply / floor[i]!.reply);
  return [
    `${repeats} runs each (after a discarded round that warms tsx's transform cache), median and min–max. Each ` +
      "process is started as `node --import tsx <entry>` (what `npm start` runs after its dependency check) " +
      "with a fresh data directory, long polling `FakeTelegram` served on loopback, where a /start from an " +
      "unbound user is already waiting. Measured from `spawn()` to the fake receiving the process's first Bot " +
      "API call (`getMe`: modules loaded and, for Minyi, config validated and the database opened and migrated), " +
      "and to the fake receiving the reply to /start. The floor is `bench/fixtures/floor-bot.ts`, a bare grammY " +
      "bot (`bot.start()`) answering /start.",
    "",
    markdownTable(
      ["process", "spawn → first Bot API call", "spawn → /start answered"],
      [
        ["`node -e 0` (exit)", "—", f(bare)],
        ["floor: bare grammY bot", f(floor.map((t) => t.firstCall)), f(floor.map((t) => t.reply))],
        [
          "Minyi, fresh data directory (migrations applied)",
          f(fresh.map((t) => t.firstCall)),
          f(fresh.map((t) => t.reply)),
        ],
        [
          "Minyi, restart on the same database",
          f(restart.map((t) => t.firstCall)),
          f(restart.map((t) => t.reply)),
        ],
        [
          "Minyi bundled by esbuild, plain `node` (experiment, fresh data directory)",
          f(bundled.map((t) => t.firstCall)),
          f(bundled.map((t) => t.reply)),
        ],
      ],
    ),
    "",
    `Minyi (fresh) / floor, spawn → /start answered: ${formatSpread(spread(ratio), 2)}×.`,
    "",
    `(The bot's identity is \`${BOT_INFO.username}\` from the fake's getMe; the process is stopped with SIGTERM after the reply.)`,
  ].join("\n");
}
