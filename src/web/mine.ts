// Members on the web: their reports (status, and the timeline on each report's page) and their drafts, and a
// form that writes a long report into the same draft the chat uses (/drafts continues it there, and back).
// The form saves as one types; a save is refused when the chat changed the draft meanwhile, so neither side
// overwrites the other's words.
import { Hono } from "hono";
import { html } from "hono/html";
import { saveDraftIfUnchanged, type WebDraftChange } from "../db/console";
import { statusText } from "../bot/render";
import { createDraft, findDraft } from "../db/drafts";
import { countAuthoredReportsByStatus, listAuthoredReports, totalOfCounts } from "../db/reports";
import type { Draft } from "../db/schema";
import { loadSettings } from "../db/settings";
import { checkBody, checkTitle, SECTION_STEPS, type SectionStep } from "../domain/draft";
import type { Settings } from "../domain/settings";
import { textLength } from "../domain/text";
import { listOpenDrafts } from "../db/drafts";
import { type ConsoleContext, type ConsoleEnv, type ConsoleOptions, type T, translator } from "./env";
import { type Html, messagePage, page } from "./layout";
import { requires } from "./security";

export function mineRoutes(options: ConsoleOptions): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();
  const signedIn = requires(options);

  routes.get("/mine", signedIn, async (c) => {
    const t = translator(options, c.get("locale"));
    const viewer = c.get("viewer")!;
    const [reports, counts, drafts] = await Promise.all([
      listAuthoredReports(options.db, viewer.personId, { offset: 0, limit: 200 }),
      countAuthoredReportsByStatus(options.db, viewer.personId),
      listOpenDrafts(options.db, viewer.personId),
    ]);
    const total = totalOfCounts(counts);
    return c.html(
      page(c, options, {
        title: t("web-nav-mine"),
        active: "mine",
        body: html`<h2>${t("web-drafts", { count: drafts.length })}</h2>
${
  drafts.length === 0
    ? html`<p class="muted">${t("web-drafts-none")}</p>`
    : html`<ul id="drafts">${drafts.map(
        (d) =>
          html`<li><a href="/web/drafts/${d.id}">${d.title ?? t("web-draft-untitled")}</a> <span class="muted">${d.updated_at.slice(0, 16).replace("T", " ")}</span></li>`,
      )}</ul>`
}
<form method="post" action="/web/drafts"><input type="hidden" name="_csrf" value="${viewer.csrfToken}"><button type="submit" id="new-draft">${t("web-draft-new")}</button></form>
<h2>${t("web-my-reports", { count: total })}</h2>
${
  reports.length === 0
    ? html`<p class="muted">${t("web-my-reports-none")}</p>`
    : html`<div class="scroll"><table id="my-reports"><thead><tr><th>#</th><th>${t("web-col-title")}</th><th>${t("web-col-status")}</th></tr></thead><tbody>${reports.map(
        (r) =>
          html`<tr><td>${r.id}</td><td><a href="/web/reports/${r.id}">${r.title}</a><br><span class="muted">${r.submitted_at.slice(0, 10)}</span></td><td><span class="status">${statusText(t, r.status, r.forwarded_level)}</span></td></tr>`,
      )}</tbody></table></div>`
}`,
      }),
    );
  });

  routes.post("/drafts", signedIn, async (c) => {
    const draft = await createDraft(options.db, c.get("viewer")!.personId, options.now());
    return c.redirect(`/web/drafts/${draft.id}`, 303);
  });

  routes.get("/drafts/:id", signedIn, async (c) => {
    const t = translator(options, c.get("locale"));
    const draft = await ownDraft(c, options);
    if (!draft) return c.html(messagePage(c, options, t("web-error-not-found")), 404);
    const settings = await loadSettings(options.db);
    return c.html(
      page(c, options, {
        title: draft.title ?? t("web-draft-untitled"),
        active: "mine",
        body: draftForm(t, draft, settings, c.get("viewer")!.csrfToken),
      }),
    );
  });

  // The form without script posts here; the script saves through the JSON call below as one types.
  routes.post("/drafts/:id", signedIn, async (c) => {
    const t = translator(options, c.get("locale"));
    const form = await c.req.parseBody();
    const fields = Object.fromEntries(
      Object.entries(form).map(([k, v]) => [k, typeof v === "string" ? v : ""]),
    ) as Record<string, string>;
    const result = await save(c, options, fields);
    if (result.ok) return c.redirect(`/web/drafts/${c.req.param("id")}?saved=1`, 303);
    return c.html(
      messagePage(c, options, t(result.error, result.vars), { back: `/web/drafts/${c.req.param("id")}` }),
      result.status,
    );
  });

  routes.post("/api/drafts/:id", signedIn, async (c) => {
    const t = translator(options, c.get("locale"));
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const fields = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : ""]),
    ) as Record<string, string>;
    const result = await save(c, options, fields);
    if (result.ok) return c.json({ ok: true, updatedAt: result.updatedAt, message: t("web-draft-saved") });
    return c.json({ ok: false, error: t(result.error, result.vars) }, result.status);
  });

  return routes;
}

