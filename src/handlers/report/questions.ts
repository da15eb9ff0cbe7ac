// The question of the step a draft is at, as the person sees it: its text (with what is there so far) and its
// buttons. Asked when the flow moves to a step, and again whenever the person needs to find their place.
import type { MinyiContext } from "../../bot/context";
import { renderReport } from "../../bot/render";
import type { FlowSession } from "../../db/draft-flow";
import { findPersonWithUnit } from "../../db/people";
import { findSimilarReports } from "../../db/similarity";
import { formatLocalDate } from "../../domain/dates";
import { currentStep, MAX_ATTACHMENTS } from "../../domain/draft";
import type { Settings } from "../../domain/settings";
import { splitMessage, TELEGRAM_MESSAGE_LIMIT, textLength } from "../../domain/text";
import { stepKeyboard } from "./keyboards";

const SIMILAR_LOOKBACK_DAYS = 365;

type Extra = Parameters<MinyiContext["reply"]>[1];

export async function say(ctx: MinyiContext, text: string, extra: Extra = {}) {
  await ctx.reply(text, { link_preview_options: { is_disabled: true }, ...extra });
}

export async function askQuestion(
  ctx: MinyiContext,
  session: FlowSession,
  settings: Settings,
): Promise<void> {
  const { draft } = session;
  const step = currentStep(draft);
  const keyboard = stepKeyboard(ctx.t, session, step, settings.categories);
  const markup = keyboard ? { reply_markup: keyboard } : {};
  const editing = draft.editing === 1;
  switch (step) {
    case "title": {
      const ask = ctx.t("submit-ask-title", { min: settings.titleMinLength, max: settings.titleMaxLength });
      const current = editing && draft.title ? `\n\n${ctx.t("submit-current", { text: draft.title })}` : "";
      return say(ctx, `${ask}${current}`, markup);
    }
    case "category":
      return say(ctx, ctx.t("submit-ask-category"), markup);
    case "situation":
    case "analysis":
    case "suggestions": {
      const current = draft[step];
      const intro = ctx.t(`submit-ask-${step}`, { max: settings.bodyMaxLength });
      const pendingNote = draft.pending_text
        ? `\n\n${ctx.t("submit-section-so-far", { length: textLength(draft.pending_text) })}`
        : "";
      const currentNote = editing && current ? `\n\n${ctx.t("submit-current", { text: current })}` : "";
      if (`${intro}${currentNote}${pendingNote}`.length <= TELEGRAM_MESSAGE_LIMIT)
        return say(ctx, `${intro}${currentNote}${pendingNote}`, markup);
      // A long section being edited is shown on its own, in as many messages as it takes, before the question.
      for (const part of splitMessage(currentNote.trim())) await say(ctx, part);
      return say(ctx, `${intro}${pendingNote}`, markup);
    }
    case "attachments":
      return say(
        ctx,
        ctx.t("submit-ask-attachments", { max: MAX_ATTACHMENTS, count: session.attachments.length }),
        markup,
      );
    case "coauthors":
      return say(ctx, ctx.t("submit-ask-coauthors", { chosen: chosenCoauthors(session) }), markup);
    case "urgent":
      return say(ctx, ctx.t("submit-ask-urgent"), markup);
    case "preview": {
      const person = await findPersonWithUnit(ctx.deps.db, draft.person_id);
      const messages = renderReport(ctx.t, draft, {
        authors: [person?.name ?? "—", ...session.coauthors.map((c) => c.name)],
        unit: person?.unit_name ?? null,
        attachments: session.attachments.length,
      });
      await say(ctx, ctx.t(draft.report_id ? "submit-preview-revision" : "submit-preview-intro"));
      for (const message of messages) await say(ctx, message, { parse_mode: "HTML" });
      return say(ctx, ctx.t("submit-preview-actions"), markup);
    }
    case "confirm-cancel":
      return say(ctx, ctx.t("submit-cancel-ask"), markup);
    case "confirm-submit":
      return showSimilar(ctx, session, settings, await similarReports(ctx, session));
  }
}

export function chosenCoauthors(session: FlowSession): string {
  return session.coauthors.map((c) => c.name).join("、") || "—";
}

export type SimilarReport = Awaited<ReturnType<typeof similarReports>>[number];

/** Reports of the last year that read much like this draft (not the report it revises). */
export async function similarReports(ctx: MinyiContext, session: FlowSession) {
  const d = session.draft;
  const matches = await findSimilarReports(
    ctx.deps.db,
    { title: d.title ?? "", body: `${d.situation ?? ""}\n${d.analysis ?? ""}\n${d.suggestions ?? ""}` },
    {
      since: new Date(ctx.deps.now().getTime() - SIMILAR_LOOKBACK_DAYS * 86_400_000),
      excludeReportId: d.report_id,
      excludeDraftId: d.id,
    },
  );
  return matches.map(({ id, title, status, submitted_at }) => ({ id, title, status, submitted_at }));
}

export async function showSimilar(
  ctx: MinyiContext,
  session: FlowSession,
  settings: Settings,
  similar: readonly SimilarReport[],
) {
  const lines = similar.map((s) =>
    ctx.t("submit-similar-line", {
      id: s.id,
      title: s.title,
      status: ctx.t(`status-${s.status}`),
      date: formatLocalDate(s.submitted_at, settings.timeZone),
    }),
  );
  const keyboard = stepKeyboard(ctx.t, session, "confirm-submit", settings.categories);
  await say(ctx, `${ctx.t("submit-similar-found")}\n\n${lines.join("\n")}`, {
    ...(keyboard ? { reply_markup: keyboard } : {}),
  });
}
