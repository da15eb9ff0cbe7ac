// Calendar periods (month, quarter, year) in the committee's time zone, computed with Intl only.
// A period is identified by kind/year/index; start and end are the UTC instants of local midnights.

export const PERIOD_KINDS = ["month", "quarter", "year"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  year: number;
  /** Month 1–12, quarter 1–4, or 1 for a year. */
  index: number;
  /** First instant of the period. */
  start: Date;
  /** First instant after the period (exclusive). */
  end: Date;
}

export interface LocalDateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The zone's offset over each span of six hours, once read: formatToParts costs microseconds and an array of
 * parts for every date shown (0.7% of the server's time at 32 in flight), and lists show dates of many days. A
 * span whose two ends differ holds a change and is not kept; no zone changes its offset twice within six hours.
 */
const SPAN_MS = 6 * 3_600_000;
const MAX_SPANS_KEPT = 20_000;
const spanOffsets = new Map<string, Map<number, number>>();

function wallClock(instant: Date, timeZone: string): WallClock {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) return formattedWallClock(instant, timeZone);
  const span = Math.floor(ms / SPAN_MS);
  let offsets = spanOffsets.get(timeZone);
  if (!offsets) {
    offsets = new Map();
    spanOffsets.set(timeZone, offsets);
  }
  let offset = offsets.get(span);
  if (offset === undefined) {
    const start = span * SPAN_MS;
    const first = offsetMs(start, timeZone, formattedWallClock);
    if (first !== offsetMs(start + SPAN_MS - 1000, timeZone, formattedWallClock))
      return formattedWallClock(instant, timeZone);
    if (offsets.size >= MAX_SPANS_KEPT) offsets.clear();
    offsets.set(span, first);
    offset = first;
  }
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

function formattedWallClock(instant: Date, timeZone: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  // Some engines still print midnight as 24 with h23.
  if (wall.hour === 24) wall.hour = 0;
  return wall;
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetMs(instant: number, timeZone: string, read = wallClock): number {
  const seconds = Math.floor(instant / 1000) * 1000;
  const w = read(new Date(seconds), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - seconds;
}

export function localDateParts(instant: Date, timeZone: string): LocalDateParts {
  const w = wallClock(instant, timeZone);
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() || 7;
  return { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, weekday };
}

/**
 * The first instant of a local calendar day. Month and day overflow like Date.UTC (month 13 is
 * January of the next year). Where a DST change skips midnight, the day starts at the transition.
 */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  const target = new Date(wall);
  const isTargetDay = (w: WallClock) =>
    w.year === target.getUTCFullYear() &&
    w.month === target.getUTCMonth() + 1 &&
    w.day === target.getUTCDate();
  // The offset in force at midnight is the one from just before or just after that day.
  const candidates = [...new Set([offsetMs(wall - DAY_MS, timeZone), offsetMs(wall + DAY_MS, timeZone)])]
    .map((offset) => wall - offset)
    .sort((a, b) => a - b);
  let firstOfDay: number | undefined;
  for (const candidate of candidates) {
    const w = wallClock(new Date(candidate), timeZone);
    if (!isTargetDay(w)) continue;
    if (w.hour === 0 && w.minute === 0 && w.second === 0) return new Date(candidate);
    firstOfDay ??= candidate;
  }
  return new Date(firstOfDay ?? wall - offsetMs(wall, timeZone));
}

function firstMonth(kind: PeriodKind, index: number): number {
  return kind === "year" ? 1 : kind === "quarter" ? (index - 1) * 3 + 1 : index;
}

function lengthInMonths(kind: PeriodKind): number {
  return kind === "year" ? 12 : kind === "quarter" ? 3 : 1;
}

function maxIndex(kind: PeriodKind): number {
  return kind === "year" ? 1 : kind === "quarter" ? 4 : 12;
}

/** Builds the period `index` of `year`; throws a RangeError for an impossible index. */
export function makePeriod(kind: PeriodKind, year: number, index: number, timeZone: string): Period {
  if (!Number.isInteger(year) || !Number.isInteger(index) || index < 1 || index > maxIndex(kind)) {
    throw new RangeError(`no ${kind} ${year}/${index}`);
  }
  const month = firstMonth(kind, index);
  return {
    kind,
    year,
    index,
    start: zonedMidnight(year, month, 1, timeZone),
    end: zonedMidnight(year, month + lengthInMonths(kind), 1, timeZone),
  };
}

export function periodContaining(kind: PeriodKind, instant: Date, timeZone: string): Period {
  const { year, month } = localDateParts(instant, timeZone);
  const index = kind === "year" ? 1 : kind === "quarter" ? Math.ceil(month / 3) : month;
  return makePeriod(kind, year, index, timeZone);
}

function shift(p: Period, by: 1 | -1, timeZone: string): Period {
  const count = maxIndex(p.kind);
  const zeroBased = p.index - 1 + by;
  const year = p.year + Math.floor(zeroBased / count);
  const index = (((zeroBased % count) + count) % count) + 1;
  return makePeriod(p.kind, year, index, timeZone);
}

export function previousPeriod(p: Period, timeZone: string): Period {
  return shift(p, -1, timeZone);
}

export function nextPeriod(p: Period, timeZone: string): Period {
  return shift(p, 1, timeZone);
}

/** "2026", "2026Q3", "2026-05". */
export function periodLabel(p: Pick<Period, "kind" | "year" | "index">): string {
  if (p.kind === "year") return String(p.year);
  if (p.kind === "quarter") return `${p.year}Q${p.index}`;
  return `${p.year}-${String(p.index).padStart(2, "0")}`;
}

const RELATIVE_WORDS: Record<string, [PeriodKind, 0 | -1]> = {
  本月: ["month", 0],
  这个月: ["month", 0],
  "this month": ["month", 0],
  上月: ["month", -1],
  上个月: ["month", -1],
  "last month": ["month", -1],
  本季度: ["quarter", 0],
  本季: ["quarter", 0],
  这个季度: ["quarter", 0],
  "this quarter": ["quarter", 0],
  上季度: ["quarter", -1],
  上季: ["quarter", -1],
  上个季度: ["quarter", -1],
  "last quarter": ["quarter", -1],
  本年: ["year", 0],
  今年: ["year", 0],
  本年度: ["year", 0],
  "this year": ["year", 0],
  去年: ["year", -1],
  上年: ["year", -1],
  上一年: ["year", -1],
  上年度: ["year", -1],
  "last year": ["year", -1],
};

const CHINESE_QUARTERS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/**
 * Reads a period typed by a person: 2026, 2026Q3, Q3 (this year), 2026-05, 2026-5, 2026年5月,
 * 2026年第三季度, or words such as 本季度 / last month. Returns undefined for anything else,
 * including impossible periods such as 2026Q5 or 2026-13.
 */
export function parsePeriod(text: string, now: Date, timeZone: string): Period | undefined {
  const spaced = text.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
  const relative = RELATIVE_WORDS[spaced];
  if (relative) {
    const current = periodContaining(relative[0], now, timeZone);
    return relative[1] === 0 ? current : previousPeriod(current, timeZone);
  }
  const compact = spaced.replace(/ /g, "");
  const currentYear = localDateParts(now, timeZone).year;
  const build = (kind: PeriodKind, year: number, index: number) =>
    year >= 1900 && year <= 2999 && index >= 1 && index <= maxIndex(kind)
      ? makePeriod(kind, year, index, timeZone)
      : undefined;

  let m = /^(\d{4})(?:年|年度)?$/.exec(compact);
  if (m) return build("year", Number(m[1]), 1);
  m = /^(\d{4})[-/]?q(\d)$/.exec(compact);
  if (m) return build("quarter", Number(m[1]), Number(m[2]));
  m = /^q(\d)$/.exec(compact);
  if (m) return build("quarter", currentYear, Number(m[1]));
  m = /^(?:(\d{4})年)?第?([1-4一二三四])季度$/.exec(compact);
  if (m) return build("quarter", m[1] ? Number(m[1]) : currentYear, CHINESE_QUARTERS[m[2]!] ?? Number(m[2]));
  m = /^(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月份?)$/.exec(compact);
  if (m) return build("month", Number(m[1]), Number(m[2] ?? m[3]));
  return undefined;
}

/** Day number of a calendar date, for counting days without time-zone arithmetic. */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function periodDayRange(p: Pick<Period, "kind" | "year" | "index">): [first: number, end: number] {
  const month = firstMonth(p.kind, p.index);
  return [dayNumber(p.year, month, 1), dayNumber(p.year, month + lengthInMonths(p.kind), 1)];
}

function today(now: Date, timeZone: string): number {
  const { year, month, day } = localDateParts(now, timeZone);
  return dayNumber(year, month, day);
}

/** Number of calendar days in the period. */
export function periodDays(p: Pick<Period, "kind" | "year" | "index">): number {
  const [first, end] = periodDayRange(p);
  return end - first;
}

/** Whole local days left in the period, today included; all of them before it starts, 0 after it ends. */
export function daysLeft(p: Period, now: Date, timeZone: string): number {
  const [first, end] = periodDayRange(p);
  return Math.min(end - first, Math.max(0, end - Math.max(first, today(now, timeZone))));
}

/** Whole local days of the period already over (today not included). */
export function daysElapsed(p: Period, now: Date, timeZone: string): number {
  const [first, end] = periodDayRange(p);
  return Math.min(end - first, Math.max(0, today(now, timeZone) - first));
}

export function isWithin(instant: Date, p: Pick<Period, "start" | "end">): boolean {
  const t = instant.getTime();
  return t >= p.start.getTime() && t < p.end.getTime();
}

/** Whole local months of the period already over (the current month not included). */
export function monthsElapsed(p: Period, now: Date, timeZone: string): number {
  const { year, month } = localDateParts(now, timeZone);
  const elapsed = year * 12 + month - (p.year * 12 + firstMonth(p.kind, p.index));
  return Math.min(lengthInMonths(p.kind), Math.max(0, elapsed));
}
