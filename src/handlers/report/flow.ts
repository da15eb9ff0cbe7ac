// Each update of a report being written: read as a flow input, resolved where it needs I/O first (a .docx
// read, a co-author looked up, similar reports found), applied to the draft in one transaction
// (src/db/draft-flow.ts), then answered as the transition says.
import { GrammyError } from "grammy";
import type { Update } from "grammy/types";
import type { I18n } from "@grammyjs/i18n";
import type { BaseContext, MinyiContext } from "../../bot/context";
import { type FlowRun, type FlowSession, loadFlowSession, runFlowStep } from "../../db/draft-flow";
import { findDraft, findDraftInFlow, searchCoauthors } from "../../db/drafts";
import { findPersonWithUnit } from "../../db/people";
import { isDocx } from "../../files/docx";
import { FILE_LIMITS, MB } from "../../files/limits";
import { type Download, downloadDocxText } from "../../files/read";
import { currentStep, isSectionStep } from "../../domain/draft";
import { type FlowInput, transition } from "../../domain/report-flow";
import type { Settings } from "../../domain/settings";
import { comparedText, type SignedText, signText } from "../../domain/similarity";
import { staffNotices } from "../../notify";
import { readFlowButton } from "./callback-data";
import { type Placement, showLive } from "./live";
import {
  editMenuView,
  endView,
  type LiveView,
  line,
  pickerView,
  questionView,
  type SimilarReport,
  similarReports,
  similarView,
} from "./questions";

/**
 * Commands that only show something (the person's reports, their standing, help): they work while a report is
 * being written, and the question is shown again below their answer.
 */
const SHOW_COMMANDS: ReadonlySet<string> = new Set(["my", "me", "help", "start", "lang", "stats", "rank"]);

type Raw =
  | { kind: "text"; text: string; messageId: number }
  | { kind: "command"; command: string; messageId: number }
  | { kind: "photo"; fileId: string; uniqueId: string; messageId: number }
  | {
      kind: "document";
      fileId: string;
      uniqueId: string;
      fileName: string | null;
      mimeType: string | undefined;
      size: number;
      messageId: number;
    }
  | { kind: "edited" }
  | { kind: "other"; messageId: number | undefined };

function readMessage(update: Update): Raw {
  if (update.edited_message) return { kind: "edited" };
  const message = update.message;
  if (!message) return { kind: "other", messageId: undefined };
  const messageId = message.message_id;
  if (message.text !== undefined) {
    const entity = message.entities?.[0];
    if (entity?.type === "bot_command" && entity.offset === 0)
      return {
        kind: "command",
        command: message.text.slice(1, entity.length).split("@")[0]?.toLowerCase() ?? "",
        messageId,
      };
    return { kind: "text", text: message.text, messageId };
  }
  if (message.photo && message.photo.length > 0) {
    const largest = message.photo[message.photo.length - 1]!;
    return { kind: "photo", fileId: largest.file_id, uniqueId: largest.file_unique_id, messageId };
  }
  if (message.document) {
    const d = message.document;
    return {
      kind: "document",
      fileId: d.file_id,
      uniqueId: d.file_unique_id,
      fileName: d.file_name ?? null,
      mimeType: d.mime_type,
      size: d.file_size ?? 0,
      messageId,
    };
  }
  return { kind: "other", messageId };
}

export interface FlowOptions {
  downloadFile: Download;
  i18n: I18n<BaseContext>;
}

/** A message of a person with a draft in the flow; next() when they have none. */
export async function handleFlowMessage(ctx: MinyiContext, options: FlowOptions, next: () => Promise<void>) {
  // Known from the update's first statement: nothing is being written, and what comes before opens no draft.
  if (ctx.draftInFlowAtStart === false) return next();
  const person = ctx.person!;
  const raw = readMessage(ctx.update);
  if (raw.kind === "command" && SHOW_COMMANDS.has(raw.command)) {
    await next();
    await askAgain(ctx);
    return;
  }
  let input: FlowInput;
  switch (raw.kind) {
    case "text":
      input = { kind: "text", text: raw.text };
      break;
    case "command":
      input = { kind: "command", command: raw.command };
      break;
    case "photo":
      input = {
        kind: "file",
        file: { kind: "photo", file_id: raw.fileId, file_unique_id: raw.uniqueId, file_name: null },
      };
      break;
    case "document": {
      const file = {
        kind: "document",
        file_id: raw.fileId,
        file_unique_id: raw.uniqueId,
        file_name: raw.fileName,
      } as const;
      input = { kind: "file", file };
      if (isDocx(raw.fileName ?? undefined, raw.mimeType)) {
        const draft = await findDraftInFlow(ctx.deps.db, person.id);
        if (!draft) return next();
        if (isSectionStep(currentStep(draft))) input = await readDocx(ctx, options, raw.fileId, raw.size);
      }
      break;
    }
    case "edited":
      input = { kind: "edited" };
      break;
    default:
      input = { kind: "other" };
  }
  const messageId = "messageId" in raw ? raw.messageId : undefined;
  const settings = await ctx.settings();
  const now = ctx.deps.now();
  const run = await runFlowStep(
    ctx.deps.db,
    {
      personId: person.id,
      messageId: input.kind === "command" ? undefined : messageId,
      lists: input.kind === "file",
      afterSubmitted: afterSubmitted(ctx, options, settings, now),
      update: ctx.heldUpdate,
    },
    (state) => transition(state, input, settings),
    now,
  );
  if (run.kind === "none") return next();
  markedIfDone(ctx, run);
  await tell(ctx, run, settings, undefined);
}

