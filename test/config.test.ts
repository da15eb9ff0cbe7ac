import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { isPlaceholderToken, parseConfig, publicUrlOf } from "../src/config";

describe("configuration", () => {
  it("refuses the placeholder token of .env.example and the like, saying where a real one comes from", () => {
    const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
    const placeholder = /^BOT_TOKEN=(.*)$/m.exec(example)?.[1] ?? "";
    expect(placeholder).not.toBe("");
    for (const token of [
      placeholder,
      "123456:your-token",
      "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
      "123456789:YOUR_BOT_TOKEN",
      "0:anything",
      "123456:xxxxxxxxxxxxxxxx",
    ]) {
      const result = parseConfig({ BOT_TOKEN: token });
      expect(result, token).toEqual({
        ok: false,
        message: expect.stringMatching(
          /^Configuration error: BOT_TOKEN is invalid; expected a real bot token.*@BotFather/,
        ),
      });
    }
    expect(isPlaceholderToken("7312345678:AAH2kqJ7d9xw0Vb3_-LmNopQrStUvWxYz12")).toBe(false);
    expect(parseConfig({ BOT_TOKEN: "7312345678:AAH2kqJ7d9xw0Vb3_-LmNopQrStUvWxYz12" }).ok).toBe(true);
  });

  it("needs only BOT_TOKEN for polling on the embedded database", () => {
    const result = parseConfig({ BOT_TOKEN: "123:abc" });
    expect(result).toMatchObject({
      ok: true,
      config: {
        mode: "polling",
        DATABASE_URL: "file:./data/minyi.db",
        PORT: 3000,
        LOG_LEVEL: "info",
        ADMIN_TELEGRAM_IDS: [],
      },
    });
  });

  it("selects webhook mode with a URL and requires its secret", () => {
    expect(
      parseConfig({ BOT_TOKEN: "123:abc", WEBHOOK_URL: "https://bot.example.org/telegram/webhook" }),
    ).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^Configuration error: WEBHOOK_SECRET is missing; expected a secret of 16–256 characters/,
      ),
    });
    const ok = parseConfig({
      BOT_TOKEN: "123:abc",
      WEBHOOK_URL: "https://bot.example.org/telegram/webhook",
      WEBHOOK_SECRET: "s".repeat(20),
    });
    expect(ok).toMatchObject({ ok: true, config: { mode: "webhook" } });
  });

  it.each([
    [{}, "BOT_TOKEN is missing"],
    [{ BOT_TOKEN: "nonsense" }, "BOT_TOKEN is invalid"],
    [{ BOT_TOKEN: "1:a", PORT: "http" }, "PORT is invalid; expected a TCP port number"],
    [{ BOT_TOKEN: "1:a", PORT: "70000" }, "PORT is invalid"],
    [{ BOT_TOKEN: "1:a", LOG_LEVEL: "loud" }, "LOG_LEVEL is invalid; expected one of debug"],
    [{ BOT_TOKEN: "1:a", DATABASE_URL: "postgres://x" }, "DATABASE_URL is invalid; expected a libSQL URL"],
    [{ BOT_TOKEN: "1:a", TELEGRAM_API_ROOT: "not a url" }, "TELEGRAM_API_ROOT is invalid"],
    [
      { BOT_TOKEN: "1:a", ADMIN_TELEGRAM_IDS: "12,abc" },
      "ADMIN_TELEGRAM_IDS is invalid; expected a comma-separated list",
    ],
  ])("names the variable and what is expected: %j", (env, message) => {
    const result = parseConfig(env);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message.split("\n")).toHaveLength(1);
    }
  });

  it("builds the console's address: PUBLIC_URL, else the webhook's origin, else localhost and the port", () => {
    const token = "123:abc";
    const url = (env: Record<string, string>) => {
      const result = parseConfig({ BOT_TOKEN: token, ...env });
      if (!result.ok) throw new Error(result.message);
      return publicUrlOf(result.config);
    };
    expect(url({})).toBe("http://localhost:3000");
    expect(url({ PORT: "8080" })).toBe("http://localhost:8080");
    expect(
      url({ WEBHOOK_URL: "https://bot.example.org/telegram/webhook", WEBHOOK_SECRET: "s".repeat(20) }),
    ).toBe("https://bot.example.org");
    expect(
      url({
        PUBLIC_URL: "https://desk.example.org/",
        WEBHOOK_URL: "https://bot.example.org/x",
        WEBHOOK_SECRET: "s".repeat(20),
      }),
    ).toBe("https://desk.example.org");
    const bad = parseConfig({ BOT_TOKEN: token, PUBLIC_URL: "ftp://x" });
    expect(bad.ok).toBe(false);
  });

  it("parses admin ids and treats empty values as unset", () => {
    const result = parseConfig({ BOT_TOKEN: "1:a", ADMIN_TELEGRAM_IDS: "12, 34", WEBHOOK_URL: "", PORT: "" });
    expect(result).toMatchObject({
      ok: true,
      config: { ADMIN_TELEGRAM_IDS: [12, 34], mode: "polling", PORT: 3000 },
    });
  });
});
