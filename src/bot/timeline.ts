// A report's timeline and attachments as its readers get them in chat: authors in /my, staff on the card.
import type { TimelineEvent } from "../db/reports";
import { listReportAttachments } from "../db/reports";
import { formatLocalDateTime } from "../domain/dates";
import type { MinyiContext } from "./context";
import type { Translate } from "./i18n";

/** Events the authors caused themselves; every other event is staff work and names who did it. */
const AUTHOR_EVENTS: ReadonlySet<string> = new Set(["submitted", "resubmitted"]);

/** One line per event: when and what, then who (for staff work), level, mode, department; the note below. */
export function describeEvent(t: Translate, event: TimelineEvent, timeZone: string): string {
  const details = [
    !AUTHOR_EVENTS.has(event.kind) && event.actor_name ? t("my-event-by", { name: event.actor_name }) : "",
    event.level ? t("my-event-level", { level: t(`level-${event.level}`) }) : "",
    event.mode ? t("my-event-mode", { mode: t(`mode-${event.mode}`) }) : "",
    event.department ? t("my-event-department", { department: event.department }) : "",
  ].filter((part) => part !== "");
  const head = [
    t("my-event-line", {
      time: formatLocalDateTime(event.created_at, timeZone),
      kind: t(`event-${event.kind}`),
    }),
    ...details,
  ].join(" · ");
  return event.note ? `${head}\n    ${t("my-event-note", { note: event.note })}` : head;
}

/** Sends a report's photos and files again, answering the press that asked for them. */
export async function resendAttachments(ctx: MinyiContext, reportId: number): Promise<void> {
  const attachments = await listReportAttachments(ctx.deps.db, reportId);
  if (attachments.length === 0)
    return void (await ctx.answerCallbackQuery({ text: ctx.t("my-attachments-none"), show_alert: true }));
  await ctx.answerCallbackQuery();
  for (const attachment of attachments) {
    if (attachment.kind === "photo") await ctx.replyWithPhoto(attachment.file_id);
    else await ctx.replyWithDocument(attachment.file_id);
  }
}
