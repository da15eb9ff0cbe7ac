// Section 1 — the webhook path. A realistic mix of updates is posted through the Hono app in-process, the bot
// on an embedded libSQL file (WAL, as production) and the Bot API answered by the in-process fake. In the same
// run, with the same fake and the same request path, a floor: a bare grammY bot behind webhookCallback that
// answers /start. Targets: ≥ 1,000 updates/s, and a conversation step ≤ 3× the floor's cost per update.
import { flowData } from "../test/support/report-script";
import { statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { Bot, webhookCallback } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { Hono } from "hono";
import { createBot } from "../src/bot/index";
import type { DB } from "../src/db/database";
import { openNodeClient } from "../src/db/node-client";
import { importRoster } from "../src/db/roster";
import { findSimilarReports, signQueuedReports } from "../src/db/similarity";
import { findSimilar } from "../src/domain/similarity";
import { readLocales } from "../src/node-runtime";
import { parseRosterFile } from "../src/roster/parse";
import { createApp, WEBHOOK_PATH } from "../src/server";
import { BOT_INFO, FakeTelegram } from "../test/support/fake-telegram";
import {
  formatNumber,
  formatSpread,
  type LatencySummary,
  markdownTable,
  pickWeighted,
  seededRandom,
  spread,
  summarizeLatencies,
} from "./measure";
import {
  type CountingLogger,
  type SqlTimes,
  countingLogger,
  makeTempDir,
  openBenchDatabase,
  profiled,
  progress,
  type StatementCounts,
  settle,
  zeroCounts,
} from "./support";

const TOKEN = "123456:BENCH-token_for-minyi";
const SECRET = "bench-webhook-secret-0123456789";
const API_ROOT = "http://fake-telegram.invalid";

/** Share of each kind of update in the mix, in percent. */
export const MIX = { conversation: 30, command: 20, callback: 20, group: 30 } as const;
export type Kind = keyof typeof MIX;
const KINDS = Object.keys(MIX) as Kind[];

export interface WebhookOptions {
  /** Updates per measured run. */
  updates: number;
  /** Measured runs per target and concurrency. */
  repeats: number;
  /** Updates in flight at once. */
  concurrency: number[];
  /** Bound people posting updates. */
  people: number;
  groups: number;
  /** Updates of the discarded warm-up run (JIT, caches). */
  warmup: number;
  /** Flows one driver keeps open at a time (people in the middle of /new). */
  openFlows: number;
  /** Writes a CPU profile of each measured Minyi run here (seeding excluded). */
  profileDir?: string;
  /**
   * Also runs Minyi with `PRAGMA synchronous = NORMAL` (no fsync per commit in WAL mode) at this concurrency,
   * to show what the durability setting costs; undefined: no variant.
   */
  normalSyncAt?: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  updates: 20_000,
  repeats: 5,
  concurrency: [1, 8],
  people: 500,
  groups: 20,
  warmup: 3_000,
  openFlows: 3,
  normalSyncAt: 8,
};

// ---- updates ------------------------------------------------------------------------------------------

interface Person {
  index: number;
  telegramId: number;
  firstName: string;
  flow: Flow | undefined;
  language: "zh" | "en";
}

interface Group {
  id: number;
  title: string;
}

/** One update to post, with what it is for the report. */
interface Planned {
  kind: Kind;
  label: string;
  /** For conversation steps: 1 for /new, 2 for the first answer, … (the length of the replay log). */
  step?: number;
  body: string;
  /** Runs after the bot answered (e.g. to look at the keyboard it sent). */
  after?: () => void;
}

let nextMessageId = 1;

export class UpdateFactory {
  private nextUpdateId = 1;
  private nextCallbackId = 1;

  body(update: Omit<Update, "update_id">): string {
    return JSON.stringify({ update_id: this.nextUpdateId++, ...update });
  }

  from(p: Person) {
    return { id: p.telegramId, is_bot: false as const, first_name: p.firstName, language_code: "zh-hans" };
  }

  privateText(p: Person, text: string): string {
    const command = /^\/\w+/.exec(text);
    return this.body({
      message: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: p.telegramId, type: "private", first_name: p.firstName },
        from: this.from(p),
        text,
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      },
    });
  }

  press(p: Person, data: string): string {
    return this.body({
      callback_query: {
        id: `cb-${this.nextCallbackId++}`,
        from: this.from(p),
        chat_instance: "bench",
        data,
        message: {
          message_id: 1000,
          date: Math.floor(Date.now() / 1000),
          chat: { id: p.telegramId, type: "private", first_name: p.firstName },
          from: BOT_INFO,
          text: "…",
        },
      },
    });
  }

  groupText(p: Person, g: Group, text: string): string {
    return this.body({
      message: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: g.id, type: "supergroup", title: g.title },
        from: this.from(p),
        text,
      },
    });
  }

  botAdded(p: Person, g: Group): string {
    return this.body({
      my_chat_member: {
        chat: { id: g.id, type: "supergroup", title: g.title },
        from: this.from(p),
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: "left", user: BOT_INFO },
        new_chat_member: { status: "member", user: BOT_INFO },
      },
    });
  }
}

const HAN =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质";

function chineseText(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out += HAN[Math.floor(random() * HAN.length)];
    if (i > 0 && i % 37 === 36) out += "，";
  }
  return `${out}。`;
}

/** The guided report as a person answers it: /new, title, category, sections, buttons, submit or save. */
interface FlowItem {
  label: string;
  make: (f: UpdateFactory, p: Person, draftId: number) => string;
}

export class Flow {
  step = 0;
  private readonly items: FlowItem[] = [];

