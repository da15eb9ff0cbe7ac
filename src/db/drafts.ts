// Drafts of reports, saved at every answered step, and their submission (exactly once) as a report.
import { sql, type Transaction, type Updateable } from "kysely";
import { comparedText, type SignedText } from "../domain/similarity";
import { type DB, nowIso } from "./database";
import { prepareQuery } from "./prepared";
import { nameContains } from "./people";
import type { Database, Draft, DraftsTable } from "./schema";
import { signReportIn } from "./similarity";

export async function createDraft(db: DB, personId: number, now: Date): Promise<Draft> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable("drafts")
      .set({ in_flow: 0, confirming: null })
      .where("person_id", "=", personId)
      .where("in_flow", "=", sql.lit(1))
      .execute();
    return trx
      .insertInto("drafts")
      .values({
        person_id: personId,
        report_id: null,
        in_flow: 1,
        created_at: nowIso(now),
        updated_at: nowIso(now),
        ...emptyText(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

function emptyText() {
  return { title: null, category: null, situation: null, analysis: null, suggestions: null, urgent: null };
}

export async function findDraft(db: DB, draftId: number): Promise<Draft | undefined> {
  return db.selectFrom("drafts").selectAll().where("id", "=", draftId).executeTakeFirst();
}

export type DraftChange = Omit<
  Updateable<DraftsTable>,
  "id" | "person_id" | "created_at" | "updated_at" | "last_message_id"
>;

/**
 * Saves answered fields. With a message id, the change applies only if that message was not applied to the
 * draft before, so a redelivered or replayed message never doubles a section, while a message that arrives
 * late (after a later one) still applies. Undefined when the draft is gone (deleted meanwhile).
 */
export async function updateDraft(
  db: DB,
  draftId: number,
  change: DraftChange,
  now: Date,
  messageId?: number,
): Promise<Draft | undefined> {
  return db.transaction().execute(async (trx) => {
    if (messageId === undefined || (await markMessageApplied(trx, draftId, messageId))) {
      await trx
        .updateTable("drafts")
        .set({
          ...change,
          updated_at: nowIso(now),
          reminded_at: null,
          ...(messageId !== undefined ? { last_message_id: maxLastMessageId(messageId) } : {}),
        })
        .where("id", "=", draftId)
        .execute();
    }
    return trx.selectFrom("drafts").selectAll().where("id", "=", draftId).executeTakeFirst();
  });
}

/**
 * Appends a message's text to the section being written, as a new line, in the database itself: the text
 * already stored is never overwritten by an older copy the conversation may hold. Once per message.
 */
export async function appendToPendingText(
  db: DB,
  draftId: number,
  text: string,
  now: Date,
  messageId: number,
): Promise<Draft | undefined> {
  return db.transaction().execute(async (trx) => {
    if (await markMessageApplied(trx, draftId, messageId)) {
      await trx
        .updateTable("drafts")
        .set({
          pending_text: sql<string>`case when coalesce(${sql.ref("pending_text")}, '') = '' then ${text} else ${sql.ref("pending_text")} || char(10) || ${text} end`,
          updated_at: nowIso(now),
          reminded_at: null,
          last_message_id: maxLastMessageId(messageId),
        })
        .where("id", "=", draftId)
        .execute();
    }
    return trx.selectFrom("drafts").selectAll().where("id", "=", draftId).executeTakeFirst();
  });
}

/** Records that a message was applied to a draft; false if it had been already. */
export async function markMessageApplied(trx: Transaction<Database>, draftId: number, messageId: number) {
  const inserted = await messageAppliedQuery.execute(trx, draftId, messageId);
  return Number(inserted.numAffectedRows ?? 0n) === 1;
}

const messageAppliedQuery = prepareQuery((db, draftId: number, messageId: number) =>
  db
    .insertInto("draft_messages")
    .values({ draft_id: draftId, message_id: messageId })
    .onConflict((oc) => oc.doNothing()),
);

/** The highest message id applied, for reading; the set above decides. */
function maxLastMessageId(id: number) {
  return sql<number>`max(${sql.ref("last_message_id")}, ${id})`;
}

export type AttachmentAdd = "added" | "duplicate" | "full";

export async function addDraftAttachment(
  db: DB,
  draftId: number,
  file: { kind: "photo" | "document"; file_id: string; file_unique_id: string; file_name: string | null },
  limit: number,
  now: Date,
): Promise<AttachmentAdd> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("draft_attachments")
      .select(["file_unique_id"])
      .where("draft_id", "=", draftId)
      .execute();
    if (existing.some((a) => a.file_unique_id === file.file_unique_id)) return "duplicate";
    if (existing.length >= limit) return "full";
    await trx
      .insertInto("draft_attachments")
      .values({ draft_id: draftId, ...file, position: existing.length })
      .execute();
    await touchDraft(trx, draftId, now);
    return "added";
  });
}

