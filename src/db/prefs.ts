// Per-account preferences that exist before and beyond roster binding (the chosen language).
import { type DB, nowIso } from "./database";
import { prepareQuery } from "./prepared";

export async function findLanguage(db: DB, telegramId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom("user_prefs")
    .select("language")
    .where("telegram_id", "=", telegramId)
    .executeTakeFirst();
  return row?.language ?? undefined;
}

export async function saveLanguage(db: DB, telegramId: number, language: string, now: Date): Promise<void> {
  await saveLanguageQuery.execute(db, telegramId, language, nowIso(now));
}

/** The language switch: prepared (./prepared.ts). */
const saveLanguageQuery = prepareQuery((db, telegramId: number, language: string, at: string) =>
  db
    .insertInto("user_prefs")
    .values({ telegram_id: telegramId, language, updated_at: at })
    .onConflict((oc) =>
      oc.column("telegram_id").doUpdateSet((eb) => ({
        language: eb.ref("excluded.language"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    ),
);
