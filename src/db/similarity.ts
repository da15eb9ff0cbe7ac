// Earlier reports like a new one (与已有信息重复): the LSH bands of stored signatures find the few reports that
// may be alike without reading the year's reports, and only those are compared exactly (src/domain/similarity.ts).

import { sql, type Transaction } from "kysely";
import { nextBatchSize } from "../domain/pacing";
import {
  bandKeys,
  comparedText,
  findSimilar,
  maySimilar,
  reportSignatures,
  SIGNATURE_SIZE,
  type SignedText,
  signaturesFor,
  type TextSignatures,
} from "../domain/similarity";
import { type DB, nowIso } from "./database";
import { forwardedLevelColumn } from "./reports";
import type { Database } from "./schema";

export interface SimilarReport {
  id: number;
  title: string;
  status: string;
  /** The level it was last forwarded to, if any (已上报（市级）). */
  forwarded_level: string | null;
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
/**
 * Reports sharing a band read and estimated per turn of the event loop: pages of 500 held it up to 59 ms at
 * 1,000,000 reports (section 2b), their rows scattered over a 4.7 GB file.
 */
const CANDIDATE_PAGE = 200;
/** Band keys looked up per turn of the event loop (a check has 64). */
const KEYS_PER_TURN = 8;
/**
 * A band shared by more reports than this is made of the phrases every report uses (建议有关部门, 进一步加强…),
 * not of likeness: at 1,000,000 reports (section 2b) an ordinary band has a few dozen reports, and up to 4 of a
 * check's 64 bands thousands to 60,000, whose reading alone held the loop 143 ms and made the check read 60,000
 * signatures. Such a band gives only its newest HOT_BAND_NEWEST reports. A truly similar report shares on average
 * 3.5 of the 32 body bands besides (J = 1/3), and a family of near-copies larger than this is still found by its
 * newest members.
 */
export const HOT_BAND = 1_000;
export const HOT_BAND_NEWEST = 50;

/** Lets the event loop turn (Node's setImmediate; a zero timeout where there is none, as in Workers). */
function turn(): Promise<void> {
  return new Promise((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
}

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

/** Reports' texts; with a scope, only of those submitted since then and not made from the draft being submitted. */
async function loadTexts(
  db: DB,
  ids: readonly number[],
  scope?: { since: string; excludeDraftId: number | undefined },
) {
  const rows = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    let query = db
      .selectFrom("reports")
      .select(["id", "title", "situation", "analysis", "suggestions", "status", "submitted_at"])
      .where("id", "in", ids.slice(i, i + CHUNK));
    if (scope) {
      const { since, excludeDraftId } = scope;
      // "+": the candidates drive the query, never a scan of the year by date (whatever the planner's statistics).
      query = query.where(sql<string>`+submitted_at`, ">=", since);
      if (excludeDraftId !== undefined)
        query = query.where((eb) =>
          eb.or([eb("source_draft_id", "is", null), eb("source_draft_id", "!=", excludeDraftId)]),
        );
    }
    rows.push(...(await query.execute()));
  }
  return rows.map((r) => ({ ...r, body: comparedText(r).body }));
}

/** For each band key, up to `limit` of the reports sharing it, newest first: one statement for all the keys. */
async function reportsSharingBands(db: DB, keys: readonly number[], limit: number): Promise<number[][]> {
  const perKey = keys.map(
    (key, i) => sql`SELECT ${sql.lit(i)} AS k, report_id FROM (SELECT report_id FROM report_sig_bands
      WHERE band_key = ${key} ORDER BY report_id DESC LIMIT ${sql.lit(limit)})`,
  );
  const { rows } = await sql<{ k: number; report_id: number }>`${sql.join(perKey, sql` UNION ALL `)}`.execute(
    db,
  );
  const sharing = keys.map((): number[] => []);
  for (const row of rows) sharing[row.k]!.push(row.report_id);
  return sharing;
}

async function forwardedLevels(db: DB, ids: readonly number[]): Promise<Map<number, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("reports")
    .select(["reports.id", forwardedLevelColumn])
    .where("reports.id", "in", ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.forwarded_level]));
}

