// Staff record what becomes of a report after review — forwarded to a level, adopted (single or combined),
// a leader's instruction (批示) or reading with comment (阅批), transferred to a department, the department's
// reply, closed — from the report's card (/report <id>, or a /find result). Every step is an event checked
// against the lifecycle and the report's version, told to the authors, and named in the timeline. The card is
// shared with /review.
import type { I18n } from "@grammyjs/i18n";
import { Composer, InlineKeyboard } from "grammy";
import { z } from "zod";
import { callbackData, callbackParts, idArg, reportDocumentData } from "../../bot/callback-data";
import type { BaseContext, MinyiContext } from "../../bot/context";
import { allowRoles } from "../../bot/guards";
import { issueButton } from "../../bot/issue-buttons";
import { forwardedLevelOf, renderReport, statusText, stepRefusalText } from "../../bot/render";
import { describeEvent, resendAttachments } from "../../bot/timeline";
import { findDraftInFlow } from "../../db/drafts";
import {
  checkEvents,
  type EventInput,
  eventHistory,
  isStatus,
  lastEvent,
  lastTransferDepartment,
  type RecordRefusal,
  type RecordResult,
  recordEvents,
} from "../../db/events";
import { isInIssue } from "../../db/issues";
import { findReport, loadReportView } from "../../db/reports";
import { openPrompt, type PromptAction, searchReports } from "../../db/review";
import type { Report, StaffPrompt } from "../../db/schema";
import { findSimilarReports } from "../../db/similarity";
import { formatLocalDate } from "../../domain/dates";
import { mayInclude } from "../../domain/issues";
import type { EventKind, Status } from "../../domain/lifecycle";
import { isStaff } from "../../domain/roles";
import type { AdoptionMode } from "../../domain/scoring";
import { LEVELS, type Level, type Settings } from "../../domain/settings";
import { splitMessage, textLength, truncateText } from "../../domain/text";
import { notifyAuthorsOfEvents } from "../../notify";

export interface StaffOptions {
  /** For messages to the authors, each in their own language. */
  i18n: I18n<BaseContext>;
}

// ── Callback codec ────────────────────────────────────────────────────────────────────────────────────
// rv:<action>:<report>:<version>[:<arg>]        review decisions on a submitted report (queue.ts)
// rv:next:<report>                              the queue card after this one
// ra:<action>:<report>:<version>[:<level>[:<mode>]]  a step after review (fwd ado ins rdg tra rep clo)
// ra:clo:<report>:<version>:y                   closing, confirmed
// ra:view:<report> · ra:att:<report>            open the card · send the attachments again
// ra:pnl:<report>                               the card's panel as it is now, edited in place
// The version makes a button from an outdated card (or a second staff member's press) change nothing.
export const REVIEW = "rv";
export const ACTIONS = "ra";

export function reviewData(action: string, reportId: number, ...rest: (string | number)[]): string {
  return callbackData(REVIEW, action, reportId, ...rest);
}

export function actionData(action: string, reportId: number, ...rest: (string | number)[]): string {
  return callbackData(ACTIONS, action, reportId, ...rest);
}

/** The report and version a button names; undefined when the data is malformed. */
export function parseTarget(
  parts: readonly string[],
): { action: string; reportId: number; version: number | undefined; args: string[] } | undefined {
  const [action, id, version, ...args] = parts;
  const reportId = idArg.safeParse(id);
  if (!action || !reportId.success) return undefined;
  if (version === undefined) return { action, reportId: reportId.data, version: undefined, args };
  const parsedVersion = idArg.safeParse(version);
  return parsedVersion.success
    ? { action, reportId: reportId.data, version: parsedVersion.data, args }
    : undefined;
}

const levelArg = z.enum(LEVELS);
const modeArg = z.enum(["s", "c"]).transform((m): AdoptionMode => (m === "s" ? "single" : "combined"));

const STEP_KINDS = {
  fwd: "forwarded",
  ado: "adopted",
  ins: "instructed",
  rdg: "read",
  tra: "transferred",
  rep: "replied",
  clo: "closed",
} as const satisfies Record<string, EventKind>;
type StepAction = keyof typeof STEP_KINDS;

