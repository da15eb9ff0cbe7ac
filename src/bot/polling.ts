// Long polling that does not lose the update in hand when the process dies. grammY runner's own fetcher moves
// getUpdates' offset past a batch as soon as it asks for the next one, while the batch is still being handled:
// an update in hand at a SIGKILL (or cut off by a shutdown) was already confirmed to Telegram and never comes
// back. Here the offset stops at the oldest update not yet handled, so Telegram keeps it until it is; updates
// fetched again meanwhile are not handed out twice; and a failed update is handed out again after a pause, a few
// times, as Telegram redelivers to a webhook. Updates are still handled concurrently (the runner's sink); the
// bot's per-chat sequencing and de-duplication do the rest.
import {
  createConcurrentSink,
  createRunner,
  createSource,
  type RunnerHandle,
  type UpdateSupplier,
} from "@grammyjs/runner";
import { type Bot, type Context, GrammyError } from "grammy";
import type { Update } from "grammy/types";

export interface ReliablePollingOptions {
  allowedUpdates: readonly string[];
  /** Attempts at a failing update before it is given up (and confirmed). */
  maxAttempts?: number;
  /** Pause before the next attempt at a failed update. */
  retryDelayMs?: (attempt: number) => number;
  /** How often to look for new updates while some are in hand (their offset cannot move on meanwhile). */
  pollWhileBusyMs?: number;
  /** An update still being handled after this long stops holding back the offset. */
  handlerTimeoutMs?: number;
  onGiveUp?: (update: Update, error: unknown) => void;
  /** getUpdates failed (`failures` in a row); the next try is in `delayMs`. */
  onFetchError?: (error: unknown, failures: number, delayMs: number) => void;
  /** getUpdates answered again after failures. */
  onFetchRecovered?: (failures: number) => void;
  onTimeout?: (update: Update) => void;
  onError?: (error: unknown) => void;
}

export interface ReliablePolling {
  runner: RunnerHandle;
  /** Stops fetching, waits until every update in hand is handled, and confirms them to Telegram. */
  stop(): Promise<void>;
}

/** The runner's AbortSignal type (the abort-controller polyfill's; Node's own at run time). */
type RunnerSignal = Parameters<UpdateSupplier<Update>["supply"]>[1];

interface Held {
  attempts: number;
  /** Failed, and may be handed out again from this time (ms). */
  retryAt: number | undefined;
}

export function runReliablePolling<C extends Context>(
  bot: Bot<C>,
  options: ReliablePollingOptions,
): ReliablePolling {
  const maxAttempts = options.maxAttempts ?? 8;
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => Math.min(60_000, 1000 * 2 ** attempt));
  const pollWhileBusyMs = options.pollWhileBusyMs ?? 250;
  /** Handed out and not yet done with (handled, or given up): Telegram must keep them. */
  const held = new Map<number, Held>();
  /** Being handled right now. */
  const running = new Set<number>();
  /** The lowest update id never handed out. */
  let next = 0;
  let wake: () => void = () => undefined;
  const changed = () => {
    const resume = wake;
    wake = () => undefined;
    resume();
  };
  const offset = () => (held.size > 0 ? Math.min(...held.keys()) : next);
  const pause = (ms: number, signal?: RunnerSignal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      wake = done;
      signal?.addEventListener("abort", done);
    });

  const supplier = {
    async supply(batchSize: number, signal: RunnerSignal): Promise<Update[]> {
      await bot.init();
      let failures = 0;
      for (;;) {
        const busy = held.size > 0;
        let updates: Update[];
        try {
          updates = await bot.api.getUpdates(
            {
              offset: offset(),
              limit: Math.max(1, Math.min(batchSize, 100)),
              timeout: busy ? 0 : 30,
              allowed_updates: [...options.allowedUpdates] as never,
            },
            signal,
          );
          if (failures > 0) options.onFetchRecovered?.(failures);
          failures = 0;
        } catch (error) {
          if (signal.aborted) throw error;
          // A wrong token or a second poller (or a webhook) will not go away by waiting.
          if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 409))
            throw error;
          failures += 1;
          const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
          const delay = retryAfter ? retryAfter * 1000 : Math.min(30_000, 100 * 2 ** failures);
          options.onFetchError?.(error, failures, delay);
          await pause(delay, signal);
          continue;
        }
        const now = Date.now();
        const out: Update[] = [];
        for (const update of updates) {
          const id = update.update_id;
          if (id >= next) {
            held.set(id, { attempts: 1, retryAt: undefined });
            next = id + 1;
            out.push(update);
            continue;
          }
          const entry = held.get(id);
          if (entry?.retryAt !== undefined && entry.retryAt <= now && !running.has(id)) {
            entry.attempts += 1;
            entry.retryAt = undefined;
            out.push(update);
          }
        }
        if (out.length > 0) {
          for (const update of out) running.add(update.update_id);
          return out;
        }
        if (signal.aborted) return [];
        if (busy) await pause(pollWhileBusyMs, signal);
      }
    },
  };

  const consumer = {
    async consume(update: Update): Promise<void> {
      const id = update.update_id;
      try {
        await bot.handleUpdate(update);
        held.delete(id);
      } catch (error) {
        const entry = held.get(id);
        if (entry && entry.attempts < maxAttempts) entry.retryAt = Date.now() + retryDelayMs(entry.attempts);
        else {
          held.delete(id);
          options.onGiveUp?.(update, error);
        }
        throw error;
      } finally {
        running.delete(id);
        changed();
      }
    },
  };

  const sink = createConcurrentSink(
    consumer,
    async (error) => {
      try {
        await bot.errorHandler(error as never);
      } catch (failed) {
        options.onError?.(failed);
      }
    },
    {
      // An update still not handled after this long no longer holds back the offset (as the webhook gives up
      // after 55 s): otherwise, behind it, Telegram's batches would fill with updates already in hand.
      timeout: {
        milliseconds: options.handlerTimeoutMs ?? 55_000,
        handler: (update: Update) => {
          held.delete(update.update_id);
          options.onTimeout?.(update);
          changed();
        },
      },
    },
  );
  const runner = createRunner(createSource(supplier), sink);
  runner.start();

  return {
    runner,
    async stop() {
      await runner.stop();
      while (running.size > 0) await pause(50);
      // Tell Telegram what was handled, so the next start does not fetch it again (it would be skipped).
      await bot.api.getUpdates({ offset: offset(), limit: 1, timeout: 0 }).catch(() => undefined);
    },
  };
}
