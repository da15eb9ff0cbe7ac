// For section 3 (delivery fan-out, waiting for the outbox): a FakeTelegram hook that enforces Telegram's
// broadcast limit, so the outbox can be measured against a Bot API that pushes back like the real one.
import type { ApiCall, ApiHook, ApiReply } from "../test/support/fake-telegram";

/** The methods that deliver a message to a chat and count against the limit. */
export const SENDING_METHODS = [
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendMediaGroup",
  "copyMessage",
  "forwardMessage",
] as const;

export interface RateLimit extends ApiHook {
  /** Calls let through and calls answered 429, so far. */
  readonly accepted: number;
  readonly rejected: number;
}

/**
 * Answers 429 Too Many Requests, with `retry_after` in whole seconds until a slot frees, to a sending call
 * beyond `perSecond` within any sliding one-second window; other methods pass. Install with
 * `fake.hooks.push(telegramRateLimit())`. `now` (milliseconds) is injectable, so tests need no real time.
 */
export function telegramRateLimit(
  options: { perSecond?: number; methods?: readonly string[]; now?: () => number } = {},
): RateLimit {
  const perSecond = options.perSecond ?? 30;
  const methods = new Set(options.methods ?? SENDING_METHODS);
  const now = options.now ?? (() => Date.now());
  const window: number[] = [];
  let accepted = 0;
  let rejected = 0;
  const hook = (call: ApiCall): ApiReply | undefined => {
    if (!methods.has(call.method)) return undefined;
    const at = now();
    while (window.length > 0 && window[0]! <= at - 1000) window.shift();
    if (window.length >= perSecond) {
      rejected++;
      const retryAfter = Math.max(1, Math.ceil((window[0]! + 1000 - at) / 1000));
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      };
    }
    window.push(at);
    accepted++;
    return undefined;
  };
  return Object.defineProperties(hook, {
    accepted: { get: () => accepted },
    rejected: { get: () => rejected },
  }) as RateLimit;
}
