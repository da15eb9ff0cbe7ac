// The issue compiler at a desk: the issue being compiled (the same one /issue shows in chat), accepted reports to
// add as single pieces or merge into a combined piece under an editor's title, order, 编者按, publish — through
// the same src/db/issues.ts functions as the chat, the authors told through the outbox — and the .docx.
import { Hono } from "hono";
import { html } from "hono/html";
import {
  addSingles,
  combineReports,
  type IssueChange,
  movePiece,
  removePiece,
  removeReport,
  setEditorNote,
  setPieceTitle,
} from "../db/issue-pieces";
import {
  currentIssueId,
  type IssueRecord,
  listCandidates,
  listPublishedIssues,
  loadIssue,
  loadPrintedIssue,
  openIssue,
  reportLines,
} from "../db/issues";
import { publishIssue } from "../db/issue-publish";
import { loadSettings } from "../db/settings";
import { issueDocx, issueFileName } from "../documents/issue";
import { checkPublishable, EDITOR_NOTE_MAX, issueLabel, PIECE_TITLE_MAX } from "../domain/issues";
import { isStaff } from "../domain/roles";
import { textLength } from "../domain/text";
import { authorNotices } from "../notify";
import { type ConsoleContext, type ConsoleEnv, type ConsoleOptions, type T, translator } from "./env";
import { attachmentDisposition, type Html, messagePage, page } from "./layout";
import { requires } from "./security";

