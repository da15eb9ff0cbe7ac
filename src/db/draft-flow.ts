// One update of the report flow, in one transaction: the draft the person is writing is read, the pure
// transition (src/domain/report-flow.ts) decides, and its change and side operation are written. A message
// applied before (a redelivery after a crash) changes nothing.
import { sql, type Transaction } from "kysely";
import { currentStep, type FlowStep } from "../domain/draft";
import type { DraftPatch, FlowOperation, FlowState, Transition } from "../domain/report-flow";
import type { SignedText } from "../domain/similarity";
import { type DB, nowIso } from "./database";
import {
  deleteDraftIn,
  findDraftInFlow,
  markMessageApplied,
  type SubmitResult,
  submitDraftIn,
} from "./drafts";
import { UNSYNCED } from "./durability";
import { type PreparedQuery, prepareQuery } from "./prepared";
import type { Attachment, Database, Draft } from "./schema";
import { markUpdateAppliedIn } from "./updates";

export interface FlowSession {
  draft: Draft;
  attachments: Pick<Attachment, "id" | "kind" | "file_id" | "file_unique_id" | "file_name" | "position">[];
  coauthors: { id: number; name: string }[];
}

/** Steps whose question or answers use the attachments and co-authors (the others need only the row). */
const NEEDS_LISTS: ReadonlySet<FlowStep> = new Set(["attachments", "coauthors", "preview", "confirm-submit"]);

/** Operations that change the attachments or co-authors. */
const LIST_OPERATIONS: ReadonlySet<FlowOperation["kind"]> = new Set([
  "add-attachment",
  "clear-attachments",
  "set-coauthor",
]);

/** The draft a person is writing, with its lists only when its step shows them. */
export async function loadFlowSession(db: DB, personId: number): Promise<FlowSession | undefined> {
  const draft = await findDraftInFlow(db, personId);
  return draft ? withLists(db, draft, NEEDS_LISTS.has(currentStep(draft))) : undefined;
}

export type FlowRun =
  /** No draft in the flow (or not the one the button names). */
  | { kind: "none" }
  /** This message was applied already: nothing changed. */
  | { kind: "duplicate"; session: FlowSession }
  | {
      kind: "done";
      transition: Transition;
      /** The draft before. */
      before: FlowSession;
      /** The draft afterwards; undefined when it was discarded. */
      session: FlowSession | undefined;
      submitted?: SubmitResult;
    };

/** What a submission tells other people (staff's notice), queued in the transaction that submits. */
export type AfterSubmitted = (trx: Transaction<Database>, reportId: number) => Promise<unknown>;

export async function runFlowStep(
  db: DB,
  target: {
    personId: number;
    draftId?: number | undefined;
    messageId?: number | undefined;
    /** The input needs the attachments and co-authors whatever the step (a file is attached at any step). */
    lists?: boolean;
    afterSubmitted?: AfterSubmitted | undefined;
    /** The draft's text as its check signed it: a submit gives the report these signatures if it is the same. */
    signed?: SignedText | undefined;
    /**
     * The update, when this process holds its claim (src/bot/context.ts HeldUpdate): a step marks it applied in
     * its transaction; one found applied changes nothing, as a duplicate.
     */
    update?: { id: number; applied: boolean } | undefined;
  },
  decide: (state: FlowState) => Transition,
  now: Date,
): Promise<FlowRun> {
  return db.transaction().execute(async (trx) => {
    const draft = await findDraftInFlow(trx, target.personId);
    if (!draft || (target.draftId !== undefined && target.draftId !== draft.id)) return { kind: "none" };
    const loaded = target.lists === true || NEEDS_LISTS.has(currentStep(draft));
    const before = await withLists(trx, draft, loaded);
    if (target.update?.applied) return { kind: "duplicate", session: before };
    // A message comes in one update only: where the update's own mark says whether it was applied, the
    // message needs no mark of its own (draft_messages is for claims in the database, as on Workers).
    if (target.update) await markUpdateAppliedIn(trx, target.update.id, now);
    else if (target.messageId !== undefined && !(await markMessageApplied(trx, draft.id, target.messageId)))
      return { kind: "duplicate", session: before };
    const transition = decide({
      draft,
      attachments: before.attachments.map((a) => a.file_unique_id),
      coauthors: before.coauthors.map((c) => c.id),
    });
    const { patch, operation } = transition;
    if (!patch && !operation) return { kind: "done", transition, before, session: before };
    if (operation?.kind === "discard") {
      await deleteDraftIn(trx, draft.id);
      return { kind: "done", transition, before, session: undefined };
    }
    await sideOperation(trx, draft.id, before, operation);
    const after = await writeDraft(trx, draft.id, patch ?? {}, operation, target.messageId, now);
    const submitted =
      operation?.kind === "submit" ? await submitDraftIn(trx, after, now, target.signed) : undefined;
    if (submitted?.kind === "submitted") await target.afterSubmitted?.(trx, submitted.reportId);
    // The lists are read again only when this step changed them, or the next step needs them and they were not read.
    const changedLists = operation !== undefined && LIST_OPERATIONS.has(operation.kind);
    const lists = changedLists || (NEEDS_LISTS.has(currentStep(after)) && !loaded);
    const session = lists ? await withLists(trx, after, true) : { ...before, draft: after };
    return { kind: "done", transition, before, session, ...(submitted ? { submitted } : {}) };
  });
}

type Cell = string | number;

/**
 * The step's write of its draft row, compiled once for each shape it takes: the columns its patch sets (and which
 * of them it empties), its operation, whether a message id comes with it. Built and compiled anew each time, it
 * cost a twentieth of a step.
 */
