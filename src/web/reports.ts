// Reports on the web: the staff review queue, one report with its full text, attachments and timeline, and the
// staff's decisions through the same functions as the chat (recordEvents with the version the page showed, the
// authors' notices queued in the outbox in the same transaction). A second decision on the same version is refused and says who acted.
import { FILE_LIMITS } from "../files/limits";
import { Hono } from "hono";
import { html } from "hono/html";
import { forwardedLevelOf, statusText, stepRefusalText } from "../bot/render";
import { lastEvent, recordEvents, type EventInput, type RecordResult } from "../db/events";
import { isInIssue } from "../db/issues";
import { loadReportView, type ReportView } from "../db/reports";
import { reviewQueue } from "../db/review";
import { loadSettings } from "../db/settings";
import { mayInclude } from "../domain/issues";
import { isLeader, isStaff } from "../domain/roles";
import { levelsUp } from "../domain/scoring";
import { LEVELS, type Level, type Settings } from "../domain/settings";
import { textLength } from "../domain/text";
import { authorNotices } from "../notify";
import { type ConsoleEnv, type ConsoleOptions, type T, translator, type Viewer } from "./env";
import { attachmentDisposition, type Html, messagePage, page } from "./layout";
import { requires } from "./security";

const MAX_REASON = 500;
const MAX_NOTE = 1000;
const MAX_DEPARTMENT = 60;

/** Who may read a report: staff and leaders, and its authors. */
function mayRead(viewer: Viewer, view: ReportView): boolean {
  return isStaff(viewer.role) || isLeader(viewer.role) || view.authors.some((a) => a.id === viewer.personId);
}

export function reportRoutes(options: ConsoleOptions): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();
  const signedIn = requires(options);
  const staffOnly = requires(options, isStaff);

  routes.get("/queue", staffOnly, async (c) => {
    const t = translator(options, c.get("locale"));
    const queue = await reviewQueue(options.db);
    const views = (
      await Promise.all(queue.slice(0, 200).map((q) => loadReportView(options.db, q.id)))
    ).filter((v): v is ReportView => v !== undefined);
    return c.html(
      page(c, options, {
        title: t("web-queue-title", { count: queue.length }),
        active: "queue",
        body:
          views.length === 0
            ? html`<p class="notice">${t("web-queue-empty")}</p>`
            : html`<ol class="queue">${views.map(
                (v) =>
                  html`<li class="card"><a href="/web/reports/${v.report.id}"><b>#${v.report.id} ${v.report.title}</b></a>${
                    v.report.urgent ? html` <span class="status urgent">${t("web-urgent")}</span>` : ""
                  }<br><span class="muted">${v.authors.map((a) => a.name).join("、")} · ${v.unitName ?? "—"} · ${v.report.submitted_at.slice(0, 10)}</span></li>`,
              )}</ol>`,
      }),
    );
  });

  routes.get("/reports/:id", signedIn, async (c) => {
    const t = translator(options, c.get("locale"));
    const viewer = c.get("viewer")!;
    const view = await loadReportView(options.db, Number(c.req.param("id")));
    if (!view) return c.html(messagePage(c, options, t("web-error-not-found")), 404);
    if (!mayRead(viewer, view)) return c.html(messagePage(c, options, t("error-not-allowed")), 403);
    const settings = await loadSettings(options.db);
    const done = c.req.query("done");
    return c.html(
      page(c, options, {
        title: `#${view.report.id} ${view.report.title}`,
        active: isStaff(viewer.role) ? "queue" : "mine",
        body: html`${done ? html`<p class="notice" role="status" id="done">${t("web-decision-recorded", { event: t(`event-${done}`) })}</p>` : ""}
${reportBody(t, view)}
${isStaff(viewer.role) ? decisionForms(t, view, settings, viewer.csrfToken, await isInIssue(options.db, view.report.id)) : ""}`,
      }),
    );
  });

  routes.get("/reports/:id/attachments/:attachment", signedIn, async (c) => {
    const t = translator(options, c.get("locale"));
    const viewer = c.get("viewer")!;
    const view = await loadReportView(options.db, Number(c.req.param("id")));
    if (!view) return c.html(messagePage(c, options, t("web-error-not-found")), 404);
    if (!mayRead(viewer, view)) return c.html(messagePage(c, options, t("error-not-allowed")), 403);
    const attachment = view.attachments.find((a) => a.id === Number(c.req.param("attachment")));
    if (!attachment || !options.downloadFile)
      return c.html(messagePage(c, options, t("web-error-not-found")), 404);
    let bytes: Uint8Array;
    try {
      bytes = await options.downloadFile(attachment.file_id, FILE_LIMITS.attachmentBytes);
    } catch (error) {
      options.log.warn("web console: attachment download failed", { reportId: view.report.id, error });
      return c.html(messagePage(c, options, t("web-attachment-unavailable")), 502);
    }
    const name =
      attachment.file_name ?? (attachment.kind === "photo" ? `${attachment.file_unique_id}.jpg` : "file");
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": attachment.kind === "photo" ? "image/jpeg" : "application/octet-stream",
      "Content-Disposition": attachmentDisposition(name),
    });
  });

  routes.post("/reports/:id/decide", staffOnly, async (c) => {
    const t = translator(options, c.get("locale"));
    const viewer = c.get("viewer")!;
    const reportId = Number(c.req.param("id"));
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === "string" ? (form[name] as string).trim() : "");
    const version = Number(field("version"));
    const settings = await loadSettings(options.db);
    const events = readDecision(field, settings);
    if (!Number.isSafeInteger(reportId) || !Number.isSafeInteger(version) || "error" in events)
      return c.html(
        messagePage(c, options, "error" in events ? t(events.error, events.vars) : t("web-error-not-found"), {
          back: `/web/reports/${reportId}`,
        }),
        400,
      );
    const now = options.now();
    const result = await recordEvents(
      options.db,
      {
        reportId,
        version,
        actorId: viewer.personId,
        events: events.events,
        ownLevel: settings.ownLevel,
        levels: settings.levels,
        now,
      },
      authorNotices({ i18n: options.i18n, log: options.log }, now),
    );
    if (result.kind === "recorded") {
      options.log.info("report event recorded on the web", {
        reportId,
        kinds: events.events.map((e) => e.kind),
        by: viewer.personId,
      });
      options.courier?.kick();
      return c.redirect(`/web/reports/${reportId}?done=${events.events[0]!.kind}`, 303);
    }
    return c.html(
      messagePage(c, options, await refusalText(options, t, reportId, result, events.events.at(-1)?.level), {
        back: `/web/reports/${reportId}`,
      }),
      result.kind === "not-found" ? 404 : 409,
    );
  });

  return routes;
}

