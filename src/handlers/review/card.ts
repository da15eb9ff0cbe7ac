// Staff record what becomes of a report after review — forwarded to a level, adopted (single or combined),
// a leader's instruction (批示) or reading with comment (阅批), transferred to a department, the department's
// reply, closed — from the report's card (/report <id>, or a /find result). Every step is an event checked
// against the lifecycle and the report's version, told to the authors, and named in the timeline. The card is
// shared with /review.
import { Composer, InlineKeyboard } from "grammy";
import { idArg } from "../../bot/callback-data";
import type { MinyiContext } from "../../bot/context";
import { allowRoles } from "../../bot/guards";
import { pressesOf, readPress } from "../../bot/presses";
import { statusText } from "../../bot/render";
import { resendAttachments } from "../../bot/timeline";
import { searchReports } from "../../db/review";
import { formatLocalDate } from "../../domain/dates";
import { isStaff } from "../../domain/roles";
import { splitMessage, truncateText } from "../../domain/text";
import { cardButtons } from "./callback-data";
import { sendReportCard, showPanel } from "./panel";
import type { StaffOptions } from "./recording";
import { step } from "./steps";

const FIND_LIMIT = 20;
const BUTTONS_PER_ROW = 5;

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
        status: statusText(ctx.t, r.status, r.forwarded_level),
        author: r.author,
        unit: r.unit ?? "—",
        date: formatLocalDate(r.submitted_at, timeZone),
      }),
    );
    const keyboard = new InlineKeyboard();
    reports.forEach((r, i) => {
      keyboard.text(`#${r.id}`, cardButtons.encode({ action: "view", reportId: r.id }));
      if (i % BUTTONS_PER_ROW === BUTTONS_PER_ROW - 1) keyboard.row();
    });
    const text = [ctx.t("find-title", { total, shown: reports.length }), ...lines, "", ctx.t("find-hint")];
    const chunks = splitMessage(text.join("\n"));
    for (const [i, chunk] of chunks.entries())
      await ctx.reply(chunk, i === chunks.length - 1 ? { reply_markup: keyboard } : {});
  });

  privateChat.on("callback_query:data").filter(pressesOf(cardButtons), allowRoles(isStaff), async (ctx) => {
    const press = await readPress(ctx, cardButtons);
    if (!press) return;
    switch (press.action) {
      case "view":
        await ctx.answerCallbackQuery();
        if (!(await sendReportCard(ctx, press.reportId)))
          await ctx.reply(ctx.t("report-not-found", { id: press.reportId }));
        return;
      case "attachments":
        return resendAttachments(ctx, press.reportId);
      case "panel":
        await ctx.answerCallbackQuery();
        return showPanel(ctx, press.reportId);
      default:
        return step(ctx, options, press);
    }
  });

  return feature;
}
