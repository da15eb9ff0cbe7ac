// "/review": staff work the queue of submitted reports — urgent ones first, then oldest first — one card at
// a time, and accept (optionally fixing title or category, and recording publication in the own bulletin
// as a single or combined piece), return with a reason, or reject with a reason. Also answers the typed
// replies staff owe (reasons, titles, instructions, departments, replies): their next text message.
import { Composer, InlineKeyboard } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { allowRoles } from "../../bot/guards";
import { pressesOf, readPress } from "../../bot/presses";
import { cancelPressed, passes, replyCodec, replyInputOf, runReply } from "../../bot/staff-reply";
import { changeHeading, type EventInput, type HeadingResult } from "../../db/events";
import { addSingles } from "../../db/issue-pieces";
import { openIssue } from "../../db/issues";
import { findReport } from "../../db/reports";
import type { Report } from "../../db/schema";
import type { ReplyRun } from "../../db/staff-replies";
import { isStaff } from "../../domain/roles";
import { truncateText } from "../../domain/text";
import { type ReviewPress, reviewButtons } from "./callback-data";
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

  privateChat.on("callback_query:data").filter(pressesOf(reviewButtons), allowRoles(isStaff), async (ctx) => {
    const press = await readPress(ctx, reviewButtons);
    if (!press) return;
    if (press.action === "next") {
      await ctx.answerCallbackQuery();
      return showQueueCard(ctx, press.reportId);
    }
    const report = await findReport(ctx.deps.db, press.reportId);
    if (!report) return stale(ctx);
    // Decisions apply to the card as it was shown: if anyone acted since, say who, and move on.
    if (report.version !== press.version || report.status !== "submitted") {
      await alreadyHandled(ctx, report.id);
      return showQueueCard(ctx);
    }
    const settings = await ctx.settings();
    switch (press.action) {
      case "accept":
        await ctx.answerCallbackQuery();
        return askAccept(ctx, report);
      case "publish": {
        // Published at once as a single or combined piece, accepted only, or accepted and put into the issue
        // being compiled (/issue), where 编发 is recorded when that issue is published.
        const events: EventInput[] = [{ kind: "accepted" }];
        const mode = press.as;
        if (mode === "single" || mode === "combined")
          events.push({ kind: "adopted", level: settings.ownLevel, mode });
        const result = await applySteps(ctx, options, report.id, report.version, events);
        if (result.kind === "stale") return showQueueCard(ctx);
        if (result.kind !== "recorded") return;
        await ctx.answerCallbackQuery();
        if (press.as === "issue") {
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
          mode === "none"
            ? ctx.t("review-done-accepted", { id: report.id, title: report.title })
            : ctx.t("review-done-published", {
                id: report.id,
                title: report.title,
                mode: ctx.t(`mode-${mode}`),
              }),
        );
        return showQueueCard(ctx);
      }
      case "fix-title":
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
      case "fix-category": {
        const keyboard = new InlineKeyboard();
        settings.categories.forEach((category, i) => {
          keyboard.text(
            category,
            reviewButtons.encode({
              action: "set-category",
              reportId: report.id,
              version: report.version,
              index: i,
            }),
          );
          if (i % 3 === 2) keyboard.row();
        });
        await ctx.answerCallbackQuery();
        return void (await ctx.reply(
          ctx.t("review-ask-category", { id: report.id, category: report.category }),
          { reply_markup: keyboard },
        ));
      }
      case "set-category": {
        const category = settings.categories[press.index];
        if (category === undefined) return stale(ctx);
        return fixHeading(ctx, report, { category });
      }
      case "return":
      case "reject": {
        const keyboard = new InlineKeyboard();
        settings.rejectReasons.forEach((reason, i) => {
          keyboard
            .text(
              truncateText(reason, REASON_LABEL_LENGTH),
              reviewButtons.encode({
                action: `${press.action}-reason`,
                reportId: report.id,
                version: report.version,
                index: i,
              }),
            )
            .row();
        });
        keyboard.text(
          ctx.t("review-button-other-reason"),
          reviewButtons.encode({
            action: `${press.action}-typed`,
            reportId: report.id,
            version: report.version,
          }),
        );
        const reasons = settings.rejectReasons.map((reason, i) => `${i + 1}. ${reason}`).join("\n");
        await ctx.answerCallbackQuery();
        return void (await ctx.reply(
          `${ctx.t(press.action === "return" ? "review-return-ask" : "review-reject-ask", {
            id: report.id,
            title: report.title,
          })}\n\n${reasons}`,
          { reply_markup: keyboard },
        ));
      }
      case "return-reason":
      case "reject-reason": {
        const reason = settings.rejectReasons[press.index];
        if (reason === undefined) return stale(ctx);
        return decide(
          ctx,
          options,
          report,
          press.action === "return-reason" ? "returned" : "rejected",
          reason,
        );
      }
      case "return-typed":
      case "reject-typed":
        return askForText(
          ctx,
          options,
          {
            action: press.action === "return-typed" ? "return" : "reject",
            reportId: report.id,
            version: report.version,
          },
          ctx.t("review-ask-reason"),
        );
    }
  });

  return feature;
}

async function askAccept(ctx: MinyiContext, report: Report): Promise<void> {
  const shown = { reportId: report.id, version: report.version };
  const publish = (as: Extract<ReviewPress, { action: "publish" }>["as"]) =>
    reviewButtons.encode({ action: "publish", ...shown, as });
  const keyboard = new InlineKeyboard()
    .text(ctx.t("review-button-publish-single"), publish("single"))
    .text(ctx.t("review-button-publish-combined"), publish("combined"))
    .row()
    .text(ctx.t("review-button-publish-none"), publish("none"))
    .row()
    .text(ctx.t("review-button-publish-issue"), publish("issue"))
    .row()
    .text(ctx.t("review-button-fix-title"), reviewButtons.encode({ action: "fix-title", ...shown }))
    .text(ctx.t("review-button-fix-category"), reviewButtons.encode({ action: "fix-category", ...shown }));
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