  constructor(random: () => number) {
    const text = (label: string, min: number, max: number): FlowItem => {
      const body = chineseText(random, min + Math.floor(random() * (max - min)));
      return { label, make: (f, p) => f.privateText(p, body) };
    };
    const press = (label: string, action: string): FlowItem => ({
      label,
      make: (f, p, draftId) => f.press(p, flowData(draftId, `${action}`)),
    });
    const title = `关于${chineseText(random, 6 + Math.floor(random() * 14)).slice(0, -1)}的建议`;
    this.items.push({ label: "/new", make: (f, p) => f.privateText(p, "/new") });
    this.items.push({ label: "title", make: (f, p) => f.privateText(p, title) });
    this.items.push(press("category button", `cat:${Math.floor(random() * 10)}`));
    for (let i = 1 + Math.floor(random() * 4); i > 0; i--) this.items.push(text("section text", 40, 300));
    this.items.push(press("section done button", "done:situation"));
    // The first suggestions lead to the preview; more text there is added to them.
    this.items.push(text("suggestions text", 40, 300));
    for (let i = Math.floor(random() * 3); i > 0; i--) this.items.push(text("text at the preview", 40, 300));
    // Optional parts, from the preview.
    if (random() < 0.5) {
      this.items.push(press("analysis button", "edit:analysis"));
      this.items.push(text("section text", 40, 300));
      this.items.push(press("section done button", "done:analysis"));
    }
    if (random() < 0.3) this.items.push(press("urgent toggle", "urgent:1"));
    if (random() < 0.8) this.items.push(press("submit", "submit"));
    else this.items.push(press("save draft", "save"));
  }

  get done(): boolean {
    return this.step >= this.items.length;
  }

  next(): FlowItem {
    return this.items[this.step++]!;
  }

  /** The similar-report warning asks once more: "submit anyway". */
  insertNext(item: FlowItem): void {
    this.items.splice(this.step, 0, item);
  }
}

/** Watches the fake Bot API for keyboards sent to each private chat: the flow's buttons carry the draft id. */
export class KeyboardWatch {
  readonly draftIds = new Map<number, number>();
  readonly lastButtons = new Map<number, string[]>();

  constructor(fake: FakeTelegram) {
    fake.hooks.push((call) => {
      const markup = call.payload.reply_markup as
        | { inline_keyboard?: { callback_data?: string }[][] }
        | undefined;
      if (!markup?.inline_keyboard) return undefined;
      const chatId = Number(call.payload.chat_id);
      const data = markup.inline_keyboard.flat().map((b) => b.callback_data ?? "");
      this.lastButtons.set(chatId, data);
      for (const d of data) {
        const match = /^r1:(\d+):/.exec(d);
        if (match) this.draftIds.set(chatId, Number(match[1]));
      }
      return undefined;
    });
  }
}

/** The realistic mix, one driver per update in flight, each with its own people so a person waits for replies. */
class MixedWorkload {
  private readonly drivers: { people: Person[]; flows: Person[]; random: () => number }[] = [];

  constructor(
    private readonly f: UpdateFactory,
    private readonly watch: KeyboardWatch,
    people: Person[],
    private readonly groups: Group[],
    drivers: number,
    private readonly options: WebhookOptions,
    seed: number,
  ) {
    for (let d = 0; d < drivers; d++)
      this.drivers.push({
        people: people.filter((p) => p.index % drivers === d),
        flows: [],
        random: seededRandom(seed * 1000 + d),
      });
  }

  next(driver: number): Planned {
    const d = this.drivers[driver]!;
    const kind = pickWeighted(MIX, d.random());
    const idle = () => {
      for (;;) {
        const p = d.people[Math.floor(d.random() * d.people.length)]!;
        if (!p.flow) return p;
      }
    };
    switch (kind) {
      case "conversation": {
        let p: Person;
        if (d.flows.length < this.options.openFlows) {
          p = idle();
          p.flow = new Flow(d.random);
          d.flows.push(p);
        } else p = d.flows[Math.floor(d.random() * d.flows.length)]!;
        const flow = p.flow!;
        const item = flow.next();
        const step = flow.step;
        return {
          kind,
          label: `conversation: ${item.label}`,
          step,
          body: item.make(this.f, p, this.watch.draftIds.get(p.telegramId) ?? 0),
          after: () => {
            const buttons = this.watch.lastButtons.get(p.telegramId) ?? [];
            if (item.label === "submit" && buttons.some((b) => /^r1:\d+:S:1$/.test(b)))
              flow.insertNext({
                label: "submit anyway",
                make: (f, person, draftId) => f.press(person, flowData(draftId, "submit!")),
              });
            if (flow.done) {
              p.flow = undefined;
              d.flows.splice(d.flows.indexOf(p), 1);
            }
          },
        };
      }
      case "command": {
        const p = idle();
        const command = ["/help", "/start", "/drafts", "/my"][Math.floor(d.random() * 4)]!;
        return { kind, label: `command: ${command}`, body: this.f.privateText(p, command) };
      }
      case "callback": {
        const p = idle();
        const choice = Math.floor(d.random() * 3);
        if (choice === 2) {
          p.language = p.language === "zh" ? "en" : "zh";
          return { kind, label: "callback: lang", body: this.f.press(p, `lang:${p.language}`) };
        }
        const data = choice === 0 ? "menu:drafts" : "menu:my";
        return { kind, label: `callback: ${data}`, body: this.f.press(p, data) };
      }
      case "group": {
        // People talk in their own unit's group (the roster puts person i in unit i mod 20).
        const p = d.people[Math.floor(d.random() * d.people.length)]!;
        const g = this.groups[p.index % this.groups.length]!;
        return {
          kind,
          label: "group: message",
          body: this.f.groupText(p, g, chineseText(d.random, 5 + Math.floor(d.random() * 40))),
        };
      }
    }
  }
}

