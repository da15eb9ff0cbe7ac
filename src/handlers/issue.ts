// "/issue": staff compile the committee's own publication (《社情民意》) in chat. The issue being compiled is one
// message with buttons, edited in place: add accepted reports as single pieces, merge several into a combined
// piece under a typed editor's title, move pieces, type a 编者按, preview, publish — which numbers the issue,
// records 编发 for each report (src/db/issues.ts), tells the authors through the outbox and sends the .docx.
// The same issue is open on the web console; whatever either does, the other shows.
import type { I18n } from "@grammyjs/i18n";
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { idArg } from "../bot/callback-data";
import type { BaseContext, MinyiContext } from "../bot/context";
import { allowRoles } from "../bot/guards";
import { translator } from "../bot/i18n";
import { type IssuePress, isIssueButton, issueButton, readIssueButton } from "../bot/issue-buttons";
import { askedFrom, askQuestion, passes, replyInputOf, runReply } from "../bot/staff-reply";
import { findDraftInFlow } from "../db/drafts";
import { addSingles, type IssueChange, movePiece, removePiece, setEditorNote } from "../db/issue-pieces";
import {
  type IssueRecord,
  listCandidates,
  listPicks,
  loadIssue,
  loadPrintedIssue,
  openIssue,
  reportLines,
  togglePick,
} from "../db/issues";
import { publishIssue, type PublishResult } from "../db/issue-publish";
import type { ReplyRun } from "../db/staff-replies";
import { issueDocx, issueFileName, issuePlainText } from "../documents/issue";
import { checkPublishable, EDITOR_NOTE_MAX, issueLabel, PIECE_TITLE_MAX } from "../domain/issues";
import { isStaff } from "../domain/roles";
import { splitMessage, truncateText } from "../domain/text";
import { authorNotices } from "../notify";

const PAGE_SIZE = 8;
const LABEL_LENGTH = 18;
const PIECE_BUTTONS_PER_ROW = 5;

export function issueFeature(options: { i18n: I18n<BaseContext> }): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const privateChat = feature.chatType("private");

  // A typed editor's title or 编者按. Commands and other messages pass on (the review feature handles them for
  // every typed reply: a command leaves it, /cancel says so).
  privateChat.on("message:text", async (ctx, next) => {
    if (!isStaff(ctx.role)) return next();
    const input = replyInputOf(ctx, "issue");
    if (input.kind !== "text") return next();
    const run = await runReply(ctx, options.i18n, input);
    if (passes(run)) return next();
    const asked = run.before.asked;
    if (!asked) return;
    for (const say of run.transition.say) {
      if (say.kind === "duplicate") await showIssue(ctx, asked.subjectId, undefined, asked.cardMessageId);
      if (say.kind === "outcome") await showReplyOutcome(ctx, run);
    }
  });

  // "/issue" opens the issue being compiled (a new one when the last was published); "/issue 12" adds #12 to it.
  privateChat.command("issue", allowRoles(isStaff), async (ctx) => {
    const { db, now } = ctx.deps;
    const given = ctx.match.trim().replace(/^#/, "");
    const reportId = given === "" ? undefined : idArg.safeParse(given);
    if (reportId && !reportId.success) return void (await ctx.reply(ctx.t("issue-usage")));
    const issueId = await openIssue(db, ctx.person!.id, now());
    if (reportId?.success) {
      const settings = await ctx.settings();
      const change = await addSingles(db, {
        issueId,
        reportIds: [reportId.data],
        ownLevel: settings.ownLevel,
        now: now(),
      });
      const [line] = await reportLines(db, [reportId.data]);
      await ctx.reply(
        change.kind === "changed"
          ? ctx.t("issue-added", { id: reportId.data, title: line?.title ?? "" })
          : changeRefusal(ctx, change),
      );
    }
    await showIssue(ctx, issueId);
  });

  privateChat.on("callback_query:data").filter(
    (ctx) => isIssueButton(ctx.callbackQuery.data),
    allowRoles(isStaff),
    async (ctx) => {
      const decoded = readIssueButton(ctx.callbackQuery.data);
      if (decoded.kind !== "press") return refuseButton(ctx);
      const { db, now } = ctx.deps;
      const issueId = decoded.issueId === 0 ? await openIssue(db, ctx.person!.id, now()) : decoded.issueId;
      const issue = await loadIssue(db, issueId);
      if (!issue) return refuseButton(ctx);
      const press = decoded.press;
      const readOnly =
        press.action === "show" || press.action === "file" || press.action === "publish-confirmed";
      if (issue.status !== "open" && !readOnly) return alert(ctx, await notOpenText(ctx, issue));
      return handlePress(ctx, options, issue, press, decoded.issueId === 0);
    },
  );

  return feature;
}

