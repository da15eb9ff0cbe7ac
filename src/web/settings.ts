// The settings form for admins: every setting with a label in the reader's language, changed one at a time
// through changeSetting (validated as a whole, refusals explained as in chat), and a recount when the basis of
// the statistics changes, as /settings set does.
import { Hono } from "hono";
import { html } from "hono/html";
import { changeSetting, loadSettings } from "../db/settings";
import { isStatsBasisKey, requestStatsRecount } from "../db/stats-recount";
import { isAdmin } from "../domain/roles";
import { SETTING_KEYS, type SettingKey, type Settings } from "../domain/settings";
import { isSettingItem, SCHEDULE_KEYS, settingLabel, settingWords } from "../domain/settings-words";
import { truncateText } from "../domain/text";
import { type ConsoleContext, type ConsoleEnv, type ConsoleOptions, type T, translator } from "./env";
import { page } from "./layout";
import { requires } from "./security";

/** The value in the chat's words (src/domain/settings-words.ts): schedules one a line, never as cron. */
function wordsOf(key: SettingKey, settings: Settings, t: T) {
  if (key === "schedules")
    return html`${SCHEDULE_KEYS.map((item, i) => html`${i > 0 ? html`<br>` : ""}${settingLabel(item, t)}：${settingWords(item, settings, t)}`)}`;
  return isSettingItem(key) ? settingWords(key, settings, t) : "";
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, typeof value === "object" && value !== null ? 1 : undefined);
}

export function settingsRoutes(options: ConsoleOptions): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();
  const adminOnly = requires(options, isAdmin);

  const render = async (
    c: ConsoleContext,
    notice?: { key: string; text: string; ok: boolean },
    draft?: { key: string; value: string },
  ) => {
    const t = translator(options, c.get("locale"));
    const settings = await loadSettings(options.db);
    const viewer = c.get("viewer")!;
    return page(c, options, {
      title: t("web-settings-title"),
      active: "settings",
      body: html`${notice ? html`<p class="notice" role="${notice.ok ? "status" : "alert"}" id="settings-result">${notice.text}</p>` : ""}
${SETTING_KEYS.map((key) => {
  const value = draft?.key === key ? draft.value : formatValue(settings[key as keyof Settings]);
  const multiline = value.includes("\n") || value.length > 60;
  return html`<form method="post" action="/web/settings" class="card" id="setting-${key}">
<input type="hidden" name="_csrf" value="${viewer.csrfToken}"><input type="hidden" name="key" value="${key}">
<label for="value-${key}"><b>${t(`web-setting-${key}`)}</b> <span class="muted">${key}</span></label>
<p class="muted" id="words-${key}">${wordsOf(key, settings, t)}</p>
${
  multiline
    ? html`<textarea id="value-${key}" name="value" rows="${Math.min(16, value.split("\n").length + 1)}">${value}</textarea>`
    : html`<input id="value-${key}" name="value" value="${value}">`
}
<p><button type="submit" class="secondary">${t("web-settings-save")}</button></p></form>`;
})}`,
    });
  };

  routes.get("/settings", adminOnly, async (c) => c.html(await render(c)));

  routes.post("/settings", adminOnly, async (c) => {
    const t = translator(options, c.get("locale"));
    const form = await c.req.parseBody();
    const key = typeof form.key === "string" ? form.key : "";
    const raw = typeof form.value === "string" ? form.value.trim() : "";
    const change = await changeSetting(options.db, key, raw);
    if (!change.ok) {
      const text = t("settings-refused", {
        key: truncateText(change.refusal.path, 64),
        reason: truncateText(
          t(`settings-reason-${change.refusal.code}`, { detail: change.refusal.detail }),
          1_000,
        ),
      });
      return c.html(await render(c, { key, text, ok: false }, { key, value: raw }), 400);
    }
    options.log.info("setting changed on the web", { key, by: c.get("viewer")?.personId });
    if (isStatsBasisKey(key)) await requestStatsRecount(options.db, change.settings, options.now());
    const text = t("settings-changed", {
      key,
      value: truncateText(formatValue(change.settings[key as keyof Settings]), 500),
    });
    return c.html(await render(c, { key, text, ok: true }));
  });

  return routes;
}
