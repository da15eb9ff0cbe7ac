// What the flow's live message shows at the step a draft is at: the question, the report so far and the
// buttons, as HTML (everything typed is escaped). Pure of Telegram calls: live.ts sends or edits it.
import type { InlineKeyboard } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { renderReport, statusText } from "../../bot/render";
import type { FlowSession } from "../../db/draft-flow";
import { findPersonWithUnit } from "../../db/people";
import type { Draft } from "../../db/schema";
import { findSimilarReports } from "../../db/similarity";
import { formatLocalDate } from "../../domain/dates";
import { currentStep, editModeOf, MAX_ATTACHMENTS } from "../../domain/draft";
import type { Settings } from "../../domain/settings";
import { comparedText, type SignedText } from "../../domain/similarity";
import { escapeHtml, splitMessage, TELEGRAM_MESSAGE_LIMIT, textLength } from "../../domain/text";
import { coauthorPicker, editMenu, stepKeyboard } from "./keyboards";

const SIMILAR_LOOKBACK_DAYS = 365;
/** Room kept for the question and notices when the report so far is shown above them. */
const SO_FAR_LIMIT = 2500;

export interface LiveView {
  /** HTML, at most one message long. */
  text: string;
  keyboard?: InlineKeyboard | undefined;
  /** Parts of a long preview, sent before the live message when it is sent afresh. */
  before?: string[];
  /** `before` is what the person needs now (a long text to copy): the live message is sent afresh below it. */
  beforeFirst?: boolean;
}

/** A translated line, escaped for HTML (the locale's words and the person's text alike). */
export function line(ctx: MinyiContext, key: string, vars?: Record<string, string | number>): string {
  return escapeHtml(ctx.t(key, vars));
}

/** Telegram counts the text after entities are parsed: tags do not count and entities are one character. */
export function plainLength(html: string): number {
  return html.replace(/<[^>]+>/g, "").replace(/&(lt|gt|amp|quot);/g, "_").length;
}

/** The end of a long text, at most `limit` UTF-16 units as Telegram counts, so the newest words stay in view. */
function tail(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const chars = [...text];
  let length = 0;
  let start = chars.length;
  while (start > 0 && length + chars[start - 1]!.length < limit) length += chars[--start]!.length;
  return `…${chars.slice(start).join("")}`;
}

/** The live message at the draft's current step, below `notices` (already HTML). */
export async function questionView(
  ctx: MinyiContext,
  session: FlowSession,
  settings: Settings,
  notices: readonly string[] = [],
): Promise<LiveView> {
  const { draft } = session;
  const step = currentStep(draft);
  const keyboard = stepKeyboard(ctx.t, session, step, settings.categories);
  const editing = draft.editing === 1;
  const compose = (...parts: (string | undefined | false)[]): LiveView => ({
    text: [...notices, ...parts].filter((p): p is string => typeof p === "string" && p !== "").join("\n\n"),
    keyboard,
  });
  const soFar = [
    draft.title ? `<b>${escapeHtml(draft.title)}</b>` : undefined,
    draft.category ? line(ctx, "report-line-category", { category: draft.category }) : undefined,
  ]
    .filter((p) => p !== undefined)
    .join("\n");
  switch (step) {
    case "title":
      return compose(
        line(ctx, "submit-ask-title", {
          min: settings.titleMinLength,
          max: settings.titleMaxLength,
        }),
        editing && draft.title ? current(ctx, draft.title) : undefined,
      );
    case "category":
      return compose(soFar, line(ctx, "submit-ask-category"));
    case "situation":
    case "analysis":
    case "suggestions": {
      const written = editing ? draft[step] : null;
      const mode = editModeOf(draft.edit_mode);
      // A section too long to show here whole goes above, in as many copyable blocks as it takes.
      const long = written !== null && written.length > SO_FAR_LIMIT;
      const view = compose(
        editing ? undefined : soFar,
        line(ctx, `submit-ask-${step}`, { max: settings.bodyMaxLength }),
        step === "suggestions" && !editing ? line(ctx, "submit-suggestions-then-preview") : undefined,
        written && !long ? current(ctx, written) : undefined,
        long ? line(ctx, "submit-current-above") : undefined,
        written
          ? line(ctx, mode === "append" ? "submit-edit-mode-append" : "submit-edit-mode-replace")
          : undefined,
        draft.pending_text
          ? `${line(ctx, "submit-section-so-far", { length: textLength(draft.pending_text) })}\n<blockquote>${escapeHtml(tail(draft.pending_text, SO_FAR_LIMIT / 2))}</blockquote>`
          : undefined,
      );
      return long && written
        ? {
            ...view,
            before: splitMessage(written, TELEGRAM_MESSAGE_LIMIT - 100).map(
              (part) => `<pre>${escapeHtml(part)}</pre>`,
            ),
            beforeFirst: true,
          }
        : view;
    }
    case "attachments":
      return compose(
        line(ctx, "submit-ask-attachments", { max: MAX_ATTACHMENTS, count: session.attachments.length }),
      );
    case "coauthors":
      return compose(line(ctx, "submit-ask-coauthors", { chosen: chosenCoauthors(session) }));
    case "urgent":
      return compose(line(ctx, "submit-ask-urgent"));
    case "preview":
      return previewView(ctx, session, notices, keyboard);
    case "confirm-cancel":
      return compose(line(ctx, "submit-cancel-ask"));
    case "confirm-submit":
      return similarView(ctx, session, settings, await similarReports(ctx, session.draft), notices);
  }
}