async function handlePress(
  ctx: MinyiContext,
  options: { i18n: I18n<BaseContext> },
  issue: IssueRecord,
  press: IssuePress,
  fromCard: boolean,
): Promise<void> {
  const { db, now } = ctx.deps;
  const settings = await ctx.settings();
  switch (press.action) {
    case "show":
      await ctx.answerCallbackQuery();
      return showIssue(ctx, issue.id);
    case "candidates":
      await ctx.answerCallbackQuery();
      return showCandidates(ctx, issue.id, press.page);
    case "add": {
      const change = await addSingles(db, {
        issueId: issue.id,
        reportIds: [press.reportId],
        ownLevel: settings.ownLevel,
        now: now(),
      });
      if (change.kind !== "changed") return alert(ctx, changeRefusal(ctx, change));
      const [line] = await reportLines(db, [press.reportId]);
      if (fromCard)
        return alert(ctx, ctx.t("issue-added", { id: press.reportId, title: line?.title ?? "" }), false);
      await ctx.answerCallbackQuery({
        text: truncateText(ctx.t("issue-added", { id: press.reportId, title: line?.title ?? "" }), 190),
      });
      return showCandidates(ctx, issue.id, 0);
    }
    case "piece":
      await ctx.answerCallbackQuery();
      return showIssue(ctx, issue.id, press.pieceId);
    case "up":
    case "down": {
      const change = await movePiece(db, issue.id, press.pieceId, press.action === "up" ? -1 : 1, now());
      if (change.kind !== "changed") return alert(ctx, changeRefusal(ctx, change));
      await ctx.answerCallbackQuery();
      return showIssue(ctx, issue.id, press.pieceId);
    }
    case "remove": {
      const change = await removePiece(db, issue.id, press.pieceId, now());
      if (change.kind !== "changed") return alert(ctx, changeRefusal(ctx, change));
      await ctx.answerCallbackQuery({ text: ctx.t("issue-piece-removed") });
      return showIssue(ctx, issue.id);
    }
    case "title":
      return askForText(
        ctx,
        options,
        { action: "issue-title", issueId: issue.id, pieceId: press.pieceId },
        ctx.t("issue-ask-title", { max: PIECE_TITLE_MAX }),
      );
    case "note":
      return askForText(
        ctx,
        options,
        { action: "issue-note", issueId: issue.id, pieceId: press.pieceId },
        ctx.t(press.pieceId === null ? "issue-ask-issue-note" : "issue-ask-piece-note", {
          max: EDITOR_NOTE_MAX,
        }),
      );
    case "clear-note": {
      const change = await setEditorNote(db, {
        issueId: issue.id,
        pieceId: press.pieceId,
        note: null,
        now: now(),
      });
      if (change.kind !== "changed") return alert(ctx, changeRefusal(ctx, change));
      await ctx.answerCallbackQuery({ text: ctx.t("issue-note-cleared") });
      return showIssue(ctx, issue.id, press.pieceId ?? undefined);
    }
    case "merge":
      await ctx.answerCallbackQuery();
      return showMerge(ctx, issue, press.page);
    case "pick":
      await togglePick(db, issue.id, ctx.person!.id, press.reportId, now());
      await ctx.answerCallbackQuery();
      return showMerge(ctx, issue, 0);
    case "picked": {
      const picks = await listPicks(db, issue.id, ctx.person!.id);
      if (picks.length < 2) return alert(ctx, ctx.t("issue-merge-too-few"));
      return askForText(
        ctx,
        options,
        { action: "issue-title", issueId: issue.id, pieceId: null },
        ctx.t("issue-ask-combined-title", { count: picks.length, max: PIECE_TITLE_MAX }),
      );
    }
    case "preview": {
      await ctx.answerCallbackQuery();
      const printed = await loadPrintedIssue(db, issue.id);
      if (!printed) return;
      const zh = translator(options.i18n, "zh");
      for (const chunk of splitMessage(issuePlainText(zh, printed, settings, now())))
        await ctx.reply(chunk, { link_preview_options: { is_disabled: true } });
      return;
    }
    case "publish": {
      const check = checkPublishable(issue);
      if (!check.ok) return alert(ctx, ctx.t(`issue-problem-${check.problem}`, { piece: check.piece ?? 0 }));
      await ctx.answerCallbackQuery();
      const reports = issue.pieces.reduce((n, p) => n + p.reportIds.length, 0);
      const keyboard = new InlineKeyboard()
        .text(ctx.t("issue-button-publish-confirm"), issueButton(issue.id, { action: "publish-confirmed" }))
        .text(ctx.t("button-back"), issueButton(issue.id, { action: "show" }));
      return present(
        ctx,
        ctx.t("issue-publish-ask", {
          publication: settings.publicationName,
          pieces: issue.pieces.length,
          reports,
        }),
        keyboard,
      );
    }
    case "publish-confirmed": {
      const at = now();
      const result = await publishIssue(db, {
        issueId: issue.id,
        actorId: ctx.person!.id,
        settings,
        now: at,
        notify: authorNotices({ i18n: options.i18n, log: ctx.deps.log }, at),
      });
      return afterPublish(ctx, options, result);
    }
    case "file": {
      if (issue.status !== "published") return refuseButton(ctx);
      await ctx.answerCallbackQuery();
      return sendIssueFile(ctx, options, issue.id);
    }
  }
}

