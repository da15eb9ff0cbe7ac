// Pure rules behind /stats, /rank and the bulletins: what a period's counters mean (adoption rate, points,
// quota completion), the change against the previous period, who may ask where, and how the command's words
// are read. No I/O: the counters come from src/db/stats.ts.
import { type Period, type PeriodKind, parsePeriod, periodContaining } from "./periods";
import { isLeader, isStaff, type Role } from "./roles";
import { pointsForEvent, roundPoints } from "./scoring";
import { LEVELS, type Level, type Quota, type Settings } from "./settings";

export type ScoringBasis = Pick<Settings, "scoring" | "levels" | "ownLevel">;

/** Points of one counted step at each level, from the scoring table (src/domain/scoring.ts decides). */
export interface PointCoefficients {
  single: Record<Level, number>;
  combined: Record<Level, number>;
  /** A combined adoption raised to a single one in the same period: the difference, never negative. */
  upgrade: Record<Level, number>;
  instruction: Record<Level, number>;
  /** 阅批, at each level. */
  read: Record<Level, number>;
  transferred: number;
}

export function pointCoefficients(settings: ScoringBasis): PointCoefficients {
  const points = (kind: string, level: Level, mode?: "single" | "combined") =>
    pointsForEvent({ kind, level, mode: mode ?? null }, settings.scoring, settings.levels, settings.ownLevel);
  const perLevel = (f: (level: Level) => number) =>
    Object.fromEntries(LEVELS.map((level) => [level, f(level)])) as Record<Level, number>;
  return {
    single: perLevel((level) => points("adopted", level, "single")),
    combined: perLevel((level) => points("adopted", level, "combined")),
    upgrade: perLevel((level) =>
      Math.max(0, points("adopted", level, "single") - points("adopted", level, "combined")),
    ),
    instruction: perLevel((level) => points("instructed", level)),
    read: perLevel((level) => points("read", level)),
    transferred: settings.scoring.transferred,
  };
}

/** The raw counters of one period and scope, as src/db/stats-store.ts keeps them. */
export interface Counters {
  submitted: number;
  kept: number;
  sub_adopted: number;
  accepted: number;
  returned: number;
  rejected: number;
  adopted: number;
  transferred: number;
  wtr: number;
  [levelColumn: string]: number;
}

export interface LevelCounts {
  single: number;
  combined: number;
}

/** What a leader reads about a period (definitions: src/db/stats-store.ts and the README). */
export interface PeriodCounts {
  /** Reports whose (latest) submission falls in the period. */
  submitted: number;
  /** Of them, not rejected: what quotas count. */
  kept: number;
  /** Reports with that staff decision dated in the period. */
  accepted: number;
  returned: number;
  rejected: number;
  /** Reports adopted anywhere in the period, once each. */
  adopted: number;
  /** Reports adopted at each level in the period, as a single or a combined piece (single wins). */
  adoptedByLevel: Record<Level, LevelCounts>;
  /** Instructions: reports instructed at each level, once per report and level. */
  instructedByLevel: Record<Level, number>;
  instructed: number;
  /** 阅批: reports a leader read and commented on at each level, once per report and level; apart from 批示. */
  readByLevel: Record<Level, number>;
  read: number;
  /** Reports transferred to a department, once each. */
  transferred: number;
  /** Of the reports submitted in the period, those adopted by its end. */
  submittedAdopted: number;
  points: number;
}

export function emptyCounters(): Counters {
  return {
    submitted: 0,
    kept: 0,
    sub_adopted: 0,
    accepted: 0,
    returned: 0,
    rejected: 0,
    adopted: 0,
    transferred: 0,
    wtr: 0,
  };
}

/** Points from the weighted counters: Σ count × points, for whatever table is set now. */
export function pointsOf(counters: Counters, c: PointCoefficients): number {
  let points = (counters.wtr ?? 0) * c.transferred;
  for (const level of LEVELS) {
    points +=
      (counters[`was_${level}`] ?? 0) * c.single[level] +
      (counters[`wac_${level}`] ?? 0) * c.combined[level] +
      (counters[`wau_${level}`] ?? 0) * c.upgrade[level] +
      (counters[`win_${level}`] ?? 0) * c.instruction[level] +
      (counters[`wrd_${level}`] ?? 0) * c.read[level];
  }
  return points;
}

export function periodCounts(counters: Counters | undefined, c: PointCoefficients): PeriodCounts {
  const k = counters ?? emptyCounters();
  const n = (column: string) => k[column] ?? 0;
  const adoptedByLevel = {} as Record<Level, LevelCounts>;
  const instructedByLevel = {} as Record<Level, number>;
  let instructed = 0;
  const readByLevel = {} as Record<Level, number>;
  let read = 0;
  for (const level of LEVELS) {
    adoptedByLevel[level] = {
      single: n(`as_${level}`) + n(`au_${level}`),
      combined: n(`ac_${level}`) - n(`au_${level}`),
    };
    instructedByLevel[level] = n(`in_${level}`);
    instructed += instructedByLevel[level];
    readByLevel[level] = n(`rd_${level}`);
    read += readByLevel[level];
  }
  return {
    submitted: k.submitted,
    kept: k.kept,
    accepted: k.accepted,
    returned: k.returned,
    rejected: k.rejected,
    adopted: k.adopted,
    adoptedByLevel,
    instructedByLevel,
    instructed,
    readByLevel,
    read,
    transferred: k.transferred,
    submittedAdopted: k.sub_adopted,
    points: pointsOf(k, c),
  };
}

