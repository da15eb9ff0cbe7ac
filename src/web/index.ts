// The web console (/web): the same app, database, domain functions and role checks as the bot, for the work
// done at a desk. Mounted by createApp on Node and on the Worker alike.
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { findPersonById } from "../db/people";
import { revokeSessionsOf } from "../db/web-sessions";
import { reviewQueue } from "../db/review";
import { isLeader, isStaff, mayEditPerson } from "../domain/roles";
import { CONSOLE_CSS, CONSOLE_JS } from "./assets";
import { authRoutes, SIGN_IN_PATH, TELEGRAM_SESSION_PATH } from "./auth";
import { dashboardRoutes } from "./dashboard";
import { issueRoutes } from "./issue";
import { mineRoutes } from "./mine";
import { reportRoutes } from "./reports";
import { rosterRoutes } from "./roster";
import { settingsRoutes } from "./settings";
import { type ConsoleEnv, type ConsoleOptions, translator } from "./env";
import { messagePage, page } from "./layout";
import { csrfProtection, loadViewer, requires, securityHeaders } from "./security";

export type { ConsoleOptions } from "./env";

export function consoleRoutes(options: ConsoleOptions): Hono<ConsoleEnv> {
  const web = new Hono<ConsoleEnv>();
  web.use(securityHeaders());
  web.use(loadViewer(options));
  web.use(csrfProtection(options, [SIGN_IN_PATH, TELEGRAM_SESSION_PATH]));

  web.get("/static/console.js", (c) => staticText(c, CONSOLE_JS, "text/javascript; charset=utf-8"));
  web.get("/static/console.css", (c) => staticText(c, CONSOLE_CSS, "text/css; charset=utf-8"));
  web.get("/static/echarts.js", async (c) => {
    const asset = await options.staticAsset?.("echarts.js");
    if (!asset) return c.text("not found", 404);
    return asset;
  });

  web.route("/", authRoutes(options));
  web.route("/", dashboardRoutes(options));
  web.route("/", reportRoutes(options));
  web.route("/", issueRoutes(options));
  web.route("/", mineRoutes(options));
  web.route("/", rosterRoutes(options));
  web.route("/", settingsRoutes(options));

  web.get("/", async (c) => {
    const t = translator(options, c.get("locale"));
    const viewer = c.get("viewer");
    if (!viewer)
      return c.html(messagePage(c, options, t("web-welcome-signed-out"), { signInHint: true }), 401);
    return c.html(
      page(c, options, {
        title: t("web-home-title"),
        active: "home",
        body: html`<p class="who">${t("web-home-hello", { name: viewer.name, role: t(`role-${viewer.role}`) })}</p>
${isStaff(viewer.role) ? html`<p class="card"><a href="/web/queue" id="home-queue">${t("web-home-queue", { count: (await reviewQueue(options.db)).length })}</a></p>` : ""}
${isStaff(viewer.role) ? html`<p class="card"><a href="/web/issue" id="home-issue">${t("web-home-issue")}</a></p>` : ""}
${isLeader(viewer.role) || isStaff(viewer.role) ? html`<p class="card"><a href="/web/dashboard">${t("web-home-dashboard")}</a></p>` : ""}
<p class="card"><a href="/web/mine">${t("web-home-mine")}</a></p>`,
      }),
    );
  });

  // Staff sign a person out everywhere (a lost phone, a shared computer), as they may edit that person.
  web.post("/api/people/:id/sessions/revoke", requires(options, isStaff), async (c) => {
    const t = translator(options, c.get("locale"));
    const viewer = c.get("viewer");
    const person = await findPersonById(options.db, Number(c.req.param("id")));
    if (!person) return c.json({ ok: false, error: t("web-error-not-found") }, 404);
    if (!mayEditPerson(viewer?.role, person.role))
      return c.json({ ok: false, error: t("error-not-allowed") }, 403);
    const revoked = await revokeSessionsOf(options.db, person.id, options.now());
    options.log.info("web console: sessions revoked", { personId: person.id, by: viewer?.personId, revoked });
    return c.json({ ok: true, revoked, message: t("web-sessions-revoked", { count: revoked }) });
  });

  web.all("*", (c) => {
    const t = translator(options, c.get("locale"));
    if (c.req.path.startsWith("/web/api/"))
      return c.json({ ok: false, error: t("web-error-not-found") }, 404);
    return c.html(messagePage(c, options, t("web-error-not-found")), 404);
  });
  return web;
}

function staticText(c: Context, text: string, type: string): Response {
  return c.body(text, 200, { "Content-Type": type, "Cache-Control": "public, max-age=3600" });
}
