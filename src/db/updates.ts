// Claims on incoming update ids, so a redelivered update is handled once. A claim becomes "done" only
// after the handlers finished, or "applied" with a step's own change (claims in process memory); a failed
// update's claim is released so Telegram's redelivery runs it.
import { sql, type Transaction } from "kysely";
import { type DB, nowIso } from "./database";
import { prepareQuery } from "./prepared";
import { UNSYNCED } from "./durability";
import type { Account } from "./people";
import type { Database, Person } from "./schema";

/**
 * A claim left "processing" this long belongs to a process that died mid-update (or whose database failed
 * while releasing it); it may be taken over. Longer than the webhook's own time limit (55 s).
 */
export const STALE_CLAIM_MS = 60_000;

/**
 * "claimed": this delivery handles the update. "done": it was handled before; skip it. "busy": another
 * delivery holds a fresh claim (it is being handled, or its process just died): not handled yet, so the
 * caller must not acknowledge it; Telegram delivers it again and a later delivery finds it done or stale.
 */
export type Claim = "claimed" | "done" | "busy";

export async function claimUpdate(db: DB, updateId: number, now: Date): Promise<Claim> {
  const inserted = await db
    .insertInto("processed_updates")
    .values({ update_id: updateId, status: "processing", claimed_at: nowIso(now) })
    .onConflict((oc) => oc.column("update_id").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return "claimed";
  const takenOver = await db
    .updateTable("processed_updates")
    .set({ claimed_at: nowIso(now) })
    .where("update_id", "=", updateId)
    .where("status", "=", "processing")
    .where("claimed_at", "<", nowIso(new Date(now.getTime() - STALE_CLAIM_MS)))
    .executeTakeFirst();
  if (Number(takenOver.numUpdatedRows) === 1) return "claimed";
  const row = await db
    .selectFrom("processed_updates")
    .select("status")
    .where("update_id", "=", updateId)
    .executeTakeFirst();
  // Released between our two statements: try again from the start.
  if (!row) return claimUpdate(db, updateId, now);
  return row.status === "processing" ? "busy" : "done";
}

export type BegunUpdate =
  /** Handled before: skip it. */
  | { kind: "done" }
  | {
      kind: "attempt";
      attempt: UpdateAttempt;
      /** An earlier delivery committed this update's writes (markUpdateAppliedIn) but may not have answered. */
      applied: boolean;
    };

// Prepared (./prepared.ts): run for every update.
const beginQuery = prepareQuery(
  (_db, updateId: number, at: string) => sql<{
    attempts: number;
    failures: number;
    last_error: string | null;
    status: string | null;
  }>`${sql.raw(UNSYNCED)} insert into update_attempts (update_id, attempts, failures, last_attempt_at)
    select ${updateId}, 1, 0, ${at}
    where not exists (select 1 from processed_updates where update_id = ${updateId} and status = 'done')
    on conflict (update_id) do update set attempts = attempts + 1, last_attempt_at = excluded.last_attempt_at
    returning attempts, failures, last_error,
      (select status from processed_updates where processed_updates.update_id = update_attempts.update_id) as status`,
);

/**
 * For a process that claims updates in memory: whether the update was handled before and, if not, its attempt
 * counted (see beginUpdateAttempt), in one statement and one commit. A done update is not counted. The count
 * survives the process dying at once; it is not synced by itself (UNSYNCED): lost with the power, it costs
 * the poison count one attempt.
 */
export async function beginUpdate(db: DB, updateId: number, now: Date): Promise<BegunUpdate> {
  const row = await beginQuery.first(db, updateId, nowIso(now));
  if (!row) return { kind: "done" };
  return {
    kind: "attempt",
    attempt: { attempts: row.attempts, failures: row.failures, lastError: row.last_error },
    applied: row.status === "applied",
  };
}

const stateQuery = prepareQuery(
  (_db, updateId: number) => sql<{
    status: string | null;
    attempts: number | null;
    failures: number | null;
    last_error: string | null;
  }>`select p.status, a.attempts, a.failures, a.last_error
    from (select ${updateId} as id) as u
    left join processed_updates as p on p.update_id = u.id
    left join update_attempts as a on a.update_id = u.id`,
);

/**
 * For a process that claims in memory and journals its attempts (src/db/attempt-journal.ts): whether the update
 * was handled before and, if not, this attempt's number, in one read. The database holds only the attempts that
 * failed (recordFailedAttempt) or went down with the process (countCrashedAttempts); this one is the next.
 */
export async function readUpdate(db: DB, updateId: number): Promise<BegunUpdate> {
  const row = await stateQuery.first(db, updateId);
  return journaledUpdate(
    row?.status ?? null,
    row?.attempts ?? null,
    row?.failures ?? null,
    row?.last_error ?? null,
  );
}

/** An update's state as read: done, or this attempt after those the database holds (readUpdate). */
function journaledUpdate(
  status: string | null,
  attempts: number | null,
  failures: number | null,
  lastError: string | null,
): BegunUpdate {
  if (status === "done") return { kind: "done" };
  return {
    kind: "attempt",
    attempt: { attempts: (attempts ?? 0) + 1, failures: failures ?? 0, lastError },
    applied: status === "applied",
  };
}

const updateAndSenderQuery = prepareQuery((db, updateId: number, telegramId: number) =>
  db
    .selectFrom(sql<{ id: number }>`(select ${updateId} as id)`.as("u"))
    .leftJoin("processed_updates", "processed_updates.update_id", "u.id")
    .leftJoin("update_attempts", "update_attempts.update_id", "u.id")
    .leftJoin("people", (join) => join.on("people.telegram_id", "=", telegramId))
    .selectAll("people")
    .select([
      "processed_updates.status as update_status",
      "update_attempts.attempts as update_attempts",
      "update_attempts.failures as update_failures",
      "update_attempts.last_error as update_last_error",
    ])
    .select((eb) => [
      eb
        .selectFrom("user_prefs")
        .select("language")
        .where("user_prefs.telegram_id", "=", telegramId)
        .as("saved_language"),
      eb.selectFrom("settings_version").select("version").as("settings_version"),
      // In the partial index alone (migration 0067): drafts_person would read each saved draft's row.
      sql<number>`exists (select 1 from drafts indexed by drafts_in_flow
        where drafts.person_id = people.id and drafts.in_flow = 1 and drafts.submitted_report_id is null)`.as(
        "draft_in_flow",
      ),
    ]),
);

/**
 * readUpdate, findAccount (src/db/people.ts), the settings' version (src/db/settings.ts) and whether the sender is
 * writing a report in one statement: what every update from a person reads first. Each statement costs the
 * server tens of microseconds however small, its caches cold between JavaScript.
 */
export async function readUpdateAndSender(
  db: DB,
  updateId: number,
  telegramId: number,
): Promise<{
  begun: BegunUpdate;
  account: Account;
  settingsVersion: number | undefined;
  draftInFlow: boolean;
}> {
  const row = await updateAndSenderQuery.first(db, updateId, telegramId);
  if (!row) throw new Error("readUpdateAndSender: no row");
  const {
    update_status,
    update_attempts,
    update_failures,
    update_last_error,
    saved_language,
    settings_version,
    draft_in_flow,
    ...person
  } = row;
  const account: Account = {
    person: person.id === null ? undefined : (person as Person),
    language: saved_language ?? undefined,
  };
  return {
    begun: journaledUpdate(update_status, update_attempts, update_failures, update_last_error),
    account,
    settingsVersion: settings_version ?? undefined,
    draftInFlow: Boolean(draft_in_flow),
  };
}

/** A journaled attempt that ended with an error (readUpdate): counted as begun and failed, with the error. */
export async function recordFailedAttempt(db: DB, updateId: number, error: string, now: Date): Promise<void> {
  await db
    .insertInto("update_attempts")
    .values({
      update_id: updateId,
      attempts: 1,
      failures: 1,
      last_error: error.slice(0, 1000),
      last_attempt_at: nowIso(now),
    })
    .onConflict((oc) =>
      oc.column("update_id").doUpdateSet((eb) => ({
        attempts: eb("update_attempts.attempts", "+", 1),
        failures: eb("update_attempts.failures", "+", 1),
        last_error: eb.ref("excluded.last_error"),
        last_attempt_at: eb.ref("excluded.last_attempt_at"),
      })),
    )
    .execute();
}

/** Attempts an earlier process began and never ended (src/db/attempt-journal.ts), counted in one transaction. */
export async function countCrashedAttempts(
  db: DB,
  crashed: ReadonlyMap<number, number>,
  now: Date,
): Promise<void> {
  if (crashed.size === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const [updateId, attempts] of crashed)
      await trx
        .insertInto("update_attempts")
        .values({ update_id: updateId, attempts, failures: 0, last_attempt_at: nowIso(now) })
        .onConflict((oc) =>
          oc.column("update_id").doUpdateSet((eb) => ({
            attempts: eb("update_attempts.attempts", "+", attempts),
            last_attempt_at: nowIso(now),
          })),
        )
        .execute();
  });
}