const draftWrites = new Map<string, PreparedQuery<Cell[], Draft>>();
const MAX_DRAFT_WRITES_KEPT = 256;

export async function writeDraft(
  trx: Transaction<Database>,
  draftId: number,
  patch: DraftPatch,
  operation: FlowOperation | undefined,
  messageId: number | undefined,
  now: Date,
): Promise<Draft> {
  const appendTo =
    operation?.kind === "append-pending"
      ? "pending_text"
      : operation?.kind === "append-suggestions"
        ? "suggestions"
        : undefined;
  const leaves = operation?.kind === "leave";
  // What the operation and the step's own columns set wins over the patch, as in an object spread after it.
  const overridden = new Set<string>(["updated_at", "reminded_at"]);
  if (appendTo) overridden.add(appendTo);
  if (leaves) overridden.add("in_flow");
  if (messageId !== undefined) overridden.add("last_message_id");
  const set = Object.entries(patch).filter(
    ([column, value]) => value !== undefined && !overridden.has(column),
  ) as [string, Cell | null][];
  const shape = JSON.stringify([
    set.map(([column, value]) => `${column}:${value === null ? "null" : typeof value}`),
    appendTo ?? "",
    leaves,
    messageId !== undefined,
  ]);
  let write = draftWrites.get(shape);
  if (!write) {
    write = prepareQuery((db, id: Cell, at: Cell, ...rest: Cell[]) => {
      let next = 0;
      const values = set.map(([column, value]) => [column, value === null ? null : rest[next++]] as const);
      const text = appendTo ? rest[next++] : undefined;
      const message = messageId !== undefined ? rest[next++] : undefined;
      return db
        .updateTable("drafts")
        .set({
          ...Object.fromEntries(values),
          ...(appendTo ? { [appendTo]: appended(appendTo, String(text)) } : {}),
          ...(leaves ? { in_flow: 0 } : {}),
          updated_at: at as string,
          reminded_at: null,
          ...(message !== undefined
            ? { last_message_id: sql<number>`max(${sql.ref("last_message_id")}, ${message})` }
            : {}),
        })
        .where("id", "=", id as number)
        .returningAll();
    });
    if (draftWrites.size >= MAX_DRAFT_WRITES_KEPT) draftWrites.clear();
    draftWrites.set(shape, write);
  }
  const args: Cell[] = [draftId, nowIso(now)];
  for (const [, value] of set) if (value !== null) args.push(value);
  if (appendTo) args.push((operation as { text: string }).text);
  if (messageId !== undefined) args.push(messageId);
  const row = await write.first(trx, ...args);
  if (!row) throw new Error(`draft ${draftId} was not written`);
  return row;
}

/** The text of a message appended to a section, in the database (see appendToPendingText). */
function appended(column: "pending_text" | "suggestions", text: string) {
  return sql<string>`case when coalesce(${sql.ref(column)}, '') = '' then ${text} else ${sql.ref(column)} || char(10) || ${text} end`;
}

/**
 * Remembers the flow's live message (sent after the step's transaction, so written on its own). Not synced by
 * itself (UNSYNCED): lost with the power, the next question is sent afresh instead of edited in place.
 */
export async function setLiveMessage(
  db: DB,
  draftId: number,
  messageId: number,
  sentAt: Date,
): Promise<void> {
  await liveMessageQuery.execute(db, messageId, nowIso(sentAt), draftId);
}

const liveMessageQuery = prepareQuery(
  (_db, messageId: number, sentAt: string, draftId: number) =>
    sql`${sql.raw(UNSYNCED)} update drafts set live_message_id = ${messageId}, live_message_at = ${sentAt}
      where id = ${draftId}`,
);

async function sideOperation(
  trx: Transaction<Database>,
  draftId: number,
  before: FlowSession,
  operation: FlowOperation | undefined,
): Promise<void> {
  switch (operation?.kind) {
    case "add-attachment":
      await trx
        .insertInto("draft_attachments")
        .values({ draft_id: draftId, ...operation.file, position: before.attachments.length })
        .execute();
      return;
    case "clear-attachments":
      await trx.deleteFrom("draft_attachments").where("draft_id", "=", draftId).execute();
      return;
    case "set-coauthor":
      if (operation.add)
        await trx
          .insertInto("draft_coauthors")
          .values({ draft_id: draftId, person_id: operation.personId })
          .onConflict((oc) => oc.doNothing())
          .execute();
      else
        await trx
          .deleteFrom("draft_coauthors")
          .where("draft_id", "=", draftId)
          .where("person_id", "=", operation.personId)
          .execute();
      return;
  }
}

async function withLists(trx: DB, draft: Draft, load: boolean): Promise<FlowSession> {
  if (!load) return { draft, attachments: [], coauthors: [] };
  const [attachments, coauthors] = await Promise.all([
    attachmentsQuery.rows(trx, draft.id),
    coauthorsQuery.rows(trx, draft.id),
  ]);
  return { draft, attachments, coauthors };
}

/** Read by the flow's steps that show or change the lists: prepared (./prepared.ts). */
const attachmentsQuery = prepareQuery((db, draftId: number) =>
  db
    .selectFrom("draft_attachments")
    .select(["id", "kind", "file_id", "file_unique_id", "file_name", "position"])
    .where("draft_id", "=", draftId)
    .orderBy("position"),
);

const coauthorsQuery = prepareQuery((db, draftId: number) =>
  db
    .selectFrom("draft_coauthors")
    .innerJoin("people", "people.id", "draft_coauthors.person_id")
    .select(["people.id", "people.name"])
    .where("draft_coauthors.draft_id", "=", draftId)
    .orderBy("people.name"),
);
