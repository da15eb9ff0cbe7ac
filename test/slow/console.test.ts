// The web console in a real browser: headless Chromium (Debian's chromium, driven by playwright-core) against
// the server `npm start` runs, in webhook mode with a fake Bot API on loopback and an embedded database file.
// Sign-in by /web's link and by a signed Mini App initData, a forged or stale initData refused, a member refused
// the leaders' pages, a leader's dashboard matching /stats, and screenshots of each role's main page.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { Message, Update } from "grammy/types";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database";
import { migrateToLatest } from "../../src/db/migrations";
import { importRoster } from "../../src/db/roster";
import { parseRosterFile } from "../../src/roster/parse";
import { signInitData } from "../../src/web/init-data";
import { BotProcess, freshCheckout } from "../support/bot-process";
import { FakeTelegram } from "../support/fake-telegram";
import { freePort } from "../support/processes";
import { reportRow } from "../support/report-rows";
import { STATS_ROSTER, seedStatsReports } from "../support/stats-fixture";

const CHROMIUM = "/usr/bin/chromium";
const TOKEN = "123456:BROWSER-test-token";
const SECRET = "browser-test-webhook-secret";
const ROOT = new URL("../..", import.meta.url).pathname;
const SCREENSHOTS = join(ROOT, "docs/console");
const PEOPLE = {
  member: { id: 102, name: "李华" },
  staff: { id: 200, name: "陈静" },
  leader: { id: 400, name: "孙伟" },
};

const WAITING_TITLE = "关于在网页审核中录用的建议";

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.MINYI_REQUIRE_CHROMIUM === "1")
  throw new Error(
    `MINYI_REQUIRE_CHROMIUM=1 but ${CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)`,
  );

