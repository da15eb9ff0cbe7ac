// Shared pieces of the chaos suite: a seeded random source (the seed is printed, so a failure reproduces with
// CHAOS_SEED=<seed>), people who type like Telegram users (message ids that only grow, unique callback ids),
// and the text a report is written with.
import type { Message, Update } from "grammy/types";

type IncomingMessage = NonNullable<Update["message"]>;

/** mulberry32: small, fast and good enough to pick kill points and texts. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CHAOS_SEED from the environment, or a fresh one; printed either way. */
export function chaosSeed(label: string): number {
  const fromEnv = Number(process.env.CHAOS_SEED);
  const seed = Number.isSafeInteger(fromEnv) && process.env.CHAOS_SEED ? fromEnv : Date.now() % 2 ** 31;
  console.log(`[chaos] ${label}: seed ${seed} (reproduce with CHAOS_SEED=${seed})`);
  return seed;
}

export class Dice {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** `count` distinct integers from [0, n). */
  sample(n: number, count: number): number[] {
    const all = Array.from({ length: n }, (_, i) => i);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    return all.slice(0, Math.min(count, n)).sort((a, b) => a - b);
  }
}

const WORDS = [
  "农村饮水",
  "水质检测",
  "老旧小区",
  "电梯加装",
  "养老服务",
  "校车安全",
  "垃圾分类",
  "停车难",
  "医保报销",
  "夜市噪音",
  "河道治理",
  "公交线路",
  "农田灌溉",
  "快递网点",
  "社区食堂",
  "营商环境",
];
const EXTRAS = [
  "😀",
  "👍🏽",
  "🇨🇳",
  "مرحبا",
  "שלום",
  "«引号»",
  "&amp;",
  "<b>粗体</b>",
  "1,200人",
  "①②③",
  "\u200b",
];

/** A paragraph that is recognisably unique (it carries `tag`) with some emoji, RTL and markup-like text. */
export function paragraph(dice: Dice, tag: string): string {
  const parts = [tag];
  const n = dice.int(2, 6);
  for (let i = 0; i < n; i++) parts.push(dice.pick(WORDS));
  if (dice.chance(0.5)) parts.push(dice.pick(EXTRAS));
  return `${parts.join("，")}。`;
}

let nextUpdateId = 50_000_000;
let nextMessageId = 5_000_000;
let nextCallbackId = 1;

export function freshUpdateId(): number {
  return nextUpdateId++;
}

/** A Telegram user in a private chat with the bot. */
export class Typist {
  constructor(
    readonly id: number,
    readonly name: string,
  ) {}

  get from() {
    return { id: this.id, is_bot: false as const, first_name: this.name, language_code: "zh-hans" };
  }

  message(extra: Partial<Message>): Update {
    return {
      update_id: freshUpdateId(),
      message: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.id, type: "private", first_name: this.name },
        from: this.from,
        ...extra,
      } as IncomingMessage,
    };
  }

  text(text: string): Update {
    const command = /^\/\w+(@\w+)?/.exec(text);
    return this.message(
      command
        ? { text, entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }
        : { text },
    );
  }

  photo(uniqueId: string): Update {
    return this.message({
      photo: [{ file_id: `photo-${uniqueId}`, file_unique_id: uniqueId, width: 800, height: 600 }],
    });
  }

  press(data: string): Update {
    return {
      update_id: freshUpdateId(),
      callback_query: {
        id: `cq-${this.id}-${nextCallbackId++}`,
        from: this.from,
        chat_instance: `ci-${this.id}`,
        data,
        message: {
          message_id: 1000,
          date: 0,
          chat: { id: this.id, type: "private", first_name: this.name },
        } as IncomingMessage,
      },
    };
  }
}

/**
 * A FakeTelegram hook that refuses what Telegram refuses, with Telegram's own 400 errors: texts over 4,096
 * characters or empty, captions over 1,024, callback answers over 200, button data over 64 bytes, and HTML
 * that Telegram cannot parse (unknown or unbalanced tags, a bare "<" or "&"). Without it the fake accepts
 * anything, and a message a real chat would never receive passes unnoticed.
 */
export function telegramLimits(call: { method: string; payload: Record<string, unknown> }) {
  const refuse = (description: string) => ({ ok: false as const, error_code: 400, description });
  const p = call.payload;
  const html = p.parse_mode === "HTML";
  if (call.method === "sendMessage" || call.method === "editMessageText") {
    const text = String(p.text ?? "");
    const problem = html ? htmlProblem(text) : undefined;
    if (problem) return refuse(`Bad Request: can't parse entities: ${problem}`);
    const length = (html ? htmlVisibleText(text) : text).length;
    if (length === 0 || text.trim() === "") return refuse("Bad Request: message text is empty");
    if (length > 4096) return refuse("Bad Request: message is too long");
  }
  if (typeof p.caption === "string") {
    const problem = html ? htmlProblem(p.caption) : undefined;
    if (problem) return refuse(`Bad Request: can't parse entities: ${problem}`);
    if ((html ? htmlVisibleText(p.caption) : p.caption).length > 1024)
      return refuse("Bad Request: message caption is too long");
  }
  if (call.method === "answerCallbackQuery" && typeof p.text === "string" && p.text.length > 200)
    return refuse("Bad Request: MESSAGE_TOO_LONG");
  const markup = p.reply_markup as
    | { inline_keyboard?: { text?: string; callback_data?: string }[][] }
    | undefined;
  for (const button of markup?.inline_keyboard?.flat() ?? []) {
    if (button.callback_data !== undefined && new TextEncoder().encode(button.callback_data).length > 64)
      return refuse("Bad Request: BUTTON_DATA_INVALID");
    if (!button.text) return refuse("Bad Request: text buttons are unallowed in the inline keyboard");
  }
  return undefined;
}

const HTML_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "span",
  "tg-spoiler",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-emoji",
]);

/** Why Telegram would refuse this HTML, or undefined. */
export function htmlProblem(text: string): string | undefined {
  const open: string[] = [];
  const token = /<(\/?)([a-zA-Z-]*)([^>]*)>|<|&(#x?[0-9a-fA-F]+|[a-zA-Z]+);|&/g;
  for (const match of text.matchAll(token)) {
    const [whole, closing, name, , entity] = match;
    if (whole === "<") return "unexpected <";
    if (whole === "&") return "unexpected &";
    if (whole.startsWith("&")) {
      if (entity && !/^(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+)$/.test(entity))
        return `unknown entity &${entity};`;
      continue;
    }
    const tag = (name ?? "").toLowerCase();
    if (!HTML_TAGS.has(tag)) return `unsupported tag <${tag}>`;
    if (closing) {
      if (open.pop() !== tag) return `unbalanced </${tag}>`;
    } else open.push(tag);
  }
  return open.length > 0 ? `unclosed <${open.at(-1)}>` : undefined;
}

function htmlVisibleText(text: string): string {
  return text
    .replace(/<[^>]*>/g, "")
    .replace(/&(lt|gt|amp|quot);/g, "x")
    .replace(/&#x?[0-9a-fA-F]+;/g, "x");
}
