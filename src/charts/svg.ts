// Chart pictures as SVG text: the standings (horizontal bars) and a monthly trend (grouped bars).
// Pure: no I/O, no clock, no randomness — the same input always gives the same bytes, so the output can be
// compared in tests and rendered anywhere (render-node.ts turns it into a PNG on Node; the Worker sends the
// text only, see types.ts). All text is escaped, so labels may hold anything a user typed.

/** What the SVG asks for; render-node.ts loads this family (and maps the generic families to it). */
export const CHART_FONT_FAMILY = "Noto Sans S Chinese";
const FONT_STACK = `'${CHART_FONT_FAMILY}', 'Noto Sans SC', 'Source Han Sans SC', sans-serif`;

export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}

export interface StandingsChartInput {
  title: string;
  /** Points per unit or person, in any order: drawn highest first (ties keep their order), top `maxRows`. */
  rows: { label: string; value: number }[];
  /** Default 720. */
  width?: number;
  /** How many rows to draw at most; default 15. */
  maxRows?: number;
  /** Shown instead of bars when there are no rows; default “暂无数据”. */
  emptyText?: string;
  /** Shown under the bars when rows were left off; default “仅显示前N项（共M项）”. */
  cappedNote?: (shown: number, total: number) => string;
}

export interface TrendChartInput {
  title: string;
  /**
   * Oldest first; a series a month lacks counts 0. At most `maxMonths` (the latest) are drawn. `group` (the
   * year, say) is written once under the first month and again where it changes, so labels stay short (1月);
   * `highlight` marks the months of the period asked about.
   */
  months: { label: string; group?: string; highlight?: boolean; series: Record<string, number> }[];
  /**
   * Which series to draw, in this order, and their legend labels (e.g. { submitted: "报送", adopted: "采用" }).
   * Series not named here are left out; when it is empty, every series key found is drawn under its key.
   */
  seriesLabels: Record<string, string>;
  /** Default 720. */
  width?: number;
  /** Default 24. */
  maxMonths?: number;
  /** Default “暂无数据”. */
  emptyText?: string;
}

export const DEFAULT_CHART_WIDTH = 720;
export const DEFAULT_MAX_ROWS = 15;
export const DEFAULT_MAX_MONTHS = 24;
const DEFAULT_EMPTY_TEXT = "暂无数据";

const COLORS = {
  background: "#ffffff",
  title: "#111827",
  text: "#374151",
  muted: "#6b7280",
  grid: "#e5e7eb",
  stripe: "#f5f7fa",
  bar: "#3b7ddd",
};
/** Series colours, in order (blue, orange, green, red, purple, slate); repeats past six series. */
export const SERIES_COLORS = ["#3b7ddd", "#f08c2e", "#2fa66a", "#d94f4f", "#8a5cd1", "#5b6b7f"];

const PAD = 24;
const TITLE_SIZE = 22;
/** The unit names' size: no text is smaller, so a picture read on a phone stays legible. */
const LABEL_SIZE = 15;
const VALUE_SIZE = 15;
const SMALL_SIZE = LABEL_SIZE;
const HIGHLIGHT = "#fff1c9";

// ---------------------------------------------------------------------------------------------------------
// Standings