async function afterPublish(
  ctx: MinyiContext,
  options: { i18n: I18n<BaseContext> },
  result: PublishResult,
): Promise<void> {
  const settings = await ctx.settings();
  switch (result.kind) {
    case "not-found":
      return refuseButton(ctx);
    case "problem":
      return alert(ctx, ctx.t(`issue-problem-${result.problem}`, { piece: result.piece ?? 0 }));
    case "refused": {
      const [line] = await reportLines(ctx.deps.db, [result.reportId]);
      return alert(ctx, ctx.t("issue-publish-refused", { id: result.reportId, title: line?.title ?? "" }));
    }
    case "published":
    case "already": {
      const label = issueLabel(settings.publicationName, result.year, result.number);
      if (result.kind === "published")
        ctx.deps.log.info("issue published", { issueId: result.issueId, label, by: ctx.person?.id });
      await ctx.answerCallbackQuery();
      await present(
        ctx,
        ctx.t(result.kind === "published" ? "issue-published" : "issue-already-published", {
          label,
          reports: result.recorded.length,
        }),
        new InlineKeyboard(),
      );
      return sendIssueFile(ctx, options, result.issueId);
    }
  }
}

async function sendIssueFile(ctx: MinyiContext, options: { i18n: I18n<BaseContext> }, issueId: number) {
  const printed = await loadPrintedIssue(ctx.deps.db, issueId);
  if (!printed) return;
  const settings = await ctx.settings();
  await ctx.replyWithChatAction("upload_document").catch(() => undefined);
  const bytes = await issueDocx(translator(options.i18n, "zh"), printed, settings, ctx.deps.now());
  await ctx.replyWithDocument(new InputFile(bytes, issueFileName(settings, printed)));
}

function changeRefusal(ctx: MinyiContext, change: Exclude<IssueChange, { kind: "changed" }>): string {
  switch (change.kind) {
    case "not-open":
      return ctx.t("issue-not-open-any");
    case "not-includable":
      return ctx.t("issue-not-includable", { id: change.reportId });
    case "not-found":
      return ctx.t("error-stale-button");
  }
}

async function notOpenText(ctx: MinyiContext, issue: IssueRecord): Promise<string> {
  const settings = await ctx.settings();
  return issue.year !== null && issue.number !== null
    ? ctx.t("issue-not-open", { label: issueLabel(settings.publicationName, issue.year, issue.number) })
    : ctx.t("issue-not-open-any");
}

async function refuseButton(ctx: MinyiContext): Promise<void> {
  ctx.deps.log.warn("stale or forged callback", { from: ctx.from?.id, data: ctx.callbackQuery?.data });
  await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button"), show_alert: true });
}

async function alert(ctx: MinyiContext, text: string, showAlert = true): Promise<void> {
  await ctx.answerCallbackQuery({ text: truncateText(text, 190), show_alert: showAlert });
}

