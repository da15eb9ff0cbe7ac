// A report's card: its text sent once, then the panel (status, similar reports, timeline, the buttons that
// fit its status), edited in place as steps are recorded.
import { InlineKeyboard } from "grammy";
import { reportDocumentData } from "../../bot/document-buttons";
import type { MinyiContext } from "../../bot/context";
import { issueButton } from "../../bot/issue-buttons";
import { forwardedLevelOf, renderReport, statusText } from "../../bot/render";
import { describeEvent } from "../../bot/timeline";
import { isStatus } from "../../db/events";
import { isInIssue } from "../../db/issues";
import { loadReportView } from "../../db/reports";
import { queueCard } from "../../db/review";
import type { Report } from "../../db/schema";
import { findSimilarReports } from "../../db/similarity";
import { formatLocalDate } from "../../domain/dates";
import { mayInclude } from "../../domain/issues";
import type { Settings } from "../../domain/settings";
import { comparedText } from "../../domain/similarity";
import { splitMessage } from "../../domain/text";
import { cardButtons, reviewButtons } from "./callback-data";

const SIMILAR_LOOKBACK_DAYS = 365;

export interface CardOptions {
  /** Shown from the review queue: its place there, and a button to the next card. */
  queue?: { position: number; total: number };
  /** Accepted and not yet 编发: the card offers to add it to the issue being compiled. */
  includable?: boolean;
}

/**
 * Sends a report's card: the full text (without its status, which changes), then the panel: status, similar
 * reports (while it waits for review), the timeline and the buttons that fit its status. Steps recorded from
 * the panel edit it in place (showPanel), so the text is sent once. False when there is no such report.
 */
