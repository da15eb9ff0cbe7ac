// The two ways in — a one-time link the bot sent, and a Mini App's signed initData — and the way out.
import { Hono } from "hono";
import { html } from "hono/html";
import { findAccount, findPersonById } from "../db/people";
import {
  createSession,
  endSession,
  markInitDataUsed,
  redeemSignInLink,
  signInLinkUsable,
} from "../db/web-sessions";
import { type ConsoleEnv, type ConsoleOptions, translator } from "./env";
import { validateInitData } from "./init-data";
import { messagePage, page } from "./layout";
import { clearSessionCookie, setSessionCookie } from "./security";

export const SIGN_IN_PATH = "/web/sign-in";
export const TELEGRAM_SESSION_PATH = "/web/api/telegram-session";

export function authRoutes(options: ConsoleOptions): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();

  // Opening the link only shows a button: link previews and scanners that fetch it do not use it up.
  routes.get("/sign-in", async (c) => {
    const t = translator(options, c.get("locale"));
    const token = c.req.query("t") ?? "";
    if (!token || !(await signInLinkUsable(options.db, token, options.now())))
      return c.html(messagePage(c, options, t("web-sign-in-link-invalid"), { signInHint: true }), 400);
    return c.html(
      page(c, options, {
        title: t("web-sign-in-title"),
        body: html`<form method="post" action="${SIGN_IN_PATH}" class="card">
<input type="hidden" name="t" value="${token}">
<p>${t("web-sign-in-confirm")}</p>
<button type="submit" id="sign-in">${t("web-sign-in-button")}</button>
</form>`,
      }),
    );
  });

  routes.post("/sign-in", async (c) => {
    const t = translator(options, c.get("locale"));
    const form = await c.req.parseBody();
    const token = typeof form.t === "string" ? form.t : "";
    const now = options.now();
    const personId = token ? await redeemSignInLink(options.db, token, now) : undefined;
    const person = personId === undefined ? undefined : await findPersonById(options.db, personId);
    if (person?.active !== 1)
      return c.html(messagePage(c, options, t("web-sign-in-link-invalid"), { signInHint: true }), 400);
    setSessionCookie(c, options, await createSession(options.db, person.id, "link", now));
    options.log.info("web console: signed in by link", { personId: person.id });
    return c.redirect("/web", 303);
  });

  routes.post("/sign-out", async (c) => {
    const viewer = c.get("viewer");
    if (viewer) await endSession(options.db, viewer.sessionToken, options.now());
    clearSessionCookie(c, options);
    c.set("viewer", undefined);
    const t = translator(options, c.get("locale"));
    return c.html(messagePage(c, options, t("web-signed-out"), { signInHint: true }));
  });

  // The Mini App's page: its script hands Telegram's initData (in the address's fragment) to the call below.
  routes.get("/app", (c) => {
    const t = translator(options, c.get("locale"));
    return c.html(
      page(c, options, {
        title: t("web-brand"),
        body: html`<p id="mini-app" class="notice" data-failed="${t("web-mini-app-outside")}">${t("web-mini-app-signing-in")}</p>`,
      }),
    );
  });

  routes.post("/api/telegram-session", async (c) => {
    const t = translator(options, c.get("locale"));
    const body = (await c.req.json().catch(() => undefined)) as { initData?: unknown } | undefined;
    const initData = typeof body?.initData === "string" ? body.initData : "";
    const now = options.now();
    const result = await validateInitData(initData, options.botToken, now);
    if (!result.ok) {
      options.log.warn("web console: Mini App sign-in refused", { reason: result.reason });
      return c.json(
        { ok: false, error: t(result.reason === "stale" ? "web-init-data-stale" : "web-init-data-invalid") },
        401,
      );
    }
    if (!(await markInitDataUsed(options.db, result.hash, now))) {
      options.log.warn("web console: Mini App sign-in replayed", { telegramId: result.telegramId });
      return c.json({ ok: false, error: t("web-init-data-stale") }, 401);
    }
    const { person } = await findAccount(options.db, result.telegramId);
    if (!person) return c.json({ ok: false, error: t("error-not-bound") }, 403);
    if (person.active !== 1) return c.json({ ok: false, error: t("error-deactivated") }, 403);
    setSessionCookie(c, options, await createSession(options.db, person.id, "telegram", now));
    options.log.info("web console: signed in from the Mini App", { personId: person.id });
    return c.json({ ok: true, next: "/web" });
  });

  return routes;
}
