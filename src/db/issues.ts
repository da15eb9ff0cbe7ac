// The committee's own publication: the issue being compiled (one at a time, shared by chat and the web console),
// its pieces and reports, and publication — which records 编发 for every report through recordEventsIn, the
// path staff decisions take, in one transaction with the issue's number.
import { sql, type Transaction } from "kysely";
import {
  checkPublishable,
  type IssueContent,
  type IssueProblem,
  type IssueStatus,
  issueLabel,
  issueYear,
  mayInclude,
  moveInOrder,
  nextIssueNumber,
  type PieceMode,
  type PrintedIssue,
  type PrintedReport,
  publicationEvents,
} from "../domain/issues";
import type { Settings } from "../domain/settings";
import { type DB, nowIso } from "./database";
import { type RecordRefusal, recordEventsIn } from "./events";
import type { Database } from "./schema";

type Executor = DB | Transaction<Database>;

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

export type IssueChange =
  | { kind: "changed" }
  | { kind: "not-found" }
  /** The issue was published meanwhile: it cannot change any more. */
  | { kind: "not-open" }
  /** A report that is not accepted, already 编发, or in a piece already. */
  | { kind: "not-includable"; reportId: number };

async function openIssueIn(trx: Transaction<Database>, issueId: number) {
  const issue = await trx
    .selectFrom("issues")
    .select(["id", "status"])
    .where("id", "=", issueId)
    .executeTakeFirst();
  if (!issue) return { kind: "not-found" } as const;
  if (issue.status !== "open") return { kind: "not-open" } as const;
  return undefined;
}

async function touch(trx: Transaction<Database>, issueId: number, now: Date) {
  await trx
    .updateTable("issues")
    .set({ updated_at: nowIso(now) })
    .where("id", "=", issueId)
    .execute();
}

async function includable(trx: Transaction<Database>, reportId: number, ownLevel: Settings["ownLevel"]) {
  const report = await trx
    .selectFrom("reports")
    .select("status")
    .where("id", "=", reportId)
    .executeTakeFirst();
  if (!report) return false;
  const history = await trx
    .selectFrom("report_events")
    .select(["kind", "level"])
    .where("report_id", "=", reportId)
    .execute();
  return mayInclude(report.status, history, ownLevel);
}