/**
 * Reports signed per transaction, by the background task and by a check: a report's 64 bands go to random places
 * of an index of 64,000,000 rows at 1,000,000 reports, about 30 µs each, so a batch of 16 held the loop up to
 * 79 ms there, one of 8 up to 41 ms.
 */
export const SIGN_BATCH = 8;
/** Batches a check signs in line before it searches, newest first; older reports wait for the background task. */
export const SIGN_IN_LINE_BATCHES = 4;

/**
 * Background signing's batches aim at 20 ms of the event loop: SIGN_BATCH reports, fewer while batches take
 * longer. With the band index out of the page cache (a cold disk, a small machine) each of a report's 64 band rows
 * reads a page of its own: a batch of 8 held the loop 100–200 ms at 1,000,000 reports.
 */
export const SIGN_PACE = { targetMs: 20, min: 1, max: SIGN_BATCH };

/**
 * The Node process's background signing (src/jobs/background-batches.ts): each call one batch, sized by time. The
 * first is one report, the cache being coldest then.
 */
export function pacedSigning(db: DB, clock = () => performance.now()): () => Promise<number> {
  let size = SIGN_PACE.min;
  return async () => {
    const started = clock();
    const signed = await signQueuedReports(db, size);
    if (signed > 0) size = nextBatchSize(signed, clock() - started, SIGN_PACE);
    return signed;
  };
}

/**
 * Makes the signatures and bands of up to `limit` queued reports (newest first) in one transaction, so a text
 * changed meanwhile is queued again by its trigger after this batch. Returns how many it made.
 */
export async function signQueuedReports(db: DB, limit = SIGN_BATCH): Promise<number> {
  const waiting = await db.selectFrom("report_sig_queue").select("report_id").limit(1).executeTakeFirst();
  if (!waiting) return 0;
  return db.transaction().execute(async (trx) => {
    const ids = (
      await trx
        .selectFrom("report_sig_queue")
        .select("report_id")
        .orderBy("report_id", "desc")
        .limit(limit)
        .execute()
    ).map((r) => r.report_id);
    if (ids.length === 0) return 0;
    const texts = await loadTexts(trx, ids);
    await storeSignatures(
      trx,
      ids,
      texts.map((report) => ({ id: report.id, signatures: reportSignatures(report) })),
    );
    return ids.length;
  });
}

/**
 * Signs a report in the transaction that submits it, with the signatures its draft's check made when the text is
 * the same (`signed`): the next check has no signing of it to do first, and the text is signed once.
 */
export async function signReportIn(
  trx: Transaction<Database>,
  report: { id: number; title: string; body: string },
  signed?: SignedText,
): Promise<void> {
  await storeSignatures(trx, [report.id], [{ id: report.id, signatures: signaturesFor(report, signed) }]);
}

/** Stores reports' signatures and bands, and takes `queued` off the queue. */
async function storeSignatures(
  trx: Transaction<Database>,
  queued: readonly number[],
  reports: readonly { id: number; signatures: TextSignatures }[],
): Promise<void> {
  const bands: [number, number][] = [];
  for (const { id, signatures } of reports) for (const key of bandKeys(signatures)) bands.push([key, id]);
  const rows = reports.map(({ id, signatures }) => ({
    report_id: id,
    title_sig: encode(signatures.title),
    body_sig: encode(signatures.body),
  }));
  for (let i = 0; i < rows.length; i += CHUNK / 5)
    await trx
      .insertInto("report_signatures")
      .values(rows.slice(i, i + CHUNK / 5))
      .onConflict((oc) =>
        oc.column("report_id").doUpdateSet((eb) => ({
          title_sig: eb.ref("excluded.title_sig"),
          body_sig: eb.ref("excluded.body_sig"),
        })),
      )
      .execute();
  // One statement for the batch's keys, in key order (the B-tree's): bound one by one they cost more than the
  // signing.
  bands.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  await sql`INSERT OR IGNORE INTO report_sig_bands (band_key, report_id)
    SELECT value ->> 0, value ->> 1 FROM json_each(${JSON.stringify(bands)})`.execute(trx);
  await trx.deleteFrom("report_sig_queue").where("report_id", "in", queued).execute();
}