const CANDIDATES_SHOWN = 200;
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export function issueRoutes(options: ConsoleOptions): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();
  const staffOnly = requires(options, isStaff);

  routes.get("/issue", staffOnly, async (c) => {
    const t = translator(options, c.get("locale"));
    const csrf = c.get("viewer")!.csrfToken;
    const settings = await loadSettings(options.db);
    const issueId = await currentIssueId(options.db);
    const issue = issueId === undefined ? undefined : await loadIssue(options.db, issueId);
    const published = await listPublishedIssues(options.db, 20);
    const done = c.req.query("done");
    return c.html(
      page(c, options, {
        title: t("web-issue-title", { publication: settings.publicationName }),
        active: "issue",
        body: html`${done ? html`<p class="notice" role="status" id="done">${t("web-issue-saved")}</p>` : ""}
${
  issue
    ? await compiler(options, t, issue, csrf, settings.ownLevel)
    : html`<p class="muted">${t("web-issue-none-open")}</p>
<form method="post" action="/web/issue/open" id="issue-open"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${t("web-issue-open")}</button></form>`
}
${
  published.length === 0
    ? ""
    : html`<h2>${t("web-issue-published-list")}</h2><ul id="published-issues">${published.map(
        (p) =>
          html`<li><a href="/web/issues/${p.id}/docx">${issueLabel(settings.publicationName, p.year ?? 0, p.number ?? 0)}</a> <span class="muted">${(p.published_at ?? "").slice(0, 10)}</span></li>`,
      )}</ul>`
}`,
      }),
    );
  });

  routes.post("/issue/open", staffOnly, async (c) => {
    await openIssue(options.db, c.get("viewer")!.personId, options.now());
    return c.redirect("/web/issue", 303);
  });

  // Every change names the issue the page showed: one published meanwhile refuses it.
  routes.post("/issues/:id/:action", staffOnly, async (c) => {
    const t = translator(options, c.get("locale"));
    const action = c.req.param("action");
    // Issue 0: the issue being compiled, opened if there is none (a report page's “加入本期”).
    const issueId =
      c.req.param("id") === "0" && action === "add"
        ? await openIssue(options.db, c.get("viewer")!.personId, options.now())
        : Number(c.req.param("id"));
    const form = await c.req.parseBody({ all: true });
    const text = (name: string) => (typeof form[name] === "string" ? (form[name] as string).trim() : "");
    const ids = (name: string) =>
      [form[name] ?? []]
        .flat()
        .map((v) => Number(v))
        .filter((n) => Number.isSafeInteger(n) && n > 0);
    const settings = await loadSettings(options.db);
    const now = options.now();
    const back = { back: "/web/issue" };
    if (!Number.isSafeInteger(issueId))
      return c.html(messagePage(c, options, t("web-error-not-found"), back), 404);
    if (action === "publish") return publish(c, options, t, issueId);

    let change: IssueChange;
    switch (action) {
      case "add": {
        const reports = ids("report");
        if (reports.length === 0) return c.html(messagePage(c, options, t("web-issue-pick-some"), back), 400);
        change = await addSingles(options.db, {
          issueId,
          reportIds: reports,
          ownLevel: settings.ownLevel,
          now,
        });
        break;
      }
      case "combine": {
        const reports = ids("report");
        const title = text("title");
        if (reports.length < 2) return c.html(messagePage(c, options, t("issue-merge-too-few"), back), 400);
        const refusal = checkText(t, title, PIECE_TITLE_MAX, true);
        if (refusal) return c.html(messagePage(c, options, refusal, back), 400);
        change = await combineReports(options.db, {
          issueId,
          reportIds: reports,
          title,
          ownLevel: settings.ownLevel,
          now,
        });
        break;
      }
      case "note": {
        const note = text("note");
        const refusal = note === "" ? undefined : checkText(t, note, EDITOR_NOTE_MAX, false);
        if (refusal) return c.html(messagePage(c, options, refusal, back), 400);
        const piece = Number(text("piece"));
        change = await setEditorNote(options.db, {
          issueId,
          pieceId: Number.isSafeInteger(piece) && piece > 0 ? piece : null,
          note: note === "" ? null : note,
          now,
        });
        break;
      }
      case "title": {
        const title = text("title");
        const refusal = checkText(t, title, PIECE_TITLE_MAX, true);
        if (refusal) return c.html(messagePage(c, options, refusal, back), 400);
        change = await setPieceTitle(options.db, { issueId, pieceId: Number(text("piece")), title, now });
        break;
      }
      case "up":
      case "down":
        change = await movePiece(options.db, issueId, Number(text("piece")), action === "up" ? -1 : 1, now);
        break;
      case "remove":
        change = await removePiece(options.db, issueId, Number(text("piece")), now);
        break;
      case "remove-report":
        change = await removeReport(options.db, issueId, Number(text("report")), now);
        break;
      default:
        return c.html(messagePage(c, options, t("web-error-not-found"), back), 404);
    }
    if (change.kind === "changed") {
      options.log.info("issue changed on the web", { issueId, action, by: c.get("viewer")?.personId });
      return c.redirect("/web/issue?done=1", 303);
    }
    return c.html(
      messagePage(c, options, await changeRefusal(options, t, issueId, change), back),
      change.kind === "not-found" ? 404 : 409,
    );
  });

  routes.get("/issues/:id/docx", staffOnly, async (c) => {
    const t = translator(options, c.get("locale"));
    const printed = await loadPrintedIssue(options.db, Number(c.req.param("id")));
    if (!printed) return c.html(messagePage(c, options, t("web-error-not-found")), 404);
    const settings = await loadSettings(options.db);
    const bytes = await issueDocx(translator(options, "zh"), printed, settings, options.now());
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": DOCX_TYPE,
      "Content-Disposition": attachmentDisposition(issueFileName(settings, printed)),
    });
  });

  return routes;
}

function checkText(t: T, value: string, max: number, oneLine: boolean): string | undefined {
  if (value === "") return t("web-decision-text-required");
  if (oneLine && /[\r\n]/.test(value)) return t("prompt-one-line");
  if (textLength(value) > max) return t("prompt-too-long", { length: textLength(value), max });
  return undefined;
}