async function nextPiecePosition(trx: Transaction<Database>, issueId: number): Promise<number> {
  const row = await trx
    .selectFrom("issue_pieces")
    .select((eb) => eb.fn.max("position").as("max"))
    .where("issue_id", "=", issueId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** Drops pieces left without reports; a combined piece left with one report prints it as a single piece. */
async function tidyPieces(trx: Transaction<Database>, issueId: number) {
  const pieces = await trx
    .selectFrom("issue_pieces")
    .leftJoin("issue_reports", "issue_reports.piece_id", "issue_pieces.id")
    .select(["issue_pieces.id", "issue_pieces.mode", (eb) => eb.fn.count("issue_reports.report_id").as("n")])
    .where("issue_pieces.issue_id", "=", issueId)
    .groupBy("issue_pieces.id")
    .execute();
  for (const piece of pieces) {
    const n = Number(piece.n);
    if (n === 0) await trx.deleteFrom("issue_pieces").where("id", "=", piece.id).execute();
    else if (n === 1 && piece.mode === "combined")
      await trx
        .updateTable("issue_pieces")
        .set({ mode: "single", title: null })
        .where("id", "=", piece.id)
        .execute();
  }
}

/** Adds reports to the open issue, each as a single piece at the end. */
export async function addSingles(
  db: DB,
  request: { issueId: number; reportIds: readonly number[]; ownLevel: Settings["ownLevel"]; now: Date },
): Promise<IssueChange> {
  return db
    .transaction()
    .execute(async (trx) => {
      const refused = await openIssueIn(trx, request.issueId);
      if (refused) return refused;
      for (const reportId of request.reportIds) {
        const taken = await trx
          .selectFrom("issue_reports")
          .select("report_id")
          .where("report_id", "=", reportId)
          .executeTakeFirst();
        if (taken || !(await includable(trx, reportId, request.ownLevel)))
          throw new IssueRollback({ kind: "not-includable", reportId });
        const piece = await trx
          .insertInto("issue_pieces")
          .values({
            issue_id: request.issueId,
            position: await nextPiecePosition(trx, request.issueId),
            mode: "single",
            title: null,
            editor_note: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("issue_reports")
          .values({ report_id: reportId, piece_id: piece.id, position: 1 })
          .execute();
      }
      await touch(trx, request.issueId, request.now);
      return { kind: "changed" } as const;
    })
    .catch(rolledBack<IssueChange>);
}

/**
 * Merges reports into one combined piece under the editor's title, taking them out of the pieces they were in;
 * the new piece takes the place of the first of those, or goes at the end.
 */
export async function combineReports(
  db: DB,
  request: Parameters<typeof combineReportsIn>[1],
): Promise<IssueChange> {
  return db.transaction().execute((trx) => combineReportsIn(trx, request));
}

/** combineReports in a transaction the caller holds; everything is checked before anything is written. */
export async function combineReportsIn(
  trx: Transaction<Database>,
  request: {
    issueId: number;
    reportIds: readonly number[];
    title: string;
    ownLevel: Settings["ownLevel"];
    now: Date;
  },
): Promise<IssueChange> {
  const refused = await openIssueIn(trx, request.issueId);
  if (refused) return refused;
  const pieces = await trx
    .selectFrom("issue_pieces")
    .select(["id", "position"])
    .where("issue_id", "=", request.issueId)
    .execute();
  const pieceIds = new Set(pieces.map((p) => p.id));
  const members: { reportId: number; pieceId: number }[] = [];
  for (const reportId of request.reportIds) {
    const member = await trx
      .selectFrom("issue_reports")
      .select("piece_id")
      .where("report_id", "=", reportId)
      .executeTakeFirst();
    if (member && !pieceIds.has(member.piece_id)) return { kind: "not-includable", reportId };
    if (!(await includable(trx, reportId, request.ownLevel))) return { kind: "not-includable", reportId };
    if (member) members.push({ reportId, pieceId: member.piece_id });
  }
  let position: number | undefined;
  for (const member of members) {
    const at = pieces.find((p) => p.id === member.pieceId)!.position;
    position = position === undefined ? at : Math.min(position, at);
    await trx.deleteFrom("issue_reports").where("report_id", "=", member.reportId).execute();
  }
  const piece = await trx
    .insertInto("issue_pieces")
    .values({
      issue_id: request.issueId,
      position: position ?? (await nextPiecePosition(trx, request.issueId)),
      mode: "combined",
      title: request.title,
      editor_note: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [i, reportId] of request.reportIds.entries())
    await trx
      .insertInto("issue_reports")
      .values({ report_id: reportId, piece_id: piece.id, position: i + 1 })
      .execute();
  await tidyPieces(trx, request.issueId);
  await renumber(trx, request.issueId, piece.id);
  await touch(trx, request.issueId, request.now);
  return { kind: "changed" };
}

/** Positions 1…n in the current order; `first` goes before a piece it shares its position with. */
async function renumber(trx: Transaction<Database>, issueId: number, first?: number, order?: number[]) {
  const pieces = await trx
    .selectFrom("issue_pieces")
    .select(["id", "position"])
    .where("issue_id", "=", issueId)
    .execute();
  const ids =
    order ??
    pieces
      .sort((a, b) => a.position - b.position || (a.id === first ? -1 : b.id === first ? 1 : a.id - b.id))
      .map((p) => p.id);
  for (const [i, id] of ids.entries())
    await trx
      .updateTable("issue_pieces")
      .set({ position: i + 1 })
      .where("id", "=", id)
      .execute();
}

/** Takes a report out of the open issue (its piece goes when it is left empty). */
export async function removeReport(
  db: DB,
  issueId: number,
  reportId: number,
  now: Date,
): Promise<IssueChange> {
  return db.transaction().execute(async (trx) => {
    const refused = await openIssueIn(trx, issueId);
    if (refused) return refused;
    await trx
      .deleteFrom("issue_reports")
      .where("report_id", "=", reportId)
      .where("piece_id", "in", (eb) =>
        eb.selectFrom("issue_pieces").select("id").where("issue_id", "=", issueId),
      )
      .execute();
    await tidyPieces(trx, issueId);
    await renumber(trx, issueId);
    await touch(trx, issueId, now);
    return { kind: "changed" } as const;
  });
}

/** Takes a whole piece (and its reports) out of the open issue. */
export async function removePiece(db: DB, issueId: number, pieceId: number, now: Date): Promise<IssueChange> {
  return db.transaction().execute(async (trx) => {
    const refused = await openIssueIn(trx, issueId);
    if (refused) return refused;
    const piece = await pieceOf(trx, issueId, pieceId);
    if (!piece) return { kind: "not-found" } as const;
    await trx.deleteFrom("issue_reports").where("piece_id", "=", pieceId).execute();
    await trx.deleteFrom("issue_pieces").where("id", "=", pieceId).execute();
    await renumber(trx, issueId);
    await touch(trx, issueId, now);
    return { kind: "changed" } as const;
  });
}

function pieceOf(trx: Transaction<Database>, issueId: number, pieceId: number) {
  return trx
    .selectFrom("issue_pieces")
    .selectAll()
    .where("id", "=", pieceId)
    .where("issue_id", "=", issueId)
    .executeTakeFirst();
}

export async function movePiece(
  db: DB,
  issueId: number,
  pieceId: number,
  direction: -1 | 1,
  now: Date,
): Promise<IssueChange> {
  return db.transaction().execute(async (trx) => {
    const refused = await openIssueIn(trx, issueId);
    if (refused) return refused;
    const pieces = await trx
      .selectFrom("issue_pieces")
      .select("id")
      .where("issue_id", "=", issueId)
      .orderBy("position")
      .orderBy("id")
      .execute();
    if (!pieces.some((p) => p.id === pieceId)) return { kind: "not-found" } as const;
    await renumber(
      trx,
      issueId,
      undefined,
      moveInOrder(
        pieces.map((p) => p.id),
        pieceId,
        direction,
      ),
    );
    await touch(trx, issueId, now);
    return { kind: "changed" } as const;
  });
}

/** The 编者按 of a piece, or of the issue when `pieceId` is null; null removes it. */
export async function setEditorNote(
  db: DB,
  request: Parameters<typeof setEditorNoteIn>[1],
): Promise<IssueChange> {
  return db.transaction().execute((trx) => setEditorNoteIn(trx, request));
}

export async function setEditorNoteIn(
  trx: Transaction<Database>,
  request: { issueId: number; pieceId: number | null; note: string | null; now: Date },
): Promise<IssueChange> {
  const refused = await openIssueIn(trx, request.issueId);
  if (refused) return refused;
  if (request.pieceId === null) {
    await trx
      .updateTable("issues")
      .set({ editor_note: request.note })
      .where("id", "=", request.issueId)
      .execute();
  } else {
    if (!(await pieceOf(trx, request.issueId, request.pieceId))) return { kind: "not-found" } as const;
    await trx
      .updateTable("issue_pieces")
      .set({ editor_note: request.note })
      .where("id", "=", request.pieceId)
      .execute();
  }
  await touch(trx, request.issueId, request.now);
  return { kind: "changed" } as const;
}

/** The editor's title of a combined piece. */
export async function setPieceTitle(
  db: DB,
  request: Parameters<typeof setPieceTitleIn>[1],
): Promise<IssueChange> {
  return db.transaction().execute((trx) => setPieceTitleIn(trx, request));
}

export async function setPieceTitleIn(
  trx: Transaction<Database>,
  request: { issueId: number; pieceId: number; title: string; now: Date },
): Promise<IssueChange> {
  const refused = await openIssueIn(trx, request.issueId);
  if (refused) return refused;
  const piece = await pieceOf(trx, request.issueId, request.pieceId);
  if (piece?.mode !== "combined") return { kind: "not-found" } as const;
  await trx
    .updateTable("issue_pieces")
    .set({ title: request.title })
    .where("id", "=", request.pieceId)
    .execute();
  await touch(trx, request.issueId, request.now);
  return { kind: "changed" } as const;
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

// ── Publication ───────────────────────────────────────────────────────────────────────────────────────

export type PublishResult =
  | {
      kind: "published";
      issueId: number;
      year: number;
      number: number;
      /** The 编发 event recorded for each report, for the notices to its authors. */
      recorded: { reportId: number; eventId: number }[];
    }
  /** Published before (by this press's twin or someone else): the same issue, nothing recorded again. */
  | {
      kind: "already";
      issueId: number;
      year: number;
      number: number;
      recorded: { reportId: number; eventId: number }[];
    }
  | { kind: "not-found" }
  | { kind: "problem"; problem: IssueProblem; piece?: number }
  /** A report cannot be 编发 (changed since it was added): nothing was recorded. */
  | { kind: "refused"; reportId: number; reason: RecordRefusal | "stale" | "not-found" };

/**
 * Publishes the open issue: gives it the next number of the year and records 编发 (single or combined) for every
 * report in it, all in one transaction. Publishing a published issue again records nothing and answers "already".
 */
export async function publishIssue(
  db: DB,
  request: {
    issueId: number;
    actorId: number;
    settings: Pick<Settings, "ownLevel" | "levels" | "timeZone" | "publicationName">;
    now: Date;
  },
): Promise<PublishResult> {
  const { settings, now } = request;
  return db
    .transaction()
    .execute(async (trx): Promise<PublishResult> => {
      const issue = await loadIssue(trx, request.issueId);
      if (!issue) return { kind: "not-found" };
      if (issue.status === "published") return { kind: "already", ...(await publishedFacts(trx, issue)) };
      const check = checkPublishable(issue);
      if (!check.ok)
        return { kind: "problem", problem: check.problem, ...(check.piece ? { piece: check.piece } : {}) };
      const year = issueYear(now, settings.timeZone);
      const numbers = await trx.selectFrom("issues").select("number").where("year", "=", year).execute();
      const number = nextIssueNumber(numbers.flatMap((n) => (n.number === null ? [] : [n.number])));
      const label = issueLabel(settings.publicationName, year, number);
      const recorded: { reportId: number; eventId: number }[] = [];
      for (const { reportId, event } of publicationEvents(issue, settings.ownLevel, label)) {
        const report = await trx
          .selectFrom("reports")
          .select("version")
          .where("id", "=", reportId)
          .executeTakeFirst();
        const result = report
          ? await recordEventsIn(trx, {
              reportId,
              version: report.version,
              actorId: request.actorId,
              events: [event],
              ownLevel: settings.ownLevel,
              levels: settings.levels,
              now,
            })
          : ({ kind: "not-found" } as const);
        if (result.kind !== "recorded")
          throw new IssueRollback({
            kind: "refused",
            reportId,
            reason: result.kind === "refused" ? result.reason : result.kind,
          });
        const eventId = result.eventIds[0]!;
        recorded.push({ reportId, eventId });
        await trx
          .updateTable("issue_reports")
          .set({ event_id: eventId })
          .where("report_id", "=", reportId)
          .execute();
      }
      const updated = await trx
        .updateTable("issues")
        .set({
          status: "published",
          year,
          number,
          published_by: request.actorId,
          published_at: nowIso(now),
          updated_at: nowIso(now),
        })
        .where("id", "=", issue.id)
        .where("status", "=", "open")
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new Error(`issue ${issue.id} changed while publishing`);
      await trx.deleteFrom("issue_picks").where("issue_id", "=", issue.id).execute();
      return { kind: "published", issueId: issue.id, year, number, recorded };
    })
    .catch(rolledBack<PublishResult>);
}

async function publishedFacts(trx: Executor, issue: IssueRecord) {
  const rows = await trx
    .selectFrom("issue_reports")
    .innerJoin("issue_pieces", "issue_pieces.id", "issue_reports.piece_id")
    .select(["issue_reports.report_id", "issue_reports.event_id"])
    .where("issue_pieces.issue_id", "=", issue.id)
    .execute();
  return {
    issueId: issue.id,
    year: issue.year ?? 0,
    number: issue.number ?? 0,
    recorded: rows.flatMap((r) =>
      r.event_id === null ? [] : [{ reportId: r.report_id, eventId: r.event_id }],
    ),
  };
}

/** Thrown inside a transaction to roll it back and answer with `result`. */
class IssueRollback<R> extends Error {
  constructor(readonly result: R) {
    super("issue change rolled back");
  }
}

function rolledBack<R>(error: unknown): R {
  if (error instanceof IssueRollback) return error.result as R;
  throw error;
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
