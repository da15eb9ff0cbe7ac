// Builds the real bot on an in-memory libSQL database with a recording fake Bot API, and drives it the way
// Telegram does: JSON updates posted to the Hono webhook. Tests read like a chat.
import type { Message, Update } from "grammy/types";
import type { Hono } from "hono";
import { createBot, type MinyiBot } from "../../src/bot/index";
import { Courier } from "../../src/jobs/courier";
import { createOutboxApi, Outbox } from "../../src/jobs/outbox";
import type { ClaimScope } from "../../src/bot/middleware";
import type { ChartRenderer } from "../../src/charts/types";
import type { DB } from "../../src/db/database";
import { type EmbeddedDatabase, openEmbeddedDatabase } from "../../src/db/embedded";
import type { Durability } from "../../src/db/durability";
import { AttemptJournal } from "../../src/db/attempt-journal";
import type { FileReader } from "../../src/files/read";
import { migrateToLatest } from "../../src/db/migrations";
import { importRoster } from "../../src/db/roster";
import { createLogger, type Logger } from "../../src/logger";
import { readLocales } from "../../src/node-runtime";
import { parseRosterFile } from "../../src/roster/parse";
import { createApp, WEBHOOK_PATH } from "../../src/server";
import { BOT_INFO, FakeTelegram } from "./fake-telegram";

type IncomingMessage = NonNullable<Update["message"]>;

export const TEST_TOKEN = "123456:TEST-token_for-minyi";
export const TEST_SECRET = "test-webhook-secret-0123456789";
export const TEST_PUBLIC_URL = "https://console.test";

export interface HarnessOptions {
  db?: DB;
  telegram?: FakeTelegram;
  adminIds?: number[];
  now?: () => Date;
  log?: Logger;
  /** Draws /stats charts (pass renderPng from src/charts/render-node); none by default, as on Workers. */
  renderChart?: ChartRenderer;
  /** Where update claims are held: "database" by default (as on Workers); the Node entry uses "process". */
  claims?: ClaimScope;
  /** Group commit's barrier (src/db/durability.ts); none, as on an in-memory database. */
  durability?: Durability;
  /** Attempts at one update before it is given up (the bot's default otherwise). */
  maxUpdateAttempts?: number;
  /** With claims "process": attempts counted in this journal, as `npm start` counts them. */
  attemptJournal?: AttemptJournal;
  /** Reads files people send: inline by default (as on Workers); childReader as `npm start` does. */
  files?: FileReader;
}

let nextUpdateId = 1;

/**
 * Where update claims are held unless a test says: "database" (as on Workers), or what MINYI_TEST_CLAIMS says —
 * the chaos suite runs its redelivery and fault sweeps a second time with "process", as `npm start` runs.
 */
function defaultClaims(): ClaimScope {
  const scope = process.env.MINYI_TEST_CLAIMS;
  return scope === "process" ? "process" : "database";
}

export class Harness {
  readonly telegram: FakeTelegram;
  readonly db: DB;
  readonly minyi: MinyiBot;
  readonly app: Hono;
  /** Delivers the notices an update queued for others; post() waits for it, as the person would see them. */
  readonly courier: Courier;
  clock: Date;

  private constructor(db: DB, telegram: FakeTelegram, options: HarnessOptions) {
    this.db = db;
    this.telegram = telegram;
    this.clock = new Date("2026-05-15T02:00:00Z");
    const log = options.log ?? createLogger(process.env.TEST_LOG === "1" ? "debug" : "silent");
    // Notices are due at the bot's (test) time; pacing needs time that moves: the later of the two.
    const deliveryClock = () => new Date(Math.max(Date.now(), (options.now?.() ?? this.clock).getTime()));
    const outboxApi = createOutboxApi(TEST_TOKEN, {
      apiRoot: "http://fake-telegram.invalid",
      fetch: telegram.fetch,
    });
    this.courier = new Courier(
      db,
      new Outbox(db, outboxApi, log, { clock: deliveryClock, backoffBaseMs: 1, backoffMaxMs: 5 }),
      log,
      deliveryClock,
    );
    const claims = options.claims ?? defaultClaims();
    this.minyi = createBot({
      token: TEST_TOKEN,
      deps: {
        db,
        log,
        adminIds: options.adminIds ?? [],
        now: options.now ?? (() => this.clock),
        courier: this.courier,
        publicUrl: TEST_PUBLIC_URL,
        ...(options.durability ? { durability: options.durability } : {}),
        ...(options.files ? { files: options.files } : {}),
      },
      locales: readLocales(),
      botInfo: BOT_INFO,
      apiRoot: "http://fake-telegram.invalid",
      fetch: telegram.fetch,
      ...(options.renderChart ? { renderChart: options.renderChart } : {}),
      claims,
      ...(options.maxUpdateAttempts !== undefined ? { maxUpdateAttempts: options.maxUpdateAttempts } : {}),
      // Claims in process memory count attempts in a journal, as `npm start` does; its lines go nowhere unless a
      // test gives one of its own to restart from.
      ...(claims === "process"
        ? { attemptJournal: options.attemptJournal ?? AttemptJournal.open("/dev/null").journal }
        : {}),
    });
    this.app = createApp({
      bot: this.minyi.bot,
      db,
      log,
      webhookSecret: TEST_SECRET,
      console: {
        db,
        log,
        i18n: this.minyi.i18n,
        botToken: TEST_TOKEN,
        publicUrl: TEST_PUBLIC_URL,
        now: options.now ?? (() => this.clock),
        courier: this.courier,
        downloadFile: this.minyi.downloadFile,
        ...(options.files ? { files: options.files } : {}),
        botUsername: BOT_INFO.username,
      },
    });
  }

