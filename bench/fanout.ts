// Section 3 — delivery fan-out. The real path of a quota reminder run: N bound members, all behind their yearly
// quota on 1 December, seeded in one SQL statement into an embedded file database (WAL, synchronous FULL, as
// production opens it); then the member-reminders job runs in this process with the dependencies
// `npm run job -- memberReminders` gives it (an Api without auto-retry, real clock and sleep), so it plans, queues
// N outbox rows and drains them to FakeTelegram served on loopback by a process of its own
// (bench/fixtures/fanout-telegram.ts) with `telegramRateLimit()` installed: 30 sends in any sliding second, 429
// with `retry_after` beyond. Measured: the job's time against the N / 30 floor, the 429s, every chat's sends as
// the fake saw them (exactly one each), the outbox's own bookkeeping, and this process's memory while it ran.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Transformer } from "grammy";
import { createI18n } from "../src/bot/i18n";
import type { JobReport } from "../src/jobs/engine";
import { createOutboxApi, DEFAULT_DELIVERY } from "../src/jobs/outbox";
import { runJob } from "../src/jobs/registry";
import { readLocales } from "../src/node-runtime";
import type { FanoutTelegramReport } from "./fixtures/fanout-telegram";
import { formatBytes, formatNumber, formatSpread, markdownTable, spread } from "./measure";
import type { BenchContext } from "./report";
import { countingLogger, openBenchDatabase, progress, settle } from "./support";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FAKE = fileURLToPath(new URL("./fixtures/fanout-telegram.ts", import.meta.url));
const TOKEN = "123456:BENCH-token_for-minyi";
/** 09:00 on 1 December in Shanghai: everyone owing a yearly report is behind and is reminded. */
const AT = new Date("2026-12-01T09:00:00+08:00");
const FIRST_TELEGRAM_ID = 700_000_001;
const SEEDED_AT = "2026-01-05T00:00:00.000Z";

export interface FanoutOptions {
  reminders: number;
  repeats: number;
  perSecond: number;
  /** One more run with this round trip added by the fake (a Bot API far away); undefined: none. */
  distant?: { reminders: number; latencyMs: number };
}

export const DEFAULT_FANOUT_OPTIONS: FanoutOptions = {
  reminders: 10_000,
  repeats: 1,
  perSecond: 30,
  distant: { reminders: 600, latencyMs: 100 },
};
export const QUICK_FANOUT_OPTIONS: FanoutOptions = {
  reminders: 300,
  repeats: 3,
  perSecond: 30,
  distant: { reminders: 60, latencyMs: 100 },
};

export interface FanoutRun {
  reminders: number;
  seedMs: number;
  /** runJob called → returned. */
  jobMs: number;
  /** runJob called → the fake let the first send through (settings, quota reads, planning, queueing). */
  planMs: number;
  /** First send let through → last one, as the fake saw them. */
  windowMs: number;
  report: JobReport;
  telegram: FanoutTelegramReport;
  /** Chats that got more than one reminder (sends beyond the first), and seeded chats that got none. */
  duplicates: number;
  lost: number;
  /** Sends to chats nobody seeded. */
  strangers: number;
  /** Outbox rows by status, and API calls the outbox made (sum of attempts). */
  outbox: Record<string, number>;
  attempts: number;
  /** 429s as the bot's Api saw them, and the retry_after they asked for in total. */
  tooMany: number;
  retryAfterMs: number;
  /** Waits the outbox asked for: count and total (pacing and retry_after together). */
  sleeps: number;
  sleptMs: number;
  /** Time in libSQL during the job, and statements, by kind. */
  sqlMs: number;
  statements: number;
  memory: { baselineRss: number; baselineHeap: number; peakRss: number; peakHeap: number };
  errors: number;
}

interface FakeProcess {
  url: string;
  report(): Promise<FanoutTelegramReport>;
  stop(): Promise<void>;
}

