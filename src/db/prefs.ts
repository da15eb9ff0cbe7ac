// Per-account preferences that exist before and beyond roster binding (the chosen language).
import { type DB, nowIso } from "./database";

export async function findLanguage(db: DB, telegramId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom("user_prefs")
    .select("language")
    .where("telegram_id", "=", telegramId)
    .executeTakeFirst();
  return row?.language ?? undefined;
}

export async function saveLanguage(db: DB, telegramId: number, language: string, now: Date): Promise<void> {
  await db
    .insertInto("user_prefs")
    .values({ telegram_id: telegramId, language, updated_at: nowIso(now) })
    .onConflict((oc) => oc.column("telegram_id").doUpdateSet({ language, updated_at: nowIso(now) }))
    .execute();
}