function isStepAction(action: string): action is StepAction {
  return action in STEP_KINDS;
}

/** Steps recorded at a level, chosen from buttons. */
type LeveledKind = "forwarded" | "adopted" | "instructed" | "read";
const LEVELED_KINDS: ReadonlySet<EventKind> = new Set<LeveledKind>([
  "forwarded",
  "adopted",
  "instructed",
  "read",
]);

function isLeveled(kind: EventKind): kind is LeveledKind {
  return LEVELED_KINDS.has(kind);
}

const MAX_NOTE_LENGTH = 1000;
const MAX_DEPARTMENT_LENGTH = 60;
const SIMILAR_LOOKBACK_DAYS = 365;
const FIND_LIMIT = 20;
const BUTTONS_PER_ROW = 5;

// ── Shared by /review and /report ─────────────────────────────────────────────────────────────────────

export async function stale(ctx: MinyiContext): Promise<void> {
  ctx.deps.log.warn("stale or forged callback", { from: ctx.from?.id, data: ctx.callbackQuery?.data });
  await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button"), show_alert: true });
}

/** Answers where the person is waiting: an alert under a button, otherwise a message. */
export async function tell(ctx: MinyiContext, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: truncateText(text, 190), show_alert: true });
  else await ctx.reply(text);
}

export function levelName(ctx: MinyiContext, level: string | null | undefined): string {
  return level ? ctx.t(`level-${level}`) : "";
}

/** Why a step may not happen, in words staff understand. */
export function refusalText(ctx: MinyiContext, reason: RecordRefusal, status: Status, level?: string | null) {
  return stepRefusalText(ctx.t, reason, status, level);
}

/** Tells staff that someone acted on the report since their card was shown, naming what and who. */
export async function alreadyHandled(ctx: MinyiContext, reportId: number): Promise<void> {
  const last = await lastEvent(ctx.deps.db, reportId);
  // A fixed title leaves no event, and a resubmission is the author's: then there is no staff step to name.
  if (!last || last.kind === "submitted" || last.kind === "resubmitted")
    return tell(ctx, ctx.t("action-changed", { id: reportId }));
  await tell(
    ctx,
    ctx.t("action-already-handled", {
      id: reportId,
      event: ctx.t(`event-${last.kind}`),
      name: last.actor_name ?? "—",
    }),
  );
}

/** Whether the steps may happen to the report as it is now (not looking at versions). */
export async function checkSteps(
  ctx: MinyiContext,
  report: Report,
  events: readonly EventInput[],
): Promise<{ ok: true } | { ok: false; text: string }> {
  if (!isStatus(report.status)) return { ok: false, text: ctx.t("error-stale-button") };
  const settings = await ctx.settings();
  const checked = checkEvents(report.status, await eventHistory(ctx.deps.db, report.id), events, settings);
  return checked.ok
    ? { ok: true }
    : { ok: false, text: refusalText(ctx, checked.reason, report.status, events.at(-1)?.level) };
}

/**
 * The levels to offer for a forwarding, adoption or instruction, or why none can be recorded. Levels
 * whose adoption is already recorded are left out (the own level after publication in the bulletin,
 * say, while the city may still adopt); other refusals, such as adoption above the own level before
 * forwarding, are explained once a level is chosen.
 */