/** Adoption rate: of the reports submitted in the period, the share adopted by its end; undefined for none. */
export function adoptionRate(
  counts: Pick<PeriodCounts, "submitted" | "submittedAdopted">,
): number | undefined {
  return counts.submitted === 0 ? undefined : counts.submittedAdopted / counts.submitted;
}

/** "33%" (whole percent), or "—" when there is nothing to divide. */
export function formatPercent(share: number | undefined): string {
  return share === undefined ? "—" : `${Math.round(share * 100)}%`;
}

/** The change against the previous period, signed: "+3", "−2", "±0" (points to two decimals). */
export function formatDelta(current: number, previous: number): string {
  const change = roundPoints(current - previous);
  if (change === 0) return "±0";
  return change > 0 ? `+${change}` : `−${Math.abs(change)}`;
}

/** The change of a rate in percentage points ("+8", "−5", "±0"); "—" when either side has no rate. */
export function formatRateDelta(current: number | undefined, previous: number | undefined): string {
  if (current === undefined || previous === undefined) return "—";
  return formatDelta(Math.round(current * 100), Math.round(previous * 100));
}

const MONTHS: Record<PeriodKind, number> = { month: 1, quarter: 3, year: 12 };

/**
 * Reports a quota asks for in a period of another length: the quota scaled by the number of months and
 * rounded up — 1 a month → 3 a quarter, 12 a year; 2 a year → 1 a quarter (½ rounded up), 1 a month; 4 a
 * year → 1 a quarter. Someone has met their quota for the period when their reports submitted in it and not
 * rejected (co-authored ones included) reach this number.
 */
export function requiredInPeriod(quota: Quota, kind: PeriodKind): number {
  if (quota.count <= 0) return 0;
  // Integer arithmetic first, so 1 × 3 / 3 is exactly 1.
  return Math.ceil((quota.count * MONTHS[kind]) / MONTHS[quota.period]);
}

export function quotaMet(done: number, required: number): boolean {
  return required > 0 && done >= required;
}

export type StatsAccess =
  | { ok: true }
  | { ok: false; reason: "role" | "group-role" | "group-disabled" | "group-unbound" };

/**
 * Who may see statistics where: leaders (admins included) and staff in private chats; in a group only
 * leaders, only when statsInGroups is on and only in a group bound to a unit or to everyone.
 */
export function statsAccess(
  role: Role | undefined,
  chat: { private: boolean; bound: boolean },
  statsInGroups: boolean,
): StatsAccess {
  if (chat.private) return isLeader(role) || isStaff(role) ? { ok: true } : { ok: false, reason: "role" };
  if (!isLeader(role)) return { ok: false, reason: isStaff(role) ? "group-role" : "role" };
  if (!statsInGroups) return { ok: false, reason: "group-disabled" };
  if (!chat.bound) return { ok: false, reason: "group-unbound" };
  return { ok: true };
}

export type StatsArgs =
  | { ok: true; period: Period; target: string }
  /** The words were neither a period nor followed one; `target` holds them in case they name someone. */
  | { ok: false; target: string };

/**
 * Reads "/stats [period] [unit | person]": the longest run of leading words (up to three, for "last
 * quarter" and "2026 年 第三季度") that is a period, then the rest as the unit or person. No words: the
 * current year. Words that do not start with a period are returned as a target for the caller to resolve;
 * if they name no one either, the period was wrong.
 */
export function readStatsArgs(text: string, now: Date, timeZone: string): StatsArgs {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { ok: true, period: periodContaining("year", now, timeZone), target: "" };
  for (let take = Math.min(3, words.length); take >= 1; take--) {
    const period = parsePeriod(words.slice(0, take).join(" "), now, timeZone);
    if (period) return { ok: true, period, target: words.slice(take).join(" ") };
  }
  return { ok: false, target: words.join(" ") };
}

/** Words that look like someone tried to write a period (digits, Q1–Q4, 年/季/月, quarter/year/month). */
export function looksLikePeriod(text: string): boolean {
  return /\d|^q\d|[年季月]|quarter|year|month/i.test(text.normalize("NFKC"));
}

/** The months a trend chart shows: the twelve ending with the period's last month, oldest first. */
export function trendMonths(period: Period, timeZone: string): Period[] {
  const lastMonth = periodContaining("month", new Date(period.end.getTime() - 1), timeZone);
  const months: Period[] = [lastMonth];
  while (months.length < 12) {
    const first = months[0]!;
    months.unshift(periodContaining("month", new Date(first.start.getTime() - 1), timeZone));
  }
  return months;
}
