// An issue of the committee's publication opened as a consumer would: the .docx rendered to PDF by LibreOffice
// headless, each page turned into PNG and checked to hold ink; the first page is kept in docs/documents/.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createI18n, translator } from "../../src/bot/i18n";
import { issueDocx } from "../../src/documents/issue";
import type { PrintedIssue } from "../../src/domain/issues";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { readLocales } from "../../src/node-runtime";

const SOFFICE = "/usr/bin/soffice";
const PDFTOPPM = "/usr/bin/pdftoppm";
const ROOT = new URL("../..", import.meta.url).pathname;
const haveTools = existsSync(SOFFICE) && existsSync(PDFTOPPM);

const para = (text: string, times: number) => Array.from({ length: times }, () => text).join("");

const ISSUE: PrintedIssue = {
  id: 1,
  status: "published",
  year: 2026,
  number: 3,
  publishedAt: "2026-05-15T02:00:00.000Z",
  editorNote: "本期刊发社情民意信息三篇，其中综合稿一篇，供领导参阅。",
  pieces: [
    {
      mode: "combined",
      title: "关于民生领域若干问题的综合反映",
      editorNote: "这两篇信息反映的问题具有普遍性，建议有关部门统筹研究。",
      reports: [
        {
          id: 2,
          title: "关于规范校外培训机构收费的建议",
          situation: para("部分培训机构预收费过高，退费难，群众反映强烈。", 4),
          analysis: "",
          suggestions: "一、建立预收费资金监管账户。\n二、加强执法检查，公开投诉渠道。",
          authors: ["李华"],
          unit: "民建县委会",
        },
        {
          id: 3,
          title: "关于尽快修复危桥的建议",
          situation: para("某镇一座桥梁出现裂缝，每天有学生通行。", 3),
          analysis: "年久失修，缺少定期检测，管养责任不清。",
          suggestions: "立即封闭并组织检测，明确管养责任。",
          authors: ["王芳"],
          unit: "经济界",
        },
      ],
    },
    {
      mode: "single",
      title: "关于加强农村饮水安全管理的建议",
      editorNote: null,
      reports: [
        {
          id: 1,
          title: "关于加强农村饮水安全管理的建议",
          situation: para("某村饮水困难，涉及1200人，水源地缺乏保护。", 5),
          analysis: para("管护经费不足，检测制度不健全。", 3),
          suggestions: "一、建立水质定期检测制度。\n二、加大财政投入，落实管护责任。",
          authors: ["张明", "李华"],
          unit: "民建县委会",
        },
      ],
    },
  ],
};

/** Dark pixels of a binary PGM page (P5, 8-bit grey): a page with text on it has many. */
function darkPixels(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString("latin1", 0, 64));
  if (!header) throw new Error("not a binary PGM");
  let dark = 0;
  for (let i = header[0].length; i < pgm.length; i++) if (pgm[i]! < 128) dark++;
  return dark;
}

describe.runIf(haveTools)("an issue's .docx in LibreOffice", () => {
  const dir = mkdtempSync(join(tmpdir(), "minyi-issue-doc-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("renders to PDF pages that hold text; the first page is kept in docs/", async () => {
    const t = translator(createI18n(readLocales()), "zh");
    const bytes = await issueDocx(t, ISSUE, { ...DEFAULT_SETTINGS, name: "某某县政协" }, new Date());
    const docx = join(dir, "issue.docx");
    writeFileSync(docx, bytes);
    execFileSync(
      SOFFICE,
      [
        "--headless",
        `-env:UserInstallation=file://${join(dir, "profile")}`,
        "--convert-to",
        "pdf",
        "--outdir",
        dir,
        docx,
      ],
      { stdio: "ignore", timeout: 120_000 },
    );
    const pdf = join(dir, "issue.pdf");
    expect(statSync(pdf).size).toBeGreaterThan(1000);
    execFileSync(PDFTOPPM, ["-gray", "-r", "50", pdf, join(dir, "grey")], { timeout: 60_000 });
    const pages = readdirSync(dir)
      .filter((name) => /^grey-\d+\.pgm$/.test(name))
      .sort();
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const name of pages) expect(darkPixels(readFileSync(join(dir, name))), name).toBeGreaterThan(500);
    // The first page as people see it, for docs/.
    execFileSync(
      PDFTOPPM,
      ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, join(dir, "first")],
      {
        timeout: 60_000,
      },
    );
    mkdirSync(join(ROOT, "docs/documents"), { recursive: true });
    copyFileSync(join(dir, "first.png"), join(ROOT, "docs/documents/issue-page-1.png"));
  });
});
