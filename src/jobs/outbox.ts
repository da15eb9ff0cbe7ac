// The delivery outbox: messages the jobs planned (rows of `outbox`) go out here, within Telegram's limits.
//
// - Pacing: about 30 messages a second overall (in this process; a call counts from when it was answered, see
//   paceGlobal) and at most 20 a minute into one group (counted from the outbox's own sent_at, so it holds across
//   runs and processes).
// - 429: wait `retry_after` and try again; a wait longer than `maxWaitMs` leaves the row for a later run.
// - 5xx and network errors: exponential backoff, then `failed` after `maxAttempts`.
// - 403 (blocked, kicked, deactivated): the row is `unreachable`, the person is marked unreachable (or the group
//   inactive), and delivery carries on: one chat never fails a job.
// - Exactly once: a row is claimed with a lease (next_attempt_at moves into the future) before it is sent, so two
//   drainers never send the same row, and it is marked `sent` only after Telegram accepted it. A crash between
//   Telegram's answer and that mark is the one window where a message can go out twice; nothing on Telegram's
//   side can close it (sendMessage has no idempotency key).
//
// It wants an Api WITHOUT grammY's auto-retry (createOutboxApi): retrying is this module's job, and a retrying
// transformer underneath would hide 429s from the pacing and double every wait.
import { Api, GrammyError } from "grammy";
import { type DB, nowIso } from "../db/database";
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
  /** Attempts against 5xx / network errors before a row is `failed`. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A 429 asking for a longer wait than this stops the drain; the rest goes out on the next run. */
  maxWaitMs: number;
  /** How long a claimed row is reserved for the drainer sending it (a crashed drainer's rows free up after it). */
  leaseMs: number;
  /** Called after a row is marked sent (tests inject a crash here). */
  afterSent?: (row: { id: number; chatId: number }) => void | Promise<void>;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  clock: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  perSecond: 30,
  perGroupPerMinute: 20,
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

type Delivery = "sent" | "failed" | "unreachable" | "deferred" | "taken";

const MINUTE_MS = 60_000;
const MAX_RATE_LIMITED_TRIES = 10;

export class Outbox {
  private readonly options: DeliveryOptions;
  /** The API calls of the last second: when each was answered (+Infinity while it is in flight). */
  private recent: { answeredAt: number }[] = [];

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

  /** Sends every pending row of one run (job, period) that is due, then reports where the run stands. */
  async drain(job: string, periodKey: string): Promise<DrainResult> {
    const reached = new Set<number>();
    let deferred = false;
    drain: for (;;) {
      const rows = await this.db
        .selectFrom("outbox")
        .select(["id", "chat_id"])
        .where("job", "=", job)
        .where("period_key", "=", periodKey)
        .where("status", "=", "pending")
        .where("next_attempt_at", "<=", nowIso(new Date(this.now())))
        .orderBy("id")
        .execute();
      if (rows.length === 0) break;
      const queue = [...rows];
      while (queue.length > 0) {
        // The first row whose chat may take a message now; a busy group does not hold up everyone else.
        const waits = new Map<number, number>();
        let pick = -1;
        let soonest = Number.POSITIVE_INFINITY;
        for (const [index, row] of queue.entries()) {
          let wait = waits.get(row.chat_id);
          if (wait === undefined) {
            wait = await this.groupWait(row.chat_id);
            waits.set(row.chat_id, wait);
          }
          if (wait === 0) {
            pick = index;
            break;
          }
          soonest = Math.min(soonest, wait);
        }
        if (pick < 0) {
          await this.options.sleep(soonest);
          continue;
        }
        const [row] = queue.splice(pick, 1);
        if (!row) continue;
        const outcome = await this.deliver(row.id);
        if (outcome === "sent" && row.chat_id > 0) reached.add(row.chat_id);
        if (outcome === "deferred") {
          deferred = true;
          break drain;
        }
      }
    }
    await this.clearUnreachable([...reached]);
    return { ...(await this.count(job, periodKey)), deferred };
  }

  /** How long until one more message may go into this chat (0 now). Only groups (negative ids) are paced. */
  async groupWait(chatId: number): Promise<number> {
    if (chatId > 0) return 0;
    const limit = this.options.perGroupPerMinute;
    const now = this.now();
    const recent = await this.db
      .selectFrom("outbox")
      .select("sent_at")
      .where("chat_id", "=", chatId)
      .where("status", "=", "sent")
      .where("sent_at", ">", nowIso(new Date(now - MINUTE_MS)))
      .orderBy("sent_at", "desc")
      .limit(limit)
      .execute();
    if (recent.length < limit) return 0;
    const oldest = Date.parse(recent[limit - 1]?.sent_at ?? "");
    return Math.max(1, oldest + MINUTE_MS - now);
  }

  /**
   * Waits until one more API call fits in the last second and takes its slot; the caller sets `answeredAt` when
   * the call returns. A call counts from its answer, not from when it was made: Telegram counts it when it
   * arrives, which is somewhere in between, so counting from the start let a call that arrived late and one that
   * arrived early fall into one of Telegram's seconds, and the 429 that followed cost a whole second
   * (retry_after is in whole seconds). Counted from the answer, a slot frees only after Telegram's second has
   * surely passed, whatever the network did; the price is one round trip per second.
   */
  private async paceGlobal(): Promise<{ answeredAt: number }> {
    for (;;) {
      const now = this.now();
      this.recent = this.recent.filter((call) => call.answeredAt > now - 1000);
      if (this.recent.length < this.options.perSecond) {
        const call = { answeredAt: Number.POSITIVE_INFINITY };
        this.recent.push(call);
        return call;
      }
      const oldest = Math.min(...this.recent.map((call) => call.answeredAt));
      // Every slot in flight (two drains on one Outbox): look again shortly.
      await this.options.sleep(Number.isFinite(oldest) ? Math.max(1, oldest + 1000 - now) : 10);
    }
  }