export async function clearDraftAttachments(db: DB, draftId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("draft_attachments").where("draft_id", "=", draftId).execute();
    await touchDraft(trx, draftId, now);
  });
}

/** Work on a draft: it is fresh again, and an untouched spell later earns a new reminder. */
async function touchDraft(db: DB, draftId: number, now: Date): Promise<void> {
  await db
    .updateTable("drafts")
    .set({ updated_at: nowIso(now), reminded_at: null })
    .where("id", "=", draftId)
    .execute();
}

/**
 * Makes a person a co-author or not. Idempotent, unlike a toggle: a press handled twice (a redelivery after a
 * crash) leaves the choice as the person made it.
 */
export async function setCoauthor(
  db: DB,
  draftId: number,
  personId: number,
  coauthor: boolean,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (coauthor) {
      await trx
        .insertInto("draft_coauthors")
        .values({ draft_id: draftId, person_id: personId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    } else {
      await trx
        .deleteFrom("draft_coauthors")
        .where("draft_id", "=", draftId)
        .where("person_id", "=", personId)
        .execute();
    }
    await touchDraft(trx, draftId, now);
  });
}

/** Bound, active people whose name contains the text: the ones who can co-author. */
export async function searchCoauthors(
  db: DB,
  text: string,
  excludePersonId: number,
  limit = 8,
): Promise<{ id: number; name: string; unit_name: string | null }[]> {
  return db
    .selectFrom("people")
    .leftJoin("units", "units.id", "people.unit_id")
    .select(["people.id", "people.name", "units.name as unit_name"])
    .where(nameContains("people.name", text))
    .where("people.active", "=", 1)
    .where("people.telegram_id", "is not", null)
    .where("people.id", "!=", excludePersonId)
    .orderBy("people.name")
    .limit(limit)
    .execute();
}

export async function listOpenDrafts(db: DB, personId: number): Promise<Draft[]> {
  return openDraftsQuery.rows(db, personId);
}

/** /drafts and the menu's drafts: prepared (./prepared.ts). */
const openDraftsQuery = prepareQuery((db, personId: number) =>
  db
    .selectFrom("drafts")
    .selectAll()
    .where("person_id", "=", personId)
    .where("submitted_report_id", "is", null)
    .orderBy("updated_at", "desc"),
);

export async function deleteDraft(db: DB, draftId: number): Promise<void> {
  await db.transaction().execute((trx) => deleteDraftIn(trx, draftId));
}

export async function deleteDraftIn(trx: Transaction<Database>, draftId: number): Promise<void> {
  await trx.deleteFrom("draft_attachments").where("draft_id", "=", draftId).execute();
  await trx.deleteFrom("draft_coauthors").where("draft_id", "=", draftId).execute();
  await trx.deleteFrom("draft_messages").where("draft_id", "=", draftId).execute();
  await trx.deleteFrom("drafts").where("id", "=", draftId).where("submitted_report_id", "is", null).execute();
}

/** The draft a person goes on writing: the only one in their flow, at its step (no question pending). */
export async function openDraftInFlow(db: DB, personId: number, draftId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("drafts").set({ in_flow: 0 }).where("person_id", "=", personId).execute();
    await trx.updateTable("drafts").set({ in_flow: 1, confirming: null }).where("id", "=", draftId).execute();
  });
}

