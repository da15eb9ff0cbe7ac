// Committee settings stored one JSON value per key; validated as a whole before anything is written.
import {
  applySettingChange,
  type SettingChange,
  type Settings,
  settingsFromStored,
} from "../domain/settings";
import { type DB, nowIso } from "./database";

export async function loadSettings(db: DB): Promise<Settings> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // An unreadable value falls back to its default rather than stopping the bot.
    }
  }
  return settingsFromStored(stored);
}

export async function changeSetting(db: DB, key: string, rawValue: string): Promise<SettingChange> {
  return changeSettingWith(db, key, () => rawValue);
}

/**
 * Changes a setting to a value built from the settings as they are inside the transaction: a question that
 * changes one part of a setting (one role's quota, one schedule) leaves the other parts as they are now.
 */
export async function changeSettingWith(
  db: DB,
  key: string,
  build: (current: Settings) => string,
): Promise<SettingChange> {
  return db.transaction().execute(async (trx) => {
    const current = await loadSettings(trx);
    const change = applySettingChange(current, key, build(current));
    if (!change.ok) return change;
    const value = JSON.stringify(change.settings[key as keyof Settings]);
    await trx
      .insertInto("settings")
      .values({ key, value, updated_at: nowIso() })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: nowIso() }))
      .execute();
    return change;
  });
}
