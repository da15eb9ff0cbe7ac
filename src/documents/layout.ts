// Word documents in the layout of GB/T 9704-2012 (党政机关公文格式), which is how the office prints everything
// it sends: A4, margins 37/35/28/26 mm, 22 lines of 28 characters, the title in 方正小标宋简体 二号, the body
// in 仿宋_GB2312 三号, headings in 黑体 / 楷体_GB2312, page numbers 4号 with dashes on the outer edge.
// Documents are lists of plain blocks; `documentBytes` packs them with `docx` (pure JavaScript), so Node and
// the Worker make the same bytes.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";

/** Twentieths of a point (Word's unit for lengths) in one millimetre. */
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);

export const PAGE = {
  width: mm(210),
  height: mm(297),
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
} as const;

/** The type area (版心): 156 × 225 mm. */
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;
const TEXT_HEIGHT = PAGE.height - PAGE.margin.top - PAGE.margin.bottom;
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
/** One line of the grid: 225 mm / 22 ≈ 28.9 pt. */
export const LINE_PITCH = Math.floor(TEXT_HEIGHT / LINES_PER_PAGE);

export const FONTS = {
  title: "方正小标宋简体",
  body: "仿宋_GB2312",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  pageNumber: "宋体",
  latin: "Times New Roman",
} as const;

/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 4号 14 pt, 小四 12 pt. */
export const SIZES = { title: 44, body: 32, pageNumber: 28, table: 24, masthead: 72 } as const;

/**
 * 28 characters in the 156 mm line: 三号 is 16 pt and the line holds 15.79 pt a character, so the body's
 * characters are set 0.25 pt closer. This works in Word, WPS and LibreOffice alike, where a character grid
 * (docGrid linesAndChars) is drawn by LibreOffice at twice the width.
 */
const CHARACTER_SPACING = -5;
/** One character of the body on the grid; the first line is indented by two, the 落款 stands four from the edge. */
const CHAR = Math.round(TEXT_WIDTH / CHARS_PER_LINE);
const TWO_CHARS = 2 * CHAR;

const RED = "E60012";

export type Align = "left" | "center" | "right";
export type Run = string | { text: string; bold?: boolean };

export type Block =
  /** The 版头 of a publication: its name in red, the 期号, the editor and the date, and a red rule. */
  | { kind: "masthead"; name: string; issue?: string; left?: string; right?: string }
  | { kind: "title"; text: string }
  /** A centered line under the title in 楷体 (the author, the 期号). */
  | { kind: "subtitle"; text: string }
  /** A line without the paragraph indent (反映人：…, 主送：…). */
  | { kind: "line"; runs: Run[]; align?: Align }
  | { kind: "heading"; level: 1 | 2; text: string }
  | { kind: "paragraph"; runs: Run[] }
  | { kind: "table"; header: string[]; rows: string[][]; widths?: number[]; align?: Align[] }
  | { kind: "attachments"; items: string[] }
  /** The 落款: the date four characters from the right edge, the issuing body centred over it. */
  | { kind: "signature"; text: string; date?: string }
  | { kind: "rule"; color?: "red" | "black" }
  | { kind: "blank" }
  | { kind: "pageBreak" };

export const title = (text: string): Block => ({ kind: "title", text });
export const subtitle = (text: string): Block => ({ kind: "subtitle", text });
export const line = (runs: Run | Run[], align?: Align): Block => ({
  kind: "line",
  runs: Array.isArray(runs) ? runs : [runs],
  align,
});
export const heading = (level: 1 | 2, text: string): Block => ({ kind: "heading", level, text });
export const paragraph = (...runs: Run[]): Block => ({ kind: "paragraph", runs });
export const table = (
  header: string[],
  rows: string[][],
  options: { widths?: number[]; align?: Align[] } = {},
): Block => ({ kind: "table", header, rows, ...options });
export const attachments = (items: string[]): Block => ({ kind: "attachments", items });
export const signature = (
  text: string,
  date?: { year: number; month: number; day: number } | string,
): Block => ({
  kind: "signature",
  text,
  date: date === undefined || typeof date === "string" ? date : dateText(date),
});
export const blank = (): Block => ({ kind: "blank" });
export const rule = (color: "red" | "black" = "black"): Block => ({ kind: "rule", color });
export const pageBreak = (): Block => ({ kind: "pageBreak" });
export const masthead = (
  name: string,
  extra: { issue?: string; left?: string; right?: string } = {},
): Block => ({
  kind: "masthead",
  name,
  ...extra,
});

