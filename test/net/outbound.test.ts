// The Node fetch for the Bot API (src/net/outbound.ts) against a real HTTP server on loopback: JSON calls go
// through undici's request(), everything else through fetch, and both answer grammY alike.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AbortController as PolyfillAbortController } from "abort-controller";
import { Api, GrammyError, HttpError } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outboundFetch } from "../../src/net/outbound";

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

let server: Server;
let root: string;
const seen: Seen[] = [];
let answer: (req: IncomingMessage) => {
  status: number;
  type: string;
  body: string | Buffer;
  delayMs?: number;
};

beforeEach(async () => {
  seen.length = 0;
  answer = () => ({
    status: 200,
    type: "application/json",
    body: JSON.stringify({ ok: true, result: { message_id: 7, date: 0, chat: { id: 1, type: "private" } } }),
  });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        contentType: req.headers["content-type"],
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const { status, type, body, delayMs } = answer(req);
      setTimeout(() => {
        res.writeHead(status, { "content-type": type });
        res.end(body);
      }, delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("the Bot API's fetch on Node", () => {
  it("carries grammY's JSON calls and their answers, Chinese included", async () => {
    const api = new Api("123:abc", { apiRoot: root, fetch: outboundFetch({}).fetch });
    const sent = await api.sendMessage(1, "关于加强农村饮水安全管理的建议", { parse_mode: "HTML" });
    expect(sent.message_id).toBe(7);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/bot123:abc/sendMessage" });
    expect(seen[0]!.contentType).toContain("application/json");
    expect(JSON.parse(seen[0]!.body)).toEqual({
      chat_id: 1,
      text: "关于加强农村饮水安全管理的建议",
      parse_mode: "HTML",
    });
  });

  it("gives grammY the Bot API's refusal as a GrammyError", async () => {
    answer = () => ({
      status: 400,
      type: "application/json",
      body: JSON.stringify({ ok: false, error_code: 400, description: "Bad Request: chat not found" }),
    });
    const api = new Api("123:abc", { apiRoot: root, fetch: outboundFetch({}).fetch });
    const error = await api.sendMessage(1, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).description).toBe("Bad Request: chat not found");
  });

  it("says who answered when a gateway answers instead of the Bot API", async () => {
    answer = () => ({ status: 502, type: "text/html", body: "<html>Bad Gateway</html>" });
    const api = new Api("123:abc", { apiRoot: root, fetch: outboundFetch({}).fetch });
    const error = await api.sendMessage(1, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(String((error as HttpError).error)).toMatch(/HTTP 502 .*not a Bot API answer/);
  });

  it("is cut off by grammY's timeout (a polyfilled signal)", async () => {
    answer = () => ({
      status: 200,
      type: "application/json",
      body: '{"ok":true,"result":true}',
      delayMs: 3_000,
    });
    const { fetch } = outboundFetch({});
    const controller = new PolyfillAbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(
      fetch(`${root}/bot1/getMe`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
        signal: controller.signal as unknown as AbortSignal,
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("downloads a file through fetch, as a stream", async () => {
    answer = () => ({ status: 200, type: "application/octet-stream", body: Buffer.from([1, 2, 3, 250]) });
    const response = await outboundFetch({}).fetch(`${root}/file/bot1/documents/a.xlsx`);
    expect(response.ok).toBe(true);
    expect(response.body).not.toBeNull();
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 3, 250]);
    expect(seen[0]).toMatchObject({ method: "GET", url: "/file/bot1/documents/a.xlsx" });
  });
});