export function standingsChartSvg(input: StandingsChartInput): ChartSvg {
  const width = chartWidth(input.width);
  const maxRows = Math.max(1, Math.floor(input.maxRows ?? DEFAULT_MAX_ROWS));
  const sorted = input.rows
    .map((row, index) => ({ label: cleanText(row.label), value: finite(row.value), index }))
    .sort((a, b) => b.value - a.value || a.index - b.index);
  const rows = sorted.slice(0, maxRows);
  const ranks = competitionRanks(sorted.map((row) => row.value));

  const parts: string[] = [];
  const titleBottom = PAD + TITLE_SIZE;
  parts.push(titleText(input.title, width, titleBottom));

  if (rows.length === 0) {
    const height = titleBottom + 120;
    parts.push(emptyText(input.emptyText, width / 2, titleBottom + 70));
    return finish(width, height, parts);
  }

  const rowHeight = 34;
  const barHeight = 20;
  const top = titleBottom + 22;

  const rankWidth = textWidth(String(ranks[rows.length - 1] ?? rows.length), LABEL_SIZE) + 14;
  const longestLabel = Math.max(...rows.map((row) => textWidth(row.label, LABEL_SIZE)));
  const labelWidth = clamp(longestLabel, 60, Math.round(width * 0.36));
  const longestValue = Math.max(...rows.map((row) => textWidth(formatNumber(row.value), VALUE_SIZE)));
  const barLeft = PAD + rankWidth + labelWidth + 12;
  const barSpan = Math.max(40, width - PAD - longestValue - 8 - barLeft);
  const max = Math.max(0, ...rows.map((row) => row.value));

  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const middle = y + rowHeight / 2;
    const baseline = middle + LABEL_SIZE * 0.36;
    if (i % 2 === 0) {
      parts.push(
        `<rect x="${PAD / 2}" y="${num(y)}" width="${width - PAD}" height="${rowHeight}" rx="4" fill="${COLORS.stripe}"/>`,
      );
    }
    parts.push(
      text(String(ranks[i]), PAD + rankWidth - 14, baseline, {
        size: LABEL_SIZE,
        anchor: "end",
        fill: COLORS.muted,
      }),
    );
    parts.push(
      text(fitText(row.label, labelWidth, LABEL_SIZE), PAD + rankWidth, baseline, {
        size: LABEL_SIZE,
        fill: COLORS.text,
      }),
    );
    const length = max > 0 && row.value > 0 ? Math.max(2, (row.value / max) * barSpan) : 0;
    if (length > 0) {
      parts.push(
        `<rect x="${num(barLeft)}" y="${num(middle - barHeight / 2)}" width="${num(length)}" height="${barHeight}" rx="3" fill="${COLORS.bar}"/>`,
      );
    }
    parts.push(
      text(formatNumber(row.value), barLeft + length + 8, middle + VALUE_SIZE * 0.36, {
        size: VALUE_SIZE,
        fill: COLORS.text,
        weight: 700,
      }),
    );
  });

  let height = top + rows.length * rowHeight + PAD;
  if (sorted.length > rows.length) {
    const note = (input.cappedNote ?? defaultCappedNote)(rows.length, sorted.length);
    parts.push(
      text(note, PAD, top + rows.length * rowHeight + 24, {
        size: SMALL_SIZE,
        fill: COLORS.muted,
      }),
    );
    height += 20;
  }
  return finish(width, height, parts);
}

function defaultCappedNote(shown: number, total: number): string {
  return `仅显示前${shown}项（共${total}项）`;
}

/** Shared ranks for values sorted highest first: 10, 8, 8, 5 → 1, 2, 2, 4. */
function competitionRanks(values: number[]): number[] {
  const ranks: number[] = [];
  values.forEach((value, i) => {
    ranks.push(i > 0 && value === values[i - 1] ? (ranks[i - 1] ?? i + 1) : i + 1);
  });
  return ranks;
}

// ---------------------------------------------------------------------------------------------------------
// Monthly trend