async function startFake(perSecond: number, latencyMs: number): Promise<FakeProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", FAKE], {
    cwd: ROOT,
    env: { ...process.env, FANOUT_PER_SECOND: String(perSecond), FANOUT_LATENCY_MS: String(latencyMs) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const onExit = () => reject(new Error("the fake Bot API process exited"));
      child.once("exit", onExit);
      child.once("message", (message) => {
        child.off("exit", onExit);
        resolve(message as T);
      });
    });
  const { url } = await next<{ url: string }>();
  return {
    url,
    report: () => {
      const answer = next<FanoutTelegramReport>();
      child.send("report");
      return answer;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send("stop");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** N bound members and standing members (one in five), one in ten reading English, in three statements. */
async function seed(client: Awaited<ReturnType<typeof openBenchDatabase>>["client"], n: number) {
  const seq = "WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ? - 1)";
  await client.batch(
    [
      {
        sql: `${seq} INSERT INTO people (name, role, unit_id, phone, telegram_id, telegram_username, invite_code,
                active, unreachable_at, bound_at, created_at, updated_at)
              SELECT '委员' || n, CASE WHEN n % 5 = 0 THEN 'standing' ELSE 'member' END, NULL, NULL, ? + n, NULL,
                NULL, 1, NULL, ?, ?, ? FROM seq`,
        args: [n, FIRST_TELEGRAM_ID, SEEDED_AT, SEEDED_AT, SEEDED_AT],
      },
      {
        sql: `${seq} INSERT INTO user_prefs (telegram_id, language, updated_at)
              SELECT ? + n, 'en', ? FROM seq WHERE n % 10 = 3`,
        args: [n, FIRST_TELEGRAM_ID, SEEDED_AT],
      },
    ],
    "write",
  );
}

export async function runFanout(reminders: number, perSecond: number, latencyMs = 0): Promise<FanoutRun> {
  const bench = await openBenchDatabase();
  const fake = await startFake(perSecond, latencyMs);
  const sampler: { timer?: NodeJS.Timeout } = {};
  try {
    const seedStarted = performance.now();
    await seed(bench.client, reminders);
    const seedMs = performance.now() - seedStarted;

    const api = createOutboxApi(TOKEN, { apiRoot: fake.url });
    let tooMany = 0;
    let retryAfterMs = 0;
    // Only looks at the answers: the outbox retries by itself and must see every 429.
    const observe: Transformer = async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      if (!result.ok && result.error_code === 429) {
        tooMany++;
        retryAfterMs += (result.parameters?.retry_after ?? 0) * 1000;
      }
      return result;
    };
    api.config.use(observe);
    let sleeps = 0;
    let sleptMs = 0;
    const log = countingLogger();
    const deps = {
      db: bench.db,
      api,
      log,
      i18n: createI18n(readLocales()),
      delivery: {
        sleep: (ms: number) => {
          sleeps++;
          sleptMs += ms;
          return new Promise<void>((resolve) => setTimeout(resolve, ms));
        },
      },
    };

    await settle();
    const before = process.memoryUsage();
    const memory = {
      baselineRss: before.rss,
      baselineHeap: before.heapUsed,
      peakRss: before.rss,
      peakHeap: before.heapUsed,
    };
    const sample = () => {
      const now = process.memoryUsage();
      memory.peakRss = Math.max(memory.peakRss, now.rss);
      memory.peakHeap = Math.max(memory.peakHeap, now.heapUsed);
    };
    sampler.timer = setInterval(sample, 100);
    bench.times.clear();
    const statementsBefore = bench.counts.reads + bench.counts.writes;

    const started = Date.now();
    const t0 = performance.now();
    const report = await runJob("memberReminders", deps, AT);
    const jobMs = performance.now() - t0;
    sample();
    clearInterval(sampler.timer);

    const telegram = await fake.report();
    const counts = new Map(telegram.perChat);
    let duplicates = 0;
    let lost = 0;
    for (let i = 0; i < reminders; i++) {
      const sent = counts.get(FIRST_TELEGRAM_ID + i) ?? 0;
      if (sent === 0) lost++;
      else duplicates += sent - 1;
      counts.delete(FIRST_TELEGRAM_ID + i);
    }
    const strangers = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const rows = await bench.db
      .selectFrom("outbox")
      .select([
        "status",
        (eb) => eb.fn.countAll<number>().as("n"),
        (eb) => eb.fn.sum<number>("attempts").as("a"),
      ])
      .groupBy("status")
      .execute();
    const outbox: Record<string, number> = {};
    let attempts = 0;
    for (const row of rows) {
      outbox[row.status] = Number(row.n);
      attempts += Number(row.a);
    }
    let sqlMs = 0;
    for (const entry of bench.times.values()) sqlMs += entry.ms;
    return {
      reminders,
      seedMs,
      jobMs,
      planMs: telegram.firstAt === null ? jobMs : telegram.firstAt - started,
      windowMs: telegram.firstAt === null ? 0 : (telegram.lastAt ?? telegram.firstAt) - telegram.firstAt,
      report,
      telegram,
      duplicates,
      lost,
      strangers,
      outbox,
      attempts,
      tooMany,
      retryAfterMs,
      sleeps,
      sleptMs,
      sqlMs,
      statements: bench.counts.reads + bench.counts.writes - statementsBefore,
      memory,
      errors: log.errorCount,
    };
  } finally {
    clearInterval(sampler.timer);
    await fake.stop();
    await bench.dispose();
  }
}

/** Delivered messages per second over the whole job, as a fraction of the limit. */
const rateOf = (run: FanoutRun, perSecond: number) => run.reminders / (run.jobMs / 1000) / perSecond;
/** The best any sender can do: `perSecond` at once, then the next batch when the first leaves the window. */
export const floorSeconds = (reminders: number, perSecond: number) => Math.floor((reminders - 1) / perSecond);

export interface FanoutResults {
  options: FanoutOptions;
  runs: FanoutRun[];
  distant?: FanoutRun;
}

function describeRun(label: string, run: FanoutRun, perSecond: number): string {
  return (
    `fanout: ${label}: ${run.reminders} reminders in ${(run.jobMs / 1000).toFixed(1)} s ` +
    `(${formatNumber(rateOf(run, perSecond), 3)} of the limit), ${run.tooMany} × 429, ` +
    `duplicates ${run.duplicates}, lost ${run.lost}`
  );
}

export async function runFanoutBench(options: FanoutOptions): Promise<FanoutResults> {
  const runs: FanoutRun[] = [];
  for (let r = 0; r < options.repeats; r++) {
    const run = await runFanout(options.reminders, options.perSecond);
    runs.push(run);
    progress(describeRun(`run ${r + 1}/${options.repeats}`, run, options.perSecond));
  }
  let distant: FanoutRun | undefined;
  if (options.distant) {
    distant = await runFanout(options.distant.reminders, options.perSecond, options.distant.latencyMs);
    progress(describeRun(`${options.distant.latencyMs} ms round trip`, distant, options.perSecond));
  }
  return { options, runs, ...(distant ? { distant } : {}) };
}

export function fanoutMarkdown({ options, runs, distant }: FanoutResults): string {
  const { reminders, perSecond } = options;
  const floor = floorSeconds(reminders, perSecond);
  const s = (pick: (run: FanoutRun) => number, digits?: number, unit = "") =>
    formatSpread(spread(runs.map(pick)), digits, unit);
  const sum = (pick: (run: FanoutRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const bytes = (pick: (run: FanoutRun) => number) => {
    const values = spread(runs.map(pick));
    return values.runs === 1
      ? formatBytes(values.median)
      : `${formatBytes(values.median)} (${formatBytes(values.min)}–${formatBytes(values.max)})`;
  };
  const statuses = [...new Set(runs.flatMap((run) => Object.keys(run.outbox)))].sort();
  const runsText =
    runs.length === 1
      ? `One run of ${formatNumber(reminders, 0)} reminders (a full-size run takes about six minutes, so one is ` +
        "measured; `--quick` repeats a 300-reminder run three times cheaply)"
      : `${runs.length} runs of ${formatNumber(reminders, 0)} reminders, median and min–max`;
  const lines = [
    `${runsText}. The member-reminders job runs in the bench process as \`npm run job -- memberReminders\` ` +
      "runs it (an Api without auto-retry, the real clock and timers) on an embedded file database (WAL, " +
      `synchronous FULL) seeded with ${formatNumber(reminders, 0)} bound people behind their yearly quota on ` +
      "1 December (one `INSERT … SELECT`), so the path measured is the real one: settings and quota reads → plan " +
      "→ outbox rows and the run's mark in one transaction → drain, with up to " +
      `${DEFAULT_DELIVERY.inFlight} sends in flight (at most one per chat). The Bot API is ` +
      "`FakeTelegram` on loopback in a process of its own (`bench/fixtures/fanout-telegram.ts`) with " +
      `\`telegramRateLimit()\`: ${perSecond} sends in any sliding second, 429 with \`retry_after\` (whole ` +
      `seconds) beyond. The floor is ${floor} s: ${perSecond} at once, then ${perSecond} more each time the ` +
      "window frees. Duplicates and losses are counted by the fake (sends it let through, per chat), not by " +
      "the outbox.",
    "",
    markdownTable(
      ["figure", "value"],
      [
        ["job time (runJob called → returned)", s((r) => r.jobMs / 1000, 1, " s")],
        ["floor", `${floor} s`],
        [
          `**achieved rate / limit** (reminders ÷ job time ÷ ${perSecond}; target ≥ 0.9)`,
          `**${s((r) => rateOf(r, perSecond), 3)}**`,
        ],
        ["floor / job time", s((r) => floor / (r.jobMs / 1000), 3)],
        ["planning: runJob called → first send let through", s((r) => r.planMs / 1000, 2, " s")],
        ["delivery: first → last send let through", s((r) => r.windowMs / 1000, 1, " s")],
        [`most sends let through in any one second (≤ ${perSecond})`, s((r) => r.telegram.maxPerSecond, 0)],
        [
          "**429s** answered by the fake / seen by the outbox (total over runs)",
          `**${sum((r) => r.telegram.rejected)}** / ${sum((r) => r.tooMany)}, asking ` +
            `${formatNumber(sum((r) => r.retryAfterMs) / 1000, 0)} s of waiting in total`,
        ],
        [
          "waits the outbox asked for (pacing and retry_after)",
          `${s((r) => r.sleeps, 0)}, ${s((r) => r.sleptMs / 1000, 1, " s")} in total`,
        ],
        ["**duplicates** (sends beyond the first into one chat, total)", `**${sum((r) => r.duplicates)}**`],
        ["**lost** (seeded chats that got nothing, total)", `**${sum((r) => r.lost)}**`],
        ["sends into chats nobody seeded (total)", String(sum((r) => r.strangers))],
        [
          "outbox rows by status; API calls it made (sum of attempts)",
          `${statuses.map((status) => `${status} ${s((r) => r.outbox[status] ?? 0, 0)}`).join(", ")}; ` +
            s((r) => r.attempts, 0),
        ],
        [
          "job report",
          [
            ...new Set(
              runs.map(
                (r) =>
                  `${r.report.outcome}: queued ${r.report.queued}, sent ${r.report.sent}, failed ` +
                  `${r.report.failed}, unreachable ${r.report.unreachable}, pending ${r.report.pending}`,
              ),
            ),
          ].join("; "),
        ],
        [
          "libSQL during the job: statements; time in libSQL (per reminder)",
          `${s((r) => r.statements, 0)}; ${s((r) => r.sqlMs / 1000, 1, " s")} ` +
            `(${s((r) => r.sqlMs / r.reminders, 2, " ms")})`,
        ],
        [
          "**peak RSS** of the bench process during the job (sampled every 100 ms); before it",
          `**${bytes((r) => r.memory.peakRss)}**; ${bytes((r) => r.memory.baselineRss)}`,
        ],
        [
          "peak V8 heap used during the job; before it",
          `${bytes((r) => r.memory.peakHeap)}; ${bytes((r) => r.memory.baselineHeap)}`,
        ],
        ["seeding (one INSERT … SELECT)", s((r) => r.seedMs / 1000, 2, " s")],
        ["errors logged", String(sum((r) => r.errors))],
      ],
    ),
  ];
  if (distant && options.distant) {
    const { latencyMs } = options.distant;
    const perMessage = distant.windowMs / Math.max(1, distant.reminders - 1);
    lines.push(
      "",
      `**A Bot API ${latencyMs} ms away** (one run, ${formatNumber(distant.reminders, 0)} reminders, the fake ` +
        `adding ${latencyMs / 2} ms before the limit counts a call and ${latencyMs / 2} ms before it answers): ` +
        `${formatNumber(distant.jobMs / 1000, 1)} s, rate / limit ${formatNumber(rateOf(distant, perSecond), 3)}, ` +
        `${formatNumber(perMessage, 0)} ms a message, ${distant.telegram.rejected} × 429, duplicates ` +
        `${distant.duplicates}, lost ${distant.lost}. With ${DEFAULT_DELIVERY.inFlight} sends in flight the ` +
        `round trip bounds the outbox at ${DEFAULT_DELIVERY.inFlight} / (round trip + its own work per message), ` +
        "above the limit up to a round trip of about 250 ms. What it costs still: a call's second counts from its " +
        `answer, so each of the ${perSecond} slots is held a round trip longer than a second, and the steady rate ` +
        `is at most ${perSecond} / (1 s + round trip): ` +
        `${formatNumber(1 / (1 + latencyMs / 1000), 2)} of the limit here.`,
    );
  }
  return lines.join("\n");
}

export async function fanoutSection(context: BenchContext): Promise<string> {
  const options = { ...(context.quick ? QUICK_FANOUT_OPTIONS : DEFAULT_FANOUT_OPTIONS) };
  if (context.updates) options.reminders = context.updates;
  if (context.repeats) options.repeats = context.repeats;
  return fanoutMarkdown(await runFanoutBench(options));
}
