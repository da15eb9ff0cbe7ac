// What every job run is given, apart from the jobs themselves (./registry.ts), so the engine needs no registry.
import type { I18n } from "@grammyjs/i18n";
import type { Api } from "grammy";
import type { BaseContext } from "../bot/context";
import type { DB } from "../db/database";
import type { Logger } from "../logger";
import type { DeliveryOptions, Outbox } from "./outbox";

export type JobName =
  | "memberReminders"
  | "staffDigest"
  | "groupProgress"
  | "quarterlyStandings"
  | "draftReminders"
  | "submissionDigest";

export interface JobDeps {
  db: DB;
  /** A Bot API client WITHOUT auto-retry (createOutboxApi in ./outbox.ts): the outbox has its own policy. */
  api: Api;
  log: Logger;
  /** Texts in each recipient's language (user_prefs, default zh). */
  i18n: I18n<BaseContext>;
  /** Delivery tuning and test hooks (clock, sleep, crash injection); production uses the defaults. */
  delivery?: Partial<DeliveryOptions>;
  /**
   * One outbox for every run of the process (Node passes one): Telegram's 30 messages a second and a 429's pause
   * are the bot's, not a run's, and two jobs due at the same minute share them. Unset: each run has its own.
   */
  outbox?: Outbox;
}
