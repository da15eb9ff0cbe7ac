// The Worker for real: `wrangler dev --local` runs src/worker.ts in workerd against a real libSQL server (sqld,
// over HTTP as Turso would be) and the fake Bot API on loopback. Checks binding through the webhook, the
// secret, roster files (exceljs and GB18030 CSV inside workerd), a Cron Trigger running a real job, and a
// failing update.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Client, createClient } from "@libsql/client";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram";
import { freePort, type Started, startGroup, waitForHttp } from "../support/processes";
import { findOrInstallSqld, type Sqld, startSqld } from "../support/sqld";
import { rosterXlsx } from "../support/xlsx";

const TOKEN = "123456:TEST-token_for-minyi";
const SECRET = "worker-webhook-secret-0123456789";
const INVITE_CODE = "abcdefghjkmn";
const MEMBER_ID = 101;
const STAFF_ID = 900;
const ROOT = new URL("../..", import.meta.url).pathname;

const sqldBinary = await findOrInstallSqld();
if (!sqldBinary.ok && process.env.MINYI_REQUIRE_SQLD === "1")
  throw new Error(`sqld is required (MINYI_REQUIRE_SQLD=1) but unavailable: ${sqldBinary.reason}`);
if (!sqldBinary.ok)
  console.warn(`SKIPPING the Worker slow test: the sqld binary could not be installed: ${sqldBinary.reason}`);

