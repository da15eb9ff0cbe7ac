// "/review": staff work the queue of submitted reports — urgent ones first, then oldest first — one card at
// a time, and accept (optionally fixing title or category, and recording publication in the own bulletin
// as a single or combined piece), return with a reason, or reject with a reason. Also answers the typed
// replies staff owe (reasons, titles, instructions, departments, replies): their next text message.
import { Composer, InlineKeyboard } from "grammy";
import { callbackParts } from "../../bot/callback-data";
import type { MinyiContext } from "../../bot/context";
import { allowRoles } from "../../bot/guards";
import { changeHeading, type EventInput } from "../../db/events";
import { addSingles, openIssue } from "../../db/issues";
import { findReport } from "../../db/reports";
import {
  dropPrompt,
  hasPrompt,
  type OpenPrompt,
  queueCard,
  REPORT_PROMPT_ACTIONS,
  reopenPrompt,
  takePrompt,
} from "../../db/review";
import type { Report } from "../../db/schema";
import { checkTitle } from "../../domain/draft";
import { isStaff } from "../../domain/roles";
import { truncateText } from "../../domain/text";
import { parseTarget, REVIEW, reviewData } from "./codec";
import { sendReportCard } from "./panel";
import { alreadyHandled, applySteps, type StaffOptions, stale } from "./recording";
import { answerStepPrompt, askForText, readNote } from "./typed-reply";

const MAX_REASON_LENGTH = 500;
/** Reasons are shown in full in the question; their buttons carry the start of each. */
const REASON_LABEL_LENGTH = 20;