export async function sendReportCard(ctx: MinyiContext, reportId: number, options: CardOptions = {}) {
  const view = await loadReportView(ctx.deps.db, reportId);
  if (!view) return false;
  for (const message of renderReport(
    ctx.t,
    { ...view.report, status: undefined },
    {
      authors: view.authors.map((a) => a.name),
      unit: view.unitName,
      attachments: view.attachments.length,
    },
  ))
    await ctx.reply(message, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  const panel = await cardPanel(ctx, reportId, options);
  if (panel) await sendPanel(ctx, panel);
  return true;
}

interface Panel {
  chunks: string[];
  keyboard: InlineKeyboard;
}

/** The panel of a report's card; a question and its buttons take the place of the usual ones while asked. */
async function cardPanel(
  ctx: MinyiContext,
  reportId: number,
  options: CardOptions = {},
  ask?: { question: string; keyboard: InlineKeyboard },
): Promise<Panel | undefined> {
  const view = await loadReportView(ctx.deps.db, reportId);
  if (!view) return undefined;
  const { report } = view;
  const settings = await ctx.settings();
  const similar = report.status === "submitted" ? await similarReports(ctx, report, settings) : [];
  const lines = [
    options.queue ? ctx.t("review-queue-position", options.queue) : undefined,
    ctx.t("card-status", {
      id: report.id,
      title: report.title,
      status: isStatus(report.status)
        ? statusText(ctx.t, report.status, forwardedLevelOf(view.events))
        : report.status,
    }),
    ctx.t("card-submitted", {
      date: formatLocalDate(report.submitted_at, settings.timeZone),
      revision: report.revision,
    }),
    ...(similar.length > 0 ? ["", ctx.t("card-similar-title"), ...similar] : []),
    "",
    ctx.t("my-timeline-title", { id: report.id }),
    ...view.events.map((event) => describeEvent(ctx.t, event, settings.timeZone)),
    report.status === "returned" ? `\n${ctx.t("card-hint-returned")}` : undefined,
    report.status === "rejected" ? `\n${ctx.t("card-hint-rejected")}` : undefined,
    ask ? `\n${ask.question}` : undefined,
  ].filter((line): line is string => line !== undefined);
  return {
    chunks: splitMessage(lines.join("\n")),
    keyboard:
      ask?.keyboard ??
      cardKeyboard(ctx, report, view.attachments.length, {
        ...options,
        includable:
          mayInclude(report.status, view.events, settings.ownLevel) &&
          !(await isInIssue(ctx.deps.db, report.id)),
      }),
  };
}

async function sendPanel(ctx: MinyiContext, panel: Panel): Promise<void> {
  for (const [i, chunk] of panel.chunks.entries()) {
    const last = i === panel.chunks.length - 1;
    await ctx.reply(
      chunk,
      last && panel.keyboard.inline_keyboard.length > 0 ? { reply_markup: panel.keyboard } : {},
    );
  }
}

/**
 * Shows the panel as it is now: edited in place when it came from a card's message (the one pressed, or the card
 * whose button asked for a typed reply) and fits one message, otherwise sent anew (without the report's text).
 */
export async function showPanel(
  ctx: MinyiContext,
  reportId: number,
  ask?: { question: string; keyboard: InlineKeyboard },
  cardMessageId: number | null | undefined = ctx.callbackQuery?.message?.message_id,
): Promise<void> {
  const panel = await cardPanel(ctx, reportId, {}, ask);
  if (!panel) return void (await ctx.reply(ctx.t("report-not-found", { id: reportId })));
  const chatId = ctx.chat?.id;
  if (cardMessageId != null && chatId !== undefined && panel.chunks.length === 1) {
    try {
      await ctx.api.editMessageText(chatId, cardMessageId, panel.chunks[0]!, {
        reply_markup: panel.keyboard,
      });
      return;
    } catch (error) {
      // Unchanged, or too old to edit: nothing is lost by sending it anew.
      ctx.deps.log.debug("card panel not edited; sent anew", { reportId, error });
    }
  }
  await sendPanel(ctx, panel);
}

/** The first card of the review queue, or the one after `afterId`; says so when nothing (more) waits. */
export async function showQueueCard(ctx: MinyiContext, afterId?: number): Promise<void> {
  const card = await queueCard(ctx.deps.db, afterId);
  if (!card) return void (await ctx.reply(ctx.t(afterId === undefined ? "review-empty" : "review-end")));
  await sendReportCard(ctx, card.id, { queue: { position: card.position, total: card.total } });
}

function cardKeyboard(ctx: MinyiContext, report: Report, attachments: number, options: CardOptions) {
  const keyboard = new InlineKeyboard();
  const shown = { reportId: report.id, version: report.version };
  const decision = (action: "accept" | "return" | "reject") => reviewButtons.encode({ action, ...shown });
  const step = (action: "fwd" | "ado" | "ins" | "rdg" | "tra" | "rep" | "clo") =>
    cardButtons.encode({ action, ...shown });
  if (report.status === "submitted") {
    keyboard
      .text(ctx.t("review-button-accept"), decision("accept"))
      .text(ctx.t("review-button-return"), decision("return"))
      .text(ctx.t("review-button-reject"), decision("reject"))
      .row();
  } else if (report.status !== "returned" && report.status !== "rejected") {
    if (options.includable)
      keyboard
        .text(ctx.t("card-button-add-to-issue"), issueButton(0, { action: "add", reportId: report.id }))
        .row();
    keyboard
      .text(ctx.t("action-button-forward"), step("fwd"))
      .text(ctx.t("action-button-adopt"), step("ado"))
      .row()
      .text(ctx.t("action-button-instruct"), step("ins"))
      .text(ctx.t("action-button-read"), step("rdg"))
      .row()
      .text(ctx.t("action-button-transfer"), step("tra"))
      .text(ctx.t("action-button-reply"), step("rep"))
      .text(ctx.t("action-button-close"), step("clo"))
      .row();
  }
  if (attachments > 0)
    keyboard.text(
      ctx.t("card-button-attachments", { count: attachments }),
      cardButtons.encode({ action: "attachments", reportId: report.id }),
    );
  keyboard.text(ctx.t("button-word-document"), reportDocumentData(report.id));
  if (options.queue)
    keyboard.text(ctx.t("review-button-next"), reviewButtons.encode({ action: "next", reportId: report.id }));
  else
    keyboard.text(ctx.t("card-button-refresh"), cardButtons.encode({ action: "panel", reportId: report.id }));
  return keyboard;
}

async function similarReports(ctx: MinyiContext, report: Report, settings: Settings): Promise<string[]> {
  const matches = await findSimilarReports(ctx.deps.db, comparedText(report), {
    since: new Date(ctx.deps.now().getTime() - SIMILAR_LOOKBACK_DAYS * 86_400_000),
    excludeReportId: report.id,
  });
  return matches.map((other) => {
    return ctx.t("card-similar-line", {
      id: other.id,
      title: other.title,
      status: statusText(ctx.t, other.status, other.forwarded_level),
      date: formatLocalDate(other.submitted_at, settings.timeZone),
    });
  });
}