/**
 * Marks an update applied inside the transaction that makes its change, for a process that claims in memory:
 * one commit holds both. Its replies follow the commit, so a delivery that finds it applied shows where things
 * stand instead of applying it again. Later deliveries skip nothing else: "applied" is not "done".
 */
export async function markUpdateAppliedIn(
  trx: Transaction<Database>,
  updateId: number,
  now: Date,
): Promise<void> {
  await markQuery.execute(trx, updateId, "applied", nowIso(now));
}

/** Bookkeeping only a redelivery reads: not synced by itself (UNSYNCED); "applied" commits with its step. */
const markQuery = prepareQuery(
  (_db, updateId: number, status: string, at: string) =>
    sql`${sql.raw(UNSYNCED)} insert into processed_updates (update_id, status, claimed_at) values (${updateId}, ${status}, ${at})
    on conflict (update_id) do update set status = excluded.status`,
);

/** Records a handled update as done in one statement, for a process that claimed it in memory. */
export async function markUpdateDone(db: DB, updateId: number, now: Date): Promise<void> {
  await markQuery.execute(db, updateId, "done", nowIso(now));
}

export async function completeUpdate(db: DB, updateId: number): Promise<void> {
  await db
    .updateTable("processed_updates")
    .set({ status: "done" })
    .where("update_id", "=", updateId)
    .execute();
}