/** Edits the pressed message (or `messageId`) when it can, otherwise sends the text anew. */
async function present(
  ctx: MinyiContext,
  text: string,
  keyboard: InlineKeyboard,
  messageId: number | null | undefined = ctx.callbackQuery?.message?.message_id,
): Promise<void> {
  const chunks = splitMessage(text);
  const chatId = ctx.chat?.id;
  if (messageId != null && chatId !== undefined && chunks.length === 1) {
    try {
      await ctx.api.editMessageText(chatId, messageId, chunks[0]!, {
        reply_markup: keyboard,
        link_preview_options: { is_disabled: true },
      });
      return;
    } catch (error) {
      ctx.deps.log.debug("issue panel not edited; sent anew", { error });
    }
  }
  for (const [i, chunk] of chunks.entries())
    await ctx.reply(chunk, {
      link_preview_options: { is_disabled: true },
      ...(i === chunks.length - 1 ? { reply_markup: keyboard } : {}),
    });
}

/**
 * The issue as it stands, with its buttons; with `pieceId`, that piece's own buttons instead. Edited in place on
 * the message pressed, or on `messageId` (the panel whose button asked for a typed title or 编者按).
 */
async function showIssue(
  ctx: MinyiContext,
  issueId: number,
  pieceId?: number,
  messageId?: number | null,
): Promise<void> {
  const { db } = ctx.deps;
  const issue = await loadIssue(db, issueId);
  if (!issue) return;
  const settings = await ctx.settings();
  const lines = await reportLines(
    db,
    issue.pieces.flatMap((p) => p.reportIds),
  );
  const byId = new Map(lines.map((l) => [l.id, l]));
  const text = [
    issue.status === "open"
      ? ctx.t("issue-panel-open", { publication: settings.publicationName })
      : ctx.t("issue-panel-published", {
          label: issueLabel(settings.publicationName, issue.year ?? 0, issue.number ?? 0),
        }),
    issue.editorNote ? ctx.t("issue-panel-issue-note", { note: issue.editorNote }) : undefined,
    "",
    issue.pieces.length === 0 ? ctx.t("issue-panel-empty") : undefined,
    ...issue.pieces.map((piece, i) => {
      const reports = piece.reportIds.map((id) => byId.get(id)).filter((l) => l !== undefined);
      const head = ctx.t(piece.mode === "single" ? "issue-panel-single" : "issue-panel-combined", {
        index: i + 1,
        title: piece.mode === "single" ? (reports[0]?.title ?? "") : (piece.title ?? ""),
        reports: reports.map((r) => ctx.t("issue-panel-report", { id: r.id, author: r.author })).join("，"),
      });
      return piece.editorNote
        ? `${head}\n${ctx.t("issue-panel-piece-note", { note: piece.editorNote })}`
        : head;
    }),
  ].filter((line): line is string => line !== undefined);

  const keyboard = new InlineKeyboard();
  const piece = pieceId === undefined ? undefined : issue.pieces.find((p) => p.id === pieceId);
  const b = (press: IssuePress) => issueButton(issue.id, press);
  if (issue.status !== "open") {
    keyboard.text(ctx.t("issue-button-file"), b({ action: "file" }));
  } else if (piece) {
    const index = issue.pieces.indexOf(piece) + 1;
    text.push("", ctx.t("issue-piece-ask", { index }));
    keyboard
      .text(ctx.t("issue-button-up"), b({ action: "up", pieceId: piece.id }))
      .text(ctx.t("issue-button-down"), b({ action: "down", pieceId: piece.id }))
      .row()
      .text(ctx.t("issue-button-piece-note"), b({ action: "note", pieceId: piece.id }));
    if (piece.editorNote)
      keyboard.text(ctx.t("issue-button-clear-note"), b({ action: "clear-note", pieceId: piece.id }));
    if (piece.mode === "combined")
      keyboard.text(ctx.t("issue-button-title"), b({ action: "title", pieceId: piece.id }));
    keyboard
      .row()
      .text(ctx.t("issue-button-remove"), b({ action: "remove", pieceId: piece.id }))
      .text(ctx.t("button-back"), b({ action: "show" }));
  } else {
    keyboard
      .text(ctx.t("issue-button-add"), b({ action: "candidates", page: 0 }))
      .text(ctx.t("issue-button-merge"), b({ action: "merge", page: 0 }))
      .row();
    issue.pieces.forEach((p, i) => {
      keyboard.text(String(i + 1), b({ action: "piece", pieceId: p.id }));
      if (i % PIECE_BUTTONS_PER_ROW === PIECE_BUTTONS_PER_ROW - 1) keyboard.row();
    });
    keyboard.row().text(ctx.t("issue-button-issue-note"), b({ action: "note", pieceId: null }));
    if (issue.editorNote)
      keyboard.text(ctx.t("issue-button-clear-note"), b({ action: "clear-note", pieceId: null }));
    keyboard
      .text(ctx.t("issue-button-preview"), b({ action: "preview" }))
      .row()
      .text(ctx.t("issue-button-publish"), b({ action: "publish" }));
  }
  await present(ctx, text.join("\n"), keyboard, messageId);
}

