// The delivery outbox: messages the jobs planned (rows of `outbox`) go out here, within Telegram's limits.
//
// - Several sends in flight (`inFlight`, 8), at most one per chat: a far-away Bot API's round trip does not set
//   the pace, and a chat's messages (a split message's parts) still go out in order.
// - Pacing: about 30 messages a second overall (in this process; a call counts from when it was answered, see
//   globalWait) and at most 20 a minute into one group (counted from the outbox's own sent_at, so it holds
//   across runs and processes).
// - 429: no call starts until `retry_after` is over (flood control is bot-wide), then the row is tried again; a
//   wait longer than `maxWaitMs` leaves the rest for a later run.
// - 5xx and network errors: exponential backoff, then `failed` after `maxAttempts`.
// - 403 (blocked, kicked, deactivated): the row is `unreachable`, the person is marked unreachable (or the group
//   inactive), and delivery carries on: one chat never fails a job.
// - Exactly once: a row is claimed with a lease (next_attempt_at moves into the future) before it is sent, so two
//   drainers never send the same row; right before its sendMessage it is marked `sending_at`, if the lease is
//   still this drainer's (a restarted process may have taken it back, see releaseOutboxClaims); it is marked
//   `sent` only after Telegram accepted it. A crash while a sendMessage is on the wire is the one window where a
//   message can go out twice: such a row (marked sending) is sent again when its lease is over, so a crash can
//   repeat at most the `inFlight` messages that were on the wire; nothing on Telegram's side can close it
//   (sendMessage has no idempotency key). A row claimed but not yet on the wire goes once.
//
// It wants an Api WITHOUT grammY's auto-retry (createOutboxApi): retrying is this module's job, and a retrying
// transformer underneath would hide 429s from the pacing and double every wait.
import { Api, GrammyError, InputFile } from "grammy";
import { deactivateChat, migrateGroup } from "../db/chats";
import { outboxDocument } from "../db/outbox";
import { type DB, nowIso } from "../db/database";
import type { Durability } from "../db/durability";
import {
  claimOutboxRow,
  countOutboxRun,
  dueOutboxRows,
  finishOutboxRow,
  holdOutboxRow,
  markOutboxSending,
  releaseOutboxRow,
  sentIntoChatSince,
  skipUnreachableRow,
} from "../db/outbox";
import { markPeopleReachable, markPersonUnreachable } from "../db/people";
import type { OutboxRow } from "../db/schema";
import type { Logger } from "../logger";

export const DEFAULT_API_ROOT = "https://api.telegram.org";

