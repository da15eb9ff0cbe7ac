// Staff work on reports: the review queue and search. (The typed replies staff owe: src/db/staff-replies.ts.)
import { sql } from "kysely";
import type { DB } from "./database";
import { forwardedLevelColumn } from "./reports";

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