export function reviewFeature(options: StaffOptions): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const privateChat = feature.chatType("private");

  // A staff member who owes a typed reply gives it with their next text message. Any command leaves the
  // prompt (/cancel says so); the prompt is re-read from the database, so a restart in between is fine.
  privateChat.on("message", async (ctx, next) => {
    if (!isStaff(ctx.role)) return next();
    const { db, now } = ctx.deps;
    const message = ctx.message;
    const entity = message.entities?.[0];
    if (message.text !== undefined && entity?.type === "bot_command" && entity.offset === 0) {
      const dropped = await dropPrompt(db, ctx.from.id, now());
      const command = message.text.slice(1, entity.length).split("@")[0]?.toLowerCase();
      if (dropped && command === "cancel") return void (await ctx.reply(ctx.t("prompt-cancelled")));
      return next();
    }
    if (message.text === undefined) {
      if (await hasPrompt(db, ctx.from.id, now())) return void (await ctx.reply(ctx.t("prompt-text-only")));
      return next();
    }
    const prompt = await takePrompt(db, ctx.from.id, now(), REPORT_PROMPT_ACTIONS);
    if (!prompt) return next();
    await answerPrompt(ctx, options, prompt, message.text, () => reopenPrompt(db, prompt, now()));
  });

  privateChat.command("review", allowRoles(isStaff), (ctx) => showQueueCard(ctx));

  privateChat.on("callback_query:data").filter(
    (ctx) => callbackParts(ctx.callbackQuery.data, REVIEW) !== undefined,
    allowRoles(isStaff),
    async (ctx) => {
      const target = parseTarget(callbackParts(ctx.callbackQuery.data, REVIEW) ?? []);
      if (!target) return stale(ctx);
      if (target.action === "next") {
        await ctx.answerCallbackQuery();
        return showQueueCard(ctx, target.reportId);
      }
      if (target.version === undefined) return stale(ctx);
      const report = await findReport(ctx.deps.db, target.reportId);
      if (!report) return stale(ctx);
      // Decisions apply to the card as it was shown: if anyone acted since, say who, and move on.
      if (report.version !== target.version || report.status !== "submitted") {
        await alreadyHandled(ctx, report.id);
        return showQueueCard(ctx);
      }
      const settings = await ctx.settings();
      const [arg] = target.args;
      const index = arg !== undefined && /^\d{1,2}$/.test(arg) ? Number(arg) : undefined;
      switch (target.action) {
        case "acc":
          await ctx.answerCallbackQuery();
          return askAccept(ctx, report);
        case "pub": {
          // s / c: published at once as a single or combined piece; n: accepted only; i: accepted and put into
          // the issue being compiled (/issue), where 编发 is recorded when that issue is published.
          if (arg !== "s" && arg !== "c" && arg !== "n" && arg !== "i") return stale(ctx);
          const events: EventInput[] = [{ kind: "accepted" }];
          const mode = arg === "s" ? "single" : "combined";
          if (arg === "s" || arg === "c") events.push({ kind: "adopted", level: settings.ownLevel, mode });
          const result = await applySteps(ctx, options, report.id, report.version, events);
          if (result.kind === "stale") return showQueueCard(ctx);
          if (result.kind !== "recorded") return;
          await ctx.answerCallbackQuery();
          if (arg === "i") {
            const { db, now } = ctx.deps;
            const issueId = await openIssue(db, ctx.person!.id, now());
            const added = await addSingles(db, {
              issueId,
              reportIds: [report.id],
              ownLevel: settings.ownLevel,
              now: now(),
            });
            await ctx.reply(
              ctx.t(added.kind === "changed" ? "review-done-added-to-issue" : "review-done-accepted", {
                id: report.id,
                title: report.title,
              }),
            );
            return showQueueCard(ctx);
          }
          await ctx.reply(
            arg === "n"
              ? ctx.t("review-done-accepted", { id: report.id, title: report.title })
              : ctx.t("review-done-published", {
                  id: report.id,
                  title: report.title,
                  mode: ctx.t(`mode-${mode}`),
                }),
          );
          return showQueueCard(ctx);
        }
        case "tit":
          return askForText(
            ctx,
            { action: "title", reportId: report.id, version: report.version },
            ctx.t("review-ask-title", {
              min: settings.titleMinLength,
              max: settings.titleMaxLength,
              title: report.title,
            }),
          );
        case "cat": {
          const keyboard = new InlineKeyboard();
          settings.categories.forEach((category, i) => {
            keyboard.text(category, reviewData("setcat", report.id, report.version, i));
            if (i % 3 === 2) keyboard.row();
          });
          await ctx.answerCallbackQuery();
          return void (await ctx.reply(
            ctx.t("review-ask-category", { id: report.id, category: report.category }),
            { reply_markup: keyboard },
          ));
        }
        case "setcat": {
          const category = index === undefined ? undefined : settings.categories[index];
          if (category === undefined) return stale(ctx);
          return fixHeading(ctx, report, { category });
        }
        case "ret":
        case "rej": {
          const keyboard = new InlineKeyboard();
          settings.rejectReasons.forEach((reason, i) => {
            keyboard
              .text(
                truncateText(reason, REASON_LABEL_LENGTH),
                reviewData(`${target.action}r`, report.id, report.version, i),
              )
              .row();
          });
          keyboard.text(
            ctx.t("review-button-other-reason"),
            reviewData(`${target.action}t`, report.id, report.version),
          );
          const reasons = settings.rejectReasons.map((reason, i) => `${i + 1}. ${reason}`).join("\n");
          await ctx.answerCallbackQuery();
          return void (await ctx.reply(
            `${ctx.t(target.action === "ret" ? "review-return-ask" : "review-reject-ask", {
              id: report.id,
              title: report.title,
            })}\n\n${reasons}`,
            { reply_markup: keyboard },
          ));
        }
        case "retr":
        case "rejr": {
          const reason = index === undefined ? undefined : settings.rejectReasons[index];
          if (reason === undefined) return stale(ctx);
          return decide(ctx, options, report, target.action === "retr" ? "returned" : "rejected", reason);
        }
        case "rett":
        case "rejt":
          return askForText(
            ctx,
            {
              action: target.action === "rett" ? "return" : "reject",
              reportId: report.id,
              version: report.version,
            },
            ctx.t("review-ask-reason"),
          );
        default:
          return stale(ctx);
      }
    },
  );

  return feature;
}

