// Signing in to the web console: the one-time link of /web, Mini App initData, sessions, CSRF, roles, headers.
import { beforeEach, describe, expect, it } from "vitest";
import { signInitData } from "../../src/web/init-data";
import { type ChatUser, Harness, TEST_TOKEN } from "../support/harness";
import { seedBasicRoster } from "../support/roster";
import { Browser, ORIGIN, requestLink, signIn } from "./support";

describe("web console sign-in", () => {
  let h: Harness;
  let users: Awaited<ReturnType<typeof seedBasicRoster>>;
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);

  beforeEach(async () => {
    h = await Harness.create();
    users = await seedBasicRoster(h);
  });

  it("/web sends a one-time link without a preview, and a Mini App button on https", async () => {
    await users.member.send("/web");
    const call = h.telegram.calls.filter((c) => c.method === "sendMessage").at(-1)!;
    expect(call.payload.link_preview_options).toEqual({ is_disabled: true });
    const markup = call.payload.reply_markup as { inline_keyboard: { web_app?: { url: string } }[][] };
    expect(markup.inline_keyboard[0]?.[0]?.web_app?.url).toBe("https://console.test/web/app");
  });

  it("a stranger who is not on the roster gets no link", async () => {
    const stranger = h.user(999);
    await stranger.send("/web");
    expect(stranger.lastText()).toBe(t("error-not-bound"));
    expect(await h.db.selectFrom("web_sign_in_links").selectAll().execute()).toHaveLength(0);
  });

  it("signs in by link once: the cookie is HttpOnly, SameSite=Strict, Secure; the link cannot be used again", async () => {
    const browser = new Browser(h);
    const path = await requestLink(users.member);
    const token = new URL(`${ORIGIN}${path}`).searchParams.get("t")!;
    // Opening the link (as a link preview would) does not use it up.
    expect((await browser.get(path)).status).toBe(200);
    expect((await browser.get(path)).status).toBe(200);
    const answer = await browser.postForm("/web/sign-in", { t: token }, { csrf: false });
    expect(answer.status).toBe(303);
    const cookie = answer.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\/web/);
    const home = await browser.get("/web");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("李华");

    const other = new Browser(h);
    const again = await other.postForm("/web/sign-in", { t: token }, { csrf: false });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain(t("web-sign-in-link-invalid"));
    expect(other.cookie).toBe("");
  });

  it("a link expires after ten minutes", async () => {
    const browser = new Browser(h);
    const path = await requestLink(users.member);
    const token = new URL(`${ORIGIN}${path}`).searchParams.get("t")!;
    h.clock = new Date(h.clock.getTime() + 10 * 60_000 + 1000);
    expect((await browser.get(path)).status).toBe(400);
    expect((await browser.postForm("/web/sign-in", { t: token }, { csrf: false })).status).toBe(400);
    expect(browser.cookie).toBe("");
  });

  it("refuses a sign-in form posted from another site", async () => {
    const path = await requestLink(users.member);
    const token = new URL(`${ORIGIN}${path}`).searchParams.get("t")!;
    const browser = new Browser(h);
    const answer = await browser.request("/web/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: `t=${token}`,
    });
    expect(answer.status).toBe(403);
    expect(browser.cookie).toBe("");
  });

  it("signs out; the old cookie no longer works", async () => {
    const browser = await signIn(h, users.member);
    const cookie = browser.cookie;
    const out = await browser.postForm("/web/sign-out", {});
    expect(out.status).toBe(200);
    expect(await out.text()).toContain(t("web-signed-out"));
    const stale = new Browser(h);
    stale.cookie = cookie;
    expect((await stale.get("/web")).status).toBe(401);
  });

  it("a session ends after seven days", async () => {
    const browser = await signIn(h, users.member);
    h.clock = new Date(h.clock.getTime() + 7 * 24 * 60 * 60_000 + 1000);
    expect((await browser.get("/web")).status).toBe(401);
  });

  it("a deactivated person is signed out at once", async () => {
    const browser = await signIn(h, users.member);
    await h.db.updateTable("people").set({ active: 0 }).where("name", "=", "李华").execute();
    expect((await browser.get("/web")).status).toBe(401);
  });

  it("state-changing requests need the session's CSRF token and the console's origin", async () => {
    const browser = await signIn(h, users.member);
    expect((await browser.postForm("/web/sign-out", {}, { csrf: "forged" })).status).toBe(403);
    expect((await browser.postForm("/web/sign-out", {}, { csrf: false })).status).toBe(403);
    const crossSite = await browser.request("/web/sign-out", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: `_csrf=${await browser.csrf()}`,
    });
    expect(crossSite.status).toBe(403);
    // Still signed in after all three.
    expect((await browser.get("/web")).status).toBe(200);
  });

  it("every answer carries a Content-Security-Policy that allows only the console's own scripts", async () => {
    const browser = await signIn(h, users.member);
    for (const path of ["/web", "/web/sign-in?t=x", "/web/app", "/web/static/console.js"]) {
      const response = await browser.get(path);
      const policy = response.headers.get("content-security-policy") ?? "";
      expect(policy, path).toContain("script-src 'self'");
      expect(policy, path).toContain("default-src 'none'");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
    }
    const html = await (await browser.get("/web")).text();
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });

  it("staff revoke a member's sessions; a member may not revoke anyone's", async () => {
    const member = await signIn(h, users.member);
    const staff = await signIn(h, users.staff);
    const memberId = (
      await h.db.selectFrom("people").select("id").where("name", "=", "李华").executeTakeFirstOrThrow()
    ).id;
    const staffId = (
      await h.db.selectFrom("people").select("id").where("name", "=", "陈静").executeTakeFirstOrThrow()
    ).id;

    const refused = await member.postJson(`/web/api/people/${staffId}/sessions/revoke`, {});
    expect(refused.status).toBe(403);
    expect((await staff.get("/web")).status).toBe(200);

    const revoked = await staff.postJson(`/web/api/people/${memberId}/sessions/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ ok: true, revoked: 1 });
    expect((await member.get("/web")).status).toBe(401);
    // Staff may not sign another staff member out (only admins edit staff).
    const admin = await signIn(h, users.admin);
    expect((await staff.postJson(`/web/api/people/${staffId}/sessions/revoke`, {})).status).toBe(403);
    expect((await admin.postJson(`/web/api/people/${staffId}/sessions/revoke`, {})).status).toBe(200);
  });

  it("shows pages in English to a person who chose English", async () => {
    await users.member.send("/lang en");
    const browser = await signIn(h, users.member);
    const html = await (await browser.get("/web")).text();
    expect(html).toContain(h.minyi.i18n.t("en", "web-nav-mine"));
    expect(html).toContain('lang="en"');
  });
});

describe("Mini App sign-in", () => {
  let h: Harness;
  let users: Awaited<ReturnType<typeof seedBasicRoster>>;

  beforeEach(async () => {
    h = await Harness.create();
    users = await seedBasicRoster(h);
  });

  const initDataFor = (user: ChatUser, authDate: Date, token = TEST_TOKEN) =>
    signInitData(
      {
        query_id: `q${Math.random()}`,
        user: JSON.stringify({ id: user.id, first_name: "x", language_code: "zh-hans" }),
        auth_date: String(Math.floor(authDate.getTime() / 1000)),
      },
      token,
    );

  const exchange = (browser: Browser, initData: string) =>
    browser.request("/web/api/telegram-session", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ initData }),
    });

  it("signs the Telegram user in as their roster entry, once per initData", async () => {
    const initData = await initDataFor(users.leader, h.clock);
    const browser = new Browser(h);
    const answer = await exchange(browser, initData);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true, next: "/web" });
    expect(await (await browser.get("/web")).text()).toContain("孙伟");

    const replay = new Browser(h);
    expect((await exchange(replay, initData)).status).toBe(401);
    expect(replay.cookie).toBe("");
  });

  it("refuses forged, tampered and stale initData", async () => {
    const forged = await initDataFor(users.staff, h.clock, "999:another-bot-token");
    const stale = await initDataFor(users.staff, new Date(h.clock.getTime() - 6 * 60_000));
    const good = await initDataFor(users.member, h.clock);
    const tampered = good.replace(
      encodeURIComponent(`"id":${users.member.id}`),
      encodeURIComponent(`"id":${users.staff.id}`),
    );
    expect(tampered).not.toBe(good);
    for (const initData of [forged, stale, tampered, "", "hash=zz&auth_date=1"]) {
      const browser = new Browser(h);
      const answer = await exchange(browser, initData);
      expect(answer.status, initData).toBe(401);
      expect(browser.cookie).toBe("");
    }
  });

  it("refuses a Telegram user who is not on the roster", async () => {
    const initData = await initDataFor(h.user(4242), h.clock);
    const answer = await exchange(new Browser(h), initData);
    expect(answer.status).toBe(403);
  });
});
