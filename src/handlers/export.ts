// "/export [period] [word]": the Excel bulletin of a period (src/export/bulletin.ts), or with "word" its 通报 as a
// Word document (src/documents/bulletin.ts), sent as a document, for leaders and staff in private chats. The file is in Chinese whatever the asker's language: it is the committee's document.
import type { I18n } from "@grammyjs/i18n";
import { Composer, InputFile } from "grammy";
import type { BaseContext, MinyiContext } from "../bot/context";
import { allowRoles } from "../bot/guards";
import { bulletinData } from "../db/stats-bulletin";
import { parsePeriod, periodContaining, periodLabel } from "../domain/periods";
import { isLeader, isStaff } from "../domain/roles";
import { truncateText } from "../domain/text";
import { bulletinFileName, bulletinXlsx } from "../export/bulletin";
import { bulletinDocx, documentPeriod } from "../documents/bulletin";
import { translator } from "../bot/i18n";
import { periodName } from "../bot/render";

export function exportFeature(options: { i18n: I18n<BaseContext> }): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  feature.chatType("private").command(
    "export",
    allowRoles((role) => isLeader(role) || isStaff(role)),
    async (ctx) => {
      const settings = await ctx.settings();
      const now = ctx.deps.now();
      // "word" (or "docx") after the period asks for the Word 通报 instead of the Excel bulletin.
      const format = /(?:^|\s+)(word|docx)$/i.exec(ctx.match.trim());
      const given = (format ? ctx.match.trim().slice(0, format.index) : ctx.match.trim()).trim();
      const period =
        given === ""
          ? periodContaining("year", now, settings.timeZone)
          : parsePeriod(given, now, settings.timeZone);
      if (!period)
        return void (await ctx.reply(ctx.t("stats-bad-period", { given: truncateText(given, 64) })));
      await ctx.replyWithChatAction("upload_document").catch(() => undefined);
      const data = await bulletinData(ctx.deps.db, period, settings);
      if (format) {
        const zh = translator(options.i18n, "zh");
        const { bytes, fileName } = await bulletinDocx(zh, data, settings, now);
        ctx.deps.log.info("bulletin document exported", { by: ctx.person?.id, period: periodLabel(period) });
        return void (await ctx.replyWithDocument(new InputFile(bytes, fileName), {
          caption: ctx.t("doc-bulletin-caption", {
            committee: settings.name,
            period: documentPeriod(ctx.t, period),
          }),
        }));
      }
      const bytes = await bulletinXlsx(data, settings, translator(options.i18n, "zh"), now);
      ctx.deps.log.info("bulletin exported", {
        by: ctx.person?.id,
        period: periodLabel(period),
        bytes: bytes.length,
        reports: data.reports.length,
      });
      await ctx.replyWithDocument(
        new InputFile(bytes, bulletinFileName(translator(options.i18n, "zh"), settings, period)),
        {
          caption: ctx.t("export-caption", {
            committee: settings.name,
            period: periodName(ctx.t, period),
            units: data.units.length,
            people: data.people.length,
            reports: data.reports.length,
          }),
        },
      );
    },
  );
  return feature;
}
