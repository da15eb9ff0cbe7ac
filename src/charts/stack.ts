// Several charts in one picture, one under the other: Telegram shows one photo with one caption, so /stats
// sends the standings and the monthly trend together. Pure, like svg.ts.
import { type ChartSvg, escapeXml, fitText } from "./svg";

const HEADER_HEIGHT = 48;
const HEADER_SIZE = 18;

/**
 * Stacks the charts top to bottom, as wide as the widest; each keeps its own size. A header (the committee
 * and the period) goes above them, so a forwarded copy still says whose figures they are and when.
 */
export function stackCharts(charts: readonly ChartSvg[], header?: string): ChartSvg {
  const width = Math.max(1, ...charts.map((c) => c.width));
  let y = 0;
  const parts: string[] = [];
  if (header) {
    const line = fitText(header.replace(/\s+/g, " ").trim(), width - 48, HEADER_SIZE);
    parts.push(
      `<rect width="${width}" height="${HEADER_HEIGHT}" fill="#1f4e8c"/>`,
      `<text x="24" y="${HEADER_HEIGHT / 2 + HEADER_SIZE * 0.36}" font-size="${HEADER_SIZE}" font-weight="700" fill="#ffffff">${escapeXml(line)}</text>`,
    );
    y = HEADER_HEIGHT;
  }
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
