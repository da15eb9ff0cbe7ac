// The committee's own publication (本级刊物, e.g. 《社情民意》): an issue is compiled from accepted reports, each
// as a piece of its own (单篇) or several merged into one piece under an editor's title (综合), with an optional
// 编者按 per piece and for the issue. Publishing gives the issue its number for the year (期号) and records 编发
// (the own level's adoption) for every report in it. Pure: storage is src/db/issues.ts.
import { localDateParts } from "./periods";
import type { Level } from "./settings";

export const ISSUE_STATUSES = ["open", "published"] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export const PIECE_MODES = ["single", "combined"] as const;
export type PieceMode = (typeof PIECE_MODES)[number];

/** An editor's title of a combined piece, and a 编者按, in characters. */
export const PIECE_TITLE_MAX = 60;
export const EDITOR_NOTE_MAX = 500;

export interface IssuePiece {
  id: number;
  mode: PieceMode;
  /** The editor's title of a combined piece; a single piece is titled by its report. */
  title: string | null;
  editorNote: string | null;
  /** In the order they are printed. */
  reportIds: number[];
}

export interface IssueContent {
  status: IssueStatus;
  editorNote: string | null;
  /** In the order they are printed. */
  pieces: IssuePiece[];
}

/** Statuses in which a report has been accepted (录用) and not rejected or sent back. */
const ACCEPTED_OR_LATER: ReadonlySet<string> = new Set(["accepted", "forwarded", "transferred", "closed"]);

/**
 * Whether a report may go into an issue: accepted (录用) and not yet 编发, that is with no adoption recorded at
 * the committee's own level (a combined piece once printed is not printed again).
 */
export function mayInclude(
  status: string,
  history: readonly { kind: string; level: string | null }[],
  ownLevel: Level,
): boolean {
  if (!ACCEPTED_OR_LATER.has(status)) return false;
  return !history.some((e) => e.kind === "adopted" && (e.level ?? ownLevel) === ownLevel);
}

export type IssueProblem =
  | "not-open"
  | "empty"
  /** A combined piece merges at least two reports. */
  | "combined-too-few"
  | "combined-no-title";

/** Whether an issue can be published as it stands; the first problem (and the piece, 1-based) if not. */
export function checkPublishable(
  issue: IssueContent,
): { ok: true } | { ok: false; problem: IssueProblem; piece?: number } {
  if (issue.status !== "open") return { ok: false, problem: "not-open" };
  if (issue.pieces.length === 0) return { ok: false, problem: "empty" };
  for (const [index, piece] of issue.pieces.entries()) {
    if (piece.mode !== "combined") continue;
    if (piece.reportIds.length < 2) return { ok: false, problem: "combined-too-few", piece: index + 1 };
    if (!piece.title?.trim()) return { ok: false, problem: "combined-no-title", piece: index + 1 };
  }
  return { ok: true };
}

export interface PublicationEvent {
  reportId: number;
  event: { kind: "adopted"; level: Level; mode: PieceMode; note: string };
}

/** The 编发 each report of the issue records: at the own level, single or combined as its piece, naming the issue. */
export function publicationEvents(issue: IssueContent, ownLevel: Level, label: string): PublicationEvent[] {
  return issue.pieces.flatMap((piece) =>
    piece.reportIds.map((reportId) => ({
      reportId,
      event: { kind: "adopted" as const, level: ownLevel, mode: piece.mode, note: label },
    })),
  );
}

/** Issues are numbered per year: the first of a year is 第1期. */
export function nextIssueNumber(numbersThisYear: readonly number[]): number {
  return numbersThisYear.reduce((max, n) => Math.max(max, n), 0) + 1;
}

/** The year an issue published at `instant` belongs to, in the committee's zone. */
export function issueYear(instant: Date, timeZone: string): number {
  return localDateParts(instant, timeZone).year;
}

/** 《社情民意》2026年第3期 */
export function issueLabel(publicationName: string, year: number, number: number): string {
  return `《${publicationName}》${year}年第${number}期`;
}

/** The order after moving one item up (-1) or down (+1); unchanged at either end or when absent. */
export function moveInOrder<T>(order: readonly T[], item: T, direction: -1 | 1): T[] {
  const at = order.indexOf(item);
  const to = at + direction;
  if (at < 0 || to < 0 || to >= order.length) return [...order];
  const moved = [...order];
  moved[at] = order[to]!;
  moved[to] = item;
  return moved;
}

// ── What an issue prints ────────────────────────────────────────────────────────────────────────────────

export interface PrintedReport {
  id: number;
  title: string;
  situation: string;
  analysis: string;
  suggestions: string;
  /** The main author first. */
  authors: string[];
  unit: string | null;
}

export interface PrintedPiece {
  mode: PieceMode;
  /** The editor's title of a combined piece; a single piece's report title. */
  title: string;
  editorNote: string | null;
  reports: PrintedReport[];
}

export interface PrintedIssue {
  id: number;
  status: IssueStatus;
  year: number | null;
  number: number | null;
  publishedAt: string | null;
  editorNote: string | null;
  pieces: PrintedPiece[];
}
