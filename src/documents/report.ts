// One report as a Word document in the office's layout, as it goes upward: the title, 反映人（单位）and the
// co-authors, the sections numbered 一、二、三 as they were written (a skipped section takes no number), and
// the attachments listed. Labels come from locales/ (callers pass the Chinese translator: the document is the
// committee's).
import type { Translate } from "../bot/i18n";
import type { DocumentAuthor } from "../db/documents";
import type { Attachment } from "../db/schema";
import { chineseNumeral } from "../domain/numerals";
import {
  type Block,
  attachments,
  documentBytes,
  docxFileName,
  heading,
  paragraph,
  subtitle,
  title,
} from "./layout";

export interface ReportDocumentInput {
  title: string;
  situation: string;
  analysis: string;
  suggestions: string;
  authors: DocumentAuthor[];
  /** The report's unit, for a main author who has none of their own now. */
  unit: string | null;
  attachments: Pick<Attachment, "kind" | "file_name">[];
}

const SECTIONS = ["situation", "analysis", "suggestions"] as const;

/** Each non-empty line of a section is a paragraph of its own. */
export function paragraphsOf(text: string): Block[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => paragraph(line));
}

function authorName(t: Translate, author: Pick<DocumentAuthor, "name" | "unit">): string {
  return author.unit ? t("doc-person-unit", { name: author.name, unit: author.unit }) : author.name;
}

export function reportBlocks(t: Translate, report: ReportDocumentInput): Block[] {
  const [main, ...coauthors] = report.authors;
  const blocks: Block[] = [title(report.title)];
  if (main)
    blocks.push(
      subtitle(
        t("doc-report-author", { author: authorName(t, { ...main, unit: main.unit ?? report.unit }) }),
      ),
    );
  if (coauthors.length > 0)
    blocks.push(
      subtitle(t("doc-report-coauthors", { authors: coauthors.map((a) => authorName(t, a)).join("、") })),
    );
  let number = 0;
  for (const key of SECTIONS) {
    const body = paragraphsOf(report[key]);
    if (body.length === 0) continue;
    number += 1;
    blocks.push(heading(1, `${chineseNumeral(number)}、${t(`doc-section-${key}`)}`), ...body);
  }
  if (report.attachments.length > 0)
    blocks.push(
      attachments(
        report.attachments.map((a, i) =>
          a.kind === "photo" || !a.file_name
            ? t("doc-attachment-unnamed", { kind: a.kind, n: i + 1 })
            : a.file_name,
        ),
      ),
    );
  return blocks;
}

export async function reportDocx(t: Translate, report: ReportDocumentInput) {
  return {
    bytes: await documentBytes(reportBlocks(t, report), { title: report.title }),
    fileName: docxFileName(report.title),
  };
}