/** A written text shown whole, in a block the person can copy from (long ones are cut to their end). */
function current(ctx: MinyiContext, text: string): string {
  return `${line(ctx, "submit-current")}\n<pre>${escapeHtml(tail(text, SO_FAR_LIMIT))}</pre>`;
}

/** The report as staff will see it, with its actions; a report too long for one message goes before it. */
async function previewView(
  ctx: MinyiContext,
  session: FlowSession,
  notices: readonly string[],
  keyboard: InlineKeyboard | undefined,
): Promise<LiveView> {
  const { draft } = session;
  const report = await renderedReport(ctx, session);
  const intro = line(ctx, draft.report_id ? "submit-preview-revision" : "submit-preview-intro");
  const actions = line(ctx, "submit-preview-actions");
  const text = [...notices, intro, ...report, actions].join("\n\n");
  if (report.length === 1 && plainLength(text) <= TELEGRAM_MESSAGE_LIMIT) return { text, keyboard };
  // The report's first part (its header) stays on the live message; the sections go before it.
  const [header = "", ...rest] = report.length > 1 ? report : splitWhole(report[0] ?? "");
  return { text: [...notices, intro, header, actions].join("\n\n"), keyboard, before: rest };
}

function splitWhole(html: string): string[] {
  const cut = html.indexOf("\n\n");
  return cut < 0 ? [html] : [html.slice(0, cut), html.slice(cut + 2)];
}

async function renderedReport(ctx: MinyiContext, session: FlowSession): Promise<string[]> {
  const { draft } = session;
  const person = await findPersonWithUnit(ctx.deps.db, draft.person_id);
  // The draft's own id is no report number: a revision shows its report's, a first draft none until submitted.
  const number = draft.report_id ?? draft.submitted_report_id;
  const { id: _draftId, ...text } = draft;
  return renderReport(ctx.t, number === null ? text : { ...text, id: number }, {
    authors: [person?.name ?? "—", ...session.coauthors.map((c) => c.name)],
    unit: person?.unit_name ?? null,
    attachments: session.attachments.length,
  });
}

/** The live message when the flow has ended: what happened, below the report when it was submitted. */
export async function endView(
  ctx: MinyiContext,
  session: FlowSession | undefined,
  notices: readonly string[],
): Promise<LiveView> {
  if (session?.draft.submitted_report_id) {
    const report = await renderedReport(ctx, session);
    const text = [...report, ...notices].join("\n\n");
    if (report.length === 1 && plainLength(text) <= TELEGRAM_MESSAGE_LIMIT) return { text };
  }
  return { text: notices.join("\n\n") };
}

export function editMenuView(ctx: MinyiContext, session: FlowSession, notices: readonly string[]): LiveView {
  return {
    text: [...notices, line(ctx, "submit-edit-which")].join("\n\n"),
    keyboard: editMenu(ctx.t, session.draft.id),
  };
}

export function pickerView(
  ctx: MinyiContext,
  session: FlowSession,
  found: readonly { id: number; name: string; unit_name: string | null }[],
): LiveView {
  return { text: line(ctx, "submit-coauthor-pick"), keyboard: coauthorPicker(ctx.t, session, found) };
}

export function chosenCoauthors(session: FlowSession): string {
  return session.coauthors.map((c) => c.name).join("、") || "—";
}

export type SimilarReport = Awaited<ReturnType<typeof similarReports>>[number];

/**
 * Reports of the last year that read much like this draft (not the report it revises). `signed`: the draft's
 * text, signed already.
 */
export async function similarReports(ctx: MinyiContext, d: Draft, signed?: SignedText) {
  const matches = await findSimilarReports(ctx.deps.db, signed ?? comparedText(d), {
    since: new Date(ctx.deps.now().getTime() - SIMILAR_LOOKBACK_DAYS * 86_400_000),
    excludeReportId: d.report_id,
    excludeDraftId: d.id,
  });
  return matches.map(({ id, title, status, forwarded_level, submitted_at }) => ({
    id,
    title,
    status,
    forwarded_level,
    submitted_at,
  }));
}

export async function similarView(
  ctx: MinyiContext,
  session: FlowSession,
  settings: Settings,
  similar: readonly SimilarReport[],
  notices: readonly string[] = [],
): Promise<LiveView> {
  const lines = similar.map((s) =>
    line(ctx, "submit-similar-line", {
      id: s.id,
      title: s.title,
      status: statusText(ctx.t, s.status, s.forwarded_level),
      date: formatLocalDate(s.submitted_at, settings.timeZone),
    }),
  );
  return {
    text: [...notices, `${line(ctx, "submit-similar-found")}\n\n${lines.join("\n")}`].join("\n\n"),
    keyboard: stepKeyboard(ctx.t, session, "confirm-submit", settings.categories),
  };
}
