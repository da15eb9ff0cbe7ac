// A report as staff read it, in Telegram HTML: what people typed is escaped, so it comes back verbatim.
import { escapeHtml, splitMessage, TELEGRAM_MESSAGE_LIMIT } from "../domain/text";

import type { Translate } from "./i18n";
import type { Period } from "../domain/periods";

export type { Translate };

/** "2026年6月" / "June 2026", "2026年第2季度" / "Q2 2026", "2026年" / "2026". */
export function periodName(t: Translate, period: Pick<Period, "kind" | "year" | "index">): string {
  return t("period-name", { kind: period.kind, year: period.year, index: period.index });
}

export interface RenderableReport {
  id?: number;
  title: string | null;
  category: string | null;
  situation: string | null;
  analysis: string | null;
  suggestions: string | null;
  urgent: number | null;
  status?: string;
}

export interface ReportExtras {
  authors: string[];
  unit: string | null;
  attachments: number;
}

/** One message when it fits, otherwise the header and each section in messages of their own. */
export function renderReport(t: Translate, report: RenderableReport, extras: ReportExtras): string[] {
  const header = [
    `<b>${escapeHtml(report.title ?? t("report-untitled"))}</b>${report.urgent ? ` ${t("report-urgent-mark")}` : ""}`,
    report.id !== undefined ? t("report-line-id", { id: report.id }) : undefined,
    report.status ? t("report-line-status", { status: t(`status-${report.status}`) }) : undefined,
    t("report-line-category", { category: escapeHtml(report.category ?? "—") }),
    t("report-line-authors", {
      authors: escapeHtml(extras.authors.join("、") || "—"),
      unit: escapeHtml(extras.unit ?? "—"),
    }),
    extras.attachments > 0 ? t("report-line-attachments", { count: extras.attachments }) : undefined,
  ]
    .filter((line): line is string => line !== undefined)
    .join("\n");
  const sections = (["situation", "analysis", "suggestions"] as const)
    .filter((key) => (report[key] ?? "").trim() !== "")
    .map((key) => ({ heading: `<b>${t(`report-section-${key}`)}</b>`, text: report[key] ?? "" }));

  const whole = [header, ...sections.map((s) => `${s.heading}\n${escapeHtml(s.text)}`)].join("\n\n");
  if (plainLength(whole) <= TELEGRAM_MESSAGE_LIMIT) return [whole];
  const messages = [header];
  for (const section of sections) {
    const chunks = splitMessage(section.text, TELEGRAM_MESSAGE_LIMIT - 200);
    chunks.forEach((chunk, i) => {
      messages.push(i === 0 ? `${section.heading}\n${escapeHtml(chunk)}` : escapeHtml(chunk));
    });
  }
  return messages;
}

/** Telegram counts the text after entities are parsed: tags do not count and entities are one character. */
function plainLength(html: string): number {
  return html.replace(/<[^>]+>/g, "").replace(/&(lt|gt|amp|quot);/g, "_").length;
}
