// Compiling the open issue: adding reports as single pieces, merging them into a combined piece, removing and
// ordering pieces, 编者按 and titles. Each change first checks, in its transaction, that the issue is still open.
import type { Transaction } from "kysely";
import { mayInclude, moveInOrder } from "../domain/issues";
import type { Settings } from "../domain/settings";
import { type DB, nowIso } from "./database";
import { IssueRollback, rolledBack } from "./issues";
import type { Database } from "./schema";

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