async function readDocx(
  ctx: MinyiContext,
  options: FlowOptions,
  fileId: string,
  size: number,
): Promise<FlowInput> {
  const tooLarge = { key: "file-too-large", limit: FILE_LIMITS.docxBytes / MB };
  if (size > FILE_LIMITS.docxBytes) return { kind: "docx-failed", refusal: tooLarge };
  try {
    // Download capped by bytes read, container vetted and parsed away from the bot's event loop (src/files).
    const read = await downloadDocxText(options.downloadFile, fileId, ctx.deps.files);
    if (read.ok) return { kind: "docx", text: read.value };
    ctx.deps.log.warn("docx refused", { by: ctx.person?.id, refusal: read.refusal });
    const { refusal } = read;
    return refusal.reason === "unreadable"
      ? { kind: "docx-failed" }
      : { kind: "docx-failed", refusal: { key: `file-${refusal.reason}`, limit: refusal.limit } };
  } catch (error) {
    ctx.deps.log.warn("docx extraction failed", { error });
    return { kind: "docx-failed" };
  }
}

/** A press of one of the flow's buttons (any version). */
export async function handleFlowPress(ctx: MinyiContext, options: FlowOptions, next: () => Promise<void>) {
  const decoded = readFlowButton(ctx.callbackQuery?.data);
  if (decoded.kind === "foreign") return next();
  const person = ctx.person!;
  const { db } = ctx.deps;
  if (decoded.kind === "outdated") {
    await ctx.answerCallbackQuery({ text: ctx.t("submit-button-outdated"), show_alert: true });
    const session = await loadInFlow(ctx);
    if (session)
      await showLive(ctx, session.draft, await questionView(ctx, session, await ctx.settings()), "fresh");
    return;
  }
  const { press, draftId } = decoded;
  let candidate: { name: string } | undefined;
  let similar: SimilarReport[] | undefined;
  let signed: SignedText | undefined;
  if (press.action === "coauthor") {
    const found = await findPersonWithUnit(db, press.personId);
    if (found?.active === 1 && found.telegram_id !== null && found.id !== person.id)
      candidate = { name: found.name };
  }
  if (press.action === "submit" && !press.anyway) {
    const draft = await findDraft(db, draftId);
    // Only the presser's own draft: a forged id must not cost a search, nor shape the answer.
    if (draft?.person_id === person.id && draft.in_flow === 1 && currentStep(draft) === "preview") {
      signed = signText(comparedText(draft));
      similar = await similarReports(ctx, draft, signed);
    }
  }
  const settings = await ctx.settings();
  const input: FlowInput = { kind: "press", press, candidate, similar: similar?.length ?? 0 };
  const now = ctx.deps.now();
  const run = await runFlowStep(
    db,
    {
      personId: person.id,
      draftId,
      afterSubmitted: afterSubmitted(ctx, options, settings, now),
      signed,
      update: ctx.heldUpdate,
    },
    (state) => transition(state, input, settings),
    now,
  );
  if (run.kind === "none") return pressOutsideFlow(ctx, draftId);
  markedIfDone(ctx, run);
  await tell(ctx, run, settings, similar);
}

function ignoreAnsweredAlready(error: unknown): void {
  if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
}

/** A step's transaction marked the update applied (runFlowStep): the middleware writes no done mark after it. */
function markedIfDone(ctx: MinyiContext, run: FlowRun): void {
  if (run.kind === "done" && ctx.heldUpdate) ctx.heldUpdate.markedInTransaction = true;
}

/** A press for a draft that is not being written: where it went, or the way back to it. */
async function pressOutsideFlow(ctx: MinyiContext, draftId: number) {
  const draft = await findDraft(ctx.deps.db, draftId);
  if (draft && draft.person_id === ctx.person?.id && draft.submitted_report_id !== null)
    return void (await ctx.answerCallbackQuery({
      text: ctx.t("submit-already", { id: draft.submitted_report_id }),
      show_alert: true,
    }));
  await ctx.answerCallbackQuery({
    text: ctx.t(
      draft && draft.person_id === ctx.person?.id ? "submit-button-stale-draft" : "error-stale-button",
    ),
    show_alert: true,
  });
}