export async function setInFlow(db: DB, draftId: number, inFlow: boolean): Promise<void> {
  await db
    .updateTable("drafts")
    .set({ in_flow: inFlow ? 1 : 0, confirming: null })
    .where("id", "=", draftId)
    .execute();
}

/** The draft a person was in the middle of, if the flow was interrupted (e.g. by a new bot version). */
/** Run for every step of the report flow: prepared (./prepared.ts). */
const draftInFlowQuery = prepareQuery((db, personId: number) =>
  db
    .selectFrom("drafts")
    .selectAll()
    .where("person_id", "=", personId)
    // Literals, not parameters: the statement then uses drafts_in_flow (migration 0067) as prepared. A bound
    // value the partial index depends on makes SQLite compile the statement again on every run.
    .where("in_flow", "=", sql.lit(1))
    .where("submitted_report_id", "is", null)
    .orderBy("updated_at", "desc")
    .limit(sql.lit(1)),
);

export async function findDraftInFlow(db: DB, personId: number): Promise<Draft | undefined> {
  return draftInFlowQuery.first(db, personId);
}

export type SubmitResult =
  | { kind: "submitted"; reportId: number; resubmitted: boolean }
  | { kind: "already-submitted"; reportId: number }
  | { kind: "not-found" }
  | { kind: "incomplete" }
  | { kind: "not-returned"; reportId: number };

/**
 * Turns a draft, as this transaction last read or wrote it, into a report (or a new revision of a returned
 * report), signed for the likeness check (with `signed`'s signatures if its text is the report's). The draft
 * remembers the report it became, so pressing Submit twice or a redelivered update submits once.
 */