type Decision = { events: EventInput[] } | { error: string; vars?: Record<string, string | number> };

function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/** The events a decision form asks for, checked as the chat checks typed replies. */
function readDecision(field: (name: string) => string, settings: Settings): Decision {
  const action = field("action");
  const text = (
    name: string,
    max: number,
    required: boolean,
  ): string | { error: string; vars?: Record<string, number> } => {
    const value = field(name);
    if (required && value === "") return { error: "web-decision-text-required" };
    if (textLength(value) > max)
      return { error: "prompt-too-long", vars: { length: textLength(value), max } };
    return value;
  };
  const level = field("level");
  const mode = field("mode") === "combined" ? "combined" : "single";
  switch (action) {
    case "accept": {
      const publish = field("publish");
      const events: EventInput[] = [{ kind: "accepted" }];
      if (publish === "single" || publish === "combined")
        events.push({ kind: "adopted", level: settings.ownLevel, mode: publish });
      return { events };
    }
    case "return":
    case "reject": {
      const reason = text("note", MAX_REASON, true);
      if (typeof reason !== "string") return reason;
      return { events: [{ kind: action === "return" ? "returned" : "rejected", note: reason }] };
    }
    case "forward":
      if (!isLevel(level)) return { error: "web-decision-level-required" };
      return { events: [{ kind: "forwarded", level }] };
    case "adopt":
      if (!isLevel(level)) return { error: "web-decision-level-required" };
      return { events: [{ kind: "adopted", level, mode }] };
    case "instruct": {
      if (!isLevel(level)) return { error: "web-decision-level-required" };
      const note = text("note", MAX_NOTE, true);
      if (typeof note !== "string") return note;
      return { events: [{ kind: "instructed", level, note }] };
    }
    case "read": {
      if (!isLevel(level)) return { error: "web-decision-level-required" };
      const note = text("note", MAX_NOTE, true);
      if (typeof note !== "string") return note;
      return { events: [{ kind: "read", level, note }] };
    }
    case "transfer": {
      const department = text("department", MAX_DEPARTMENT, true);
      if (typeof department !== "string") return department;
      return { events: [{ kind: "transferred", department }] };
    }
    case "reply": {
      const note = text("note", MAX_NOTE, true);
      if (typeof note !== "string") return note;
      return { events: [{ kind: "replied", note }] };
    }
    case "close":
      return { events: [{ kind: "closed" }] };
    default:
      return { error: "web-error-not-found" };
  }
}

async function refusalText(
  options: ConsoleOptions,
  t: T,
  reportId: number,
  result: Exclude<RecordResult, { kind: "recorded" }>,
  level: string | null | undefined,
): Promise<string> {
  switch (result.kind) {
    case "not-found":
      return t("report-not-found", { id: reportId });
    case "stale": {
      const last = await lastEvent(options.db, reportId);
      if (!last || last.kind === "submitted" || last.kind === "resubmitted")
        return t("action-changed", { id: reportId });
      return t("action-already-handled", {
        id: reportId,
        event: t(`event-${last.kind}`),
        name: last.actor_name ?? "—",
      });
    }
    case "refused":
      return stepRefusalText(t, result.reason, result.status, level);
  }
}

