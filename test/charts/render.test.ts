// The Node chart renderer: real PNGs of the right size, and Chinese drawn with real glyphs, not tofu boxes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { svgCodePoints } from "../../src/charts/font-subset";
import {
  chartFontFiles,
  chartFontLoads,
  closeChartRenderer,
  renderPng,
  renderRgba,
  warmChartRenderer,
} from "../../src/charts/render-node";
import { stackCharts } from "../../src/charts/stack";
import { standingsChartSvg, trendChartSvg } from "../../src/charts/svg";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which must come first, right after the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(view.getUint32(8)).toBe(13);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
  expect(new TextDecoder().decode(png.subarray(png.length - 8, png.length - 4))).toBe("IEND");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("renderPng", () => {
  it("renders the standings as a PNG of the chart's size, scaled to the width asked for", async () => {
    const chart = standingsChartSvg({
      title: "单位得分排名",
      rows: [
        { label: "民革市委会", value: 12 },
        { label: "九三学社市委会", value: 7.5 },
      ],
    });
    const png = await renderPng(chart.svg, chart.width * 2);
    expect(png).toBeInstanceOf(Uint8Array);
    expect(pngSize(png)).toEqual({ width: chart.width * 2, height: chart.height * 2 });
  });

  it("renders the monthly trend", async () => {
    const chart = trendChartSvg({
      title: "各月报送与采用",
      months: [
        { label: "1月", series: { submitted: 5, adopted: 2 } },
        { label: "2月", series: { submitted: 9, adopted: 4 } },
      ],
      seriesLabels: { submitted: "报送", adopted: "采用" },
    });
    const png = await renderPng(chart.svg, chart.width);
    expect(pngSize(png)).toEqual({ width: chart.width, height: chart.height });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The fonts are read once, and each picture's font subset draws it exactly as the full fonts do.

/** A /stats picture: the bold header, unit names (one outside GB 2312, one with an ampersand), the trend. */
function statsPicture(): string {
  const standings = standingsChartSvg({
    title: "2026年单位得分排名",
    rows: [
      { label: "民革市委会", value: 120.5 },
      { label: "九三学社市委会", value: 98 },
      { label: "镕䶮科技 R&D 界", value: 12.25 },
      { label: "工商联（总商会）", value: 7 },
    ],
    maxRows: 10,
    emptyText: "暂无数据",
  });
  const trend = trendChartSvg({
    title: "各月报送与采用",
    months: [11, 12, 1, 2, 3].map((month, i) => ({
      label: `${month}月`,
      group: `${i < 2 ? 2025 : 2026}年`,
      highlight: i >= 2,
      series: { submitted: 40 + i * 13, adopted: 20 + i * 5 },
    })),
    seriesLabels: { submitted: "报送", adopted: "采用" },
    emptyText: "暂无数据",
  });
  return stackCharts([standings, trend], "某市政协 · 2026年第一季度").svg;
}

describe("the renderer's thread", () => {
  it("reads the two font files once, however many pictures it draws", async () => {
    await closeChartRenderer();
    expect(chartFontLoads()).toBe(0);
    await renderPng(statsPicture(), 720);
    expect(chartFontLoads()).toBe(2);
    await renderPng(glyphSvg("政协"), SIZE);
    await renderPng(statsPicture(), 1440);
    expect(chartFontLoads()).toBe(2);
  }, 30_000);

  it("reads the fonts when warmed up at start, before any picture is asked for", async () => {
    await closeChartRenderer();
    expect(chartFontLoads()).toBe(0);
    await warmChartRenderer();
    expect(chartFontLoads()).toBe(2);
    await renderPng(statsPicture(), 720);
    expect(chartFontLoads()).toBe(2);
  }, 30_000);

  it("draws a picture with its font subset pixel for pixel as with the full fonts", async () => {
    const svg = statsPicture();
    const [subset, full] = await Promise.all([
      renderRgba(svg, 1440),
      renderRgba(svg, 1440, chartFontFiles()),
    ]);
    expect({ width: subset.width, height: subset.height }).toEqual({
      width: full.width,
      height: full.height,
    });
    let differing = 0;
    for (let i = 0; i < full.pixels.length; i++) if (subset.pixels[i] !== full.pixels[i]) differing++;
    expect(differing).toBe(0);
    // And it is a picture with text in it, not two blank ones.
    const bare = await renderRgba(svg, 1440, []);
    let inked = 0;
    for (let i = 0; i < full.pixels.length; i++) if (bare.pixels[i] !== full.pixels[i]) inked++;
    expect(inked).toBeGreaterThan(10_000);
  }, 30_000);

  it("keeps the characters of the SVG's source and of its character references", () => {
    const points = svgCodePoints("<text>民&#24847;&#x4FE1;&amp;𠀋</text>");
    for (const ch of "民意信&𠀋<>/t") expect(points.has(ch.codePointAt(0)!), ch).toBe(true);
    expect(points.has("息".codePointAt(0)!)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Chinese renders: compare ink patterns of single large characters with the .notdef box (tofu).

const SIZE = 200;
const glyphSvg = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}">` +
  `<text x="20" y="165" font-size="160" fill="#000">${text}</text></svg>`;
// U+E000 is a private-use code point no font here maps: it is drawn as the font's .notdef glyph.
const TOFU = "\ue000";

interface Ink {
  mask: boolean[];
  count: number;
  box: { left: number; top: number; right: number; bottom: number };
}

async function ink(text: string, fontFiles?: string[]): Promise<Ink> {
  const { width, height, pixels } = await renderRgba(glyphSvg(text), SIZE, fontFiles);
  expect({ width, height }).toEqual({ width: SIZE, height: SIZE });
  const mask: boolean[] = [];
  const box = { left: width, top: height, right: -1, bottom: -1 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const dark = (pixels[i]! + pixels[i + 1]! + pixels[i + 2]!) / 3 < 128;
      mask.push(dark);
      if (dark) {
        box.left = Math.min(box.left, x);
        box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y);
        box.bottom = Math.max(box.bottom, y);
      }
    }
  }
  return { mask, count: mask.filter(Boolean).length, box };
}

/** Share of inked pixels that only one of the two has (0 = same picture, 1 = nothing in common). */
function difference(a: Ink, b: Ink): number {
  let either = 0;
  let one = 0;
  a.mask.forEach((dark, i) => {
    const other = b.mask[i]!;
    if (dark || other) either++;
    if (dark !== other) one++;
  });
  return either === 0 ? 0 : one / either;
}

describe("Chinese text", () => {
  it("draws 「一」 and 「口」 as their own shapes, not the .notdef box", async () => {
    const [yi, kou, tofu] = await Promise.all([ink("一"), ink("口"), ink(TOFU)]);
    for (const glyph of [yi, kou, tofu]) expect(glyph.count).toBeGreaterThan(300);

    // 一 is one flat stroke: far wider than tall.
    const yiWidth = yi.box.right - yi.box.left + 1;
    const yiHeight = yi.box.bottom - yi.box.top + 1;
    expect(yiWidth).toBeGreaterThan(100);
    expect(yiHeight).toBeLessThan(yiWidth * 0.25);

    // 口 is a square frame with an empty middle; the tofu box here is crossed, so its middle is inked.
    const middle = (glyph: Ink) => {
      const cx = Math.round((glyph.box.left + glyph.box.right) / 2);
      const cy = Math.round((glyph.box.top + glyph.box.bottom) / 2);
      let dark = 0;
      for (let y = cy - 4; y <= cy + 4; y++)
        for (let x = cx - 4; x <= cx + 4; x++) if (glyph.mask[y * SIZE + x]) dark++;
      return dark;
    };
    expect(middle(kou)).toBe(0);

    expect(difference(yi, kou)).toBeGreaterThan(0.6);
    expect(difference(yi, tofu)).toBeGreaterThan(0.6);
    expect(difference(kou, tofu)).toBeGreaterThan(0.3);
  });

  it("draws every character of 「政协社情民意」 unlike tofu, and draws nothing without the shipped font", async () => {
    const tofu = await ink(TOFU);
    const known = [..."政协社情民意"];
    const glyphs = await Promise.all(known.map((ch) => ink(ch)));
    glyphs.forEach((glyph, i) => {
      expect(glyph.count, known[i]).toBeGreaterThan(800);
      expect(difference(glyph, tofu), known[i]).toBeGreaterThan(0.4);
    });
    // Distinct characters, distinct pictures.
    expect(difference(glyphs[0]!, glyphs[1]!)).toBeGreaterThan(0.4);

    // With no font at all (system fonts are never loaded) the same text leaves no ink: the glyphs above
    // come from the font the package ships, so every machine renders the same picture.
    const bare = await ink("政协社情民意", []);
    expect(bare.count).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Coverage: every GB 2312 hanzi (6,763), read from the font's own character map.

/** The code points a TrueType/OpenType font maps to a glyph (cmap format 12, else format 4). */
function fontCodePoints(font: Uint8Array): Set<number> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = view.getUint16(4);
  let cmap = -1;
  for (let t = 0; t < tables; t++) {
    const record = 12 + t * 16;
    if (new TextDecoder().decode(font.subarray(record, record + 4)) === "cmap")
      cmap = view.getUint32(record + 8);
  }
  expect(cmap).toBeGreaterThan(0);
  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  for (let s = 0; s < view.getUint16(cmap + 2); s++) {
    const at = cmap + 4 + s * 8;
    subtables.push({
      platform: view.getUint16(at),
      encoding: view.getUint16(at + 2),
      offset: cmap + view.getUint32(at + 4),
    });
  }
  const codes = new Set<number>();
  const full = subtables.find((s) => view.getUint16(s.offset) === 12);
  if (full) {
    const groups = view.getUint32(full.offset + 12);
    for (let g = 0; g < groups; g++) {
      const at = full.offset + 16 + g * 12;
      for (let c = view.getUint32(at); c <= view.getUint32(at + 4); c++) codes.add(c);
    }
    return codes;
  }
  const bmp = subtables.find((s) => s.platform === 3 && s.encoding === 1 && view.getUint16(s.offset) === 4);
  expect(bmp).toBeDefined();
  const at = bmp!.offset;
  const segments = view.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const start = view.getUint16(starts + s * 2);
    const end = view.getUint16(ends + s * 2);
    const delta = view.getUint16(deltas + s * 2);
    const rangeOffset = view.getUint16(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      const glyph =
        rangeOffset === 0
          ? (c + delta) & 0xffff
          : view.getUint16(rangeOffsets + s * 2 + rangeOffset + (c - start) * 2);
      if (glyph !== 0) codes.add(c);
    }
  }
  return codes;
}

function gb2312Hanzi(): string[] {
  const decoder = new TextDecoder("gbk");
  const out: string[] = [];
  for (let row = 0xb0; row <= 0xf7; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      if (row === 0xd7 && cell > 0xf9) continue; // the five empty cells at the end of level 1
      out.push(decoder.decode(new Uint8Array([row, cell])));
    }
  }
  return out;
}

describe("the chart font", () => {
  it("maps every GB 2312 hanzi, ASCII and the punctuation the charts use", () => {
    const hanzi = gb2312Hanzi();
    expect(hanzi).toHaveLength(6763);
    expect(hanzi[0]).toBe("啊");
    for (const file of chartFontFiles()) {
      const codes = fontCodePoints(readFileSync(file));
      const missing = hanzi.filter((ch) => !codes.has(ch.codePointAt(0)!));
      expect(missing, file).toEqual([]);
      for (let c = 0x20; c < 0x7f; c++) expect(codes.has(c), `U+${c.toString(16)}`).toBe(true);
      for (const ch of "…（）：，、") expect(codes.has(ch.codePointAt(0)!), ch).toBe(true);
      expect(codes.has(0xe000)).toBe(false); // the tofu check above relies on this
    }
  });
});
