// Backups of the embedded database: `VACUUM INTO` writes a consistent copy (one read transaction, so a
// snapshot of everything committed when it began) while the bot goes on writing; WAL mode lets both happen at
// once. The copy is then opened on its own and checked.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { sql } from "kysely";
import Database from "libsql";
import type { DB } from "./database";

export interface BackupCheck {
  integrity: string;
  /** Rows per table in the copy. */
  rows: Record<string, number>;
  bytes: number;
}

/** The file behind a `file:` database URL, or undefined for any other kind (remote, :memory:). */
export function embeddedPath(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  const path = url.slice("file:".length).split("?")[0] ?? "";
  return path === "" || path === ":memory:" ? undefined : resolve(path);
}

/** Writes a consistent copy of the embedded database `db` to `target`, which must not exist yet. */
export async function backupTo(db: DB, target: string): Promise<void> {
  if (existsSync(target)) throw new Error(`${target} already exists; a backup never overwrites a file`);
  mkdirSync(dirname(target), { recursive: true });
  await sql`VACUUM INTO ${target}`.execute(db);
}

/** Opens a backup file on its own: SQLite's integrity check and the number of rows in each table. */
export async function checkBackup(path: string): Promise<BackupCheck> {
  const copy = new Database(path);
  try {
    const integrity = (copy.prepare("PRAGMA integrity_check").all() as { integrity_check: unknown }[])
      .map((r) => String(r.integrity_check))
      .join("; ");
    const tables = copy
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    const rows: Record<string, number> = {};
    for (const { name } of tables) {
      const count = copy.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as {
        n: number;
      };
      rows[name] = Number(count.n);
    }
    return { integrity, rows, bytes: statSync(path).size };
  } finally {
    copy.close();
  }
}

/** data/backups/minyi-2026-05-15T02-00-00Z.db: sortable, and safe in every file system. */
export function defaultBackupPath(now: Date, dir = "data/backups", prefix = "minyi-"): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll(":", "-");
  return resolve(dir, `${prefix}${stamp}.db`);
}

/**
 * Where the copy taken before an upgrade goes: backups/ beside the database file,
 * minyi-before-upgrade-<UTC time>.db (with -2, -3… if two starts fall in the same second).
 */
export function upgradeBackupPath(databasePath: string, now: Date): string {
  const first = defaultBackupPath(now, join(dirname(databasePath), "backups"), "minyi-before-upgrade-");
  let path = first;
  for (let n = 2; existsSync(path); n++) path = first.replace(/\.db$/, `-${n}.db`);
  return path;
}
