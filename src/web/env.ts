// What every console route shares: its options, the signed-in viewer and the viewer's language.
import type { I18n } from "@grammyjs/i18n";
import type { Context } from "hono";
import type { BaseContext } from "../bot/context";
import { isLocale, type Locale } from "../bot/i18n";
import type { DB } from "../db/database";
import type { FileReader } from "../files/read";
import type { SessionPerson } from "../db/web-sessions";
import type { Logger } from "../logger";

export interface ConsoleOptions {
  db: DB;
  log: Logger;
  i18n: I18n<BaseContext>;
  /** Mini App initData is signed with a key derived from it. */
  botToken: string;
  /** Where people reach the console (PUBLIC_URL); its origin is accepted on state-changing requests. */
  publicUrl: string;
  now: () => Date;
  /** Sends notices queued for other people (the outbox courier), after a decision taken on the web. */
  courier?: { kick(): void };
  /** Large static files (ECharts): from node_modules on Node, the Workers static assets binding on the Worker. */
  staticAsset?: (name: string) => Promise<Response | undefined>;
  /** The bot's username, for invite links. */
  botUsername?: string;
  /** A report's attachment from Telegram (the bot's getFile and download), at most `maxBytes`. */
  downloadFile?: (fileId: string, maxBytes: number) => Promise<Uint8Array>;
  /** Reads uploaded roster files, as the bot does: in a child process on Node, inline on Workers. */
  files?: FileReader;
}

export interface Viewer extends SessionPerson {
  sessionToken: string;
}

export type ConsoleEnv = {
  Variables: {
    viewer: Viewer | undefined;
    locale: Locale;
  };
};

export type ConsoleContext = Context<ConsoleEnv>;

export type T = (key: string, variables?: Record<string, string | number>) => string;

export function translator(options: ConsoleOptions, locale: Locale): T {
  return (key, variables) => options.i18n.t(locale, key, variables);
}

/** The viewer's saved language; otherwise the browser's, Chinese unless it asks for English. */
export function localeFor(saved: string | null | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(saved ?? undefined)) return saved as Locale;
  const first = acceptLanguage?.split(",")[0]?.trim().toLowerCase();
  return first?.startsWith("en") ? "en" : "zh";
}
