import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_ROWS,
  escapeXml,
  fitText,
  formatNumber,
  niceAxis,
  SERIES_COLORS,
  standingsChartSvg,
  textWidth,
  trendChartSvg,
} from "../../src/charts/svg";

const BAR = `fill="${SERIES_COLORS[0]}"`;
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
/** The text content of every <text> element, in order, entities decoded. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&"),
  );
/** Every "&" starts an entity and no tag is anything but the few this module writes. */
function expectWellFormedText(svg: string) {
  expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
  const tags = [...svg.matchAll(/<\/?([a-zA-Z]+)/g)].map((m) => m[1]);
  expect(new Set(tags)).toEqual(new Set(["svg", "rect", "text", ...(tags.includes("line") ? ["line"] : [])]));
}

describe("standingsChartSvg", () => {
  it("escapes labels and the title, and drops control characters", () => {
    const chart = standingsChartSvg({
      title: `排名 <script>&"'`,
      rows: [
        { label: "<b>&</b> 民革", value: 3 },
        { label: "a\u0000b\nc", value: 2 },
      ],
    });
    expect(chart.svg).toContain("&lt;b&gt;&amp;&lt;/b&gt; 民革");
    expect(chart.svg).not.toContain("<b>");
    expect(chart.svg).not.toContain("<script>");
    expect(chart.svg).not.toContain("\u0000");
    expectWellFormedText(chart.svg);
    expect(texts(chart.svg)).toEqual([`排名 <script>&"'`, "1", "<b>&</b> 民革", "3", "2", "a b c", "2"]);
  });

  it("draws bars highest first with shared ranks and value labels", () => {
    const chart = standingsChartSvg({
      title: "得分",
      rows: [
        { label: "乙", value: 8 },
        { label: "甲", value: 10 },
        { label: "丙", value: 8 },
        { label: "丁", value: 2.5 },
        { label: "戊", value: 0 },
      ],
    });
    expect(texts(chart.svg)).toEqual([
      "得分",
      "1",
      "甲",
      "10",
      "2",
      "乙",
      "8",
      "2",
      "丙",
      "8",
      "4",
      "丁",
      "2.5",
      "5",
      "戊",
      "0",
    ]);
    expect(count(chart.svg, BAR)).toBe(4); // no bar for 0
    const widths = [...chart.svg.matchAll(/width="([\d.]+)" height="20" rx="3"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    expect(widths[1]).toBe(widths[2]);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.8, 2);
    expect(chart.width).toBe(720);
    expect(chart.svg).toContain('width="720"');
    expect(chart.svg).toContain(`height="${chart.height}"`);
  });

  it("shows a message for empty data", () => {
    const chart = standingsChartSvg({ title: "得分", rows: [] });
    expect(texts(chart.svg)).toEqual(["得分", "暂无数据"]);
    expect(count(chart.svg, BAR)).toBe(0);
    expect(chart.height).toBeGreaterThan(100);
    expect(standingsChartSvg({ title: "x", rows: [], emptyText: "No data" }).svg).toContain("No data");
  });

  it("caps many rows at the top N and says how many were left off", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ label: `单位${i + 1}`, value: i }));
    const chart = standingsChartSvg({ title: "得分", rows });
    expect(count(chart.svg, BAR)).toBe(DEFAULT_MAX_ROWS);
    const labels = texts(chart.svg);
    expect(labels).toContain("单位40");
    expect(labels).toContain("单位26");
    expect(labels).not.toContain("单位25");
    expect(labels.at(-1)).toBe("仅显示前15项（共40项）");

    const five = standingsChartSvg({
      title: "得分",
      rows,
      maxRows: 5,
      cappedNote: (n, t) => `top ${n}/${t}`,
    });
    expect(count(five.svg, BAR)).toBe(5);
    expect(texts(five.svg).at(-1)).toBe("top 5/40");
    expect(five.height).toBeLessThan(chart.height);
  });

  it("cuts long labels with an ellipsis and keeps the width asked for", () => {
    const label = "文化艺术界别和新闻出版界别以及其他很多界别联合组成的一个特别长的小组名称";
    const chart = standingsChartSvg({ title: "得分", rows: [{ label, value: 1 }], width: 480 });
    const shown = texts(chart.svg)[2]!;
    expect(shown.endsWith("…")).toBe(true);
    expect(label.startsWith(shown.slice(0, -1))).toBe(true);
    expect(chart.width).toBe(480);
  });

  it("treats values that are not finite as 0", () => {
    const chart = standingsChartSvg({ title: "t", rows: [{ label: "a", value: Number.NaN }] });
    expect(texts(chart.svg)).toEqual(["t", "1", "a", "0"]);
    expect(chart.svg).not.toMatch(/NaN|Infinity/);
  });

  it("is deterministic", () => {
    const input = { title: "得分", rows: [{ label: "甲", value: 1.234 }] };
    expect(standingsChartSvg(input).svg).toBe(standingsChartSvg(structuredClone(input)).svg);
  });
});