async function levelChoices(
  ctx: MinyiContext,
  report: Report,
  kind: LeveledKind,
): Promise<{ ok: true; levels: Level[] } | { ok: false; text: string }> {
  if (!isStatus(report.status)) return { ok: false, text: ctx.t("error-stale-button") };
  const status = report.status;
  const settings = await ctx.settings();
  const history = await eventHistory(ctx.deps.db, report.id);
  const own = settings.levels.indexOf(settings.ownLevel);
  const candidates = settings.levels.filter((_, i) => (kind === "forwarded" ? i > own : i >= own));
  // The committee is at the top of its ladder: there is nowhere to forward to.
  if (candidates.length === 0) return { ok: false, text: ctx.t("refusal-no-level-above") };
  const verdicts = candidates.map((level) => ({
    level,
    checked: checkEvents(status, history, [{ kind, level, mode: "single" }], settings),
  }));
  const offered = verdicts.filter((v) => v.checked.ok || v.checked.reason !== "duplicate");
  // What the lifecycle says about the report as a whole (not accepted, rejected…) comes first.
  const first = verdicts[0]?.checked;
  if (first && !first.ok && first.reason !== "duplicate" && first.reason !== "not-forwarded")
    return { ok: false, text: refusalText(ctx, first.reason, status, verdicts[0]?.level) };
  if (offered.length === 0) return { ok: false, text: ctx.t("refusal-all-adopted") };
  return { ok: true, levels: offered.map((v) => v.level) };
}

/**
 * Records the steps as the acting staff member and tells the authors. Refusals and outdated versions are
 * answered here; the caller answers a success.
 */
export async function applySteps(
  ctx: MinyiContext,
  options: StaffOptions,
  reportId: number,
  version: number,
  events: readonly EventInput[],
): Promise<RecordResult> {
  const settings = await ctx.settings();
  const result = await recordEvents(ctx.deps.db, {
    reportId,
    version,
    actorId: ctx.person!.id,
    events,
    ownLevel: settings.ownLevel,
    levels: settings.levels,
    now: ctx.deps.now(),
  });
  switch (result.kind) {
    case "not-found":
      await tell(ctx, ctx.t("report-not-found", { id: reportId }));
      return result;
    case "stale":
      await alreadyHandled(ctx, reportId);
      return result;
    case "refused":
      await tell(ctx, refusalText(ctx, result.reason, result.status, events.at(-1)?.level));
      return result;
    case "recorded":
      ctx.deps.log.info("report event recorded", {
        reportId,
        kinds: events.map((e) => e.kind),
        by: ctx.person?.id,
      });
      await notifyAuthorsOfEvents(
        { db: ctx.deps.db, i18n: options.i18n, log: ctx.deps.log },
        reportId,
        result.eventIds,
        ctx.deps.now(),
      ).catch((error) => ctx.deps.log.warn("author notification failed", { reportId, error }));
      return result;
  }
}

/**
 * Asks for a typed reply (reason, instruction, department…). The submit conversation would take the
 * text as part of a report being written, so that has to be finished or left first.
 */
export async function askForText(
  ctx: MinyiContext,
  prompt: { action: PromptAction; reportId: number; version: number; level?: string | null },
  question: string,
): Promise<void> {
  // The flow waits for its next answer with no conversation open (see src/handlers/submit.ts): the draft says.
  if (ctx.person && (await findDraftInFlow(ctx.deps.db, ctx.person.id))) {
    await tell(ctx, ctx.t("prompt-finish-report-first"));
    return;
  }
  await openPrompt(ctx.deps.db, { telegramId: ctx.from!.id, ...prompt }, ctx.deps.now());
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await ctx.reply(question);
}

