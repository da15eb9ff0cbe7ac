// A report as staff read it, in Telegram HTML: what people typed is escaped, so it comes back verbatim.
import { escapeHtml, splitMessage, TELEGRAM_MESSAGE_LIMIT } from "../domain/text";

import type { Translate } from "./i18n";
import type { Period } from "../domain/periods";

export type { Translate };

/** "2026年6月" / "June 2026", "2026年第二季度" / "Q2 2026", "2026年" / "2026". */
export function periodName(t: Translate, period: Pick<Period, "kind" | "year" | "index">): string {
  // Quarters by name (q1…q4): the Chinese reads 第三季度.
  return t("period-name", {
    kind: period.kind,
    year: period.year,
    index: period.index,
    quarter: `q${period.index}`,
  });
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
  /** The level a forwarded report went up to, for 已上报（市级）. */
  forwardedLevel?: string | null;
}

/** A report's status in words; a forwarded one names the level it went up to: 已上报（市级）. */
export function statusText(t: Translate, status: string, forwardedLevel?: string | null): string {
  return status === "forwarded" && forwardedLevel
    ? t("status-forwarded-level", { level: t(`level-${forwardedLevel}`) })
    : t(`status-${status}`);
}

/** The level of a report's latest forwarding among its events (oldest first), if any. */
export function forwardedLevelOf(events: readonly { kind: string; level: string | null }[]): string | null {
  return events.findLast((e) => e.kind === "forwarded" && e.level !== null)?.level ?? null;
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
    report.status
      ? t("report-line-status", { status: statusText(t, report.status, report.forwardedLevel) })
      : undefined,
    t("report-line-category", { category: escapeHtml(report.category ?? "—") }),
    t("report-line-authors", {
      authors: escapeHtml(extras.authors.join("、") || "—"),
      unit: escapeHtml(extras.unit ?? "—"),
    }),
    extras.attachments > 0 ? t("report-line-attachments", { count: extras.attachments }) : undefined,
  ]
    .filter((line): line is string => line !== undefined)
    .join("\n");
  // Numbered as written: with the analysis skipped, the suggestions are 二、 not 三、.
  const sections = (["situation", "analysis", "suggestions"] as const)
    .filter((key) => (report[key] ?? "").trim() !== "")
    .map((key, i) => ({
      heading: `<b>${t("report-section-heading", {
        nth: (["first", "second", "third"] as const)[i] ?? "third",
        name: t(`report-section-${key}`),
      })}</b>`,
      text: report[key] ?? "",
    }));

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

/** Refusals of a step on a report that have words of their own; any other reads "refusal-other". */
const WORDED_REFUSALS: ReadonlySet<string> = new Set([
  "not-submitted",
  "not-accepted",
  "not-forwarded",
  "below-own-level",
  "not-above-own-level",
  "no-transfer",
  "rejected",
  "already-final",
  "duplicate",
]);

/** Why a step may not happen to a report, in words staff understand: the chat's card and the console alike. */
export function stepRefusalText(t: Translate, reason: string, status: string, level?: string | null): string {
  return t(WORDED_REFUSALS.has(reason) ? `refusal-${reason}` : "refusal-other", {
    status: t(`status-${status}`),
    level: level ? t(`level-${level}`) : "",
  });
}
