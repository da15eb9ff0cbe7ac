// "/my": a person's own reports (as author or co-author) with counts by status; each report's full text and
// timeline, its attachments sent again, and revising a returned report in the guided conversation.
import { Composer, GrammyError, InlineKeyboard } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { reportDocumentData } from "../../bot/document-buttons";
import { allowRoles } from "../../bot/guards";
import { menuPress } from "../../bot/menu-buttons";
import { answerStale, pressesOf, readPress } from "../../bot/presses";
import { forwardedLevelOf, renderReport, statusText, type Translate } from "../../bot/render";
import { describeEvent, resendAttachments } from "../../bot/timeline";
import { createRevisionDraft, findDraftInFlow } from "../../db/drafts";
import {
  authorPosition,
  countAuthoredReportsByStatus,
  findReport,
  listAuthoredReports,
  loadReportView,
  totalOfCounts,
} from "../../db/reports";
import { formatLocalDate } from "../../domain/dates";
import { STATUSES, type Status } from "../../domain/lifecycle";
import type { Role } from "../../domain/roles";
import { splitMessage, truncateText } from "../../domain/text";
import { myButtons } from "./callback-data";

const PAGE_SIZE = 10;
const REPORT_BUTTONS_PER_ROW = 5;
/** Statuses a submitted report can have, in the order of its life. */
const REPORT_STATUSES = STATUSES.filter((status): status is ReportStatus => status !== "draft");
type ReportStatus = Exclude<Status, "draft">;

const anyBoundPerson = (role: Role | undefined) => role !== undefined;

export interface MyReportsOptions {
  /** Shows the question the person's draft in progress waits on (the report feature's, given by the assembly). */
  askDraftQuestion(ctx: MinyiContext): Promise<unknown>;
}

export function myReportsFeature(options: MyReportsOptions): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const privateChat = feature.chatType("private");

  privateChat.command("my", allowRoles(anyBoundPerson), async (ctx) => {
    const given = ctx.match.trim();
    if (given === "") return showPage(ctx, 0, undefined, "reply");
    const status = statusNamed(ctx.t, given);
    if (!status) {
      return void (await ctx.reply(
        ctx.t("my-unknown-status", {
          given: truncateText(given, 64),
          statuses: REPORT_STATUSES.map((s) => `${s}（${ctx.t(`status-${s}`)}）`).join("、"),
        }),
      ));
    }
    return showPage(ctx, 0, status, "reply");
  });

  // The "my reports" button of the main menu (see the /start welcome).
  privateChat.on("callback_query:data").filter(menuPress("my"), allowRoles(anyBoundPerson), async (ctx) => {
    await ctx.answerCallbackQuery();
    await showPage(ctx, 0, undefined, "reply");
  });

  privateChat
    .on("callback_query:data")
    .filter(pressesOf(myButtons), allowRoles(anyBoundPerson), async (ctx) => {
      const press = await readPress(ctx, myButtons);
      if (!press) return;
      if (press.action === "page") {
        await ctx.answerCallbackQuery();
        return showPage(ctx, press.offset, press.status, "edit");
      }
      // Authorship is checked here, on every press: the id in a button may be forged.
      const position = await authorPosition(ctx.deps.db, press.reportId, ctx.person!.id);
      if (position === undefined) return stale(ctx);
      switch (press.action) {
        case "view":
          return showReport(ctx, press.reportId, position);
        case "attachments":
          return resendAttachments(ctx, press.reportId);
        case "revise":
          return startRevision(ctx, options, press.reportId, position);
      }
    });

  return feature;
}

/** A status by its key ("returned") or by a unique part of its label in the person's language ("退回"). */
function statusNamed(t: Translate, given: string): ReportStatus | undefined {
  const wanted = given.toLowerCase();
  const byKey = REPORT_STATUSES.find((s) => s === wanted);
  if (byKey) return byKey;
  const byLabel = REPORT_STATUSES.filter((s) => t(`status-${s}`).toLowerCase().includes(wanted));
  return byLabel.length === 1 ? byLabel[0] : undefined;
}

async function stale(ctx: MinyiContext) {
  ctx.deps.log.warn("stale or forged callback", { from: ctx.from?.id, data: ctx.callbackQuery?.data });
  await answerStale(ctx);
}

