// The scoring method (考核计分办法): from adoption, instruction (批示), 阅批 and transfer events to points per
// report, per person and per unit, plus standings with shared ranks.
import type { Level, ScoringTable } from "./settings";

export type AdoptionMode = "single" | "combined";

export interface ScoringEvent {
  reportId: number;
  /** "adopted", "instructed", "read" or "transferred" score; any other kind is ignored. */
  kind: string;
  /** Missing means the committee's own level. */
  level?: Level | null;
  /** Missing means a single piece (单篇编发), the usual way a report is adopted. */
  mode?: AdoptionMode | null;
  at: Date;
}

export interface ScoredReport {
  id: number;
  unitId: number | null;
  authorIds: number[];
}

export interface Scores {
  byPerson: Map<number, number>;
  byUnit: Map<number, number>;
  byReport: Map<number, number>;
}

/**
 * How many levels above `ownLevel` a level is, by position in `levels` (lowest first);
 * undefined when it is below the own level or not configured.
 */
export function levelsUp(level: Level, ownLevel: Level, levels: readonly Level[]): number | undefined {
  const own = levels.indexOf(ownLevel);
  const at = levels.indexOf(level);
  if (own < 0 || at < 0 || at < own) return undefined;
  return at - own;
}

// A table shorter than the ladder of levels pays its last entry for everything higher.
function entry<T>(table: readonly T[], up: number): T | undefined {
  return table[Math.min(up, table.length - 1)];
}

/** Which slot of a report an event fills: a report scores once per slot. */
function slotOf(event: ScoringEvent, ownLevel: Level): string | undefined {
  const level = event.level ?? ownLevel;
  if (event.kind === "adopted" || event.kind === "instructed" || event.kind === "read")
    return `${event.kind}:${level}`;
  if (event.kind === "transferred") return "transferred";
  return undefined;
}

/** Points one event is worth on its own (0 for events that do not score). */
export function pointsForEvent(
  event: Pick<ScoringEvent, "kind" | "level" | "mode">,
  table: ScoringTable,
  levels: readonly Level[],
  ownLevel: Level,
): number {
  if (event.kind === "transferred") return table.transferred;
  const up = levelsUp(event.level ?? ownLevel, ownLevel, levels);
  if (up === undefined) return 0;
  if (event.kind === "adopted") return entry(table.adoptedByLevelsUp, up)?.[event.mode ?? "single"] ?? 0;
  if (event.kind === "instructed") return entry(table.instructionByLevelsUp, up) ?? 0;
  if (event.kind === "read") return table.read ?? 0;
  return 0;
}

/**
 * Scores reports from their events. A report scores at most once per adoption level, once per
 * instruction level, once per 阅批 level and once for transfer, taking the best event of each (single beats combined);
 * so the result does not depend on event order or duplicates. Co-authors share a report's points
 * evenly; a unit gets the full points of its reports. Every given report, author and unit appears
 * in the result, with 0 when nothing scored.
 *
 * With `period` [start, end), a report earns what its events up to the end are worth beyond what those
 * before the start were already worth: each slot is credited once, in the period of the step that earned it,
 * and a combined adoption raised to a single one later adds the difference then. So the periods of a year add
 * up to the year, however the steps fall. Pass the events before the period too (they earn nothing there).
 */
export function scoreReports(
  reports: readonly ScoredReport[],
  events: readonly ScoringEvent[],
  table: ScoringTable,
  levels: readonly Level[],
  ownLevel: Level,
  period?: { start: Date; end: Date },
): Scores {
  // Per report and slot: the best by the period's end, and the best before its start (already earned).
  const best = new Map<number, Map<string, number>>();
  const before = new Map<number, Map<string, number>>();
  for (const report of reports) {
    best.set(report.id, new Map());
    before.set(report.id, new Map());
  }
  for (const event of events) {
    const slots = best.get(event.reportId);
    if (!slots) continue;
    const t = event.at.getTime();
    if (period && t >= period.end.getTime()) continue;
    const slot = slotOf(event, ownLevel);
    if (!slot) continue;
    const points = pointsForEvent(event, table, levels, ownLevel);
    slots.set(slot, Math.max(slots.get(slot) ?? 0, points));
    if (period && t < period.start.getTime()) {
      const earned = before.get(event.reportId)!;
      earned.set(slot, Math.max(earned.get(slot) ?? 0, points));
    }
  }
  for (const [reportId, slots] of best) {
    const earned = before.get(reportId)!;
    for (const [slot, points] of slots) slots.set(slot, points - (earned.get(slot) ?? 0));
  }

  const scores: Scores = { byPerson: new Map(), byUnit: new Map(), byReport: new Map() };
  // Fixed summation order keeps floating-point totals identical however the input is ordered.
  const ordered = [...reports].sort((a, b) => a.id - b.id);
  for (const report of ordered) {
    if (scores.byReport.has(report.id)) continue;
    const slots = best.get(report.id)!;
    const total = [...slots.keys()].sort().reduce((sum, slot) => sum + slots.get(slot)!, 0);
    scores.byReport.set(report.id, total);
    const authors = [...new Set(report.authorIds)];
    for (const author of authors) {
      scores.byPerson.set(author, (scores.byPerson.get(author) ?? 0) + total / authors.length);
    }
    if (report.unitId !== null)
      scores.byUnit.set(report.unitId, (scores.byUnit.get(report.unitId) ?? 0) + total);
  }
  return scores;
}

/** Points for display: two decimals at most (10/3 → 3.33). */
export function roundPoints(points: number): number {
  return Math.round((points + Number.EPSILON) * 100) / 100;
}

export interface RankEntry {
  id: number;
  points: number;
  /** Competition ranking: 1, 2, 2, 4. */
  rank: number;
  name?: string;
}

/**
 * Standings, best first. Points are compared as displayed (rounded to two decimals), so
 * 3.3333… and 3.33 share a rank; equal points are listed by id to stay deterministic.
 */
export function rankEntries(
  points: ReadonlyMap<number, number>,
  namesById?: ReadonlyMap<number, string>,
): RankEntry[] {
  const sorted = [...points]
    .map(([id, p]) => ({ id, points: p, shown: roundPoints(p) }))
    .sort((a, b) => b.shown - a.shown || a.id - b.id);
  const ranked: RankEntry[] = [];
  sorted.forEach((e, i) => {
    const previous = ranked[i - 1];
    const rank = previous && sorted[i - 1]!.shown === e.shown ? previous.rank : i + 1;
    const name = namesById?.get(e.id);
    ranked.push(
      name === undefined ? { id: e.id, points: e.points, rank } : { id: e.id, points: e.points, rank, name },
    );
  });
  return ranked;
}
