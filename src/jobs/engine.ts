// How a scheduled job runs exactly once per period. A job is defined by the period a run belongs to and a plan
// (who gets which text); this module does the rest:
//   1. claim the run (job_runs, keyed by job and period): a run already done sends nothing;
//   2. plan, once: the messages go into the outbox (dedupe key <job>:<period>:<chat>:<part>) together with the
//      job's marks (drafts reminded, reports notified) and planned_at, in one transaction;
//   3. drain the run's rows through the outbox (./outbox.ts);
//   4. mark the run done when no row of it is pending.
// A run that crashed resumes on the next trigger: at the same period it skips planning and sends only the rows
// still pending; at a later period the job first settles earlier unfinished runs, delivering their rest or, for
// messages that a newer run replaces (a reminder, a digest), dropping it as out of date.
import type { I18n } from "@grammyjs/i18n";
import type { Transaction } from "kysely";
import type { BaseContext } from "../bot/context";
import { type DB, nowIso } from "../db/database";
import type { OutboxDocument } from "../db/outbox";
import {
  dropPendingRows,
  finishIfDelivered,
  findRun,
  pendingRows,
  queuePlannedRun,
  startRun,
  unfinishedRunsBefore,
} from "../db/job-runs";
import type { Database, JobRun } from "../db/schema";
import { loadSettings } from "../db/settings";
import type { Settings } from "../domain/settings";
import { splitMessage, truncateText } from "../domain/text";
import { DEFAULT_DELIVERY, Outbox } from "./outbox";
import type { JobDeps, JobName } from "./deps";

export interface PlannedMessage {
  chatId: number;
  /** Who it is for, as --dry-run shows it: a name or a group's title. */
  to: string;
  /** The message; with a document, its caption. */
  text: string;
  /** Sent with sendDocument; the same object given to several people is stored once. */
  document?: OutboxDocument;
}

export interface Plan {
  messages: PlannedMessage[];
  /** Numbers for the log and the command line, e.g. people skipped for having no bound account. */
  stats?: Record<string, number>;
  /** Marks stored with the queued messages in one transaction (reports notified, drafts reminded). */
  commit?: (trx: Transaction<Database>) => Promise<void>;
}

export interface PlanContext {
  db: DB;
  settings: Settings;
  /** The time the run is for (a resumed run keeps its original time). */
  now: Date;
  periodKey: string;
  i18n: I18n<BaseContext>;
}

export interface JobDefinition {
  name: JobName;
  /** The period a run at `now` belongs to: "2026-06-01", "2026-05", "2026Q1". Keys of one job sort by time. */
  periodKey(now: Date, settings: Settings): string;
  /**
   * What an unfinished run of an earlier period gets when a later one starts: its remaining messages
   * delivered ("deliver": a bulletin, a digest of reports now marked notified) or dropped as out of date
   * ("drop": a reminder or progress report that the new run replaces).
   */
  earlier: "deliver" | "drop";
  plan(context: PlanContext): Promise<Plan>;
}

export type JobOutcome = "done" | "already-done" | "unfinished" | "dry-run";

export interface JobReport {
  job: JobName;
  periodKey: string;
  outcome: JobOutcome;
  /** Messages (parts) queued by this run's plan; 0 when it was planned before. */
  queued: number;
  sent: number;
  failed: number;
  unreachable: number;
  pending: number;
  stats: Record<string, number>;
  /** --dry-run: what would be sent. */
  preview?: PlannedMessage[];
}

export interface RunOptions {
  /** Plan and report what would be sent; write and send nothing. */
  dryRun?: boolean;
}

