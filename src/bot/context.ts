// The one context type every handler sees, composed from the plugins' flavours and our own fields.
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { DB } from "../db/database";
import type { Durability } from "../db/durability";
import type { Account } from "../db/people";
import type { Person } from "../db/schema";
import type { Role } from "../domain/roles";
import type { Settings } from "../domain/settings";
import type { FileReader } from "../files/read";
import type { Logger } from "../logger";

export interface BotDeps {
  db: DB;
  log: Logger;
  /** Bootstrap admins from ADMIN_TELEGRAM_IDS. */
  adminIds: readonly number[];
  now: () => Date;
  /** Delivers the notices an update queued for other people, once it is answered (src/jobs/courier.ts). */
  courier?: { kick(): void };
  /** Waited for before anything reports on a write (src/db/durability.ts); none: every commit is durable. */
  durability?: Durability;
  /** The web console's public address (PUBLIC_URL): /web builds sign-in links on it. */
  publicUrl?: string;
  /** Reads files people send: in a child process on Node (src/files/parse-in-child.ts); inline on Workers. */
  files?: FileReader;
}

/**
 * An update this process claimed in memory (the Node entry; src/bot/middleware.ts). A handler whose transaction
 * marks it applied (markUpdateAppliedIn) says so, and no done mark follows; on Workers there is none.
 */
export interface HeldUpdate {
  id: number;
  /** An earlier delivery committed this update's change; its replies may not have gone out: show, do not apply. */
  applied: boolean;
  /** This delivery's transaction marked it applied. */
  markedInTransaction: boolean;
  /**
   * Nothing but idempotent bookkeeping ran for it (people talking in a group: their sighting), so it needs no done
   * mark: delivered again, it does the same again.
   */
  idempotent: boolean;
}

export interface MinyiFields {
  /** Set before the handlers when this process holds the update's claim. */
  heldUpdate?: HeldUpdate;
  deps: BotDeps;
  /** The active roster entry bound to the sender, if any. */
  person: Person | undefined;
  /** A roster entry bound to the sender but deactivated: it may not act. */
  deactivatedPerson: Person | undefined;
  role: Role | undefined;
  /** The sender's saved language, if they chose one with /lang. */
  savedLanguage: string | undefined;
  /** The sender's account, when de-duplication read it with the update's state (loadSender uses it). */
  senderAccount?: Account;
  /** The settings' version read with the update's first statement: settings() reads them only if it moved. */
  settingsVersion?: number;
  /** Whether the sender was writing a report (a draft in the flow) as the update began, read with its first statement. */
  draftInFlowAtStart?: boolean;
  settings(): Promise<Settings>;
}

export type BaseContext = Context & I18nFlavor & MinyiFields;
export type MinyiContext = BaseContext;
