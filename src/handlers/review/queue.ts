// "/review": staff work the queue of submitted reports — urgent ones first, then oldest first — one card at
// a time, and accept (optionally fixing title or category, and recording publication in the own bulletin
// as a single or combined piece), return with a reason, or reject with a reason. Also answers the typed
// replies staff owe (reasons, titles, instructions, departments, replies): their next text message.
import { Composer, InlineKeyboard } from "grammy";
import { callbackParts } from "../../bot/callback-data";
import type { MinyiContext } from "../../bot/context";
import { allowRoles } from "../../bot/guards";
import { pressesOf } from "../../bot/presses";
import { cancelPressed, passes, replyCodec, replyInputOf, runReply } from "../../bot/staff-reply";
import { changeHeading, type EventInput, type HeadingResult } from "../../db/events";
import { addSingles } from "../../db/issue-pieces";
import { openIssue } from "../../db/issues";
import { findReport } from "../../db/reports";
import type { Report } from "../../db/schema";
import type { ReplyRun } from "../../db/staff-replies";
import { isStaff } from "../../domain/roles";
import { truncateText } from "../../domain/text";
import { parseTarget, REVIEW, reviewData } from "./codec";
import { showPanel, showQueueCard } from "./panel";
import { alreadyHandled, answerRecorded, applySteps, type StaffOptions, stale } from "./recording";
import { askForText, showStepOutcome } from "./typed-reply";

/** Reasons are shown in full in the question; their buttons carry the start of each. */
const REASON_LABEL_LENGTH = 20;

export function reviewFeature(options: StaffOptions): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const privateChat = feature.chatType("private");

  // A staff member who owes a typed reply gives it with their next text message. Any command leaves the reply
  // (/cancel says so). The reply's state is in the database, so a restart in between is fine. The issue compiler
  // (src/handlers/issue.ts, installed before) takes the texts that answer its own questions.
  privateChat.on("message", async (ctx, next) => {
    if (!isStaff(ctx.role)) return next();
    const run = await runReply(ctx, options.i18n, replyInputOf(ctx, "report"));
    if (passes(run)) return next();
    const asked = run.before.asked;
    if (!asked) return;
    for (const say of run.transition.say) {
      if (say.kind === "duplicate") await showPanel(ctx, asked.subjectId, undefined, asked.cardMessageId);
      if (say.kind === "outcome") await showOutcome(ctx, run);
    }
  });

  // The Cancel button under any typed reply's question (the issue compiler's too).
  privateChat
    .on("callback_query:data")
    .filter(pressesOf(replyCodec), allowRoles(isStaff), (ctx) => cancelPressed(ctx, options.i18n));

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
            options,
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
            options,
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
  return headingFixed(ctx, report, result, change);
}

async function headingFixed(
  ctx: MinyiContext,
  report: Report,
  result: HeadingResult,
  change: { title?: string; category?: string },
): Promise<void> {
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
): Promise<void> {
  const result = await applySteps(ctx, options, report.id, report.version, [{ kind, note: reason }]);
  if (result.kind === "stale") return showQueueCard(ctx);
  if (result.kind !== "recorded") return;
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t(`review-done-${kind}`, { id: report.id, title: report.title }));
  await showQueueCard(ctx);
}

/** How a typed reply about a report went: the queue's decisions here, the steps after review on the card. */
async function showOutcome(ctx: MinyiContext, run: ReplyRun): Promise<void> {
  const asked = run.before.asked!;
  const effect = run.transition.effect;
  const outcome = run.outcome;
  if (asked.action === "title" && outcome?.kind === "retitle" && effect?.kind === "retitle") {
    const report = await findReport(ctx.deps.db, asked.subjectId);
    if (!report) return void (await ctx.reply(ctx.t("report-not-found", { id: asked.subjectId })));
    return headingFixed(ctx, report, outcome.result, { title: effect.title });
  }
  if ((asked.action === "return" || asked.action === "reject") && outcome?.kind === "record") {
    const events = effect?.kind === "record" ? effect.events : [];
    await answerRecorded(ctx, asked.subjectId, events, outcome.result);
    if (outcome.result.kind === "stale") return showQueueCard(ctx);
    if (outcome.result.kind !== "recorded") return;
    const report = await findReport(ctx.deps.db, asked.subjectId);
    const kind = asked.action === "return" ? "returned" : "rejected";
    await ctx.reply(ctx.t(`review-done-${kind}`, { id: asked.subjectId, title: report?.title ?? "" }));
    return showQueueCard(ctx);
  }
  return showStepOutcome(ctx, run);
}
