// Reports put straight into the database, for tests of queries (events, scores) that need no chat.
import type { DB } from "../../src/db/database";
import { nowIso } from "../../src/db/database";

export async function unitRow(db: DB, name: string): Promise<number> {
  const row = await db
    .insertInto("units")
    .values({ name, type: "other", created_at: nowIso() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function personRow(
  db: DB,
  name: string,
  unitId: number | null,
  role = "member",
): Promise<number> {
  const at = nowIso();
  const row = await db
    .insertInto("people")
    .values({
      name,
      role: role as "member",
      unit_id: unitId,
      phone: null,
      telegram_id: null,
      telegram_username: null,
      invite_code: null,
      unreachable_at: null,
      bound_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A submitted report by the authors (the first is the main author), filed under the unit. */
export async function reportRow(
  db: DB,
  authorIds: number[],
  unitId: number | null,
  options: { title?: string; status?: string; submittedAt?: string } = {},
): Promise<number> {
  const at = options.submittedAt ?? "2026-04-01T02:00:00.000Z";
  const row = await db
    .insertInto("reports")
    .values({
      author_id: authorIds[0]!,
      unit_id: unitId,
      title: options.title ?? "关于加强农村饮水安全管理的建议",
      category: "其他",
      situation: "情况",
      analysis: "",
      suggestions: "建议",
      urgent: 0,
      status: options.status ?? "submitted",
      source_draft_id: null,
      submitted_at: at,
      staff_notified_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [position, personId] of authorIds.entries())
    await db
      .insertInto("report_authors")
      .values({ report_id: row.id, person_id: personId, position })
      .execute();
  await db
    .insertInto("report_events")
    .values({
      report_id: row.id,
      kind: "submitted",
      actor_id: authorIds[0]!,
      level: null,
      mode: null,
      note: null,
      department: null,
      created_at: at,
    })
    .execute();
  return row.id;
}
