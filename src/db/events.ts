// Recording what happens to a report: staff decisions and everything after them, as append-only events.
// Each action is one transaction guarded by the report's version (optimistic concurrency): a button
// pressed on an outdated card, or by a second staff member a moment later, changes nothing.
import { canApply, type EventKind, type RefusalReason, STATUSES, type Status } from "../domain/lifecycle";
import type { AdoptionMode } from "../domain/scoring";
import type { Level } from "../domain/settings";
import type { Transaction } from "kysely";
import { type DB, nowIso } from "./database";
import type { Database } from "./schema";

export interface EventInput {
  kind: EventKind;
  level?: Level | null;
  mode?: AdoptionMode | null;
  note?: string | null;
  department?: string | null;
}

export interface RecordRequest {
  reportId: number;
  /** The version the acting person saw: the action applies only if the report is still at it. */
  version: number;
  actorId: number;
  /** Applied in order, as one action (e.g. accepted, then adopted at the own level). */
  events: readonly EventInput[];
  ownLevel: Level;
  levels: readonly Level[];
  now: Date;
}

export type RecordRefusal = RefusalReason | "duplicate";

export type RecordResult =
  | { kind: "recorded"; status: Status; version: number; eventIds: number[] }
  | { kind: "not-found" }
  /** Someone acted on the report since the card was shown: nothing was applied. */
  | { kind: "stale"; status: Status; version: number }
  | { kind: "refused"; reason: RecordRefusal; status: Status };

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

/** Whether each event may follow the report's current status and history; the status reached if so. */
export function checkEvents(
  status: Status,
  history: readonly { kind: string; level: string | null; mode: string | null }[],
  events: readonly EventInput[],
  context: { ownLevel: Level; levels: readonly Level[] },
): { ok: true; status: Status } | { ok: false; reason: RecordRefusal } {
  const seen = [...history];
  let current = status;
  for (const event of events) {
    const verdict = canApply(current, event.kind, {
      level: event.level ?? null,
      ownLevel: context.ownLevel,
      levels: context.levels,
      history: seen,
    });
    if (!verdict.ok) return { ok: false, reason: verdict.reason };
    // An adoption notice recorded twice (two staff reading the same bulletin) is refused; a single
    // piece may still replace a combined one at the same level.
    if (
      event.kind === "adopted" &&
      seen.some(
        (e) =>
          e.kind === "adopted" &&
          (e.level ?? context.ownLevel) === (event.level ?? context.ownLevel) &&
          (e.mode === "single" || e.mode === null || e.mode === (event.mode ?? "single")),
      )
    )
      return { ok: false, reason: "duplicate" };
    seen.push({ kind: event.kind, level: event.level ?? null, mode: event.mode ?? null });
    current = verdict.next;
  }
  return { ok: true, status: current };
}

/**
 * What recorded events tell other people (the authors' notices), queued in the transaction that records them:
 * a step is never committed without its notices, whatever happens to the process afterwards.
 */
export type AfterRecorded = (
  trx: Transaction<Database>,
  reportId: number,
  eventIds: number[],
) => Promise<unknown>;

export async function recordEvents(
  db: DB,
  request: RecordRequest,
  afterRecorded?: AfterRecorded,
): Promise<RecordResult> {
  return db.transaction().execute(async (trx) => {
    const result = await recordEventsIn(trx, request);
    if (result.kind === "recorded" && afterRecorded)
      await afterRecorded(trx, request.reportId, result.eventIds);
    return result;
  });
}

/**
 * recordEvents inside a transaction the caller holds, so several reports' steps commit together (publishing an
 * issue records 编发 for each of its reports, or for none).
 */