/** 成文日期 in Arabic digits, as GB/T 9704-2012 writes it: 2026年12月6日. */
export function dateText(date: { year: number; month: number; day: number }): string {
  return `${date.year}年${date.month}月${date.day}日`;
}
/** Width in characters of the body: ASCII (半角) counts half. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.charCodeAt(0) < 0x80 ? 0.5 : 1;
  return width;
}

function font(name: string) {
  return { eastAsia: name, ascii: FONTS.latin, hAnsi: FONTS.latin, cs: FONTS.latin };
}

/** Exact line spacing on the line grid keeps 22 lines a page in Word, WPS and LibreOffice alike. */
const onGrid = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function runs(content: Run[]): TextRun[] {
  return content.map((r) =>
    typeof r === "string" ? new TextRun(r) : new TextRun({ text: r.text, bold: r.bold }),
  );
}

function tableBlock(block: Extract<Block, { kind: "table" }>): Table {
  const columns = block.header.length;
  const weights = block.widths?.length === columns ? block.widths : block.header.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((TEXT_WIDTH * w) / total));
  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, column: number, header: boolean) =>
    new TableCell({
      width: { size: widths[column]!, type: WidthType.DXA },
      borders,
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { left: 60, right: 60 },
      children: [
        new Paragraph({
          style: header ? "TableHeader" : "TableText",
          alignment: header ? AlignmentType.CENTER : ALIGN[block.align?.[column] ?? "left"],
          children: [new TextRun(text)],
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: block.header.map((h, i) => cell(h, i, true)) }),
      ...block.rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: block.header.map((_, i) => cell(row[i] ?? "", i, false)),
          }),
      ),
    ],
  });
}

function render(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case "masthead":
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 0, after: 240 },
          children: [
            new TextRun({ text: block.name, font: font(FONTS.title), size: SIZES.masthead, color: RED }),
          ],
        }),
        ...(block.issue ? [new Paragraph({ style: "Subtitle", children: [new TextRun(block.issue)] })] : []),
        new Paragraph({
          style: "Line",
          tabStops: [{ type: "right", position: TEXT_WIDTH }],
          border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 } },
          children: [new TextRun(block.left ?? ""), new TextRun({ text: `\t${block.right ?? ""}` })],
        }),
        new Paragraph({ style: "Line", children: [] }),
      ];
    case "title":
      return [new Paragraph({ style: "Title", children: [new TextRun(block.text)] })];
    case "subtitle":
      return [new Paragraph({ style: "Subtitle", children: [new TextRun(block.text)] })];
    case "line":
      return [
        new Paragraph({ style: "Line", alignment: ALIGN[block.align ?? "left"], children: runs(block.runs) }),
      ];
    case "heading":
      return [
        new Paragraph({
          style: block.level === 1 ? "Heading1" : "Heading2",
          children: [new TextRun(block.text)],
        }),
      ];
    case "paragraph":
      return [new Paragraph({ style: "Normal", children: runs(block.runs) })];
    case "table":
      return [tableBlock(block)];
    case "attachments":
      // A blank line, then 附件：1. … two characters in, the next items aligned under the first (GB/T 9704-2012 7.3.4).
      return [
        new Paragraph({ style: "Line", children: [] }),
        ...block.items.map(
          (item, i) =>
            new Paragraph({
              style: "Line",
              indent: { left: CHAR * 5, hanging: i === 0 ? CHAR * 3 : 0 },
              children: [
                new TextRun(`${i === 0 ? "附件：" : ""}${block.items.length > 1 ? `${i + 1}. ` : ""}${item}`),
              ],
            }),
        ),
      ];
    case "signature": {
      const date = block.date;
      // Centred over the date: its right indent moves by half the difference of their widths.
      const offset = date === undefined ? 0 : (textWidth(date) - textWidth(block.text)) / 2;
      const right = (chars: number) => Math.max(0, Math.round(CHAR * chars));
      return [
        new Paragraph({
          style: "Line",
          alignment: AlignmentType.RIGHT,
          indent: { right: right(4 + offset) },
          children: [new TextRun(block.text)],
        }),
        ...(date === undefined
          ? []
          : [
              new Paragraph({
                style: "Line",
                alignment: AlignmentType.RIGHT,
                indent: { right: right(4) },
                children: [new TextRun(date)],
              }),
            ]),
      ];
    }
    case "rule":
      return [
        new Paragraph({
          style: "Line",
          border: {
            bottom: {
              style: BorderStyle.SINGLE,
              size: 6,
              color: block.color === "red" ? RED : "000000",
              space: 1,
            },
          },
          children: [],
        }),
      ];
    case "blank":
      return [new Paragraph({ style: "Line", children: [] })];
    case "pageBreak":
      return [new Paragraph({ style: "Line", pageBreakBefore: true, children: [] })];
  }
}