  static async create(options: HarnessOptions = {}): Promise<Harness> {
    const db = options.db ?? (await memoryDatabase());
    return new Harness(db, options.telegram ?? new FakeTelegram(), options);
  }

  /** The same database and recorded API, but a fresh bot and app, as after a process restart. */
  async restart(options: Pick<HarnessOptions, "claims" | "attemptJournal"> = {}): Promise<Harness> {
    const restarted = new Harness(this.db, this.telegram, options);
    restarted.clock = this.clock;
    return restarted;
  }

  async post(
    update: Omit<Update, "update_id"> & { update_id?: number },
    secret = TEST_SECRET,
  ): Promise<Response> {
    const body = { update_id: update.update_id ?? nextUpdateId++, ...update };
    const response = await this.app.request(WEBHOOK_PATH, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      body: JSON.stringify(body),
    });
    // Telegram makes the call a webhook's response carries (a button's answer) once the response arrives.
    if (response.status === 200) await this.telegram.webhookReply(await response.clone().text());
    // The courier is kicked on the next macrotask after an update that queued notices.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await this.courier.idle();
    return response;
  }

  user(id: number, profile: { firstName?: string; username?: string; languageCode?: string } = {}): ChatUser {
    return new ChatUser(this, id, profile);
  }

  group(id: number, title = "测试群"): TestGroup {
    return new TestGroup(this, id, title);
  }

  async importRosterCsv(csv: string): Promise<void> {
    const parsed = await parseRosterFile(new TextEncoder().encode(csv), "roster.csv");
    if (!parsed.ok || parsed.rejections.length > 0)
      throw new Error(`bad test roster: ${JSON.stringify(parsed)}`);
    await importRoster(this.db, parsed.rows, this.clock);
  }

  async inviteCodeOf(name: string): Promise<string> {
    const row = await this.db
      .selectFrom("people")
      .select("invite_code")
      .where("name", "=", name)
      .executeTakeFirstOrThrow();
    return row.invite_code!;
  }
}

/** A migrated in-memory database, opened as the bot opens its embedded one (cached statements). */
export async function memoryDatabase(): Promise<DB> {
  const { db } = openEmbeddedDatabase(":memory:");
  await migrateToLatest(db);
  return db;
}

/** memoryDatabase (or a file's) recording the SQL text of each statement run after its migrations, in order. */
export async function recordingDatabase(
  path = ":memory:",
): Promise<EmbeddedDatabase & { executed: string[] }> {
  const executed: string[] = [];
  const embedded = openEmbeddedDatabase(path, {
    around: (text, _parameters, execute) => {
      executed.push(text);
      return execute();
    },
  });
  await migrateToLatest(embedded.db);
  executed.length = 0;
  return { ...embedded, executed };
}

/** Telegram's message ids only grow within a chat, across restarts too. */
let nextMessageId = 1;

export class ChatUser {
  constructor(
    readonly harness: Harness,
    readonly id: number,
    readonly profile: { firstName?: string; username?: string; languageCode?: string },
  ) {}

  get from() {
    return {
      id: this.id,
      is_bot: false as const,
      first_name: this.profile.firstName ?? `User${this.id}`,
      ...(this.profile.username ? { username: this.profile.username } : {}),
      language_code: this.profile.languageCode ?? "zh-hans",
    };
  }

  message(
    extra: Partial<Message>,
    chat: { id: number; type: "private" | "group" | "supergroup"; title?: string } = {
      id: this.id,
      type: "private",
    },
  ): IncomingMessage {
    return {
      message_id: nextMessageId++,
      date: Math.floor(this.harness.clock.getTime() / 1000),
      chat:
        chat.type === "private"
          ? { id: this.id, type: "private" as const, first_name: this.from.first_name }
          : chat,
      from: this.from,
      ...extra,
    } as IncomingMessage;
  }

