// Recording a staff step and answering the staff member who took it: the step is an event checked against the
// lifecycle and the report's version, and told to the authors; refusals and outdated cards are said in words.
import type { I18n } from "@grammyjs/i18n";
import type { BaseContext, MinyiContext } from "../../bot/context";
import { stepRefusalText } from "../../bot/render";
import {
  checkEvents,
  type EventInput,
  eventHistory,
  isStatus,
  lastEvent,
  type RecordRefusal,
  type RecordResult,
  recordEvents,
} from "../../db/events";
import type { Report } from "../../db/schema";
import type { Status } from "../../domain/lifecycle";
import { truncateText } from "../../domain/text";
import { authorNotices } from "../../notify";
import { showPanel } from "./panel";

export interface StaffOptions {
  /** For messages to the authors, each in their own language. */
  i18n: I18n<BaseContext>;
}

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
 * Records the steps as the acting staff member with the authors' notices (queued in the same transaction; the
 * outbox sends them after this update is answered). Refusals and outdated versions are
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
  const now = ctx.deps.now();
  const result = await recordEvents(
    ctx.deps.db,
    {
      reportId,
      version,
      actorId: ctx.person!.id,
      events,
      ownLevel: settings.ownLevel,
      levels: settings.levels,
      now,
    },
    authorNotices({ i18n: options.i18n, log: ctx.deps.log }, now),
  );
  await answerRecorded(ctx, reportId, events, result);
  return result;
}

/** Answers a refusal or an outdated version, and logs a success (which the caller confirms its own way). */
export async function answerRecorded(
  ctx: MinyiContext,
  reportId: number,
  events: readonly EventInput[],
  result: RecordResult,
): Promise<void> {
  switch (result.kind) {
    case "not-found":
      return tell(ctx, ctx.t("report-not-found", { id: reportId }));
    case "stale":
      return alreadyHandled(ctx, reportId);
    case "refused":
      return tell(ctx, refusalText(ctx, result.reason, result.status, events.at(-1)?.level));
    case "recorded":
      ctx.deps.log.info("report event recorded", {
        reportId,
        kinds: events.map((e) => e.kind),
        by: ctx.person?.id,
      });
  }
}

/** Records the steps, confirms to staff and shows the card's panel as it is now. */
export async function record(
  ctx: MinyiContext,
  options: StaffOptions,
  report: Report,
  version: number,
  events: EventInput[],
) {
  const result = await applySteps(ctx, options, report.id, version, events);
  await confirmRecorded(ctx, report, events, result);
}

/**
 * Confirms recorded steps to staff and shows the card's panel as it is now: edited in place on the card pressed,
 * or on `cardMessageId` (the card whose button asked for a typed reply).
 */
export async function confirmRecorded(
  ctx: MinyiContext,
  report: Pick<Report, "id" | "title">,
  events: readonly EventInput[],
  result: RecordResult,
  cardMessageId?: number | null,
): Promise<void> {
  if (result.kind === "stale") await showPanel(ctx, report.id, undefined, cardMessageId);
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
  await showPanel(ctx, report.id, undefined, cardMessageId);
}