export function trendChartSvg(input: TrendChartInput): ChartSvg {
  const width = chartWidth(input.width);
  const hasGroups = input.months.some((month) => month.group);
  const height = hasGroups ? 430 : 400;
  const maxMonths = Math.max(1, Math.floor(input.maxMonths ?? DEFAULT_MAX_MONTHS));
  const months = input.months.slice(-maxMonths).map((month) => ({
    label: cleanText(month.label),
    group: month.group === undefined ? undefined : cleanText(month.group),
    highlight: month.highlight === true,
    series: month.series,
  }));
  const series = chosenSeries(input.months, input.seriesLabels);

  const parts: string[] = [];
  const titleBottom = PAD + TITLE_SIZE;
  parts.push(titleText(input.title, width, titleBottom));

  if (months.length === 0 || series.length === 0) {
    parts.push(emptyText(input.emptyText, width / 2, height / 2 + 10));
    return finish(width, height, parts);
  }

  // Legend: one swatch and label per series, left to right under the title.
  let legendX = PAD;
  const legendY = titleBottom + 24;
  series.forEach((s, i) => {
    parts.push(
      `<rect x="${num(legendX)}" y="${num(legendY - 11)}" width="12" height="12" rx="2" fill="${seriesColor(i)}"/>`,
    );
    parts.push(text(s.label, legendX + 18, legendY, { size: LABEL_SIZE, fill: COLORS.text }));
    legendX += 18 + textWidth(s.label, LABEL_SIZE) + 22;
  });

  const values = months.map((month) => series.map((s) => finite(month.series[s.key] ?? 0)));
  const max = Math.max(0, ...values.flat());
  const { step, top: axisTop } = niceAxis(max);
  const tickLabels: string[] = [];
  for (let v = 0; v <= axisTop + step / 2; v += step) tickLabels.push(formatNumber(v));

  const plotTop = legendY + 26;
  const plotBottom = height - PAD - 26 - (hasGroups ? 30 : 0);
  const plotLeft = PAD + Math.max(...tickLabels.map((label) => textWidth(label, SMALL_SIZE))) + 10;
  const plotRight = width - PAD;
  const plotWidth = plotRight - plotLeft;
  const plotHeight = plotBottom - plotTop;
  const yOf = (v: number) => plotBottom - (Math.max(0, v) / axisTop) * plotHeight;

  tickLabels.forEach((label, i) => {
    const y = yOf(i * step);
    parts.push(
      `<line x1="${num(plotLeft)}" y1="${num(y)}" x2="${num(plotRight)}" y2="${num(y)}" stroke="${i === 0 ? COLORS.muted : COLORS.grid}" stroke-width="1"/>`,
    );
    parts.push(
      text(label, plotLeft - 8, y + SMALL_SIZE * 0.36, {
        size: SMALL_SIZE,
        anchor: "end",
        fill: COLORS.muted,
      }),
    );
  });

  const groupWidth = plotWidth / months.length;
  const barWidth = Math.min(28, (groupWidth * 0.78) / series.length);
  const groupInner = barWidth * series.length;
  const monthLabelWidth = Math.max(...months.map((month) => textWidth(month.label, SMALL_SIZE)));
  const labelEvery = Math.max(1, Math.ceil((monthLabelWidth + 6) / groupWidth));
  const valueSize = VALUE_SIZE;

  // The period asked about, behind its bars (not when every month is in it: then nothing stands out).
  if (months.some((month) => !month.highlight))
    months.forEach((month, m) => {
      if (!month.highlight) return;
      parts.push(
        `<rect x="${num(plotLeft + groupWidth * m + 1)}" y="${num(plotTop - 6)}" width="${num(groupWidth - 2)}" height="${num(plotBottom - plotTop + 6 + SMALL_SIZE + 10)}" rx="4" fill="${HIGHLIGHT}"/>`,
      );
    });

  months.forEach((month, m) => {
    const center = plotLeft + groupWidth * (m + 0.5);
    const groupLeft = center - groupInner / 2;
    if (month.group && (m === 0 || months[m - 1]?.group !== month.group))
      parts.push(
        text(month.group, plotLeft + groupWidth * m + 2, plotBottom + 18 + LABEL_SIZE + 10, {
          size: LABEL_SIZE,
          fill: COLORS.text,
          weight: 700,
        }),
      );
    series.forEach((_s, k) => {
      const value = values[m]?.[k] ?? 0;
      if (value <= 0) return;
      const y = yOf(value);
      const x = groupLeft + k * barWidth;
      const visible = Math.max(1, barWidth - 1);
      parts.push(
        `<rect x="${num(x)}" y="${num(y)}" width="${num(visible)}" height="${num(plotBottom - y)}" fill="${seriesColor(k)}"/>`,
      );
      const label = formatNumber(value);
      if (textWidth(label, valueSize) <= barWidth + 6) {
        parts.push(
          text(label, x + visible / 2, y - 4, { size: valueSize, anchor: "middle", fill: COLORS.text }),
        );
      }
    });
    if ((months.length - 1 - m) % labelEvery === 0) {
      parts.push(
        text(fitText(month.label, groupWidth * labelEvery - 4, SMALL_SIZE), center, plotBottom + 18, {
          size: SMALL_SIZE,
          anchor: "middle",
          fill: month.highlight ? COLORS.title : COLORS.muted,
          ...(month.highlight ? { weight: 700 } : {}),
        }),
      );
    }
  });

  return finish(width, height, parts);
}