export async function recordEventsIn(
  trx: Transaction<Database>,
  request: RecordRequest,
): Promise<RecordResult> {
  const at = nowIso(request.now);
  const report = await trx
    .selectFrom("reports")
    .select(["status", "version"])
    .where("id", "=", request.reportId)
    .executeTakeFirst();
  if (!report || !isStatus(report.status)) return { kind: "not-found" } as const;
  if (report.version !== request.version)
    return { kind: "stale", status: report.status, version: report.version } as const;
  const history = await trx
    .selectFrom("report_events")
    .select(["kind", "level", "mode", "department"])
    .where("report_id", "=", request.reportId)
    .orderBy("id")
    .execute();
  const checked = checkEvents(report.status, history, request.events, request);
  if (!checked.ok) return { kind: "refused", reason: checked.reason, status: report.status } as const;

  const updated = await trx
    .updateTable("reports")
    .set((eb) => ({
      status: checked.status,
      version: eb("version", "+", 1),
      updated_at: at,
    }))
    .where("id", "=", request.reportId)
    .where("version", "=", request.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    return { kind: "stale", status: report.status, version: report.version } as const;

  const lastDepartment = history.findLast((e) => e.kind === "transferred")?.department ?? null;
  const eventIds: number[] = [];
  for (const event of request.events) {
    const inserted = await trx
      .insertInto("report_events")
      .values({
        report_id: request.reportId,
        kind: event.kind,
        actor_id: request.actorId,
        level: event.level ?? null,
        mode: event.mode ?? null,
        note: event.note ?? null,
        // A reply comes from the department the report was last transferred to.
        department: event.department ?? (event.kind === "replied" ? lastDepartment : null),
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    eventIds.push(inserted.id);
  }
  return { kind: "recorded", status: checked.status, version: request.version + 1, eventIds } as const;
}

export type HeadingResult =
  | { kind: "changed"; version: number }
  | { kind: "not-found" }
  | { kind: "stale" }
  | { kind: "not-submitted" };

/**
 * Staff fix a report's title or category before accepting it. The author's own text stays in
 * report_revisions; the version moves on, so cards showing the old heading are outdated.
 */
export async function changeHeading(
  db: DB,
  request: { reportId: number; version: number; title?: string; category?: string; now: Date },
): Promise<HeadingResult> {
  const report = await db
    .selectFrom("reports")
    .select(["status", "version"])
    .where("id", "=", request.reportId)
    .executeTakeFirst();
  if (!report) return { kind: "not-found" };
  if (report.version !== request.version) return { kind: "stale" };
  if (report.status !== "submitted") return { kind: "not-submitted" };
  const updated = await db
    .updateTable("reports")
    .set((eb) => ({
      version: eb("version", "+", 1),
      updated_at: nowIso(request.now),
      ...(request.title !== undefined ? { title: request.title } : {}),
      ...(request.category !== undefined ? { category: request.category } : {}),
    }))
    .where("id", "=", request.reportId)
    .where("version", "=", request.version)
    .where("status", "=", "submitted")
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1
    ? { kind: "changed", version: request.version + 1 }
    : { kind: "stale" };
}

/** The last event of a report with who recorded it: what "already handled" refers to. */
export async function lastEvent(
  db: DB,
  reportId: number,
): Promise<{ kind: string; actor_name: string | null } | undefined> {
  return db
    .selectFrom("report_events")
    .leftJoin("people", "people.id", "report_events.actor_id")
    .select(["report_events.kind", "people.name as actor_name"])
    .where("report_events.report_id", "=", reportId)
    .orderBy("report_events.id", "desc")
    .executeTakeFirst();
}

/** A report's events in order, as the lifecycle checks them (src/domain/lifecycle.ts). */
export function eventHistory(db: DB, reportId: number) {
  return db
    .selectFrom("report_events")
    .select(["kind", "level", "mode"])
    .where("report_id", "=", reportId)
    .orderBy("id")
    .execute();
}

/** The department a report was last transferred to, which its reply comes from. */
export async function lastTransferDepartment(db: DB, reportId: number): Promise<string | null | undefined> {
  const transfer = await db
    .selectFrom("report_events")
    .select("department")
    .where("report_id", "=", reportId)
    .where("kind", "=", "transferred")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return transfer?.department;
}