function reportBody(t: T, view: ReportView): Html {
  const r = view.report;
  const section = (key: string, text: string) =>
    text.trim() === "" ? "" : html`<h2>${t(key)}</h2><div class="body-text">${text}</div>`;
  return html`<p><span class="status" id="status">${statusText(t, r.status, forwardedLevelOf(view.events))}</span>${r.urgent ? html` <span class="status urgent">${t("web-urgent")}</span>` : ""}</p>
<p class="muted">${view.authors.map((a) => a.name).join("、")} · ${view.unitName ?? "—"} · ${r.category} · ${r.submitted_at.slice(0, 10)}</p>
${section("web-section-situation", r.situation)}
${section("web-section-analysis", r.analysis)}
${section("web-section-suggestions", r.suggestions)}
${
  view.attachments.length === 0
    ? ""
    : html`<h2>${t("web-attachments")}</h2><ul>${view.attachments.map(
        (a) =>
          html`<li><a href="/web/reports/${r.id}/attachments/${a.id}">${a.file_name ?? t(`web-attachment-${a.kind}`)}</a></li>`,
      )}</ul>`
}
<h2>${t("web-timeline")}</h2>
<ol class="timeline" id="timeline">${view.events.map(
    (e) =>
      html`<li>${e.created_at.slice(0, 16).replace("T", " ")} · <b>${t(`event-${e.kind}`)}</b>${e.level ? html` · ${t(`level-${e.level}`)}` : ""}${
        e.mode && e.kind === "adopted" ? html` · ${t(`mode-${e.mode}`)}` : ""
      }${e.department ? html` · ${e.department}` : ""}${e.note ? html`<br><span class="body-text">${e.note}</span>` : ""}${
        e.actor_name ? html` <span class="muted">（${e.actor_name}）</span>` : ""
      }</li>`,
  )}</ol>`;
}

function decisionForms(t: T, view: ReportView, settings: Settings, csrf: string, inIssue: boolean): Html {
  const r = view.report;
  const form = (action: string, label: string, fields: Html | string = "", danger = false) =>
    html`<form method="post" action="/web/reports/${r.id}/decide" class="card decision" id="decide-${action}">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="version" value="${r.version}"><input type="hidden" name="action" value="${action}">
${fields}<button type="submit"${danger ? html` class="danger"` : ""}>${label}</button></form>`;
  const levels = (above: boolean) =>
    settings.levels.filter((level) => {
      const up = levelsUp(level, settings.ownLevel, settings.levels);
      return up !== undefined && (!above || up > 0);
    });
  const levelSelect = (above: boolean) =>
    html`<label>${t("web-col-level")}<select name="level">${levels(above).map((l) => html`<option value="${l}">${t(`level-${l}`)}</option>`)}</select></label>`;
  const modeSelect = html`<label>${t("web-mode")}<select name="mode"><option value="single">${t("mode-single")}</option><option value="combined">${t("mode-combined")}</option></select></label>`;
  const note = (label: string, max: number) =>
    html`<label>${label}<textarea name="note" maxlength="${max}" required></textarea></label>`;
  if (r.status === "submitted")
    return html`<h2>${t("web-decide")}</h2>
${form("accept", t("web-action-accept"), html`<label>${t("web-publish")}<select name="publish"><option value="">${t("web-publish-later")}</option><option value="single">${t("mode-single")}</option><option value="combined">${t("mode-combined")}</option></select></label>`)}
${form("return", t("web-action-return"), note(t("web-reason"), MAX_REASON))}
${form("reject", t("web-action-reject"), note(t("web-reason"), MAX_REASON), true)}`;
  if (r.status === "rejected" || r.status === "returned") return html``;
  return html`${
    !inIssue && mayInclude(r.status, view.events, settings.ownLevel)
      ? html`<form method="post" action="/web/issues/0/add" class="card" id="add-to-issue"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="report" value="${r.id}"><button type="submit" class="secondary">${t("card-button-add-to-issue")}</button></form>`
      : ""
  }
<h2>${t("web-record-step")}</h2>
<details><summary>${t("event-forwarded")}</summary>${form("forward", t("event-forwarded"), levelSelect(true))}</details>
<details><summary>${t("event-adopted")}</summary>${form("adopt", t("event-adopted"), html`${levelSelect(false)}${modeSelect}`)}</details>
<details><summary>${t("event-instructed")}</summary>${form("instruct", t("event-instructed"), html`${levelSelect(false)}${note(t("web-instruction"), MAX_NOTE)}`)}</details>
<details><summary>${t("event-read")}</summary>${form("read", t("event-read"), html`${levelSelect(false)}${note(t("web-read-note"), MAX_NOTE)}`)}</details>
<details><summary>${t("event-transferred")}</summary>${form("transfer", t("event-transferred"), html`<label>${t("web-department")}<input name="department" maxlength="${MAX_DEPARTMENT}" required></label>`)}</details>
${r.status === "transferred" ? html`<details><summary>${t("event-replied")}</summary>${form("reply", t("event-replied"), note(t("web-reply"), MAX_NOTE))}</details>` : ""}
${r.status !== "closed" ? html`<details><summary>${t("event-closed")}</summary>${form("close", t("event-closed"))}</details>` : ""}`;
}
