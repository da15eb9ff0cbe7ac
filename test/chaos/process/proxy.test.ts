// The real process behind an outbound proxy (README "Configuration", src/net/outbound.ts). With HTTP_PROXY in
// front of the fake Bot API, every call and the roster file's download travel through the proxy's tunnels; with
// HTTPS_PROXY and the default address, the bot asks the proxy for api.telegram.org:443 and, refused there, says
// the proxy's answer. NO_PROXY sends a host around the proxy. The proxy's password never reaches the log.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotProcess, freshCheckout, sleep } from "../../support/bot-process";
import { Typist } from "../../support/chaos";
import { FakeTelegram } from "../../support/fake-telegram";
import { type OutboundProxy, startProxy } from "../../support/proxy";

const TOKEN = "86420:PROXY-token_never-printed";
const ADMIN = 9301;
const ROSTER = "姓名,身份,单位,单位类型,手机\n张明,常委,民建县委会,民主党派,13800000001\n";

async function until(what: string, bot: BotProcess, probe: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (probe()) return;
    await sleep(100);
  }
  throw new Error(`${what} did not happen in time:\n${bot.tail()}`);
}

describe("an outbound proxy (real process)", () => {
  const dir = freshCheckout("minyi-proxy-");
  const telegram = new FakeTelegram();
  let api: Awaited<ReturnType<FakeTelegram["listen"]>>;
  let proxy: OutboundProxy;

  beforeAll(async () => {
    api = await telegram.listen();
    proxy = await startProxy();
  });
  afterAll(async () => {
    await proxy?.close();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("every Bot API call and the file download go through HTTP_PROXY", async () => {
    const withPassword = proxy.url.replace("http://", "http://office:proxy-pass-never-printed@");
    const bot = new BotProcess({
      dir,
      databaseUrl: `file:${join(dir, "data", "via-proxy.db")}`,
      apiRoot: api.url,
      token: TOKEN,
      env: { HTTP_PROXY: withPassword, NO_PROXY: "", no_proxy: "", ADMIN_TELEGRAM_IDS: String(ADMIN) },
    });
    try {
      await bot.start();
      const admin = new Typist(ADMIN, "管理员");
      const fileId = telegram.addFile(new TextEncoder().encode(ROSTER), "roster.csv");
      telegram.pushUpdate(
        admin.message({
          document: {
            file_id: fileId,
            file_unique_id: fileId,
            file_name: "roster.csv",
            file_size: ROSTER.length,
          },
        }),
      );
      await until("the roster answer", bot, () => telegram.textsTo(ADMIN).length > 0);
      // An upload too: the roster template is an .xlsx sent with sendDocument.
      telegram.pushUpdate(admin.text("/template"));
      await until("the template", bot, () => telegram.callsOf("sendDocument").length > 0);
      const host = new URL(api.url).host;
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([host]));
      const through = proxy.requests.join("\n");
      for (const method of ["getMe", "getUpdates", "getFile", "sendMessage", "sendDocument"])
        expect(through).toContain(`/bot${TOKEN}/${method}`);
      expect(through).toContain(`GET /file/bot${TOKEN}/`);
      // Nothing reached the fake Bot API around the proxy.
      const apiCalls = proxy.requests.filter((r) => r.includes(`/bot${TOKEN}/`));
      expect(apiCalls.length).toBeGreaterThanOrEqual(telegram.calls.length);
      expect(bot.logs).toContain('"message":"outbound proxy"');
      expect(bot.logs).not.toContain("proxy-pass-never-printed");
      expect(bot.logs).not.toContain(TOKEN.split(":")[1]!);
    } finally {
      await bot.stop();
    }
  }, 120_000);

  it("HTTPS_PROXY for api.telegram.org: the proxy is asked, and its refusal is said", async () => {
    proxy.tunnels.length = 0;
    proxy.refuse = true;
    const bot = new BotProcess({
      dir,
      databaseUrl: `file:${join(dir, "data", "refused.db")}`,
      apiRoot: "",
      token: TOKEN,
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: "", no_proxy: "" },
    });
    try {
      await bot.start(60_000, (status) => status === 503);
      await until("a failure line", bot, () => bot.logs.includes("cannot reach the Telegram Bot API"));
      expect(proxy.tunnels).toContain("api.telegram.org:443");
      const line = bot.logs.split("\n").find((l) => l.includes("cannot reach the Telegram Bot API")) ?? "";
      expect(line).toContain('"address":"https://api.telegram.org"');
      expect(line).toMatch(/403/);
    } finally {
      proxy.refuse = false;
      await bot.stop();
    }
  }, 120_000);

  it("NO_PROXY: a listed host is reached directly", async () => {
    proxy.tunnels.length = 0;
    const bot = new BotProcess({
      dir,
      databaseUrl: `file:${join(dir, "data", "direct.db")}`,
      apiRoot: api.url,
      token: TOKEN,
      env: { HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1", no_proxy: "" },
    });
    try {
      await bot.start();
      expect(proxy.tunnels).toEqual([]);
    } finally {
      await bot.stop();
    }
  }, 120_000);
});
