// Earlier reports like a new one (与已有信息重复): stored signatures narrow the year's reports to the few that
// may be alike, and only those are compared exactly (src/domain/similarity.ts).
import {
  findSimilar,
  maySimilar,
  reportSignatures,
  SIGNATURE_SIZE,
  type TextSignatures,
} from "../domain/similarity";
import { type DB, nowIso } from "./database";

export interface SimilarReport {
  id: number;
  title: string;
  status: string;
  submitted_at: string;
  score: number;
}

export interface SimilarScope {
  /** Reports submitted since then are searched. */
  since: Date;
  /** The report being revised: not similar to itself. */
  excludeReportId: number | null;
  /** The draft being submitted: a report made from it (submitted twice) is not a match either. */
  excludeDraftId?: number;
  limit?: number;
}

/** SQLite caps the variables of one statement (32,766 by default; far fewer on older builds). */
const CHUNK = 500;

function encode(signature: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(SIGNATURE_SIZE * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, value] of signature.entries()) view.setUint32(i * 4, value, true);
  return bytes;
}

/** Whether this machine stores numbers little-endian, as the signatures are stored: then a blob is read as is. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function decode(blob: ArrayBuffer | Uint8Array): Uint32Array | undefined {
  const bytes = blob instanceof Uint8Array ? blob : new Uint8Array(blob);
  if (bytes.byteLength !== SIGNATURE_SIZE * 4) return undefined;
  if (LITTLE_ENDIAN)
    return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => view.getUint32(i * 4, true));
}

async function loadTexts(db: DB, ids: readonly number[]) {
  const rows = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    rows.push(
      ...(await db
        .selectFrom("reports")
        .select(["id", "title", "situation", "analysis", "suggestions", "status", "submitted_at"])
        .where("id", "in", ids.slice(i, i + CHUNK))
        .execute()),
    );
  }
  return rows.map((r) => ({ ...r, body: `${r.situation}\n${r.analysis}\n${r.suggestions}` }));
}

/** Signatures of the reports that have none yet (new, or whose text changed), computed and stored. */
async function computeMissing(db: DB, ids: readonly number[]): Promise<Map<number, TextSignatures>> {
  const computed = new Map<number, TextSignatures>();
  if (ids.length === 0) return computed;
  for (const report of await loadTexts(db, ids)) computed.set(report.id, reportSignatures(report));
  const rows = [...computed].map(([id, s]) => ({
    report_id: id,
    title_sig: encode(s.title),
    body_sig: encode(s.body),
  }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK / 5) {
      await trx
        .insertInto("report_signatures")
        .values(rows.slice(i, i + CHUNK / 5))
        .onConflict((oc) => oc.column("report_id").doNothing())
        .execute();
    }
  });
  return computed;
}

/** Reports in scope whose title or body is very similar to the candidate's, most similar first. */
export async function findSimilarReports(
  db: DB,
  candidate: { title: string; body: string },
  scope: SimilarScope,
): Promise<SimilarReport[]> {
  let query = db
    .selectFrom("reports")
    .leftJoin("report_signatures as s", "s.report_id", "reports.id")
    .select(["reports.id", "s.title_sig", "s.body_sig"])
    .where("reports.submitted_at", ">=", nowIso(scope.since));
  if (scope.excludeReportId !== null) query = query.where("reports.id", "!=", scope.excludeReportId);
  const excludeDraftId = scope.excludeDraftId;
  if (excludeDraftId !== undefined)
    query = query.where((eb) =>
      eb.or([eb("reports.source_draft_id", "is", null), eb("reports.source_draft_id", "!=", excludeDraftId)]),
    );
  const rows = await query.execute();

  const stored = new Map<number, TextSignatures>();
  const missing: number[] = [];
  for (const row of rows) {
    const title = row.title_sig ? decode(row.title_sig) : undefined;
    const body = row.body_sig ? decode(row.body_sig) : undefined;
    if (title && body) stored.set(row.id, { title, body });
    else missing.push(row.id);
  }
  for (const [id, signatures] of await computeMissing(db, missing)) stored.set(id, signatures);

  const mine = reportSignatures(candidate);
  const maybe = [...stored].filter(([, theirs]) => maySimilar(mine, theirs)).map(([id]) => id);
  const others = await loadTexts(db, maybe);
  const byId = new Map(others.map((o) => [o.id, o]));
  return findSimilar(candidate, others)
    .slice(0, scope.limit ?? 5)
    .map((match) => {
      const { id, title, status, submitted_at } = byId.get(match.id)!;
      return { id, title, status, submitted_at, score: match.score };
    });
}
