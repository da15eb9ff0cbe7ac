// Environment → typed configuration. One schema for every variable; a bad value stops start-up with one line.
import { z } from "zod";

const telegramIds = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === "") return [] as number[];
    const ids = s.split(/[\s,]+/).map(Number);
    if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
      ctx.addIssue({ code: "custom", message: "a comma-separated list of numeric Telegram user ids" });
      return z.NEVER;
    }
    return ids;
  });

/**
 * The token in .env.example and README, Telegram's documentation example, and the like: a copied .env would
 * otherwise start and then wait on Telegram for ever.
 */
export function isPlaceholderToken(token: string): boolean {
  const secret = token.slice(token.indexOf(":") + 1);
  return (
    /^0+:/.test(token) || /^(x+|ABC-DEF.*)$|(^|[-_])your([-_]|$)|placeholder|change.?me|example/i.test(secret)
  );
}

const common = {
  BOT_TOKEN: z
    .string({ message: "the bot token from @BotFather, e.g. 123456:ABC-DEF…" })
    .trim()
    .regex(/^\d+:[\w-]+$/, { message: "the bot token from @BotFather, e.g. 123456:ABC-DEF…" })
    .refine((token) => !isPlaceholderToken(token), {
      message:
        "a real bot token, not the example's placeholder: in Telegram, open @BotFather (https://t.me/BotFather), " +
        "send /newbot (or /mybots → your bot → API Token) and copy the token it gives",
    }),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(file:|libsql:|https?:|wss?:|:memory:)/, {
      message: "a libSQL URL: file:./data/minyi.db, :memory:, libsql://…, http(s)://…",
    })
    .default("file:./data/minyi.db"),
  DATABASE_AUTH_TOKEN: z.string().trim().optional(),
  TELEGRAM_API_ROOT: z
    .url({ message: "the base URL of a Bot API server, e.g. http://127.0.0.1:8081" })
    .optional(),
  PORT: z.coerce
    .number({ message: "a TCP port number, 1–65535" })
    .int({ message: "a TCP port number, 1–65535" })
    .min(1, { message: "a TCP port number, 1–65535" })
    .max(65535, { message: "a TCP port number, 1–65535" })
    .default(3000),
  LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error", "silent"], {
      message: "one of debug, info, warn, error, silent",
    })
    .default("info"),
  ADMIN_TELEGRAM_IDS: telegramIds.default([]),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: "the console's public address, e.g. https://minyi.example.org" })
    .optional(),
};

const pollingConfig = z.object({ ...common, mode: z.literal("polling") });
const webhookConfig = z.object({
  ...common,
  mode: z.literal("webhook"),
  WEBHOOK_URL: z.url({
    message: "the public https URL Telegram posts updates to, e.g. https://bot.example.org/telegram/webhook",
  }),
  WEBHOOK_SECRET: z
    .string({ message: "a secret of 16–256 characters A–Z a–z 0–9 _ - (required with WEBHOOK_URL)" })
    .regex(/^[A-Za-z0-9_-]{16,256}$/, {
      message: "a secret of 16–256 characters A–Z a–z 0–9 _ - (required with WEBHOOK_URL)",
    }),
});

export const configSchema = z.discriminatedUnion("mode", [pollingConfig, webhookConfig]);
export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/**
 * Where people reach the web console (sign-in links, the Mini App): PUBLIC_URL; else the webhook's origin;
 * else this machine's port, for a try-out in polling mode.
 */
export function publicUrlOf(config: Config): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, "");
  if (config.mode === "webhook") return new URL(config.WEBHOOK_URL).origin;
  return `http://localhost:${config.PORT}`;
}

/** Empty strings count as unset, as they do in most .env files. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value.trim() !== "") cleaned[key] = value;
  const mode = cleaned.WEBHOOK_URL ? "webhook" : "polling";
  const result = configSchema.safeParse({ ...cleaned, mode });
  if (result.success) return { ok: true, config: result.data };
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? "environment");
  const problem = cleaned[variable] === undefined ? "is missing" : "is invalid";
  return {
    ok: false,
    message: `Configuration error: ${variable} ${problem}; expected ${issue?.message ?? "a valid value"}.`,
  };
}