describe.runIf(sqldBinary.ok)("Cloudflare Worker under wrangler dev, with sqld and a fake Bot API", () => {
  const telegram = new FakeTelegram();
  let fake: Awaited<ReturnType<FakeTelegram["listen"]>> | undefined;
  let sqld: Sqld | undefined;
  let wrangler: Started | undefined;
  let db: Client;
  let base = "";
  let logDir = "";
  let nextUpdateId = 1;

  beforeAll(async () => {
    if (!sqldBinary.ok) return;
    sqld = await startSqld(sqldBinary.path);

    // The normal deployment path: migrate with the CLI first; the Worker then finds nothing to apply.
    const migrated = await promisify(execFile)("npm", ["run", "-s", "migrate"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: sqld.url, DATABASE_AUTH_TOKEN: "" },
      timeout: 60_000,
    });
    expect(migrated.stdout).toContain("0001_foundation");

    db = createClient({ url: sqld.url });
    const now = new Date().toISOString();
    await db.execute({
      sql: "insert into units (name, type, created_at) values ('民建县委会', 'party', ?)",
      args: [now],
    });
    await db.execute({
      sql: `insert into people (name, role, unit_id, invite_code, created_at, updated_at)
            values ('张明', 'standing', 1, ?, ?, ?)`,
      args: [INVITE_CODE, now, now],
    });
    await db.execute({
      sql: `insert into people (name, role, unit_id, telegram_id, bound_at, created_at, updated_at)
            values ('陈静', 'staff', 1, ?, ?, ?, ?)`,
      args: [STAFF_ID, now, now, now],
    });

    fake = await telegram.listen();
    logDir = mkdtempSync(join(tmpdir(), "minyi-wrangler-"));
    const worker = await startWorker(logDir, {
      BOT_TOKEN: TOKEN,
      WEBHOOK_SECRET: SECRET,
      DATABASE_URL: sqld.url,
      TELEGRAM_API_ROOT: fake.url,
      LOG_LEVEL: "info",
    });
    wrangler = worker.process;
    base = worker.base;
    // The first request starts the isolate: config, database, getMe; /healthz answers 200 only after that.
    await waitForHttp(`${base}/healthz`, wrangler, 120_000);
  });

  afterAll(async () => {
    db?.close();
    await wrangler?.stop();
    await sqld?.stop();
    await fake?.close();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  const post = (update: Omit<Update, "update_id">, secret: string | null = SECRET) =>
    fetch(`${base}/telegram/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }),
      },
      body: JSON.stringify({ update_id: nextUpdateId++, ...update }),
    });

  const privateMessage = (from: number, extra: Record<string, unknown>) =>
    ({
      message: {
        message_id: nextUpdateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from, type: "private", first_name: `User${from}` },
        from: {
          id: from,
          is_bot: false,
          first_name: `User${from}`,
          username: `user${from}`,
          language_code: "zh",
        },
        ...extra,
      },
    }) as Omit<Update, "update_id">;

  const sendDocument = (from: number, name: string, bytes: Uint8Array) => {
    const fileId = telegram.addFile(bytes, name);
    return post(
      privateMessage(from, {
        document: { file_id: fileId, file_unique_id: fileId, file_name: name, file_size: bytes.length },
      }),
    );
  };

  it("starts with the migrated database and asks getMe once", async () => {
    expect(telegram.callsOf("getMe")).toHaveLength(1);
    expect(wrangler?.output()).not.toContain("migrations applied");
  });

  it("binds an invite code through the webhook and answers in Chinese", async () => {
    const text = `/start ${INVITE_CODE}`;
    const response = await post(
      privateMessage(MEMBER_ID, { text, entities: [{ type: "bot_command", offset: 0, length: 6 }] }),
    );
    expect(response.status).toBe(200);
    const row = await db.execute({
      sql: "select telegram_id, telegram_username, bound_at from people where invite_code = ?",
      args: [INVITE_CODE],
    });
    expect(row.rows[0]?.telegram_id).toBe(MEMBER_ID);
    expect(row.rows[0]?.telegram_username).toBe(`user${MEMBER_ID}`);
    expect(row.rows[0]?.bound_at).toBeTruthy();
    const replies = telegram.callsOf("sendMessage").filter((c) => Number(c.payload.chat_id) === MEMBER_ID);
    expect(replies.map((c) => c.payload.text).join("\n")).toContain("绑定成功");
  });

  it("refuses a wrong or missing secret with 401 and handles nothing", async () => {
    const before = telegram.calls.length;
    const update = privateMessage(MEMBER_ID, {
      text: "/help",
      entities: [{ type: "bot_command", offset: 0, length: 5 }],
    });
    expect((await post(update, "wrong-secret-0123456789")).status).toBe(401);
    expect((await post(update, null)).status).toBe(401);
    expect(telegram.calls.length).toBe(before);
  });

  it("imports an XLSX and a GB18030 CSV roster sent by staff (exceljs and TextDecoder in workerd)", async () => {
    const xlsx = await rosterXlsx([
      ["姓名", "身份", "单位", "单位类型", "手机"],
      ["王芳", "特邀信息员", "经济界", "界别", 13800000003],
      ["赵强", "委员", "经济界", "界别", ""],
    ]);
    expect((await sendDocument(STAFF_ID, "名单.xlsx", xlsx)).status).toBe(200);
    const gbk = new Uint8Array(readFileSync(join(ROOT, "test/fixtures/roster-gbk.csv")));
    expect((await sendDocument(STAFF_ID, "名单.csv", gbk)).status).toBe(200);

    const texts = telegram.textsTo(STAFF_ID);
    expect(texts.filter((t) => t.includes("名单导入成功"))).toHaveLength(2);
    const names = await db.execute("select name from people order by id");
    expect(names.rows.map((r) => r.name)).toEqual(["张明", "陈静", "王芳", "赵强", "钱进", "吴敏"]);
  });

  it("runs wrangler.toml's Cron Trigger: the settings' due job reaches the Bot API", async () => {
    const crons = /crons\s*=\s*\[([^\]]*)\]/.exec(readFileSync(join(ROOT, "wrangler.toml"), "utf8"))?.[1];
    const cron = /"([^"]+)"/.exec(crons ?? "")?.[1];
    expect(cron).toBe("*/15 * * * *");
    // As Cloudflare would fire it on 1 December, 09:00 in Shanghai, when memberReminders is due; the standing
    // member bound above owes 2 reports this year and has sent none, so December's reminder goes to them.
    const time = Date.parse("2026-12-01T01:00:00Z");
    // An update claim and an attempt count from long ago: each trigger prunes them (src/jobs/housekeeping.ts).
    await db.execute(
      "insert into processed_updates (update_id, status, claimed_at) values (-424242, 'done', '2020-01-01T00:00:00.000Z')",
    );
    await db.execute(
      "insert into update_attempts (update_id, attempts, failures, last_attempt_at) values (-424242, 1, 0, '2020-01-01T00:00:00.000Z')",
    );
    const fire = () =>
      fetch(`${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron ?? "")}&time=${time}`);
    const response = await fire();
    expect(response.status).toBe(200);
    await expect
      .poll(() => telegram.textsTo(MEMBER_ID).filter((t) => t.includes("报送提醒")))
      .toHaveLength(1);
    const reminder = telegram.textsTo(MEMBER_ID).find((t) => t.includes("报送提醒"));
    expect(reminder).toContain("2026年您的任务是2篇，已报送0篇，还差2篇，距截止还有31天。");
    await expect
      .poll(() => wrangler?.output() ?? "")
      .toMatch(/"message":"job run","job":"memberReminders","periodKey":"2026-12-01","queued":1,"sent":1/);
    const runs = await db.execute("select job, period_key, status from job_runs");
    expect(runs.rows.map((r) => [r.job, r.period_key, r.status])).toEqual([
      ["memberReminders", "2026-12-01", "done"],
    ]);

    const old = await db.execute(
      "select (select count(*) from processed_updates where update_id = -424242) + (select count(*) from update_attempts where update_id = -424242) as n",
    );
    expect(Number(old.rows[0]?.n)).toBe(0);

    // The trigger fires again (Cron Triggers are at least once): nothing is sent twice.
    expect((await fire()).status).toBe(200);
    expect(telegram.textsTo(MEMBER_ID).filter((t) => t.includes("报送提醒"))).toHaveLength(1);
  });

  it("serves the web console from the Worker: its script with the CSP, sign-in by /web's link", async () => {
    const script = await fetch(`${base}/web/static/console.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect((await fetch(`${base}/web`)).status).toBe(401);

    expect(
      (
        await post(
          privateMessage(STAFF_ID, {
            text: "/web",
            entities: [{ type: "bot_command", offset: 0, length: 4 }],
          }),
        )
      ).status,
    ).toBe(200);
    const sent = telegram.callsOf("sendMessage").map((c) => String(c.payload.text));
    const link = sent.map((text) => /\/web\/sign-in\?t=[\w%-]+/.exec(text)?.[0]).find(Boolean);
    expect(link, sent.join("\n")).toBeDefined();
    const token = new URL(`${base}${link}`).searchParams.get("t")!;
    const signIn = await fetch(`${base}/web/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: new URLSearchParams({ t: token }).toString(),
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
    const home = await fetch(`${base}/web`, { headers: { cookie } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("陈静");
  });

  it("answers non-2xx when an update cannot be handled, so Telegram delivers it again", async () => {
    await sqld?.stop();
    const response = await post(
      privateMessage(MEMBER_ID, { text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] }),
    );
    expect(response.status).toBeGreaterThanOrEqual(500);
  });
});

describe("Cloudflare Worker with a bad configuration", () => {
  let wrangler: Started | undefined;
  let logDir = "";
  afterAll(async () => {
    await wrangler?.stop();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  it("answers 503 and logs one clear line when WEBHOOK_SECRET is missing", async () => {
    logDir = mkdtempSync(join(tmpdir(), "minyi-wrangler-"));
    const worker = await startWorker(logDir, { BOT_TOKEN: TOKEN, DATABASE_URL: "http://127.0.0.1:9" });
    wrangler = worker.process;
    await waitForHttp(`${worker.base}/healthz`, wrangler, 120_000, (status) => status !== 200);
    const response = await fetch(`${worker.base}/telegram/webhook`, { method: "POST", body: "{}" });
    expect(response.status).toBe(503);
    await expect
      .poll(() => wrangler?.output() ?? "")
      .toContain("Configuration error: WEBHOOK_SECRET is missing");
    expect(wrangler.output()).not.toContain(TOKEN);
  });
});

/**
 * `wrangler dev --local` on free loopback ports, state and logs in `dir`. Every variable the Worker reads is
 * passed (empty unless given), so a developer's .dev.vars or .env cannot leak into the test.
 */
async function startWorker(
  dir: string,
  vars: Record<string, string>,
): Promise<{ base: string; process: Started }> {
  const all: Record<string, string> = {
    BOT_TOKEN: "",
    WEBHOOK_SECRET: "",
    DATABASE_URL: "",
    DATABASE_AUTH_TOKEN: "",
    TELEGRAM_API_ROOT: "",
    ADMIN_TELEGRAM_IDS: "",
    LOG_LEVEL: "",
    BOT_INFO: "",
    WEBHOOK_URL: "",
    PUBLIC_URL: "",
    ...vars,
  };
  // wrangler.toml without its [assets] table: wrangler dev 4.86 answers 500 to /cdn-cgi/handler/scheduled when
  // static assets are configured. The assets (ECharts) are static files; the Worker's code is what runs here.
  const config = join(ROOT, "wrangler.test.toml");
  writeFileSync(
    config,
    readFileSync(join(ROOT, "wrangler.toml"), "utf8").replace(/^\[assets\]\n[^\n]*\n/m, ""),
  );
  const port = await freePort();
  const started = startGroup(
    process.execPath,
    [
      join(ROOT, "node_modules/wrangler/bin/wrangler.js"),
      "dev",
      "--config",
      config,
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(await freePort()),
      "--test-scheduled",
      "--show-interactive-dev-session=false",
      "--persist-to",
      join(dir, "state"),
      ...Object.entries(all).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "false",
        WRANGLER_SEND_METRICS: "false",
        WRANGLER_LOG_PATH: dir,
        NO_COLOR: "1",
        FORCE_COLOR: "0",
      },
    },
  );
  return { base: `http://127.0.0.1:${port}`, process: started };
}

// Vitest fails a file without tests; when sqld is unavailable this one says why in the report.
if (!sqldBinary.ok) {
  const reason = sqldBinary.reason;
  describe("Cloudflare Worker under wrangler dev", () => {
    it.skip(`SKIPPED: the sqld binary could not be installed (${reason})`, () => {});
  });
}