/** 4号 half-width digits between dashes, on the right of odd pages and the left of even ones, one character in. */
function pageNumberFooter(side: "odd" | "even"): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === "odd" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === "odd" ? { right: CHAR } : { left: CHAR },
        children: [
          new TextRun({
            children: ["— ", PageNumber.CURRENT, " —"],
            font: font(FONTS.pageNumber),
            size: SIZES.pageNumber,
          }),
        ],
      }),
    ],
  });
}

export interface DocumentMeta {
  /** The document's title in its properties (what a file manager shows). */
  title?: string;
  creator?: string;
}

export function buildDocument(blocks: Block[], meta: DocumentMeta = {}): Document {
  const bodyRun = { font: font(FONTS.body), size: SIZES.body, characterSpacing: CHARACTER_SPACING };
  return new Document({
    title: meta.title,
    creator: meta.creator ?? "Minyi",
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: { run: bodyRun, paragraph: { spacing: onGrid } },
      },
      paragraphStyles: [
        {
          id: "Normal",
          name: "Normal",
          run: bodyRun,
          paragraph: {
            spacing: onGrid,
            indent: { firstLine: TWO_CHARS },
            alignment: AlignmentType.JUSTIFIED,
          },
        },
        {
          id: "Title",
          name: "Title",
          basedOn: "Normal",
          next: "Normal",
          run: { font: font(FONTS.title), size: SIZES.title },
          // Two lines of the grid for a title of up to two lines, and one blank line under it.
          paragraph: {
            alignment: AlignmentType.CENTER,
            indent: { firstLine: 0 },
            spacing: {
              line: Math.round(LINE_PITCH * 1.2),
              lineRule: LineRuleType.EXACT,
              before: 0,
              after: LINE_PITCH,
            },
          },
        },
        {
          id: "Subtitle",
          name: "Subtitle",
          basedOn: "Normal",
          next: "Normal",
          run: { font: font(FONTS.heading2), size: SIZES.body },
          paragraph: { alignment: AlignmentType.CENTER, indent: { firstLine: 0 } },
        },
        {
          id: "Line",
          name: "Line",
          basedOn: "Normal",
          next: "Normal",
          paragraph: { indent: { firstLine: 0 }, alignment: AlignmentType.LEFT },
        },
        {
          id: "Heading1",
          name: "heading 1",
          basedOn: "Normal",
          next: "Normal",
          quickFormat: true,
          run: { font: font(FONTS.heading1), size: SIZES.body, bold: false },
          paragraph: { outlineLevel: 0, keepNext: true },
        },
        {
          id: "Heading2",
          name: "heading 2",
          basedOn: "Normal",
          next: "Normal",
          quickFormat: true,
          run: { font: font(FONTS.heading2), size: SIZES.body, bold: false },
          paragraph: { outlineLevel: 1, keepNext: true },
        },
        {
          id: "TableHeader",
          name: "Table Header",
          basedOn: "Normal",
          run: { font: font(FONTS.heading1), size: SIZES.table },
          paragraph: { indent: { firstLine: 0 }, spacing: { line: 360, lineRule: LineRuleType.AUTO } },
        },
        {
          id: "TableText",
          name: "Table Text",
          basedOn: "Normal",
          run: { size: SIZES.table },
          paragraph: { indent: { firstLine: 0 }, spacing: { line: 300, lineRule: LineRuleType.AUTO } },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...PAGE.margin, header: mm(15), footer: mm(20) },
          },
          grid: { type: "lines", linePitch: LINE_PITCH },
        },
        footers: { default: pageNumberFooter("odd"), even: pageNumberFooter("even") },
        children: blocks.flatMap(render),
      },
    ],
  });
}

/** The .docx file of the blocks. */
export async function documentBytes(blocks: Block[], meta: DocumentMeta = {}): Promise<Uint8Array> {
  return Packer.pack(buildDocument(blocks, meta), "uint8array");
}

/** A file name from a title: characters that file systems or Telegram refuse are dropped, the length bounded. */
export function docxFileName(name: string): string {
  const clean = name
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  return `${[...(clean || "document")].slice(0, 80).join("")}.docx`;
}