async function showCandidates(ctx: MinyiContext, issueId: number, page: number): Promise<void> {
  const settings = await ctx.settings();
  const { reports, total } = await listCandidates(ctx.deps.db, settings.ownLevel, {
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const b = (press: IssuePress) => issueButton(issueId, press);
  const keyboard = new InlineKeyboard();
  for (const r of reports)
    keyboard
      .text(`➕ #${r.id} ${truncateText(r.title, LABEL_LENGTH)}`, b({ action: "add", reportId: r.id }))
      .row();
  if (page > 0) keyboard.text("◀", b({ action: "candidates", page: page - 1 }));
  if ((page + 1) * PAGE_SIZE < total) keyboard.text("▶", b({ action: "candidates", page: page + 1 }));
  keyboard.row().text(ctx.t("button-back"), b({ action: "show" }));
  const text = [
    total === 0 ? ctx.t("issue-candidates-none") : ctx.t("issue-candidates-title", { total }),
    ...reports.map((r) =>
      ctx.t("issue-candidate-line", { id: r.id, title: r.title, author: r.author, unit: r.unit ?? "—" }),
    ),
  ];
  await present(ctx, text.join("\n"), keyboard);
}

/** Pick reports for a combined piece: those already in the issue as single pieces, then the candidates. */
async function showMerge(ctx: MinyiContext, issue: IssueRecord, page: number): Promise<void> {
  const { db } = ctx.deps;
  const settings = await ctx.settings();
  const inIssue = issue.pieces.filter((p) => p.mode === "single").flatMap((p) => p.reportIds);
  const { reports: candidates, total } = await listCandidates(db, settings.ownLevel, {
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  const lines = [...(page === 0 ? await reportLines(db, inIssue) : []), ...candidates];
  const picks = new Set(await listPicks(db, issue.id, ctx.person!.id));
  const b = (press: IssuePress) => issueButton(issue.id, press);
  const keyboard = new InlineKeyboard();
  for (const r of lines)
    keyboard
      .text(
        `${picks.has(r.id) ? "☑️" : "⬜"} #${r.id} ${truncateText(r.title, LABEL_LENGTH)}`,
        b({ action: "pick", reportId: r.id }),
      )
      .row();
  if (page > 0) keyboard.text("◀", b({ action: "merge", page: page - 1 }));
  if ((page + 1) * PAGE_SIZE < total) keyboard.text("▶", b({ action: "merge", page: page + 1 }));
  keyboard
    .row()
    .text(ctx.t("issue-button-merge-done", { count: picks.size }), b({ action: "picked" }))
    .text(ctx.t("button-back"), b({ action: "show" }));
  await present(ctx, ctx.t("issue-merge-title", { count: picks.size }), keyboard);
}

async function askForText(
  ctx: MinyiContext,
  options: { i18n: I18n<BaseContext> },
  prompt: { action: "issue-title" | "issue-note"; issueId: number; pieceId: number | null },
  question: string,
): Promise<void> {
  // While a report is being written, text messages are its answers.
  if (ctx.person && (await findDraftInFlow(ctx.deps.db, ctx.person.id)))
    return alert(ctx, ctx.t("prompt-finish-report-first"));
  await runReply(
    ctx,
    options.i18n,
    askedFrom(ctx, { action: prompt.action, subjectId: prompt.issueId, pieceId: prompt.pieceId }),
  );
  await ctx.answerCallbackQuery();
  await askQuestion(ctx, { action: prompt.action, subjectId: prompt.issueId }, question);
}

/** How a typed title or 编者按 went: saved, and the issue's panel edited in place; or why not. */
async function showReplyOutcome(ctx: MinyiContext, run: ReplyRun): Promise<void> {
  const asked = run.before.asked!;
  if (run.outcome?.kind !== "issue") return;
  const change = run.outcome.result;
  if (change.kind === "too-few") return void (await ctx.reply(ctx.t("issue-merge-too-few")));
  if (change.kind !== "changed") return void (await ctx.reply(changeRefusal(ctx, change)));
  await ctx.reply(ctx.t(asked.action === "issue-title" ? "issue-title-saved" : "issue-note-saved"));
  await showIssue(ctx, asked.subjectId, undefined, asked.cardMessageId);
}