// ---- targets --------------------------------------------------------------------------------------------

interface Target {
  post(body: string): Promise<Response>;
  counts?: StatementCounts;
}

function poster(app: Hono): (body: string) => Promise<Response> {
  return async (body) =>
    app.request(WEBHOOK_PATH, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body,
    });
}

/** The floor: grammY and Hono with nothing of ours, answering /start through the same fake and request path. */
function floorTarget(fake: FakeTelegram): Target {
  const bot = new Bot(TOKEN, {
    botInfo: BOT_INFO as UserFromGetMe,
    client: { apiRoot: API_ROOT, fetch: fake.fetch },
  });
  bot.command("start", (ctx) => ctx.reply("欢迎！Welcome!"));
  const handle = webhookCallback(bot, "hono", { secretToken: SECRET });
  const app = new Hono();
  app.post(WEBHOOK_PATH, (c) => handle(c));
  return { post: poster(app) };
}

function rosterCsv(people: number): string {
  const roles = ["委员", "委员", "委员", "委员", "委员", "委员", "委员", "常委", "常委", "特邀信息员"];
  const lines = ["姓名,身份,单位,单位类型,手机"];
  for (let i = 0; i < people; i++)
    lines.push(`成员${String(i).padStart(4, "0")},${roles[i % roles.length]},第${(i % 20) + 1}界别,界别,`);
  lines.push("信息员甲,工作人员,县政协办公室,其他,", "信息员乙,工作人员,县政协办公室,其他,");
  lines.push("主席,领导,县政协办公室,其他,");
  return lines.join("\n");
}

interface MinyiTarget extends Target {
  db: DB;
  times: SqlTimes;
  fake: FakeTelegram;
  log: CountingLogger;
  people: Person[];
  groups: Group[];
  factory: UpdateFactory;
  watch: KeyboardWatch;
  reportCount(): Promise<number>;
  dbBytes(): number;
  dispose(): Promise<void>;
}

