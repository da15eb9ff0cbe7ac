// One update of a staff member's typed reply, in one transaction: their row is read, the pure transition
// (src/domain/staff-reply.ts) decides, and the new state is written with the decision the reply makes (the report's
// events and the authors' notices, a fixed title, an issue's title or 编者按). Clearing the reply and recording
// its decision commit together, so a redelivered or interrupted update neither records twice nor loses the text.
import type { Transaction } from "kysely";
import type { Level } from "../domain/settings";
import {
  type AskedReply,
  isReplyAction,
  NO_REPLY,
  type ReplyEffect,
  type ReplyTransition,
  type StaffReplyState,
} from "../domain/staff-reply";
import { type DB, nowIso } from "./database";
import {
  type AfterRecorded,
  changeHeading,
  type HeadingResult,
  type RecordResult,
  recordEventsIn,
} from "./events";
import { clearPicks, listPicks } from "./issues";
import { combineReportsIn, type IssueChange, setEditorNoteIn, setPieceTitleIn } from "./issue-pieces";
import type { Database, StaffPrompt } from "./schema";

export type ReplyOutcome =
  | { kind: "record"; result: RecordResult }
  | { kind: "retitle"; result: HeadingResult }
  | { kind: "issue"; result: IssueChange | { kind: "too-few" } };

export interface ReplyRun {
  before: StaffReplyState;
  transition: ReplyTransition;
  /** The state afterwards. */
  state: StaffReplyState;
  outcome?: ReplyOutcome;
}

export interface ReplyRunContext {
  telegramId: number;
  /** The acting staff member (people.id). */
  actorId: number;
  ownLevel: Level;
  levels: readonly Level[];
  now: Date;
  /** Queues the notices of recorded events, in the same transaction (the authors hear of each step once). */
  notify: AfterRecorded;
}

function stateOf(row: StaffPrompt | undefined): StaffReplyState {
  if (!row || !isReplyAction(row.action)) return NO_REPLY;
  const asked: AskedReply = {
    action: row.action,
    subjectId: row.report_id,
    version: row.version,
    level: (row.level as Level | null) ?? null,
    pieceId: row.piece_id,
    cardMessageId: row.card_message_id,
    askedAt: new Date(row.created_at).getTime(),
  };
  return { asked, waiting: row.waiting === 1, appliedMessageId: row.applied_message_id };
}

function readRow(db: DB, telegramId: number) {
  return db.selectFrom("staff_prompts").selectAll().where("telegram_id", "=", telegramId).executeTakeFirst();
}

/** The staff member's reply state, read outside a transaction (most of their messages are no reply). */
export async function loadStaffReply(db: DB, telegramId: number): Promise<StaffReplyState> {
  return stateOf(await readRow(db, telegramId));
}

/**
 * Applies one input: `decide` is the pure transition with the input bound. A first read outside a transaction
 * settles the inputs that change nothing (a message from someone who owes no reply); the rest are decided again
 * on the row read inside the transaction that writes them.
 */
export async function runStaffReply(
  db: DB,
  context: ReplyRunContext,
  decide: (state: StaffReplyState) => ReplyTransition,
): Promise<ReplyRun> {
  const peeked = await loadStaffReply(db, context.telegramId);
  const first = decide(peeked);
  if (!first.state && !first.effect) return { before: peeked, transition: first, state: peeked };
  return db.transaction().execute(async (trx) => {
    const before = stateOf(await readRow(trx, context.telegramId));
    const transition = decide(before);
    const state = transition.state ?? before;
    if (transition.state) await writeState(trx, context.telegramId, transition.state);
    const outcome = transition.effect ? await applyEffect(trx, context, transition.effect) : undefined;
    return { before, transition, state, ...(outcome ? { outcome } : {}) };
  });
}

async function writeState(trx: Transaction<Database>, telegramId: number, state: StaffReplyState) {
  const { asked } = state;
  if (!asked) {
    await trx.deleteFrom("staff_prompts").where("telegram_id", "=", telegramId).execute();
    return;
  }
  const values = {
    action: asked.action,
    report_id: asked.subjectId,
    version: asked.version,
    level: asked.level,
    piece_id: asked.pieceId,
    card_message_id: asked.cardMessageId,
    created_at: nowIso(new Date(asked.askedAt)),
    waiting: state.waiting ? 1 : 0,
    applied_message_id: state.appliedMessageId,
  };
  await trx
    .insertInto("staff_prompts")
    .values({ telegram_id: telegramId, ...values })
    .onConflict((oc) => oc.column("telegram_id").doUpdateSet(values))
    .execute();
}

async function applyEffect(
  trx: Transaction<Database>,
  context: ReplyRunContext,
  effect: ReplyEffect,
): Promise<ReplyOutcome> {
  const { now } = context;
  switch (effect.kind) {
    case "record": {
      const result = await recordEventsIn(trx, {
        reportId: effect.reportId,
        version: effect.version,
        actorId: context.actorId,
        events: effect.events,
        ownLevel: context.ownLevel,
        levels: context.levels,
        now,
      });
      if (result.kind === "recorded") await context.notify(trx, effect.reportId, result.eventIds);
      return { kind: "record", result };
    }
    case "retitle":
      return {
        kind: "retitle",
        result: await changeHeading(trx, {
          reportId: effect.reportId,
          version: effect.version,
          title: effect.title,
          now,
        }),
      };
    case "combine": {
      const picks = await listPicks(trx, effect.issueId, context.actorId);
      if (picks.length < 2) return { kind: "issue", result: { kind: "too-few" } };
      const result = await combineReportsIn(trx, {
        issueId: effect.issueId,
        reportIds: picks,
        title: effect.title,
        ownLevel: context.ownLevel,
        now,
      });
      if (result.kind === "changed") await clearPicks(trx, effect.issueId, context.actorId);
      return { kind: "issue", result };
    }
    case "piece-title":
      return {
        kind: "issue",
        result: await setPieceTitleIn(trx, {
          issueId: effect.issueId,
          pieceId: effect.pieceId,
          title: effect.title,
          now,
        }),
      };
    case "editor-note":
      return {
        kind: "issue",
        result: await setEditorNoteIn(trx, {
          issueId: effect.issueId,
          pieceId: effect.pieceId,
          note: effect.note,
          now,
        }),
      };
  }
}
