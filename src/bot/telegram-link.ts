// Whether the Bot API can be reached, said out loud. Where our users live a route to api.telegram.org is often
// missing: start-up then says so within seconds (which address, which error), keeps asking getMe with a
// growing pause it announces before each wait, and /healthz answers 503 with the same facts until Telegram
// answers. Only a token Telegram refuses stops the process: waiting will not mend it.
import { GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "../logger";

export type TelegramState = "connecting" | "reachable" | "unreachable";

export interface TelegramStatus {
  telegram: TelegramState;
  /** Since when (ISO time) it has been in this state. */
  since: string;
  /** The Bot API server asked (never with the token). */
  address: string;
  /** The last failure, while unreachable. */
  error?: string;
  /** Failed attempts in a row. */
  attempts: number;
  /** When the next attempt is due (ISO time), while unreachable. */
  nextAttemptAt?: string;
}

/** Pauses between getMe attempts, in ms: 1 s doubling to 1 min, then every minute. */
export const GET_ME_BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000] as const;

export function backoffDelay(failures: number): number {
  return GET_ME_BACKOFF_MS[Math.min(failures, GET_ME_BACKOFF_MS.length) - 1] ?? GET_ME_BACKOFF_MS[0];
}

/** Telegram refused the token (401, or 404 for a malformed one): no retry will help. */
export class TokenRefused extends Error {
  constructor(readonly detail: string) {
    super(
      `Telegram refused this BOT_TOKEN (${detail}). Get the bot's token from @BotFather ` +
        "(https://t.me/BotFather, /mybots → API Token) and put it in BOT_TOKEN.",
    );
    this.name = "TokenRefused";
  }
}

/** The error and its causes in one line ("Network request for 'getMe' failed!: fetch failed: connect …"). */
export function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      const text =
        typeof code === "string" && !current.message.includes(code)
          ? `${current.message} (${code})`
          : current.message;
      if (text && !parts.includes(text)) parts.push(text);
      current = current instanceof HttpError ? current.error : current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(": ");
}

export class TelegramLink {
  #status: TelegramStatus;

  constructor(
    address: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#status = { telegram: "connecting", since: now().toISOString(), address, attempts: 0 };
  }

  get status(): TelegramStatus {
    return { ...this.#status };
  }

  reachable(): void {
    this.#status = {
      telegram: "reachable",
      since: this.now().toISOString(),
      address: this.#status.address,
      attempts: 0,
    };
  }

  unreachable(error: string, nextDelayMs: number): void {
    const now = this.now();
    const since = this.#status.telegram === "unreachable" ? this.#status.since : now.toISOString();
    this.#status = {
      telegram: "unreachable",
      since,
      address: this.#status.address,
      error,
      attempts: this.#status.attempts + 1,
      nextAttemptAt: new Date(now.getTime() + nextDelayMs).toISOString(),
    };
  }
}

export interface ConnectOptions {
  /** getMe without auto-retry, which would retry a network error forever and silently. */
  getMe: (signal: AbortSignal) => Promise<UserFromGetMe>;
  link: TelegramLink;
  log: Logger;
  /** Each attempt is given up after this long (a dropped route hangs rather than fails). */
  attemptTimeoutMs?: number;
  delayMs?: (failures: number) => number;
  sleep?: (ms: number) => Promise<void>;
  /** Stops trying (shutdown). */
  signal?: AbortSignal;
}

/** Asks getMe until Telegram answers; throws TokenRefused if it refuses the token, or on `signal`. */
export async function connectToTelegram(options: ConnectOptions): Promise<UserFromGetMe> {
  const { link, log } = options;
  const timeoutMs = options.attemptTimeoutMs ?? 10_000;
  const delayMs = options.delayMs ?? backoffDelay;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const address = link.status.address;
  for (let failures = 0; ; ) {
    options.signal?.throwIfAborted();
    try {
      const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
      const me = await options.getMe(AbortSignal.any(signals));
      link.reachable();
      if (failures > 0) log.info("Telegram Bot API reachable again", { address, after: failures });
      return me;
    } catch (error) {
      options.signal?.throwIfAborted();
      if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404))
        throw new TokenRefused(`${error.error_code} ${error.description}`);
      failures += 1;
      const next = delayMs(failures);
      const described = describeFailure(error);
      link.unreachable(described, next);
      log.error("cannot reach the Telegram Bot API; trying again", {
        address,
        error: described,
        attempt: failures,
        nextAttemptInSeconds: next / 1000,
        hint:
          "check this machine's route to the address (firewall, DNS); set HTTPS_PROXY for an outbound proxy, " +
          "or TELEGRAM_API_ROOT for a self-hosted Bot API server",
      });
      await sleep(next);
    }
  }
}
