// Typed replies staff owe (a reason, an instruction, a department…): asked for with a prompt row, answered by
// the staff member's next text message.
import type { MinyiContext } from "../../bot/context";
import { findDraftInFlow } from "../../db/drafts";
import type { EventInput } from "../../db/events";
import { findReport } from "../../db/reports";
import { openPrompt, type PromptAction } from "../../db/review";
import type { StaffPrompt } from "../../db/schema";
import { textLength } from "../../domain/text";
import { levelArg } from "./codec";
import { record, type StaffOptions, tell } from "./recording";

const MAX_NOTE_LENGTH = 1000;
const MAX_DEPARTMENT_LENGTH = 60;

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