export async function submitDraftIn(
  trx: Transaction<Database>,
  draft: Draft,
  now: Date,
  signed?: SignedText,
): Promise<SubmitResult> {
  const at = nowIso(now);
  {
    if (draft.submitted_report_id !== null)
      return { kind: "already-submitted", reportId: draft.submitted_report_id } as const;
    // Urgency is a toggle on the preview: not set means not urgent.
    if (!draft.title || !draft.category || !draft.situation || !draft.suggestions) {
      return { kind: "incomplete" } as const;
    }
    const text = {
      title: draft.title,
      category: draft.category,
      situation: draft.situation,
      analysis: draft.analysis ?? "",
      suggestions: draft.suggestions,
      urgent: draft.urgent ?? 0,
    };
    let reportId: number;
    let revision: number;
    const resubmitted = draft.report_id !== null;
    if (draft.report_id !== null) {
      const report = await trx
        .selectFrom("reports")
        .select(["id", "status", "revision"])
        .where("id", "=", draft.report_id)
        .executeTakeFirst();
      if (!report) return { kind: "not-found" } as const;
      if (report.status !== "returned") return { kind: "not-returned", reportId: report.id } as const;
      reportId = report.id;
      revision = report.revision + 1;
      await trx
        .updateTable("reports")
        .set((eb) => ({
          ...text,
          status: "submitted",
          revision,
          version: eb("version", "+", 1),
          submitted_at: at,
          staff_notified_at: null,
          updated_at: at,
        }))
        .where("id", "=", reportId)
        .execute();
      await trx.deleteFrom("report_attachments").where("report_id", "=", reportId).execute();
      await trx
        .deleteFrom("report_authors")
        .where("report_id", "=", reportId)
        .where("position", ">", 0)
        .execute();
    } else {
      const person = await trx
        .selectFrom("people")
        .select(["unit_id"])
        .where("id", "=", draft.person_id)
        .executeTakeFirstOrThrow();
      const created = await trx
        .insertInto("reports")
        .values({
          ...text,
          author_id: draft.person_id,
          unit_id: person.unit_id,
          status: "submitted",
          source_draft_id: draft.id,
          submitted_at: at,
          staff_notified_at: null,
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      reportId = created.id;
      revision = 1;
      await trx
        .insertInto("report_authors")
        .values({ report_id: reportId, person_id: draft.person_id, position: 0 })
        .execute();
    }
    await copyAuthorsAndAttachments(trx, draft.id, reportId);
    await signReportIn(trx, { id: reportId, ...comparedText(text) }, signed);
    await trx
      .insertInto("report_revisions")
      .values({ report_id: reportId, revision, ...text, created_at: at })
      .execute();
    await trx
      .insertInto("report_events")
      .values({
        report_id: reportId,
        kind: resubmitted ? "resubmitted" : "submitted",
        actor_id: draft.person_id,
        level: null,
        mode: null,
        note: null,
        department: null,
        created_at: at,
      })
      .execute();
    await trx
      .updateTable("drafts")
      .set({ submitted_report_id: reportId, in_flow: 0, updated_at: at })
      .where("id", "=", draft.id)
      .execute();
    return { kind: "submitted", reportId, resubmitted } as const;
  }
}

async function copyAuthorsAndAttachments(
  trx: Transaction<Database>,
  draftId: number,
  reportId: number,
): Promise<void> {
  const coauthors = await trx
    .selectFrom("draft_coauthors")
    .select("person_id")
    .where("draft_id", "=", draftId)
    .orderBy("person_id")
    .execute();
  let position = 1;
  for (const { person_id } of coauthors) {
    await trx
      .insertInto("report_authors")
      .values({ report_id: reportId, person_id, position: position++ })
      .onConflict((oc) => oc.columns(["report_id", "person_id"]).doNothing())
      .execute();
  }
  const attachments = await trx
    .selectFrom("draft_attachments")
    .selectAll()
    .where("draft_id", "=", draftId)
    .orderBy("position")
    .execute();
  for (const { id: _id, draft_id: _draft, ...attachment } of attachments) {
    await trx
      .insertInto("report_attachments")
      .values({ ...attachment, report_id: reportId })
      .execute();
  }
}

/** A new draft that revises a returned report, with its text, co-authors and attachments filled in. */
export async function createRevisionDraft(
  db: DB,
  reportId: number,
  personId: number,
  now: Date,
): Promise<Draft> {
  const at = nowIso(now);
  return db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom("drafts")
      .selectAll()
      .where("report_id", "=", reportId)
      .where("submitted_report_id", "is", null)
      .executeTakeFirst();
    await trx
      .updateTable("drafts")
      .set({ in_flow: 0, confirming: null })
      .where("person_id", "=", personId)
      .where("in_flow", "=", sql.lit(1))
      .execute();
    if (open) {
      return trx
        .updateTable("drafts")
        .set({ in_flow: 1 })
        .where("id", "=", open.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const report = await trx
      .selectFrom("reports")
      .selectAll()
      .where("id", "=", reportId)
      .executeTakeFirstOrThrow();
    const draft = await trx
      .insertInto("drafts")
      .values({
        person_id: personId,
        report_id: reportId,
        title: report.title,
        category: report.category,
        situation: report.situation,
        analysis: report.analysis,
        suggestions: report.suggestions,
        urgent: report.urgent,
        situation_done: 1,
        analysis_done: 1,
        suggestions_done: 1,
        attachments_done: 1,
        coauthors_done: 1,
        in_flow: 1,
        created_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const coauthors = await trx
      .selectFrom("report_authors")
      .select("person_id")
      .where("report_id", "=", reportId)
      .where("position", ">", 0)
      .execute();
    for (const { person_id } of coauthors)
      await trx.insertInto("draft_coauthors").values({ draft_id: draft.id, person_id }).execute();
    const attachments = await trx
      .selectFrom("report_attachments")
      .selectAll()
      .where("report_id", "=", reportId)
      .orderBy("position")
      .execute();
    for (const { id: _id, report_id: _report, ...attachment } of attachments) {
      await trx
        .insertInto("draft_attachments")
        .values({ ...attachment, draft_id: draft.id })
        .execute();
    }
    return draft;
  });
}
