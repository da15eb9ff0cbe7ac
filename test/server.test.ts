import { describe, expect, it } from "vitest";
import { createBot } from "../src/bot/index";
import { openEmbeddedDatabase } from "../src/db/embedded";
import { silentLogger } from "../src/logger";
import { readLocales } from "../src/node-runtime";
import { createApp } from "../src/server";
import { BOT_INFO, FakeTelegram } from "./support/fake-telegram";
import { Harness, TEST_SECRET, TEST_TOKEN } from "./support/harness";
import { seedBasicRoster } from "./support/roster";

describe("webhook", () => {
  it("answers 401 to a missing or wrong secret and processes nothing", async () => {
    const h = await Harness.create();
    await h.importRosterCsv("姓名,身份,单位\n张明,常委,民建县委会\n");
    const code = await h.inviteCodeOf("张明");
    const user = h.user(101);
    for (const secret of ["", "wrong-secret-wrong-secret"]) {
      const response = await h.post(
        {
          message: user.message({
            text: `/start ${code}`,
            entities: [{ type: "bot_command", offset: 0, length: 6 }],
          }),
        },
        secret,
      );
      expect(response.status).toBe(401);
    }
    expect(h.telegram.calls).toHaveLength(0);
    const row = await h.db.selectFrom("people").select("telegram_id").executeTakeFirstOrThrow();
    expect(row.telegram_id).toBeNull();
    expect(await h.db.selectFrom("processed_updates").selectAll().execute()).toHaveLength(0);
  });

  it("reports health, and 503 when the database is unreachable", async () => {
    const h = await Harness.create();
    const ok = await h.app.request("/healthz");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok" });

    const embedded = openEmbeddedDatabase(":memory:");
    const { db } = embedded;
    const telegram = new FakeTelegram();
    const { bot } = createBot({
      token: TEST_TOKEN,
      deps: { db, log: silentLogger, adminIds: [], now: () => new Date() },
      locales: readLocales(),
      botInfo: BOT_INFO,
      fetch: telegram.fetch,
    });
    const app = createApp({ bot, db, log: silentLogger, webhookSecret: TEST_SECRET });
    embedded.statements.close();
    const down = await app.request("/healthz");
    expect(down.status).toBe(503);
    const body = await down.text();
    expect(body).not.toContain(TEST_TOKEN);
    expect(body).not.toContain(TEST_SECRET);
  });
});

// Update claims held in the database (Workers, several isolates) or in the process (the Node entry).
describe.each(["database", "process"] as const)("de-duplication with claims held in the %s", (claims) => {
  it("handles the same update delivered twice once", async () => {
    const h = await Harness.create({ claims });
    await h.importRosterCsv("姓名,身份,单位\n张明,常委,民建县委会\n");
    const user = h.user(101);
    const update = {
      update_id: 424242,
      message: user.message({ text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] }),
    };
    expect((await h.post(update)).status).toBe(200);
    expect((await h.post(update)).status).toBe(200);
    expect(h.telegram.callsOf("sendMessage")).toHaveLength(1);
  });

  it("handles concurrent duplicate deliveries once", async () => {
    const h = await Harness.create({ claims });
    const user = h.user(555);
    const update = { update_id: 515151, message: user.message({ text: "hello" }) };
    const responses = await Promise.all([h.post(update), h.post(update), h.post(update)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(h.telegram.callsOf("sendMessage")).toHaveLength(1);
  });

  it("answers non-2xx when the database fails, and the redelivery succeeds", async () => {
    const h = await Harness.create({ claims });
    const { member } = await seedBasicRoster(h);
    h.telegram.reset();
    const update = {
      update_id: 616161,
      message: member.message({ text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] }),
    };
    let failNext = true;
    h.telegram.hooks.push((call) => {
      if (call.method === "sendMessage" && failNext) {
        failNext = false;
        return { ok: false, error_code: 400, description: "Bad Request: injected" };
      }
      return undefined;
    });
    const first = await h.post(update);
    expect(first.status).toBeGreaterThanOrEqual(500);
    const second = await h.post(update);
    expect(second.status).toBe(200);
    expect(member.lastText()).toContain("您可以");
  });

  it("a delivery of an update still being handled is not acknowledged; the redelivery is handled once", async () => {
    const h = await Harness.create({ claims });
    const user = h.user(556);
    const update = { update_id: 525252, message: user.message({ text: "hello" }) };
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handle = h.telegram.handle.bind(h.telegram);
    h.telegram.handle = async (call) => {
      if (call.method === "sendMessage") await held;
      return handle(call);
    };
    // Different chats are not serialized: a copy arriving under another chat's key finds the claim held.
    const first = h.post(update);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const copy = await h.post({
      ...update,
      message: { ...update.message, chat: { id: 1, type: "private", first_name: "copy" } },
    });
    expect(copy.status).toBeGreaterThanOrEqual(500);
    release();
    expect((await first).status).toBe(200);
    expect((await h.post(update)).status).toBe(200);
    expect(h.telegram.callsOf("sendMessage")).toHaveLength(1);
    const rows = await h.db.selectFrom("processed_updates").select(["update_id", "status"]).execute();
    expect(rows).toEqual([{ update_id: 525252, status: "done" }]);
  });
});
