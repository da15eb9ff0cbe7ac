// The Word documents opened as a consumer opens them: each .docx is read back (paragraphs, headings, tables, page
// size and margins in word/document.xml), converted to PDF by LibreOffice headless (Debian's
// libreoffice-writer-nogui), and each page turned into an image by pdftoppm (poppler-utils) that must show
// something. The PDF must be A4 with 28 characters to a full line and 22 lines to a full page. The first page of
// each is kept as a PNG in docs/documents/ for people to see.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createI18n, translator } from "../../src/bot/i18n";
import { loadSettings } from "../../src/db/settings";
import { bulletinData } from "../../src/db/stats-bulletin";
import { bulletinDocx } from "../../src/documents/bulletin";
import { reportDocx } from "../../src/documents/report";
import { makePeriod } from "../../src/domain/periods";
import { readLocales } from "../../src/node-runtime";
import { readDocx, toMm } from "../support/docx-read";
import { Harness } from "../support/harness";
import { seedStatsHarness } from "../support/stats-fixture";

const ROOT = new URL("../..", import.meta.url).pathname;
const PICTURES = join(ROOT, "docs/documents");

function found(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

const haveTools = found("soffice") && found("pdftoppm") && found("pdftotext");
if (!haveTools) {
  if (process.env.MINYI_REQUIRE_LIBREOFFICE === "1")
    throw new Error(
      "MINYI_REQUIRE_LIBREOFFICE=1 but soffice, pdftoppm or pdftotext is missing " +
        "(apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk)",
    );
  console.warn("documents: LibreOffice (soffice) or poppler-utils missing; the rendering checks are skipped");
}

const zh = translator(createI18n(readLocales()), "zh");
const dir = mkdtempSync(join(tmpdir(), "minyi-documents-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** A PGM (P5) image's share of dark pixels. */
function inkShare(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString("latin1"));
  if (!header) throw new Error("not a PGM image");
  const [, width, height] = header.map(Number) as [number, number, number, number];
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (let i = 0; i < width * height; i++) if (pixels[i]! < 160) dark += 1;
  return dark / (width * height);
}

interface Rendered {
  pages: number;
  /** The text of each page, as pdftotext lays it out. */
  text: string[];
  pdfInfo: string;
}

/** LibreOffice headless to PDF, each page to an image checked for ink, the first kept as docs/documents/<name>.png. */
function render(name: string, bytes: Uint8Array): Rendered {
  const work = join(dir, name);
  mkdirSync(work, { recursive: true });
  const docx = join(work, `${name}.docx`);
  writeFileSync(docx, bytes);
  // A profile of its own: two soffice runs sharing one would wait for each other's lock.
  run("soffice", [
    `-env:UserInstallation=file://${join(work, "profile")}`,
    "--headless",
    "--convert-to",
    "pdf",
    "--outdir",
    work,
    docx,
  ]);
  const pdf = join(work, `${name}.pdf`);
  const pdfInfo = run("pdfinfo", [pdf]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(pdfInfo)?.[1]);
  run("pdftoppm", ["-gray", "-r", "40", pdf, join(work, "page")]);
  const images = readdirSync(work)
    .filter((f) => /^page-\d+\.pgm$/.test(f))
    .sort();
  expect(images).toHaveLength(pages);
  for (const image of images) expect(inkShare(readFileSync(join(work, image))), image).toBeGreaterThan(0.002);
  run("pdftoppm", ["-png", "-gray", "-r", "100", "-f", "1", "-l", "1", "-singlefile", pdf, join(work, "first")]);
  mkdirSync(PICTURES, { recursive: true });
  copyFileSync(join(work, "first.png"), join(PICTURES, `${name}.png`));
  const text = Array.from({ length: pages }, (_, i) =>
    run("pdftotext", ["-layout", "-f", String(i + 1), "-l", String(i + 1), pdf, "-"]),
  );
  return { pages, text, pdfInfo };
}

/** Lines of a page's text without the page number (— 2 —) and blank lines. */
function bodyLines(page: string): string[] {
  return page
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^—\s*\d+\s*—$/.test(line));
}

const cjk = (line: string) => [...line].filter((ch) => /[\u3000-\u9fff\uff00-\uffef]/.test(ch)).length;

// One long paragraph, so the second page is full body text: 22 lines there.
const SITUATION = Array.from(
  { length: 30 },
  (_, i) =>
    `第${i + 1}个村的集中供水工程建成多年，管网老化、水压不足，部分农户仍取用井水，水质检测每年不足一次，群众反映强烈，亟需统筹解决。`,
).join("");

describe.runIf(haveTools)("Word documents opened by LibreOffice", () => {
  it("a report: the standard's page, its sections and attachments, 28 characters a line and 22 lines a page", async () => {
    const { bytes } = await reportDocx(zh, {
      title: "关于加强农村饮水安全管理的建议",
      situation: SITUATION,
      analysis: "",
      suggestions: "一是建立水质定期检测制度。\n二是加大财政投入，分年度改造老旧管网。",
      authors: [
        { name: "张明", unit: "民建县委会", position: 0 },
        { name: "李华", unit: "民建县委会", position: 1 },
      ],
      unit: "民建县委会",
      attachments: [
        { kind: "document", file_name: "水质检测报告.pdf" },
        { kind: "photo", file_name: null },
      ],
    });
    const doc = readDocx(bytes);
    expect([doc.page.width, doc.page.height]).toEqual([11906, 16838]);
    expect([toMm(doc.page.top), toMm(doc.page.bottom), toMm(doc.page.left), toMm(doc.page.right)]).toEqual([
      37, 35, 28, 26,
    ]);
    expect(doc.paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text)).toEqual([
      "一、情况",
      "二、建议",
    ]);

    const rendered = render("report", bytes);
    expect(rendered.pdfInfo).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    // pdftotext sets spaces around digits and Latin text: compare without them.
    const pages = rendered.text.map((page) => bodyLines(page).map((line) => line.replace(/\s+/g, "")));
    const first = pages[0]!;
    expect(first[0]).toBe("关于加强农村饮水安全管理的建议");
    expect(first).toContain("反映人：张明（民建县委会）");
    expect(first).toContain("联名反映人：李华（民建县委会）");
    expect(first).toContain("一、情况");
    // Full lines of the body hold 28 characters, no more; a full page holds 22 lines.
    const body = first.slice(first.indexOf("一、情况") + 1);
    expect(Math.max(...body.map(cjk))).toBe(28);
    expect(pages[1]).toHaveLength(22);
    // (Line breaking keeps a comma off the start of a line, so a line may end a character short.)
    expect(pages[1]!.every((line) => cjk(line) >= 26 && cjk(line) <= 28)).toBe(true);
    const last = pages.at(-1)!;
    expect(last).toContain("二、建议");
    expect(last).toContain("附件：1.水质检测报告.pdf");
    expect(last).toContain("2.图片2");
  });

  it("the quarterly 通报: title, figures, tables and 落款 on A4", async () => {
    const h = await Harness.create();
    h.clock = new Date("2026-07-15T02:00:00Z");
    await seedStatsHarness(h);
    const settings = await loadSettings(h.db);
    const data = await bulletinData(h.db, makePeriod("quarter", 2026, 2, settings.timeZone), settings);
    const { bytes } = await bulletinDocx(zh, data, settings, h.clock);
    const doc = readDocx(bytes);
    expect(doc.tables).toHaveLength(3);
    expect(doc.tables[0]![0]).toEqual(["名次", "单位", "报送", "录用", "采用", "批示", "积分"]);

    const rendered = render("bulletin", bytes);
    expect(rendered.pdfInfo).toMatch(/\(A4\)/);
    const all = rendered.text.flatMap(bodyLines);
    const joined = all.join("").replace(/\s+/g, "");
    expect(joined).toContain("政协关于2026年第二季度社情民意信息工作情况的通报");
    expect(joined).toContain("一、各单位报送和采用情况");
    expect(all.some((line) => /^1\s+经济界(\s+\d+){4}\s+57$/.test(line))).toBe(true);
    expect(all.slice(-2).map((line) => line.replace(/\s+/g, ""))).toEqual(["政协办公室", "2026年7月15日"]);
  });
});