async function loadInFlow(ctx: MinyiContext): Promise<FlowSession | undefined> {
  return loadFlowSession(ctx.deps.db, ctx.person!.id);
}

/**
 * askAgain after something that opens no draft (a list of drafts): nothing to ask, and nothing to read, when no
 * report was being written as the update began.
 */
export async function askAgainIfWriting(ctx: MinyiContext): Promise<boolean> {
  return ctx.draftInFlowAtStart === false ? false : askAgain(ctx);
}

/**
 * Shows the question of the draft being written, if any, in a fresh live message (after /drafts, /my, … or a
 * reminder), with `notices` (HTML) above it.
 */
export async function askAgain(ctx: MinyiContext, notices: readonly string[] = []): Promise<boolean> {
  const session = ctx.person ? await loadInFlow(ctx) : undefined;
  if (!session) return false;
  await showLive(
    ctx,
    session.draft,
    await questionView(ctx, session, await ctx.settings(), notices),
    "fresh",
  );
  return true;
}

/** Operations that only add to the step the person is at: its live message is edited rather than resent. */
const ADDING = new Set(["append-pending", "append-suggestions", "add-attachment"]);

async function tell(
  ctx: MinyiContext,
  run: Exclude<FlowRun, { kind: "none" }>,
  settings: Settings,
  similar?: SimilarReport[],
) {
  const pressed = ctx.callbackQuery !== undefined;
  let answered = false;
  if (run.kind === "duplicate") {
    // A press delivered again may have been answered by its first delivery; Telegram refuses a second answer.
    if (pressed) await ctx.answerCallbackQuery().catch(ignoreAnsweredAlready);
    return showLive(ctx, run.session.draft, await questionView(ctx, run.session, settings), "edit");
  }
  const { session, before, transition } = run;
  const notices: string[] = [];
  let view: LiveView | undefined;
  for (const item of transition.say) {
    switch (item.kind) {
      case "answer":
        if (!pressed || answered) break;
        answered = true;
        await ctx.answerCallbackQuery(
          item.message || item.text
            ? {
                text: item.text ?? ctx.t(item.message!.key, item.message!.vars),
                show_alert: item.alert ?? false,
              }
            : {},
        );
        break;
      case "reply":
        notices.push(line(ctx, item.message.key, item.message.vars));
        break;
      case "ask":
        break;
      case "edit-menu":
        if (session) view = editMenuView(ctx, session, notices);
        break;
      case "similar":
        if (session) view = await similarView(ctx, session, settings, similar ?? [], notices);
        break;
      case "search-coauthors": {
        if (!session) break;
        const found = item.query
          ? await searchCoauthors(ctx.deps.db, item.query, session.draft.person_id)
          : [];
        if (found.length > 0) view = pickerView(ctx, session, found);
        else notices.push(line(ctx, "submit-coauthor-none", { query: item.query }));
        break;
      }
      case "submitted": {
        const result = run.submitted;
        if (!result) break;
        if (result.kind === "submitted")
          notices.push(
            line(ctx, result.resubmitted ? "submit-resubmitted" : "submit-done", { id: result.reportId }),
          );
        else if (result.kind === "already-submitted")
          notices.push(line(ctx, "submit-already", { id: result.reportId }));
        else notices.push(line(ctx, `submit-failed-${result.kind}`));
        break;
      }
    }
  }
  if (pressed && !answered) await ctx.answerCallbackQuery();
  const ended = !session || session.draft.in_flow === 0 || session.draft.submitted_report_id !== null;
  // A tap answers on the message tapped; a message that only adds to the step is acknowledged there too; any
  // other message (it moved the flow on, or was refused) gets the question again below it.
  const stayed = session !== undefined && currentStep(session.draft) === currentStep(before.draft);
  const placement: Placement =
    pressed || (stayed && transition.operation !== undefined && ADDING.has(transition.operation.kind))
      ? "edit"
      : "fresh";
  if (ended) await showLive(ctx, (session ?? before).draft, await endView(ctx, session, notices), placement);
  else if (session)
    await showLive(
      ctx,
      session.draft,
      view ?? (await questionView(ctx, session, settings, notices)),
      placement,
    );
}

/** Staff's notices of a submission, queued with it when they are told at once (else the daily digest tells them). */
function afterSubmitted(ctx: MinyiContext, options: FlowOptions, settings: Settings, now: Date) {
  return settings.notifyStaff === "immediately"
    ? staffNotices({ i18n: options.i18n, log: ctx.deps.log }, now)
    : undefined;
}