export async function releaseUpdate(db: DB, updateId: number): Promise<void> {
  await db
    .deleteFrom("processed_updates")
    .where("update_id", "=", updateId)
    .where("status", "=", "processing")
    .execute();
}

/**
 * Releases every claim still "processing". Only for a process that alone handles this bot's updates (the Node
 * entry: one long-polling consumer, or the one webhook server) and only before it handles any: such claims were
 * left by a predecessor that was killed mid-update, and Telegram's redelivery must run them now, not in a minute.
 */
export async function releaseAbandonedClaims(db: DB): Promise<number> {
  const released = await db
    .deleteFrom("processed_updates")
    .where("status", "=", "processing")
    .executeTakeFirst();
  return Number(released.numDeletedRows);
}

/** Telegram never redelivers after 24 hours; older claims and attempt counts only take space. */
export async function pruneProcessedUpdates(db: DB, now: Date): Promise<number> {
  const before = nowIso(new Date(now.getTime() - 2 * 24 * 3600_000));
  const claims = await db.deleteFrom("processed_updates").where("claimed_at", "<", before).executeTakeFirst();
  const attempts = await db
    .deleteFrom("update_attempts")
    .where("last_attempt_at", "<", before)
    .executeTakeFirst();
  return Number(claims.numDeletedRows) + Number(attempts.numDeletedRows);
}

export interface UpdateAttempt {
  /** Attempts begun so far, this one included. */
  attempts: number;
  /** Earlier attempts that ended with an error; the others were cut off with the process. */
  failures: number;
  lastError: string | null;
}

/**
 * Counts an attempt at an update before its handlers run, in a commit of its own: an update that kills the
 * process (out of memory, a crash) is counted even though nothing after this line ran.
 */
export async function beginUpdateAttempt(db: DB, updateId: number, now: Date): Promise<UpdateAttempt> {
  const row = await db
    .insertInto("update_attempts")
    .values({ update_id: updateId, attempts: 1, failures: 0, last_attempt_at: nowIso(now) })
    .onConflict((oc) =>
      oc.column("update_id").doUpdateSet((eb) => ({
        attempts: eb("update_attempts.attempts", "+", 1),
        last_attempt_at: nowIso(now),
      })),
    )
    .returning(["attempts", "failures", "last_error"])
    .executeTakeFirstOrThrow();
  return { attempts: row.attempts, failures: row.failures, lastError: row.last_error };
}

/** An attempt that ended with an error: counted as failed, with the error for the operator. */
export async function recordUpdateFailure(db: DB, updateId: number, error: string): Promise<void> {
  await db
    .updateTable("update_attempts")
    .set((eb) => ({ failures: eb("failures", "+", 1), last_error: error.slice(0, 1000) }))
    .where("update_id", "=", updateId)
    .execute();
}

/** An attempt cut short by something outside the update (the database, the network): it does not count. */
export async function forgetUpdateAttempt(db: DB, updateId: number): Promise<void> {
  await db
    .updateTable("update_attempts")
    .set((eb) => ({ attempts: eb("attempts", "-", 1) }))
    .where("update_id", "=", updateId)
    .where("attempts", ">", 0)
    .execute();
}

export interface Quarantine {
  updateId: number;
  updateJson: string;
  chatId: number | undefined;
  telegramId: number | undefined;
  attempts: number;
  cause: string;
}

/** Gives an update up: kept whole for the operator and marked done, in one transaction. */
export async function quarantineUpdate(db: DB, q: Quarantine, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("quarantined_updates")
      .values({
        update_id: q.updateId,
        update_json: q.updateJson,
        chat_id: q.chatId ?? null,
        telegram_id: q.telegramId ?? null,
        attempts: q.attempts,
        cause: q.cause,
        quarantined_at: nowIso(now),
      })
      .onConflict((oc) => oc.column("update_id").doNothing())
      .execute();
    await trx
      .insertInto("processed_updates")
      .values({ update_id: q.updateId, status: "done", claimed_at: nowIso(now) })
      .onConflict((oc) => oc.column("update_id").doUpdateSet({ status: "done" }))
      .execute();
  });
}

/** The updates given up, newest first, for the operator. */
export async function listQuarantinedUpdates(db: DB, limit = 50) {
  return db
    .selectFrom("quarantined_updates")
    .selectAll()
    .orderBy("quarantined_at", "desc")
    .limit(limit)
    .execute();
}
