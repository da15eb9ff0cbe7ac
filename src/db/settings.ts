// Committee settings stored one JSON value per key; validated as a whole before anything is written.
import {
  applySettingChange,
  type SettingChange,
  type Settings,
  settingsFromStored,
} from "../domain/settings";
import { type DB, nowIso } from "./database";
import { prepareQuery } from "./prepared";

/**
 * The settings last read and the rows they came from: most updates read the same rows, and checking them
 * against the schema again cost about a tenth of a conversation step. Frozen, as every reader shares them.
 */
let lastRead: { rows: string; settings: Settings } | undefined;

const settingRowsQuery = prepareQuery((db) => db.selectFrom("settings").select(["key", "value"]));

export async function loadSettings(db: DB): Promise<Settings> {
  const rows = await settingRowsQuery.rows(db);
  const fingerprint = rows.map((row) => `${row.key}\u0000${row.value}`).join("\u0001");
  if (lastRead?.rows === fingerprint) return lastRead.settings;
  const settings = deepFreeze(settingsFromRows(rows));
  lastRead = { rows: fingerprint, settings };
  return settings;
}

function settingsFromRows(rows: readonly { key: string; value: string }[]): Settings {
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

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
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
