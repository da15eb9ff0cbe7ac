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
 * The settings last read from each database, with the version (settings_version) they were read at and the rows
 * they came from. An update that read the version with its first statement (src/db/updates.ts) takes them as
 * they are while the version has not moved; rows read again but unchanged are not checked against the schema
 * again (that cost about a tenth of a conversation step). Frozen, as every reader shares them.
 */
let lastRead = new WeakMap<DB, { version: number; rows: string; settings: Settings }>();

const settingRowsQuery = prepareQuery((db) =>
  db
    .selectFrom("settings_version")
    .leftJoin("settings", (join) => join.onTrue())
    .select(["settings_version.version", "settings.key", "settings.value"]),
);

/** The committee's settings; `knownVersion`: settings_version as the caller read it a moment ago, if it did. */
export async function loadSettings(db: DB, knownVersion?: number): Promise<Settings> {
  const last = lastRead.get(db);
  if (last !== undefined && last.version === knownVersion) return last.settings;
  const read = await settingRowsQuery.rows(db);
  const rows = read.flatMap((row) =>
    row.key === null || row.value === null ? [] : [{ key: row.key, value: row.value }],
  );
  const version = read[0]?.version ?? -1;
  const fingerprint = rows.map((row) => `${row.key}\u0000${row.value}`).join("\u0001");
  const settings = last?.rows === fingerprint ? last.settings : deepFreeze(settingsFromRows(rows));
  lastRead.set(db, { version, rows: fingerprint, settings });
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
  const result = await db.transaction().execute(async (trx) => {
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
  // An update that read the version before this change and asks for the settings after it gets them as changed.
  if (result.ok) lastRead = new WeakMap();
  return result;
}
