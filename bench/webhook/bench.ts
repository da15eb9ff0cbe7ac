// Section 1 — the webhook path, measured as Telegram meets it: updates posted over loopback HTTP to the server
// `npm start` runs (src/main.ts in webhook mode, a child process) on databases of 1,000 to 1,000,000 reports,
// beside two floors with the same server shape (bench/webhook/floor-server.ts) in the same run, each a fresh
// process; the Bot API is a fake on loopback. What each update cost inside the server comes from the probe
// loaded into it (bench/webhook/probe.ts).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { openNodeDatabase } from "../../src/db/node-client";
import { FakeTelegram } from "../../test/support/fake-telegram";
import { formatNumber, seededRandom } from "../measure";
import { progress } from "../support";
import {
  type Child,
  closeAgents,
  postUpdate,
  readProbe,
  resetProbe,
  type ServerKind,
  startChild,
} from "./children";
import { copyForRun, webhookDataset } from "./data";
import { type Driven, drive } from "./drive";
import type { WebhookOptions } from "./options";
import type { ProbeStats } from "./probe-types";
import {
  type Group,
  KeyboardWatch,
  MixedWorkload,
  type Person,
  type Planned,
  UpdateFactory,
} from "./updates";

export interface Measured extends Driven {
  target: ServerKind;
  reports: number;
  repeat: number;
  probe: ProbeStats;
  /** Error lines the server printed during the run. */
  errors: number;
  apiCalls: number;
}

export interface WebhookResults {
  options: WebhookOptions;
  runs: Measured[];
  /** Seconds spent building each size's database in this run (0: cached). */
  built: Record<number, number>;
  /** Lines the servers printed at level error, the first few. */
  errorSamples: string[];
  /** Warnings the servers logged over every run (warm-up included), by message and server kind. */
  warnings: Record<string, number>;
}

/** Bound writers of the dataset, spread over its ids (not the first few units only). */
async function boundPeople(databaseUrl: string, count: number): Promise<Person[]> {
  const { db, close } = await openNodeDatabase(databaseUrl);
  try {
    const rows = await db
      .selectFrom("people")
      .select(["id", "name", "telegram_id"])
      .where("telegram_id", "is not", null)
      .where("active", "=", 1)
      .where("role", "in", ["member", "standing", "informant"])
      .orderBy((eb) => eb("id", "*", 2654435761), "asc")
      .limit(count)
      .execute();
    return rows.map((row, index) => ({
      index,
      telegramId: Number(row.telegram_id),
      firstName: row.name,
      flow: undefined,
      language: "zh" as const,
    }));
  } finally {
    await close();
  }
}