async function ownDraft(c: ConsoleContext, options: ConsoleOptions): Promise<Draft | undefined> {
  const draft = await findDraft(options.db, Number(c.req.param("id")));
  const viewer = c.get("viewer");
  if (!draft || !viewer || draft.person_id !== viewer.personId || draft.submitted_report_id !== null)
    return undefined;
  return draft;
}

type SaveResult =
  | { ok: true; updatedAt: string }
  | { ok: false; status: 400 | 404 | 409; error: string; vars?: Record<string, string | number> };

/** Checks the fields as the chat checks answers (title, category, body length) and saves them. */
async function save(
  c: ConsoleContext,
  options: ConsoleOptions,
  fields: Record<string, string>,
): Promise<SaveResult> {
  const draft = await ownDraft(c, options);
  if (!draft) return { ok: false, status: 404, error: "web-error-not-found" };
  const settings = await loadSettings(options.db);
  const titleText = (fields.title ?? "").trim();
  let title: string | null = null;
  if (titleText !== "") {
    const check = checkTitle(titleText, settings);
    if (!check.ok)
      return {
        ok: false,
        status: 400,
        error: `web-title-${check.reason}`,
        vars: { length: check.length, min: settings.titleMinLength, max: settings.titleMaxLength },
      };
    title = check.title;
  }
  const categoryText = (fields.category ?? "").trim();
  if (categoryText !== "" && !settings.categories.includes(categoryText))
    return { ok: false, status: 400, error: "web-error-not-found" };
  const sections = Object.fromEntries(
    SECTION_STEPS.map((step) => [step, (fields[step] ?? "").replace(/\r\n/g, "\n").trim()]),
  ) as Record<SectionStep, string>;
  const state = { ...draft, ...sections };
  const body = checkBody(state, "situation", sections.situation, settings.bodyMaxLength);
  if (!body.ok)
    return {
      ok: false,
      status: 400,
      error: "web-body-too-long",
      vars: { length: body.length, max: settings.bodyMaxLength },
    };
  const pendingSaved =
    draft.pending_step !== null && (SECTION_STEPS as readonly string[]).includes(draft.pending_step);
  const change: WebDraftChange = {
    title,
    category: categoryText === "" ? null : categoryText,
    situation: sections.situation || null,
    analysis: sections.analysis || null,
    suggestions: sections.suggestions || null,
    situation_done: sections.situation ? 1 : 0,
    // Analysis may be left out, as in chat: once passed there, it stays passed.
    analysis_done: sections.analysis ? 1 : draft.analysis_done,
    suggestions_done: sections.suggestions ? 1 : 0,
    // A section being written in chat is now whatever the form holds.
    pending_step: pendingSaved ? null : draft.pending_step,
    pending_text: pendingSaved ? null : draft.pending_text,
  };
  const updatedAt = await saveDraftIfUnchanged(
    options.db,
    draft.id,
    draft.person_id,
    fields.updatedAt ?? "",
    change,
    options.now(),
  );
  if (!updatedAt) return { ok: false, status: 409, error: "web-draft-changed" };
  return { ok: true, updatedAt };
}

function sectionText(draft: Draft, step: SectionStep): string {
  const stored = draft[step] ?? "";
  if (draft.pending_step === step && draft.pending_text)
    return stored ? `${stored}\n${draft.pending_text}` : draft.pending_text;
  return stored;
}

function draftForm(t: T, draft: Draft, settings: Settings, csrf: string): Html {
  const length = SECTION_STEPS.reduce((sum, step) => sum + textLength(sectionText(draft, step)), 0);
  return html`<form method="post" action="/web/drafts/${draft.id}" id="draft-form" data-autosave="/web/api/drafts/${draft.id}" data-saving="${t("web-draft-saving")}">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="updatedAt" value="${draft.updated_at}">
<label for="title">${t("web-draft-title")}</label>
<input id="title" name="title" value="${draft.title ?? ""}" maxlength="${settings.titleMaxLength}" placeholder="${t("web-draft-title-hint")}">
<label for="category">${t("web-draft-category")}</label>
<select id="category" name="category"><option value="">—</option>${settings.categories.map(
    (category) =>
      html`<option value="${category}"${category === draft.category ? html` selected` : ""}>${category}</option>`,
  )}</select>
${SECTION_STEPS.map(
  (step) =>
    html`<label for="${step}">${t(`web-section-${step}`)}</label><textarea id="${step}" name="${step}" rows="8">${sectionText(draft, step)}</textarea>`,
)}
<p class="muted"><span id="body-length">${length}</span> / ${settings.bodyMaxLength} · <span id="save-state" role="status"></span></p>
<p class="row"><button type="submit">${t("web-draft-save")}</button></p>
<p class="muted">${t("web-draft-continue-in-chat")}</p>
</form>`;
}
