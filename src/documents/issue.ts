// An issue of the committee's own publication as a Word document: the masthead (《社情民意》, 2026年第3期, the
// committee that prints it and the date), the issue's 编者按, then each piece — its title, its 编者按, the
// authors, the text. A combined piece prints each report it merges under its own title. Laid out by
// src/documents/layout.ts (GB/T 9704-2012). The words come from the Chinese locale: it is the committee's paper.
import type { Translate } from "../bot/i18n";
import { localDateParts } from "../domain/periods";
import type { PrintedIssue, PrintedReport } from "../domain/issues";
import { issueLabel } from "../domain/issues";
import type { Settings } from "../domain/settings";
import {
  type Block,
  blank,
  dateText,
  docxFileName,
  documentBytes,
  heading,
  line,
  masthead,
  paragraph,
  subtitle,
  title,
} from "./layout";

const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const SECTIONS = ["situation", "analysis", "suggestions"] as const;

type IssueSettings = Pick<Settings, "name" | "publicationName" | "timeZone">;

/** 2026年第3期, or 编辑中 while the issue has no number yet. */
export function issueNumberText(t: Translate, issue: Pick<PrintedIssue, "year" | "number">): string {
  return issue.year !== null && issue.number !== null
    ? t("issue-number", { year: issue.year, number: issue.number })
    : t("issue-number-open");
}

function authorLine(t: Translate, report: PrintedReport): Block {
  return line(
    t("issue-doc-authors", { names: report.authors.join("、") || "—", unit: report.unit ?? "—" }),
    "right",
  );
}

/** The sections a report has, numbered as they stand (一、情况 二、建议 when the analysis was skipped). */
function reportText(t: Translate, report: PrintedReport): Block[] {
  const present = SECTIONS.filter((key) => report[key].trim() !== "");
  return present.flatMap((key, i) => [
    heading(1, `${NUMERALS[i]}、${t(`issue-doc-section-${key}`)}`),
    ...report[key]
      .split(/\n+/)
      .map((p) => p.trim())
      .filter((p) => p !== "")
      .map((p) => paragraph(p)),
  ]);
}

function editorNote(t: Translate, note: string | null): Block[] {
  return note?.trim() ? [paragraph({ text: t("issue-doc-editor-note"), bold: true }, note.trim())] : [];
}

/** The document's blocks; `now` dates an issue not yet published (a preview). */
export function issueBlocks(t: Translate, issue: PrintedIssue, settings: IssueSettings, now: Date): Block[] {
  const date = localDateParts(issue.publishedAt ? new Date(issue.publishedAt) : now, settings.timeZone);
  const blocks: Block[] = [
    masthead(settings.publicationName, {
      issue: issueNumberText(t, issue),
      left: t("issue-doc-issuer", { committee: settings.name }),
      right: dateText(date),
    }),
    ...editorNote(t, issue.editorNote),
  ];
  for (const [i, piece] of issue.pieces.entries()) {
    if (i > 0) blocks.push(blank());
    blocks.push(title(piece.title));
    if (piece.mode === "combined") blocks.push(subtitle(t("issue-doc-combined")));
    blocks.push(...editorNote(t, piece.editorNote));
    if (piece.mode === "single") {
      const report = piece.reports[0];
      if (report) blocks.push(authorLine(t, report), ...reportText(t, report));
      continue;
    }
    for (const report of piece.reports) {
      blocks.push(heading(2, `“${report.title}”`), authorLine(t, report), ...reportText(t, report));
    }
  }
  return blocks;
}

/** 社情民意2026年第3期.docx */
export function issueFileName(settings: Pick<Settings, "publicationName">, issue: PrintedIssue): string {
  return docxFileName(
    issue.year !== null && issue.number !== null
      ? issueLabel(settings.publicationName, issue.year, issue.number).replace(/[《》]/g, "")
      : settings.publicationName,
  );
}

export async function issueDocx(
  t: Translate,
  issue: PrintedIssue,
  settings: IssueSettings,
  now: Date,
): Promise<Uint8Array> {
  const label =
    issue.year !== null && issue.number !== null
      ? issueLabel(settings.publicationName, issue.year, issue.number)
      : `《${settings.publicationName}》`;
  return documentBytes(issueBlocks(t, issue, settings, now), { title: label, creator: settings.name });
}

/** The same issue as plain text, for the preview in chat. */
export function issuePlainText(
  t: Translate,
  issue: PrintedIssue,
  settings: IssueSettings,
  now: Date,
): string {
  return issueBlocks(t, issue, settings, now)
    .map((block) => {
      switch (block.kind) {
        case "masthead":
          return [
            `《${block.name}》`,
            block.issue ?? "",
            `${block.left ?? ""}　${block.right ?? ""}`,
            "——",
          ].join("\n");
        case "title":
        case "subtitle":
        case "heading":
          return block.text;
        case "line":
        case "paragraph":
          return block.runs.map((r) => (typeof r === "string" ? r : r.text)).join("");
        case "blank":
          return "";
        default:
          return "";
      }
    })
    .join("\n");
}