function chosenSeries(
  months: TrendChartInput["months"],
  seriesLabels: Record<string, string>,
): { key: string; label: string }[] {
  const named = Object.entries(seriesLabels).map(([key, label]) => ({ key, label: cleanText(label) }));
  if (named.length > 0) return named;
  const keys: string[] = [];
  for (const month of months)
    for (const key of Object.keys(month.series)) if (!keys.includes(key)) keys.push(key);
  return keys.map((key) => ({ key, label: cleanText(key) }));
}

function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? COLORS.bar;
}

/** A round axis top and step for counts: about five gridlines, steps of 1, 2 or 5 × 10^k (never below 1). */
export function niceAxis(max: number): { step: number; top: number } {
  if (!(max > 0)) return { step: 1, top: 5 };
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const unit = rough / power;
  const step = Math.max(1, (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power);
  return { step, top: Math.ceil(max / step) * step };
}

// ---------------------------------------------------------------------------------------------------------
// Text and numbers

/** Escapes text for SVG content and attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** One line of text: control characters (not allowed in XML) and line breaks become spaces, then trimmed. */
function cleanText(value: string): string {
  return String(value)
    .replace(/[\u0000-\u001f\u007f\ufffe\uffff]/g, " ")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Roughly how wide text is in the chart font: CJK and full-width forms take 1 em, Latin about half.
 * Used for layout and for cutting long labels; a little generous, so text never overflows.
 */
export function textWidth(value: string, size: number): number {
  let ems = 0;
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x2e80 || (code >= 0x2000 && code <= 0x206f)) ems += 1;
    else if (ch === " ") ems += 0.26;
    else if (/[0-9]/.test(ch)) ems += 0.56;
    else if (/[A-Z]/.test(ch)) ems += 0.64;
    else if (/[a-z]/.test(ch)) ems += 0.54;
    else ems += 0.6;
  }
  return ems * size;
}

/** Cuts text that is wider than `max` and ends it with "…", never splitting a character. */
export function fitText(value: string, max: number, size: number): string {
  if (textWidth(value, size) <= max) return value;
  const chars = Array.from(value);
  while (chars.length > 0 && textWidth(`${chars.join("")}…`, size) > max) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

/** Up to two decimals, no trailing zeros, no locale: 12, 12.5, 0.33; anything not finite counts as 0. */
export function formatNumber(value: number): string {
  const rounded = Math.round(finite(value) * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function chartWidth(width: number | undefined): number {
  return Math.round(clamp(finite(width ?? DEFAULT_CHART_WIDTH) || DEFAULT_CHART_WIDTH, 320, 2000));
}

/** Coordinates with at most one decimal, so the output stays short and stable. */
function num(value: number): string {
  return formatOneDecimal(value);
}

function formatOneDecimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

function text(
  content: string,
  x: number,
  y: number,
  style: { size: number; fill: string; anchor?: "start" | "middle" | "end"; weight?: number },
): string {
  const anchor = style.anchor && style.anchor !== "start" ? ` text-anchor="${style.anchor}"` : "";
  const weight = style.weight ? ` font-weight="${style.weight}"` : "";
  return `<text x="${num(x)}" y="${num(y)}" font-size="${style.size}"${weight}${anchor} fill="${style.fill}">${escapeXml(content)}</text>`;
}

function titleText(title: string, width: number, baseline: number): string {
  const content = fitText(cleanText(title), width - PAD * 2, TITLE_SIZE);
  return text(content, PAD, baseline, { size: TITLE_SIZE, fill: COLORS.title, weight: 700 });
}

function emptyText(value: string | undefined, x: number, y: number): string {
  return text(cleanText(value ?? DEFAULT_EMPTY_TEXT), x, y, {
    size: 16,
    anchor: "middle",
    fill: COLORS.muted,
  });
}

function finish(width: number, height: number, parts: string[]): ChartSvg {
  const h = Math.round(height);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-family="${escapeXml(FONT_STACK)}">`,
    `<rect width="${width}" height="${h}" fill="${COLORS.background}"/>`,
    ...parts,
    "</svg>",
  ].join("\n");
  return { svg, width, height: h };
}