  /** Sends a text (commands get their entity, as Telegram adds it). */
  async send(text: string): Promise<Response> {
    return this.harness.post({ message: this.message(textMessage(text)) });
  }

  async sendDocument(
    fileName: string,
    bytes: Uint8Array,
    mimeType = "application/octet-stream",
  ): Promise<Response> {
    const fileId = this.harness.telegram.addFile(bytes, fileName);
    return this.harness.post({
      message: this.message({
        document: {
          file_id: fileId,
          file_unique_id: fileId,
          file_name: fileName,
          mime_type: mimeType,
          file_size: bytes.length,
        },
      }),
    });
  }

  async sendPhoto(uniqueId: string): Promise<Response> {
    return this.harness.post({
      message: this.message({
        photo: [{ file_id: `photo-${uniqueId}`, file_unique_id: uniqueId, width: 800, height: 600 }],
      }),
    });
  }

  /** Sends a message of another kind (sticker, voice, location…). */
  async sendOther(extra: Partial<Message>): Promise<Response> {
    return this.harness.post({ message: this.message(extra) });
  }

  async press(data: string, messageId = 1000): Promise<Response> {
    const id = `cb-${this.id}-${this.callbackIds.size + 1}`;
    this.callbackIds.add(id);
    return this.harness.post({
      callback_query: {
        id,
        from: this.from,
        chat_instance: "ci",
        data,
        message: {
          message_id: messageId,
          date: 0,
          chat: { id: this.id, type: "private", first_name: this.from.first_name },
        } as IncomingMessage,
      },
    });
  }

  /** Everything the bot said to this user: messages, edits and callback answers, in order. */
  texts(): string[] {
    return this.harness.telegram.calls
      .filter(
        (c) =>
          Number(c.payload.chat_id) === this.id ||
          (c.method === "answerCallbackQuery" && this.ownsCallback(c.payload.callback_query_id)),
      )
      .map((c) => (c.payload.text ?? c.payload.caption) as string | undefined)
      .filter((t): t is string => typeof t === "string");
  }

  lastText(): string {
    return this.texts().at(-1) ?? "";
  }

  /**
   * The text of the bot's last message or edit in this chat, leaving out button answers: through the webhook a
   * button's answer is made after the update's messages (it rides in the response).
   */
  lastMessageText(): string {
    const call = this.harness.telegram.calls
      .filter(
        (c) =>
          Number(c.payload.chat_id) === this.id && typeof (c.payload.text ?? c.payload.caption) === "string",
      )
      .at(-1);
    return (call?.payload.text ?? call?.payload.caption ?? "") as string;
  }

  /** The inline keyboard of the bot's last message or edit to this user, as [text, callback_data] pairs. */
  lastButtons(): [string, string][] {
    const call = this.harness.telegram.calls
      .filter((c) => Number(c.payload.chat_id) === this.id && c.payload.reply_markup)
      .at(-1);
    const markup = call?.payload.reply_markup as
      | { inline_keyboard?: { text: string; callback_data?: string }[][] }
      | undefined;
    return (markup?.inline_keyboard ?? []).flat().map((b) => [b.text, b.callback_data ?? ""]);
  }

  /** The callback data of the last keyboard's button whose label contains `label`. */
  buttonData(label: string): string {
    const found = this.lastButtons().find(([text]) => text.includes(label));
    if (!found) throw new Error(`no button "${label}" in ${JSON.stringify(this.lastButtons())}`);
    return found[1];
  }

  private readonly callbackIds = new Set<string>();
  private ownsCallback(id: unknown): boolean {
    return typeof id === "string" && this.callbackIds.has(id);
  }
}

export class TestGroup {
  constructor(
    readonly harness: Harness,
    readonly id: number,
    readonly title: string,
  ) {}

  get chat() {
    return { id: this.id, type: "supergroup" as const, title: this.title };
  }

  async send(user: ChatUser, text: string): Promise<Response> {
    return this.harness.post({ message: user.message(textMessage(text), this.chat) });
  }

  async addBot(by: ChatUser): Promise<Response> {
    return this.harness.post({
      my_chat_member: {
        chat: this.chat,
        from: by.from,
        date: 0,
        old_chat_member: { status: "left", user: BOT_INFO },
        new_chat_member: { status: "member", user: BOT_INFO },
      },
    });
  }

  texts(): string[] {
    return this.harness.telegram.textsTo(this.id);
  }
}

export function textMessage(text: string): Partial<Message> {
  const command = /^\/\w+(@\w+)?/.exec(text);
  return command
    ? { text, entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }
    : { text };
}
