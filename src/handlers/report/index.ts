// Writing a report (/new, /drafts): a step machine on the draft row (see flow.ts), saved at every answer so
// nothing typed is ever lost, and submitted exactly once.
import { Composer, InlineKeyboard } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { allowRoles, refuse } from "../../bot/guards";
import { menuPress } from "../../bot/menu-buttons";
import { answerStale, pressesOf, readPress } from "../../bot/presses";
import {
  createDraft,
  deleteDraft,
  findDraft,
  findDraftInFlow,
  listOpenDrafts,
  openDraftInFlow,
  setInFlow,
} from "../../db/drafts";
import { formatLocalDate } from "../../domain/dates";
import { nextStep } from "../../domain/draft";
import { canWriteReports } from "../../domain/roles";
import { isFlowButton } from "./callback-data";
import { draftsButtons } from "./drafts-callback-data";
import { askAgain, askAgainIfWriting, type FlowOptions, handleFlowMessage, handleFlowPress } from "./flow";
import { line } from "./questions";

/** The question a person's draft in progress waits on, asked again (after /my's revision opens one). */
export { askAgain };

export function reportFeature(options: FlowOptions): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const writers = feature.chatType("private");

  // Someone who may no longer write leaves the flow they had open at their next update; its draft stays, to be
  // found in /drafts when they are back at work. Its buttons are refused like any other action of theirs.
  writers.use(async (ctx, next) => {
    if (canWriteReports(ctx.role)) return next();
    const left = ctx.deactivatedPerson && (await findDraftInFlow(ctx.deps.db, ctx.deactivatedPerson.id));
    if (left) await setInFlow(ctx.deps.db, left.id, false);
    if (isFlowButton(ctx.callbackQuery?.data)) return refuse(ctx);
    return next();
  });

  const startNew = async (ctx: MinyiContext) => {
    await createDraft(ctx.deps.db, ctx.person!.id, ctx.deps.now());
    await askAgain(ctx, [line(ctx, "submit-intro")]);
  };

  const listDrafts = async (ctx: MinyiContext) => {
    const [drafts, settings] = await Promise.all([
      listOpenDrafts(ctx.deps.db, ctx.person!.id),
      ctx.settings(),
    ]);
    if (drafts.length === 0) return void (await ctx.reply(ctx.t("drafts-none")));
    const keyboard = new InlineKeyboard();
    const lines = drafts.slice(0, 20).map((d, i) => {
      keyboard
        .text(
          `${i + 1}. ${ctx.t("drafts-button-open")}`,
          draftsButtons.encode({ action: "open", draftId: d.id }),
        )
        .text("🗑", draftsButtons.encode({ action: "delete", draftId: d.id }))
        .row();
      return ctx.t(d.report_id ? "drafts-line-revision" : "drafts-line", {
        n: i + 1,
        title: d.title ?? ctx.t("report-untitled"),
        step: ctx.t(`submit-step-${nextStep(d)}`),
        date: formatLocalDate(d.updated_at, settings.timeZone),
      });
    });
    await ctx.reply(`${ctx.t("drafts-title", { count: drafts.length })}\n\n${lines.join("\n")}`, {
      reply_markup: keyboard,
    });
    // Listed while writing one of them: its question comes again below the list, to go on where they were.
    await askAgainIfWriting(ctx);
  };

  writers.command("new", allowRoles(canWriteReports), startNew);
  writers.command("drafts", allowRoles(canWriteReports), listDrafts);
  // The main menu's buttons (see the /start welcome).
  writers.on("callback_query:data").filter(menuPress("new"), allowRoles(canWriteReports), async (ctx) => {
    await ctx.answerCallbackQuery();
    await startNew(ctx);
  });
  writers.on("callback_query:data").filter(menuPress("drafts"), allowRoles(canWriteReports), async (ctx) => {
    await ctx.answerCallbackQuery();
    await listDrafts(ctx);
  });

  writers
    .on("callback_query:data")
    .filter(pressesOf(draftsButtons), allowRoles(canWriteReports), async (ctx) => {
      const press = await readPress(ctx, draftsButtons);
      if (!press) return;
      const draft = await findDraft(ctx.deps.db, press.draftId);
      if (!draft || draft.person_id !== ctx.person!.id || draft.submitted_report_id !== null)
        return void (await answerStale(ctx));
      switch (press.action) {
        case "open":
          await ctx.answerCallbackQuery();
          await openDraftInFlow(ctx.deps.db, draft.person_id, draft.id);
          await askAgain(ctx);
          return;
        case "delete": {
          const keyboard = new InlineKeyboard().text(
            ctx.t("drafts-button-confirm-delete"),
            draftsButtons.encode({ action: "delete-confirmed", draftId: draft.id }),
          );
          await ctx.answerCallbackQuery();
          return void (await ctx.reply(
            ctx.t("drafts-confirm-delete", { title: draft.title ?? ctx.t("report-untitled") }),
            { reply_markup: keyboard },
          ));
        }
        case "delete-confirmed":
          await deleteDraft(ctx.deps.db, draft.id);
          await ctx.answerCallbackQuery({ text: ctx.t("submit-draft-discarded") });
          return;
      }
    });

  // While a report is being written, the person's messages (commands included: /cancel) and the flow's
  // buttons belong to it; other features' buttons pass through.
  writers.on("callback_query:data", (ctx, next) =>
    ctx.person ? handleFlowPress(ctx, options, next) : next(),
  );
  writers.use((ctx, next) =>
    ctx.person && canWriteReports(ctx.role) && (ctx.message || ctx.editedMessage)
      ? handleFlowMessage(ctx, options, next)
      : next(),
  );
  return feature;
}
