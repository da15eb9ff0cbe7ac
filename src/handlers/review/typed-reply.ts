// Typed replies staff owe about a report (a reason, a title, an instruction, a department…): asked for from a
// button, answered by their next text message through the step machine (src/bot/staff-reply.ts). The steps after
// review show their outcome here; the queue's decisions (queue.ts) show theirs there.

import type { MinyiContext } from "../../bot/context";
import { askedFrom, askQuestion, runReply } from "../../bot/staff-reply";
import { findDraftInFlow } from "../../db/drafts";
import { findReport } from "../../db/reports";
import type { ReplyRun } from "../../db/staff-replies";
import type { Level } from "../../domain/settings";
import type { ReplyAction } from "../../domain/staff-reply";
import { answerRecorded, confirmRecorded, type StaffOptions, tell } from "./recording";

/**
 * Asks for a typed reply, replacing any still owed. The report flow would take the text as part of a report
 * being written, so that has to be finished or left first.
 */
export async function askForText(
  ctx: MinyiContext,
  options: StaffOptions,
  prompt: { action: ReplyAction; reportId: number; version: number; level?: Level | null },
  question: string,
): Promise<void> {
  // The flow waits for its next answer with no conversation open (see src/handlers/report): the draft says.
  if (ctx.person && (await findDraftInFlow(ctx.deps.db, ctx.person.id))) {
    await tell(ctx, ctx.t("prompt-finish-report-first"));
    return;
  }
  const { action, reportId, version, level } = prompt;
  await runReply(
    ctx,
    options.i18n,
    askedFrom(ctx, { action, subjectId: reportId, version, level: level ?? null }),
  );
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await askQuestion(ctx, { action, subjectId: reportId }, question);
}

/** The outcome of a typed 批示, 阅批, transfer or reply: confirmed, and the card edited in place. */
export async function showStepOutcome(ctx: MinyiContext, run: ReplyRun): Promise<void> {
  const asked = run.before.asked!;
  const effect = run.transition.effect;
  if (run.outcome?.kind !== "record" || effect?.kind !== "record") return;
  const result = run.outcome.result;
  await answerRecorded(ctx, asked.subjectId, effect.events, result);
  const report = await findReport(ctx.deps.db, asked.subjectId);
  if (!report) return;
  await confirmRecorded(ctx, report, effect.events, result, asked.cardMessageId);
}
