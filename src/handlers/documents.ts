// Word documents on request: a report's .docx in the office's layout (src/documents/report.ts), from the
// staff card or from /my. The file is in Chinese whatever the asker's language: it is the committee's
// document. Who may have it is checked on every press, since a button's data can be forged: the report's
// authors, staff and leaders.
import type { I18n } from "@grammyjs/i18n";
import { Composer, InputFile } from "grammy";
import type { BaseContext, MinyiContext } from "../bot/context";
import { documentButtons } from "../bot/document-buttons";
import { allowRoles } from "../bot/guards";
import { translator } from "../bot/i18n";
import { pressesOf, readPress } from "../bot/presses";
import { reportAuthorsWithUnits } from "../db/documents";
import { authorPosition, loadReportView } from "../db/reports";
import { reportDocx } from "../documents/report";
import { isLeader, isStaff, type Role } from "../domain/roles";

const anyBoundPerson = (role: Role | undefined) => role !== undefined;

export function documentsFeature(options: { i18n: I18n<BaseContext> }): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  feature
    .chatType("private")
    .on("callback_query:data")
    .filter(pressesOf(documentButtons), allowRoles(anyBoundPerson), async (ctx) => {
      const press = await readPress(ctx, documentButtons);
      if (!press) return;
      const { reportId } = press;
      const mayHaveAny = isStaff(ctx.role) || isLeader(ctx.role);
      if (!mayHaveAny && (await authorPosition(ctx.deps.db, reportId, ctx.person!.id)) === undefined)
        return refused(ctx);
      const [view, authors] = await Promise.all([
        loadReportView(ctx.deps.db, reportId),
        reportAuthorsWithUnits(ctx.deps.db, reportId),
      ]);
      if (!view) return refused(ctx);
      await ctx.answerCallbackQuery({ text: ctx.t("doc-preparing") });
      await ctx.replyWithChatAction("upload_document").catch(() => undefined);
      const { report } = view;
      const { bytes, fileName } = await reportDocx(translator(options.i18n, "zh"), {
        ...report,
        authors,
        unit: view.unitName,
        attachments: view.attachments,
      });
      ctx.deps.log.info("report document sent", { reportId, by: ctx.person?.id, bytes: bytes.length });
      await ctx.replyWithDocument(new InputFile(bytes, fileName), {
        caption: ctx.t("doc-report-caption", { id: report.id, title: report.title }),
      });
    });
  return feature;
}

/** A press for a report the person may not have, or that is not there, changes nothing and says so. */
async function refused(ctx: MinyiContext): Promise<void> {
  ctx.deps.log.warn("document refused: stale or forged callback", {
    from: ctx.from?.id,
    data: ctx.callbackQuery?.data,
  });
  await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button"), show_alert: true });
}
