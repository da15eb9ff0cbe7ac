// Several charts in one picture, one under the other: Telegram shows one photo with one caption, so /stats
// sends the standings and the monthly trend together. Pure, like svg.ts.
import type { ChartSvg } from "./svg";

/** Stacks the charts top to bottom, as wide as the widest; each keeps its own size. */
export function stackCharts(charts: readonly ChartSvg[]): ChartSvg {
  const width = Math.max(1, ...charts.map((c) => c.width));
  let y = 0;
  const parts: string[] = [];
  for (const chart of charts) {
    // A nested <svg> is placed by x/y; the chart's own width, height and viewBox stay as they were.
    parts.push(chart.svg.replace(/^<svg /, `<svg x="0" y="${y}" `));
    y += chart.height;
  }
  const height = Math.max(1, y);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    "</svg>",
  ].join("\n");
  return { svg, width, height };
}
