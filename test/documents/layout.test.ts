import { describe, expect, it } from "vitest";
import {
  attachments,
  docxFileName,
  documentBytes,
  heading,
  line,
  masthead,
  paragraph,
  signature,
  table,
  title,
} from "../../src/documents/layout";
import { readDocx, toMm } from "../support/docx-read";

describe("the GB/T 9704 layout", () => {
  it("lays out A4 with the standard's margins, 22 lines, the fonts and sizes, and page numbers with dashes", async () => {
    const bytes = await documentBytes(
      [
        title("关于加强农村养老服务的建议"),
        line("反映人：张三（县工商联）"),
        heading(1, "一、情况"),
        paragraph("养老服务设施不足。"),
        heading(2, "（一）原因"),
        paragraph("专业人员缺乏。"),
        table(["单位", "报送"], [["县工商联", "3"]], { align: ["left", "right"] }),
        attachments(["调研报告", "统计表"]),
        signature("政协某某县委员会办公室", { year: 2026, month: 12, day: 6 }),
      ],
      { title: "关于加强农村养老服务的建议" },
    );
    expect(bytes).toBeInstanceOf(Uint8Array);
    const doc = readDocx(bytes);
    expect(doc.page).toMatchObject({ width: 11906, height: 16838 });
    expect([toMm(doc.page.top), toMm(doc.page.bottom), toMm(doc.page.left), toMm(doc.page.right)]).toEqual([
      37, 35, 28, 26,
    ]);
    // 225 mm of type area in 22 lines.
    expect(doc.grid.linePitch! * 22).toBeLessThanOrEqual(doc.page.height - doc.page.top - doc.page.bottom);
    expect(doc.grid.linePitch! * 23).toBeGreaterThan(doc.page.height - doc.page.top - doc.page.bottom);

    const styled = doc.paragraphs.filter((p) => p.text !== "");
    expect(styled.map((p) => [p.style, p.text])).toEqual([
      ["Title", "关于加强农村养老服务的建议"],
      ["Line", "反映人：张三（县工商联）"],
      ["Heading1", "一、情况"],
      ["Normal", "养老服务设施不足。"],
      ["Heading2", "（一）原因"],
      ["Normal", "专业人员缺乏。"],
      ["Line", "附件：1. 调研报告"],
      ["Line", "2. 统计表"],
      ["Line", "政协某某县委员会办公室"],
      ["Line", "2026年12月6日"],
    ]);
    expect(doc.tables).toEqual([
      [
        ["单位", "报送"],
        ["县工商联", "3"],
      ],
    ]);

    // 方正小标宋简体 二号 title, 仿宋_GB2312 三号 body, 黑体 and 楷体_GB2312 headings.
    const style = (id: string) =>
      new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(doc.styles)![0];
    expect(style("Title")).toContain('w:eastAsia="方正小标宋简体"');
    expect(style("Title")).toContain('<w:sz w:val="44"/>');
    expect(style("Normal")).toContain('w:eastAsia="仿宋_GB2312"');
    expect(style("Normal")).toContain('<w:sz w:val="32"/>');
    expect(style("Heading1")).toContain('w:eastAsia="黑体"');
    expect(style("Heading2")).toContain('w:eastAsia="楷体_GB2312"');

    // Odd pages on the right, even on the left: "— 1 —" in 4号 (14 pt).
    expect(doc.footers).toHaveLength(2);
    for (const footer of doc.footers) {
      expect(footer).toContain("PAGE");
      expect(footer).toContain("— ");
      expect(footer).toContain('<w:sz w:val="28"/>');
    }
    expect(doc.footers.some((f) => f.includes('<w:jc w:val="right"/>'))).toBe(true);
    expect(doc.footers.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true);
  });

  it("puts a publication's masthead above a red rule", async () => {
    const doc = readDocx(
      await documentBytes([
        masthead("社情民意", { issue: "2026年第3期", left: "政协办公室编", right: "2026年12月6日" }),
      ]),
    );
    expect(doc.paragraphs.map((p) => p.text).filter(Boolean)).toEqual([
      "社情民意",
      "2026年第3期",
      "政协办公室编\t2026年12月6日",
    ]);
  });

  it("names files after titles without characters that file systems refuse", () => {
    expect(docxFileName("关于“城乡/公交”的建议?")).toBe("关于“城乡公交”的建议.docx");
    expect(docxFileName("  ..  ")).toBe("document.docx");
    expect(docxFileName("长".repeat(200))).toBe(`${"长".repeat(80)}.docx`);
  });
});