async function measureServer(
  target: ServerKind,
  reports: number,
  repeat: number,
  options: WebhookOptions,
  file: string,
  errorSamples: string[],
  warnings: Record<string, number>,
): Promise<Measured[]> {
  const runDir = await mkdtemp(join(os.tmpdir(), `minyi-bench-webhook-run-`));
  const fake = new FakeTelegram();
  const watch = new KeyboardWatch(fake);
  const api = await fake.listen();
  let child: Child | undefined;
  try {
    const databaseUrl =
      target === "minyi"
        ? await copyForRun(file, runDir)
        : target === "durable"
          ? `file:${join(runDir, "floor.db")}`
          : undefined;
    const factory = new UpdateFactory();
    const drivers = Math.max(...options.concurrency);
    let plan: (driver: number) => Planned;
    let seed: (() => Promise<void>) | undefined;
    if (target === "minyi") {
      const people = await boundPeople(databaseUrl!, options.people);
      if (people.length < drivers) throw new Error(`only ${people.length} bound people in the dataset`);
      const groups: Group[] = Array.from({ length: options.groups }, (_, g) => ({
        id: -1_000_000_000_000 - g,
        title: `第${g + 1}界别委员群`,
      }));
      const workload = new MixedWorkload(
        factory,
        watch,
        people,
        groups,
        drivers,
        options.openFlows,
        1 + repeat,
      );
      plan = (d) => workload.next(d);
      seed = async () => {
        // The bench's groups, each added by one of its people.
        for (const [g, group] of groups.entries()) {
          const body = factory.botAdded(people[g % people.length]!, group);
          const response = await postUpdate(child!.port, body, "seed: group added");
          if (response.status !== 200) throw new Error(`seeding a group failed: HTTP ${response.status}`);
        }
      };
    } else {
      const random = seededRandom(1 + repeat);
      const people: Person[] = Array.from({ length: 500 }, (_, i) => ({
        index: i,
        telegramId: 800_000_000 + i,
        firstName: `User${i}`,
        flow: undefined,
        language: "zh",
      }));
      plan = () => ({
        kind: "command",
        label: "floor: /start",
        body: factory.privateText(people[Math.floor(random() * people.length)]!, "/start"),
      });
    }
    child = await startChild(target, {
      apiRoot: api.url,
      cwd: runDir,
      ...(options.profileDir ? { profileDir: options.profileDir } : {}),
      ...(databaseUrl ? { databaseUrl } : {}),
    });
    if (target === "minyi") {
      const deadline = Date.now() + 60_000;
      while (fake.callsOf("setWebhook").length === 0) {
        if (Date.now() > deadline) throw new Error("the bot did not set its webhook within 60 s");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await seed?.();
    const webhookReply = (body: string) => fake.webhookReply(body);
    await drive(child.port, options.warmup, drivers, plan, webhookReply);
    const results: Measured[] = [];
    for (const concurrency of options.concurrency) {
      fake.reset();
      const errorsBefore = child.errors.length;
      await resetProbe(child.port);
      const driven = await drive(child.port, options.updates, concurrency, plan, webhookReply);
      const probe = await readProbe(child.port);
      const result: Measured = {
        ...driven,
        target,
        reports,
        repeat,
        probe,
        errors: child.errors.length - errorsBefore,
        apiCalls: fake.calls.length,
      };
      results.push(result);
      progress(
        `webhook: ${reports.toLocaleString("en-US")} reports, run ${repeat + 1}/${options.repeats}, ${target} ×${concurrency}: ` +
          `${formatNumber(result.throughput, 0)} updates/s, p50 ${formatNumber(result.latency.p50)} ms, ` +
          `p99 ${formatNumber(result.latency.p99)} ms, busy ${formatNumber(probe.busyMs / probe.requests)} ms/update, ` +
          // CPU counts every thread and not the minutes another tenant holds the core, which busy time does.
          `CPU ${formatNumber(probe.cpuMs / probe.requests)} ms/update, ` +
          `stall ${formatNumber(probe.loopDelay.maxMs)} ms, non-200 ${result.failures}, errors ${result.errors}`,
      );
    }
    for (const line of child.errors) if (errorSamples.length < 5) errorSamples.push(line);
    for (const [message, count] of child.warnings) {
      const key = `${target}: ${message}`;
      warnings[key] = (warnings[key] ?? 0) + count;
    }
    return results;
  } finally {
    await child?.stop();
    closeAgents();
    await api.close();
    await rm(runDir, { recursive: true, force: true });
  }
}

export async function runWebhookBench(options: WebhookOptions): Promise<WebhookResults> {
  const runs: Measured[] = [];
  const built: Record<number, number> = {};
  const errorSamples: string[] = [];
  const warnings: Record<string, number> = {};
  for (const reports of options.sizes) {
    const dataset = await webhookDataset(reports);
    built[reports] = dataset.builtSeconds;
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      // Taking turns, so drift on a shared machine hits each alike.
      const order: ServerKind[] =
        repeat % 2 === 0 ? ["bare", "durable", "minyi"] : ["minyi", "durable", "bare"];
      for (const target of order)
        runs.push(
          ...(await measureServer(target, reports, repeat, options, dataset.file, errorSamples, warnings)),
        );
    }
  }
  return { options, runs, built, errorSamples, warnings };
}
