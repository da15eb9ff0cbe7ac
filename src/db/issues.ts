// The committee's own publication: the issue being compiled (one at a time, shared by chat and the web console),
// its pieces and reports as read, the candidates, each staff member's picks, and what an issue prints. Changing
// the open issue is in ./issue-pieces.ts, publishing it in ./issue-publish.ts.
import { sql, type Transaction } from "kysely";
import type { IssueContent, IssueStatus, PieceMode, PrintedIssue, PrintedReport } from "../domain/issues";
import { type DB, nowIso } from "./database";
import type { Database } from "./schema";

export type Executor = DB | Transaction<Database>;

export interface IssueRecord extends IssueContent {
  id: number;
  year: number | null;
  number: number | null;
  publishedAt: string | null;
}

/** The report lines an issue's pieces and the candidates show. */
export interface IssueReportLine {
  id: number;
  title: string;
  author: string;
  unit: string | null;
}

const ACCEPTED_OR_LATER = ["accepted", "forwarded", "transferred", "closed"];

/** The issue being compiled, if any. */
export async function currentIssueId(db: Executor): Promise<number | undefined> {
  const row = await db.selectFrom("issues").select("id").where("status", "=", "open").executeTakeFirst();
  return row?.id;
}

/** Whether a report is in a piece of an issue (being compiled or published). */
export async function isInIssue(db: Executor, reportId: number): Promise<boolean> {
  const row = await db
    .selectFrom("issue_reports")
    .select("report_id")
    .where("report_id", "=", reportId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The issue being compiled, opened now if there is none. */
export async function openIssue(db: DB, personId: number, now: Date): Promise<number> {
  const at = nowIso(now);
  // The partial unique index keeps a second open issue out: a concurrent opener finds the first one.
  await sql`INSERT INTO issues (status, created_by, created_at, updated_at)
    VALUES ('open', ${personId}, ${at}, ${at}) ON CONFLICT DO NOTHING`.execute(db);
  const id = await currentIssueId(db);
  if (id === undefined) throw new Error("no open issue after opening one");
  return id;
}

export async function loadIssue(db: Executor, issueId: number): Promise<IssueRecord | undefined> {
  const issue = await db.selectFrom("issues").selectAll().where("id", "=", issueId).executeTakeFirst();
  if (!issue) return undefined;
  const pieces = await db
    .selectFrom("issue_pieces")
    .selectAll()
    .where("issue_id", "=", issueId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const members =
    pieces.length === 0
      ? []
      : await db
          .selectFrom("issue_reports")
          .select(["report_id", "piece_id"])
          .where(
            "piece_id",
            "in",
            pieces.map((p) => p.id),
          )
          .orderBy("position")
          .orderBy("report_id")
          .execute();
  return {
    id: issue.id,
    status: issue.status as IssueStatus,
    year: issue.year,
    number: issue.number,
    publishedAt: issue.published_at,
    editorNote: issue.editor_note,
    pieces: pieces.map((p) => ({
      id: p.id,
      mode: p.mode as PieceMode,
      title: p.title,
      editorNote: p.editor_note,
      reportIds: members.filter((m) => m.piece_id === p.id).map((m) => m.report_id),
    })),
  };
}

export async function listPublishedIssues(db: DB, limit = 50) {
  return db
    .selectFrom("issues")
    .select(["id", "year", "number", "published_at"])
    .where("status", "=", "published")
    .orderBy("published_at", "desc")
    .limit(limit)
    .execute();
}

export async function reportLines(db: Executor, reportIds: readonly number[]): Promise<IssueReportLine[]> {
  if (reportIds.length === 0) return [];
  const rows = await db
    .selectFrom("reports")
    .innerJoin("people", "people.id", "reports.author_id")
    .leftJoin("units", "units.id", "reports.unit_id")
    .select(["reports.id", "reports.title", "people.name as author", "units.name as unit"])
    .where("reports.id", "in", [...reportIds])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return reportIds.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Accepted reports not yet 编发 and in no issue: what may be added to the issue being compiled, oldest first.
 */
export async function listCandidates(
  db: DB,
  ownLevel: string,
  page: { offset: number; limit: number },
): Promise<{ reports: IssueReportLine[]; total: number }> {
  const base = db
    .selectFrom("reports")
    .where("reports.status", "in", ACCEPTED_OR_LATER)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("report_events")
            .select("report_events.id")
            .whereRef("report_events.report_id", "=", "reports.id")
            .where("report_events.kind", "=", "adopted")
            .where(sql<boolean>`coalesce(report_events.level, ${ownLevel}) = ${ownLevel}`),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("issue_reports")
            .select("issue_reports.report_id")
            .whereRef("issue_reports.report_id", "=", "reports.id"),
        ),
      ),
    );
  const [rows, count] = await Promise.all([
    base
      .innerJoin("people", "people.id", "reports.author_id")
      .leftJoin("units", "units.id", "reports.unit_id")
      .select(["reports.id", "reports.title", "people.name as author", "units.name as unit"])
      .orderBy("reports.id")
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { reports: rows, total: Number(count.n) };
}

// ── Picks: the reports a staff member chooses in chat, one press at a time, to merge into a combined piece ──

export async function togglePick(db: DB, issueId: number, personId: number, reportId: number, now: Date) {
  const removed = await db
    .deleteFrom("issue_picks")
    .where("issue_id", "=", issueId)
    .where("person_id", "=", personId)
    .where("report_id", "=", reportId)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) > 0) return false;
  await db
    .insertInto("issue_picks")
    .values({ issue_id: issueId, person_id: personId, report_id: reportId, picked_at: nowIso(now) })
    .execute();
  return true;
}

export async function listPicks(db: DB, issueId: number, personId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("issue_picks")
    .select("report_id")
    .where("issue_id", "=", issueId)
    .where("person_id", "=", personId)
    .orderBy("picked_at")
    .orderBy("report_id")
    .execute();
  return rows.map((r) => r.report_id);
}

export async function clearPicks(db: DB, issueId: number, personId: number): Promise<void> {
  await db
    .deleteFrom("issue_picks")
    .where("issue_id", "=", issueId)
    .where("person_id", "=", personId)
    .execute();
}

// ── What an issue prints ────────────────────────────────────────────────────────────────────────────────

/** Everything an issue prints: its pieces in order, with each report's text and authors. */
export async function loadPrintedIssue(db: DB, issueId: number): Promise<PrintedIssue | undefined> {
  const issue = await loadIssue(db, issueId);
  if (!issue) return undefined;
  const ids = issue.pieces.flatMap((p) => p.reportIds);
  const [reports, authors] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .selectFrom("reports")
            .leftJoin("units", "units.id", "reports.unit_id")
            .select([
              "reports.id",
              "reports.title",
              "reports.situation",
              "reports.analysis",
              "reports.suggestions",
              "units.name as unit",
            ])
            .where("reports.id", "in", ids)
            .execute(),
          db
            .selectFrom("report_authors")
            .innerJoin("people", "people.id", "report_authors.person_id")
            .select(["report_authors.report_id", "people.name"])
            .where("report_authors.report_id", "in", ids)
            .orderBy("report_authors.position")
            .execute(),
        ]);
  const byId = new Map(
    reports.map((r) => [
      r.id,
      {
        ...r,
        authors: authors.filter((a) => a.report_id === r.id).map((a) => a.name),
      } satisfies PrintedReport,
    ]),
  );
  return {
    id: issue.id,
    status: issue.status,
    year: issue.year,
    number: issue.number,
    publishedAt: issue.publishedAt,
    editorNote: issue.editorNote,
    pieces: issue.pieces.map((piece) => {
      const printed = piece.reportIds.flatMap((id) => byId.get(id) ?? []);
      return {
        mode: piece.mode,
        title: piece.mode === "combined" ? (piece.title ?? "") : (printed[0]?.title ?? ""),
        editorNote: piece.editorNote,
        reports: printed,
      };
    }),
  };
}

// ── Rolling back a change to an issue with an answer (./issue-pieces.ts, ./issue-publish.ts) ──────────────

/** Thrown inside a transaction to roll it back and answer with `result`. */
export class IssueRollback<R> extends Error {
  constructor(readonly result: R) {
    super("issue change rolled back");
  }
}

export function rolledBack<R>(error: unknown): R {
  if (error instanceof IssueRollback) return error.result as R;
  throw error;
}