describe("trendChartSvg", () => {
  const months: { label: string; series: Record<string, number> }[] = [
    { label: "2025-01", series: { submitted: 12, adopted: 3 } },
    { label: "2025-02", series: { submitted: 7 } },
    { label: "2025-03", series: { submitted: 20, adopted: 9, other: 100 } },
  ];
  const seriesLabels = { submitted: "报送", adopted: "采用" };

  it("draws grouped bars per month with a legend in the given series order", () => {
    const chart = trendChartSvg({ title: "各月报送与采用", months, seriesLabels });
    const labels = texts(chart.svg);
    expect(labels.slice(0, 3)).toEqual(["各月报送与采用", "报送", "采用"]);
    for (const m of ["2025-01", "2025-02", "2025-03"]) expect(labels).toContain(m);
    // Two legend swatches plus one bar per non-zero value (adopted is missing in February; "other" is not named).
    expect(count(chart.svg, `fill="${SERIES_COLORS[0]}"`)).toBe(1 + 3);
    expect(count(chart.svg, `fill="${SERIES_COLORS[1]}"`)).toBe(1 + 2);
    expect(labels).not.toContain("100");
    // Axis 0..20 by 5.
    for (const tick of ["0", "5", "10", "15", "20"]) expect(labels).toContain(tick);
    expectWellFormedText(chart.svg);
    expect(chart.svg).toBe(trendChartSvg({ title: "各月报送与采用", months, seriesLabels }).svg);
  });

  it("draws every series under its key when no labels are given", () => {
    const chart = trendChartSvg({ title: "t", months, seriesLabels: {} });
    expect(texts(chart.svg).slice(1, 4)).toEqual(["submitted", "adopted", "other"]);
  });

  it("escapes month and series labels", () => {
    const chart = trendChartSvg({
      title: "t",
      months: [{ label: "<1月>", series: { a: 1 } }],
      seriesLabels: { a: "A&B" },
    });
    expect(chart.svg).toContain("&lt;1月&gt;");
    expect(chart.svg).toContain("A&amp;B");
    expectWellFormedText(chart.svg);
  });

  it("shows a message when there are no months or no series", () => {
    expect(texts(trendChartSvg({ title: "t", months: [], seriesLabels }).svg)).toEqual(["t", "暂无数据"]);
    const noSeries = trendChartSvg({ title: "t", months: [{ label: "1月", series: {} }], seriesLabels: {} });
    expect(texts(noSeries.svg)).toEqual(["t", "暂无数据"]);
  });

  it("keeps only the latest months and thins their labels when crowded", () => {
    const many = Array.from({ length: 36 }, (_, i) => ({ label: `第${i + 1}个月`, series: { s: i + 1 } }));
    const chart = trendChartSvg({ title: "t", months: many, seriesLabels: { s: "报送" } });
    expect(count(chart.svg, `fill="${SERIES_COLORS[0]}"`)).toBe(1 + 24);
    const labels = texts(chart.svg);
    expect(labels).toContain("第36个月"); // the latest month is always labelled
    expect(labels).not.toContain("第12个月"); // before the latest 24
    expect(labels).not.toContain("第35个月"); // every other label
    expect(labels.filter((l) => l.startsWith("第")).length).toBeLessThan(24);
  });
});

describe("helpers", () => {
  it("escapeXml", () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  });

  it("formatNumber", () => {
    expect(["12", "12.5", "0.33", "0", "0", "0"]).toEqual(
      [12, 12.5, 1 / 3, -0.001, Number.NaN, Number.POSITIVE_INFINITY].map(formatNumber),
    );
  });

  it("niceAxis gives round steps that cover the maximum", () => {
    expect(niceAxis(0)).toEqual({ step: 1, top: 5 });
    expect(niceAxis(3)).toEqual({ step: 1, top: 3 });
    expect(niceAxis(20)).toEqual({ step: 5, top: 20 });
    expect(niceAxis(23)).toEqual({ step: 5, top: 25 });
    expect(niceAxis(480)).toEqual({ step: 100, top: 500 });
  });

  it("fitText cuts by width and never splits a character", () => {
    expect(fitText("短", 100, 15)).toBe("短");
    const cut = fitText("𠀀𠀀𠀀𠀀𠀀𠀀", 50, 15);
    expect(cut).toBe("𠀀𠀀…");
    expect(textWidth(cut, 15)).toBeLessThanOrEqual(50);
  });
});