  private backoff(failures: number): number {
    return Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** (failures - 1));
  }

  private async claim(id: number): Promise<OutboxRow | undefined> {
    const now = this.now();
    return this.db
      .updateTable("outbox")
      .set({ next_attempt_at: nowIso(new Date(now + this.options.leaseMs)) })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", nowIso(new Date(now)))
      .returningAll()
      .executeTakeFirst();
  }

  /** Keeps the lease while this drainer waits to retry the row. */
  private async extend(id: number, attempts: number, error: string, holdMs: number): Promise<void> {
    await this.db
      .updateTable("outbox")
      .set({
        attempts,
        last_error: error,
        next_attempt_at: nowIso(new Date(this.now() + this.options.leaseMs + holdMs)),
      })
      .where("id", "=", id)
      .execute();
  }

  private async finish(
    id: number,
    status: "sent" | "failed" | "unreachable",
    attempts: number,
    error: string | null,
  ): Promise<void> {
    const at = nowIso(new Date(this.now()));
    await this.db
      .updateTable("outbox")
      .set({ status, attempts, last_error: error, ...(status === "sent" ? { sent_at: at } : {}) })
      .where("id", "=", id)
      .execute();
  }

  private async deliver(id: number): Promise<Delivery> {
    const row = await this.claim(id);
    if (!row) return "taken";
    let attempts = row.attempts;
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      const slot = await this.paceGlobal();
      attempts += 1;
      try {
        await this.api.sendMessage(
          row.chat_id,
          row.text,
          row.parse_mode ? { parse_mode: row.parse_mode as "HTML" } : {},
        );
        slot.answeredAt = this.now();
      } catch (error) {
        slot.answeredAt = this.now();
        const description = describe(error);
        if (error instanceof GrammyError && error.error_code === 429) {
          const waitMs = Math.max(1, error.parameters.retry_after ?? 1) * 1000;
          rateLimited += 1;
          if (waitMs > this.options.maxWaitMs || rateLimited > MAX_RATE_LIMITED_TRIES) {
            // Flood control is bot-wide: stop here and leave the row for later, not before Telegram allows it.
            await this.db
              .updateTable("outbox")
              .set({
                attempts,
                last_error: description,
                next_attempt_at: nowIso(new Date(this.now() + waitMs)),
              })
              .where("id", "=", id)
              .execute();
            this.log.warn("outbox: rate limited for long, the rest waits for a later run", {
              outboxId: id,
              retryAfterMs: waitMs,
            });
            return "deferred";
          }
          await this.extend(id, attempts, description, waitMs);
          await this.options.sleep(waitMs);
          continue;
        }
        if (error instanceof GrammyError && error.error_code === 403) {
          await this.finish(id, "unreachable", attempts, description);
          await this.markUnreachable(row.chat_id);
          this.log.warn("outbox: chat unreachable", { chatId: row.chat_id, error: description });
          return "unreachable";
        }
        if (error instanceof GrammyError && error.error_code < 500) {
          await this.finish(id, "failed", attempts, description);
          this.log.warn("outbox: message refused", { outboxId: id, chatId: row.chat_id, error: description });
          return "failed";
        }
        failures += 1;
        if (failures >= this.options.maxAttempts) {
          await this.finish(id, "failed", attempts, description);
          this.log.warn("outbox: giving up after retries", { outboxId: id, attempts, error: description });
          return "failed";
        }
        const waitMs = this.backoff(failures);
        await this.extend(id, attempts, description, waitMs);
        await this.options.sleep(waitMs);
        continue;
      }
      await this.finish(id, "sent", attempts, null);
      await this.options.afterSent?.({ id, chatId: row.chat_id });
      return "sent";
    }
  }

  /** A person who blocked the bot is shown to staff as unreachable; a group that removed the bot stops getting messages. */
  private async markUnreachable(chatId: number): Promise<void> {
    const at = nowIso(new Date(this.now()));
    if (chatId > 0) {
      await this.db
        .updateTable("people")
        .set({ unreachable_at: at })
        .where("telegram_id", "=", chatId)
        .where("unreachable_at", "is", null)
        .execute();
    } else {
      await this.db
        .updateTable("chats")
        .set({ active: 0, updated_at: at })
        .where("id", "=", chatId)
        .execute();
    }
  }

  /** Someone who got a message is reachable again (they unblocked the bot). */
  private async clearUnreachable(telegramIds: number[]): Promise<void> {
    for (let i = 0; i < telegramIds.length; i += 500) {
      await this.db
        .updateTable("people")
        .set({ unreachable_at: null })
        .where("telegram_id", "in", telegramIds.slice(i, i + 500))
        .where("unreachable_at", "is not", null)
        .execute();
    }
  }

  private async count(job: string, periodKey: string): Promise<Omit<DrainResult, "deferred">> {
    const rows = await this.db
      .selectFrom("outbox")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("job", "=", job)
      .where("period_key", "=", periodKey)
      .groupBy("status")
      .execute();
    const result = { sent: 0, failed: 0, unreachable: 0, pending: 0 };
    for (const row of rows) result[row.status] = Number(row.n);
    return result;
  }
}

function describe(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code}: ${error.description}`;
  return error instanceof Error ? error.message : String(error);
}
