// Secrets: the bot token and the webhook secret never appear in a log line, an HTTP answer or a message to
// anyone, however things fail: Bot API errors of every kind (including a server that echoes the request URL
// with the token in it), handler and database errors, wrong secrets, redelivered updates. /healthz says "ok"
// or "unavailable" and nothing else: no versions, paths, URLs or error text.
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger";
import { Typist } from "../support/chaos";
import { faultyMemoryDatabase } from "../support/faulty-db";
import { FakeTelegram } from "../support/fake-telegram";
import { Harness, TEST_SECRET, TEST_TOKEN } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

const URL_ENCODED_TOKEN = encodeURIComponent(TEST_TOKEN);

function capturingLogger() {
  const lines: string[] = [];
  const log = createLogger("debug", [TEST_TOKEN, TEST_SECRET], (line) => lines.push(line));
  return { lines, log };
}

function expectNoSecrets(text: string) {
  expect(text).not.toContain(TEST_TOKEN);
  expect(text).not.toContain(URL_ENCODED_TOKEN);
  expect(text).not.toContain(TEST_SECRET);
  // Neither half of the token on its own: the part after the colon is the secret part.
  expect(text).not.toContain(TEST_TOKEN.split(":")[1]!);
}

describe("secrets never leak", () => {
  it("the logger redacts them wherever they are: message, fields, nested objects, errors and their stacks", () => {
    const { lines, log } = capturingLogger();
    const error = new Error(`request to https://api.telegram.org/bot${TEST_TOKEN}/getMe failed`);
    log.error(`token ${TEST_TOKEN} secret ${TEST_SECRET}`, {
      error,
      nested: { deeper: [TEST_TOKEN, { secret: TEST_SECRET }] },
      url: `https://api.telegram.org/bot${URL_ENCODED_TOKEN}/getMe`,
      cause: new Error("outer", { cause: new Error(`inner ${TEST_SECRET}`) }),
    });
    expect(lines).toHaveLength(1);
    expectNoSecrets(lines.join("\n"));
    expect(lines[0]).toContain("[redacted]");
  });

  it("through Bot API errors, handler errors, database errors and wrong secrets", async () => {
    const { lines, log } = capturingLogger();
    const { db, faults } = await faultyMemoryDatabase();
    const telegram = new FakeTelegram();
    const h = await Harness.create({ db, telegram, log });
    const { member, staff } = await seedBasicRoster(h);
    const bodies: string[] = [];
    const post = async (update: Parameters<Harness["post"]>[0], secret?: string) => {
      const response = await h.post(update, secret);
      bodies.push(`${response.status} ${await response.text()} ${JSON.stringify([...response.headers])}`);
      return response;
    };

    // The Bot API refusing in every way Telegram does, and a proxy that echoes the URL (token included).
    const failures = [
      { ok: false as const, error_code: 400, description: "Bad Request: chat not found" },
      { ok: false as const, error_code: 401, description: "Unauthorized" },
      { ok: false as const, error_code: 403, description: "Forbidden: bot was blocked by the user" },
      { ok: false as const, error_code: 404, description: `Not Found: /bot${TEST_TOKEN}/sendMessage` },
      { ok: false as const, error_code: 404, description: `Not Found: /bot${URL_ENCODED_TOKEN}/sendMessage` },
    ];
    for (const failure of failures) {
      telegram.hooks.length = 0;
      telegram.hooks.push((call) => (call.method === "sendMessage" ? failure : undefined));
      await post({
        message: member.message({ text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] }),
      });
    }
    telegram.hooks.length = 0;

    // Database errors inside a handler, with the secret in the failing statement's text.
    faults.arm({ sql: /user_prefs/, times: 3 });
    await post({ message: staff.message({ text: `/settings set name ${TEST_SECRET}` }) });
    await post({ message: new Typist(102, "李华").text("/new").message! });
    faults.clear();

    // Wrong and missing webhook secrets, and a secret that is almost right.
    await post({ message: member.message({ text: "hi" }) }, "wrong-secret-wrong-secret");
    await post({ message: member.message({ text: "hi" }) }, "");
    await post({ message: member.message({ text: "hi" }) }, `${TEST_SECRET}x`);

    expect(lines.length).toBeGreaterThan(5);
    expect(lines.some((l) => l.includes("[redacted]"))).toBe(true);
    expectNoSecrets(lines.join("\n"));
    expectNoSecrets(bodies.join("\n"));
    // Nothing the bot sent to anyone contains them either.
    expectNoSecrets(JSON.stringify(telegram.calls.map((c) => c.payload)));
  });

  it("/healthz says ok or unavailable, and nothing else", async () => {
    const { lines, log } = capturingLogger();
    const { db, faults } = await faultyMemoryDatabase();
    const h = await Harness.create({ db, log });
    const ok = await h.app.request("/healthz");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok" });
    const headers = [...ok.headers].map(([k, v]) => `${k}: ${v}`);
    expect(headers.join("\n")).not.toMatch(/server|powered|version|node|hono/i);

    faults.arm({ times: 1 });
    const down = await h.app.request("/healthz");
    expect(down.status).toBe(503);
    const body = await down.text();
    expect(JSON.parse(body)).toEqual({ status: "unavailable" });
    for (const leak of ["SQLITE", "injected", "select", "file:", "/work", process.version, "0.1.0"])
      expect(body).not.toContain(leak);
    expectNoSecrets(lines.join("\n"));

    // Other paths answer a plain 404; an error never shows its message or stack.
    const other = await h.app.request("/.env");
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ status: "not found" });
  });
});
