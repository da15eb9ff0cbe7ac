// Rows of the delivery outbox, queued by the jobs and by the notices to other people; src/jobs/outbox.ts sends them.
import type { Insertable, Transaction } from "kysely";
import { type DB, nowIso } from "./database";
import type { Database, OutboxTable } from "./schema";

/** A document a row sends (sendDocument, the row's text as its caption). */
export interface OutboxDocument {
  fileName: string;
  bytes: Uint8Array;
}

export type QueuedRow = Insertable<OutboxTable> & { document?: OutboxDocument };

/**
 * Queues rows; a row whose dedupe key is already there (the same notice queued again) is left as it is. A
 * document is stored once however many rows send it (rows given the same object).
 */
export async function queueOutboxRows(
  db: DB | Transaction<Database>,
  rows: readonly QueuedRow[],
): Promise<void> {
  const stored = new Map<OutboxDocument, number>();
  const plain: Insertable<OutboxTable>[] = [];
  for (const { document, ...row } of rows) {
    if (document && !stored.has(document)) {
      const { id } = await db
        .insertInto("outbox_documents")
        .values({ file_name: document.fileName, bytes: document.bytes, created_at: row.created_at })
        .returning("id")
        .executeTakeFirstOrThrow();
      stored.set(document, id);
    }
    plain.push(document ? { ...row, document_id: stored.get(document)! } : row);
  }
  for (let i = 0; i < plain.length; i += 50) {
    await db
      .insertInto("outbox")
      .values(plain.slice(i, i + 50))
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .execute();
  }
}

/** The document a row sends, or undefined when it is gone. */
export async function outboxDocument(db: DB, id: number): Promise<OutboxDocument | undefined> {
  const row = await db
    .selectFrom("outbox_documents")
    .select(["file_name", "bytes"])
    .where("id", "=", id)
    .executeTakeFirst();
  // libSQL gives BLOBs back as ArrayBuffer (over HTTP too).
  return row && { fileName: row.file_name, bytes: new Uint8Array(row.bytes as Uint8Array | ArrayBuffer) };
}

/** Drops the documents no pending row still sends (called when a run is over). */
export async function pruneOutboxDocuments(db: DB): Promise<void> {
  await db
    .deleteFrom("outbox_documents")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("outbox")
            .select("outbox.id")
            .whereRef("outbox.document_id", "=", "outbox_documents.id")
            .where("outbox.status", "=", "pending"),
        ),
      ),
    )
    .execute();
}

/** The runs of a job that have rows due now: what a sweep drains. */
export async function duePeriodKeys(db: DB, job: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom("outbox")
    .select("period_key")
    .distinct()
    .where("job", "=", job)
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", nowIso(now))
    .orderBy("period_key")
    .execute();
  return rows.map((r) => r.period_key);
}

export async function markStaffNotified(db: DB, reportId: number, now: Date): Promise<void> {
  await db
    .updateTable("reports")
    .set({ staff_notified_at: nowIso(now) })
    .where("id", "=", reportId)
    .execute();
}

// ── What the sender (src/jobs/outbox.ts) does to a row on its way out ─────────────────────────────────────

export type OutboxEnd = "sent" | "failed" | "unreachable";

/** A run's rows due at `now`, in order. */
export function dueOutboxRows(db: DB, job: string, periodKey: string, now: Date) {
  return db
    .selectFrom("outbox")
    .select(["id", "chat_id"])
    .where("job", "=", job)
    .where("period_key", "=", periodKey)
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", nowIso(now))
    .orderBy("id")
    .execute();
}

/** When the last `limit` messages sent into a chat since `since` went, newest first. */
export async function sentIntoChatSince(
  db: DB,
  chatId: number,
  since: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("outbox")
    .select("sent_at")
    .where("chat_id", "=", chatId)
    .where("status", "=", "sent")
    .where("sent_at", ">", nowIso(since))
    .orderBy("sent_at", "desc")
    .limit(limit)
    .execute();
  return rows.flatMap((row) => (row.sent_at === null ? [] : [row.sent_at]));
}

/** Takes a due row with a lease until `leaseUntil`; nothing when another drainer has it. */
export function claimOutboxRow(db: DB, id: number, now: Date, leaseUntil: Date) {
  return db
    .updateTable("outbox")
    .set({ next_attempt_at: nowIso(leaseUntil) })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", nowIso(now))
    .returningAll()
    .executeTakeFirst();
}

/** A row that will be tried again: not on the wire, due (or still leased) until `until`. */
export async function holdOutboxRow(
  db: DB,
  id: number,
  change: { attempts: number; error: string; until: string },
): Promise<void> {
  await db
    .updateTable("outbox")
    .set({
      attempts: change.attempts,
      last_error: change.error,
      next_attempt_at: change.until,
      sending_at: null,
    })
    .where("id", "=", id)
    .execute();
}

/** Marks a row as on the wire, if its lease is still `lease`; false when someone else holds it now. */
export async function markOutboxSending(db: DB, id: number, lease: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("outbox")
    .set({ sending_at: nowIso(now) })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("next_attempt_at", "=", lease)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A row for a chat that just answered 403: not sent, unless another drainer has it on the wire. */
export async function skipUnreachableRow(db: DB, id: number): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status: "unreachable", last_error: "chat unreachable (403 on an earlier message)" })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("sending_at", "is", null)
    .execute();
}

/** Gives a held row back, due at `at`. */
export async function releaseOutboxRow(db: DB, id: number, at: Date): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ next_attempt_at: nowIso(at), sending_at: null })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .execute();
}

/** A row's end: sent (with its time), failed or unreachable. */
export async function finishOutboxRow(
  db: DB,
  id: number,
  end: { status: OutboxEnd; attempts: number; error: string | null },
  now: Date,
): Promise<void> {
  const at = nowIso(now);
  await db
    .updateTable("outbox")
    .set({
      status: end.status,
      attempts: end.attempts,
      last_error: end.error,
      sending_at: null,
      ...(end.status === "sent" ? { sent_at: at } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/** How many of a run's rows are in each state. */
export async function countOutboxRun(
  db: DB,
  job: string,
  periodKey: string,
): Promise<Record<"sent" | "failed" | "unreachable" | "pending", number>> {
  const rows = await db
    .selectFrom("outbox")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("job", "=", job)
    .where("period_key", "=", periodKey)
    .groupBy("status")
    .execute();
  const result = { sent: 0, failed: 0, unreachable: 0, pending: 0 };
  for (const row of rows) result[row.status] = Number(row.n);
  return result;
}

/**
 * Takes back the rows a killed predecessor had claimed but not yet put on the wire, so they go now rather than
 * when their lease is over. Safe even if another drainer still runs: it sends a row only while its lease is
 * unchanged (`markOutboxSending`). Rows that were on the wire (sending_at) wait for their lease: they may have
 * arrived. Rows waiting out a backoff or a long 429 are due again too: tried once more, a 429 sets them back.
 * Returns how many rows were taken back.
 */
export async function releaseOutboxClaims(db: DB, now: Date): Promise<number> {
  const result = await db
    .updateTable("outbox")
    .set({ next_attempt_at: nowIso(now) })
    .where("status", "=", "pending")
    .where("sending_at", "is", null)
    .where("next_attempt_at", ">", nowIso(now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