/** The first card of the queue, or the one after `afterId`; says so when nothing (more) waits. */
async function showQueueCard(ctx: MinyiContext, afterId?: number): Promise<void> {
  const card = await queueCard(ctx.deps.db, afterId);
  if (!card) return void (await ctx.reply(ctx.t(afterId === undefined ? "review-empty" : "review-end")));
  await sendReportCard(ctx, card.id, { queue: { position: card.position, total: card.total } });
}

async function askAccept(ctx: MinyiContext, report: Report): Promise<void> {
  const v = report.version;
  const keyboard = new InlineKeyboard()
    .text(ctx.t("review-button-publish-single"), reviewData("pub", report.id, v, "s"))
    .text(ctx.t("review-button-publish-combined"), reviewData("pub", report.id, v, "c"))
    .row()
    .text(ctx.t("review-button-publish-none"), reviewData("pub", report.id, v, "n"))
    .row()
    .text(ctx.t("review-button-publish-issue"), reviewData("pub", report.id, v, "i"))
    .row()
    .text(ctx.t("review-button-fix-title"), reviewData("tit", report.id, v))
    .text(ctx.t("review-button-fix-category"), reviewData("cat", report.id, v));
  await ctx.reply(
    ctx.t("review-accept-ask", { id: report.id, title: report.title, category: report.category }),
    { reply_markup: keyboard },
  );
}

/** Changes the title or category before accepting, then asks about accepting again (at the new version). */
async function fixHeading(ctx: MinyiContext, report: Report, change: { title?: string; category?: string }) {
  const result = await changeHeading(ctx.deps.db, {
    reportId: report.id,
    version: report.version,
    ...change,
    now: ctx.deps.now(),
  });
  if (result.kind !== "changed") {
    await alreadyHandled(ctx, report.id);
    return showQueueCard(ctx);
  }
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  const updated = { ...report, ...change, version: result.version };
  await ctx.reply(
    ctx.t("review-heading-changed", { id: report.id, title: updated.title, category: updated.category }),
  );
  await askAccept(ctx, updated);
}

async function decide(
  ctx: MinyiContext,
  options: StaffOptions,
  report: Report,
  kind: "returned" | "rejected",
  reason: string,
  version = report.version,
): Promise<void> {
  const result = await applySteps(ctx, options, report.id, version, [{ kind, note: reason }]);
  if (result.kind === "stale") return showQueueCard(ctx);
  if (result.kind !== "recorded") return;
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t(`review-done-${kind}`, { id: report.id, title: report.title }));
  await showQueueCard(ctx);
}

async function answerPrompt(
  ctx: MinyiContext,
  options: StaffOptions,
  prompt: OpenPrompt,
  text: string,
  reopen: () => Promise<void>,
): Promise<void> {
  switch (prompt.action) {
    case "title": {
      const report = await findReport(ctx.deps.db, prompt.report_id);
      if (!report) return void (await ctx.reply(ctx.t("report-not-found", { id: prompt.report_id })));
      const settings = await ctx.settings();
      const checked = checkTitle(text, settings);
      if (!checked.ok) {
        await ctx.reply(
          ctx.t(`submit-title-${checked.reason}`, {
            length: checked.length,
            min: settings.titleMinLength,
            max: settings.titleMaxLength,
          }),
        );
        return reopen();
      }
      return fixHeading(ctx, { ...report, version: prompt.version }, { title: checked.title });
    }
    case "return":
    case "reject": {
      const report = await findReport(ctx.deps.db, prompt.report_id);
      if (!report) return void (await ctx.reply(ctx.t("report-not-found", { id: prompt.report_id })));
      const reason = await readNote(ctx, text, MAX_REASON_LENGTH);
      if (reason === undefined) return reopen();
      const kind = prompt.action === "return" ? "returned" : "rejected";
      return decide(ctx, options, report, kind, reason, prompt.version);
    }
    default:
      return answerStepPrompt(ctx, options, prompt, text, reopen);
  }
}