/** A Bot API client with no transformers: what the outbox sends through. */
export function createOutboxApi(
  token: string,
  options: { apiRoot?: string; fetch?: typeof fetch } = {},
): Api {
  return new Api(token, {
    apiRoot: (options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, ""),
    timeoutSeconds: 30,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

export interface DeliveryOptions {
  /** Real time by default; tests pass a fake clock that `sleep` advances. */
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  perSecond: number;
  perGroupPerMinute: number;
  /**
   * Sends in flight at once, at most one per chat. One at a time the rate is at most 1 / (round trip + the
   * outbox's own work): a third of the limit at a 100 ms round trip.
   */
  inFlight: number;
  /** Attempts against 5xx / network errors before a row is `failed`. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A 429 asking for a longer wait than this stops the drain; the rest goes out on the next run. */
  maxWaitMs: number;
  /** How long a claimed row is reserved for the drainer sending it (a crashed drainer's rows free up after it). */
  leaseMs: number;
  /** Group commit (src/db/durability.ts): waited for before a row goes on the wire. */
  durability?: Durability;
  /** Called after a row is marked sent (tests inject a crash here). */
  afterSent?: (row: { id: number; chatId: number }) => void | Promise<void>;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  clock: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  perSecond: 30,
  perGroupPerMinute: 20,
  inFlight: 8,
  maxAttempts: 5,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  maxWaitMs: 120_000,
  leaseMs: 300_000,
};

export interface DrainResult {
  sent: number;
  failed: number;
  unreachable: number;
  /** Rows still waiting: deferred by a long 429, or held by another drainer. */
  pending: number;
  /** True when a long 429 stopped this drain early. */
  deferred: boolean;
}

/** A row this drain means to send: claimed on its first try, then held (leased) across its retries. */
interface Task {
  id: number;
  chatId: number;
  row?: OutboxRow;
  /** The lease this drain holds the row by (its next_attempt_at): the row is ours while it is unchanged. */
  lease?: string;
  attempts: number;
  failures: number;
  rateLimited: number;
  /** Not to be tried again before this (a backoff, a 429's retry_after); epoch ms. */
  notBefore: number;
}

/** "retry": back into the queue, still held; "taken": another drainer had claimed the row. */
type Attempt = "sent" | "failed" | "unreachable" | "deferred" | "taken" | "retry";
type Settled = { task: Task; outcome: Attempt } | { task: Task; outcome: "crashed"; error: unknown };

/** Set when a drain stops early (a long 429, a crash): a send not yet made is not made. */
interface DrainState {
  stopped: boolean;
}

/** An API call of the last second: when it was answered (+Infinity while it is in flight). */
interface Slot {
  answeredAt: number;
}

const MINUTE_MS = 60_000;
const MAX_RATE_LIMITED_TRIES = 10;

export class Outbox {
  private readonly options: DeliveryOptions;
  /** The API calls of the last second. */
  private recent: Slot[] = [];
  /** No call starts before this (epoch ms): a 429's retry_after, which holds for the whole bot. */
  private pausedUntil = 0;

  constructor(
    private readonly db: DB,
    private readonly api: Api,
    private readonly log: Logger,
    options: Partial<DeliveryOptions> = {},
  ) {
    this.options = { ...DEFAULT_DELIVERY, ...options };
  }

  private now(): number {
    return this.options.clock().getTime();
  }

  /**
   * Sends every pending row of one run (job, period) that is due, then reports where the run stands.
   *
   * Up to `inFlight` sends at once, at most one per chat: a chat's rows go out in order (a split message's
   * parts), and a group's last minute, read from `sent_at` when its next row is picked, is exact. Only this loop
   * waits, and only when nothing is in flight: a send that must be tried again goes back into the queue with the
   * time it may go, so pacing, retries and a 429's pause are one wait at a time.
   */
  async drain(job: string, periodKey: string): Promise<DrainResult> {
    const reached = new Set<number>();
    const limit = Math.max(1, Math.floor(this.options.inFlight));
    const state: DrainState = { stopped: false };
    let deferred = false;
    let failure: { error: unknown } | undefined;
    let held: Task[] = [];
    for (;;) {
      const rows = await dueOutboxRows(this.db, job, periodKey, new Date(this.now()));
      if (rows.length === 0) break;
      const queue: Task[] = rows.map((row) => ({
        id: row.id,
        chatId: row.chat_id,
        attempts: 0,
        failures: 0,
        rateLimited: 0,
        notBefore: 0,
      }));
      const busy = new Set<number>();
      const running = new Map<Task, Promise<Settled>>();
      try {
        while (queue.length > 0 || running.size > 0) {
          if (!state.stopped && this.pausedUntil - this.now() > this.options.maxWaitMs) {
            // Another drain on this Outbox was told to wait longer than this one may.
            deferred = true;
            state.stopped = true;
          }
          if (!state.stopped && running.size < limit) {
            const next = await this.pick(queue, busy);
            if (typeof next !== "number") {
              busy.add(next.chatId);
              const slot = this.takeSlot();
              running.set(
                next,
                this.attempt(next, slot, state).then(
                  (outcome) => ({ task: next, outcome }),
                  (error: unknown) => ({ task: next, outcome: "crashed" as const, error }),
                ),
              );
              continue;
            }
            if (running.size === 0) {
              await this.options.sleep(next);
              continue;
            }
          }
          if (running.size === 0) break;
          const settled = await Promise.race(running.values());
          running.delete(settled.task);
          busy.delete(settled.task.chatId);
          switch (settled.outcome) {
            case "retry":
              requeue(queue, settled.task);
              break;
            case "sent":
              if (settled.task.chatId > 0) reached.add(settled.task.chatId);
              break;
            case "unreachable":
              // A chat that answered 403 is not tried again in this drain: its other rows are unreachable too.
              for (const task of queue.filter((queued) => queued.chatId === settled.task.chatId)) {
                queue.splice(queue.indexOf(task), 1);
                await this.skipUnreachable(task.id);
              }
              break;
            case "deferred":
              deferred = true;
              state.stopped = true;
              break;
            case "crashed":
              failure ??= { error: settled.error };
              state.stopped = true;
              break;
          }
        }
      } catch (error) {
        // A query of this loop failed: what is on the wire finishes (and is marked), nothing new starts.
        failure ??= { error };
        state.stopped = true;
        for (const settled of await Promise.all(running.values()))
          if (settled.outcome === "retry") requeue(queue, settled.task);
      }
      if (state.stopped) {
        held = queue.filter((task) => task.row !== undefined);
        break;
      }
    }
    try {
      // Rows claimed for a retry that will not come in this drain: the next one may take them when they are due.
      for (const task of held) await this.release(task);
    } catch (error) {
      if (!failure) throw error;
      this.log.warn("outbox: could not give back a held row", { error: describe(error) });
    }
    if (failure) throw failure.error;
    await this.clearUnreachable([...reached]);
    return { ...(await this.count(job, periodKey)), deferred };
  }

  /**
   * The first queued row that may go now (taken out of the queue), or how long until one may. Only a chat's
   * first queued row is a candidate, and a chat with a send in flight has none.
   */
  private async pick(queue: Task[], busy: ReadonlySet<number>): Promise<Task | number> {
    const global = this.globalWait();
    if (global > 0) return global;
    const now = this.now();
    const seen = new Set<number>();
    let soonest = Number.POSITIVE_INFINITY;
    for (const [index, task] of queue.entries()) {
      if (busy.has(task.chatId) || seen.has(task.chatId)) continue;
      seen.add(task.chatId);
      let wait = task.notBefore - now;
      // A busy group does not hold up everyone else.
      if (wait <= 0) wait = await this.groupWait(task.chatId);
      if (wait <= 0) {
        // Time passed in the query: look at the last second again right before the slot is taken.
        const again = this.globalWait();
        if (again > 0) return again;
        queue.splice(index, 1);
        return task;
      }
      soonest = Math.min(soonest, wait);
    }
    return soonest;
  }

  /** How long until one more message may go into this chat (0 now). Only groups (negative ids) are paced. */
  async groupWait(chatId: number): Promise<number> {
    if (chatId > 0) return 0;
    const limit = this.options.perGroupPerMinute;
    const now = this.now();
    const recent = await sentIntoChatSince(this.db, chatId, new Date(now - MINUTE_MS), limit);
    if (recent.length < limit) return 0;
    const oldest = Date.parse(recent[limit - 1] ?? "");
    return Math.max(1, oldest + MINUTE_MS - now);
  }

  /**
   * How long until one more API call may be made (0 now): a 429's pause, then the calls of the last second.
   * A call counts from its answer, not from when it was made: Telegram counts it when it arrives, which is
   * somewhere in between, so counting from the start let a call that arrived late and one that arrived early
   * fall into one of Telegram's seconds, and the 429 that followed cost a whole second (retry_after is in whole
   * seconds). Counted from the answer, a slot frees only after Telegram's second has surely passed, whatever the
   * network did; the price is one round trip per second. A call in flight holds its slot, so with several in
   * flight no 31 calls can arrive within one second either.
   */
  private globalWait(): number {
    const now = this.now();
    if (this.pausedUntil > now) return this.pausedUntil - now;
    this.recent = this.recent.filter((call) => call.answeredAt > now - 1000);
    if (this.recent.length < this.options.perSecond) return 0;
    const oldest = Math.min(...this.recent.map((call) => call.answeredAt));
    // Every slot in flight (another drain on this Outbox): look again shortly.
    return Number.isFinite(oldest) ? Math.max(1, oldest + 1000 - now) : 10;
  }

  /** Takes a slot of the last second; the call sets `answeredAt` when it returns. */
  private takeSlot(): Slot {
    const slot = { answeredAt: Number.POSITIVE_INFINITY };
    this.recent.push(slot);
    return slot;
  }

  private backoff(failures: number): number {
    return Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** (failures - 1));
  }

  private async claim(id: number): Promise<OutboxRow | undefined> {
    const now = this.now();
    return claimOutboxRow(this.db, id, new Date(now), new Date(now + this.options.leaseMs));
  }

  /** Keeps the lease while this drainer waits to retry the row. */
  private async extend(task: Task, attempts: number, error: string, holdMs: number): Promise<void> {
    task.lease = nowIso(new Date(this.now() + this.options.leaseMs + holdMs));
    await holdOutboxRow(this.db, task.id, { attempts, error, until: task.lease });
  }

  /** The row is about to go on the wire; false when its lease is no longer this drain's. */
  private async markSending(task: Task): Promise<boolean> {
    if (task.lease === undefined) return false;
    return markOutboxSending(this.db, task.id, task.lease, new Date(this.now()));
  }

  /** A row for a chat that just answered 403: not sent, unless another drainer has it on the wire. */
  private async skipUnreachable(id: number): Promise<void> {
    await skipUnreachableRow(this.db, id);
  }

  /** Gives back a held row this drain will not send after all: due again once its wait (and any pause) is over. */
  private async release(task: Task): Promise<void> {
    await releaseOutboxRow(
      this.db,
      task.id,
      new Date(Math.max(this.now(), task.notBefore, this.pausedUntil)),
    );
  }

  private async finish(
    id: number,
    status: "sent" | "failed" | "unreachable",
    attempts: number,
    error: string | null,
  ): Promise<void> {
    await finishOutboxRow(this.db, id, { status, attempts, error }, new Date(this.now()));
  }

  /** One try at a row: claimed on its first, then held (leased) by this drain across its retries. */
  private async attempt(task: Task, slot: Slot, state: DrainState): Promise<Attempt> {
    let called = false;
    try {
      if (!task.row) {
        const row = await this.claim(task.id);
        if (!row) return "taken";
        task.row = row;
        task.lease = row.next_attempt_at;
        task.attempts = row.attempts;
      }
      // A 429 answered, or the drain stopped, while this row was being claimed: it waits with everyone else.
      if (state.stopped || this.pausedUntil > this.now()) {
        task.notBefore = Math.max(task.notBefore, this.pausedUntil);
        return "retry";
      }
      const row = task.row;
      if (!(await this.markSending(task))) {
        // A restarted process took the row back (releaseOutboxClaims): whoever holds it now sends it.
        task.row = undefined;
        return "taken";
      }
      called = true;
      task.attempts += 1;
      try {
        // The sending mark is what tells a restart that this row may have gone: on disk before the request.
        await this.options.durability?.barrier();
        await this.send(row);
      } catch (error) {
        slot.answeredAt = this.now();
        return await this.refused(task, error);
      }
      slot.answeredAt = this.now();
      await this.finish(task.id, "sent", task.attempts, null);
      await this.options.afterSent?.({ id: task.id, chatId: row.chat_id });
      return "sent";
    } finally {
      if (!called) this.recent = this.recent.filter((call) => call !== slot);
    }
  }

  /** The row's message, or its document with the text as caption. */
  private async send(row: OutboxRow): Promise<void> {
    const options = row.parse_mode ? { parse_mode: row.parse_mode as "HTML" } : {};
    if (row.document_id === null) {
      await this.api.sendMessage(row.chat_id, row.text, options);
      return;
    }
    const document = await outboxDocument(this.db, row.document_id);
    if (!document) throw new Error(`outbox document ${row.document_id} is gone`);
    await this.api.sendDocument(row.chat_id, new InputFile(document.bytes, document.fileName), {
      ...options,
      ...(row.text ? { caption: row.text } : {}),
    });
  }

  /** What a failed call means for its row: try again later, give up on it, or stop the drain. */
  private async refused(task: Task, error: unknown): Promise<Attempt> {
    const row = task.row as OutboxRow;
    const { id, attempts } = task;
    const description = describe(error);
    if (error instanceof GrammyError && error.error_code === 429) {
      const waitMs = Math.max(1, error.parameters.retry_after ?? 1) * 1000;
      // Flood control is bot-wide: no call of this Outbox starts before it is over. Set before any await, so a
      // send about to start sees it.
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + waitMs);
      task.rateLimited += 1;
      if (waitMs > this.options.maxWaitMs || task.rateLimited > MAX_RATE_LIMITED_TRIES) {
        // Stop here and leave the row for later, not before Telegram allows it.
        await holdOutboxRow(this.db, id, {
          attempts,
          error: description,
          until: nowIso(new Date(this.now() + waitMs)),
        });
        task.row = undefined;
        this.log.warn("outbox: rate limited for long, the rest waits for a later run", {
          outboxId: id,
          retryAfterMs: waitMs,
        });
        return "deferred";
      }
      task.notBefore = this.now() + waitMs;
      await this.extend(task, attempts, description, waitMs);
      return "retry";
    }
    if (error instanceof GrammyError && error.error_code === 403) {
      await this.finish(id, "unreachable", attempts, description);
      await this.markUnreachable(row.chat_id);
      this.log.warn("outbox: chat unreachable", { chatId: row.chat_id, error: description });
      return "unreachable";
    }
    const movedTo = error instanceof GrammyError ? error.parameters.migrate_to_chat_id : undefined;
    if (movedTo !== undefined && movedTo !== row.chat_id && task.failures < this.options.maxAttempts) {
      // The group became a supergroup: its binding and waiting messages move to the new id, and this one goes there.
      await migrateGroup(this.db, row.chat_id, movedTo, new Date(this.now()));
      task.failures += 1;
      task.row = { ...row, chat_id: movedTo };
      this.log.info("outbox: group moved to a supergroup", { from: row.chat_id, to: movedTo });
      return "retry";
    }
    if (error instanceof GrammyError && error.error_code < 500) {
      await this.finish(id, "failed", attempts, description);
      this.log.warn("outbox: message refused", { outboxId: id, chatId: row.chat_id, error: description });
      return "failed";
    }
    task.failures += 1;
    if (task.failures >= this.options.maxAttempts) {
      await this.finish(id, "failed", attempts, description);
      this.log.warn("outbox: giving up after retries", { outboxId: id, attempts, error: description });
      return "failed";
    }
    const waitMs = this.backoff(task.failures);
    task.notBefore = this.now() + waitMs;
    await this.extend(task, attempts, description, waitMs);
    return "retry";
  }

  /** A person who blocked the bot is shown to staff as unreachable; a group that removed the bot stops getting messages. */
  private async markUnreachable(chatId: number): Promise<void> {
    if (chatId > 0) await markPersonUnreachable(this.db, chatId, new Date(this.now()));
    else await deactivateChat(this.db, chatId, new Date(this.now()));
  }

  /** Someone who got a message is reachable again (they unblocked the bot). */
  private async clearUnreachable(telegramIds: number[]): Promise<void> {
    await markPeopleReachable(this.db, telegramIds);
  }

  private async count(job: string, periodKey: string): Promise<Omit<DrainResult, "deferred">> {
    return countOutboxRun(this.db, job, periodKey);
  }
}

function describe(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code}: ${error.description}`;
  return error instanceof Error ? error.message : String(error);
}

/** Back into the queue in row order, so a chat's rows keep theirs. */
function requeue(queue: Task[], task: Task): void {
  const index = queue.findIndex((queued) => queued.id > task.id);
  if (index < 0) queue.push(task);
  else queue.splice(index, 0, task);
}