async function changeRefusal(
  options: ConsoleOptions,
  t: T,
  issueId: number,
  change: Exclude<IssueChange, { kind: "changed" }>,
): Promise<string> {
  switch (change.kind) {
    case "not-open": {
      const issue = await loadIssue(options.db, issueId);
      const settings = await loadSettings(options.db);
      return issue?.year && issue.number
        ? t("issue-not-open", { label: issueLabel(settings.publicationName, issue.year, issue.number) })
        : t("issue-not-open-any");
    }
    case "not-includable":
      return t("issue-not-includable", { id: change.reportId });
    case "not-found":
      return t("web-error-not-found");
  }
}

async function publish(c: ConsoleContext, options: ConsoleOptions, t: T, issueId: number) {
  const viewer = c.get("viewer")!;
  const settings = await loadSettings(options.db);
  const now = options.now();
  const result = await publishIssue(options.db, {
    issueId,
    actorId: viewer.personId,
    settings,
    now,
    notify: authorNotices({ i18n: options.i18n, log: options.log }, now),
  });
  const back = { back: "/web/issue" };
  switch (result.kind) {
    case "not-found":
      return c.html(messagePage(c, options, t("web-error-not-found"), back), 404);
    case "problem":
      return c.html(
        messagePage(c, options, t(`issue-problem-${result.problem}`, { piece: result.piece ?? 0 }), back),
        409,
      );
    case "refused": {
      const [line] = await reportLines(options.db, [result.reportId]);
      return c.html(
        messagePage(
          c,
          options,
          t("issue-publish-refused", { id: result.reportId, title: line?.title ?? "" }),
          back,
        ),
        409,
      );
    }
    case "published":
    case "already": {
      options.courier?.kick();
      const label = issueLabel(settings.publicationName, result.year, result.number);
      if (result.kind === "published")
        options.log.info("issue published on the web", { issueId, label, by: viewer.personId });
      return c.html(
        page(c, options, {
          title: label,
          active: "issue",
          body: html`<p class="notice" role="status" id="published">${t(
            result.kind === "published" ? "issue-published" : "issue-already-published",
            { label, reports: result.recorded.length },
          )}</p>
<p><a href="/web/issues/${result.issueId}/docx" id="issue-docx">${t("issue-button-file")}</a></p>
<p><a href="/web/issue">${t("web-back")}</a></p>`,
        }),
      );
    }
  }
}