describe.runIf(haveChromium)("web console in headless Chromium against npm start", () => {
  const telegram = new FakeTelegram();
  let fake: Awaited<ReturnType<FakeTelegram["listen"]>>;
  let bot: BotProcess;
  let browser: Browser;
  let dir: string;
  let base: string;
  let updateId = 1;
  let waitingReport = 0;

  beforeAll(async () => {
    dir = freshCheckout("minyi-console-");
    const databaseUrl = `file:${join(dir, "minyi.db")}`;
    // The committee's first half of 2026 (test/support/stats-fixture.ts), with three people bound to Telegram.
    const client = createClient({ url: databaseUrl });
    const db = openDatabase(client);
    await migrateToLatest(db);
    const parsed = await parseRosterFile(new TextEncoder().encode(STATS_ROSTER), "roster.csv");
    if (!parsed.ok) throw new Error("bad roster");
    await importRoster(db, parsed.rows, new Date());
    for (const person of Object.values(PEOPLE))
      await db
        .updateTable("people")
        .set({ telegram_id: person.id, bound_at: new Date().toISOString() })
        .where("name", "=", person.name)
        .execute();
    const world = await seedStatsReports(db);
    waitingReport = await reportRow(db, [world.ids.李华!], world.units.民建县委会!, {
      title: WAITING_TITLE,
      submittedAt: new Date().toISOString(),
    });
    client.close();

    fake = await telegram.listen();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    bot = new BotProcess({
      dir,
      databaseUrl,
      apiRoot: fake.url,
      token: TOKEN,
      webhookSecret: SECRET,
      env: { PUBLIC_URL: base },
    });
    bot.port = port;
    await bot.start(120_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const send = async (from: number, text: string) => {
    const command = /^\/\w+/.exec(text);
    const message = {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from, type: "private", first_name: `U${from}` },
      from: { id: from, is_bot: false, first_name: `U${from}`, language_code: "zh-hans" },
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    } as Message;
    const update = { update_id: updateId++, message } as Update;
    expect(await bot.deliver(update)).toBeGreaterThan(0);
    return telegram.textsTo(from).at(-1) ?? "";
  };

  const newPage = async (width = 390): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width, height: 844 }, locale: "zh-CN" });
    return { context, page: await context.newPage() };
  };

  /** /web in chat, then the link in the browser and its button. */
  const signInByLink = async (telegramId: number, width = 390) => {
    const reply = await send(telegramId, "/web");
    const link = /(http:\/\/127\.0\.0\.1:\d+\/web\/sign-in\?t=[\w%-]+)/.exec(reply)?.[1];
    expect(link, reply).toBeDefined();
    const { context, page } = await newPage(width);
    await page.goto(link!);
    await page.click("#sign-in");
    await page.waitForLoadState("load");
    if (page.url() !== `${base}/web`) throw new Error(`${page.url()}: ${await page.content()}`);
    return { context, page };
  };

  const noHorizontalScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it("signs a leader in by link; the dashboard shows /stats's figures, charts with values on hover, a unit on click", async () => {
    const chat = await send(PEOPLE.leader.id, "/stats 2026Q2");
    const { context, page } = await signInByLink(PEOPLE.leader.id);
    expect(await page.textContent("main")).toContain(PEOPLE.leader.name);
    await page.goto(`${base}/web/dashboard?period=2026Q2`);
    await page.waitForSelector("#dashboard[data-ready]");
    const value = (id: string) => page.textContent(`#figure-${id} .value`);
    expect(chat).toContain(
      `报送信息：${await value("submitted")}篇（${await page.textContent("#figure-submitted .delta")}）`,
    );
    expect(chat).toContain(`采用：${await value("adopted")}篇`);
    expect(chat).toContain(`积分：${await value("points")}分`);
    expect(chat).toContain(`采用率：${await value("rate")}`);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "leader-dashboard.png"), fullPage: true });

    // Hovering a unit's bar shows its values; clicking it opens the unit.
    const chart = page.locator("#chart-units");
    await chart.scrollIntoViewIfNeeded();
    const point = await page.evaluate(() => {
      const element = document.getElementById("chart-units")!;
      // biome-ignore lint/suspicious/noExplicitAny: ECharts is a page global
      const instance = (window as any).echarts.getInstanceByDom(element);
      const option = instance.getOption();
      const names: string[] = option.yAxis[0].data;
      const index = names.indexOf("经济界");
      const [x, y] = instance.convertToPixel({ seriesIndex: 0 }, [option.series[0].data[index] / 2, index]);
      const box = element.getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    });
    await page.mouse.move(point.x, point.y);
    // The tooltip is drawn inside the chart's element.
    await expect.poll(() => page.textContent("#chart-units")).toContain("经济界");
    expect(await page.textContent("#chart-units")).toMatch(/积分: 57.*报送: 4.*采用: 2/);
    await page.mouse.click(point.x, point.y);
    await page.waitForURL(/\/web\/dashboard\/units\/\d+\?period=2026Q2/);
    expect(await page.textContent("main")).toContain("王芳");
    await context.close();
  });

  it("signs staff in as a Mini App with Telegram's theme; forged and stale initData are refused", async () => {
    const sign = (id: number, authDate: number, token = TOKEN) =>
      signInitData(
        {
          query_id: `AAE${authDate}${id}`,
          user: JSON.stringify({ id, first_name: "x", language_code: "zh-hans" }),
          auth_date: String(authDate),
        },
        token,
      );
    const now = Math.floor(Date.now() / 1000);
    const theme = JSON.stringify({ bg_color: "#17212b", text_color: "#f5f5f5", button_color: "#5288c1" });
    const open = async (initData: string) => {
      const { context, page } = await newPage();
      const hash = new URLSearchParams({
        tgWebAppData: initData,
        tgWebAppVersion: "8.0",
        tgWebAppThemeParams: theme,
      });
      await page.goto(`${base}/web/app#${hash.toString()}`);
      return { context, page };
    };

    for (const initData of [
      await sign(PEOPLE.staff.id, now, "999:other-bot"),
      await sign(PEOPLE.staff.id, now - 3600),
    ]) {
      const { context, page } = await open(initData);
      await page.waitForSelector("#mini-app[role=alert]");
      expect(page.url()).toContain("/web/app");
      expect((await context.cookies()).filter((c) => c.name === "minyi_session")).toHaveLength(0);
      await context.close();
    }

    const { context, page } = await open(await sign(PEOPLE.staff.id, now));
    await page.waitForURL(`${base}/web`);
    expect(await page.textContent("main")).toContain(PEOPLE.staff.name);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe("rgb(23, 33, 43)");
    await page.screenshot({ path: join(SCREENSHOTS, "staff-home-mini-app.png"), fullPage: true });
    await context.close();
  });

  it("staff accept a report in the browser; its author hears of it in chat", async () => {
    const { context, page } = await signInByLink(PEOPLE.staff.id);
    await page.goto(`${base}/web/queue`);
    await page.screenshot({ path: join(SCREENSHOTS, "staff-queue.png"), fullPage: true });
    await page.click(`a[href="/web/reports/${waitingReport}"]`);
    await page.waitForURL(`${base}/web/reports/${waitingReport}`);
    await page.selectOption("#decide-accept select[name=publish]", "single");
    await page.click("#decide-accept button[type=submit]");
    await page.waitForSelector("#done");
    expect(await page.textContent("#status")).toBe("已录用");
    await expect
      .poll(() => telegram.textsTo(PEOPLE.member.id).join("\n"), { timeout: 20_000 })
      .toContain(WAITING_TITLE);
    expect(await noHorizontalScroll(page)).toBe(true);
    await context.close();
  });

  it("refuses a member the leaders' pages, and fits a 360 px screen", async () => {
    const { context, page } = await signInByLink(PEOPLE.member.id, 360);
    expect(await page.textContent("main")).toContain(PEOPLE.member.name);
    expect(await page.locator('nav a[href="/web/dashboard"]').count()).toBe(0);
    const refused = await page.goto(`${base}/web/dashboard`);
    expect(refused?.status()).toBe(403);
    await page.goto(`${base}/web`);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "member-home.png"), fullPage: true });
    await context.close();
  });

  it("a member's draft goes from chat to the web and back; typing saves itself, even when the tab is closed", async () => {
    // Signed in first: while a report is being written, the chat takes no other command (the Mini App button works).
    const { context, page } = await signInByLink(PEOPLE.member.id);
    await send(PEOPLE.member.id, "/new");
    await send(PEOPLE.member.id, "关于在浏览器中续写草稿的建议");
    await page.goto(`${base}/web/mine`);
    await page.click("#drafts a");
    await page.waitForSelector("#draft-form");
    expect(await page.inputValue("#title")).toBe("关于在浏览器中续写草稿的建议");
    const situation = "在浏览器里写的情况，很长的一段。".repeat(20);
    await page.fill("#situation", situation);
    expect(await page.textContent("#body-length")).toBe(String(Array.from(situation).length));
    await page.screenshot({ path: join(SCREENSHOTS, "member-draft.png"), fullPage: true });
    // Closed right after typing: the page saves on its way out.
    await page.close({ runBeforeUnload: true });
    await context.close();
    const client = createClient({ url: `file:${join(dir, "minyi.db")}` });
    try {
      await expect
        .poll(
          async () =>
            (
              await client.execute(
                "select situation from drafts where title = '关于在浏览器中续写草稿的建议'",
              )
            ).rows[0]?.situation,
          { timeout: 15_000 },
        )
        .toBe(situation);
    } finally {
      client.close();
    }
    // Back in chat, the flow takes the category and then asks past the situation written on the web.
    const category = telegram.calls
      .filter((c) => Number(c.payload.chat_id) === PEOPLE.member.id && c.payload.reply_markup)
      .map(
        (c) =>
          (c.payload.reply_markup as { inline_keyboard: { callback_data?: string }[][] }).inline_keyboard,
      )
      .at(-1)![0]![0]!.callback_data!;
    const update = {
      update_id: updateId++,
      callback_query: {
        id: `cb${updateId}`,
        from: { id: PEOPLE.member.id, is_bot: false, first_name: "U" },
        chat_instance: "ci",
        data: category,
        message: { message_id: 1, date: 0, chat: { id: PEOPLE.member.id, type: "private", first_name: "U" } },
      },
    } as unknown as Update;
    await bot.deliver(update);
    expect(telegram.textsTo(PEOPLE.member.id).at(-1)).toContain("第4步");
  });
});
