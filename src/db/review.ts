// Staff work on reports: the review queue, search, and the typed replies staff owe (a reason, an
// instruction, a department) kept per chat in the database, so a restart loses nothing.
import { sql } from "kysely";
import { type DB, nowIso } from "./database";
import { forwardedLevelColumn } from "./reports";
import type { StaffPrompt } from "./schema";

export interface QueueEntry {
  id: number;
  urgent: number;
  submitted_at: string;
}

/** Urgent reports first (急事急报), then oldest first. */
function queueOrder(a: QueueEntry, b: QueueEntry): number {
  return b.urgent - a.urgent || a.submitted_at.localeCompare(b.submitted_at) || a.id - b.id;
}

/** Reports waiting for review, in the order staff work them. */
export async function reviewQueue(db: DB): Promise<QueueEntry[]> {
  const rows = await db
    .selectFrom("reports")
    .select(["id", "urgent", "submitted_at"])
    .where("status", "=", "submitted")
    .execute();
  return rows.sort(queueOrder);
}

/**
 * The card to show: the first of the queue, or the one after `afterId` (which may have left the queue
 * meanwhile). Undefined when nothing (more) waits.
 */
export async function queueCard(
  db: DB,
  afterId?: number,
): Promise<{ id: number; position: number; total: number } | undefined> {
  const queue = await reviewQueue(db);
  let index = 0;
  if (afterId !== undefined) {
    const after = await db
      .selectFrom("reports")
      .select(["id", "urgent", "submitted_at"])
      .where("id", "=", afterId)
      .executeTakeFirst();
    index = after ? queue.findIndex((entry) => queueOrder(entry, after) > 0) : 0;
  }
  const entry = index >= 0 ? queue[index] : undefined;
  return entry ? { id: entry.id, position: index + 1, total: queue.length } : undefined;
}

function contains(column: string, text: string) {
  const pattern = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

export interface FoundReport {
  id: number;
  title: string;
  status: string;
  /** The level it was last forwarded to, if any (已上报（市级）). */
  forwarded_level: string | null;
  submitted_at: string;
  author: string;
  unit: string | null;
}

/**
 * Reports where every word appears in the title, the text, an author's name or the unit's name;
 * newest first.
 */
export async function searchReports(
  db: DB,
  words: readonly string[],
  limit: number,
): Promise<{ reports: FoundReport[]; total: number }> {
  let query = db
    .selectFrom("reports")
    .innerJoin("people", "people.id", "reports.author_id")
    .leftJoin("units", "units.id", "reports.unit_id");
  for (const word of words) {
    query = query.where((eb) =>
      eb.or([
        contains("reports.title", word),
        contains("reports.situation", word),
        contains("reports.analysis", word),
        contains("reports.suggestions", word),
        contains("units.name", word),
        eb.exists(
          eb
            .selectFrom("report_authors")
            .innerJoin("people as coauthor", "coauthor.id", "report_authors.person_id")
            .select("report_authors.person_id")
            .whereRef("report_authors.report_id", "=", "reports.id")
            .where(contains("coauthor.name", word)),
        ),
      ]),
    );
  }
  const [reports, count] = await Promise.all([
    query
      .select([
        "reports.id",
        "reports.title",
        "reports.status",
        forwardedLevelColumn,
        "reports.submitted_at",
        "people.name as author",
        "units.name as unit",
      ])
      .orderBy("reports.submitted_at", "desc")
      .orderBy("reports.id", "desc")
      .limit(limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { reports, total: Number(count.n) };
}

/** What a staff member's next text message answers about a report. */
export const REPORT_PROMPT_ACTIONS = [
  "title",
  "return",
  "reject",
  "instruct",
  "read",
  "transfer",
  "reply",
] as const;
/** …or about the issue being compiled (report_id then names the issue, piece_id the piece). */
export const ISSUE_PROMPT_ACTIONS = ["issue-title", "issue-note"] as const;
export const PROMPT_ACTIONS = [...REPORT_PROMPT_ACTIONS, ...ISSUE_PROMPT_ACTIONS] as const;
export type PromptAction = (typeof PROMPT_ACTIONS)[number];

/** A prompt left unanswered this long is forgotten: the next message is not taken for it. */
export const PROMPT_TTL_MS = 60 * 60_000;

export async function openPrompt(
  db: DB,
  prompt: {
    telegramId: number;
    action: PromptAction;
    reportId: number;
    version: number;
    level?: string | null;
    pieceId?: number | null;
  },
  now: Date,
): Promise<void> {
  const values = {
    action: prompt.action,
    report_id: prompt.reportId,
    version: prompt.version,
    level: prompt.level ?? null,
    piece_id: prompt.pieceId ?? null,
    created_at: nowIso(now),
  };
  await db
    .insertInto("staff_prompts")
    .values({ telegram_id: prompt.telegramId, ...values })
    .onConflict((oc) => oc.column("telegram_id").doUpdateSet(values))
    .execute();
}

export type OpenPrompt = StaffPrompt & { action: PromptAction };

function isPromptAction(action: string): action is PromptAction {
  return (PROMPT_ACTIONS as readonly string[]).includes(action);
}

/**
 * Takes the staff member's open prompt (it is answered once), if any, not expired and one of `actions`: a feature
 * takes only the prompts it answers.
 */
export async function takePrompt(
  db: DB,
  telegramId: number,
  now: Date,
  actions: readonly PromptAction[] = PROMPT_ACTIONS,
): Promise<OpenPrompt | undefined> {
  const prompt = await db
    .deleteFrom("staff_prompts")
    .where("telegram_id", "=", telegramId)
    .where("action", "in", [...actions])
    .returningAll()
    .executeTakeFirst();
  if (!prompt || !isPromptAction(prompt.action)) return undefined;
  if (now.getTime() - new Date(prompt.created_at).getTime() > PROMPT_TTL_MS) return undefined;
  return { ...prompt, action: prompt.action };
}

/** Puts a taken prompt back (the reply would not do), waiting anew. */
export async function reopenPrompt(db: DB, prompt: OpenPrompt, now: Date): Promise<void> {
  await openPrompt(
    db,
    {
      telegramId: prompt.telegram_id,
      action: prompt.action,
      reportId: prompt.report_id,
      version: prompt.version,
      level: prompt.level,
      pieceId: prompt.piece_id,
    },
    now,
  );
}

export async function hasPrompt(db: DB, telegramId: number, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom("staff_prompts")
    .select("created_at")
    .where("telegram_id", "=", telegramId)
    .executeTakeFirst();
  return row !== undefined && now.getTime() - new Date(row.created_at).getTime() <= PROMPT_TTL_MS;
}

/** Drops the staff member's open prompt; whether there was one still waiting. */
export async function dropPrompt(db: DB, telegramId: number, now: Date): Promise<boolean> {
  const dropped = await db
    .deleteFrom("staff_prompts")
    .where("telegram_id", "=", telegramId)
    .returning("created_at")
    .executeTakeFirst();
  return dropped !== undefined && now.getTime() - new Date(dropped.created_at).getTime() <= PROMPT_TTL_MS;
}