/** A typed note: trimmed, not too long; undefined (with an answer) when it will not do. */
export async function readNote(ctx: MinyiContext, text: string, max = MAX_NOTE_LENGTH, oneLine = false) {
  const note = text.trim();
  if (oneLine && /[\r\n]/.test(note)) {
    await ctx.reply(ctx.t("prompt-one-line"));
    return undefined;
  }
  if (textLength(note) > max) {
    await ctx.reply(ctx.t("prompt-too-long", { length: textLength(note), max }));
    return undefined;
  }
  return note === "" ? undefined : note;
}

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
 * Shows the panel as it is now: edited in place when the press came from it and it fits one message,
 * otherwise sent anew (without the report's text).
 */
async function showPanel(
  ctx: MinyiContext,
  reportId: number,
  ask?: { question: string; keyboard: InlineKeyboard },
): Promise<void> {
  const panel = await cardPanel(ctx, reportId, {}, ask);
  if (!panel) return void (await ctx.reply(ctx.t("report-not-found", { id: reportId })));
  const pressed = ctx.callbackQuery?.message;
  if (pressed && panel.chunks.length === 1) {
    try {
      await ctx.api.editMessageText(pressed.chat.id, pressed.message_id, panel.chunks[0]!, {
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

function cardKeyboard(ctx: MinyiContext, report: Report, attachments: number, options: CardOptions) {
  const keyboard = new InlineKeyboard();
  const v = report.version;
  if (report.status === "submitted") {
    keyboard
      .text(ctx.t("review-button-accept"), reviewData("acc", report.id, v))
      .text(ctx.t("review-button-return"), reviewData("ret", report.id, v))
      .text(ctx.t("review-button-reject"), reviewData("rej", report.id, v))
      .row();
  } else if (report.status !== "returned" && report.status !== "rejected") {
    if (options.includable)
      keyboard
        .text(ctx.t("card-button-add-to-issue"), issueButton(0, { action: "add", reportId: report.id }))
        .row();
    keyboard
      .text(ctx.t("action-button-forward"), actionData("fwd", report.id, v))
      .text(ctx.t("action-button-adopt"), actionData("ado", report.id, v))
      .row()
      .text(ctx.t("action-button-instruct"), actionData("ins", report.id, v))
      .text(ctx.t("action-button-read"), actionData("rdg", report.id, v))
      .row()
      .text(ctx.t("action-button-transfer"), actionData("tra", report.id, v))
      .text(ctx.t("action-button-reply"), actionData("rep", report.id, v))
      .text(ctx.t("action-button-close"), actionData("clo", report.id, v))
      .row();
  }
  if (attachments > 0)
    keyboard.text(ctx.t("card-button-attachments", { count: attachments }), actionData("att", report.id));
  keyboard.text(ctx.t("button-word-document"), reportDocumentData(report.id));
  if (options.queue) keyboard.text(ctx.t("review-button-next"), reviewData("next", report.id));
  else keyboard.text(ctx.t("card-button-refresh"), actionData("pnl", report.id));
  return keyboard;
}

async function similarReports(ctx: MinyiContext, report: Report, settings: Settings): Promise<string[]> {
  const matches = await findSimilarReports(
    ctx.deps.db,
    { title: report.title, body: `${report.situation}\n${report.analysis}\n${report.suggestions}` },
    {
      since: new Date(ctx.deps.now().getTime() - SIMILAR_LOOKBACK_DAYS * 86_400_000),
      excludeReportId: report.id,
    },
  );
  return matches.map((other) => {
    return ctx.t("card-similar-line", {
      id: other.id,
      title: other.title,
      status: ctx.t(`status-${other.status}`),
      date: formatLocalDate(other.submitted_at, settings.timeZone),
    });
  });
}

// ── The feature: /report, /find and the steps after review ───────────────────────────────────────────

export function reportActionsFeature(options: StaffOptions): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const privateChat = feature.chatType("private");

  privateChat.command("report", allowRoles(isStaff), async (ctx) => {
    const id = idArg.safeParse(ctx.match.trim().replace(/^#/, ""));
    if (!id.success) return void (await ctx.reply(ctx.t("report-usage")));
    if (!(await sendReportCard(ctx, id.data))) await ctx.reply(ctx.t("report-not-found", { id: id.data }));
  });

  privateChat.command("find", allowRoles(isStaff), async (ctx) => {
    const words = ctx.match.trim().split(/\s+/).filter(Boolean).slice(0, 5);
    if (words.length === 0) return void (await ctx.reply(ctx.t("find-usage")));
    const { reports, total } = await searchReports(ctx.deps.db, words, FIND_LIMIT);
    if (total === 0)
      return void (await ctx.reply(ctx.t("find-none", { words: truncateText(words.join(" "), 100) })));
    const { timeZone } = await ctx.settings();
    const lines = reports.map((r) =>
      ctx.t("find-line", {
        id: r.id,
        title: r.title,
        status: ctx.t(`status-${r.status}`),
        author: r.author,
        unit: r.unit ?? "—",
        date: formatLocalDate(r.submitted_at, timeZone),
      }),
    );
    const keyboard = new InlineKeyboard();
    reports.forEach((r, i) => {
      keyboard.text(`#${r.id}`, actionData("view", r.id));
      if (i % BUTTONS_PER_ROW === BUTTONS_PER_ROW - 1) keyboard.row();
    });
    const text = [ctx.t("find-title", { total, shown: reports.length }), ...lines, "", ctx.t("find-hint")];
    const chunks = splitMessage(text.join("\n"));
    for (const [i, chunk] of chunks.entries())
      await ctx.reply(chunk, i === chunks.length - 1 ? { reply_markup: keyboard } : {});
  });

  privateChat.on("callback_query:data").filter(
    (ctx) => callbackParts(ctx.callbackQuery.data, ACTIONS) !== undefined,
    allowRoles(isStaff),
    async (ctx) => {
      const target = parseTarget(callbackParts(ctx.callbackQuery.data, ACTIONS) ?? []);
      if (!target) return stale(ctx);
      if (target.action === "view") {
        await ctx.answerCallbackQuery();
        if (!(await sendReportCard(ctx, target.reportId)))
          await ctx.reply(ctx.t("report-not-found", { id: target.reportId }));
        return;
      }
      if (target.action === "att") return resendAttachments(ctx, target.reportId);
      if (target.action === "pnl") {
        await ctx.answerCallbackQuery();
        return showPanel(ctx, target.reportId);
      }
      if (!isStepAction(target.action) || target.version === undefined) return stale(ctx);
      return step(ctx, options, target.action, target.reportId, target.version, target.args);
    },
  );

  return feature;
}

/** One press on a step button: ask what is missing (level, mode, text, confirmation), or record it. */
async function step(
  ctx: MinyiContext,
  options: StaffOptions,
  action: StepAction,
  reportId: number,
  version: number,
  args: string[],
) {
  const kind = STEP_KINDS[action];
  const report = await findReport(ctx.deps.db, reportId);
  if (!report) return stale(ctx);
  const settings = await ctx.settings();
  const leveled = isLeveled(kind);
  const [levelRaw, modeRaw] = leveled ? args : [];
  let level: Level | undefined;
  if (levelRaw !== undefined) {
    const parsed = levelArg.safeParse(levelRaw);
    if (!parsed.success || !settings.levels.includes(parsed.data)) return stale(ctx);
    level = parsed.data;
  }
  const mode = modeRaw === undefined ? undefined : modeArg.safeParse(modeRaw);
  if (mode && !mode.success) return stale(ctx);

  // What the lifecycle says comes first: "a reply needs a transfer" explains more than "changed meanwhile".
  const choices = isLeveled(kind) && level === undefined ? await levelChoices(ctx, report, kind) : undefined;
  const check = choices ?? (await checkSteps(ctx, report, [{ kind, level: level ?? null }]));
  if (!check.ok) return tell(ctx, check.text);
  if (report.version !== version) {
    await alreadyHandled(ctx, reportId);
    await showPanel(ctx, reportId);
    return;
  }

  const title = report.title;
  switch (kind) {
    case "forwarded":
    case "adopted":
    case "instructed":
    case "read": {
      if (level === undefined) {
        const keyboard = new InlineKeyboard();
        for (const choice of choices?.ok ? choices.levels : [])
          keyboard.text(levelName(ctx, choice), actionData(action, reportId, version, choice));
        keyboard.row().text(ctx.t("button-back"), actionData("pnl", reportId));
        await ctx.answerCallbackQuery();
        return showPanel(ctx, reportId, {
          question: ctx.t(`action-ask-level-${action}`, { id: reportId, title }),
          keyboard,
        });
      }
      if (kind === "instructed") {
        return askForText(
          ctx,
          { action: "instruct", reportId, version, level },
          ctx.t("action-ask-instruction", { level: levelName(ctx, level) }),
        );
      }
      if (kind === "read") {
        return askForText(
          ctx,
          { action: "read", reportId, version, level },
          ctx.t("action-ask-read", { level: levelName(ctx, level) }),
        );
      }
      if (kind === "adopted" && mode === undefined) {
        const keyboard = new InlineKeyboard()
          .text(ctx.t("mode-single"), actionData(action, reportId, version, level, "s"))
          .text(ctx.t("mode-combined"), actionData(action, reportId, version, level, "c"))
          .row()
          .text(ctx.t("button-back"), actionData("pnl", reportId));
        await ctx.answerCallbackQuery();
        return showPanel(ctx, reportId, {
          question: ctx.t("action-ask-mode", { id: reportId, level: levelName(ctx, level) }),
          keyboard,
        });
      }
      return record(ctx, options, report, version, [{ kind, level, mode: mode?.data ?? null }]);
    }
    case "transferred":
      return askForText(ctx, { action: "transfer", reportId, version }, ctx.t("action-ask-department"));
    case "replied": {
      const department = await lastTransferDepartment(ctx.deps.db, reportId);
      return askForText(
        ctx,
        { action: "reply", reportId, version },
        ctx.t("action-ask-reply", { department: department ?? "—" }),
      );
    }
    case "closed":
      if (args[0] !== undefined && args[0] !== "y") return stale(ctx);
      if (args[0] !== "y") {
        await ctx.answerCallbackQuery();
        return showPanel(ctx, reportId, {
          question: ctx.t("action-confirm-close", { id: reportId, title }),
          keyboard: new InlineKeyboard()
            .text(ctx.t("action-button-confirm-close"), actionData(action, reportId, version, "y"))
            .text(ctx.t("button-back"), actionData("pnl", reportId)),
        });
      }
      return record(ctx, options, report, version, [{ kind }]);
  }
}

/** Records the steps, confirms to staff and shows the card's panel as it is now. */
async function record(
  ctx: MinyiContext,
  options: StaffOptions,
  report: Report,
  version: number,
  events: EventInput[],
) {
  const result = await applySteps(ctx, options, report.id, version, events);
  if (result.kind === "stale") await showPanel(ctx, report.id);
  if (result.kind !== "recorded") return;
  const described = events.map((e) =>
    [
      ctx.t(`event-${e.kind}`),
      levelName(ctx, e.level),
      e.mode ? ctx.t(`mode-${e.mode}`) : "",
      e.department ?? "",
    ]
      .filter((part) => part !== "")
      .join(" · "),
  );
  const recorded = ctx.t("action-recorded", {
    id: report.id,
    title: report.title,
    event: described.join("；"),
  });
  // Pressed on the card: a note under the button, and the card's panel shows the new step. Typed: said here.
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: truncateText(recorded, 190) });
  else await ctx.reply(recorded);
  await showPanel(ctx, report.id);
}

/** A typed reply to an instruction, 阅批, transfer or reply prompt (the prompt is already taken). */
export async function answerStepPrompt(
  ctx: MinyiContext,
  options: StaffOptions,
  prompt: StaffPrompt,
  text: string,
  reopen: () => Promise<void>,
): Promise<void> {
  const report = await findReport(ctx.deps.db, prompt.report_id);
  if (!report) return void (await ctx.reply(ctx.t("report-not-found", { id: prompt.report_id })));
  const oneLine = prompt.action === "transfer";
  const note = await readNote(ctx, text, oneLine ? MAX_DEPARTMENT_LENGTH : MAX_NOTE_LENGTH, oneLine);
  if (note === undefined) return reopen();
  const level = levelArg.safeParse(prompt.level);
  const event: EventInput | undefined =
    prompt.action === "instruct" && level.success
      ? { kind: "instructed", level: level.data, note }
      : prompt.action === "read" && level.success
        ? { kind: "read", level: level.data, note }
        : prompt.action === "transfer"
          ? { kind: "transferred", department: note }
          : prompt.action === "reply"
            ? { kind: "replied", note }
            : undefined;
  if (!event) return void (await ctx.reply(ctx.t("error-stale-button")));
  await record(ctx, options, report, prompt.version, [event]);
}
