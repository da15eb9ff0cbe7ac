// Where each admin is in the guided set-up or in changing one setting: the question waiting for an answer.
import type { SetupProgressTable } from "./schema";
import type { Selectable } from "kysely";
import { type DB, nowIso } from "./database";

export type SetupProgress = Selectable<SetupProgressTable>;

/** Asks `question` next in `flow`, replacing the flow's previous question. */
export async function askQuestion(
  db: DB,
  personId: number,
  flow: string,
  question: string,
  pending: string | null,
  now: Date,
): Promise<void> {
  const row = { question, pending, asked_at: nowIso(now) };
  await db
    .insertInto("setup_progress")
    .values({ person_id: personId, flow, ...row })
    .onConflict((oc) => oc.columns(["person_id", "flow"]).doUpdateSet(row))
    .execute();
}

/** The question asked last: the one typed words answer. */
export async function latestQuestion(db: DB, personId: number): Promise<SetupProgress | undefined> {
  return db
    .selectFrom("setup_progress")
    .selectAll()
    .where("person_id", "=", personId)
    .orderBy("asked_at", "desc")
    .orderBy("flow", "asc")
    .executeTakeFirst();
}

export async function questionInFlow(
  db: DB,
  personId: number,
  flow: string,
): Promise<SetupProgress | undefined> {
  return db
    .selectFrom("setup_progress")
    .selectAll()
    .where("person_id", "=", personId)
    .where("flow", "=", flow)
    .executeTakeFirst();
}

export async function endFlow(db: DB, personId: number, flow: string): Promise<void> {
  await db.deleteFrom("setup_progress").where("person_id", "=", personId).where("flow", "=", flow).execute();
}

/** The flow in which `question` waits for this person, if it does. */
export async function waitingQuestion(
  db: DB,
  personId: number,
  question: string,
): Promise<SetupProgress | undefined> {
  return db
    .selectFrom("setup_progress")
    .selectAll()
    .where("person_id", "=", personId)
    .where("question", "=", question)
    .orderBy("asked_at", "desc")
    .executeTakeFirst();
}