/** The open issue: its pieces with their forms, the issue's 编者按, what may be added, and publishing. */
async function compiler(
  options: ConsoleOptions,
  t: T,
  issue: IssueRecord,
  csrf: string,
  ownLevel: Parameters<typeof listCandidates>[1],
): Promise<Html> {
  const lines = await reportLines(
    options.db,
    issue.pieces.flatMap((p) => p.reportIds),
  );
  const byId = new Map(lines.map((l) => [l.id, l]));
  const { reports: candidates, total } = await listCandidates(options.db, ownLevel, {
    offset: 0,
    limit: CANDIDATES_SHOWN,
  });
  const singles = issue.pieces.filter((p) => p.mode === "single").flatMap((p) => p.reportIds);
  const action = (name: string) => `/web/issues/${issue.id}/${name}`;
  const hidden = (piece?: number) =>
    html`<input type="hidden" name="_csrf" value="${csrf}">${piece === undefined ? "" : html`<input type="hidden" name="piece" value="${piece}">`}`;
  const small = (name: string, piece: number, label: string) =>
    html`<form method="post" action="${action(name)}" class="inline">${hidden(piece)}<button type="submit" class="secondary" id="${name}-${piece}">${label}</button></form>`;
  const check = checkPublishable(issue);
  const report = (id: number) => {
    const line = byId.get(id);
    return line
      ? html`<a href="/web/reports/${id}">#${id}</a> ${line.title} <span class="muted">${line.author}（${line.unit ?? "—"}）</span>`
      : html`#${id}`;
  };
  return html`<p class="muted">${t("web-issue-open-hint")}</p>
<h2>${t("web-issue-pieces")}</h2>
${
  issue.pieces.length === 0
    ? html`<p class="muted" id="no-pieces">${t("issue-panel-empty")}</p>`
    : html`<ol class="pieces" id="pieces">${issue.pieces.map(
        (
          piece,
        ) => html`<li class="card" id="piece-${piece.id}"><p><span class="status">${t(`mode-${piece.mode}`)}</span> <b>${
          piece.mode === "combined"
            ? `“${piece.title ?? ""}”`
            : `“${byId.get(piece.reportIds[0] ?? 0)?.title ?? ""}”`
        }</b></p>
<ul>${piece.reportIds.map(
          (id) =>
            html`<li>${report(id)}${
              piece.mode === "combined"
                ? html` <form method="post" action="${action("remove-report")}" class="inline">${hidden()}<input type="hidden" name="report" value="${id}"><button type="submit" class="link" id="remove-report-${id}">${t("issue-button-remove")}</button></form>`
                : ""
            }</li>`,
        )}</ul>
<div class="row">${small("up", piece.id, t("issue-button-up"))}${small("down", piece.id, t("issue-button-down"))}${small("remove", piece.id, t("issue-button-remove"))}</div>
${
  piece.mode === "combined"
    ? html`<form method="post" action="${action("title")}">${hidden(piece.id)}<label>${t("web-issue-piece-title")}<input name="title" maxlength="${PIECE_TITLE_MAX}" value="${piece.title ?? ""}" required></label><button type="submit" class="secondary">${t("web-issue-save")}</button></form>`
    : ""
}
<form method="post" action="${action("note")}">${hidden(piece.id)}<label>${t("issue-button-piece-note")}<textarea name="note" maxlength="${EDITOR_NOTE_MAX}">${piece.editorNote ?? ""}</textarea></label><button type="submit" class="secondary">${t("web-issue-save")}</button></form></li>`,
      )}</ol>`
}
<form method="post" action="${action("note")}" class="card" id="issue-note">${hidden()}<label>${t("issue-button-issue-note")}<textarea name="note" maxlength="${EDITOR_NOTE_MAX}">${issue.editorNote ?? ""}</textarea></label><button type="submit" class="secondary">${t("web-issue-save")}</button></form>
<h2>${t("web-issue-candidates", { total })}</h2>
${
  candidates.length === 0 && singles.length < 2
    ? html`<p class="muted" id="no-candidates">${t("issue-candidates-none")}</p>`
    : html`<form method="post" action="${action("add")}" class="card" id="candidates">${hidden()}
${
  singles.length > 0
    ? html`<p class="muted">${t("web-issue-singles")}</p>${singles.map((id) => html`<label class="check"><input type="checkbox" name="report" value="${id}"> ${report(id)}</label>`)}`
    : ""
}
${candidates.map(
  (r) =>
    html`<label class="check"><input type="checkbox" name="report" value="${r.id}"> <a href="/web/reports/${r.id}">#${r.id}</a> ${r.title} <span class="muted">${r.author}（${r.unit ?? "—"}）</span></label>`,
)}
<p><button type="submit" id="add-singles">${t("web-issue-add")}</button></p>
<p><label>${t("web-issue-combined-title")}<input name="title" maxlength="${PIECE_TITLE_MAX}"></label>
<button type="submit" formaction="${action("combine")}" class="secondary" id="combine">${t("web-issue-combine")}</button></p></form>`
}
<h2>${t("web-issue-finish")}</h2>
<p><a href="/web/issues/${issue.id}/docx" id="issue-preview">${t("web-issue-preview")}</a></p>
${
  check.ok
    ? html`<form method="post" action="${action("publish")}" class="card" id="issue-publish">${hidden()}<p>${t("web-issue-publish-hint")}</p><button type="submit">${t("issue-button-publish")}</button></form>`
    : html`<p class="muted" id="issue-not-ready">${t(`issue-problem-${check.problem}`, { piece: check.piece ?? 0 })}</p>`
}`;
}