async function showPage(
  ctx: MinyiContext,
  offset: number,
  status: ReportStatus | undefined,
  mode: "reply" | "edit",
) {
  const { db } = ctx.deps;
  const personId = ctx.person!.id;
  const [reports, counts, settings] = await Promise.all([
    listAuthoredReports(db, personId, { offset, limit: PAGE_SIZE, ...(status ? { status } : {}) }),
    countAuthoredReportsByStatus(db, personId),
    ctx.settings(),
  ]);
  const total = totalOfCounts(counts, status);
  // A page button from an older list may point past the end now: show the first page instead.
  if (reports.length === 0 && total > 0 && offset > 0) return showPage(ctx, 0, status, mode);
  if (reports.length === 0) {
    const text = status
      ? ctx.t("my-none-with-status", { status: ctx.t(`status-${status}`) })
      : ctx.t("my-none");
    return void (mode === "edit" ? await editOrKeep(ctx, text) : await ctx.reply(text));
  }
  const countsLine = REPORT_STATUSES.filter((s) => counts.has(s))
    .map((s) => ctx.t("my-count", { status: ctx.t(`status-${s}`), count: counts.get(s) ?? 0 }))
    .join(" · ");
  const lines = reports.map((r) =>
    ctx.t("my-line", {
      id: r.id,
      title: r.title,
      status: statusText(ctx.t, r.status, r.forwarded_level),
      date: formatLocalDate(r.submitted_at, settings.timeZone),
    }),
  );
  const heading = [
    ctx.t("my-title", { from: offset + 1, to: offset + reports.length, total }),
    countsLine,
    status ? ctx.t("my-filter", { status: ctx.t(`status-${status}`) }) : undefined,
  ].filter((line): line is string => line !== undefined);
  const text = `${heading.join("\n")}\n\n${lines.join("\n")}\n\n${ctx.t("my-page-hint")}`;

  const keyboard = new InlineKeyboard();
  reports.forEach((r, i) => {
    keyboard.text(`#${r.id}`, myButtons.encode({ action: "view", reportId: r.id }));
    if (i % REPORT_BUTTONS_PER_ROW === REPORT_BUTTONS_PER_ROW - 1) keyboard.row();
  });
  keyboard.row();
  const page = (at: number) =>
    myButtons.encode({ action: "page", offset: at, ...(status ? { status } : {}) });
  if (offset > 0) keyboard.text(ctx.t("button-previous"), page(Math.max(0, offset - PAGE_SIZE)));
  if (offset + PAGE_SIZE < total) keyboard.text(ctx.t("button-next"), page(offset + PAGE_SIZE));
  if (mode === "edit") await editOrKeep(ctx, text, keyboard);
  else await ctx.reply(text, { reply_markup: keyboard });
}

/** Edits the message the button was on; pressing the same page twice changes nothing, which is fine. */
async function editOrKeep(ctx: MinyiContext, text: string, keyboard?: InlineKeyboard) {
  try {
    await ctx.editMessageText(text, keyboard ? { reply_markup: keyboard } : {});
  } catch (error) {
    if (!(error instanceof GrammyError && error.description.includes("message is not modified"))) throw error;
  }
}

async function showReport(ctx: MinyiContext, reportId: number, position: number) {
  const view = await loadReportView(ctx.deps.db, reportId);
  if (!view) return stale(ctx);
  await ctx.answerCallbackQuery();
  const { report } = view;
  const settings = await ctx.settings();
  const messages = renderReport(
    ctx.t,
    { ...report, forwardedLevel: forwardedLevelOf(view.events) },
    {
      authors: view.authors.map((a) => a.name),
      unit: view.unitName,
      attachments: view.attachments.length,
    },
  );
  for (const message of messages)
    await ctx.reply(message, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });

  const canRevise = report.status === "returned" && position === 0;
  const timeline = [
    report.revision > 1
      ? ctx.t("my-revision", { revision: report.revision, previous: report.revision - 1 })
      : undefined,
    ctx.t("my-timeline-title", { id: report.id }),
    ...view.events.map((event) => describeEvent(ctx.t, event, settings.timeZone)),
    report.status === "returned"
      ? `\n${ctx.t(canRevise ? "my-returned-hint" : "my-returned-hint-coauthor")}`
      : undefined,
  ]
    .filter((line): line is string => line !== undefined)
    .join("\n");
  const keyboard = new InlineKeyboard();
  if (view.attachments.length > 0)
    keyboard.text(
      ctx.t("my-button-attachments", { count: view.attachments.length }),
      myButtons.encode({ action: "attachments", reportId: report.id }),
    );
  if (canRevise)
    keyboard.text(ctx.t("my-button-revise"), myButtons.encode({ action: "revise", reportId: report.id }));
  keyboard.text(ctx.t("button-word-document"), reportDocumentData(report.id));
  const chunks = splitMessage(timeline);
  for (const [i, chunk] of chunks.entries()) {
    const last = i === chunks.length - 1;
    await ctx.reply(chunk, last && keyboard.inline_keyboard.length > 0 ? { reply_markup: keyboard } : {});
  }
}

/**
 * A returned report is revised by its main author: a revision draft (holding the report's text) opens in
 * the guided conversation, which starts at the preview because every step is answered.
 */
async function startRevision(
  ctx: MinyiContext,
  options: MyReportsOptions,
  reportId: number,
  position: number,
) {
  const { db } = ctx.deps;
  const report = await findReport(db, reportId);
  if (!report) return stale(ctx);
  if (position !== 0)
    return void (await ctx.answerCallbackQuery({
      text: ctx.t("my-revise-main-author-only"),
      show_alert: true,
    }));
  if (report.status !== "returned")
    return void (await ctx.answerCallbackQuery({ text: ctx.t("my-revise-not-returned"), show_alert: true }));
  const personId = ctx.person!.id;
  const interrupted = await findDraftInFlow(db, personId);
  const draft = await createRevisionDraft(db, reportId, personId, ctx.deps.now());
  await ctx.answerCallbackQuery();
  // Only one guided flow at a time: another draft being written stays saved, to be continued with /drafts.
  if (interrupted && interrupted.id !== draft.id) await ctx.reply(ctx.t("my-revise-other-draft-kept"));
  await options.askDraftQuestion(ctx);
}