export async function runDefinedJob(
  job: JobDefinition,
  deps: JobDeps,
  now: Date,
  options: RunOptions = {},
): Promise<JobReport> {
  const { db } = deps;
  const settings = await loadSettings(db);
  const periodKey = job.periodKey(now, settings);
  const empty = { job: job.name, periodKey, queued: 0, sent: 0, failed: 0, unreachable: 0, pending: 0 };
  const existing = await findRun(db, job.name, periodKey);

  if (options.dryRun) {
    if (existing?.status === "done") return { ...empty, outcome: "already-done", stats: {} };
    if (existing?.planned_at) {
      // Planned but unfinished: what a run would send now is what is still pending.
      const pending = await pendingRows(db, job.name, periodKey);
      const preview = pending.map((row) => ({
        chatId: row.chat_id,
        to: String(row.chat_id),
        text: row.text,
      }));
      return { ...empty, outcome: "dry-run", pending: preview.length, stats: {}, preview };
    }
    const plan = await job.plan({ db, settings, now, periodKey, i18n: deps.i18n });
    return { ...empty, outcome: "dry-run", stats: plan.stats ?? {}, preview: plan.messages };
  }

  const clock = deps.delivery?.clock ?? DEFAULT_DELIVERY.clock;
  const outbox = deps.outbox ?? new Outbox(db, deps.api, deps.log, deps.delivery);
  await settleEarlierRuns(job, deps, outbox, settings, periodKey);

  const run = await startRun(db, job.name, periodKey, now, clock());
  if (run.status === "done") {
    deps.log.info("job already done for this period", { job: job.name, periodKey });
    return { ...empty, outcome: "already-done", stats: {} };
  }
  if (existing?.status === "running")
    deps.log.info("resuming an unfinished run", { job: job.name, periodKey });

  const planned = run.planned_at === null ? await planAndQueue(job, deps, settings, run) : undefined;
  const result = await outbox.drain(job.name, periodKey);
  const done = await finishIfDelivered(db, job.name, periodKey, clock());
  const report: JobReport = {
    ...empty,
    outcome: done ? "done" : "unfinished",
    queued: planned?.queued ?? 0,
    sent: result.sent,
    failed: result.failed,
    unreachable: result.unreachable,
    pending: result.pending,
    stats: planned?.stats ?? {},
  };
  deps.log.info("job run", { ...report });
  return report;
}

/** Plans the run and queues its messages, unless another process planned it first. */
async function planAndQueue(
  job: JobDefinition,
  deps: JobDeps,
  settings: Settings,
  run: JobRun,
): Promise<{ queued: number; stats: Record<string, number> }> {
  const { db } = deps;
  const clock = deps.delivery?.clock ?? DEFAULT_DELIVERY.clock;
  // Planning reads outside the transaction (long reads would hold the write lock); the transaction re-checks
  // planned_at, so of two concurrent planners only one queues and marks anything.
  const plan = await job.plan({
    db,
    settings,
    now: new Date(run.scheduled_for),
    periodKey: run.period_key,
    i18n: deps.i18n,
  });
  const at = clock();
  const rows = outboxRows(job.name, run.period_key, plan.messages, nowIso(at));
  const queued = await queuePlannedRun(db, job.name, run.period_key, rows, at, plan.commit);
  return { queued, stats: plan.stats ?? {} };
}

/** Telegram's limit for a document's caption, in characters. */
const CAPTION_LIMIT = 1024;

/**
 * One row per Telegram message: long texts are split at 4,096 characters on line boundaries; a document goes
 * in one row, its caption cut to Telegram's 1,024 characters.
 */
export function outboxRows(job: string, periodKey: string, messages: readonly PlannedMessage[], at: string) {
  const parts = new Map<number, number>();
  return messages.flatMap((message) =>
    (message.document ? [truncateText(message.text, CAPTION_LIMIT)] : splitMessage(message.text)).map(
      (text) => {
        const part = (parts.get(message.chatId) ?? 0) + 1;
        parts.set(message.chatId, part);
        return {
          job,
          period_key: periodKey,
          chat_id: message.chatId,
          dedupe_key: `${job}:${periodKey}:${message.chatId}:${part}`,
          text,
          parse_mode: null,
          status: "pending" as const,
          attempts: 0,
          next_attempt_at: at,
          last_error: null,
          sent_at: null,
          created_at: at,
          ...(message.document ? { document: message.document } : {}),
        };
      },
    ),
  );
}

/** Unfinished runs of earlier periods: deliver their rest, or drop it as replaced by this run. */
async function settleEarlierRuns(
  job: JobDefinition,
  deps: JobDeps,
  outbox: Outbox,
  settings: Settings,
  periodKey: string,
): Promise<void> {
  const { db, log } = deps;
  const clock = deps.delivery?.clock ?? DEFAULT_DELIVERY.clock;
  const earlier = await unfinishedRunsBefore(db, job.name, periodKey);
  for (const run of earlier) {
    if (job.earlier === "drop") {
      const dropped = await dropPendingRows(
        db,
        job.name,
        run.period_key,
        `replaced by the run for ${periodKey}`,
      );
      await finishIfDelivered(db, job.name, run.period_key, clock());
      log.warn("unfinished earlier run dropped", {
        job: job.name,
        periodKey: run.period_key,
        dropped,
      });
      continue;
    }
    log.info("finishing an earlier run", { job: job.name, periodKey: run.period_key });
    if (run.planned_at === null) await planAndQueue(job, deps, settings, run);
    await outbox.drain(job.name, run.period_key);
    await finishIfDelivered(db, job.name, run.period_key, clock());
  }
}
