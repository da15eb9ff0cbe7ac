// Start-up while the Bot API does not answer: every failed getMe is said (address, error, attempt, next pause),
// the pauses grow from 1 s to a minute, /healthz's status follows, and a refused token ends the wait at once.
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  connectToTelegram,
  describeFailure,
  GET_ME_BACKOFF_MS,
  TelegramLink,
  type TelegramStatus,
  TokenRefused,
} from "../../src/bot/telegram-link";
import { createLogger } from "../../src/logger";
import { BOT_INFO } from "../support/fake-telegram";

const refused = () => {
  const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
  return new HttpError("Network request for 'getMe' failed!", new TypeError("fetch failed", { cause }));
};

describe("connecting to the Bot API", () => {
  it("says each failure with the next pause, backs off to a minute, and reports reachable at last", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger("info", [], (line) => lines.push(JSON.parse(line)));
    let clock = Date.parse("2026-12-06T10:00:00Z");
    const link = new TelegramLink("https://api.telegram.org", () => new Date(clock));
    const statuses: TelegramStatus[] = [];
    const slept: number[] = [];
    let calls = 0;
    const me = await connectToTelegram({
      getMe: async () => {
        calls += 1;
        if (calls <= 9) throw refused();
        return BOT_INFO;
      },
      link,
      log,
      sleep: async (ms) => {
        statuses.push(link.status);
        slept.push(ms);
        clock += ms;
      },
    });
    expect(me).toEqual(BOT_INFO);
    expect(slept).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000, 60_000, 60_000]);
    const failures = lines.filter((l) => l.message === "cannot reach the Telegram Bot API; trying again");
    expect(failures).toHaveLength(9);
    expect(failures[0]).toMatchObject({
      level: "error",
      address: "https://api.telegram.org",
      error: "Network request for 'getMe' failed!: fetch failed: connect ECONNREFUSED 127.0.0.1:9",
      attempt: 1,
      nextAttemptInSeconds: 1,
    });
    expect(failures.map((l) => l.nextAttemptInSeconds)).toEqual(slept.map((ms) => ms / 1000));
    expect(statuses[0]).toMatchObject({
      telegram: "unreachable",
      since: "2026-12-06T10:00:00.000Z",
      attempts: 1,
      nextAttemptAt: "2026-12-06T10:00:01.000Z",
    });
    // "since" stays at the first failure.
    expect(statuses.at(-1)).toMatchObject({
      telegram: "unreachable",
      since: "2026-12-06T10:00:00.000Z",
      attempts: 9,
    });
    expect(link.status.telegram).toBe("reachable");
    expect(lines.at(-1)).toMatchObject({ message: "Telegram Bot API reachable again", after: 9 });
  });

  it("a 5xx is retried; a refused token ends the wait with where to get a real one", async () => {
    const link = new TelegramLink("http://127.0.0.1:8081");
    let calls = 0;
    const error = await connectToTelegram({
      getMe: async () => {
        calls += 1;
        if (calls === 1)
          throw new GrammyError(
            "Call to 'getMe' failed!",
            { ok: false, error_code: 502, description: "Bad Gateway" },
            "getMe",
            {},
          );
        throw new GrammyError(
          "Call to 'getMe' failed!",
          { ok: false, error_code: 401, description: "Unauthorized" },
          "getMe",
          {},
        );
      },
      link,
      log: createLogger("silent"),
      sleep: async () => undefined,
    }).catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(error).toBeInstanceOf(TokenRefused);
    expect((error as Error).message).toMatch(/401 Unauthorized.*@BotFather/);
  });

  it("the pauses and the description of an error", () => {
    expect(GET_ME_BACKOFF_MS.map((_, i) => backoffDelay(i + 1))).toEqual([...GET_ME_BACKOFF_MS]);
    expect(backoffDelay(100)).toBe(60_000);
    expect(describeFailure(refused())).toBe(
      "Network request for 'getMe' failed!: fetch failed: connect ECONNREFUSED 127.0.0.1:9",
    );
  });
});