/**
 * Reports in scope whose title or body is very similar to the candidate's, most similar first. A candidate already
 * signed (SignedText) is not signed again.
 */
export async function findSimilarReports(
  db: DB,
  candidate: { title: string; body: string; signatures?: TextSignatures },
  scope: SimilarScope,
): Promise<SimilarReport[]> {
  // Reports submitted or changed a moment ago are likely the nearest: sign them now rather than miss them.
  for (let batch = 0; batch < SIGN_IN_LINE_BATCHES && (await signQueuedReports(db)) === SIGN_BATCH; batch++)
    await turn();
  const mine = candidate.signatures ?? reportSignatures(candidate);
  const keys = bandKeys(mine);
  if (keys.length === 0) return [];
  // Every report sharing a band, then their signatures a page at a time with a turn of the event loop between
  // pages: with 2-hash bands an unrelated text shares one with thousands of reports at 1,000,000 reports
  // (src/domain/similarity.ts), and reading and estimating them at once held the loop up to 0.8 s of CPU. The band
  // keys a few at a time too, each bounded (HOT_BAND). Only the few that may be alike are then read from `reports`,
  // for the scope and the exact comparison: reading each candidate's report row (a page of its own in a file of
  // 4.7 GB) cost three times its signature.
  const sharingSet = new Set<number>();
  for (let i = 0; i < keys.length; i += KEYS_PER_TURN) {
    if (i > 0) await turn();
    for (const newestFirst of await reportsSharingBands(db, keys.slice(i, i + KEYS_PER_TURN), HOT_BAND + 1))
      for (const id of newestFirst.length > HOT_BAND ? newestFirst.slice(0, HOT_BAND_NEWEST) : newestFirst)
        sharingSet.add(id);
  }
  if (scope.excludeReportId !== null) sharingSet.delete(scope.excludeReportId);
  const sharing = [...sharingSet].sort((a, b) => a - b);
  const mayBeAlike: number[] = [];
  for (let i = 0; i < sharing.length; i += CANDIDATE_PAGE) {
    if (i > 0) await turn();
    const rows = await db
      .selectFrom("report_signatures")
      .select(["report_id", "title_sig", "body_sig"])
      .where("report_id", "in", sharing.slice(i, i + CANDIDATE_PAGE))
      .execute();
    for (const row of rows) {
      const title = decode(row.title_sig);
      const body = decode(row.body_sig);
      if (title && body && maySimilar(mine, { title, body })) mayBeAlike.push(row.report_id);
    }
  }
  const others = await loadTexts(db, mayBeAlike, {
    since: nowIso(scope.since),
    excludeDraftId: scope.excludeDraftId,
  });
  const byId = new Map(others.map((o) => [o.id, o]));
  const found = findSimilar(candidate, others).slice(0, scope.limit ?? 5);
  const levels = await forwardedLevels(
    db,
    found.filter((match) => byId.get(match.id)!.status === "forwarded").map((match) => match.id),
  );
  return found.map((match) => {
    const { id, title, status, submitted_at } = byId.get(match.id)!;
    return { id, title, status, forwarded_level: levels.get(id) ?? null, submitted_at, score: match.score };
  });
}

/** Signs queued reports batch after batch for about `budgetMs` (the Worker's scheduled run); returns how many. */
export async function signQueuedFor(db: DB, budgetMs: number, clock = () => Date.now()): Promise<number> {
  const end = clock() + budgetMs;
  let total = 0;
  for (let n = 1; n > 0 && clock() < end; total += n) n = await signQueuedReports(db);
  return total;
}