/** Minyi as production builds it, on a fresh embedded database with a bound roster and groups. */
export async function minyiTarget(options: WebhookOptions, synchronous?: "NORMAL"): Promise<MinyiTarget> {
  const database = await openBenchDatabase(synchronous ? { synchronous } : {});
  const fake = new FakeTelegram();
  const watch = new KeyboardWatch(fake);
  const log = countingLogger();
  const { bot } = createBot({
    token: TOKEN,
    deps: { db: database.db, log, adminIds: [], now: () => new Date() },
    locales: readLocales(),
    botInfo: BOT_INFO as UserFromGetMe,
    apiRoot: API_ROOT,
    fetch: fake.fetch,
    // As the Node entry (src/main.ts) runs it: the sole consumer of the bot's updates.
    claims: "process",
  });
  const app = createApp({ bot, db: database.db, log, webhookSecret: SECRET });
  const post = poster(app);
  const factory = new UpdateFactory();

  const parsed = await parseRosterFile(new TextEncoder().encode(rosterCsv(options.people)), "roster.csv");
  if (!parsed.ok || parsed.rejections.length > 0) throw new Error("bench roster rejected");
  await importRoster(database.db, parsed.rows, new Date());
  const rows = await database.db
    .selectFrom("people")
    .select(["id", "name", "invite_code"])
    .orderBy("id")
    .execute();
  const people: Person[] = [];
  const mustPass = async (body: string) => {
    const response = await post(body);
    if (response.status !== 200) throw new Error(`seeding failed: HTTP ${response.status}`);
  };
  for (const [i, row] of rows.entries()) {
    const p: Person = {
      index: i,
      telegramId: 700_000_000 + row.id,
      firstName: row.name,
      flow: undefined,
      language: "zh",
    };
    await mustPass(factory.privateText(p, `/start ${row.invite_code}`));
    if (i < options.people) people.push(p);
  }
  const groups: Group[] = [];
  for (let g = 0; g < options.groups; g++) {
    const group = { id: -1_000_000_000_000 - g, title: `第${g + 1}界别委员群` };
    groups.push(group);
    await mustPass(factory.botAdded(people[g % people.length]!, group));
  }
  if (log.errorCount > 0) throw new Error(`seeding logged errors: ${JSON.stringify(log.errors)}`);
  fake.reset();
  return {
    post,
    db: database.db,
    counts: database.counts,
    times: database.times,
    fake,
    log,
    people,
    groups,
    factory,
    watch,
    async reportCount() {
      const row = await database.db
        .selectFrom("reports")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    dbBytes() {
      let bytes = 0;
      for (const suffix of ["", "-wal"]) {
        try {
          bytes += statSync(join(database.dir, `minyi.db${suffix}`)).size;
        } catch {
          // no WAL file
        }
      }
      return bytes;
    },
    dispose: () => database.dispose(),
  };
}

// ---- running --------------------------------------------------------------------------------------------

type TargetName = "minyi" | "minyi-normal" | "floor";
const TARGET_NAMES: Record<TargetName, string> = {
  minyi: "Minyi",
  "minyi-normal": "Minyi, `synchronous = NORMAL`",
  floor: "floor",
};

interface RunResult {
  target: TargetName;
  concurrency: number;
  updates: number;
  wallMs: number;
  throughput: number;
  all: LatencySummary;
  byKind: Partial<Record<Kind, LatencySummary>>;
  byLabel: Record<string, LatencySummary>;
  /** Mean statements per update, by label (only measured with one update in flight). */
  statements: Record<string, StatementCounts>;
  /**
   * Busy time per update in ms: the event loop's active time (performance.eventLoopUtilization) while the
   * update was handled, i.e. its latency minus the time the loop sat idle (timers); includes libSQL's
   * synchronous work and fsync. One update in flight only.
   */
  cpuAll?: LatencySummary;
  cpuByKind: Partial<Record<Kind, LatencySummary>>;
  cpuByLabel: Record<string, LatencySummary>;
  byStep: Record<number, LatencySummary>;
  failures: number;
  errors: number;
  errorSamples: string[];
  reports?: number;
  dbBytes?: number;
  apiCalls: number;
  /** The statements that took the most time in libSQL, per update of the run. */
  sql?: { sql: string; calls: number; ms: number }[];
}

async function drive(
  target: Target,
  updates: number,
  concurrency: number,
  plan: (driver: number) => Planned,
): Promise<Omit<RunResult, "target" | "errors" | "errorSamples" | "apiCalls">> {
  const latencies: number[] = [];
  const byKind = new Map<Kind, number[]>();
  const byLabel = new Map<string, number[]>();
  const byStep = new Map<number, number[]>();
  const statements = new Map<string, StatementCounts>();
  const cpu: number[] = [];
  const cpuByKind = new Map<Kind, number[]>();
  const cpuByLabel = new Map<string, number[]>();
  let failures = 0;
  const push = <K>(map: Map<K, number[]>, key: K, ms: number) => {
    let list = map.get(key);
    if (!list) {
      list = [];
      map.set(key, list);
    }
    list.push(ms);
  };
  const counts = target.counts;
  const perDriver = Math.floor(updates / concurrency);

  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, driver) => {
      const quota = perDriver + (driver === 0 ? updates - perDriver * concurrency : 0);
      for (let i = 0; i < quota; i++) {
        // Each update arrives in a macrotask of its own, as a request from the network would: without this,
        // drivers chained purely on promises starve timers (the conversations engine waits on setTimeout 0).
        await new Promise((resolve) => setImmediate(resolve));
        const planned = plan(driver);
        const before = concurrency === 1 && counts ? { ...counts } : undefined;
        const elu0 = concurrency === 1 ? performance.eventLoopUtilization() : undefined;
        const t0 = performance.now();
        const response = await target.post(planned.body);
        await response.arrayBuffer();
        const ms = performance.now() - t0;
        if (elu0) {
          const cpuMs = performance.eventLoopUtilization(elu0).active;
          cpu.push(cpuMs);
          push(cpuByKind, planned.kind, cpuMs);
          push(cpuByLabel, planned.label, cpuMs);
        }
        if (response.status !== 200) failures++;
        if (before && counts) {
          let sum = statements.get(planned.label);
          if (!sum) {
            sum = zeroCounts();
            statements.set(planned.label, sum);
          }
          sum.reads += counts.reads - before.reads;
          sum.writes += counts.writes - before.writes;
          sum.transactions += counts.transactions - before.transactions;
        }
        latencies.push(ms);
        push(byKind, planned.kind, ms);
        push(byLabel, planned.label, ms);
        if (planned.step !== undefined) push(byStep, planned.step, ms);
        planned.after?.();
      }
    }),
  );
  const wallMs = performance.now() - started;

  const summarize = <K extends string | number>(map: Map<K, number[]>) =>
    Object.fromEntries([...map].map(([key, list]) => [key, summarizeLatencies(list)])) as Record<
      K,
      LatencySummary
    >;
  const labelSummaries = summarize(byLabel);
  return {
    concurrency,
    updates,
    wallMs,
    throughput: (updates / wallMs) * 1000,
    all: summarizeLatencies(latencies),
    byKind: summarize(byKind),
    byLabel: labelSummaries,
    statements: Object.fromEntries(
      [...statements].map(([label, sum]) => {
        const n = labelSummaries[label]?.count ?? 1;
        return [label, { reads: sum.reads / n, writes: sum.writes / n, transactions: sum.transactions / n }];
      }),
    ),
    byStep: summarize(byStep),
    ...(cpu.length > 0 ? { cpuAll: summarizeLatencies(cpu) } : {}),
    cpuByKind: summarize(cpuByKind),
    cpuByLabel: summarize(cpuByLabel),
    failures,
  };
}

