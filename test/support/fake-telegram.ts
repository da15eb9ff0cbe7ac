// A fake Telegram Bot API: records every call and answers like Telegram would, in-process (as grammY's
// fetch) or over loopback HTTP (for real processes: npm start, wrangler dev). Nothing reaches the network.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** Bytes of uploaded files, by form field name. */
  files: Record<string, { name: string; bytes: Uint8Array }>;
}

export type ApiReply =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number; migrate_to_chat_id?: number };
    };

/**
 * A hook may answer a call itself (e.g. with a 429 or 403) instead of the default behaviour; a promise that never
 * settles is a Bot API that hangs.
 */
export type ApiHook = (call: ApiCall) => ApiReply | Promise<ApiReply> | undefined;

export const BOT_INFO = {
  id: 7000000001,
  is_bot: true as const,
  first_name: "民意",
  username: "minyi_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  readonly files = new Map<string, { path: string; bytes: Uint8Array }>();
  readonly hooks: ApiHook[] = [];
  private nextMessageId = 1000;
  private pendingUpdates: Update[] = [];
  /** The highest getUpdates offset asked for: every update below it was confirmed as handled. */
  private confirmedBelow = 0;
  private waiters: (() => void)[] = [];

  /** Stores a file as if a user had uploaded it; returns its file_id. */
  addFile(bytes: Uint8Array, name = "file"): string {
    const id = `file-${this.files.size + 1}`;
    this.files.set(id, { path: `documents/${id}-${name}`, bytes });
    return id;
  }

  /** Queues an update for getUpdates (long polling). */
  pushUpdate(update: Update): void {
    this.pendingUpdates.push(update);
    for (const wake of this.waiters.splice(0)) wake();
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Texts sent to one chat, by sendMessage / editMessageText / captions, in order. */
  textsTo(chatId: number): string[] {
    return this.calls
      .filter((c) => Number(c.payload.chat_id) === chatId)
      .map((c) => (c.payload.text ?? c.payload.caption) as string | undefined)
      .filter((t): t is string => typeof t === "string");
  }

  reset(): void {
    this.calls.length = 0;
  }

  /** Makes the Bot API call a webhook's response carries, as Telegram does (its result goes nowhere). */
  async webhookReply(body: string): Promise<void> {
    if (body === "") return;
    const { method, ...payload } = JSON.parse(body) as { method?: unknown } & Record<string, unknown>;
    if (typeof method !== "string") throw new Error(`a webhook's response without a method: ${body}`);
    await this.handle({ method, payload, files: {} });
  }

  async handle(call: ApiCall): Promise<ApiReply> {
    if (call.method !== "getUpdates") this.calls.push(call);
    for (const hook of this.hooks) {
      const reply = hook(call);
      if (reply) return reply;
    }
    const p = call.payload;
    const tooLong = overLimit(call);
    if (tooLong) return { ok: false, error_code: 400, description: `Bad Request: ${tooLong}` };
    switch (call.method) {
      case "getMe":
        return ok(BOT_INFO);
      case "getUpdates":
        return ok(await this.takeUpdates(Number(p.offset ?? 0), Number(p.timeout ?? 0)));
      case "getFile": {
        const file = this.files.get(String(p.file_id));
        if (!file) return { ok: false, error_code: 400, description: "Bad Request: invalid file_id" };
        return ok({
          file_id: p.file_id,
          file_unique_id: p.file_id,
          file_size: file.bytes.length,
          file_path: file.path,
        });
      }
      case "sendMessage":
      case "sendDocument":
      case "sendPhoto":
      case "sendMediaGroup":
      case "copyMessage":
      case "forwardMessage":
        return ok(this.message(p));
      case "editMessageText":
      case "editMessageReplyMarkup":
        return ok(this.message(p, Number(p.message_id)));
      default:
        return ok(true);
    }
  }

  private message(p: Record<string, unknown>, messageId = this.nextMessageId++) {
    return {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(p.chat_id), type: Number(p.chat_id) < 0 ? "group" : "private" },
      from: BOT_INFO,
      ...(typeof p.text === "string" ? { text: p.text } : {}),
    };
  }

  /** Whether long polling confirmed the update (asked for updates past it), which it does once it is handled. */
  confirmed(updateId: number): boolean {
    return this.confirmedBelow > updateId;
  }

  private async takeUpdates(offset: number, timeoutSeconds: number): Promise<Update[]> {
    this.confirmedBelow = Math.max(this.confirmedBelow, offset);
    this.pendingUpdates = this.pendingUpdates.filter((u) => u.update_id >= offset);
    if (this.pendingUpdates.length === 0 && timeoutSeconds > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(timeoutSeconds, 1) * 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.pendingUpdates.slice(0, 100);
  }

  /** grammY's client.fetch: routes Bot API and file URLs to this fake. */
  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const contentType = new Headers(init?.headers).get("content-type") ?? "";
    const body = await readBody(init?.body);
    return this.route(url, contentType, body);
  }) as typeof fetch;

  async route(url: URL, contentType: string, body: Uint8Array<ArrayBuffer>): Promise<Response> {
    const fileMatch = /^\/file\/bot[^/]+\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const file = [...this.files.values()].find((f) => f.path === decodeURIComponent(fileMatch[1] ?? ""));
      return file ? new Response(new Uint8Array(file.bytes)) : new Response("not found", { status: 404 });
    }
    const methodMatch = /^\/bot[^/]+\/(\w+)$/.exec(url.pathname);
    if (!methodMatch) return new Response("not found", { status: 404 });
    const call = await parseCall(methodMatch[1] ?? "", contentType, body);
    const reply = await this.handle(call);
    return Response.json(reply, { status: reply.ok ? 200 : reply.error_code });
  }

  /** Serves this fake on loopback for real processes; resolves to its base URL. */
  async listen(port = 0): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const response = await this.route(
        new URL(req.url ?? "/", "http://localhost"),
        req.headers["content-type"] ?? "",
        new Uint8Array(Buffer.concat(chunks)),
      );
      res.writeHead(response.status, {
        "content-type": response.headers.get("content-type") ?? "application/json",
      });
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    // Kept-alive connections stay open until close(): one closed as idle (Node's 5 s by default) just as a client
    // sends on it fails that call, and the bench's floors, unlike the bot, do not retry.
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    const address = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${address.port}`,
      server,
      close: () =>
        new Promise<void>((resolve) => {
          for (const wake of this.waiters.splice(0)) wake();
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
}

function ok(result: unknown): ApiReply {
  return { ok: true, result };
}

async function readBody(body: unknown): Promise<Uint8Array<ArrayBuffer>> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return new Uint8Array(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    const parts: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      parts.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
    }
    return new Uint8Array(Buffer.concat(parts));
  }
  return new Uint8Array(await new Response(body as BodyInit).arrayBuffer());
}

async function parseCall(
  method: string,
  contentType: string,
  body: Uint8Array<ArrayBuffer>,
): Promise<ApiCall> {
  const call: ApiCall = { method, payload: {}, files: {} };
  if (body.length === 0) return call;
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (contentType.includes("multipart/form-data") && boundary) {
    for (const part of multipartParts(Buffer.from(body), boundary)) {
      if (part.fileName !== undefined)
        call.files[part.name] = { name: part.fileName, bytes: new Uint8Array(part.content) };
      else call.payload[part.name] = parseField(part.content.toString("utf8"));
    }
    // grammY names file parts by a random id and points to them as "attach://<id>"; index them by field too.
    for (const [key, value] of Object.entries(call.payload)) {
      const attached =
        typeof value === "string" && value.startsWith("attach://") ? call.files[value.slice(9)] : undefined;
      if (attached) call.files[key] = attached;
    }
    return call;
  }
  call.payload = JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>;
  return call;
}

function parseField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A minimal multipart/form-data reader: undici's is stricter than the streams grammY writes. */
function multipartParts(
  body: Buffer,
  boundary: string,
): { name: string; fileName?: string; content: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { name: string; fileName?: string; content: Buffer }[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const end = body.indexOf(delimiter, start + delimiter.length);
    if (end === -1) break;
    let part = body.subarray(start + delimiter.length, end);
    if (part.subarray(0, 2).toString() === "\r\n") part = part.subarray(2);
    if (part.subarray(-2).toString() === "\r\n") part = part.subarray(0, -2);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const name = /\bname="?([^";\r\n]*)"?/.exec(headers)?.[1];
    const fileName = /\bfilename="?([^";\r\n]*)"?/.exec(headers)?.[1];
    if (name !== undefined)
      parts.push({
        name,
        ...(fileName !== undefined ? { fileName } : {}),
        content: part.subarray(headerEnd + 4),
      });
    start = end;
  }
  return parts;
}

/** Telegram's limits on what one call may carry, counted as Telegram does: after the markup is parsed. */
const TEXT_LIMIT = 4_096;
const CAPTION_LIMIT = 1_024;
const CALLBACK_DATA_LIMIT = 64;

function visibleLength(text: string, parseMode: unknown): number {
  if (parseMode !== "HTML") return text.length;
  return text.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, "_").length;
}

function overLimit(call: ApiCall): string | undefined {
  const p = call.payload;
  if (typeof p.text === "string" && call.method !== "answerCallbackQuery") {
    const length = visibleLength(p.text, p.parse_mode);
    if (length > TEXT_LIMIT) return `message is too long (${length} > ${TEXT_LIMIT})`;
    if (p.text.trim() === "") return "message text is empty";
  }
  if (typeof p.caption === "string" && visibleLength(p.caption, p.parse_mode) > CAPTION_LIMIT)
    return "message caption is too long";
  const markup = p.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  for (const button of markup?.inline_keyboard?.flat() ?? [])
    if (
      button.callback_data !== undefined &&
      new TextEncoder().encode(button.callback_data).length > CALLBACK_DATA_LIMIT
    )
      return "BUTTON_DATA_INVALID";
  return undefined;
}