async function runMinyi(
  options: WebhookOptions,
  updates: number,
  concurrency: number,
  seed: number,
  synchronous?: "NORMAL",
): Promise<RunResult> {
  const target = await minyiTarget(options, synchronous);
  try {
    await settle();
    target.times.clear();
    const workload = new MixedWorkload(
      target.factory,
      target.watch,
      target.people,
      target.groups,
      concurrency,
      options,
      seed,
    );
    const result = await profiled(
      seed === WARMUP_SEED ? undefined : options.profileDir,
      `webhook-minyi-x${concurrency}-run${seed}`,
      () => drive(target, updates, concurrency, (d) => workload.next(d)),
    );
    return {
      target: synchronous ? "minyi-normal" : "minyi",
      ...result,
      errors: target.log.errorCount,
      errorSamples: target.log.errors.map((e) => `${e.message}: ${describeError(e.fields)}`),
      sql: [...target.times]
        .map(([sql, t]) => ({ sql, calls: t.calls, ms: t.ms }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 15),
      reports: await target.reportCount(),
      dbBytes: target.dbBytes(),
      apiCalls: target.fake.calls.length,
    };
  } finally {
    await target.dispose();
  }
}

function describeError(fields: Record<string, unknown> | undefined): string {
  const error = fields?.error;
  return error instanceof Error ? error.message : JSON.stringify(fields ?? {}).slice(0, 200);
}

async function runFloor(updates: number, concurrency: number, seed: number): Promise<RunResult> {
  const fake = new FakeTelegram();
  const target = floorTarget(fake);
  const factory = new UpdateFactory();
  const people: Person[] = Array.from({ length: 500 }, (_, i) => ({
    index: i,
    telegramId: 800_000_000 + i,
    firstName: `User${i}`,
    flow: undefined,
    language: "zh",
  }));
  const random = seededRandom(seed);
  await settle();
  const result = await drive(target, updates, concurrency, () => ({
    kind: "command",
    label: "floor: /start",
    body: factory.privateText(people[Math.floor(random() * people.length)]!, "/start"),
  }));
  return { target: "floor", ...result, errors: 0, errorSamples: [], apiCalls: fake.calls.length };
}

const WARMUP_SEED = 999;

/** What one committed write and one point read cost on this disk through the same client, no bot around it. */
interface StorageFloor {
  synchronous: "FULL" | "NORMAL";
  writeMs: number;
  readMs: number;
}

async function measureStorageFloor(synchronous: "FULL" | "NORMAL", n: number): Promise<StorageFloor> {
  const dir = await makeTempDir("floor");
  const client = await openNodeClient(`file:${join(dir, "floor.db")}`);
  try {
    await client.execute(`PRAGMA synchronous = ${synchronous}`);
    await client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT NOT NULL)");
    let t0 = performance.now();
    for (let i = 1; i <= n; i++)
      await client.execute({ sql: "INSERT INTO t (id, value) VALUES (?, ?)", args: [i, "sighting"] });
    const writeMs = (performance.now() - t0) / n;
    t0 = performance.now();
    for (let i = 1; i <= n; i++) await client.execute({ sql: "SELECT value FROM t WHERE id = ?", args: [i] });
    const readMs = (performance.now() - t0) / n;
    return { synchronous, writeMs, readMs };
  } finally {
    client.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Submit's similar-report check against the year's volume: the exhaustive comparison (`findSimilar` over
 * every report of the last 365 days, bigrams recomputed for each; what submit ran before b990df5), timed as
 * the pure function without the database read, and the check submit runs now (`findSimilarReports`: stored
 * MinHash signatures narrow the year to the few that may be alike), timed with its database reads, after a
 * first check has stored every report's signatures.
 */
interface SimilarityCost {
  method: "exhaustive" | "signatures";
  reports: number;
  ms: number;
}

function similarReport(random: () => number, id: number) {
  return { id, title: `关于${chineseText(random, 12).slice(0, -1)}的建议`, body: chineseText(random, 600) };
}

function measureExhaustive(reports: number, seed: number): SimilarityCost {
  const random = seededRandom(seed);
  const others = Array.from({ length: reports }, (_, i) => similarReport(random, i + 1));
  const candidate = similarReport(random, 0);
  const t0 = performance.now();
  findSimilar(candidate, others);
  return { method: "exhaustive", reports, ms: performance.now() - t0 };
}

async function measureSignatures(reports: number, repeats: number): Promise<SimilarityCost[]> {
  const database = await openBenchDatabase();
  try {
    const { db } = database;
    const random = seededRandom(reports);
    const at = new Date().toISOString();
    await db.insertInto("units").values({ name: "单位", type: "other", created_at: at }).execute();
    await db
      .insertInto("people")
      .values({ name: "作者", role: "member", unit_id: 1, active: 1, created_at: at, updated_at: at })
      .execute();
    for (let i = 0; i < reports; i += 500) {
      const rows = Array.from({ length: Math.min(500, reports - i) }, (_, k) => {
        const r = similarReport(random, i + k + 1);
        return {
          title: r.title,
          category: "其他",
          situation: r.body,
          analysis: "",
          suggestions: "",
          urgent: 0,
          author_id: 1,
          unit_id: 1,
          status: "submitted",
          submitted_at: at,
          created_at: at,
          updated_at: at,
        };
      });
      await db.insertInto("reports").values(rows).execute();
    }
    const scope = { since: new Date(Date.now() - 365 * 86_400_000), excludeReportId: null };
    while ((await signQueuedReports(db, 2_000)) > 0); // every report's signatures and bands, as after the background work
    const costs: SimilarityCost[] = [];
    for (let r = 0; r < repeats; r++) {
      const candidate = similarReport(random, 0);
      const t0 = performance.now();
      await findSimilarReports(db, candidate, scope);
      costs.push({ method: "signatures", reports, ms: performance.now() - t0 });
    }
    return costs;
  } finally {
    await database.dispose();
  }
}

export interface WebhookResults {
  options: WebhookOptions;
  runs: RunResult[];
  storage: StorageFloor[];
  similarity: SimilarityCost[];
}

export async function runWebhookBench(options: WebhookOptions): Promise<WebhookResults> {
  progress(`webhook: warm-up (${options.warmup} updates each)`);
  await runFloor(options.warmup, 1, WARMUP_SEED);
  await runMinyi(options, options.warmup, 1, WARMUP_SEED);

  const runs: RunResult[] = [];
  for (let r = 0; r < options.repeats; r++) {
    for (const concurrency of options.concurrency) {
      // Alternate which goes first, so drift on a shared machine hits both alike.
      const order: TargetName[] = r % 2 === 0 ? ["floor", "minyi"] : ["minyi", "floor"];
      if (options.normalSyncAt === concurrency) order.push("minyi-normal");
      for (const which of order) {
        const result =
          which === "floor"
            ? await runFloor(options.updates, concurrency, r + 1)
            : await runMinyi(
                options,
                options.updates,
                concurrency,
                r + 1,
                which === "minyi-normal" ? "NORMAL" : undefined,
              );
        runs.push(result);
        progress(
          `webhook: run ${r + 1}/${options.repeats} ${which} ×${concurrency}: ` +
            `${formatNumber(result.throughput, 0)} updates/s, p50 ${formatNumber(result.all.p50)} ms, ` +
            `p99 ${formatNumber(result.all.p99)} ms, failures ${result.failures}, errors ${result.errors}`,
        );
        if (result.errorSamples.length > 0) progress(`  first errors: ${result.errorSamples.join(" | ")}`);
      }
    }
  }
  const storage: StorageFloor[] = [];
  for (let r = 0; r < options.repeats; r++)
    for (const synchronous of ["FULL", "NORMAL"] as const)
      storage.push(await measureStorageFloor(synchronous, 1000));
  const similarity: SimilarityCost[] = [];
  for (let r = 0; r < options.repeats; r++)
    for (const n of [1_000, 10_000]) similarity.push(measureExhaustive(n, r + 1));
  for (const n of options.updates >= 20_000 ? [1_000, 10_000, 100_000] : [1_000])
    similarity.push(...(await measureSignatures(n, options.repeats)));
  return { options, runs, storage, similarity };
}

// ---- the report -----------------------------------------------------------------------------------------

const ms = (values: number[]) => formatSpread(spread(values), undefined, " ms");
const verdict = (ok: boolean) => (ok ? "**met**" : "**missed**");

export function webhookMarkdown(results: WebhookResults): string {
  const { options, runs } = results;
  const select = (target: TargetName, concurrency: number) =>
    runs.filter((r) => r.target === target && r.concurrency === concurrency);
  const out: string[] = [];

  out.push(
    `${options.updates.toLocaleString("en-US")} updates per run, ${options.repeats} runs per target and ` +
      `concurrency, after a discarded warm-up run of ${options.warmup.toLocaleString("en-US")}. ` +
      `Figures are the median over the runs with the min–max range in brackets. Minyi runs on a fresh ` +
      `embedded libSQL file per run (WAL, \`synchronous\` left at its default, in \`os.tmpdir()\` on the ` +
      `same ext4 volume as the project) with ${options.people} bound people (plus staff and a leader) and ` +
      `${options.groups} groups; updates are posted with \`app.request()\` through the production Hono app ` +
      `(secret header checked), each from a macrotask of its own as a request off the network would arrive, the Bot API is answered by \`test/support/fake-telegram.ts\` in-process.`,
    "",
    `Mix: ${KINDS.map((k) => `${MIX[k]}% ${k}`).join(", ")}. Conversation = people in the guided report ` +
      `(/new, title, category button, 1–5 section texts and a done button, 1–3 suggestions texts (the first leads to the preview), half of them an analysis from the preview, some an urgency toggle, ` +
      `then submit (80%) or save); at most ${options.openFlows} open flows per driver. Commands = /help, /start, ` +
      `/drafts, /my. Callbacks = main-menu buttons (drafts, my reports) and the language switch. Group = plain ` +
      `messages by members in their unit's group (${options.groups} groups; the sighting upsert). The floor is a bare \`new Bot()\` + ` +
      `\`webhookCallback(bot, "hono")\` answering /start with one \`sendMessage\`, same fake, same request path.`,
    "",
  );

  // Throughput.
  const throughputRows: string[][] = [];
  for (const c of options.concurrency) {
    const floor = spread(select("floor", c).map((r) => r.throughput)).median;
    for (const target of ["floor", "minyi", "minyi-normal"] as const) {
      const list = select(target, c);
      if (list.length === 0) continue;
      const throughput = spread(list.map((r) => r.throughput));
      throughputRows.push([
        TARGET_NAMES[target],
        `${c}`,
        formatSpread(throughput, 0),
        target === "floor" ? "1" : formatNumber(throughput.median / floor, 3),
        formatSpread(spread(list.map((r) => r.all.p50)), 2, " ms"),
        formatSpread(spread(list.map((r) => r.all.p99)), 2, " ms"),
        target === "floor" ? "—" : `${sum(list, (r) => r.failures)} / ${sum(list, (r) => r.errors)}`,
      ]);
    }
  }
  const bestThroughput = Math.max(
    ...options.concurrency.map((c) => spread(select("minyi", c).map((r) => r.throughput)).median),
  );
  out.push(
    "### Throughput",
    "",
    markdownTable(
      [
        "target",
        "in flight",
        "updates/s",
        "× floor",
        "latency p50",
        "latency p99",
        "non-200 / errors logged",
      ],
      throughputRows,
    ),
    "",
    `Target ≥ 1,000 updates/s (production settings): ${verdict(bestThroughput >= 1000)} (best median ${formatNumber(bestThroughput, 0)} updates/s).`,
    "",
  );

  // Latency by kind.
  const kindRows: string[][] = [];
  for (const c of options.concurrency) {
    const minyi = select("minyi", c);
    for (const kind of KINDS) {
      const list = minyi.map((r) => r.byKind[kind]).filter((s): s is LatencySummary => !!s);
      kindRows.push([
        `${c}`,
        kind,
        `${Math.round(list.reduce((n, s) => n + s.count, 0) / Math.max(1, list.length))}`,
        ms(list.map((s) => s.p50)),
        ms(list.map((s) => s.p99)),
        ms(list.map((s) => s.mean)),
      ]);
    }
  }
  out.push(
    "### Latency by kind of update",
    "",
    markdownTable(["in flight", "kind", "updates per run", "p50", "p99", "mean"], kindRows),
    "",
  );

  // The ratio to the floor.
  // Busy time, statements and the per-step profile are measured with one update in flight only.
  if (!options.concurrency.includes(1)) {
    out.push("(Cost per update, statements and steps need a run with 1 in flight: `--concurrency=1,…`.)", "");
    return finish();
  }
  const c1 = 1;
  const minyi1 = select("minyi", c1);
  const floor1 = select("floor", c1);
  const pairs = minyi1.map((m, i) => ({ m, f: floor1[i] })).filter((p) => p.f && p.m.byKind.conversation);
  const ratioOf = (pick: (m: RunResult, f: RunResult) => number) =>
    spread(pairs.map(({ m, f }) => pick(m, f!)));
  const busyRatio = ratioOf((m, f) => m.cpuByKind.conversation!.p50 / f.cpuAll!.p50);
  out.push(
    "### Cost per update against the floor",
    "",
    `With ${c1} update in flight. **Busy time** is the event loop's active time while the update was handled ` +
      "(`performance.eventLoopUtilization()`): the cost an update puts on the one JavaScript thread, libSQL's " +
      "synchronous statements and fsyncs included, time spent waiting on timers excluded. Latency is the " +
      "wall time of `app.request()`. Each ratio is taken within a run pair (Minyi and the floor measured back " +
      "to back), then the median over the pairs, min–max in brackets.",
    "",
    markdownTable(
      [
        "",
        "Minyi conversation step",
        "Minyi, any update",
        "floor /start",
        "conversation / floor",
        "any / floor",
      ],
      [
        [
          "busy p50",
          ms(minyi1.map((r) => r.cpuByKind.conversation?.p50 ?? NaN)),
          ms(minyi1.map((r) => r.cpuAll?.p50 ?? NaN)),
          formatSpread(spread(floor1.map((r) => r.cpuAll?.p50 ?? NaN)), 3, " ms"),
          `${formatSpread(busyRatio, 1)}×`,
          `${formatSpread(
            ratioOf((m, f) => m.cpuAll!.p50 / f.cpuAll!.p50),
            1,
          )}×`,
        ],
        [
          "busy mean",
          ms(minyi1.map((r) => r.cpuByKind.conversation?.mean ?? NaN)),
          ms(minyi1.map((r) => r.cpuAll?.mean ?? NaN)),
          formatSpread(spread(floor1.map((r) => r.cpuAll?.mean ?? NaN)), 3, " ms"),
          `${formatSpread(
            ratioOf((m, f) => m.cpuByKind.conversation!.mean / f.cpuAll!.mean),
            1,
          )}×`,
          `${formatSpread(
            ratioOf((m, f) => m.cpuAll!.mean / f.cpuAll!.mean),
            1,
          )}×`,
        ],
        [
          "latency p50",
          ms(minyi1.map((r) => r.byKind.conversation?.p50 ?? NaN)),
          ms(minyi1.map((r) => r.all.p50)),
          formatSpread(spread(floor1.map((r) => r.all.p50)), 3, " ms"),
          `${formatSpread(
            ratioOf((m, f) => m.byKind.conversation!.p50 / f.all.p50),
            1,
          )}×`,
          `${formatSpread(
            ratioOf((m, f) => m.all.p50 / f.all.p50),
            1,
          )}×`,
        ],
      ],
    ),
    "",
    `Target: a conversation step ≤ 3× the floor's cost per update (busy p50): ${verdict(busyRatio.median <= 3)}.`,
    "",
  );

  // By label, with statements.
  const labels = [...new Set(minyi1.flatMap((r) => Object.keys(r.byLabel)))].sort();
  const labelRows = labels.map((label) => {
    const list = minyi1.map((r) => r.byLabel[label]).filter((s): s is LatencySummary => !!s);
    const stmts = minyi1.map((r) => r.statements[label]).filter((s): s is StatementCounts => !!s);
    const avg = (pick: (s: StatementCounts) => number) =>
      formatNumber(stmts.reduce((n, s) => n + pick(s), 0) / Math.max(1, stmts.length), 1);
    const busy = minyi1.map((r) => r.cpuByLabel[label]).filter((s): s is LatencySummary => !!s);
    return [
      label,
      `${Math.round(list.reduce((n, s) => n + s.count, 0) / Math.max(1, list.length))}`,
      ms(busy.map((s) => s.p50)),
      ms(list.map((s) => s.p50)),
      ms(list.map((s) => s.p99)),
      avg((s) => s.reads),
      avg((s) => s.writes),
      avg((s) => s.transactions),
    ];
  });
  const floorStatements = "0";
  out.push(
    `### Each kind of update in detail (${c1} in flight)`,
    "",
    "Statements are counted by wrapping the libSQL client (reads = SELECT/PRAGMA; writes = INSERT/UPDATE/DELETE; " +
      "a transaction adds BEGIN/COMMIT), averaged per update.",
    "",
    markdownTable(
      ["update", "per run", "busy p50", "latency p50", "latency p99", "reads", "writes", "transactions"],
      [
        ...labelRows,
        [
          "floor: /start",
          `${floor1[0]?.updates ?? 0}`,
          ms(floor1.map((r) => r.cpuAll?.p50 ?? NaN)),
          ms(floor1.map((r) => r.all.p50)),
          ms(floor1.map((r) => r.all.p99)),
          floorStatements,
          floorStatements,
          floorStatements,
        ],
      ],
    ),
    "",
  );

  // Where the database time goes.
  const sqlRun = minyi1[0];
  if (sqlRun?.sql?.length) {
    out.push(
      `### Statements by time in libSQL (${c1} in flight, run 1)`,
      "",
      "Time measured around each `client.execute()` (libSQL runs the statement synchronously inside it, " +
        "fsync included); a statement started alongside others (`Promise.all`) also counts the JavaScript " +
        "that ran in between, so reads like the sender lookup look dearer than they are.",
      "",
      markdownTable(
        ["statement", "calls per update", "µs per call", "µs per update"],
        sqlRun.sql.map((q) => [
          `\`${q.sql.replace(/\s+/g, " ").replace(/\|/g, "\\|").slice(0, 120)}${q.sql.length > 120 ? "…" : ""}\``,
          formatNumber(q.calls / sqlRun.updates, 2),
          formatNumber((q.ms / q.calls) * 1000, 0),
          formatNumber((q.ms / sqlRun.updates) * 1000, 0),
        ]),
      ),
      "",
    );
  }

  // Cost against the step number.
  const steps = [...new Set(minyi1.flatMap((r) => Object.keys(r.byStep).map(Number)))].sort((a, b) => a - b);
  const stepRows = steps.map((step) => {
    const list = minyi1.map((r) => r.byStep[step]).filter((s): s is LatencySummary => !!s);
    return [
      `${step}`,
      `${Math.round(list.reduce((n, s) => n + s.count, 0) / Math.max(1, list.length))}`,
      ms(list.map((s) => s.p50)),
      ms(list.map((s) => s.mean)),
    ];
  });
  out.push(
    `### Conversation step cost against the step number (${c1} in flight)`,
    "",
    "Step 1 is /new; step n is the n-th update of the same conversation. Whatever kind the update is, it is " +
      "counted under its position.",
    "",
    markdownTable(["step", "updates per run", "p50", "mean"], stepRows),
    "",
  );

  return finish();

  function finish(): string {
    // The disk.
    const storageRow = (synchronous: "FULL" | "NORMAL") => {
      const list = results.storage.filter((s) => s.synchronous === synchronous);
      const write = spread(list.map((s) => s.writeMs * 1000));
      return [
        `\`${synchronous}\`${synchronous === "FULL" ? " (SQLite's default, production)" : ""}`,
        formatSpread(write, 0, " µs"),
        formatSpread(spread(list.map((s) => s.readMs * 1000)), 0, " µs"),
        formatNumber(1_000_000 / write.median, 0),
        formatNumber(1_000_000 / (2 * write.median), 0),
      ];
    };
    out.push(
      "### The storage floor",
      "",
      "The same libSQL client on a fresh WAL file in the same directory, nothing else: 1,000 single-row " +
        "`INSERT`s, each its own committed transaction, then 1,000 primary-key reads, per run. Every Minyi " +
        "update commits at least one write on Node, where the process holds update claims in memory and only " +
        "marks an update done (`src/main.ts`), and two on the Worker (the claim and its completion); a " +
        "conversation step commits one more (the draft). That bounds throughput by itself:",
      "",
      markdownTable(
        [
          "`synchronous`",
          "committed write",
          "point read",
          "max updates/s at 1 commit each",
          "at 2 commits each",
        ],
        [storageRow("FULL"), storageRow("NORMAL")],
      ),
      "",
    );

    // The similar-report check at submit.
    const cost = (method: SimilarityCost["method"], n: number) => {
      const list = results.similarity.filter((s) => s.method === method && s.reports === n).map((s) => s.ms);
      return list.length === 0
        ? ["—", "—"]
        : [
            formatSpread(spread(list), undefined, " ms"),
            formatSpread(spread(list.map((ms) => (ms / n) * 1000)), 2, " µs"),
          ];
    };
    const sizes = [...new Set(results.similarity.map((s) => s.reports))].sort((a, b) => a - b);
    out.push(
      "### Submit's similar-report check against the year's volume",
      "",
      "Generated reports of about 600 characters, all submitted within the last 365 days. **Exhaustive**: " +
        "`findSimilar()` (src/domain/similarity.ts) over every one of them, bigrams recomputed for each — what " +
        "submit ran before `b990df5`; the pure function, without the database read that loaded them. " +
        "**Signatures**: `findSimilarReports()` (src/db/similarity.ts) as submit and the review card call it " +
        "now, database reads included, once a first check has stored every report's MinHash signatures: it " +
        "reads the year's signatures (256 bytes a report) and compares exactly only the reports that may be " +
        "alike.",
      "",
      markdownTable(
        [
          "reports in the last 365 days",
          "exhaustive: one check",
          "per report",
          "signatures: one check",
          "per report",
        ],
        sizes.map((n) => [n.toLocaleString("en-US"), ...cost("exhaustive", n), ...cost("signatures", n)]),
      ),
      "",
    );

    // Sanity.
    const minyiRuns = runs.filter((r) => r.target !== "floor");
    out.push(
      "### Sanity",
      "",
      `Every measured Minyi run: ${sum(minyiRuns, (r) => r.failures)} non-200 answers, ` +
        `${sum(minyiRuns, (r) => r.errors)} errors logged; reports submitted per run ` +
        `${formatSpread(spread(minyiRuns.map((r) => r.reports ?? 0)), 0)}; Bot API calls per run ` +
        `${formatSpread(spread(minyiRuns.map((r) => r.apiCalls)), 0)}; database file at the end ` +
        `${formatSpread(spread(minyiRuns.map((r) => (r.dbBytes ?? 0) / 1024 / 1024)), 1, " MiB")} (with WAL).`,
    );
    const samples = [...new Set(minyiRuns.flatMap((r) => r.errorSamples))].slice(0, 5);
    if (samples.length > 0) out.push("", "First errors:", "", ...samples.map((s) => `- \`${s}\``));
    return out.join("\n");
  }
}

function sum<T>(list: T[], pick: (item: T) => number): number {
  return list.reduce((n, item) => n + pick(item), 0);
}
